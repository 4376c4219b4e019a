"""Licence conditions over SPDX expressions, in three-valued logic (true, false, unknown).

A licence test reads as a permission in include rules: `A OR B` passes if any alternative
passes (and says which one was relied on), `A AND B` only if all pass. In exclude and flag rules
it reads as a restriction the document cannot escape: `A OR B` matches only if every
alternative matches (otherwise the user may choose the other one), `A AND B` if any part does.
Under `not` the reading flips. `X WITH exception` is tested as X (an exception only relaxes X),
and `ids` may name the whole `X WITH exception`. A null licence, a licence the knowledge base
does not know, or a fact it leaves empty is unknown, never a pass: `on_unknown` decides.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from license_expression import LicenseSymbol, LicenseWithExceptionSymbol

from provenance.licenses import knowledge_base
from provenance.policy.model import LicenceTest

Truth = bool | None


def kleene_and(values: list[Truth]) -> Truth:
    if any(value is False for value in values):
        return False
    return None if any(value is None for value in values) else True


def kleene_or(values: list[Truth]) -> Truth:
    if any(value is True for value in values):
        return True
    return None if any(value is None for value in values) else False


def _matches(wanted: Any, value: Any) -> bool:
    return value in wanted if isinstance(wanted, list) else value == wanted


def preset_admits(name: str, license_id: str) -> Truth:
    """Does a preset from licenses/presets.yaml admit a licence? Unknown licence: unknown."""
    kb = knowledge_base()
    preset = kb.presets["presets"][name]
    if license_id in preset.get("licenses", ()):
        return True
    if any(preset_admits(other, license_id) is True for other in preset.get("include", ())):
        return True
    facts = kb.facts.get(license_id)
    if facts is None:
        return None
    where = preset.get("where")
    return bool(where) and all(
        _matches(wanted, getattr(facts, key, None)) for key, wanted in where.items()
    )


def _leaf(test: LicenceTest, license_id: str, exception: str | None) -> Truth:
    facts = knowledge_base().facts.get(license_id)
    checks: list[Truth] = []
    if test.ids is not None:
        whole = f"{license_id} WITH {exception}" if exception else license_id
        checks.append(whole in test.ids or license_id in test.ids)
    if test.categories is not None:
        known = facts is not None and facts.category != "unknown"
        checks.append(facts.category in test.categories if known else None)
        if not known and "unknown" in test.categories:
            checks[-1] = True
    if test.presets is not None:
        checks.append(kleene_or([preset_admits(name, license_id) for name in test.presets]))
    for flag, wanted in test.flags:
        value = getattr(facts, flag, None) if facts is not None else None
        checks.append(None if value is None else value == wanted)
    if test.blue_oak is not None:
        checks.append(None if facts is None else facts.blue_oak_tier in test.blue_oak)
    return kleene_and(checks)


def _evaluate(test: LicenceTest, node: Any, kb: Any, restrict: bool) -> tuple[Truth, str | None]:
    if isinstance(node, LicenseWithExceptionSymbol):
        result = _leaf(test, node.license_symbol.key, node.exception_symbol.key)
        whole = f"{node.license_symbol.key} WITH {node.exception_symbol.key}"
        return result, (whole if result else None)
    if isinstance(node, LicenseSymbol):
        result = _leaf(test, node.key, None)
        return result, (node.key if result else None)
    results = [_evaluate(test, argument, kb, restrict) for argument in node.args]
    choice = isinstance(node, kb.licensing.OR)
    if choice != restrict:  # a permission over a choice, or a restriction over a conjunction
        for result, relied in results:
            if result is True:
                return True, relied
        return kleene_or([r for r, _ in results]), None
    outcome = kleene_and([r for r, _ in results])
    if outcome is not True:
        return outcome, None
    return True, " AND ".join(f"({r})" if " OR " in r else r for _, r in results if r)


@lru_cache(maxsize=1 << 16)
def licence_result(
    test: LicenceTest, expression: str | None, restrict: bool = False
) -> tuple[Truth, str | None]:
    """(matches?, the alternative relied on) for a licence test on one SPDX expression."""
    if expression is None:
        return None, None
    kb = knowledge_base()
    return _evaluate(test, kb.parse(expression), kb, restrict)
