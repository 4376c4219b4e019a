"""Evaluating a policy over a ledger, column-wise.

Each condition becomes a polars expression in three-valued logic (null is unknown; polars'
`&` and `|` are Kleene's). Conditions on a value rather than a row (a licence expression, a
collection country, a storage location) are decided once per distinct value and mapped back.
Combining follows the policy model: a document is included only if an include rule matches and
no exclude rule does; exclude overrides include; order does not matter; flags never change a
decision; a rule whose facts are unknown acts by its `on_unknown`.
"""

from __future__ import annotations

import functools
import operator

import polars as pl

from provenance.policy import regions
from provenance.policy.licence import licence_result
from provenance.policy.model import Condition, Policy, Rule
from provenance.policy.reference import (
    NO_INCLUDE,
    destination_outside,
    first_licence_condition,
    rule_reason,
)

DECISION_COLUMNS = ("decision", "rule_ids", "flags", "reason", "license_relied_on", "policy_sha256")
UNKNOWN = pl.lit(None, dtype=pl.Boolean)


class _Vectoriser:
    def __init__(self, frame: pl.DataFrame, policy: Policy) -> None:
        self.frame = frame
        self.policy = policy
        self.auxiliary: dict[str, pl.Series] = {}

    def _mapped(self, column: str, decide) -> pl.Expr:
        """A per-distinct-value decision on a column, mapped back (null stays unknown)."""
        values = self.frame[column].drop_nulls().unique().to_list()
        mapping = {value: decide(value) for value in values}
        return pl.col(column).replace_strict(mapping, default=None, return_dtype=pl.Boolean)

    def expr(self, condition: Condition, restrict: bool) -> pl.Expr:
        kind, value = condition.kind, condition.value
        if kind in ("all", "any"):
            parts = [self.expr(child, restrict) for child in condition.children]
            return functools.reduce(operator.and_ if kind == "all" else operator.or_, parts)
        if kind == "not":
            return ~self.expr(condition.children[0], not restrict)
        if kind == "license":
            return self._mapped("license", lambda lic: licence_result(value, lic, restrict)[0])
        if kind == "license_confidence":
            at_least, below = value
            confidence = pl.col("license_confidence").fill_null(0.0)
            checks = [pl.lit(True)]
            if at_least is not None:
                checks.append(confidence >= at_least)
            if below is not None:
                checks.append(confidence < below)
            return functools.reduce(operator.and_, checks)
        if kind == "license_conflict":
            return pl.col("license_conflict").fill_null(False) == value
        if kind == "license_evidence":
            return pl.col("license_evidence").is_in(list(value)).fill_null(False)
        if kind == "source":
            return self._source(*value)
        if kind == "residency":
            return functools.reduce(operator.and_, [self._residency(k, v) for k, v in value])
        if kind == "optout":
            return self._optout(*value)
        raise ValueError(f"unknown condition kind {kind!r}")

    def _source(self, ids, categories) -> pl.Expr:
        checks = []
        if ids is not None:
            source_id = pl.col("source_id")
            checks.append(
                pl.when(source_id.is_null()).then(UNKNOWN).otherwise(source_id.is_in(list(ids)))
            )
        if categories is not None:
            category = pl.col("source_category").fill_null("unknown")
            unknown = (category == "unknown") & pl.lit("unknown" not in categories)
            checks.append(
                pl.when(unknown).then(UNKNOWN).otherwise(category.is_in(list(categories)))
            )
        return functools.reduce(operator.and_, checks)

    def _residency(self, key: str, wanted) -> pl.Expr:
        if key == "personal_data":
            value = pl.col("personal_data").fill_null("unknown")
            unknown = (value == "unknown") & pl.lit("unknown" not in wanted)
            return pl.when(unknown).then(UNKNOWN).otherwise(value.is_in(list(wanted)))
        if key == "subjects_in":
            subjects = pl.col("subject_regions")
            values = self.frame["subject_regions"].explode().drop_nulls().unique().to_list()
            overlapping = [v for v in values if v != "unknown" and regions.overlaps(v, wanted)]
            any_overlap = subjects.list.eval(pl.element().is_in(overlapping)).list.any()
            return (
                pl.when(subjects.is_null())
                .then(UNKNOWN)
                .when(any_overlap)
                .then(pl.lit(True))
                .when(subjects.list.contains("unknown"))
                .then(UNKNOWN)
                .otherwise(pl.lit(False))
            )
        if key == "collected_in":
            return self._mapped(
                "collected_in", lambda v: None if v == "unknown" else regions.overlaps(v, wanted)
            )
        if key == "stored_outside":
            return self._mapped(
                "stored_in", lambda v: None if v == "unknown" else not regions.within(v, wanted)
            )
        if key == "destination_outside":
            return pl.lit(destination_outside(self.policy, wanted))
        raise ValueError(f"unknown residency test {key!r}")

    def _optout(self, signals: frozenset[str], before_acquisition: bool) -> pl.Expr:
        if not before_acquisition:
            reserving = pl.col("optout_signal").list.eval(pl.element().is_in(list(signals)))
            return reserving.list.any().fill_null(False)
        # The state at acquisition: per signal, the latest observation made before it.
        rows = self.frame.select("acquired_at", "optout_evidence").with_row_index("_row")
        observations = (
            rows.explode("optout_evidence")
            .drop_nulls("optout_evidence")
            .unnest("optout_evidence")
            .filter(
                pl.col("signal").is_in(list(signals))
                & (pl.col("observed_at") <= pl.col("acquired_at"))
            )
        )
        latest = (
            observations.sort("_row", "signal", "observed_at", "reserved")
            .group_by("_row", "signal")
            .agg(pl.col("reserved").last())
            .group_by("_row")
            .agg(pl.col("reserved").any().alias("reserved_at_acquisition"))
        )
        reserved = rows.join(latest, on="_row", how="left", maintain_order="left")
        name = f"_optout_{len(self.auxiliary)}"
        self.auxiliary[name] = (
            reserved.select(
                pl.when(pl.col("acquired_at").is_null())
                .then(UNKNOWN)
                .otherwise(pl.col("reserved_at_acquisition").fill_null(False))
            )
            .to_series()
            .alias(name)
        )
        return pl.col(name)


