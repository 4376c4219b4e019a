"""`provenance verify`: check a release offline, trusting nothing but the folder and a key.

Checks: the manifest against its schema; the signature and key; every listed file's size and
sha256, and that no unlisted file sits among the outputs; the accounting equation per input and
in total; the counts; that every shard row is in the ledger as included with the same doc_id
and content_sha256, and the reverse; that the recorded policy, re-evaluated on the ledger,
gives the recorded decisions; the Merkle root. Each failure is one line naming the file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import polars as pl
import pyarrow.parquet as pq

from provenance.errors import UserError
from provenance.licenses import knowledge_base
from provenance.policy import evaluate, load_policy
from provenance.releasing.manifest import (
    MANIFEST,
    SIGNATURE,
    accounting,
    ledger_counts,
    merkle_root,
)
from provenance.releasing.run import OUTPUT_FOLDERS
from provenance.releasing.signing import load_public_key, verify_envelope
from provenance.resources import file_sha256, load_json_schema

DECISION_COLUMNS = ["decision", "rule_ids", "flags", "reason", "license_relied_on"]


def _file_problems(root: Path, manifest: dict[str, Any]) -> list[str]:
    problems = []
    outputs = manifest["outputs"]
    listed = [
        item for group in ("shards", "ledger", "attribution", "files") for item in outputs[group]
    ]
    for item in listed:
        path = root / item["path"]
        if not path.is_file():
            problems.append(f"{item['path']}: listed in the manifest but missing")
            continue
        if path.stat().st_size != item["bytes"]:
            problems.append(
                f"{item['path']}: {path.stat().st_size} bytes, the manifest says {item['bytes']}"
            )
        if file_sha256(path) != item["sha256"]:
            problems.append(f"{item['path']}: sha256 differs from the manifest (file changed)")
    names = {item["path"] for item in listed}
    for folder in OUTPUT_FOLDERS:
        for path in sorted((root / folder).glob("*")) if (root / folder).is_dir() else []:
            if f"{folder}/{path.name}" not in names:
                problems.append(f"{folder}/{path.name}: not listed in the manifest (file added)")
    return problems


def verify(folder: str | Path, key: str | Path | None = None) -> list[str]:
    """Every problem found in a release folder; an empty list means everything holds.

    Mirrors `provenance verify DIR [--key PUBKEY]`.
    """
    root = Path(folder)
    if not root.is_dir():
        raise UserError(f"{root}: no such release folder")
    public_key = load_public_key(key) if key else None
    manifest_path = root / MANIFEST
    if not manifest_path.is_file():
        return [f"{MANIFEST}: missing; not a release folder or the release did not finish"]
    manifest_bytes = manifest_path.read_bytes()
    try:
        manifest = json.loads(manifest_bytes)
    except ValueError as error:
        return [f"{MANIFEST}: not valid JSON ({error})"]
    problems: list[str] = []
    signature = root / SIGNATURE
    if public_key is not None:
        if not signature.is_file():
            problems.append(f"{SIGNATURE}: missing, but a key was given")
        else:
            problems += verify_envelope(signature.read_bytes(), manifest_bytes, public_key)
    errors = sorted(
        jsonschema.Draft202012Validator(load_json_schema("manifest.schema.json")).iter_errors(
            manifest
        ),
        key=lambda e: list(e.absolute_path),
    )
    if errors:
        return problems + [
            f"{MANIFEST}: {'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}"
            for e in errors[:20]
        ]
    problems += _file_problems(root, manifest)
    if problems:
        return problems  # the data below cannot be trusted to check further
    problems += _ledger_problems(root, manifest)
    return problems


def _ledger_problems(root: Path, manifest: dict[str, Any]) -> list[str]:
    problems = []
    ledger_files = [str(root / item["path"]) for item in manifest["outputs"]["ledger"]]
    ledger = pl.read_parquet(ledger_files)
    totals = accounting(ledger)
    for row in totals["per_input"]:
        if row["records"] != row["included"] + row["excluded"] + row["quarantined"]:
            problems.append(f"ledger: {row['input_file']}: records do not add up")
    if totals != manifest["accounting"]:
        problems.append(f"{MANIFEST}: accounting differs from the ledger's")
    recorded_inputs = {item["path"]: item for item in manifest["inputs"]}
    for row in totals["per_input"]:
        recorded = recorded_inputs.get(row["input_file"])
        if recorded is None or recorded["records"] != row["records"]:
            problems.append(
                f"{MANIFEST}: input {row['input_file']}: record count differs from the ledger"
            )
    if ledger_counts(ledger) != manifest["counts"]:
        problems.append(f"{MANIFEST}: counts differ from the ledger's")
    included = ledger.filter(pl.col("decision") == "include")
    shards = manifest["outputs"]["shards"]
    fmt = manifest["format"]
    shard_rows = _shard_rows(root, shards, fmt)
    expected = included.select("shard", "shard_row", "doc_id", "content_sha256").sort(
        "shard", "shard_row"
    )
    if shard_rows.height != expected.height or not shard_rows.equals(expected):
        missing = expected.join(
            shard_rows, on=["shard", "shard_row", "doc_id", "content_sha256"], how="anti"
        )
        extra = shard_rows.join(
            expected, on=["shard", "shard_row", "doc_id", "content_sha256"], how="anti"
        )
        for row in missing.head(5).iter_rows(named=True):
            where = f"shards/{row['shard']}: row {row['shard_row']} ({row['doc_id']})"
            problems.append(f"{where} is included in the ledger but not in the shard")
        for row in extra.head(5).iter_rows(named=True):
            where = f"shards/{row['shard']}: row {row['shard_row']} ({row['doc_id']})"
            problems.append(f"{where} is not in the ledger as included")
        if not problems:
            problems.append("shards: rows and ledger differ")
    root_hash = merkle_root(included["content_sha256"].to_list())
    if root_hash != manifest["merkle_root"]["root"]:
        problems.append(f"{MANIFEST}: Merkle root differs from the included documents' hashes")
    problems += _policy_problems(root, manifest, ledger)
    return problems


def _shard_rows(root: Path, shards: list[dict], fmt: str) -> pl.DataFrame:
    frames = []
    for item in shards:
        path = root / item["path"]
        if fmt == "parquet":
            table = pq.read_table(path, columns=["doc_id", "content_sha256"])
            frame = pl.from_arrow(table)
        else:
            frame = pl.read_ndjson(path, schema={"doc_id": pl.String, "content_sha256": pl.String})
        assert isinstance(frame, pl.DataFrame)
        frames.append(
            frame.with_row_index("shard_row").select(
                pl.lit(path.name).alias("shard"),
                pl.col("shard_row").cast(pl.Int64),
                "doc_id",
                "content_sha256",
            )
        )
    if not frames:
        return pl.DataFrame(
            schema={
                "shard": pl.String,
                "shard_row": pl.Int64,
                "doc_id": pl.String,
                "content_sha256": pl.String,
            }
        )
    return pl.concat(frames).sort("shard", "shard_row")


def _policy_problems(root: Path, manifest: dict[str, Any], ledger: pl.DataFrame) -> list[str]:
    copy = root / manifest["policy"]["copy"]
    if file_sha256(copy) != manifest["policy"]["sha256"]:
        return [f"{copy.name}: the policy copy's sha256 differs from the manifest's policy sha256"]
    kb = knowledge_base()
    if kb.sha256 != manifest["knowledge_base"]["sha256"]:
        return [
            f"{MANIFEST}: released with knowledge base {manifest['knowledge_base']['version']} "
            f"({manifest['knowledge_base']['sha256'][:12]}), this toolkit has {kb.version} "
            f"({kb.sha256[:12]}); verify with the toolkit version in the manifest"
        ]
    policy = load_policy(copy)
    recorded = ledger.select(DECISION_COLUMNS)
    again = evaluate(ledger.drop([*DECISION_COLUMNS, "policy_sha256"]), policy).select(
        DECISION_COLUMNS
    )
    if recorded.equals(again):
        return []
    differing = ledger.with_columns(again["decision"].alias("_again")).filter(
        pl.col("decision") != pl.col("_again")
    )
    problems = [
        f"ledger: {row['doc_id']}: recorded {row['decision']}, the policy gives {row['_again']}"
        for row in differing.head(5).iter_rows(named=True)
    ]
    return problems or ["ledger: recorded rule ids or reasons differ from re-evaluating the policy"]
