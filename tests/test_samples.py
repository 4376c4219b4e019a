"""The README's main job on the sample corpus: every record accounted for, each case as documented."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
import pytest
from conftest import SAMPLES

from provenance.tracing.ledger import conformance_errors

# Deliberately malformed records, as listed in samples/README.md.
MALFORMED = {
    ("fedarchive/00000_fedarchive.jsonl", 12): "invalid-json",
    ("fedarchive/00000_fedarchive.jsonl", 40): "invalid-utf8",
    ("fedarchive/00000_fedarchive.jsonl", 77): "missing-id",
    ("fedarchive/00000_fedarchive.jsonl", 103): "text-not-string",
    ("openpedia/00001_openpedia.jsonl.gz", 25): "missing-text",
    ("openpedia/00001_openpedia.jsonl.gz", 60): "empty-text",
    ("openpedia/00001_openpedia.jsonl.gz", 95): "not-an-object",
    ("openpedia/00001_openpedia.jsonl.gz", 130): "invalid-json",
}


def _documented_records() -> dict[str, int]:
    """Records per input file as the generator documented them in samples/README.md."""
    counts = {}
    for line in (SAMPLES / "README.md").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\| `corpus/([^`]+)` \|.*\| (\d+)(?: \(.*\))? \|$", line)
        if match:
            counts[match.group(1).rstrip("/")] = int(match.group(2))
    return counts


@pytest.fixture(scope="module")
def sample_ledger(sample_ledger_dir: Path) -> tuple[pl.DataFrame, Path]:
    return pl.read_parquet(sorted(sample_ledger_dir.glob("*.parquet"))), sample_ledger_dir


def test_every_input_record_is_one_ledger_row(sample_ledger: tuple[pl.DataFrame, Path]) -> None:
    ledger, out = sample_ledger
    documented = _documented_records()
    assert len(documented) == 15 and sum(documented.values()) == 3829
    per_file = {
        name.split("corpus/")[1].split("/data-")[0]: n
        for name, n in ledger.group_by("input_file").len().iter_rows()
    }
    assert per_file == documented
    for file in out.glob("*.parquet"):
        assert conformance_errors(pq.read_table(file)) == []
    assert ledger["doc_id"].n_unique() == ledger.height


def test_malformed_samples_are_quarantined_where_documented(
    sample_ledger: tuple[pl.DataFrame, Path],
) -> None:
    ledger, _ = sample_ledger
    quarantined = ledger.filter(pl.col("status") == "quarantined")
    found = {
        (row["input_file"].split("corpus/")[1], row["input_line"]): row["quarantine_reason"].split(
            ":"
        )[0]
        for row in quarantined.iter_rows(named=True)
    }
    assert found == MALFORMED


def test_sample_facts(sample_ledger: tuple[pl.DataFrame, Path]) -> None:
    ledger, _ = sample_ledger
    ok = ledger.filter(pl.col("status") == "ok")
    by_source = dict(ok.group_by("source_id").len().iter_rows())
    assert by_source[None] == 150, "the blogroll source is not registered"
    assert ok.filter(pl.col("source") == "blogroll")["source_category"].unique().to_list() == [
        "unknown"
    ]
    # The pretty-printed record is one document.
    assert ok.filter(pl.col("id") == "889004").height == 1
    # The template placeholder and the mere mention of GPL grant nothing.
    placeholder = ok.filter(pl.col("id").str.contains("cookiecutter"))
    assert placeholder["text_license"].to_list() == [None]
    mention = ok.filter(pl.col("id") == "quietlabs/signal-utils/src/signal_utils/filters.py")
    assert mention["text_license"].to_list() == [None]
    # Each spelling of CC BY-SA 4.0 in the encyclopedia is read as CC-BY-SA-4.0, never as CC BY.
    pedia = ok.filter(pl.col("source_id") == "openpedia", pl.col("license_raw").is_not_null())
    by_raw = dict(pedia.group_by("license_raw").agg(pl.col("license").unique()).iter_rows())
    for raw, licences in by_raw.items():
        assert licences == (["CC-BY-SA-3.0"] if "3.0" in raw else ["CC-BY-SA-4.0"]), raw
    # Personal data of the review source is declared by the registry.
    reviews = ok.filter(pl.col("source_id") == "shopwise-reviews")
    assert reviews["personal_data"].unique().to_list() == ["yes"]
