"""Time policy evaluation on a large ledger built by repeating the sample ledger.

python bench/policy_eval.py out/ledger samples/policies/eu-commercial.yaml --rows 10000000
"""

from __future__ import annotations

import argparse
import resource
import time

import polars as pl

from provenance.policy import evaluate, load_policy
from provenance.policy.commands import read_ledger


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("ledger")
    parser.add_argument("policy")
    parser.add_argument("--rows", type=int, default=10_000_000)
    args = parser.parse_args()
    sample = read_ledger(args.ledger)
    repeats = -(-args.rows // sample.height)
    ledger = pl.concat([sample] * repeats).head(args.rows).rechunk()
    policy = load_policy(args.policy)
    started = time.perf_counter()
    decided = evaluate(ledger, policy)
    seconds = time.perf_counter() - started
    counts = dict(decided.group_by("decision").len().iter_rows())
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"rows {ledger.height:,}  seconds {seconds:.2f}  rows/s {ledger.height / seconds:,.0f}  "
        f"peak RSS {peak_mb:,.0f} MB  decisions {counts}"
    )


if __name__ == "__main__":
    main()
