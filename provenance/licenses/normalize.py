"""Normalising raw licence values to SPDX expressions.

This first version recognises exact SPDX ids and expressions (deprecated ids are upgraded, the
raw value is kept by the caller) and nothing else: every other value is an honest unknown with
a note, never a guessed licence. The licence knowledge base (aliases, URLs, names, facts) grows
it without changing this interface.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import cache, lru_cache

import polars as pl
from license_expression import ExpressionError, get_spdx_licensing

UNKNOWN = "unknown"


@dataclass(frozen=True)
class NormalizedLicense:
    raw: str | None
    license: str | None
    category: str
    confidence: float
    notes: str | None


@cache
def _licensing():
    return get_spdx_licensing()


@lru_cache(maxsize=65536)
def normalize(raw: str | None) -> NormalizedLicense:
    """The SPDX expression a raw licence value names, or an unknown with the reason."""
    if raw is None or not raw.strip():
        return NormalizedLicense(raw, None, UNKNOWN, 0.0, "no licence value")
    text = raw.strip()
    try:
        expression = _licensing().parse(text, validate=True, strict=True)
    except ExpressionError:
        return NormalizedLicense(raw, None, UNKNOWN, 0.0, "not a recognised licence")
    if expression is None:
        return NormalizedLicense(raw, None, UNKNOWN, 0.0, "not a recognised licence")
    rendered = expression.render("{symbol.key}")
    notes = "deprecated SPDX id upgraded" if rendered.lower() != text.lower() else None
    return NormalizedLicense(raw, rendered, UNKNOWN, 0.9, notes)


def normalize_values(values: list[str | None]) -> pl.DataFrame:
    """One row per distinct value: raw, license, category, confidence, notes."""
    distinct = sorted({value for value in values if value is not None})
    rows = [asdict(normalize(value)) for value in distinct]
    return pl.DataFrame(
        rows,
        schema={
            "raw": pl.String,
            "license": pl.String,
            "category": pl.String,
            "confidence": pl.Float64,
            "notes": pl.String,
        },
        orient="row",
    )
