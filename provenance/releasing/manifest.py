"""The audit manifest: what went in, what rules applied, what came out, with hashes and counts
that reconcile, and a Merkle root over the included documents."""

from __future__ import annotations

import hashlib
import os
import platform
import threading
import time
from datetime import UTC, datetime
from typing import Any

import polars as pl

from provenance import __version__


def release_timestamp() -> str:
    """Now, or SOURCE_DATE_EPOCH when set (reproducible builds), as ISO 8601 UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch) if epoch else time.time(), tz=UTC)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def merkle_root(leaves_hex: list[str]) -> str:
    """Merkle root over sorted sha256 hex leaves (RFC 6962 style: leaf = H(0x00 || leaf),
    node = H(0x01 || left || right), an odd node is carried up); H("") for no leaves."""
    if not leaves_hex:
        return hashlib.sha256(b"").hexdigest()
    return _merkle_root_of_leaves([_leaf(bytes.fromhex(leaf)) for leaf in sorted(leaves_hex)])


_BY_COLUMN = {
    "by_license": "license",
    "by_license_category": "license_category",
    "by_source": "source_id",
    "by_source_category": "source_category",
    "by_collection_country": "collected_in",
}


_DECISION_KEYS = {"include": "included", "exclude": "excluded", "quarantine": "quarantined"}


def _tally_queries(ledger: pl.DataFrame) -> dict[str, pl.LazyFrame]:
    """Every count a regulator reconciles, and the accounting, as lazy queries over one frame."""
    lazy = ledger.lazy()
    included = lazy.filter(pl.col("decision") == "include")
    queries = {
        "by_decision": lazy.group_by(pl.col("decision").alias("key")).len(),
        "by_rule": lazy.select(pl.col("rule_ids").alias("key"))
        .explode("key")
        .drop_nulls()
        .group_by("key")
        .len(),
        "accounting": lazy.group_by("input_file").agg(
            pl.len().alias("records"),
            *((pl.col("decision") == d).sum().alias(k) for d, k in _DECISION_KEYS.items()),
        ),
        "leaves": included.select(pl.col("content_sha256").str.decode("hex").alias("digest")),
    }
    for name, column in _BY_COLUMN.items():
        queries[f"included/{name}"] = included.group_by(pl.col(column).alias("key")).len()
        queries[f"all/{name}"] = lazy.group_by(pl.col(column).alias("key")).len()
    return queries


def _as_counts(frame: pl.DataFrame) -> dict[str, int]:
    return {
        ("null" if key is None else str(key)): n
        for key, n in frame.sort("key", nulls_last=True).iter_rows()
    }


def environment() -> dict[str, str]:
    import pyarrow  # here, not at the top: `verify` reads this module and never needs pyarrow

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
    that memory holds one file's columns (and, per included document, its digest and leaf
    hash: about 120 bytes), not the ledger. `add` may be called from several threads at once."""

    def __init__(self) -> None:
        self.counts: dict[str, Any] = {}
        self.per_input: dict[str, dict[str, int]] = {}
        self._digests: list[pl.Series] = []
        self._leaf_hashes: list[bytes] = []  # H(0x00 || digest), in the order of _digests
        self._lock = threading.Lock()

    def add(self, ledger: pl.DataFrame) -> None:
        queries = _tally_queries(ledger)
        results = dict(zip(queries, pl.collect_all(list(queries.values())), strict=True))
        counts: dict[str, Any] = {"included": {}, "all": {}}
        for name, frame in results.items():
            if name.startswith(("by_", "included/", "all/")):
                group, _, key = name.rpartition("/")
                (counts[group] if group else counts)[key] = _as_counts(frame)
        digests = results["leaves"]["digest"]
        # Leaves are hashed here, file by file (in parallel with other files' column work);
        # only ordering them and the inner nodes wait for the whole ledger.
        leaf_hashes = [_leaf(digest) for digest in digests.to_list()]
        with self._lock:
            self.counts = _merge(self.counts, counts)
            for row in results["accounting"].iter_rows(named=True):
                name = row.pop("input_file")
                self.per_input[name] = _merge(self.per_input.get(name, {}), row)
            self._digests.append(digests)
            self._leaf_hashes.extend(leaf_hashes)

    @property
    def accounting(self) -> dict[str, Any]:
        rows = [{"input_file": name, **self.per_input[name]} for name in sorted(self.per_input)]
        keys = ("records", "included", "excluded", "quarantined")
        return {"per_input": rows, "total": {k: sum(row[k] for row in rows) for k in keys}}

    @property
    def leaves(self) -> int:
        return sum(len(digests) for digests in self._digests)

    def merkle_root(self) -> str:
        if not self._digests:
            return merkle_root([])
        order = pl.concat(self._digests).arg_sort().to_list()
        return _merkle_root_of_leaves([self._leaf_hashes[index] for index in order])


def _leaf(digest: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + digest).digest()


def _merkle_root_of_leaves(level: list[bytes]) -> str:
    sha256 = hashlib.sha256
    while len(level) > 1:
        # Pairs left to right; an odd last node has no partner and is carried up unchanged.
        paired = [
            sha256(b"\x01" + left + right).digest()
            for left, right in zip(level[::2], level[1::2], strict=False)
        ]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0].hex()
