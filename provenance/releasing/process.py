"""The unit of work of a release: one input file traced, decided and written.

`process_shard(shard, context)` is a pure function of the input file and the context: it writes
the input's output shards, its ledger file (every record, with its decision and where it went)
and its attribution rows, each under a temporary name then renamed, and last a completion
record that carries the hashes of everything it depended on and produced. Engines only
schedule it; a re-run skips inputs whose completion record still matches.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa

from provenance.licenses import knowledge_base
from provenance.policy import evaluate
from provenance.policy.model import Policy
from provenance.read import InputShard, read_documents
from provenance.read.inputs import shard_key
from provenance.releasing.shards import SHARD_SCHEMA, Format, ShardWriter, WrittenShard
from provenance.resources import file_sha256
from provenance.tracing.ledger import atomic_parquet_writer, ledger_schema
from provenance.tracing.tracer import TraceContext, trace_batch

PROGRESS = ".progress"
RELEASE_COLUMNS = [
    pa.field("decision", pa.string(), nullable=False),
    pa.field("rule_ids", pa.list_(pa.string())),
    pa.field("flags", pa.list_(pa.string())),
    pa.field("reason", pa.string()),
    pa.field("license_relied_on", pa.string()),
    pa.field("policy_sha256", pa.string(), nullable=False),
    pa.field("shard", pa.string()),
    pa.field("shard_row", pa.int64()),
]
ATTRIBUTION_SCHEMA = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("source_id", pa.string()),
        pa.field("source", pa.string()),
        pa.field("license", pa.string()),
        pa.field("authors", pa.string()),
        pa.field("url", pa.string()),
        pa.field("shard", pa.string()),
        pa.field("shard_row", pa.int64()),
    ]
)


def release_ledger_schema() -> pa.Schema:
    """The ledger's schema plus the decision and placement columns of a release."""
    base = ledger_schema()
    return pa.schema(list(base) + RELEASE_COLUMNS, metadata=base.metadata)


@dataclass(frozen=True)
class ReleaseContext:
    """Everything `process_shard` needs besides the input file; picklable for any engine."""

    trace: TraceContext
    policy: Policy
    out: str
    format: Format
    shard_bytes: int
    fingerprint: dict[str, Any] = field(default_factory=dict)
    batch_rows: int = 4096


@dataclass(frozen=True)
class OutputFile:
    path: str  # relative to the release folder
    sha256: str
    bytes: int
    rows: int


@dataclass(frozen=True)
class ShardResult:
    input_file: str
    input_sha256: str
    records: int
    included: int
    excluded: int
    quarantined: int
    shards: tuple[OutputFile, ...]
    ledger: OutputFile
    attribution: OutputFile


def input_key(shard: InputShard) -> str:
    return shard_key(shard)


def _output(root: Path, relative: str, rows: int) -> OutputFile:
    path = root / relative
    return OutputFile(relative, file_sha256(path), path.stat().st_size, rows)


def _shard_rows(documents: pa.Table, ledger: pl.DataFrame, included: pl.Series) -> pa.Table:
    frame = pl.from_arrow(documents)
    assert isinstance(frame, pl.DataFrame)
    rows = pl.concat(
        [
            frame.select(
                "id",
                "text",
                "source",
                pl.col("added_raw").alias("added"),
                pl.col("created_raw").alias("created"),
                "metadata",
                "extra",
            ),
            ledger.select("doc_id", "license", "license_evidence", "content_sha256"),
        ],
        how="horizontal",
    ).filter(included)
    return rows.to_arrow().cast(SHARD_SCHEMA)


def _authors(documents: pa.Table, included: pl.Series) -> pl.Series:
    metadata = pl.from_arrow(documents.select(["metadata"]))
    assert isinstance(metadata, pl.DataFrame)
    return metadata.select(pl.col("metadata").str.json_path_match("$.authors"))["metadata"].filter(
        included
    )


