"""Parsing `created` / `added` values once per distinct value.

Real corpora write dates as ISO dates or datetimes, free text ("March 25, 2016"), empty
strings, nulls or sentinels ("9999-01-01"). What can be read exactly is parsed to UTC; anything
else is null, and the raw value stays in the ledger beside it. No guessing: ambiguous forms such
as 03/04/2016 are not parsed, and a missing day or month is not invented beyond the start of
the period written (2016 -> 2016-01-01).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import polars as pl

# Years outside this range are placeholders, not dates (9999-01-01, 0001-01-01).
EARLIEST_YEAR = 1000
LATEST_YEAR = 2999

_TEXT_FORMATS = (
    "%B %d, %Y",  # March 25, 2016
    "%b %d, %Y",  # Mar 25, 2016
    "%d %B %Y",  # 25 March 2016
    "%d %b %Y",  # 25 Mar 2016
    "%B %d %Y",
    "%b. %d, %Y",
    "%Y/%m/%d",
    "%Y.%m.%d",
    "%Y%m%d",
    "%a, %d %b %Y %H:%M:%S %z",  # RFC 2822, as in HTTP and mail headers
    "%a, %d %b %Y %H:%M:%S GMT",
    "%B %Y",  # March 2016
    "%b %Y",
)
_YEAR = re.compile(r"^\d{4}$")
_YEAR_MONTH = re.compile(r"^\d{4}-\d{2}$")


def parse_date(raw: str | None) -> datetime | None:
    """A UTC datetime for a date string, or None if it is empty, ambiguous or a placeholder."""
    if raw is None:
        return None
    text = raw.strip()
    if not text:
        return None
    parsed: datetime | None = None
    if _YEAR.match(text):
        text = f"{text}-01-01"
    elif _YEAR_MONTH.match(text):
        text = f"{text}-01"
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace(" UTC", "+00:00"))
    except ValueError:
        for fmt in _TEXT_FORMATS:
            try:
                parsed = datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
    if parsed is None or not EARLIEST_YEAR <= parsed.year <= LATEST_YEAR:
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def parse_date_column(raw: pl.Expr, frame: pl.DataFrame) -> pl.Series:
    """Parse a column of date strings, once per distinct value; returns a UTC datetime series."""
    values = frame.select(raw.alias("raw"))["raw"]
    distinct = values.drop_nulls().unique()
    mapping = {value: parse_date(value) for value in distinct.to_list()}
    return values.replace_strict(mapping, default=None, return_dtype=pl.Datetime("us", "UTC"))