def _hits(rules: list[tuple[Rule, pl.Expr]], pick) -> pl.Expr:
    hits = [pl.when(pick(rule, result)).then(pl.lit(rule.id)) for rule, result in rules]
    if not hits:
        return pl.lit([], dtype=pl.List(pl.String))
    return pl.concat_list(hits).list.drop_nulls()


def _excludes(rule: Rule, result: pl.Expr) -> pl.Expr:
    matched = result.fill_null(False) & pl.lit(rule.effect == "exclude")
    unknown = result.is_null() & pl.lit(rule.effect != "flag" and rule.on_unknown == "exclude")
    return matched | unknown


def _includes(rule: Rule, result: pl.Expr) -> pl.Expr:
    return result.fill_null(False) & pl.lit(rule.effect == "include")


def _flags(rule: Rule, result: pl.Expr) -> pl.Expr:
    matched = result.fill_null(False) & pl.lit(rule.effect == "flag")
    return matched | (result.is_null() & pl.lit(rule.on_unknown == "flag"))


def _relied_on(frame: pl.DataFrame, rule: Rule) -> pl.Expr | None:
    condition = first_licence_condition(rule.when)
    if condition is None:
        return None
    values = frame["license"].drop_nulls().unique().to_list()
    mapping = {value: licence_result(condition.value, value)[1] for value in values}
    return pl.col("license").replace_strict(mapping, default=None, return_dtype=pl.String)


_COLUMNS_READ = {
    "license": ("license",),
    "license_confidence": ("license_confidence",),
    "license_conflict": ("license_conflict",),
    "license_evidence": ("license_evidence",),
    "source": ("source_id", "source_category"),
    "optout": ("optout_signal", "optout_evidence", "acquired_at"),
}
_RESIDENCY_COLUMNS = {
    "personal_data": "personal_data",
    "subjects_in": "subject_regions",
    "collected_in": "collected_in",
    "stored_outside": "stored_in",
}


def columns_read(condition: Condition) -> set[str]:
    """The ledger columns a condition reads."""
    if condition.kind in ("all", "any", "not"):
        return set().union(*(columns_read(child) for child in condition.children))
    if condition.kind == "residency":
        return {_RESIDENCY_COLUMNS[key] for key, _ in condition.value if key in _RESIDENCY_COLUMNS}
    if condition.kind == "optout" and not condition.value[1]:
        return {"optout_signal"}
    return set(_COLUMNS_READ[condition.kind])


def policy_columns(policy: Policy) -> list[str]:
    """The ledger columns evaluating and reporting a policy needs."""
    read = set().union(*(columns_read(rule.when) for rule in policy.rules))
    return sorted(read | {"status", "quarantine_reason", "license", "source_id"})


