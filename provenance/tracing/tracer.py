"""Tracing: document batches in, ledger rows out.

`trace_batch` adds the provenance columns to one batch, column-wise: identity and content hash,
URL domain, dates, source (from the registry), licence (declared value, then source default),
residency facts and opt-out signals. Work that depends on a value rather than a row (a licence
string, a host, a date string, a source) is done once per distinct value and joined back.
`trace_shard` is the unit of work: one input file to one ledger file, a pure function of its
inputs, so that any engine can schedule it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

from provenance.licenses import detect_column, expression_category, normalize_values
from provenance.licenses.conclude import conclude
from provenance.read import QUARANTINED, InputShard, read_documents
from provenance.read.inputs import shard_key
from provenance.tracing.dates import parse_date_column
from provenance.tracing.domains import host_expr, registrable_domain_column
from provenance.tracing.ledger import atomic_parquet_writer, ledger_schema
from provenance.tracing.optout import OptoutTable, empty_optout
from provenance.tracing.registry import UNKNOWN_CATEGORY, SourceRegistry


@dataclass(frozen=True)
class TraceContext:
    """Everything a shard needs besides its own bytes; small and picklable for any engine."""

    registry: SourceRegistry = field(default_factory=SourceRegistry)
    optout: OptoutTable = field(default_factory=empty_optout)


@dataclass(frozen=True)
class TraceResult:
    input_file: str
    ledger_file: str
    rows: int
    quarantined: int


def _sha256_hex(texts: pa.ChunkedArray) -> pl.Series:
    """Hex sha256 of each UTF-8 text (null stays null); hashlib per row, as Arrow has no sha256."""
    binary = texts.cast(pa.large_binary())
    digests = [
        None if value is None else hashlib.sha256(value).hexdigest()
        for chunk in binary.chunks
        for value in chunk.to_pylist()
    ]
    return pl.Series("content_sha256", digests, dtype=pl.String)


def _licence_columns(raw: pl.Series, prefix: str) -> pl.DataFrame:
    """Normalised licence columns for a column of raw values, normalising each value once."""
    table = normalize_values(raw.to_list()).rename(
        {
            "raw": "raw",
            "license": f"{prefix}_license",
            "category": f"{prefix}_category",
            "confidence": f"{prefix}_confidence",
            "notes": f"{prefix}_notes",
        }
    )
    return raw.alias("raw").to_frame().join(table, on="raw", how="left", maintain_order="left")


def trace_batch(documents: pa.Table, context: TraceContext) -> pa.Table:
    """Ledger rows for one batch of documents (see `schemas/ledger.schema.json`)."""
    frame = pl.from_arrow(documents)
    assert isinstance(frame, pl.DataFrame)
    frame = frame.with_columns(
        _sha256_hex(documents.column("text")),
        pl.col("text").str.len_bytes().cast(pl.Int64).alias("n_bytes"),
        pl.col("text").str.len_chars().cast(pl.Int64).alias("n_chars"),
        host_expr(pl.col("url")).alias("host"),
    )
    frame = frame.with_columns(
        registrable_domain_column(frame["host"]).alias("domain"),
        parse_date_column(pl.col("created_raw"), frame).alias("created"),
        parse_date_column(pl.col("added_raw"), frame).alias("acquired_at"),
        context.registry.source_ids(frame).alias("source_id"),
    )
    frame = frame.join(
        context.registry.facts_frame(), on="source_id", how="left", maintain_order="left"
    ).join(context.optout.by_domain, on="domain", how="left", maintain_order="left")

    frame = frame.with_columns(
        context.registry.default_license_expr(pl.col("source_id"), pl.col("created")).alias(
            "source_license_raw"
        )
    )
    declared = _licence_columns(frame["license_raw"], "declared")
    default = _licence_columns(frame["source_license_raw"], "default")
    detected = detect_column(frame["text"])
    frame = pl.concat(
        [frame, declared.drop("raw"), default.drop("raw"), detected], how="horizontal"
    ).with_columns(
        _categories(pl.col("text_license")).alias("text_category"),
        pl.col("default_license").alias("source_license"),
    )
    ok = pl.col("status") != QUARANTINED
    frame = conclude(frame, ok).with_columns(_identity())
    frame = frame.with_columns(
        pl.col("source_category").fill_null(UNKNOWN_CATEGORY),
        pl.col("personal_data").fill_null("unknown"),
        pl.when(pl.col("source_id").is_not_null())
        .then(pl.lit("source"))
        .otherwise(pl.lit("none"))
        .alias("residency_evidence"),
        pl.col("optout").fill_null("unknown"),
    )
    schema = ledger_schema()
    return frame.select(schema.names).to_arrow().cast(schema)


def _categories(licenses: pl.Expr) -> pl.Expr:
    """Licence category of an SPDX expression column, computed once per distinct expression."""
    return licenses.map_batches(
        lambda series: series.replace_strict(
            {value: expression_category(value) for value in series.drop_nulls().unique()},
            default=None,
            return_dtype=pl.String,
        ),
        return_dtype=pl.String,
    )


def _identity() -> pl.Expr:
    """doc_id: '<source>/<id>'; without a source '<input_file>#<id>'; without an id, the place."""
    place = (
        pl.when(pl.col("input_line").is_not_null())
        .then(pl.lit("#L") + pl.col("input_line").cast(pl.String))
        .otherwise(pl.lit("#R") + pl.col("input_row").cast(pl.String))
    )
    return (
        pl.when(pl.col("id").is_null())
        .then(pl.col("input_file") + place)
        .when(pl.col("source").is_null())
        .then(pl.col("input_file") + pl.lit("#") + pl.col("id"))
        .otherwise(pl.col("source") + pl.lit("/") + pl.col("id"))
        .alias("doc_id")
    )


def ledger_file_name(shard: InputShard) -> str:
    """Deterministic ledger file name for an input (part): its path with '/' as '__'."""
    return shard_key(shard) + ".parquet"


def trace_shard(
    shard: InputShard, context: TraceContext, ledger_dir: str | Path, batch_rows: int = 4096
) -> TraceResult:
    """Trace one input file into one ledger file; the unit of work engines schedule."""
    name = ledger_file_name(shard)
    rows = quarantined = 0
    with atomic_parquet_writer(Path(ledger_dir) / name, ledger_schema()) as writer:
        for documents in read_documents(shard, batch_rows):
            ledger = trace_batch(documents, context)
            writer.write_table(ledger)
            rows += ledger.num_rows
            quarantined += pc.sum(pc.equal(ledger.column("status"), QUARANTINED)).as_py() or 0
    return TraceResult(shard.name, name, rows, quarantined)
