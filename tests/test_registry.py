"""The source registry and the opt-out table: loading, checking with line numbers, mapping."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from provenance.errors import UserError
from provenance.tracing.optout import load_optout
from provenance.tracing.registry import load_registry

REGISTRY = """\
version: 1
sources:
  - id: wiki
    name: Example Encyclopedia
    homepage: https://wiki.example.org
    match:
      source: [wiki, "wiki-*"]
      domains: ["*.wiki.example.org"]
    category: public-dataset
    licenses:
      - license: CC-BY-SA-4.0
        evidence: {url: https://wiki.example.org/terms, reviewed_by: A. Reviewer, reviewed_at: 2026-01-05}
    residency: {collected_in: US, subject_regions: [WORLD], personal_data: no, stored_in: US}
    attribution: Text from Example Encyclopedia contributors.
  - id: forum
    name: Example Forum
    match: {source: [forum]}
    category: user-data
    licenses:
      - license: CC-BY-SA-2.5
        until: 2011-04-08
        evidence: {url: https://forum.example/terms-2010}
      - license: CC-BY-SA-3.0
        from: 2011-04-08
        until: 2018-05-02
        evidence: {url: https://forum.example/terms-2011}
      - license: CC-BY-SA-4.0
        from: 2018-05-02
        evidence: {url: https://forum.example/terms-2018}
  - id: news-de
    name: German news
    match: {domains: [news.example.de, "*.example.de"]}
    category: crawled
    crawl: {crawler: CCBot/2.0, start: 2024-01-01, end: 2024-06-30}
    residency: {collected_in: DE, subject_regions: [DE, EU], personal_data: "yes", stored_in: DE}
"""


def write(tmp_path: Path, text: str, name: str = "sources.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_registry_loads_with_strict_yaml_types(tmp_path: Path) -> None:
    registry = load_registry(write(tmp_path, REGISTRY))
    wiki, forum, news = registry.sources
    assert wiki.personal_data == "no", "YAML `no` stays the string 'no', not False"
    assert wiki.licenses[0].reviewed_at == "2026-01-05", "dates stay text, checked by the schema"
    assert [t.license for t in forum.licenses] == ["CC-BY-SA-2.5", "CC-BY-SA-3.0", "CC-BY-SA-4.0"]
    assert news.crawler == "CCBot/2.0" and news.subject_regions == ("DE", "EU")
    assert registry.sha256 and len(registry.sha256) == 64


def test_documents_map_by_source_value_then_most_specific_domain(tmp_path: Path) -> None:
    registry = load_registry(write(tmp_path, REGISTRY))
    assert registry.source_id_for("wiki", None) == "wiki"
    assert registry.source_id_for("wiki-fr", "anything.example.com") == "wiki"
    assert registry.source_id_for(None, "en.wiki.example.org") == "wiki"
    assert registry.source_id_for(None, "wiki.example.org") == "wiki"
    assert registry.source_id_for("crawl", "news.example.de") == "news-de"
    assert registry.source_id_for("crawl", "blog.example.de") == "news-de"
    assert registry.source_id_for("unknown", "other.example.com") is None
    frame = pl.DataFrame({"source": ["wiki", None, "x"], "host": [None, "a.example.de", None]})
    assert registry.source_ids(frame).to_list() == ["wiki", "news-de", None]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            ("    category: public-dataset", "    catgory: public-dataset"),
            r":9: sources\[0\].catgory: unknown key 'catgory'; did you mean 'category'\?",
        ),
        (
            ("    category: user-data", "    category: forum-posts"),
            r":18: sources\[1\].category: 'forum-posts' is not allowed; expected one of: public-dataset",
        ),
        (("    name: Example Forum\n", ""), r":15: sources\[1\]: 'name' is required but missing"),
        (
            ("personal_data: no,", "personal_data: maybe,"),
            r":13: sources\[0\].residency.personal_data: 'maybe' is not allowed",
        ),
        (
            ("reviewed_at: 2026-01-05", "reviewed_at: 5 Jan 2026"),
            r":12: sources\[0\].licenses\[0\].evidence.reviewed_at: '5 Jan 2026' does not have the expected form",
        ),
        (
            ("collected_in: DE", "collected_in: Germany"),
            r"sources\[2\].residency.collected_in: 'Germany' does not have the expected form",
        ),
        (
            ("  - id: forum", "  - id: wiki"),
            r":15: sources\[1\].id: 'wiki' is already used on line 3",
        ),
        (("match: {source: [forum]}", "match: {source: [wiki]}"), r"'wiki' already maps to 'wiki'"),
        (("        until: 2011-04-08\n", ""), r"sources\[1\].licenses: licence terms overlap"),
        (
            (
                "    match: {source: [forum]}",
                "    match: {source: [forum]}\n    match: {source: [f]}",
            ),
            r":18: duplicate key 'match' \(first given on line 17\)",
        ),
        (("  - id: forum", "  - id: forum\n  bad indent"), r":1[67]: not valid YAML"),
    ],
)
def test_registry_errors_name_file_line_and_expectation(
    tmp_path: Path, edit: tuple[str, str], expected: str
) -> None:
    old, new = edit
    assert old in REGISTRY
    path = write(tmp_path, REGISTRY.replace(old, new, 1))
    with pytest.raises(UserError, match=expected) as error:
        load_registry(path)
    assert error.value.message.startswith(str(path))


def test_registry_missing_file_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"sources\.yaml: file not found"):
        load_registry(tmp_path / "sources.yaml")


OPTOUT = """\
domain,signal,reserved,observed_at,evidence_url
www.news.example.de,robots,true,2024-03-01,https://news.example.de/robots.txt
news.example.de,tdmrep,false,2024-03-01,https://news.example.de/.well-known/tdmrep.json
blog.example.com,robots,true,2023-01-01,https://blog.example.com/robots.txt
blog.example.com,robots,false,2025-01-01T12:00:00Z,https://blog.example.com/robots.txt
open.example.org,aipref,false,2025-06-01,
"""


def test_optout_table_reduces_domains_and_keeps_every_observation(tmp_path: Path) -> None:
    table = load_optout(write(tmp_path, OPTOUT, "optout.csv"))
    rows = {row["domain"]: row for row in table.by_domain.iter_rows(named=True)}
    assert set(rows) == {"example.de", "example.com", "example.org"}
    assert rows["example.de"]["optout"] == "reserved"
    assert rows["example.de"]["optout_signal"] == ["robots"]
    assert [e["signal"] for e in rows["example.de"]["optout_evidence"]] == ["robots", "tdmrep"]
    # The latest robots observation lifted the reservation.
    assert rows["example.com"]["optout"] == "not-reserved"
    assert len(rows["example.com"]["optout_evidence"]) == 2
    assert rows["example.org"]["optout"] == "not-reserved"
    assert table.observations == 5


def test_optout_table_as_parquet(tmp_path: Path) -> None:
    frame = pl.read_csv(write(tmp_path, OPTOUT, "optout.csv"), infer_schema=False)
    frame.write_parquet(tmp_path / "optout.parquet")
    table = load_optout(tmp_path / "optout.parquet")
    assert table.by_domain.height == 3


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (("robots,true,2023", "robot,true,2023"), r"optout.csv:line 4: signal must be one of"),
        (("aipref,false", "aipref,no"), r"optout.csv:line 6: reserved must be true or false"),
        (("2025-06-01", "June 2025?"), r"optout.csv:line 6: observed_at must be an ISO date"),
        (
            ("domain,signal", "host,signal"),
            r"optout.csv:1: columns must be .*missing domain; unknown host",
        ),
    ],
)
def test_optout_errors_name_the_line(tmp_path: Path, edit: tuple[str, str], expected: str) -> None:
    path = write(tmp_path, OPTOUT.replace(*edit), "optout.csv")
    with pytest.raises(UserError, match=expected):
        load_optout(path)
