"""Reading corpora: input discovery and readers that turn every format into document batches."""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow as pa

from provenance.read.columnar import read_columnar
from provenance.read.documents import DOCUMENT_SCHEMA, OK, QUARANTINED
from provenance.read.inputs import InputShard, discover_inputs
from provenance.read.jsonl import read_jsonl

__all__ = [
    "DOCUMENT_SCHEMA",
    "OK",
    "QUARANTINED",
    "InputShard",
    "discover_inputs",
    "read_documents",
]


def read_documents(shard: InputShard, batch_rows: int = 4096) -> Iterator[pa.Table]:
    """Document batches (tables of `DOCUMENT_SCHEMA`) of one input shard, in input order."""
    if shard.format == "jsonl":
        return read_jsonl(shard, batch_rows)
    return read_columnar(shard, batch_rows)
