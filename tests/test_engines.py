"""Engines only schedule the unit of work: every engine, and splitting a large input into
parts, gives the same results."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import polars as pl
import pytest
from conftest import SAMPLES, doc, write_corpus_file

import provenance
from provenance.errors import UserError
from provenance.read import discover_inputs, read_documents
from provenance.read.inputs import split_large
from provenance.releasing import release

POLICY = SAMPLES / "policies" / "open-definition.yaml"
ARGS = {"sources": SAMPLES / "sources.yaml", "optout": SAMPLES / "optout.csv"}


def files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture(autouse=True)
def _fixed_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")


def test_serial_and_process_pool_releases_are_byte_identical(tmp_path: Path) -> None:
    outputs = {}
    for engine, workers in (("serial", None), ("local", 2), ("local", 3)):
        out = tmp_path / f"{engine}-{workers}"
        release([str(SAMPLES / "corpus")], POLICY, out, engine=engine, workers=workers, **ARGS)
        outputs[(engine, workers)] = files(out)
    first = outputs[("serial", None)]
    assert all(result == first for result in outputs.values())


@pytest.mark.slow
def test_ray_release_is_byte_identical_with_a_local_ray_instance(tmp_path: Path) -> None:
    pytest.importorskip("ray", reason="install the ray extra: pip install '.[ray]'")
    serial, on_ray = tmp_path / "serial", tmp_path / "ray"
    release([str(SAMPLES / "corpus")], POLICY, serial, engine="serial", **ARGS)
    release([str(SAMPLES / "corpus")], POLICY, on_ray, engine="ray", **ARGS)
    assert files(on_ray) == files(serial)


def test_missing_ray_gives_a_clear_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` now fails
    with pytest.raises(UserError, match=r"pip install 'provenance\[ray\]'"):
        release(
            [str(SAMPLES / "corpus" / "synthqa")], POLICY, tmp_path / "out", engine="ray", **ARGS
        )


def test_a_large_jsonl_file_is_read_in_parts_with_the_same_records(tmp_path: Path) -> None:
    records = [doc(i, text=f"record {i} " + "word " * 100) for i in range(4000)]
    records.insert(2000, json.dumps(doc(99999), indent=2).encode())  # a multi-line record
    records.insert(1000, b"not json")
    path = write_corpus_file(tmp_path / "big.jsonl", records)
    (whole,) = discover_inputs([str(path)])[0]
    parts = split_large([whole], split_bytes=300_000)
    assert len(parts) > 3
    read = lambda shards: [  # noqa: E731
        (r["input_row"], r["input_line"], r["id"], r["status"])
        for s in shards
        for t in read_documents(s)
        for r in t.to_pylist()
    ]
    assert read(parts) == read([whole])


def test_a_large_parquet_file_is_split_by_row_groups(tmp_path: Path) -> None:
    texts = [hashlib.sha256(str(i).encode()).hexdigest() * 5 for i in range(5000)]
    frame = pl.DataFrame(
        {"id": [str(i) for i in range(5000)], "text": texts, "source": ["s"] * 5000}
    )
    path = tmp_path / "big.parquet"
    frame.write_parquet(path, row_group_size=500)
    (whole,) = discover_inputs([str(path)])[0]
    parts = split_large([whole], split_bytes=200_000)
    assert len(parts) > 2
    rows = [r["input_row"] for s in parts for t in read_documents(s) for r in t.to_pylist()]
    assert rows == list(range(5000))


def test_trace_with_parts_accounts_for_every_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_corpus_file(tmp_path / "big.jsonl", [doc(i, text="w " * 300) for i in range(2000)])
    import provenance.tracing.run as trace_run

    monkeypatch.setattr(trace_run, "split_large", lambda shards: split_large(shards, 200_000))
    summary = provenance.trace(["big.jsonl"], out="ledger", engine="serial")
    assert summary["documents"] == 2000
    assert len(list(Path("ledger").glob("big.jsonl.part*.parquet"))) > 2
