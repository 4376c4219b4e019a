"""The audit manifest: what went in, what rules applied, what came out, with hashes and counts
that reconcile, and a Merkle root over the included documents."""

from __future__ import annotations

import hashlib
import os
import platform
import time
from datetime import UTC, datetime
from typing import Any

import polars as pl
import pyarrow

from provenance import __version__

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"


def release_timestamp() -> str:
    """Now, or SOURCE_DATE_EPOCH when set (reproducible builds), as ISO 8601 UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch) if epoch else time.time(), tz=UTC)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def merkle_root(leaves_hex: list[str]) -> str:
    """Merkle root over sorted sha256 hex leaves (RFC 6962 style: leaf = H(0x00 || leaf),
    node = H(0x01 || left || right), an odd node is carried up); H("") for no leaves."""
    return merkle_root_of_digests([bytes.fromhex(leaf) for leaf in leaves_hex])


def _counts(frame: pl.DataFrame, column: str) -> dict[str, int]:
    counted = frame.group_by(column).len().sort(column, nulls_last=True)
    return {("null" if key is None else str(key)): n for key, n in counted.iter_rows()}


def ledger_counts(ledger: pl.DataFrame) -> dict[str, Any]:
    """Counts a regulator reconciles: by decision, rule, licence, category, source, country."""
    included = ledger.filter(pl.col("decision") == "include")
    rules = ledger.select(pl.col("rule_ids").alias("rule")).explode("rule").drop_nulls()
    return {
        "by_decision": _counts(ledger, "decision"),
        "by_rule": _counts(rules, "rule"),
        "included": {
            "by_license": _counts(included, "license"),
            "by_license_category": _counts(included, "license_category"),
            "by_source": _counts(included, "source_id"),
            "by_source_category": _counts(included, "source_category"),
            "by_collection_country": _counts(included, "collected_in"),
        },
        "all": {
            "by_license": _counts(ledger, "license"),
            "by_license_category": _counts(ledger, "license_category"),
            "by_source": _counts(ledger, "source_id"),
            "by_source_category": _counts(ledger, "source_category"),
            "by_collection_country": _counts(ledger, "collected_in"),
        },
    }


def accounting(ledger: pl.DataFrame) -> dict[str, Any]:
    """records = included + excluded + quarantined, per input file and in total."""
    per_file = (
        ledger.group_by("input_file")
        .agg(
            pl.len().alias("records"),
            (pl.col("decision") == "include").sum().alias("included"),
            (pl.col("decision") == "exclude").sum().alias("excluded"),
            (pl.col("decision") == "quarantine").sum().alias("quarantined"),
        )
        .sort("input_file")
    )
    rows = per_file.to_dicts()
    keys = ("records", "included", "excluded", "quarantined")
    total = {key: int(sum(row[key] for row in rows)) for key in keys}
    return {"per_input": rows, "total": total}


def environment() -> dict[str, str]:
    return {
        "python": platform.python_version(),
        "pyarrow": pyarrow.__version__,
        "polars": pl.__version__,
        "provenance": __version__,
    }


TALLY_COLUMNS = [
    "input_file",
    "decision",
    "rule_ids",
    "license",
    "license_category",
    "source_id",
    "source_category",
    "collected_in",
    "content_sha256",
]


def _merge(total: dict[str, Any], part: dict[str, Any]) -> dict[str, Any]:
    for key, value in part.items():
        if isinstance(value, dict):
            total[key] = _merge(total.get(key, {}), value)
        else:
            total[key] = total.get(key, 0) + value
    return total


class LedgerTally:
    """Counts, accounting and Merkle leaves of a ledger, added one ledger file at a time so
    that memory holds one file's columns (and 32 bytes per included document), not the ledger."""

    def __init__(self) -> None:
        self.counts: dict[str, Any] = {}
        self.per_input: dict[str, dict[str, int]] = {}
        self.leaves: list[bytes] = []

    def add(self, ledger: pl.DataFrame) -> None:
        self.counts = _merge(self.counts, ledger_counts(ledger))
        for row in accounting(ledger)["per_input"]:
            name = row.pop("input_file")
            self.per_input[name] = _merge(self.per_input.get(name, {}), row)
        included = ledger.filter(pl.col("decision") == "include")["content_sha256"]
        self.leaves.extend(bytes.fromhex(digest) for digest in included.to_list())

    @property
    def accounting(self) -> dict[str, Any]:
        rows = [{"input_file": name, **self.per_input[name]} for name in sorted(self.per_input)]
        keys = ("records", "included", "excluded", "quarantined")
        return {"per_input": rows, "total": {k: sum(row[k] for row in rows) for k in keys}}

    def merkle_root(self) -> str:
        return merkle_root_of_digests(self.leaves)


def merkle_root_of_digests(digests: list[bytes]) -> str:
    """merkle_root for raw 32-byte digests (sorted here), without hex strings in memory."""
    if not digests:
        return hashlib.sha256(b"").hexdigest()
    level = [hashlib.sha256(b"\x00" + digest).digest() for digest in sorted(digests)]
    while len(level) > 1:
        paired = [
            hashlib.sha256(b"\x01" + level[i] + level[i + 1]).digest()
            for i in range(0, len(level) - 1, 2)
        ]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0].hex()
