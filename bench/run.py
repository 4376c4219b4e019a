"""Benchmark the toolkit against the floor, at two corpus sizes, in one run.

    python bench/run.py --sizes 1GB 4GB [--work bench/data] [--workers 2]

For each size: generate the corpus (bench/generate.py) unless present, then measure, each in
its own process: (a) the floor, pyarrow reading the corpus and writing Parquet with zstd;
(b) `provenance trace`; (c) `provenance check` on the ledger; (d) `provenance release`;
(e) `provenance verify`; and `sha256sum` over the release files, the yardstick for verify.
Prints seconds, MB/s (of uncompressed input; of release bytes for verify and sha256sum),
documents/s, peak RSS of the largest process, and throughput as a ratio to the floor's.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
POLICY = REPO / "samples" / "policies" / "eu-commercial.yaml"


def measure(command: list[str]) -> dict:
    result = subprocess.run(
        [sys.executable, str(HERE / "measure.py"), "--", *command],
        capture_output=True,
        text=True,
        check=True,
    )
    measured = json.loads(result.stdout)
    if measured["returncode"] != 0:
        raise SystemExit(f"{' '.join(command)} failed: {measured['stderr']}")
    return measured


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def run_size(size: str, work: Path, workers: int) -> list[dict]:
    corpus = work / size
    if not corpus.is_dir():
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), "--size", size, "--out", str(corpus)],
            check=True,
        )
    meta = json.loads(
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import json,sys,gzip,pathlib; p=pathlib.Path(sys.argv[1]); n=b=0\n"
                "for f in sorted(p.glob('*.jsonl.gz')):\n  d=gzip.open(f).read(); b+=len(d); n+=d.count(b'\\n')\n"
                "print(json.dumps({'bytes': b, 'documents': n}))",
                str(corpus),
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    outputs = work / f"{size}-out"
    shutil.rmtree(outputs, ignore_errors=True)
    outputs.mkdir()
    sources, optout = work / f"{size}-sources.yaml", work / f"{size}-optout.csv"
    provenance = [sys.executable, "-m", "provenance"]
    engine = ["--workers", str(workers), "--quiet"]
    steps = [
        (
            "floor (pyarrow JSON -> Parquet zstd)",
            [sys.executable, str(HERE / "floor.py"), str(corpus), str(outputs / "floor")],
        ),
        (
            "trace",
            [
                *provenance,
                "trace",
                str(corpus),
                "--sources",
                str(sources),
                "--optout",
                str(optout),
                "--out",
                str(outputs / "ledger"),
                *engine,
            ],
        ),
        ("check", [*provenance, "check", str(outputs / "ledger"), "--policy", str(POLICY)]),
        (
            "release",
            [
                *provenance,
                "release",
                str(corpus),
                "--policy",
                str(POLICY),
                "--sources",
                str(sources),
                "--optout",
                str(optout),
                "--out",
                str(outputs / "release"),
                *engine,
            ],
        ),
        ("verify", [*provenance, "verify", str(outputs / "release")]),
        (
            "sha256sum of the release",
            ["sh", "-c", f"find '{outputs / 'release'}' -type f -print0 | xargs -0 sha256sum"],
        ),
    ]
    rows = []
    for name, command in steps:
        measured = measure(command)
        on_release = name.startswith(("verify", "sha256sum"))
        volume = folder_bytes(outputs / "release") if on_release else meta["bytes"]
        rows.append(
            {
                "size": size,
                "step": name,
                "seconds": measured["seconds"],
                "mb_per_s": volume / 1e6 / measured["seconds"],
                "docs_per_s": meta["documents"] / measured["seconds"],
                "peak_rss_mb": measured["peak_rss_mb"],
                "volume_mb": volume / 1e6,
            }
        )
    floor = rows[0]["seconds"]
    for row in rows:
        row["ratio_to_floor"] = (
            floor / row["seconds"] if not row["step"].startswith(("verify", "sha256sum")) else None
        )
    sha = rows[-1]["seconds"]
    rows[-2]["ratio_to_sha256sum"] = sha / rows[-2]["seconds"]
    return rows


def table(rows: list[dict]) -> str:
    lines = [
        "| size | step | seconds | MB/s | documents/s | peak RSS MB | throughput / floor |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        ratio = (
            f"{row['ratio_to_floor']:.2f}"
            if row["ratio_to_floor"] is not None
            else (
                f"{row['ratio_to_sha256sum']:.2f} of sha256sum"
                if "ratio_to_sha256sum" in row
                else "-"
            )
        )
        lines.append(
            f"| {row['size']} | {row['step']} | {row['seconds']:.1f} | {row['mb_per_s']:.1f} | "
            f"{row['docs_per_s']:,.0f} | {row['peak_rss_mb']:,.0f} | {ratio} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", nargs="+", default=["1GB", "4GB"])
    parser.add_argument("--work", default=str(HERE / "data"))
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    rows = [row for size in args.sizes for row in run_size(size, work, args.workers)]
    header = (
        f"Benchmark {date.today().isoformat()} on {platform.machine()}, {platform.python_version()}, "
        f"{args.workers} workers; corpus sizes are uncompressed JSONL bytes (JSONL.gz on disk)."
    )
    report = header + "\n\n" + table(rows)
    print(report)
    (HERE / "results.md").write_text(
        report + "\n\n```json\n" + json.dumps(rows, indent=1) + "\n```\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
