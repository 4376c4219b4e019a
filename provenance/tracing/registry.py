"""The source registry (`sources.yaml`): who each source is and the facts that hold for all of
its documents, and how a document is mapped to its source.

A document maps to a source by the value of its `source` field first (exact values or globs),
then by the host of its URL (the most specific domain pattern wins). A document that maps to no
entry is traced with every source fact unknown: never rejected, never guessed.
"""

from __future__ import annotations

import fnmatch
import itertools
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from provenance.errors import UserError
from provenance.resources import file_sha256
from provenance.validation import load_validated_yaml

UNKNOWN_CATEGORY = "unknown"


@dataclass(frozen=True)
class LicenseTerm:
    """A source's default licence for documents created in [start, end)."""

    license: str
    start: datetime | None
    end: datetime | None
    evidence_url: str
    note: str | None = None
    reviewed_by: str | None = None
    reviewed_at: str | None = None


@dataclass(frozen=True)
class Source:
    id: str
    name: str
    category: str
    source_values: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    homepage: str | None = None
    licenses: tuple[LicenseTerm, ...] = ()
    collected_in: str | None = None
    subject_regions: tuple[str, ...] | None = None
    personal_data: str = "unknown"
    stored_in: str | None = None
    crawler: str | None = None
    crawl_start: str | None = None
    crawl_end: str | None = None
    attribution: str | None = None


@dataclass(frozen=True)
class SourceRegistry:
    sources: tuple[Source, ...] = ()
    path: str | None = None
    sha256: str | None = None

    # -- mapping documents to sources -------------------------------------------------------

    def source_id_for(self, source_value: str | None, host: str | None) -> str | None:
        """The registered source of a document, by its `source` value, then its URL host."""
        if source_value is not None:
            for source in self.sources:
                if any(fnmatch.fnmatchcase(source_value, p) for p in source.source_values):
                    return source.id
        if host:
            best: tuple[int, str] | None = None
            for source in self.sources:
                for pattern in source.domains:
                    if _domain_matches(host, pattern) and (best is None or len(pattern) > best[0]):
                        best = (len(pattern), source.id)
            if best:
                return best[1]
        return None

    def source_ids(self, frame: pl.DataFrame) -> pl.Series:
        """source_id for a frame with `source` and `host` columns, once per distinct pair."""
        pairs = frame.select("source", "host").unique()
        mapped = pairs.with_columns(
            pl.Series(
                "source_id",
                [self.source_id_for(s, h) for s, h in pairs.iter_rows()],
                dtype=pl.String,
            )
        )
        return frame.select("source", "host").join(
            mapped, on=["source", "host"], how="left", nulls_equal=True, maintain_order="left"
        )["source_id"]

    # -- facts as a frame to join on source_id ------------------------------------------------

    def facts_frame(self) -> pl.DataFrame:
        """One row per source: the ledger's source and residency columns."""
        return pl.DataFrame(
            {
                "source_id": [s.id for s in self.sources],
                "source_category": [s.category for s in self.sources],
                "collected_in": [s.collected_in for s in self.sources],
                "subject_regions": [
                    list(s.subject_regions) if s.subject_regions is not None else None
                    for s in self.sources
                ],
                "personal_data": [s.personal_data for s in self.sources],
                "stored_in": [s.stored_in for s in self.sources],
            },
            schema={
                "source_id": pl.String,
                "source_category": pl.String,
                "collected_in": pl.String,
                "subject_regions": pl.List(pl.String),
                "personal_data": pl.String,
                "stored_in": pl.String,
            },
        )

    def default_license_expr(self, source_id: pl.Expr, created: pl.Expr) -> pl.Expr:
        """The registry's licence value for each document (by source and creation date), or null.

        A term with `from` / `until` applies only to documents whose creation date is known and
        inside it: a document of unknown date in a source whose licence changed over time gets
        no default licence rather than a guessed one.
        """
        expr: Any = pl
        chained = False
        for source in self.sources:
            for term in source.licenses:
                condition = source_id == source.id
                if term.start is not None:
                    condition = condition & (created >= term.start)
                if term.end is not None:
                    condition = condition & (created < term.end)
                expr = expr.when(condition).then(pl.lit(term.license))
                chained = True
        if not chained:
            return pl.lit(None, dtype=pl.String)
        return expr.otherwise(pl.lit(None, dtype=pl.String))

    def license_values(self) -> list[str]:
        return sorted({term.license for source in self.sources for term in source.licenses})


