"""`provenance check`, `explain` and `policy test`: what curators and regulators ask of a policy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl

from provenance.errors import UserError
from provenance.licenses import normalize
from provenance.policy.evaluate import evaluate, policy_columns
from provenance.policy.model import Policy, PolicyTest, load_policy
from provenance.policy.reference import decide_row
from provenance.tracing.ledger import ledger_schema
from provenance.tracing.run import ledger_files


@cache
def ledger_polars_schema() -> pl.Schema:
    frame = pl.from_arrow(ledger_schema().empty_table())
    assert isinstance(frame, pl.DataFrame)
    return frame.schema


def read_ledger(ledger: str | Path, columns: list[str] | None = None) -> pl.DataFrame:
    """Every ledger file of a folder (or one file) as one frame, only `columns` if given."""
    files = [str(path) for path in ledger_files(ledger)]
    try:
        return pl.read_parquet(files, columns=columns)
    except pl.exceptions.PolarsError as error:
        raise UserError(f"{ledger}: not a readable ledger ({str(error).splitlines()[0]})") from None


def _policy(policy: str | Path | Policy) -> Policy:
    return policy if isinstance(policy, Policy) else load_policy(policy)


def _counts(frame: pl.DataFrame, key: str) -> dict[str, dict[str, int]]:
    counted = frame.group_by(key, "decision").len().sort(key, "decision", nulls_last=True)
    table: dict[str, dict[str, int]] = {}
    for value, decision, n in counted.iter_rows():
        table.setdefault("null" if value is None else str(value), {})[decision] = n
    return table


def _tally(decided: pl.DataFrame, policy: Policy) -> dict[str, Any]:
    """The additive part of a check report for one ledger file."""
    decided_by = decided.select(pl.col("rule_ids").alias("rule")).explode("rule")["rule"]
    flagged = decided.select(pl.col("flags").alias("rule")).explode("rule")["rule"]
    reasons = decided.filter(pl.col("decision") == "exclude").group_by("reason").len()
    return {
        "documents": decided.height,
        "decisions": dict(decided.group_by("decision").len().iter_rows()),
        "flagged": decided.filter(pl.col("flags").list.len() > 0).height,
        "decided": {rule.id: int((decided_by == rule.id).sum()) for rule in policy.rules},
        "flagged_by": {rule.id: int((flagged == rule.id).sum()) for rule in policy.rules},
        "exclusion_reasons": dict(reasons.iter_rows()),
        "by_license": _counts(decided, "license"),
        "by_source": _counts(decided, "source_id"),
    }


def _merge(total: dict[str, Any], part: dict[str, Any]) -> dict[str, Any]:
    for key, value in part.items():
        total[key] = (
            _merge(total.get(key, {}), value)
            if isinstance(value, dict)
            else (total.get(key, 0) + value)
        )
    return total


def check(ledger: str | Path, policy: str | Path | Policy) -> dict[str, Any]:
    """What a policy would include, exclude and flag in a ledger: per rule, licence and source.

    Mirrors `provenance check LEDGER --policy POLICY`. The ledger is evaluated one file at a
    time, so memory holds one file's columns, not the ledger.
    """
    policy = _policy(policy)
    columns = policy_columns(policy)
    total: dict[str, Any] = {}
    for path in ledger_files(ledger):
        total = _merge(total, _tally(evaluate(read_ledger(path, columns), policy), policy))
    decisions = total.get("decisions", {})
    reasons = sorted(
        total.get("exclusion_reasons", {}).items(), key=lambda item: (-item[1], item[0])
    )
    return {
        "policy": {"id": policy.id, "version": policy.version, "sha256": policy.sha256},
        "documents": total.get("documents", 0),
        "decisions": {d: decisions.get(d, 0) for d in ("include", "exclude", "quarantine")},
        "flagged": total.get("flagged", 0),
        "rules": [
            {
                "id": rule.id,
                "effect": rule.effect,
                "cite": rule.cite,
                "decided": total.get("decided", {}).get(rule.id, 0),
                "flagged": total.get("flagged_by", {}).get(rule.id, 0),
            }
            for rule in policy.rules
        ],
        "exclusion_reasons": dict(reasons),
        "by_license": total.get("by_license", {}),
        "by_source": total.get("by_source", {}),
    }


def _value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list):
        return [_value(item) for item in value]
    if isinstance(value, dict):
        return {key: _value(item) for key, item in value.items()}
    return value


def explain(ledger: str | Path, doc_id: str, policy: str | Path | Policy) -> dict[str, Any]:
    """Every fact about one document and every rule's answer, with the deciding rules.

    Mirrors `provenance explain LEDGER DOC_ID --policy POLICY`.
    """
    policy = _policy(policy)
    files = [str(path) for path in ledger_files(ledger)]
    rows = pl.scan_parquet(files).filter(pl.col("doc_id") == doc_id).collect()
    if rows.height == 0:
        raise UserError(f"{doc_id}: no such doc_id in {ledger}")
    row = rows.row(0, named=True)
    decision = decide_row(policy, row)
    return {
        "doc_id": doc_id,
        "facts": {key: _value(value) for key, value in row.items()},
        "policy": {"id": policy.id, "version": policy.version, "sha256": policy.sha256},
        "rules": [
            {
                "id": outcome.rule.id,
                "effect": outcome.rule.effect,
                "result": {True: "match", False: "no match", None: "unknown"}[outcome.result],
                "on_unknown": outcome.rule.on_unknown,
                "cite": outcome.rule.cite,
                "deciding": outcome.rule.id in decision.rule_ids,
                "flag": outcome.rule.id in decision.flags,
            }
            for outcome in decision.outcomes
        ],
        "decision": decision.decision,
        "rule_ids": list(decision.rule_ids),
        "flags": list(decision.flags),
        "reason": decision.reason,
        "license_relied_on": decision.license_relied_on,
    }


_TIMESTAMPS = ("created", "acquired_at")


def facts_row(facts: dict[str, Any], where: str) -> dict[str, Any]:
    """A complete ledger row from a test's facts: unspecified columns take unknown values."""
    schema = ledger_polars_schema()
    unknown = sorted(set(facts) - set(schema))
    if unknown:
        raise UserError(f"{where}: unknown ledger column(s) {', '.join(unknown)} in facts")
    row: dict[str, Any] = {name: None for name in schema}
    row.update(
        doc_id="test/1",
        input_file="policy-test",
        input_row=0,
        status="ok",
        license_evidence="none",
        license_confidence=0.0,
        license_category="unknown",
        license_conflict=False,
        source_category="unknown",
        personal_data="unknown",
        residency_evidence="none",
        optout="unknown",
    )
    if facts.get("license") is not None:
        reading = normalize(str(facts["license"]))
        if reading.license is None or reading.confidence < 0.9:
            raise UserError(
                f"{where}: facts.license {facts['license']!r} is not an SPDX expression"
            )
        row.update(
            license=reading.license,
            license_category=reading.category,
            license_evidence="metadata",
            license_confidence=1.0,
        )
    row.update({key: value for key, value in facts.items() if key != "license"})

    def timestamp(value: Any) -> Any:
        if isinstance(value, str):
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        return value

    for name in _TIMESTAMPS:
        row[name] = timestamp(row[name])
    if row["optout_evidence"]:
        row["optout_evidence"] = [
            {**item, "observed_at": timestamp(item.get("observed_at"))}
            for item in row["optout_evidence"]
        ]
    return row


