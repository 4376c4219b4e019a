"""Reading corpora: every format, the field variations of real corpora, and malformed input."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import datasets
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard
from conftest import doc, jsonl_bytes, write_corpus_file

from provenance.errors import UserError
from provenance.read import discover_inputs, read_documents


def read_all(path: str | Path) -> list[dict]:
    shards, _ = discover_inputs([str(path)])
    rows: list[dict] = []
    for shard in shards:
        for table in read_documents(shard, batch_rows=7):
            rows.extend(table.to_pylist())
    return rows


@pytest.mark.parametrize("name", ["c.jsonl", "c.jsonl.gz", "c.jsonl.zst", "c.json"])
def test_jsonl_formats_read_the_same_documents(in_tmp: Path, name: str) -> None:
    write_corpus_file(in_tmp / name, [doc(i) for i in range(20)])
    rows = read_all(name)
    assert [r["id"] for r in rows] == [f"d{i}" for i in range(20)]
    assert [r["input_row"] for r in rows] == list(range(20))
    assert [r["input_line"] for r in rows] == list(range(1, 21))
    assert all(r["status"] == "ok" and r["input_file"] == name for r in rows)
    assert rows[3]["text"] == doc(3)["text"]
    assert rows[3]["license_raw"] == "CC-BY-SA-4.0"
    assert rows[3]["url"] == "https://en.wiki.example.org/p/3"


def test_field_variations_are_kept_not_rejected(in_tmp: Path) -> None:
    records = [
        doc(0, id=17),
        doc(1, metadata={"license": ["MIT", "Apache-2.0"], "url": "u"}),
        doc(2, metadata={"license": "MIT, Apache-2.0"}),
        doc(3, created="March 25, 2016"),
        doc(4, created=""),
        doc(5, created=None),
        doc(6, created="9999-01-01"),
        doc(7, lang="en", quality_score=0.5),
        doc(8, metadata=json.dumps({"license": "CC0-1.0", "url": "http://x.example"})),
        doc(9, metadata=None),
    ]
    write_corpus_file(in_tmp / "v.jsonl", records)
    rows = read_all("v.jsonl")
    assert all(r["status"] == "ok" for r in rows)
    assert rows[0]["id"] == "17"
    assert rows[1]["license_raw"] == '["MIT","Apache-2.0"]'
    assert rows[2]["license_raw"] == "MIT, Apache-2.0"
    assert [r["created_raw"] for r in rows[3:7]] == ["March 25, 2016", "", None, "9999-01-01"]
    assert json.loads(rows[7]["extra"]) == {"lang": "en", "quality_score": 0.5}
    assert rows[8]["license_raw"] == "CC0-1.0" and rows[8]["url"] == "http://x.example"
    assert rows[9]["metadata"] == "{}"


MALFORMED = [
    (b"this is not json", "invalid-json"),
    (b'{"id": "u", "text": "caf\xe9", "source": "s"}', "invalid-utf8"),
    (json.dumps({"id": "a", "source": "s"}).encode(), "missing-text"),
    (json.dumps({"id": "b", "text": 42, "source": "s"}).encode(), "text-not-string"),
    (json.dumps({"id": "c", "text": "", "source": "s"}).encode(), "empty-text"),
    (json.dumps({"text": "no id here", "source": "s"}).encode(), "missing-id"),
    (json.dumps({"id": 1.5, "text": "float id", "source": "s"}).encode(), "id-wrong-type"),
    (json.dumps([1, 2, 3]).encode(), "not-an-object"),
    (json.dumps({"id": "m", "text": "x", "metadata": [1]}).encode(), "metadata-not-object"),
    (b'{"id": "t", "text": "truncated li', "invalid-json"),
]


@pytest.mark.parametrize("name", ["bad.jsonl", "bad.jsonl.gz", "bad.jsonl.zst"])
def test_each_malformed_record_is_quarantined_with_its_line_and_reason(
    in_tmp: Path, name: str
) -> None:
    records: list[dict | bytes] = [doc(0)]
    for line, _ in MALFORMED:
        records += [line, doc(len(records))]
    write_corpus_file(in_tmp / name, records)
    rows = read_all(name)
    assert len(rows) == len(records), "every line is one ledger row: nothing lost"
    quarantined = [r for r in rows if r["status"] == "quarantined"]
    assert [r["quarantine_reason"].split(":")[0] for r in quarantined] == [c for _, c in MALFORMED]
    assert [r["input_line"] for r in quarantined] == list(range(2, 2 * len(MALFORMED) + 1, 2))
    assert all(r["text"] is None for r in quarantined)
    good = [r for r in rows if r["status"] == "ok"]
    assert len(good) == len(MALFORMED) + 1


def test_blank_lines_are_not_records_and_crlf_is_accepted(in_tmp: Path) -> None:
    data = jsonl_bytes([doc(0)]) + b"\n   \n" + json.dumps(doc(1)).encode() + b"\r\n"
    (in_tmp / "b.jsonl").write_bytes(data)
    rows = read_all("b.jsonl")
    assert [(r["id"], r["input_line"]) for r in rows] == [("d0", 1), ("d1", 4)]


def test_pretty_printed_record_spanning_lines_is_one_record(in_tmp: Path) -> None:
    pretty = json.dumps(doc(1), indent=2).encode()
    data = jsonl_bytes([doc(0), pretty, doc(2), b"{", doc(3)])
    (in_tmp / "p.jsonl").write_bytes(data)
    rows = read_all("p.jsonl")
    assert [r["id"] for r in rows] == ["d0", "d1", "d2", None, "d3"]
    assert rows[1]["status"] == "ok" and rows[1]["input_line"] == 2
    # An opening brace that never closes is quarantined alone; what follows is still read.
    assert rows[3]["status"] == "quarantined" and rows[3]["quarantine_reason"].startswith(
        "invalid-json"
    )
    assert rows[4]["status"] == "ok"


@pytest.mark.parametrize("suffix", [".gz", ".zst"])
def test_truncated_compressed_file_keeps_documents_before_the_damage(
    in_tmp: Path, suffix: str
) -> None:
    records = [doc(i, text=f"document {i} " + "word " * 200) for i in range(3000)]
    path = write_corpus_file(in_tmp / f"t.jsonl{suffix}", records)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    rows = read_all(path.name)
    ok = [r for r in rows if r["status"] == "ok"]
    damage = [r for r in rows if (r["quarantine_reason"] or "").startswith("truncated-input")]
    assert 0 < len(ok) < 3000
    assert [r["id"] for r in ok] == [f"d{i}" for i in range(len(ok))], "prefix kept in order"
    assert len(damage) == 1
    assert f"compressed byte {len(data) // 2}" in damage[0]["quarantine_reason"]
    assert rows[-1] is damage[0] or rows[-1]["quarantine_reason"] == damage[0]["quarantine_reason"]


def test_corrupt_gzip_is_reported_and_earlier_documents_kept(in_tmp: Path) -> None:
    records = [doc(i, text="payload " * 300) for i in range(2000)]
    path = write_corpus_file(in_tmp / "c.jsonl.gz", records)
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = b"\x00" * 64
    path.write_bytes(bytes(data))
    rows = read_all(path.name)
    assert any(r["status"] == "ok" for r in rows)
    reasons = [r["quarantine_reason"] for r in rows if r["status"] == "quarantined"]
    assert any(reason.startswith("truncated-input: corrupt gzip") for reason in reasons)


def test_concatenated_gzip_members_and_zstd_frames_are_all_read(in_tmp: Path) -> None:
    first, second = jsonl_bytes([doc(0), doc(1)]), jsonl_bytes([doc(2)])
    (in_tmp / "m.jsonl.gz").write_bytes(gzip.compress(first) + gzip.compress(second))
    compressor = zstandard.ZstdCompressor()
    (in_tmp / "m.jsonl.zst").write_bytes(compressor.compress(first) + compressor.compress(second))
    assert [r["id"] for r in read_all("m.jsonl.gz")] == ["d0", "d1", "d2"]
    assert [r["id"] for r in read_all("m.jsonl.zst")] == ["d0", "d1", "d2"]


def _parquet_docs(n: int) -> list[dict]:
    return [
        {
            "id": i,
            "text": f"parquet text {i}",
            "source": "papers",
            "added": "2025-02-01T00:00:00Z",
            "created": "2019-07-01",
            "metadata": {
                "license": "CC-BY-4.0" if i % 2 else None,
                "url": f"https://papers.example.ac.uk/{i}",
                "authors": ["A. Author"],
            },
            "year": 2019,
        }
        for i in range(n)
    ]


def test_parquet_with_struct_metadata_and_integer_ids(in_tmp: Path) -> None:
    pq.write_table(pa.Table.from_pylist(_parquet_docs(10)), in_tmp / "p.parquet")
    rows = read_all("p.parquet")
    assert [r["id"] for r in rows] == [str(i) for i in range(10)]
    assert [r["input_row"] for r in rows] == list(range(10))
    assert rows[1]["license_raw"] == "CC-BY-4.0" and rows[0]["license_raw"] is None
    assert rows[1]["url"] == "https://papers.example.ac.uk/1"
    assert json.loads(rows[1]["metadata"])["authors"] == ["A. Author"]
    assert json.loads(rows[1]["extra"]) == {"year": 2019}
    assert rows[0]["input_line"] is None


def test_parquet_with_json_string_metadata_and_list_licences(in_tmp: Path) -> None:
    records = _parquet_docs(4)
    for record in records:
        record["metadata"] = json.dumps({"license": ["MIT", "CC0-1.0"], "url": "http://a.example"})
        record["id"] = f"x{record['id']}"
    pq.write_table(pa.Table.from_pylist(records), in_tmp / "j.parquet")
    rows = read_all("j.parquet")
    assert rows[0]["license_raw"] == '["MIT","CC0-1.0"]'
    assert rows[0]["url"] == "http://a.example"
    assert rows[2]["id"] == "x2"


def test_parquet_bad_rows_are_quarantined(in_tmp: Path) -> None:
    table = pa.table(
        {
            "id": ["a", None, "c", "d"],
            "text": ["fine", "no id", None, ""],
            "source": ["s", "s", "s", "s"],
        }
    )
    pq.write_table(table, in_tmp / "q.parquet")
    rows = read_all("q.parquet")
    assert [r["status"] for r in rows] == ["ok", "quarantined", "quarantined", "quarantined"]
    assert [(r["quarantine_reason"] or "").split(":")[0] for r in rows] == [
        "",
        "missing-id",
        "missing-text",
        "empty-text",
    ]
    pq.write_table(pa.table({"id": ["a"], "text": [5]}), in_tmp / "w.parquet")
    assert read_all("w.parquet")[0]["quarantine_reason"].startswith("text-not-string")


def test_huggingface_saved_dataset_and_dataset_dict(in_tmp: Path) -> None:
    records = _parquet_docs(12)
    dataset = datasets.Dataset.from_list(records)
    dataset.save_to_disk(str(in_tmp / "hf"))
    rows = read_all("hf")
    assert [r["id"] for r in rows] == [str(i) for i in range(12)]
    assert rows[0]["input_file"].startswith("hf/") and rows[0]["input_file"].endswith(".arrow")
    assert rows[1]["license_raw"] == "CC-BY-4.0"
    splits = datasets.DatasetDict({"train": dataset, "test": dataset.select(range(3))})
    splits.save_to_disk(str(in_tmp / "hfdict"))
    assert len(read_all("hfdict")) == 15
    dataset.to_parquet(str(in_tmp / "hfparquet" / "train-00000-of-00001.parquet"))
    assert len(read_all("hfparquet")) == 12


def test_discovery_orders_folders_and_globs_and_reports_skipped_files(in_tmp: Path) -> None:
    write_corpus_file(in_tmp / "corpus" / "b" / "01.jsonl.gz", [doc(1)])
    write_corpus_file(in_tmp / "corpus" / "a" / "00.jsonl", [doc(0)])
    (in_tmp / "corpus" / "README.md").write_text("notes")
    shards, skipped = discover_inputs(["corpus"])
    assert [s.name for s in shards] == ["corpus/a/00.jsonl", "corpus/b/01.jsonl.gz"]
    assert skipped == ["corpus/README.md"]
    shards, _ = discover_inputs(["corpus/*/*.jsonl*", "corpus/a/00.jsonl"])
    assert [s.name for s in shards] == ["corpus/a/00.jsonl", "corpus/b/01.jsonl.gz"]


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        ("missing.jsonl", "missing.jsonl: no such file or folder"),
        ("nothing*.jsonl", "the pattern matches no file"),
        ("notes.txt", "unknown corpus format"),
        ("empty", "no corpus files found"),
    ],
)
def test_bad_input_paths_give_one_clear_error(in_tmp: Path, argument: str, message: str) -> None:
    (in_tmp / "notes.txt").write_text("x")
    (in_tmp / "empty").mkdir()
    with pytest.raises(UserError, match=message.replace("*", r"\*")) as error:
        discover_inputs([argument])
    assert "\n" not in error.value.message
