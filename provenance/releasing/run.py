"""`provenance release`: trace, decide, write and seal a corpus in one streaming pass."""

from __future__ import annotations

import glob
import json
import os
import shutil
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import polars as pl

from provenance import __version__, engines
from provenance.errors import UserError
from provenance.licenses import knowledge_base
from provenance.policy import load_policy
from provenance.policy.commands import test_policy
from provenance.read import InputShard, discover_inputs
from provenance.read.inputs import SPLIT_BYTES, split_large
from provenance.releasing.attribution import write_attribution
from provenance.releasing.layout import (
    FORMATS,
    MANIFEST,
    OUTPUT_FOLDERS,
    POLICY_COPY,
    SIGNATURE,
    Format,
    is_shard_of,
)
from provenance.releasing.manifest import (
    TALLY_COLUMNS,
    LedgerTally,
    environment,
    release_timestamp,
)
from provenance.releasing.process import (
    PROGRESS,
    OutputFile,
    ReleaseContext,
    ShardResult,
    completed,
    fingerprint_sha256,
    input_key,
    process_shard,
)
from provenance.releasing.signing import load_private_key, sign_manifest
from provenance.resources import file_sha256
from provenance.tracing.optout import load_optout
from provenance.tracing.registry import load_registry
from provenance.tracing.tracer import TraceContext

DEFAULT_SHARD_BYTES = 1 << 30
RUN_RECORD = "run.json"
MERKLE_ALGORITHM = "sha256, RFC 6962 style, over the sorted content_sha256 of included documents"


