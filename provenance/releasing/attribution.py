"""ATTRIBUTION.md: what the licences of the included documents ask for, grouped by source.

The per-document table (`attribution/*.parquet`: document, source, licence, authors, URL,
shard and row) is written by each unit of work; this page summarises it per source so that it
stays readable at millions of documents, and points to the table for the details.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import polars as pl

from provenance.releasing.process import OutputFile
from provenance.resources import file_sha256
from provenance.tracing.registry import SourceRegistry

ATTRIBUTION = "ATTRIBUTION.md"
CHANGES = (
    "The documents are redistributed as published: their text is unchanged; they were "
    "selected, re-encoded and annotated with provenance fields (licence, evidence, content hash)."
)


def _deed(license_id: str) -> str:
    match = license_id.split("-")
    if license_id.startswith("CC-") and len(match) >= 3:
        code = "-".join(part.lower() for part in match[1:-1])
        return f"https://creativecommons.org/licenses/{code}/{match[-1]}/"
    return f"https://spdx.org/licenses/{license_id}.html"


def _author_counts(values: pl.Series) -> list[tuple[str, int]]:
    """Authors by number of documents; a value is a JSON list of names or a single name."""
    counts: dict[str, int] = {}
    for value, n in values.drop_nulls().value_counts().iter_rows():
        try:
            names = json.loads(value)
        except ValueError:
            names = value
        for name in names if isinstance(names, list) else [names]:
            counts[str(name)] = counts.get(str(name), 0) + n
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def write_attribution(out: Path, parts: list[str], registry: SourceRegistry) -> OutputFile:
    table = (
        pl.scan_parquet([str(out / part) for part in parts]).collect() if parts else pl.DataFrame()
    )
    names = {source.id: source for source in registry.sources}
    lines = [
        "# Attribution",
        "",
        "Documents in this release whose licences require attribution, grouped by source.",
        "Every document is listed with its authors, URL, licence and place in the release in",
        "the machine-readable table `attribution/*.parquet`.",
        "",
        f"Notice of changes: {CHANGES}",
        "",
    ]
    if table.height == 0:
        lines.append("No included document requires attribution.")
    else:
        groups = table.group_by("source_id", "source").agg(pl.len().alias("documents"))
        groups = groups.sort("documents", "source_id", descending=[True, False], nulls_last=True)
        for source_id, source_value, documents in groups.iter_rows():
            entry = names.get(source_id) if source_id else None
            title = entry.name if entry else (source_value or "unknown source")
            lines += [f"## {title}", ""]
            if entry and entry.homepage:
                lines.append(f"- Homepage: {entry.homepage}")
            lines.append(f"- Source id: {source_id or 'not registered'}; documents: {documents}")
            if entry and entry.attribution:
                lines.append(f"- Attribution: {entry.attribution}")
            in_source = table.filter(
                pl.col("source_id").eq_missing(source_id)
                & pl.col("source").eq_missing(source_value)
            )
            licences = (
                in_source.group_by("license").len().sort("len", "license", descending=[True, False])
            )
            lines.append("- Licences:")
            for license_id, n in licences.iter_rows():
                lines.append(f"  - {license_id} ({_deed(license_id)}): {n} documents")
            authors = _author_counts(in_source["authors"])
            if authors:
                shown = ", ".join(name for name, _ in authors[:10])
                more = f" and {len(authors) - 10} more" if len(authors) > 10 else ""
                lines.append(f"- Authors (most frequent): {shown}{more}")
            lines.append("")
    path = out / ATTRIBUTION
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    temporary.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")
    os.replace(temporary, path)
    return OutputFile(ATTRIBUTION, file_sha256(path), path.stat().st_size, table.height)
