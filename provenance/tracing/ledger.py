"""The ledger's Arrow schema (read from `schemas/ledger.schema.json`) and its Parquet files."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from provenance.resources import load_json_schema

_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(),
    "int64": pa.int64(),
    "float64": pa.float64(),
    "bool": pa.bool_(),
    "timestamp": pa.timestamp("us", tz="UTC"),
    "list<string>": pa.list_(pa.string()),
}


def _arrow_type(column: dict[str, Any]) -> pa.DataType:
    if column["type"] == "list<struct>":
        fields = [pa.field(f["name"], _arrow_type(f)) for f in column["fields"]]
        return pa.list_(pa.struct(fields))
    return _TYPES[column["type"]]


@cache
def ledger_schema() -> pa.Schema:
    """The ledger's Arrow schema, in column order."""
    spec = load_json_schema("ledger.schema.json")
    return pa.schema(
        [
            pa.field(column["name"], _arrow_type(column), nullable=column.get("nullable", True))
            for column in spec["columns"]
        ],
        metadata={"provenance.ledger.version": str(spec["version"])},
    )


@cache
def ledger_enums() -> dict[str, list[str]]:
    """Allowed values of the ledger's enumerated columns."""
    spec = load_json_schema("ledger.schema.json")
    return {column["name"]: column["enum"] for column in spec["columns"] if "enum" in column}


def conformance_errors(table: pa.Table) -> list[str]:
    """Ways a table differs from the ledger schema (names, types, nulls, enum values)."""
    schema = ledger_schema()
    errors = []
    if table.schema.names != schema.names:
        errors.append(f"columns {table.schema.names} differ from the ledger's {schema.names}")
        return errors
    for field in schema:
        column = table.column(field.name)
        if not column.type.equals(field.type):
            errors.append(f"{field.name}: type {column.type}, expected {field.type}")
        if not field.nullable and column.null_count:
            errors.append(f"{field.name}: {column.null_count} null values in a required column")
    for name, allowed in ledger_enums().items():
        values = set(table.column(name).drop_null().unique().to_pylist())
        if values - set(allowed):
            errors.append(f"{name}: values {sorted(values - set(allowed))} not in {allowed}")
    return errors


@contextmanager
def atomic_parquet_writer(path: str | Path, schema: pa.Schema) -> Iterator[pq.ParquetWriter]:
    """A Parquet writer (zstd) on a temporary name, renamed into place only on success."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with pq.ParquetWriter(temporary, schema, compression="zstd") as writer:
            yield writer
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