def process_shard(shard: InputShard, context: ReleaseContext) -> ShardResult:
    """Trace, decide and write one input file; returns what it wrote, with hashes."""
    root = Path(context.out)
    key = input_key(shard)
    writer = ShardWriter(root / "shards", key, context.format, context.shard_bytes)
    schema = release_ledger_schema()
    counts = {"include": 0, "exclude": 0, "quarantine": 0}
    records = 0
    requires_attribution = _attribution_licences()
    ledger_relative = f"ledger/{key}.parquet"
    attribution_relative = f"attribution/{key}.parquet"
    try:
        with (
            atomic_parquet_writer(root / ledger_relative, schema) as ledger_writer,
            atomic_parquet_writer(root / attribution_relative, ATTRIBUTION_SCHEMA) as credits,
        ):
            for documents in read_documents(shard, context.batch_rows):
                ledger = pl.from_arrow(trace_batch(documents, context.trace))
                assert isinstance(ledger, pl.DataFrame)
                decided = evaluate(ledger, context.policy)
                included = decided["decision"] == "include"
                placed = writer.write(_shard_rows(documents, decided, included))
                # Included rows take their placement in order; the others have none.
                positions = (included.cast(pl.Int64).cum_sum() - 1).clip(0)
                decided = decided.with_columns(
                    pl.when(included).then(placed["shard"].gather(positions)).alias("shard")
                    if placed.height
                    else pl.lit(None, dtype=pl.String).alias("shard"),
                    pl.when(included).then(placed["shard_row"].gather(positions)).alias("shard_row")
                    if placed.height
                    else pl.lit(None, dtype=pl.Int64).alias("shard_row"),
                )
                ledger_writer.write_table(decided.select(schema.names).to_arrow().cast(schema))
                credited = decided.filter(included).with_columns(
                    _authors(documents, included).alias("authors"),
                    pl.coalesce("license_relied_on", "license").alias("license"),
                )
                credited = credited.filter(_needs_attribution(credited, requires_attribution))
                credits.write_table(
                    credited.select(ATTRIBUTION_SCHEMA.names).to_arrow().cast(ATTRIBUTION_SCHEMA)
                )
                for decision, n in decided.group_by("decision").len().iter_rows():
                    counts[decision] += n
                records += decided.height
            written = writer.close()
    except BaseException:
        writer.abort()
        raise
    result = ShardResult(
        input_file=shard.name,
        input_sha256=file_sha256(shard.path),
        records=records,
        included=counts["include"],
        excluded=counts["exclude"],
        quarantined=counts["quarantine"],
        shards=tuple(_shard_output(root, item) for item in written),
        ledger=_output(root, ledger_relative, records),
        attribution=_output(root, attribution_relative, _rows(root / attribution_relative)),
    )
    _write_completion(root, key, result, context)
    return result


def _rows(path: Path) -> int:
    import pyarrow.parquet as pq

    return pq.ParquetFile(path).metadata.num_rows


def _shard_output(root: Path, written: WrittenShard) -> OutputFile:
    return OutputFile(f"shards/{written.name}", written.sha256, written.bytes, written.rows)


def _attribution_licences() -> frozenset[str]:
    return frozenset(
        license_id for license_id, facts in knowledge_base().facts.items() if facts.attribution
    )


def _needs_attribution(frame: pl.DataFrame, requiring: frozenset[str]) -> pl.Series:
    """Does any licence in the expression relied on ask for attribution? Once per expression."""
    kb = knowledge_base()
    values = frame["license"].drop_nulls().unique().to_list()
    mapping = {value: bool(set(kb.license_keys(value)) & requiring) for value in values}
    return frame["license"].replace_strict(mapping, default=False, return_dtype=pl.Boolean)


# -- completion records ---------------------------------------------------------------------------


def _record_path(root: Path, key: str) -> Path:
    return root / PROGRESS / f"{key}.json"


def _write_completion(root: Path, key: str, result: ShardResult, context: ReleaseContext) -> None:
    record = {"fingerprint": context.fingerprint, "result": asdict(result)}
    path = _record_path(root, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    temporary.write_text(json.dumps(record, sort_keys=True, indent=1), encoding="utf-8")
    os.replace(temporary, path)


def completed(shard: InputShard, context: ReleaseContext) -> ShardResult | None:
    """The result of an earlier run of this input, if it is complete and still valid: same
    input bytes, same policy, knowledge base, registry and settings, outputs unchanged."""
    root = Path(context.out)
    path = _record_path(root, input_key(shard))
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None
    if record.get("fingerprint") != context.fingerprint:
        return None
    data = record["result"]
    result = ShardResult(
        **{
            **data,
            "shards": tuple(OutputFile(**item) for item in data["shards"]),
            "ledger": OutputFile(**data["ledger"]),
            "attribution": OutputFile(**data["attribution"]),
        }
    )
    if result.input_sha256 != file_sha256(shard.path):
        return None
    for output in (*result.shards, result.ledger, result.attribution):
        target = root / output.path
        if not target.is_file() or file_sha256(target) != output.sha256:
            return None
    return result


def fingerprint_sha256(fingerprint: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(fingerprint, sort_keys=True).encode()).hexdigest()