@dataclass(frozen=True)
class TestOutcome:
    name: str
    line: int
    passed: bool
    expected: str
    got: str


def _describe(
    decision: str, rules: list[str] | tuple[str, ...], flags: list[str] | tuple[str, ...]
) -> str:
    text = f"{decision} by [{', '.join(rules)}]"
    return text + (f", flags [{', '.join(flags)}]" if flags else "")


def _run_case(policy: Policy, case: PolicyTest) -> TestOutcome:
    where = f"{policy.path}:{case.line}: test {case.name!r}"
    row = facts_row(case.facts, where)
    frame = pl.DataFrame([row], schema=ledger_polars_schema())
    vectorised = evaluate(frame, policy).row(0, named=True)
    reference = decide_row(policy, row)
    got = _describe(vectorised["decision"], vectorised["rule_ids"], vectorised["flags"])
    agree = (vectorised["decision"], tuple(vectorised["rule_ids"]), tuple(vectorised["flags"])) == (
        reference.decision,
        reference.rule_ids,
        reference.flags,
    )
    passed = (
        agree
        and vectorised["decision"] == case.decision
        and (case.rules is None or tuple(vectorised["rule_ids"]) == case.rules)
        and (case.flags is None or tuple(vectorised["flags"]) == case.flags)
    )
    expected = _describe(
        case.decision, case.rules if case.rules is not None else ("...",), case.flags or ()
    )
    if not agree:
        got += (
            " (the reference evaluator disagrees: "
            + _describe(reference.decision, reference.rule_ids, reference.flags)
            + ")"
        )
    return TestOutcome(case.name, case.line, passed, expected, got)


def test_policy(policy: str | Path | Policy) -> list[TestOutcome]:
    """Run the test cases a policy carries. Mirrors `provenance policy test POLICY`."""
    policy = _policy(policy)
    if not policy.tests:
        raise UserError(f"{policy.path}: the policy carries no tests; add a `tests:` list")
    return [_run_case(policy, case) for case in policy.tests]


test_policy.__test__ = False  # not a pytest test, despite its name