def _domain_matches(host: str, pattern: str) -> bool:
    if pattern.startswith("*."):
        base = pattern[2:]
        return host == base or host.endswith("." + base)
    return host == pattern


def _date(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value).replace(tzinfo=UTC) if value else None


def load_registry(path: str | Path | None) -> SourceRegistry:
    """Load and check a source registry; an empty registry when no path is given."""
    if path is None:
        return SourceRegistry()
    data, lines = load_validated_yaml(path, "sources.schema.json")
    file = str(path)
    sources: list[Source] = []
    seen_ids: dict[str, int] = {}
    seen_values: dict[str, str] = {}
    seen_domains: dict[str, str] = {}
    for index, entry in enumerate(data["sources"]):
        line = lines.get(("sources", index), 1)
        if entry["id"] in seen_ids:
            raise UserError(
                f"{file}:{line}: sources[{index}].id: {entry['id']!r} is already used on line "
                f"{seen_ids[entry['id']]}; ids must be unique"
            )
        seen_ids[entry["id"]] = line
        match = entry["match"]
        for value in match.get("source", []):
            if value in seen_values:
                raise UserError(
                    f"{file}:{line}: sources[{index}].match.source: {value!r} already maps to "
                    f"{seen_values[value]!r}; a source value can map to one source only"
                )
            seen_values[value] = entry["id"]
        for pattern in match.get("domains", []):
            if pattern in seen_domains:
                raise UserError(
                    f"{file}:{line}: sources[{index}].match.domains: {pattern!r} already maps to "
                    f"{seen_domains[pattern]!r}; a domain can map to one source only"
                )
            seen_domains[pattern] = entry["id"]
        terms = tuple(_license_term(term) for term in entry.get("licenses", []))
        _check_terms(terms, file, lines.get(("sources", index, "licenses"), line), index)
        residency = entry.get("residency", {})
        crawl = entry.get("crawl", {})
        sources.append(
            Source(
                id=entry["id"],
                name=entry["name"],
                category=entry["category"],
                source_values=tuple(match.get("source", [])),
                domains=tuple(match.get("domains", [])),
                homepage=entry.get("homepage"),
                licenses=terms,
                collected_in=residency.get("collected_in"),
                subject_regions=(
                    tuple(residency["subject_regions"]) if "subject_regions" in residency else None
                ),
                personal_data=residency.get("personal_data", "unknown"),
                stored_in=residency.get("stored_in"),
                crawler=crawl.get("crawler"),
                crawl_start=crawl.get("start"),
                crawl_end=crawl.get("end"),
                attribution=entry.get("attribution"),
            )
        )
    return SourceRegistry(tuple(sources), path=file, sha256=file_sha256(path))


def _license_term(term: dict[str, Any]) -> LicenseTerm:
    evidence = term["evidence"]
    return LicenseTerm(
        license=term["license"],
        start=_date(term.get("from")),
        end=_date(term.get("until")),
        evidence_url=evidence["url"],
        note=evidence.get("note"),
        reviewed_by=evidence.get("reviewed_by"),
        reviewed_at=evidence.get("reviewed_at"),
    )


def _check_terms(terms: tuple[LicenseTerm, ...], file: str, line: int, index: int) -> None:
    """Licence periods must be well formed and must not overlap (one licence per date)."""
    where = f"{file}:{line}: sources[{index}].licenses"
    for term in terms:
        if term.start and term.end and term.start >= term.end:
            raise UserError(f"{where}: a term's `from` must be before its `until`")
    lowest = datetime.min.replace(tzinfo=UTC)
    highest = datetime.max.replace(tzinfo=UTC)
    spans = sorted((t.start or lowest, t.end or highest) for t in terms)
    for (_, end), (start, _) in itertools.pairwise(spans):
        if start < end:
            raise UserError(
                f"{where}: licence terms overlap; give each term `from` / `until` dates that "
                "do not overlap"
            )