def _write_atomic(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def _prepare(out: Path, fingerprint: dict[str, Any]) -> bool:
    """Make `out` ready; True if it already holds this exact release, complete."""
    if out.exists() and not out.is_dir():
        raise UserError(f"{out}: exists and is not a folder; choose a folder for the release")
    record = out / PROGRESS / RUN_RECORD
    if out.is_dir() and any(out.iterdir()):
        if record.is_file():
            try:
                previous = json.loads(record.read_text(encoding="utf-8"))
            except ValueError:
                previous = None
            if previous != fingerprint:
                raise UserError(
                    f"{out}: holds an unfinished release of a different run (policy, inputs' "
                    "settings, knowledge base or toolkit differ); choose an empty folder"
                )
            return False
        manifest = out / MANIFEST
        if manifest.is_file():
            try:
                recorded = json.loads(manifest.read_text(encoding="utf-8"))["run"]["fingerprint"]
            except (ValueError, KeyError, TypeError):
                recorded = None
            if recorded == fingerprint:
                return True
        raise UserError(
            f"{out}: folder is not empty and is not a resumable release of this run; "
            "choose an empty folder (nothing was overwritten)"
        )
    (out / PROGRESS).mkdir(parents=True, exist_ok=True)
    _write_atomic(record, json.dumps(fingerprint, sort_keys=True).encode())
    return False


def _remove_outputs_of(out: Path, key: str) -> None:
    """Outputs an unfinished earlier run left for one input, before it is processed again."""
    for folder in ("ledger", "attribution"):
        (out / folder / f"{key}.parquet").unlink(missing_ok=True)
    for path in (out / "shards").glob(f"{glob.escape(key)}-*"):
        if is_shard_of(path.name, key):
            path.unlink()


def _remove_unlisted(out: Path, results: list[ShardResult]) -> None:
    listed = {
        output.path
        for result in results
        for output in (*result.shards, result.ledger, result.attribution)
    }
    for folder in OUTPUT_FOLDERS:
        for path in sorted((out / folder).glob("*")):
            if f"{folder}/{path.name}" not in listed:
                path.unlink()


def _command(inputs: Sequence[str], options: dict[str, Any]) -> list[str]:
    command = ["provenance", "release", *inputs]
    for name, value in options.items():
        if value is not None:
            command += [f"--{name.replace('_', '-')}", str(value)]
    return command


def release(
    inputs: Sequence[str],
    policy: str | Path,
    out: str | Path,
    sources: str | Path | None = None,
    optout: str | Path | None = None,
    format: Format = "parquet",
    shard_size: int = DEFAULT_SHARD_BYTES,
    sign_key: str | Path | None = None,
    engine: str = "local",
    workers: int | None = None,
    ray_address: str | None = None,
    progress: Callable[[InputShard], None] | None = None,
) -> dict[str, Any]:
    """Trace, decide, write and seal a release. Mirrors `provenance release`.

    The engine (`serial`, `local` with `workers` processes, or `ray`) only schedules the unit
    of work; every engine gives the same bytes.
    """
    if format not in FORMATS:
        raise UserError(f"--format {format!r}: expected one of {', '.join(FORMATS)}")
    if shard_size < 1:
        raise UserError(f"--shard-size {shard_size}: must be a positive number of bytes")
    compiled = load_policy(policy)
    failures = [o for o in test_policy(compiled) if not o.passed] if compiled.tests else []
    if failures:
        first = failures[0]
        raise UserError(
            f"{policy}:{first.line}: the policy fails its own test {first.name!r} (expected "
            f"{first.expected}, got {first.got}); nothing was written"
        )
    private_key = load_private_key(sign_key) if sign_key else None
    shards = split_large(discover_inputs(list(inputs))[0])
    registry, optouts = load_registry(sources), load_optout(optout)
    kb = knowledge_base()
    fingerprint = {
        "toolkit": __version__,
        "policy_sha256": compiled.sha256,
        "knowledge_base_sha256": kb.sha256,
        "sources_sha256": registry.sha256,
        "optout_sha256": optouts.sha256,
        "format": format,
        "shard_size": shard_size,
        "split_bytes": SPLIT_BYTES,
    }
    out = Path(out)
    if _prepare(out, fingerprint):
        return json.loads((out / MANIFEST).read_text(encoding="utf-8"))["summary"]
    for folder in OUTPUT_FOLDERS:
        (out / folder).mkdir(exist_ok=True)
    context = ReleaseContext(
        TraceContext(registry, optouts), compiled, str(out), format, shard_size, fingerprint
    )

    results = engines.run(
        engine, run_unit, shards, context, workers=workers, address=ray_address, progress=progress
    )
    _remove_unlisted(out, results)
    manifest = _seal(out, shards, results, compiled, registry, optouts, fingerprint, context)
    manifest_bytes = (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode()
    (out / SIGNATURE).unlink(missing_ok=True)
    _write_atomic(out / MANIFEST, manifest_bytes)
    if private_key is not None:
        predicate = {"merkle_root": manifest["merkle_root"], "policy": manifest["policy"]}
        _write_atomic(out / SIGNATURE, sign_manifest(manifest_bytes, private_key, predicate))
    shutil.rmtree(out / PROGRESS, ignore_errors=True)
    return manifest["summary"]


def run_unit(shard: InputShard, context: ReleaseContext) -> ShardResult:
    """What an engine runs for one input: reuse a valid completed result, else process it."""
    done = completed(shard, context)
    if done is not None:
        return done
    _remove_outputs_of(Path(context.out), input_key(shard))
    return process_shard(shard, context)


def _inputs(results: list[ShardResult]) -> list[dict[str, Any]]:
    """One entry per input file; the parts of a large file are added up."""
    inputs: dict[str, dict[str, Any]] = {}
    for r in results:
        entry = inputs.setdefault(
            r.input_file,
            {
                "path": r.input_file,
                "sha256": r.input_sha256,
                "records": 0,
                "included": 0,
                "excluded": 0,
                "quarantined": 0,
            },
        )
        for key in ("records", "included", "excluded", "quarantined"):
            entry[key] += getattr(r, key)
    return list(inputs.values())


def _output_dict(output: OutputFile) -> dict[str, Any]:
    return asdict(output)


def _seal(out, shards, results, policy, registry, optouts, fingerprint, context) -> dict[str, Any]:
    tally = LedgerTally()
    for result in results:
        tally.add(pl.read_parquet(out / result.ledger.path, columns=TALLY_COLUMNS))
    (out / POLICY_COPY).write_bytes(Path(policy.path).read_bytes())
    attribution_md = write_attribution(out, [r.attribution.path for r in results], registry)
    files = [
        OutputFile(
            POLICY_COPY, file_sha256(out / POLICY_COPY), (out / POLICY_COPY).stat().st_size, 0
        ),
        attribution_md,
    ]
    kb = knowledge_base()
    totals = tally.accounting
    summary = {
        "documents": totals["total"]["records"],
        "included": totals["total"]["included"],
        "excluded": totals["total"]["excluded"],
        "quarantined": totals["total"]["quarantined"],
        "shards": sum(len(r.shards) for r in results),
    }
    return {
        "manifest_version": 1,
        "toolkit": {"name": "provenance", "version": __version__},
        "created": release_timestamp(),
        "command": _command(
            [s.name for s in shards],
            {
                "policy": policy.path,
                "sources": registry.path,
                "optout": optouts.path,
                "format": context.format,
                "shard_size": context.shard_bytes,
            },
        ),
        "environment": environment(),
        "run": {"fingerprint": fingerprint, "fingerprint_sha256": fingerprint_sha256(fingerprint)},
        "inputs": _inputs(results),
        "policy": {
            "id": policy.id,
            "version": policy.version,
            "sha256": policy.sha256,
            "copy": POLICY_COPY,
            "context": {
                "stored_in": list(policy.stored_in),
                "processed_in": list(policy.processed_in),
            },
        },
        "knowledge_base": {
            "version": kb.version,
            "spdx_license_list": kb.spdx_version,
            "sha256": kb.sha256,
        },
        "sources": {"path": registry.path, "sha256": registry.sha256} if registry.path else None,
        "optout": {"path": optouts.path, "sha256": optouts.sha256} if optouts.path else None,
        "format": context.format,
        "shard_size": context.shard_bytes,
        "outputs": {
            "shards": [_output_dict(o) for r in results for o in r.shards],
            "ledger": [_output_dict(r.ledger) for r in results],
            "attribution": [_output_dict(r.attribution) for r in results],
            "files": [_output_dict(o) for o in files],
        },
        "counts": tally.counts,
        "accounting": totals,
        "merkle_root": {
            "algorithm": MERKLE_ALGORITHM,
            "leaves": tally.leaves,
            "root": tally.merkle_root(),
        },
        "summary": summary,
    }
