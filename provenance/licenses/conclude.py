"""Concluding one licence per document from its evidence.

Three kinds of evidence can name a document's licence: the value declared in its metadata
(normalised), a grant detected in its text, and its source's default in the registry. The
concluded licence follows this precedence, strongest first:

1. `spdx-tag`: a machine-readable tag in the file itself (`SPDX-License-Identifier`, `license:`);
2. `metadata`: the declared value, when it names a licence;
3. `html`: `<meta name="license">`, JSON-LD, `rel="license"` in the page;
4. `header`: a licence notice or grant in the text;
5. `url`: a link to a licence deed;
6. `source`: the registry's default for the source and creation date, a fallback used only
   when the document itself names no licence;
7. `none`: nothing names a licence.

Evidence about the document (declared value, text) that names different licences sets
`license_conflict` and halves the confidence; a family and one of its versions, or public
domain and its scoped forms, agree, and the more specific one is concluded. A source default
that differs from the document's own evidence is noted, not a conflict: it is a default.
The decision is made once per distinct combination of evidence and joined back.
"""

from __future__ import annotations

import polars as pl

from provenance.licenses.knowledge import is_generic, same_licence

CONFLICT_FACTOR = 0.5
UNREADABLE_DECLARATION_FACTOR = 0.7
PRECEDENCE = ("spdx-tag", "metadata", "html", "header", "url", "source")
_KEYS = ["declared_license", "text_license", "text_evidence", "default_license"]


def _specific(a: str, b: str) -> bool:
    """Is `a` more specific than `b`, which it agrees with (a version of a family, a scope)?"""
    return is_generic(b) and not is_generic(a)


def decide(
    declared: str | None, text: str | None, text_evidence: str | None, default: str | None
) -> tuple[str, bool, str | None]:
    """(evidence kind that decides, document evidence conflicts, note) for one combination."""
    candidates = []
    if text is not None:
        candidates.append((PRECEDENCE.index(text_evidence), text_evidence, text))
    if declared is not None:
        candidates.append((PRECEDENCE.index("metadata"), "metadata", declared))
    candidates.sort()
    if not candidates:
        return ("source" if default is not None else "none"), False, None
    _, kind, chosen = candidates[0]
    conflict = any(not same_licence(chosen, other) for _, _, other in candidates[1:])
    note = None
    for _, other_kind, other in candidates[1:]:
        if same_licence(chosen, other) and _specific(other, chosen):
            kind, chosen, note = other_kind, other, f"refined to {other} by {other_kind} evidence"
    if default is not None and not conflict and not same_licence(chosen, default):
        note = "; ".join(filter(None, [note, f"the source's default licence is {default}"]))
    elif default is not None and same_licence(chosen, default) and _specific(default, chosen):
        kind, note = "source", f"refined to {default} by the source registry"
    return kind, conflict, note


def _decisions(frame: pl.DataFrame) -> pl.DataFrame:
    combinations = frame.select(_KEYS).unique()
    decided = [decide(*values) for values in combinations.iter_rows()]
    combinations = combinations.with_columns(
        pl.Series("license_evidence", [d[0] for d in decided], dtype=pl.String),
        pl.Series("evidence_conflict", [d[1] for d in decided], dtype=pl.Boolean),
        pl.Series("evidence_note", [d[2] for d in decided], dtype=pl.String),
    )
    return frame.select(_KEYS).join(
        combinations, on=_KEYS, how="left", nulls_equal=True, maintain_order="left"
    )


def conclude(frame: pl.DataFrame, usable: pl.Expr) -> pl.DataFrame:
    """Add the ledger's licence columns to a frame with declared_*, text_* and default_* columns.

    `usable` marks the rows that are documents (quarantined records conclude nothing).
    """
    decisions = _decisions(frame)
    frame = frame.with_columns(
        pl.when(usable)
        .then(decisions["license_evidence"])
        .otherwise(pl.lit("none"))
        .alias("license_evidence"),
        decisions["evidence_conflict"].alias("evidence_conflict"),
        decisions["evidence_note"].alias("evidence_note"),
    )
    chosen = pl.col("license_evidence")
    from_text = chosen.is_in(["spdx-tag", "html", "header", "url"])
    conflict = usable & (pl.col("evidence_conflict") | pl.col("text_conflict").fill_null(False))
    unreadable = pl.col("license_raw").is_not_null() & pl.col("declared_license").is_null()
    confidence = (
        pl.when(from_text)
        .then(pl.col("text_confidence"))
        .when(chosen == "metadata")
        .then(pl.col("declared_confidence"))
        .when(chosen == "source")
        .then(pl.col("default_confidence"))
        .otherwise(0.0)
    )
    confidence = (
        pl.when(conflict)
        .then(confidence * CONFLICT_FACTOR)
        .when(unreadable & (chosen != "none"))
        .then(confidence * UNREADABLE_DECLARATION_FACTOR)
        .otherwise(confidence)
    )
    notes = pl.concat_str(
        [
            pl.when(chosen == "metadata").then(pl.col("declared_notes")),
            pl.when(from_text).then(pl.col("text_notes")),
            pl.when(chosen == "source").then(pl.col("default_notes")),
            pl.when(unreadable).then(
                pl.lit("declared value not recognised: ") + pl.col("declared_notes")
            ),
            pl.when(conflict & pl.col("evidence_conflict")).then(
                pl.lit("evidence disagrees: declared ")
                + pl.col("declared_license").fill_null("-")
                + pl.lit(", text ")
                + pl.col("text_license").fill_null("-")
            ),
            pl.when(usable).then(pl.col("evidence_note")),
        ],
        separator="; ",
        ignore_nulls=True,
    )
    return frame.with_columns(
        pl.when(from_text)
        .then(pl.col("text_license"))
        .when(chosen == "metadata")
        .then(pl.col("declared_license"))
        .when(chosen == "source")
        .then(pl.col("default_license"))
        .alias("license"),
        pl.when(from_text)
        .then(pl.col("text_category"))
        .when(chosen == "metadata")
        .then(pl.col("declared_category"))
        .when(chosen == "source")
        .then(pl.col("default_category"))
        .otherwise(pl.lit("unknown"))
        .alias("license_category"),
        pl.when(usable).then(confidence).otherwise(0.0).round(3).alias("license_confidence"),
        conflict.alias("license_conflict"),
        pl.when(notes != "").then(notes).alias("license_notes"),
    )
