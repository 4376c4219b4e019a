"""The floor: pyarrow reads the JSONL.gz corpus and writes it as Parquet with zstd, nothing else.

python bench/floor.py CORPUS_DIR OUT_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.json as pj
import pyarrow.parquet as pq


def main() -> None:
    corpus, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(corpus.glob("*.jsonl.gz")):
        with pa.input_stream(str(path), compression="gzip") as stream:
            table = pj.read_json(stream, read_options=pj.ReadOptions(block_size=16 << 20))
        pq.write_table(table, out / f"{path.name}.parquet", compression="zstd")


if __name__ == "__main__":
    main()
