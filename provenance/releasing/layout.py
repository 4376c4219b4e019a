"""What each file of a release folder is called: shared by `release`, which writes the folder,
and `verify`, which reads it (and so must not need the writer's dependencies)."""

from __future__ import annotations

import re
from typing import Literal

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
POLICY_COPY = "policy.yaml"
OUTPUT_FOLDERS = ("shards", "ledger", "attribution")

Format = Literal["parquet", "jsonl.gz", "jsonl.zst"]
FORMATS: tuple[Format, ...] = ("parquet", "jsonl.gz", "jsonl.zst")


def shard_suffix(fmt: Format) -> str:
    return {"parquet": ".parquet", "jsonl.gz": ".jsonl.gz", "jsonl.zst": ".jsonl.zst"}[fmt]


def is_shard_of(name: str, key: str) -> bool:
    """Is a file name one of the output shards `<key>-00000<suffix>` of an input key?"""
    return (
        re.fullmatch(rf"{re.escape(key)}-\d{{5}}\.(?:parquet|jsonl\.gz|jsonl\.zst)", name)
        is not None
    )
