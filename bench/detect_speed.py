"""Licence detection speed on one core, on texts of the benchmark corpus (5% carry notices).

python bench/detect_speed.py bench/data/1GB/00000_bench.jsonl.gz --megabytes 200
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("POLARS_MAX_THREADS", "1")  # one core, as the target says

import polars as pl

from provenance.licenses import detect_column


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("jsonl")
    parser.add_argument("--megabytes", type=float, default=200)
    args = parser.parse_args()
    texts = pl.read_ndjson(args.jsonl, schema={"text": pl.String})["text"]
    sizes = texts.str.len_bytes().cum_sum()
    texts = texts.filter(sizes <= args.megabytes * 1e6)
    megabytes = texts.str.len_bytes().sum() / 1e6
    detect_column(texts.head(100))  # load the rules outside the timing
    started = time.perf_counter()
    found = detect_column(texts)
    seconds = time.perf_counter() - started
    licensed = found["text_license"].is_not_null().sum()
    print(
        f"{texts.len():,} texts, {megabytes:.0f} MB, {licensed:,} with a licence found: "
        f"{seconds:.1f} s, {megabytes / seconds:.1f} MB/s on one core"
    )


if __name__ == "__main__":
    main()