def evaluate(ledger: pl.DataFrame, policy: Policy) -> pl.DataFrame:
    """The ledger with the policy's decision columns appended (see DECISION_COLUMNS).

    Each distinct combination of the facts the policy reads is decided once and joined back:
    a ledger of millions of documents has a few thousand such combinations.
    """
    facts = sorted(set().union(*(columns_read(rule.when) for rule in policy.rules)) | {"status"})
    # A 64-bit key per combination: each column hashed with its own seed, combined by xor.
    key = functools.reduce(operator.xor, [pl.col(c).hash(seed=i) for i, c in enumerate(facts)])
    keys = ledger.select(key.alias("_facts"))["_facts"]
    first_rows = (
        keys.to_frame().with_row_index("_row").unique("_facts", keep="first", maintain_order=True)
    )
    distinct = ledger[first_rows["_row"]].select(facts)
    decided = _evaluate_rows(distinct, policy).select(DECISION_COLUMNS)
    position = keys.replace_strict(
        first_rows["_facts"], pl.int_range(first_rows.height, eager=True), return_dtype=pl.UInt32
    )
    quarantined = pl.col("status") == "quarantined"
    return pl.concat([ledger, decided[position]], how="horizontal").with_columns(
        pl.when(quarantined)
        .then(pl.lit("quarantined input: ") + pl.col("quarantine_reason").fill_null(""))
        .otherwise(pl.col("reason"))
        .alias("reason")
    )


def _evaluate_rows(ledger: pl.DataFrame, policy: Policy) -> pl.DataFrame:
    """Decision columns for every row of a frame holding the columns the policy reads."""
    vectoriser = _Vectoriser(ledger, policy)
    results = [
        (rule, vectoriser.expr(rule.when, rule.effect != "include")) for rule in policy.rules
    ]
    frame = (
        ledger.with_columns(list(vectoriser.auxiliary.values())) if vectoriser.auxiliary else ledger
    )
    names = [f"_rule_{index}" for index in range(len(results))]
    frame = frame.with_columns(
        [result.alias(name) for (_, result), name in zip(results, names, strict=True)]
    )
    columns = [(rule, pl.col(name)) for (rule, _), name in zip(results, names, strict=True)]
    frame = frame.with_columns(
        _hits(columns, _excludes).alias("_excluders"),
        _hits(columns, _includes).alias("_includers"),
        _hits(columns, _flags).alias("flags"),
    )
    quarantined = pl.col("status") == "quarantined"
    excluded = pl.col("_excluders").list.len() > 0
    included = pl.col("_includers").list.len() > 0
    decision = (
        pl.when(quarantined)
        .then(pl.lit("quarantine"))
        .when(excluded)
        .then(pl.lit("exclude"))
        .when(included)
        .then(pl.lit("include"))
        .otherwise(pl.lit("exclude"))
    )
    reason: pl.Expr = pl.when(quarantined).then(pl.lit("quarantined input: "))
    for rule, column in columns:
        if rule.effect != "flag":
            excludes = _excludes(rule, column)
            reason = reason.when(excludes & column.is_null()).then(pl.lit(rule_reason(rule, True)))
            reason = reason.when(excludes).then(pl.lit(rule_reason(rule, False)))
    for rule, column in columns:
        reason = reason.when(_includes(rule, column)).then(pl.lit(rule_reason(rule, False)))
    reason = reason.otherwise(pl.lit(NO_INCLUDE))
    relied: pl.Expr = pl.lit(None, dtype=pl.String)
    for rule, column in reversed(columns):
        mapped = _relied_on(frame, rule) if rule.effect == "include" else None
        if mapped is not None:
            relied = (
                pl.when(_includes(rule, column) & mapped.is_not_null())
                .then(mapped)
                .otherwise(relied)
            )
    return frame.with_columns(
        decision.alias("decision"),
        pl.when(quarantined)
        .then(pl.lit([], dtype=pl.List(pl.String)))
        .when(excluded)
        .then(pl.col("_excluders"))
        .when(included)
        .then(pl.col("_includers"))
        .otherwise(pl.lit([], dtype=pl.List(pl.String)))
        .alias("rule_ids"),
        pl.when(quarantined)
        .then(pl.lit([], dtype=pl.List(pl.String)))
        .otherwise(pl.col("flags"))
        .alias("flags"),
        reason.alias("reason"),
        pl.when(~quarantined & ~excluded & included).then(relied).alias("license_relied_on"),
        pl.lit(policy.sha256).alias("policy_sha256"),
    ).drop(["_excluders", "_includers", *names, *vectoriser.auxiliary])
