"""Reading Parquet files and Hugging Face Arrow files into document batches, column-wise.

The same Dolma columns as JSON lines, with the variation seen in published datasets: `id` as a
string or an integer, `metadata` as a struct or as JSON text, licence values as strings or lists,
dates as strings or timestamps, and any number of extra columns (kept in `extra`).
"""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from provenance.errors import UserError
from provenance.read.documents import (
    DOCUMENT_SCHEMA,
    KNOWN_FIELDS,
    LICENSE_KEYS,
    OK,
    QUARANTINED,
    URL_KEYS,
)
from provenance.read.inputs import InputShard


def _batches(shard: InputShard, batch_rows: int) -> Iterator[pa.RecordBatch]:
    try:
        if shard.format == "parquet":
            parquet = pq.ParquetFile(shard.path)
            yield from parquet.iter_batches(batch_size=batch_rows, row_groups=shard.row_groups)
            return
        with pa.memory_map(shard.path) as source:
            try:
                reader = pa.ipc.open_stream(source)
            except pa.ArrowInvalid:
                reader = pa.ipc.open_file(source)
                for index in range(reader.num_record_batches):
                    yield reader.get_batch(index)
                return
            yield from reader
    except (pa.ArrowInvalid, OSError) as error:
        raise UserError(f"{shard.name}: not a readable {shard.format} file ({error})") from None


def _as_text(frame: pl.DataFrame, name: str) -> pl.Expr:
    """A column as text: strings as they are, anything else as JSON (lists, structs) or str."""
    if name not in frame.columns:
        return pl.lit(None, dtype=pl.String)
    dtype = frame.schema[name]
    column = pl.col(name)
    if dtype == pl.String:
        return column
    if dtype in (pl.Null,):
        return column.cast(pl.String)
    if isinstance(dtype, pl.Struct):
        return column.struct.json_encode()
    if isinstance(dtype, (pl.List, pl.Array)):
        return _list_as_json(column)
    return column.cast(pl.String)


def _list_as_json(column: pl.Expr) -> pl.Expr:
    """JSON text of a list column (polars encodes structs, so wrap it in one and unwrap)."""
    wrapped = pl.struct(column.alias("v")).struct.json_encode()
    return wrapped.str.slice(5).str.head(-1).replace("null", None)


def _metadata_field(frame: pl.DataFrame, keys: tuple[str, ...]) -> pl.Expr:
    """The first non-null of metadata.<key> for keys, as text (JSON for lists and objects)."""
    if "metadata" not in frame.columns:
        return pl.lit(None, dtype=pl.String)
    dtype = frame.schema["metadata"]
    found: list[pl.Expr] = []
    if isinstance(dtype, pl.Struct):
        names = {field.name: field.dtype for field in dtype.fields}
        for key in keys:
            if key in names:
                child = pl.col("metadata").struct.field(key)
                if names[key] == pl.String:
                    found.append(child)
                elif isinstance(names[key], pl.Struct):
                    found.append(child.struct.json_encode())
                elif isinstance(names[key], (pl.List, pl.Array)):
                    found.append(_list_as_json(child))
                else:
                    found.append(child.cast(pl.String))
    elif dtype == pl.String:
        found = [pl.col("metadata").str.json_path_match(f"$.{key}") for key in keys]
    return pl.coalesce(found) if found else pl.lit(None, dtype=pl.String)


def normalise_columns(batch: pa.RecordBatch, shard: InputShard, first_row: int) -> pa.Table:
    """One batch of a columnar dataset as a document batch (see `documents.DOCUMENT_SCHEMA`)."""
    frame = pl.from_arrow(pa.Table.from_batches([batch]))
    assert isinstance(frame, pl.DataFrame)
    n_rows = frame.height
    id_type = frame.schema.get("id")
    text_type = frame.schema.get("text")
    if id_type is None or id_type == pl.Null:
        id_ok = False
        id_problem = pl.lit("missing-id: the record has no id")
    elif id_type == pl.String or id_type.is_integer():
        id_ok = True
        id_problem = pl.when(pl.col("id").is_null()).then(
            pl.lit("missing-id: the record has no id")
        )
    else:
        id_ok = False
        id_problem = pl.lit(
            f"id-wrong-type: the id column holds {id_type}, expected text or integers"
        )
    if text_type is None or text_type == pl.Null:
        text_problem = pl.lit("missing-text: the record has no text")
    elif text_type != pl.String:
        text_problem = pl.lit(f"text-not-string: the text column holds {text_type}")
    else:
        text_problem = (
            pl.when(pl.col("text").is_null())
            .then(pl.lit("missing-text: the record has no text"))
            .when(pl.col("text").str.len_bytes() == 0)
            .then(pl.lit("empty-text: the text is empty"))
        )
    reason = pl.coalesce(text_problem, id_problem).cast(pl.String)
    extra_columns = [name for name in frame.columns if name not in KNOWN_FIELDS]
    top_license = [name for name in frame.columns if name in ("license", "licence")]
    license_expr = _metadata_field(frame, LICENSE_KEYS)
    if top_license:
        license_expr = pl.coalesce(license_expr, _as_text(frame, top_license[0]))
    url_expr = _metadata_field(frame, URL_KEYS)
    if "url" in frame.columns:
        url_expr = pl.coalesce(url_expr, _as_text(frame, "url"))
    result = frame.select(
        pl.lit(shard.name).alias("input_file"),
        (pl.int_range(n_rows, dtype=pl.Int64) + first_row).alias("input_row"),
        pl.lit(None, dtype=pl.Int64).alias("input_line"),
        (pl.col("id").cast(pl.String) if id_ok else pl.lit(None, dtype=pl.String)).alias("id"),
        _as_text(frame, "source").alias("source"),
        (pl.col("text") if text_type == pl.String else pl.lit(None, dtype=pl.String)).alias("text"),
        _as_text(frame, "added").alias("added_raw"),
        _as_text(frame, "created").alias("created_raw"),
        license_expr.alias("license_raw"),
        url_expr.alias("url"),
        _as_text(frame, "metadata").alias("metadata"),
        (
            pl.struct(extra_columns).struct.json_encode()
            if extra_columns
            else pl.lit(None, dtype=pl.String)
        ).alias("extra"),
        reason.alias("quarantine_reason"),
    ).with_columns(
        pl.when(pl.col("quarantine_reason").is_null())
        .then(pl.lit(OK))
        .otherwise(pl.lit(QUARANTINED))
        .alias("status"),
        pl.when(pl.col("quarantine_reason").is_null()).then(pl.col("text")).alias("text"),
    )
    return result.select(DOCUMENT_SCHEMA.names).to_arrow().cast(DOCUMENT_SCHEMA)


def read_columnar(shard: InputShard, batch_rows: int = 4096) -> Iterator[pa.Table]:
    """Document batches from a Parquet file (or part) or a Hugging Face Arrow file."""
    first_row = shard.first_row
    for batch in _batches(shard, batch_rows):
        if batch.num_rows == 0:
            continue
        yield normalise_columns(batch, shard, first_row)
        first_row += batch.num_rows
