"""A plain per-row evaluator of policies: the reference the vectorised evaluation is tested
against, and the engine of `explain`, which needs every rule's answer for one document."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from provenance.policy import regions
from provenance.policy.licence import Truth, kleene_and, kleene_or, licence_result
from provenance.policy.model import Condition, Policy, Rule


def destination_outside(policy: Policy, covered: frozenset[str]) -> bool:
    """Is any place the release is stored or processed outside the covered regions?"""
    return any(not regions.within(place, covered) for place in policy.destinations)


def _residency(row: dict[str, Any], tests: tuple[tuple[str, Any], ...], policy: Policy) -> Truth:
    results: list[Truth] = []
    for key, wanted in tests:
        if key == "personal_data":
            value = row.get("personal_data") or "unknown"
            results.append(
                None if value == "unknown" and "unknown" not in wanted else value in wanted
            )
        elif key == "subjects_in":
            subjects = row.get("subject_regions")
            if subjects is None:
                results.append(None)
            elif any(regions.overlaps(s, wanted) for s in subjects if s != "unknown"):
                results.append(True)
            else:
                results.append(None if "unknown" in subjects else False)
        elif key == "collected_in":
            value = row.get("collected_in")
            unknown = value is None or value == "unknown"
            results.append(None if unknown else regions.overlaps(value, wanted))
        elif key == "stored_outside":
            value = row.get("stored_in")
            unknown = value is None or value == "unknown"
            results.append(None if unknown else not regions.within(value, wanted))
        elif key == "destination_outside":
            results.append(destination_outside(policy, wanted))
    return kleene_and(results)


def _optout(row: dict[str, Any], signals: frozenset[str], before_acquisition: bool) -> Truth:
    if not before_acquisition:
        return any(signal in signals for signal in row.get("optout_signal") or ())
    acquired: datetime | None = row.get("acquired_at")
    if acquired is None:
        return None
    latest: dict[str, tuple[datetime, bool]] = {}
    for observation in row.get("optout_evidence") or ():
        if observation["signal"] not in signals or observation["observed_at"] > acquired:
            continue
        key = (observation["observed_at"], observation["reserved"])
        if observation["signal"] not in latest or key >= latest[observation["signal"]]:
            latest[observation["signal"]] = key
    return any(reserved for _, reserved in latest.values())


def condition_result(
    condition: Condition, row: dict[str, Any], policy: Policy, restrict: bool = False
) -> Truth:
    """Three-valued result of a condition on one ledger row (a dict of column values).

    `restrict` reads licence tests as restrictions (exclude and flag rules; see licence.py).
    """
    kind, value = condition.kind, condition.value
    if kind == "all":
        return kleene_and([condition_result(c, row, policy, restrict) for c in condition.children])
    if kind == "any":
        return kleene_or([condition_result(c, row, policy, restrict) for c in condition.children])
    if kind == "not":
        inner = condition_result(condition.children[0], row, policy, not restrict)
        return None if inner is None else not inner
    if kind == "license":
        return licence_result(value, row.get("license"), restrict)[0]
    if kind == "license_confidence":
        at_least, below = value
        confidence = row.get("license_confidence") or 0.0
        checks = []
        if at_least is not None:
            checks.append(confidence >= at_least)
        if below is not None:
            checks.append(confidence < below)
        return all(checks)
    if kind == "license_conflict":
        return bool(row.get("license_conflict")) == value
    if kind == "license_evidence":
        return row.get("license_evidence") in value
    if kind == "source":
        ids, categories = value
        checks: list[Truth] = []
        if ids is not None:
            checks.append(None if row.get("source_id") is None else row["source_id"] in ids)
        if categories is not None:
            category = row.get("source_category") or "unknown"
            unknown = category == "unknown" and "unknown" not in categories
            checks.append(None if unknown else category in categories)
        return kleene_and(checks)
    if kind == "residency":
        return _residency(row, value, policy)
    if kind == "optout":
        return _optout(row, *value)
    raise ValueError(f"unknown condition kind {kind!r}")


@dataclass(frozen=True)
class RuleOutcome:
    rule: Rule
    result: Truth
    relied_on: str | None = None

    @property
    def excludes(self) -> bool:
        unknown_excludes = self.result is None and self.rule.on_unknown == "exclude"
        return (self.rule.effect == "exclude" and self.result is True) or (
            self.rule.effect != "flag" and unknown_excludes
        )

    @property
    def includes(self) -> bool:
        return self.rule.effect == "include" and self.result is True

    @property
    def flags(self) -> bool:
        unknown_flags = self.result is None and self.rule.on_unknown == "flag"
        return (self.rule.effect == "flag" and self.result is True) or unknown_flags


@dataclass(frozen=True)
class RowDecision:
    decision: str
    rule_ids: tuple[str, ...]
    flags: tuple[str, ...]
    reason: str
    license_relied_on: str | None
    outcomes: tuple[RuleOutcome, ...]


def first_licence_condition(condition: Condition) -> Condition | None:
    if condition.kind == "license":
        return condition
    if condition.kind == "all":
        for child in condition.children:
            found = first_licence_condition(child)
            if found:
                return found
    return None


def rule_reason(rule: Rule, unknown: bool) -> str:
    what = rule.description or rule.cite
    verb = "excluded" if unknown or rule.effect == "exclude" else "included"
    if unknown:
        return f"{verb} by {rule.id}: facts it needs are unknown ({rule.cite})"
    return f"{verb} by {rule.id}: {what}"


def decide_row(policy: Policy, row: dict[str, Any]) -> RowDecision:
    """The decision for one ledger row, with every rule's outcome."""
    outcomes = []
    for rule in policy.rules:
        result = condition_result(rule.when, row, policy, rule.effect != "include")
        relied = None
        licence_condition = first_licence_condition(rule.when)
        if result is True and licence_condition is not None:
            relied = licence_result(licence_condition.value, row.get("license"))[1]
        outcomes.append(RuleOutcome(rule, result, relied))
    flags = tuple(o.rule.id for o in outcomes if o.flags)
    if row.get("status") == "quarantined":
        reason = f"quarantined input: {row.get('quarantine_reason') or ''}"
        return RowDecision("quarantine", (), (), reason, None, tuple(outcomes))
    excluders = [o for o in outcomes if o.excludes]
    includers = [o for o in outcomes if o.includes]
    if excluders:
        first = excluders[0]
        reason = rule_reason(first.rule, first.result is None)
        ids = tuple(o.rule.id for o in excluders)
        return RowDecision("exclude", ids, flags, reason, None, tuple(outcomes))
    if includers:
        first = includers[0]
        relied = next((o.relied_on for o in includers if o.relied_on), None)
        ids = tuple(o.rule.id for o in includers)
        return RowDecision(
            "include", ids, flags, rule_reason(first.rule, False), relied, tuple(outcomes)
        )
    return RowDecision("exclude", (), flags, NO_INCLUDE, None, tuple(outcomes))


NO_INCLUDE = "excluded: no include rule matched (a policy includes only what it allows)"
