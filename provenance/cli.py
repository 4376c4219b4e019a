"""The `provenance` command line: a thin layer over the Python API with the same names.

Results go to stdout (`--json` for machines), progress and errors to stderr. Exit codes: 0 done,
1 a check failed, 2 a usage or input mistake (one line saying what, where and how to fix).
"""

from __future__ import annotations

import json
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


_policy_option = click.option(
    "--policy",
    "policy_path",
    required=True,
    type=click.Path(dir_okay=False),
    help="Policy file (YAML).",
)


def _engine_options(command):
    """--engine, --workers, --ray-address: how the unit of work is scheduled."""
    command = click.option(
        "--ray-address", help="Address of an existing Ray cluster (with --engine ray)."
    )(command)
    command = click.option(
        "--workers",
        type=click.IntRange(min=1),
        help="Worker processes for --engine local (default: all cores).",
    )(command)
    return click.option(
        "--engine",
        type=click.Choice(["local", "serial", "ray"]),
        default="local",
        show_default=True,
        help="local: a process pool; serial: this process; ray: Ray tasks.",
    )(command)


def _progress(label: str, inputs: tuple[str, ...], quiet: bool):
    from provenance.progress import Progress
    from provenance.read import discover_inputs

    return Progress(label, discover_inputs(list(inputs))[0], quiet)


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "--out", required=True, type=click.Path(file_okay=False), help="Folder for the ledger."
)
@click.option("--sources", type=click.Path(dir_okay=False), help="Source registry (sources.yaml).")
@click.option("--optout", type=click.Path(dir_okay=False), help="Opt-out table (CSV or Parquet).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--quiet", is_flag=True, help="No progress on stderr.")
@_engine_options
def trace(
    inputs: tuple[str, ...],
    out: str,
    sources: str | None,
    optout: str | None,
    as_json: bool,
    quiet: bool,
    engine: str,
    workers: int | None,
    ray_address: str | None,
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
    from provenance.tracing import trace as run_trace

    progress = _progress("trace", inputs, quiet)
    summary = run_trace(
        list(inputs),
        out,
        sources=sources,
        optout=optout,
        engine=engine,
        workers=workers,
        ray_address=ray_address,
        progress=progress,
    )
    progress.finish(f"{summary['documents']:,} documents, {summary['quarantined']} quarantined")
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
@click.argument(
    "file", required=False, type=click.Path(exists=True, dir_okay=False, allow_dash=True)
)
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
@click.argument(
    "file", required=False, type=click.Path(exists=True, dir_okay=False, allow_dash=True)
)
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


def _print_json_or(text: str, data: Any, as_json: bool) -> None:
    click.echo(json.dumps(data, indent=2, sort_keys=True) if as_json else text)


@main.command()
@click.argument("ledger", type=click.Path())
@_policy_option
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def check(ledger: str, policy_path: str, as_json: bool) -> None:
    """What POLICY would include, exclude and flag in LEDGER: per rule, licence and source.

    \b
    Example:
      provenance check out/ledger --policy samples/policies/open-definition.yaml
    """
    from provenance.policy.commands import check as run_check

    report = run_check(ledger, policy_path)
    _print_json_or(format_check(report), report, as_json)


def format_check(report: dict[str, Any]) -> str:
    policy = report["policy"]
    decisions = report["decisions"]
    lines = [
        f"policy: {policy['id']} {policy['version']} (sha256 {policy['sha256'][:12]})",
        f"documents: {report['documents']}: include {decisions['include']}, exclude "
        f"{decisions['exclude']}, quarantine {decisions['quarantine']}; "
        f"flagged {report['flagged']}",
        "rules:",
    ]
    for rule in report["rules"]:
        count = rule["flagged"] if rule["effect"] == "flag" else rule["decided"]
        lines.append(f"  {rule['id']:<32} {rule['effect']:<8} {count:>8}  {rule['cite']}")
    lines.append("exclusion reasons:")
    for reason, count in list(report["exclusion_reasons"].items())[:10]:
        lines.append(f"  {count:>8}  {reason}")
    for title, key in (("by licence", "by_license"), ("by source", "by_source")):
        lines.append(f"{title}:")
        rows = sorted(report[key].items(), key=lambda item: -sum(item[1].values()))
        for name, counts in rows[:15]:
            shown = ", ".join(f"{decision} {n}" for decision, n in counts.items())
            lines.append(f"  {name:<48} {shown}")
        if len(rows) > 15:
            lines.append(f"  ... {len(rows) - 15} more (use --json)")
    return "\n".join(lines)


@main.command()
@click.argument("ledger", type=click.Path())
@click.argument("doc_id")
@_policy_option
@click.option("--json", "as_json", is_flag=True, help="Print the explanation as JSON.")
def explain(ledger: str, doc_id: str, policy_path: str, as_json: bool) -> None:
    """Every fact about one document and every rule that matched it, with the deciding rule.

    \b
    Example:
      provenance explain out/ledger openpedia/op-00012 --policy samples/policies/eu-commercial.yaml
    """
    from provenance.policy.commands import explain as run_explain

    report = run_explain(ledger, doc_id, policy_path)
    lines = [f"document: {doc_id}", "facts:"]
    for key, value in report["facts"].items():
        if value is not None and value != []:
            lines.append(f"  {key}: {value}")
    lines.append(f"rules of {report['policy']['id']} {report['policy']['version']}:")
    for rule in report["rules"]:
        mark = "*" if rule["deciding"] else ("!" if rule["flag"] else " ")
        lines.append(
            f" {mark} {rule['id']:<32} {rule['effect']:<8} {rule['result']:<9} {rule['cite']}"
        )
    lines.append(f"decision: {report['decision']} ({report['reason']})")
    if report["license_relied_on"]:
        lines.append(f"licence relied on: {report['license_relied_on']}")
    if report["flags"]:
        lines.append(f"flags: {', '.join(report['flags'])}")
    _print_json_or("\n".join(lines), report, as_json)


@main.group()
def policy() -> None:
    """Policies: test the cases a policy carries."""


@policy.command("test")
@click.argument("policy_path", metavar="POLICY", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
def policy_test(policy_path: str, as_json: bool) -> None:
    """Run the test cases in POLICY; exit 1 if any fails.

    \b
    Example:
      provenance policy test samples/policies/eu-commercial.yaml
    """
    from dataclasses import asdict

    from provenance.policy.commands import test_policy

    outcomes = test_policy(policy_path)
    failed = [o for o in outcomes if not o.passed]
    lines = [
        f"{'ok  ' if o.passed else 'FAIL'} {policy_path}:{o.line}: {o.name}"
        + ("" if o.passed else f"\n     expected {o.expected}\n     got      {o.got}")
        for o in outcomes
    ]
    lines.append(f"{len(outcomes) - len(failed)} passed, {len(failed)} failed")
    _print_json_or("\n".join(lines), [asdict(o) for o in outcomes], as_json)
    if failed:
        raise SystemExit(1)


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@_policy_option
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Release folder.")
@click.option("--sources", type=click.Path(dir_okay=False), help="Source registry (sources.yaml).")
@click.option("--optout", type=click.Path(dir_okay=False), help="Opt-out table (CSV or Parquet).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["parquet", "jsonl.gz", "jsonl.zst"]),
    default="parquet",
    show_default=True,
    help="Format of the output shards.",
)
@click.option(
    "--shard-size",
    type=click.IntRange(min=1),
    default=1 << 30,
    show_default=True,
    help="Largest uncompressed size of an output shard, in bytes.",
)
@click.option("--sign-key", type=click.Path(dir_okay=False), help="ed25519 private key (PEM).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--quiet", is_flag=True, help="No progress on stderr.")
@_engine_options
def release(
    inputs: tuple[str, ...],
    policy_path: str,
    out: str,
    sources: str | None,
    optout: str | None,
    fmt: str,
    shard_size: int,
    sign_key: str | None,
    as_json: bool,
    quiet: bool,
    engine: str,
    workers: int | None,
    ray_address: str | None,
) -> None:
    """Trace, decide, write and seal a release of INPUT... under POLICY.

    Writes OUT/shards (included documents), OUT/ledger (every input record with its decision),
    OUT/attribution and ATTRIBUTION.md, OUT/policy.yaml, OUT/manifest.json (and manifest.sig
    with --sign-key). An interrupted release re-run with the same arguments resumes.

    \b
    Example:
      provenance release samples/corpus --policy samples/policies/open-definition.yaml \\
          --sources samples/sources.yaml --optout samples/optout.csv --out out/release
    """
    from provenance.releasing import release as run_release

    progress = _progress("release", inputs, quiet)
    summary = run_release(
        list(inputs),
        policy_path,
        out,
        sources=sources,
        optout=optout,
        format=fmt,
        shard_size=shard_size,
        sign_key=sign_key,
        engine=engine,
        workers=workers,
        ray_address=ray_address,
        progress=progress,
    )
    progress.finish(f"{summary['documents']:,} documents, {summary['included']:,} included")
    text = (
        f"release: {out}\ndocuments: {summary['documents']} (included {summary['included']}, "
        f"excluded {summary['excluded']}, quarantined {summary['quarantined']}); "
        f"shards: {summary['shards']}"
    )
    _print_json_or(text, summary, as_json)


@main.command()
@click.argument("folder", metavar="DIR", type=click.Path(file_okay=False))
@click.option("--key", type=click.Path(dir_okay=False), help="ed25519 public key (PEM).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def verify(folder: str, key: str | None, as_json: bool) -> None:
    """Check a release offline: hashes, signature, schema, accounting, shards against the
    ledger, the policy re-evaluated, the Merkle root. Exit 0 only when everything holds.

    \b
    Example:
      provenance verify out/release --key keys/release.pub
    """
    from provenance.releasing.verify import verify as run_verify

    problems = run_verify(folder, key)
    text = "\n".join(problems) if problems else f"{folder}: verified"
    _print_json_or(text, {"release": folder, "ok": not problems, "problems": problems}, as_json)
    if problems:
        raise SystemExit(1)


@main.command()
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Folder for the keys.")
@click.option("--name", default="release", show_default=True, help="File name of the key pair.")
def keygen(out: str, name: str) -> None:
    """Write an ed25519 key pair: NAME.key (private, mode 600) and NAME.pub."""
    from provenance.releasing import keygen as run_keygen

    private, public = run_keygen(out, name)
    click.echo(f"private key: {private}\npublic key: {public}")
