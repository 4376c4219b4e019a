"""The `provenance` command line: a thin layer over the Python API with the same names.

Results go to stdout (`--json` for machines), progress and errors to stderr. Exit codes: 0 done,
1 a check failed, 2 a usage or input mistake (one line saying what, where and how to fix).
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from provenance import __version__
from provenance.errors import UserError


class _Group(click.Group):
    """Turns a UserError into one line on stderr and its exit code, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UserError as error:
            for line in error.message.splitlines():
                click.echo(f"error: {line}", err=True)
            ctx.exit(error.exit_code)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="provenance")
def main() -> None:
    """Trace every document of a training corpus to its source and licence."""


def _progress(quiet: bool):
    if quiet or not sys.stderr.isatty():
        return None
    return lambda message: click.echo(message, err=True)


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "--out", required=True, type=click.Path(file_okay=False), help="Folder for the ledger."
)
@click.option("--sources", type=click.Path(dir_okay=False), help="Source registry (sources.yaml).")
@click.option("--optout", type=click.Path(dir_okay=False), help="Opt-out table (CSV or Parquet).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--quiet", is_flag=True, help="No progress on stderr.")
def trace(
    inputs: tuple[str, ...],
    out: str,
    sources: str | None,
    optout: str | None,
    as_json: bool,
    quiet: bool,
) -> None:
    """Trace a corpus into a ledger: one row per input record, with its provenance.

    INPUT is a file, a folder or a glob of Dolma / Common Pile JSON lines (.jsonl, .jsonl.gz,
    .jsonl.zst), Parquet files or Hugging Face datasets saved with save_to_disk. The ledger is
    written to OUT as one Parquet file per input file, with OUT/trace.json recording the run.

    \b
    Example:
      provenance trace samples/corpus --sources samples/sources.yaml \\
          --optout samples/optout.csv --out out/ledger
    """
    from provenance.trace import trace as run_trace

    summary = run_trace(
        list(inputs), out, sources=sources, optout=optout, progress=_progress(quiet)
    )
    if as_json:
        click.echo(json.dumps(summary, indent=2, sort_keys=True))
    else:
        click.echo(format_summary(summary, out))


def _top(counts: dict[str, int], limit: int = 12) -> str:
    items = list(counts.items())
    shown = ", ".join(f"{key} {value}" for key, value in items[:limit])
    return shown + (f", ... ({len(items) - limit} more)" if len(items) > limit else "")


def format_summary(summary: dict[str, Any], out: str) -> str:
    lines = [
        f"ledger: {out}",
        f"documents: {summary['documents']} "
        f"(ok {summary['ok']}, quarantined {summary['quarantined']})",
    ]
    if summary["quarantine_reasons"]:
        lines.append(f"quarantined by reason: {_top(summary['quarantine_reasons'])}")
    lines.append(f"sources: {len(summary['sources'])} registered ({_top(summary['sources'])})")
    if summary["unregistered_sources"]:
        lines.append(f"unregistered sources: {_top(summary['unregistered_sources'])}")
    lines += [
        f"licences found: {len(summary['licenses'])} ({_top(summary['licenses'])})",
        f"unknown licence: {summary['unknown_license']} documents",
        f"licence evidence: {_top(summary['license_evidence'])}",
        f"licence categories: {_top(summary['license_categories'])}",
        f"licence conflicts: {summary['license_conflicts']}",
        f"opt-out: {_top(summary['optout'])}",
        f"personal data: {_top(summary['personal_data'])}",
    ]
    if summary["duplicate_doc_ids"]:
        lines.append(f"duplicate doc_ids: {summary['duplicate_doc_ids']}")
    if summary.get("skipped_files"):
        lines.append(f"skipped (not a corpus format): {', '.join(summary['skipped_files'])}")
    return "\n".join(lines)


@main.group()
def licenses() -> None:
    """The licence knowledge base: normalise licence strings, detect grants in text."""


def _input_lines(file: str | None):
    stream = click.open_file(file or "-", encoding="utf-8", errors="surrogateescape")
    with stream:
        for line in stream:
            yield line.rstrip("\n").rstrip("\r")


@licenses.command("normalize")
@click.argument("file", required=False, type=click.Path(dir_okay=False, allow_dash=True))
def licenses_normalize(file: str | None) -> None:
    """Normalise licence strings, one per line (FILE or stdin), to SPDX expressions.

    Writes exactly one JSON object per input line, in input order: raw, license (SPDX
    expression or null), category, confidence, notes.

    \b
    Example:
      printf 'Apache 2\\nCC BY-SA\\nsee LICENSE\\n' | provenance licenses normalize
    """
    from dataclasses import asdict

    from provenance.licenses import normalize

    for line in _input_lines(file):
        click.echo(json.dumps(asdict(normalize(line)), ensure_ascii=False))


@licenses.command("detect")
@click.argument("file", required=False, type=click.Path(dir_okay=False, allow_dash=True))
def licenses_detect(file: str | None) -> None:
    """Detect licence grants in texts: JSON lines with a `text` field (FILE or stdin).

    Writes exactly one JSON object per input line, in input order: license, evidence, span,
    confidence, conflict, notes. A line that is not a JSON object with a string `text` gives
    an `error` field instead of a detection.
    """
    from provenance.licenses import detect

    for number, line in enumerate(_input_lines(file), start=1):
        try:
            record = json.loads(line)
            text = record["text"]
            if not isinstance(text, str):
                raise TypeError("text is not a string")
        except (ValueError, KeyError, TypeError) as error:
            click.echo(
                json.dumps({"line": number, "error": f"not a JSON object with a text: {error}"})
            )
            continue
        found = detect(text)
        click.echo(
            json.dumps(
                {
                    "license": found.license,
                    "evidence": found.evidence,
                    "span": list(found.span) if found.span else None,
                    "confidence": found.confidence,
                    "conflict": found.conflict,
                    "notes": found.notes,
                },
                ensure_ascii=False,
            )
        )
