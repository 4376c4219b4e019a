"""`provenance trace`: a corpus in, a ledger folder out, and a summary of what was found."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from provenance import __version__, engines
from provenance.errors import UserError
from provenance.licenses import knowledge_base
from provenance.read import InputShard, discover_inputs
from provenance.read.inputs import split_large
from provenance.tracing.optout import load_optout
from provenance.tracing.registry import load_registry
from provenance.tracing.tracer import TraceContext, TraceResult, ledger_file_name, trace_shard

TRACE_RECORD = "trace.json"


def _prepare_out(out: Path) -> None:
    """An output folder must be new, empty, or the output of an earlier trace (replaced)."""
    if out.exists() and not out.is_dir():
        raise UserError(f"{out}: exists and is not a folder; choose a folder for the ledger")
    if out.is_dir() and any(out.iterdir()):
        record = out / TRACE_RECORD
        if not record.is_file():
            raise UserError(
                f"{out}: folder is not empty and holds no earlier trace; choose an empty folder"
            )
        try:
            previous = json.loads(record.read_text(encoding="utf-8"))
            names = [entry["ledger_file"] for entry in previous["inputs"]]
        except (ValueError, KeyError, TypeError):
            raise UserError(f"{record}: unreadable trace record; remove the folder") from None
        record.unlink()
        for name in names:
            (out / Path(name).name).unlink(missing_ok=True)
    out.mkdir(parents=True, exist_ok=True)


@dataclass(frozen=True)
class TraceJob:
    context: TraceContext
    out: str
    batch_rows: int


def trace_unit(shard: InputShard, job: TraceJob) -> TraceResult:
    return trace_shard(shard, job.context, job.out, job.batch_rows)


def trace(
    inputs: Sequence[str],
    out: str | Path,
    sources: str | Path | None = None,
    optout: str | Path | None = None,
    batch_rows: int = 4096,
    engine: str = "local",
    workers: int | None = None,
    ray_address: str | None = None,
    progress: Callable[[InputShard, TraceResult], None] | None = None,
) -> dict[str, Any]:
    """Trace a corpus into a ledger folder (one Parquet file per input file) and summarise it.

    Mirrors `provenance trace INPUT... --sources FILE --optout FILE --out DIR`.
    """
    shards, skipped = discover_inputs(list(inputs))
    context = TraceContext(load_registry(sources), load_optout(optout))
    shards = split_large(shards)
    names = [ledger_file_name(shard) for shard in shards]
    if len(set(names)) != len(names):
        raise UserError("two inputs map to the same ledger file name; rename one of them")
    out = Path(out)
    _prepare_out(out)
    knowledge = knowledge_base()
    job = TraceJob(context, str(out), batch_rows)
    results = engines.run(
        engine, trace_unit, shards, job, workers=workers, address=ray_address, progress=progress
    )
    summary = summarize_ledger([out / result.ledger_file for result in results])
    summary["skipped_files"] = skipped
    record = {
        "toolkit": {"name": "provenance", "version": __version__},
        "inputs": [
            {
                "input_file": r.input_file,
                "ledger_file": r.ledger_file,
                "records": r.rows,
                "quarantined": r.quarantined,
            }
            for r in results
        ],
        "sources": (
            {"path": context.registry.path, "sha256": context.registry.sha256}
            if context.registry.path
            else None
        ),
        "optout": (
            {"path": context.optout.path, "sha256": context.optout.sha256}
            if context.optout.path
            else None
        ),
        "knowledge_base": {
            "version": knowledge.version,
            "spdx_license_list": knowledge.spdx_version,
            "sha256": knowledge.sha256,
        },
        "summary": summary,
    }
    temporary = out / f".{TRACE_RECORD}.tmp-{os.getpid()}"
    temporary.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(temporary, out / TRACE_RECORD)
    return summary


def ledger_files(ledger: str | Path) -> list[Path]:
    """The ledger's Parquet files, for a folder or a single file."""
    path = Path(ledger)
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise UserError(f"{path}: no such ledger file or folder")
    files = sorted(path.glob("*.parquet"))
    if not files:
        raise UserError(f"{path}: holds no ledger (.parquet) files; run `provenance trace` first")
    return files


def _counts(frame: pl.DataFrame, column: str) -> dict[str, int]:
    counted = frame.group_by(column).len().sort(["len", column], descending=[True, False])
    return {("null" if key is None else str(key)): n for key, n in counted.iter_rows()}


_SUMMARY_COLUMNS = [
    "doc_id",
    "status",
    "quarantine_reason",
    "source",
    "source_id",
    "license",
    "license_evidence",
    "license_category",
    "license_conflict",
    "optout",
    "personal_data",
]
_COUNTED = (
    "quarantine_reasons",
    "sources",
    "unregistered_sources",
    "licenses",
    "license_evidence",
    "license_categories",
    "optout",
    "personal_data",
)


def _summary_part(frame: pl.DataFrame) -> dict[str, Any]:
    ok = frame.filter(pl.col("status") == "ok")
    quarantined = frame.filter(pl.col("status") == "quarantined")
    return {
        "documents": frame.height,
        "ok": ok.height,
        "quarantined": quarantined.height,
        "quarantine_reasons": _counts(
            quarantined.with_columns(pl.col("quarantine_reason").str.extract(r"^([a-z0-9-]+)")),
            "quarantine_reason",
        ),
        "sources": _counts(ok.filter(pl.col("source_id").is_not_null()), "source_id"),
        "unregistered_sources": _counts(ok.filter(pl.col("source_id").is_null()), "source"),
        "licenses": _counts(ok.filter(pl.col("license").is_not_null()), "license"),
        "unknown_license": ok.filter(pl.col("license").is_null()).height,
        "license_evidence": _counts(ok, "license_evidence"),
        "license_categories": _counts(ok, "license_category"),
        "license_conflicts": ok.filter(pl.col("license_conflict")).height,
        "optout": _counts(ok, "optout"),
        "personal_data": _counts(ok, "personal_data"),
    }


def summarize_ledger(files: Sequence[str | Path]) -> dict[str, Any]:
    """Counts a data steward asks for first: documents, sources, licences, unknowns, quarantine.

    One ledger file at a time; only a 64-bit hash per doc_id is kept, to count duplicates.
    """
    total: dict[str, Any] = {}
    doc_hashes = []
    for file in files:
        frame = pl.read_parquet(file, columns=_SUMMARY_COLUMNS)
        for key, value in _summary_part(frame).items():
            if isinstance(value, dict):
                merged = total.setdefault(key, {})
                for name, n in value.items():
                    merged[name] = merged.get(name, 0) + n
            else:
                total[key] = total.get(key, 0) + value
        doc_hashes.append(frame["doc_id"].hash(seed=0))
    for key in _COUNTED:
        total[key] = dict(sorted(total.get(key, {}).items(), key=lambda item: (-item[1], item[0])))
    hashes = pl.concat(doc_hashes) if doc_hashes else pl.Series(dtype=pl.UInt64)
    total["duplicate_doc_ids"] = hashes.len() - hashes.n_unique()
    return total
