"""Writing included documents as output shards of bounded size, atomically, in three formats.

Shard names depend only on the input file and the shard's position within it (never on timing
or worker count), and every byte written is a function of the documents: Parquet files carry
no timestamps, gzip headers carry `mtime=0` and no file name.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import orjson
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import zstandard

from provenance.releasing.layout import Format, shard_suffix

SHARD_SCHEMA = pa.schema(
    [
        pa.field("id", pa.string()),
        pa.field("text", pa.large_string()),
        pa.field("source", pa.string()),
        pa.field("added", pa.string()),
        pa.field("created", pa.string()),
        pa.field("metadata", pa.string()),
        pa.field("extra", pa.string()),
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("license", pa.string()),
        pa.field("license_evidence", pa.string()),
        pa.field("content_sha256", pa.string(), nullable=False),
    ]
)


@dataclass(frozen=True)
class WrittenShard:
    name: str
    rows: int
    bytes: int
    sha256: str


def temporary_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp-{os.getpid()}")


class _Output:
    """One shard file being written under a temporary name."""

    def __init__(self, path: Path, fmt: Format) -> None:
        self.path = path
        self.temporary = temporary_path(path)
        self.format = fmt
        self.rows = 0
        if fmt == "parquet":
            self.writer = pq.ParquetWriter(self.temporary, SHARD_SCHEMA, compression="zstd")
        else:
            self.handle = open(self.temporary, "wb")  # noqa: SIM115 (closed in close())
            if fmt == "jsonl.gz":
                self.stream = gzip.GzipFile(filename="", mode="wb", fileobj=self.handle, mtime=0)
            else:
                self.stream = zstandard.ZstdCompressor(level=10).stream_writer(
                    self.handle, closefd=False
                )

    def write(self, table: pa.Table) -> None:
        self.rows += table.num_rows
        if self.format == "parquet":
            self.writer.write_table(table)
            return
        self.stream.write(b"".join(_json_line(row) for row in table.to_pylist()))

    def close(self) -> WrittenShard:
        if self.format == "parquet":
            self.writer.close()
        else:
            self.stream.close()
            self.handle.close()
        os.replace(self.temporary, self.path)
        data = self.path.read_bytes()
        return WrittenShard(self.path.name, self.rows, len(data), hashlib.sha256(data).hexdigest())

    def abort(self) -> None:
        try:
            if self.format == "parquet":
                self.writer.close()
            else:
                self.stream.close()
                self.handle.close()
        finally:
            self.temporary.unlink(missing_ok=True)


def _json_line(row: dict) -> bytes:
    """A shard row as a Dolma JSON line: metadata as an object, extra fields at the top level."""
    record = {
        "id": row["id"],
        "text": row["text"],
        "source": row["source"],
        "added": row["added"],
        "created": row["created"],
        "metadata": orjson.loads(row["metadata"]) if row["metadata"] else {},
    }
    if row["extra"]:
        record.update(orjson.loads(row["extra"]))
    record.update(
        doc_id=row["doc_id"],
        license=row["license"],
        license_evidence=row["license_evidence"],
        content_sha256=row["content_sha256"],
    )
    return orjson.dumps(record) + b"\n"


class ShardWriter:
    """Included documents of one input file into shards `<key>-00000<suffix>`, ... of at most
    `shard_bytes` uncompressed (text and metadata), in input order."""

    def __init__(self, directory: Path, key: str, fmt: Format, shard_bytes: int) -> None:
        self.directory = directory
        self.key = key
        self.format = fmt
        self.shard_bytes = shard_bytes
        self.current: _Output | None = None
        self.current_bytes = 0
        self.written: list[WrittenShard] = []

    def _name(self, index: int) -> str:
        return f"{self.key}-{index:05d}{shard_suffix(self.format)}"

    def _open(self) -> _Output:
        name = self._name(len(self.written))
        self.current = _Output(self.directory / name, self.format)
        self.current_bytes = 0
        return self.current

    def write(self, table: pa.Table) -> pl.DataFrame:
        """Write rows; return each row's `shard` (file name) and `shard_row` (row within it).

        Shard boundaries come from the cumulative sizes, found with a binary search per shard,
        not a loop over rows; a document larger than a shard gets a shard of its own.
        """
        frame = pl.from_arrow(table)
        assert isinstance(frame, pl.DataFrame)
        sizes = frame.select(
            pl.col("text").str.len_bytes().fill_null(0)
            + pl.col("metadata").str.len_bytes().fill_null(0)
        ).to_series()
        cumulative = sizes.cast(pl.Int64).cum_sum()
        segments: list[pl.DataFrame] = []
        start = used = 0  # first row not yet written; bytes of the rows before it
        while start < table.num_rows:
            output = self.current or self._open()
            end = int(
                cumulative.search_sorted(used + self.shard_bytes - self.current_bytes, "right")
            )
            if end == start and output.rows == 0:
                end = start + 1  # larger than a whole shard: alone in one
            if end == start:  # the current shard is full
                self.written.append(output.close())
                self.current = None
                continue
            taken = int(cumulative[end - 1]) - used
            first_row = output.rows
            output.write(table.slice(start, end - start))
            segments.append(
                pl.DataFrame(
                    {
                        "shard": pl.repeat(output.path.name, end - start, eager=True),
                        "shard_row": pl.int_range(first_row, first_row + end - start, eager=True),
                    },
                    schema={"shard": pl.String, "shard_row": pl.Int64},
                )
            )
            self.current_bytes += taken
            used += taken
            start = end
        if not segments:
            return pl.DataFrame(schema={"shard": pl.String, "shard_row": pl.Int64})
        return pl.concat(segments)

    def close(self) -> list[WrittenShard]:
        if self.current is not None:
            self.written.append(self.current.close())
            self.current = None
        return self.written

    def abort(self) -> None:
        if self.current is not None:
            self.current.abort()
            self.current = None
