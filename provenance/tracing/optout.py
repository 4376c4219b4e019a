"""The opt-out table: text-and-data-mining reservations observed for domains.

CSV or Parquet with the columns `domain, signal, reserved, observed_at, evidence_url`. Domains
are reduced to their registrable domain (eTLD+1), so `www.example.org` and `example.org` are one
domain. Per domain, the latest observation of each signal kind is its current state: the domain
is `reserved` if any signal currently reserves, `not-reserved` if signals were observed and none
does. Every observation is kept in `optout_evidence` for time-aware policies.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from provenance.errors import UserError
from provenance.resources import file_sha256
from provenance.tracing.dates import parse_date_column
from provenance.tracing.domains import host_expr, registrable_domain_column

COLUMNS = ("domain", "signal", "reserved", "observed_at", "evidence_url")
SIGNALS = ("robots", "tdmrep", "aipref", "ai.txt", "tos")
_EVIDENCE_TYPE = pl.Struct(
    {
        "signal": pl.String,
        "reserved": pl.Boolean,
        "observed_at": pl.Datetime("us", "UTC"),
        "evidence_url": pl.String,
    }
)


@dataclass(frozen=True)
class OptoutTable:
    """Per registrable domain: `optout`, `optout_signal`, `optout_evidence`."""

    by_domain: pl.DataFrame
    path: str | None = None
    sha256: str | None = None
    observations: int = 0


def empty_optout() -> OptoutTable:
    return OptoutTable(
        pl.DataFrame(
            schema={
                "domain": pl.String,
                "optout": pl.String,
                "optout_signal": pl.List(pl.String),
                "optout_evidence": pl.List(_EVIDENCE_TYPE),
            }
        )
    )


def _read(path: Path) -> pl.DataFrame:
    try:
        if path.suffix.lower() == ".parquet":
            frame = pl.read_parquet(path)
            return frame.select(pl.all().cast(pl.String))
        return pl.read_csv(path, infer_schema=False)
    except FileNotFoundError:
        raise UserError(f"{path}: file not found") from None
    except (pl.exceptions.PolarsError, OSError) as error:
        first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise UserError(
            f"{path}: not a readable opt-out table ({first_line}); expected CSV or Parquet "
            "with the columns " + ", ".join(COLUMNS)
        ) from None


def _fail(path: Path, frame: pl.DataFrame, bad: pl.Expr, what: str) -> None:
    rows = frame.with_row_index("row").filter(bad)
    if rows.height:
        row = rows.row(0, named=True)
        # Header is line 1, so data row i (0-based) is on line i + 2.
        where = (
            f"line {row['row'] + 2}" if path.suffix.lower() != ".parquet" else f"row {row['row']}"
        )
        more = f" (and {rows.height - 1} more rows)" if rows.height > 1 else ""
        raise UserError(f"{path}:{where}: {what}{more}")


def load_optout(path: str | Path | None) -> OptoutTable:
    """Load and check an opt-out table; an empty one when no path is given."""
    if path is None:
        return empty_optout()
    path = Path(path)
    frame = _read(path)
    missing = [c for c in COLUMNS if c not in frame.columns]
    unknown = [c for c in frame.columns if c not in COLUMNS]
    if missing or unknown:
        raise UserError(
            f"{path}:1: columns must be {', '.join(COLUMNS)}"
            + (f"; missing {', '.join(missing)}" if missing else "")
            + (f"; unknown {', '.join(unknown)}" if unknown else "")
        )
    frame = frame.with_columns(
        pl.col("domain").str.strip_chars().str.to_lowercase(),
        pl.col("signal").str.strip_chars().str.to_lowercase(),
        pl.col("reserved").str.strip_chars().str.to_lowercase(),
    )
    _fail(path, frame, pl.col("domain").is_null() | (pl.col("domain") == ""), "domain is empty")
    _fail(
        path,
        frame,
        ~pl.col("signal").is_in(SIGNALS) | pl.col("signal").is_null(),
        "signal must be one of " + ", ".join(SIGNALS),
    )
    _fail(
        path,
        frame,
        ~pl.col("reserved").is_in(["true", "false"]) | pl.col("reserved").is_null(),
        "reserved must be true or false",
    )
    observed = parse_date_column(pl.col("observed_at"), frame)
    frame = frame.with_columns(observed.alias("observed"))
    _fail(
        path,
        frame,
        pl.col("observed").is_null(),
        "observed_at must be an ISO date or datetime (2025-01-31 or 2025-01-31T12:00:00Z)",
    )
    # A domain may be written as a URL or with a sub-domain: reduce it to eTLD+1.
    hosts = frame.select(
        pl.coalesce(host_expr(pl.col("domain")), pl.col("domain").str.strip_chars_end("."))
    ).to_series()
    frame = frame.with_columns(
        registrable_domain_column(hosts).alias("domain"),
        (pl.col("reserved") == "true").alias("reserved"),
        pl.col("observed").alias("observed_at"),
    ).drop("observed")
    latest = (
        frame.sort("observed_at", "signal", "reserved")
        .group_by("domain", "signal")
        .agg(pl.col("reserved").last())
    )
    state = latest.group_by("domain").agg(
        pl.when(pl.col("reserved").any())
        .then(pl.lit("reserved"))
        .otherwise(pl.lit("not-reserved"))
        .first()
        .alias("optout"),
        pl.col("signal").filter(pl.col("reserved")).unique().sort().alias("optout_signal"),
    )
    evidence = (
        frame.sort("domain", "observed_at", "signal", "reserved", "evidence_url")
        .group_by("domain", maintain_order=True)
        .agg(
            pl.struct("signal", "reserved", "observed_at", "evidence_url").alias("optout_evidence")
        )
    )
    by_domain = state.join(evidence, on="domain").sort("domain")
    return OptoutTable(
        by_domain.select("domain", "optout", "optout_signal", "optout_evidence").cast(
            {"optout_evidence": pl.List(_EVIDENCE_TYPE)}
        ),
        path=str(path),
        sha256=file_sha256(path),
        observations=frame.height,
    )
