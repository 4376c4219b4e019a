"""`provenance verify`: check a release offline, trusting nothing but the folder and a key.

Checks: the manifest against its schema; the signature and key; every listed file's size and
sha256, and that no unlisted file sits among the outputs; the accounting equation per input and
in total; the counts; that every shard row is in the ledger as included with the same doc_id
and content_sha256, and the reverse; that the recorded policy, re-evaluated on the ledger,
gives the recorded decisions; the Merkle root. Each failure is one line naming the file.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import jsonschema
import polars as pl

from provenance.engines import default_workers
from provenance.errors import UserError
from provenance.licenses.knowledge import knowledge_base
from provenance.policy.evaluate import evaluate, policy_columns
from provenance.policy.model import Policy, load_policy
from provenance.releasing.layout import MANIFEST, OUTPUT_FOLDERS, SIGNATURE, is_shard_of
from provenance.releasing.manifest import TALLY_COLUMNS, LedgerTally
from provenance.releasing.signing import load_public_key, verify_envelope
from provenance.resources import file_sha256, load_json_schema

DECISION_COLUMNS = ["decision", "rule_ids", "flags", "reason", "license_relied_on"]


def _file_problems(root: Path, manifest: dict[str, Any]) -> list[str]:
    problems = []
    outputs = manifest["outputs"]
    listed = [
        item for group in ("shards", "ledger", "attribution", "files") for item in outputs[group]
    ]
    present = []
    for item in listed:
        path = root / item["path"]
        if not path.is_file():
            problems.append(f"{item['path']}: listed in the manifest but missing")
            continue
        if path.stat().st_size != item["bytes"]:
            problems.append(
                f"{item['path']}: {path.stat().st_size} bytes, the manifest says {item['bytes']}"
            )
        present.append(item)
    # hashlib releases the GIL on large buffers: hash files on every core, largest first.
    present.sort(key=lambda item: -item["bytes"])
    with ThreadPoolExecutor(max_workers=default_workers()) as pool:
        digests = pool.map(lambda item: file_sha256(root / item["path"], 8 << 20), present)
        for item, digest in zip(present, digests, strict=True):
            if digest != item["sha256"]:
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
    # Files are hashed while the ledger is checked; if a file changed, only that is reported:
    # the rest was computed from data that cannot be trusted.
    with ThreadPoolExecutor(max_workers=1) as background:
        files = background.submit(_file_problems, root, manifest)
        try:
            ledger_problems = _ledger_problems(root, manifest)
        except Exception as error:  # unreadable data: the file hashes will say which file
            ledger_problems = [f"ledger: cannot be checked ({type(error).__name__}: {error})"]
        file_problems = files.result()
    return problems + (file_problems or ledger_problems)


# What the tally reads, plus what the shard and policy checks compare.
_LEDGER_COLUMNS = set(TALLY_COLUMNS) | {
    "doc_id",
    *DECISION_COLUMNS,
    "policy_sha256",
    "shard",
    "shard_row",
    "status",
    "quarantine_reason",
}


def _ledger_problems(root: Path, manifest: dict[str, Any]) -> list[str]:
    """Checks of the data, ledger file by ledger file (with its shards): memory holds a few
    files at a time, one per thread."""
    problems: list[str] = []
    policy = _recorded_policy(root, manifest)
    needed = set(_LEDGER_COLUMNS)
    if isinstance(policy, Policy):
        needed |= set(policy_columns(policy))
    shards = manifest["outputs"]["shards"]
    tally = LedgerTally()

    def check_ledger_file(item: dict[str, Any]) -> tuple[list[str], set[str]]:
        ledger = pl.read_parquet(root / item["path"], columns=sorted(needed))
        tally.add(ledger)
        key = Path(item["path"]).name.removesuffix(".parquet")
        own = [s for s in shards if is_shard_of(Path(s["path"]).name, key)]
        found = _shard_problems(root, own, manifest["format"], ledger)
        if isinstance(policy, Policy):
            found += _policy_problems(policy, ledger)
        return found, {s["path"] for s in own}

    # One ledger file (and its shards) per thread: polars releases the GIL, so the files'
    # column work overlaps, and memory holds a few files, never the whole ledger.
    checked_shards: set[str] = set()
    with ThreadPoolExecutor(max_workers=default_workers()) as pool:
        for found, owned in pool.map(check_ledger_file, manifest["outputs"]["ledger"]):
            problems += found
            checked_shards |= owned
    for item in shards:
        if item["path"] not in checked_shards:
            problems.append(f"{item['path']}: belongs to no ledger file")
    totals = tally.accounting
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
    if tally.counts != manifest["counts"]:
        problems.append(f"{MANIFEST}: counts differ from the ledger's")
    if tally.merkle_root() != manifest["merkle_root"]["root"]:
        problems.append(f"{MANIFEST}: Merkle root differs from the included documents' hashes")
    if isinstance(policy, str):
        problems.append(policy)
    return problems


def _shard_problems(root: Path, shards: list[dict], fmt: str, ledger: pl.DataFrame) -> list[str]:
    """Every shard row is in this ledger file as included, with the same hash, and the reverse."""
    columns = ["shard", "shard_row", "doc_id", "content_sha256"]
    shard_rows = _shard_rows(root, shards, fmt)
    expected = (
        ledger.filter(pl.col("decision") == "include").select(columns).sort("shard", "shard_row")
    )
    if shard_rows.height == expected.height and shard_rows.equals(expected):
        return []
    problems = []
    for row in expected.join(shard_rows, on=columns, how="anti").head(5).iter_rows(named=True):
        where = f"shards/{row['shard']}: row {row['shard_row']} ({row['doc_id']})"
        problems.append(f"{where} is included in the ledger but not in the shard")
    for row in shard_rows.join(expected, on=columns, how="anti").head(5).iter_rows(named=True):
        where = f"shards/{row['shard']}: row {row['shard_row']} ({row['doc_id']})"
        problems.append(f"{where} is not in the ledger as included")
    return problems or ["shards: rows and ledger differ"]


def _shard_rows(root: Path, shards: list[dict], fmt: str) -> pl.DataFrame:
    frames = []
    for item in shards:
        path = root / item["path"]
        if fmt == "parquet":
            frame = pl.read_parquet(path, columns=["doc_id", "content_sha256"])
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


def _recorded_policy(root: Path, manifest: dict[str, Any]) -> Policy | str:
    """The policy the release recorded, or the one-line problem that prevents re-evaluating it."""
    copy = root / manifest["policy"]["copy"]
    if not copy.is_file() or file_sha256(copy) != manifest["policy"]["sha256"]:
        return f"{copy.name}: the policy copy's sha256 differs from the manifest's policy sha256"
    kb = knowledge_base()
    if kb.sha256 != manifest["knowledge_base"]["sha256"]:
        return (
            f"{MANIFEST}: released with knowledge base {manifest['knowledge_base']['version']} "
            f"({manifest['knowledge_base']['sha256'][:12]}), this toolkit has {kb.version} "
            f"({kb.sha256[:12]}); verify with the toolkit version in the manifest"
        )
    try:
        return load_policy(copy)
    except UserError as error:
        return f"{copy.name}: {error.message}"


def _policy_problems(policy: Policy, ledger: pl.DataFrame) -> list[str]:
    """The recorded decisions are what the policy gives. Each distinct combination of the facts
    the policy reads and the recorded decision is re-evaluated once (exactly: rows are grouped
    by their values, not by a hash); a ledger has thousands of them, not millions."""
    facts = policy_columns(policy)
    grouped = [*facts, *DECISION_COLUMNS]
    firsts = (
        ledger.select(grouped)
        .with_row_index("_row")
        .unique(subset=grouped, keep="first", maintain_order=True)["_row"]
    )
    representatives = ledger[firsts]
    recorded = representatives.select(DECISION_COLUMNS)
    again = evaluate(representatives.select(facts), policy).select(DECISION_COLUMNS)
    if recorded.equals(again):
        return []
    differing = representatives.with_columns(again["decision"].alias("_again")).filter(
        pl.col("decision") != pl.col("_again")
    )
    problems = [
        f"ledger: {row['doc_id']}: recorded {row['decision']}, the policy gives {row['_again']}"
        for row in differing.head(5).iter_rows(named=True)
    ]
    return problems or ["ledger: recorded rule ids or reasons differ from re-evaluating the policy"]
