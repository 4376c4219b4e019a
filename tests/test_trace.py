"""Tracing: the ledger's rows, columns and facts, and the `trace` command around it."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from conftest import doc, write_corpus_file
from test_registry import OPTOUT, REGISTRY

import provenance
from provenance.cli import main
from provenance.errors import UserError
from provenance.tracing.ledger import conformance_errors, ledger_schema


@pytest.fixture
def corpus(in_tmp: Path) -> Path:
    """A small corpus: a registered wiki, a forum with dated licences, crawled news, junk."""
    (in_tmp / "sources.yaml").write_text(REGISTRY, encoding="utf-8")
    (in_tmp / "optout.csv").write_text(OPTOUT, encoding="utf-8")
    write_corpus_file(
        in_tmp / "corpus" / "wiki.jsonl.gz",
        [
            doc(0),
            doc(1, metadata={"license": "CC-BY-4.0", "url": "https://wiki.example.org/1"}),
            doc(2, metadata={"license": "see the website", "url": "https://wiki.example.org/2"}),
            doc(3, metadata={"url": "https://wiki.example.org/3"}, text="Grüße, 世界"),
            doc(
                4,
                metadata={"license": "MIT"},
                text="# SPDX-License-Identifier: GPL-2.0-only\nx = 1",
            ),
            doc(5, metadata={"license": "CC BY-SA"}, text="An article."),
            b"{broken",
        ],
    )
    write_corpus_file(
        in_tmp / "corpus" / "forum.jsonl",
        [
            doc(10, source="forum", created="2010-06-01", metadata={}),
            doc(11, source="forum", created="March 25, 2016", metadata={}),
            doc(12, source="forum", created="2019-01-01T10:00:00+02:00", metadata={}),
            doc(13, source="forum", created="", metadata={}),
            doc(14, source="forum", created="9999-01-01", metadata={}),
        ],
    )
    write_corpus_file(
        in_tmp / "corpus" / "news.jsonl.zst",
        [
            doc(20, source="cc", metadata={"url": "https://WWW.News.Example.DE:443/a?b=1"}),
            doc(21, source="cc", metadata={"url": "http://blog.example.com/x"}),
            doc(22, source="cc", metadata={"url": "https://unlisted.example.net/"}),
            doc(23, id=23, source=None, metadata={}),
        ],
    )
    return in_tmp


def run_trace(corpus: Path) -> pl.DataFrame:
    provenance.trace(["corpus"], out="ledger", sources="sources.yaml", optout="optout.csv")
    return pl.read_parquet("ledger/*.parquet").sort("input_file", "input_row")


def by_doc(ledger: pl.DataFrame) -> dict[str, dict]:
    return {row["doc_id"]: row for row in ledger.iter_rows(named=True)}


def test_ledger_has_one_row_per_record_and_conforms_to_its_schema(corpus: Path) -> None:
    run_trace(corpus)
    files = sorted(Path("ledger").glob("*.parquet"))
    assert [f.name for f in files] == [
        "corpus__forum.jsonl.parquet",
        "corpus__news.jsonl.zst.parquet",
        "corpus__wiki.jsonl.gz.parquet",
    ]
    total = 0
    for file in files:
        table = pq.read_table(file)
        assert conformance_errors(table) == []
        assert table.schema.equals(ledger_schema())
        total += table.num_rows
    assert total == 16
    record = json.loads(Path("ledger/trace.json").read_text())
    assert sum(entry["records"] for entry in record["inputs"]) == 16
    assert record["summary"]["quarantined"] == 1


def test_identity_hash_and_sizes(corpus: Path) -> None:
    rows = by_doc(run_trace(corpus))
    text = "Grüße, 世界"
    row = rows["wiki/d3"]
    assert row["content_sha256"] == hashlib.sha256(text.encode()).hexdigest()
    assert (row["n_bytes"], row["n_chars"]) == (len(text.encode()), len(text))
    assert rows["corpus/news.jsonl.zst#23"]["id"] == "23", "no source: keyed by input file"
    broken = rows["corpus/wiki.jsonl.gz#L7"]
    assert broken["status"] == "quarantined" and broken["input_row"] == 6
    assert broken["content_sha256"] is None and broken["license"] is None


def test_registered_source_facts_and_unknowns(corpus: Path) -> None:
    rows = by_doc(run_trace(corpus))
    wiki = rows["wiki/d0"]
    assert (wiki["source_id"], wiki["source_category"]) == ("wiki", "public-dataset")
    assert (wiki["collected_in"], wiki["personal_data"], wiki["stored_in"]) == ("US", "no", "US")
    assert wiki["subject_regions"] == ["WORLD"] and wiki["residency_evidence"] == "source"
    news = rows["cc/d20"]
    assert news["source_id"] == "news-de" and news["personal_data"] == "yes"
    assert news["domain"] == "example.de"
    unregistered = rows["cc/d22"]
    assert unregistered["source_id"] is None
    assert unregistered["source_category"] == "unknown"
    assert unregistered["personal_data"] == "unknown"
    assert unregistered["collected_in"] is None and unregistered["subject_regions"] is None
    assert unregistered["residency_evidence"] == "none"


def test_dates_keep_raw_values_and_parse_what_can_be_parsed(corpus: Path) -> None:
    rows = by_doc(run_trace(corpus))
    assert str(rows["forum/d11"]["created"]) == "2016-03-25 00:00:00+00:00"
    assert str(rows["forum/d12"]["created"]) == "2019-01-01 08:00:00+00:00"
    for doc_id, raw in [("forum/d13", ""), ("forum/d14", "9999-01-01")]:
        assert rows[doc_id]["created_raw"] == raw and rows[doc_id]["created"] is None
    assert str(rows["wiki/d0"]["acquired_at"]) == "2025-01-01 00:00:00+00:00"


def test_licence_precedence_conflicts_and_dated_source_defaults(corpus: Path) -> None:
    rows = by_doc(run_trace(corpus))
    same = rows["wiki/d0"]
    assert (same["license"], same["license_evidence"], same["license_conflict"]) == (
        "CC-BY-SA-4.0",
        "metadata",
        False,
    )
    # The source default is a fallback: a document's own declaration overrides it, noted.
    differs = rows["wiki/d1"]
    assert (differs["license"], differs["license_evidence"]) == ("CC-BY-4.0", "metadata")
    assert differs["license_conflict"] is False
    assert "the source's default licence is CC-BY-SA-4.0" in differs["license_notes"]
    assert differs["source_license"] == "CC-BY-SA-4.0"
    unreadable = rows["wiki/d2"]
    assert unreadable["license_raw"] == "see the website"
    assert (unreadable["license"], unreadable["license_evidence"]) == ("CC-BY-SA-4.0", "source")
    assert "not recognised" in unreadable["license_notes"]
    assert rows["wiki/d3"]["license_evidence"] == "source"
    # The document's own evidence disagrees: the SPDX tag wins, the conflict is flagged.
    tagged = rows["wiki/d4"]
    assert (tagged["license"], tagged["license_evidence"]) == ("GPL-2.0-only", "spdx-tag")
    assert (tagged["text_license"], tagged["license_raw"]) == ("GPL-2.0-only", "MIT")
    assert tagged["license_conflict"] is True and tagged["license_confidence"] < 0.5
    assert (tagged["text_span_start"], tagged["text_span_end"]) == (2, 39)
    # A family without a version is refined by the source's reviewed default.
    family = rows["wiki/d5"]
    assert (family["license"], family["license_evidence"]) == ("CC-BY-SA-4.0", "source")
    assert "refined" in family["license_notes"] and not family["license_conflict"]
    assert [rows[f"forum/d{i}"]["license"] for i in (10, 11, 12)] == [
        "CC-BY-SA-2.5",
        "CC-BY-SA-3.0",
        "CC-BY-SA-4.0",
    ]
    # Unknown creation date in a source whose licence changed: no guess.
    for i in (13, 14):
        row = rows[f"forum/d{i}"]
        assert (row["license"], row["license_evidence"], row["license_category"]) == (
            None,
            "none",
            "unknown",
        )
    assert rows["cc/d22"]["license"] is None


def test_optout_joined_on_registrable_domain(corpus: Path) -> None:
    rows = by_doc(run_trace(corpus))
    assert rows["cc/d20"]["optout"] == "reserved"
    assert rows["cc/d20"]["optout_signal"] == ["robots"]
    assert len(rows["cc/d20"]["optout_evidence"]) == 2
    assert rows["cc/d21"]["optout"] == "not-reserved"
    assert rows["cc/d22"]["optout"] == "unknown" and rows["cc/d22"]["optout_evidence"] is None


def test_trace_is_deterministic(corpus: Path) -> None:
    run_trace(corpus)
    first = {p.name: p.read_bytes() for p in Path("ledger").iterdir()}
    run_trace(corpus)
    second = {p.name: p.read_bytes() for p in Path("ledger").iterdir()}
    assert first == second


def test_output_folder_that_is_not_a_trace_is_refused(corpus: Path) -> None:
    Path("ledger").mkdir()
    (Path("ledger") / "precious.txt").write_text("keep me")
    with pytest.raises(UserError, match="folder is not empty"):
        provenance.trace(["corpus"], out="ledger")
    assert (Path("ledger") / "precious.txt").read_text() == "keep me"


def test_cli_trace_prints_summary_and_json(corpus: Path) -> None:
    runner = CliRunner()
    args = ["trace", "corpus", "--sources", "sources.yaml", "--optout", "optout.csv"]
    result = runner.invoke(main, [*args, "--out", "ledger"])
    assert result.exit_code == 0, result.output
    assert "documents: 16 (ok 15, quarantined 1)" in result.output
    assert "unregistered sources: cc 2" in result.output
    result = runner.invoke(main, [*args, "--out", "ledger", "--json"])
    summary = json.loads(result.stdout)
    assert summary["documents"] == 16 and summary["sources"]["forum"] == 5
    assert summary["quarantine_reasons"] == {"invalid-json": 1}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["trace", "nowhere", "--out", "o"], "error: nowhere: no such file or folder"),
        (
            ["trace", "corpus", "--sources", "missing.yaml", "--out", "o"],
            "missing.yaml: file not found",
        ),
        (
            ["trace", "corpus", "--optout", "sources.yaml", "--out", "o"],
            "not a readable opt-out table",
        ),
    ],
)
def test_cli_user_mistakes_exit_2_with_one_line(
    corpus: Path, args: list[str], message: str
) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
