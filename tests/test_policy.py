"""The policy engine: loading with clear errors, every condition kind, unknowns, explanations,
and agreement of the vectorised evaluation with the per-row reference evaluator."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner
from conftest import SAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from provenance.cli import main
from provenance.errors import UserError
from provenance.policy import decide_row, evaluate, load_policy
from provenance.policy.commands import facts_row, ledger_polars_schema
from provenance.policy.licence import licence_result
from provenance.policy.model import Condition, LicenceTest, Policy, Rule

POLICIES = SAMPLES / "policies"

BASE = """\
policy: 1
id: test-policy
version: "1"
description: A policy for tests.
effective: 2026-11-01
context: {stored_in: [DE], processed_in: [EEA]}
unknown: exclude
rules:
  - id: open
    effect: include
    when:
      license: {presets: [open-definition]}
    cite: Open Definition 2.1
  - id: no-nc
    effect: exclude
    when:
      license: {categories: [non-commercial]}
    cite: Internal rule 1
"""


def write_policy(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def decide(policy: Policy, **facts) -> dict:
    """Decide one document with both evaluators; they must agree."""
    row = facts_row(facts, "test")
    vectorised = evaluate(pl.DataFrame([row], schema=ledger_polars_schema()), policy).row(
        0, named=True
    )
    reference = decide_row(policy, row)
    assert (vectorised["decision"], tuple(vectorised["rule_ids"]), tuple(vectorised["flags"])) == (
        reference.decision,
        reference.rule_ids,
        reference.flags,
    )
    assert vectorised["reason"] == reference.reason
    assert vectorised["license_relied_on"] == reference.license_relied_on
    return vectorised


@pytest.mark.parametrize("name", ["open-definition", "eu-commercial", "research-only"])
def test_sample_policies_pass_their_own_tests(name: str) -> None:
    result = CliRunner().invoke(main, ["policy", "test", str(POLICIES / f"{name}.yaml")])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith(" failed") and ", 0 failed" in result.output


def test_a_failing_policy_test_exits_1_and_says_why(tmp_path: Path) -> None:
    text = (
        BASE
        + """tests:
  - name: wrong on purpose
    facts: {license: CC-BY-NC-4.0}
    expect: {decision: include}
"""
    )
    result = CliRunner().invoke(main, ["policy", "test", str(write_policy(tmp_path, text))])
    assert result.exit_code == 1
    assert "FAIL" in result.output and "got      exclude by [no-nc]" in result.output


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            ("    effect: include", "    efect: include"),
            r":10: rules\[0\].efect: unknown key 'efect'; did you mean 'effect'\?",
        ),
        (
            ("    effect: exclude", "    effect: deny"),
            r":15: rules\[1\].effect: 'deny' is not allowed; expected one of: include, exclude, flag",
        ),
        (
            ("processed_in: [EEA]", "processed_in: [EUROPE]"),
            r":6: context.processed_in: unknown region 'EUROPE'",
        ),
        (
            ("presets: [open-definition]", "presets: [opendefinition]"),
            r":12: rules\[0\].when.license.presets\[0\]: unknown preset 'opendefinition'",
        ),
        (
            ("categories: [non-commercial]", "ids: [Apache 2 maybe]"),
            r":17: rules\[1\].when.license.ids\[0\]: 'Apache 2 maybe' is not an SPDX licence id",
        ),
        (
            ("  - id: no-nc", "  - id: open"),
            r":14: rules\[1\].id: 'open' is already used on line 9",
        ),
        (
            (
                "      license: {categories: [non-commercial]}",
                "      licence: {categories: [non-commercial]}",
            ),
            r":17: rules\[1\].when.licence: unknown key 'licence'; did you mean 'license'\?",
        ),
        (("unknown: exclude", "unknown: allow"), r":7: unknown: 'allow' is not allowed"),
    ],
)
def test_policy_errors_name_the_line(tmp_path: Path, edit: tuple[str, str], expected: str) -> None:
    assert edit[0] in BASE
    path = write_policy(tmp_path, BASE.replace(*edit))
    with pytest.raises(UserError, match=expected):
        load_policy(path)


def test_policy_with_a_bad_line_exits_2_without_traceback(tmp_path: Path) -> None:
    path = write_policy(tmp_path, BASE.replace("    effect: include", "    efect: include"))
    result = CliRunner().invoke(main, ["policy", "test", str(path)])
    assert result.exit_code == 2 and "Traceback" not in result.output


# -- expression semantics ---------------------------------------------------------------------

OPEN = LicenceTest(presets=("open-definition",))
NON_COMMERCIAL = LicenceTest(categories=frozenset({"non-commercial"}))


@pytest.mark.parametrize(
    ("expression", "restrict", "result", "relied"),
    [
        ("MIT OR CC-BY-NC-4.0", False, True, "MIT"),
        ("CC-BY-NC-4.0 OR MIT", False, True, "MIT"),
        ("MIT AND CC-BY-NC-4.0", False, False, None),
        ("MIT AND CC-BY-4.0", False, True, "MIT AND CC-BY-4.0"),
        ("GPL-2.0-only WITH Classpath-exception-2.0", False, False, None),
        ("LicenseRef-Never-Heard-Of", False, None, None),
        ("MIT OR LicenseRef-Never-Heard-Of", False, True, "MIT"),
        ("MIT AND LicenseRef-Never-Heard-Of", False, None, None),
        (None, False, None, None),
    ],
)
def test_licence_expression_semantics(expression, restrict, result, relied) -> None:
    assert licence_result(OPEN, expression, restrict) == (result, relied)


@pytest.mark.parametrize(
    ("expression", "unavoidable"),
    [
        ("CC-BY-NC-4.0", True),
        ("MIT OR CC-BY-NC-4.0", False),  # the user can choose MIT
        ("MIT AND CC-BY-NC-4.0", True),  # both apply
        ("CC-BY-NC-4.0 OR CC-BY-NC-SA-4.0", True),
    ],
)
def test_restrictions_apply_only_when_unavoidable(expression: str, unavoidable: bool) -> None:
    assert licence_result(NON_COMMERCIAL, expression, restrict=True)[0] is unavoidable


def test_ids_understand_with_exceptions_and_deprecated_ids(tmp_path: Path) -> None:
    text = BASE.replace(
        "license: {presets: [open-definition]}",
        "license: {ids: [GPL-2.0-with-classpath-exception, GPL-3.0+]}",
    )
    policy = load_policy(write_policy(tmp_path, text))
    assert (
        decide(policy, license="GPL-2.0-only WITH Classpath-exception-2.0")["decision"] == "include"
    )
    assert decide(policy, license="GPL-3.0-or-later")["decision"] == "include"
    assert decide(policy, license="GPL-3.0-only")["decision"] == "exclude"


def test_relied_on_alternative_is_recorded() -> None:
    policy = load_policy(POLICIES / "eu-commercial.yaml")
    decided = decide(policy, license="CC-BY-NC-4.0 OR MIT", personal_data="no")
    assert decided["decision"] == "include" and decided["license_relied_on"] == "MIT"


# -- each condition kind, and unknowns --------------------------------------------------------


def rule_policy(when: Condition, effect: str = "exclude", on_unknown: str = "exclude") -> Policy:
    """A policy that includes everything with a known licence, plus one rule under test."""
    include_all = Rule(
        "any-licence",
        "include",
        Condition(
            "license",
            LicenceTest(
                categories=frozenset(
                    {
                        "public-domain",
                        "permissive",
                        "weak-copyleft",
                        "copyleft",
                        "non-commercial",
                        "no-derivatives",
                        "restricted",
                        "unknown",
                    }
                )
            ),
        ),
        "test",
        "ignore",
        order=0,
    )
    rule = Rule("under-test", effect, when, "test citation", on_unknown, order=1)
    return Policy(
        id="p",
        version="1",
        description="d",
        effective="2026-01-01",
        stored_in=("DE",),
        processed_in=("DE",),
        unknown="exclude",
        rules=(include_all, rule),
        sha256="0" * 64,
    )


@pytest.mark.parametrize(
    ("condition", "facts", "matches"),
    [
        (Condition("license_confidence", (0.8, None)), {"license_confidence": 0.9}, True),
        (Condition("license_confidence", (None, 0.5)), {"license_confidence": 0.9}, False),
        (Condition("license_conflict", True), {"license_conflict": True}, True),
        (
            Condition("license_evidence", frozenset({"source"})),
            {"license_evidence": "metadata"},
            False,
        ),
        (Condition("source", (frozenset({"wiki"}), None)), {"source_id": "wiki"}, True),
        (Condition("source", (frozenset({"wiki"}), None)), {}, None),
        (Condition("source", (None, frozenset({"crawled"}))), {"source_category": "crawled"}, True),
        (Condition("source", (None, frozenset({"crawled"}))), {"source_category": "unknown"}, None),
        (
            Condition("residency", (("personal_data", frozenset({"yes"})),)),
            {"personal_data": "yes"},
            True,
        ),
        (Condition("residency", (("personal_data", frozenset({"yes"})),)), {}, None),
        (
            Condition("residency", (("subjects_in", frozenset({"EEA", "DE"})),)),
            {"subject_regions": ["EU"]},
            True,
        ),
        (
            Condition("residency", (("subjects_in", frozenset({"DE"})),)),
            {"subject_regions": ["WORLD"]},
            True,
        ),
        (
            Condition("residency", (("subjects_in", frozenset({"DE"})),)),
            {"subject_regions": ["US"]},
            False,
        ),
        (
            Condition("residency", (("subjects_in", frozenset({"DE"})),)),
            {"subject_regions": ["US", "unknown"]},
            None,
        ),
        (
            Condition("residency", (("collected_in", frozenset({"CN"})),)),
            {"collected_in": "CN"},
            True,
        ),
        (
            Condition("residency", (("stored_outside", frozenset({"RU"})),)),
            {"stored_in": "DE"},
            True,
        ),
        (Condition("residency", (("stored_outside", frozenset({"RU"})),)), {}, None),
        (Condition("residency", (("destination_outside", frozenset({"CN"})),)), {}, True),
        (Condition("optout", (frozenset({"robots"}), False)), {"optout_signal": ["robots"]}, True),
        (Condition("optout", (frozenset({"tdmrep"}), False)), {"optout_signal": ["robots"]}, False),
        (Condition("optout", (frozenset({"robots"}), True)), {"optout_signal": ["robots"]}, None),
        (
            Condition("not", None, (Condition("license_conflict", True),)),
            {"license_conflict": True},
            False,
        ),
    ],
)
def test_condition_kinds(condition: Condition, facts: dict, matches: bool | None) -> None:
    decided = decide(rule_policy(condition), license="MIT", **facts)
    expected = "exclude" if matches in (True, None) else "include"
    assert decided["decision"] == expected
    if matches is None:
        assert "facts it needs are unknown" in decided["reason"]
    decided = decide(rule_policy(condition, on_unknown="ignore"), license="MIT", **facts)
    assert decided["decision"] == ("exclude" if matches else "include")


def test_unknown_can_flag_and_flags_never_decide() -> None:
    unknown_source = Condition("source", (frozenset({"wiki"}), None))
    decided = decide(rule_policy(unknown_source, on_unknown="flag"), license="MIT")
    assert decided["decision"] == "include" and decided["flags"] == ["under-test"]
    flag_rule = rule_policy(Condition("license_conflict", True), effect="flag")
    decided = decide(flag_rule, license="MIT", license_conflict=True)
    assert decided["decision"] == "include" and decided["flags"] == ["under-test"]


def test_exclude_overrides_include_and_default_is_exclude(tmp_path: Path) -> None:
    policy = load_policy(write_policy(tmp_path, BASE))
    assert decide(policy, license="CC-BY-NC-4.0")["rule_ids"] == ["no-nc"]
    excluded = decide(policy, license="Apache-2.0 AND CC-BY-NC-4.0")
    assert excluded["decision"] == "exclude" and excluded["rule_ids"] == ["no-nc"]
    nothing = decide(policy, license="LicenseRef-Proprietary-Thing")
    assert nothing["decision"] == "exclude"


# -- on a real ledger: check and explain -------------------------------------------------------


@pytest.fixture
def sample_ledger(sample_ledger_dir: Path) -> Path:
    return sample_ledger_dir


def test_check_reports_decisions_that_add_up(sample_ledger: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["check", str(sample_ledger), "--policy", str(POLICIES / "open-definition.yaml"), "--json"],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert sum(report["decisions"].values()) == report["documents"] == 3829
    assert report["decisions"]["quarantine"] == 8
    per_licence = sum(sum(counts.values()) for counts in report["by_license"].values())
    assert per_licence == report["documents"]
    assert {rule["id"] for rule in report["rules"]} >= {"open-licence", "no-non-commercial"}


def test_explain_gives_facts_rules_and_the_deciding_citation(sample_ledger: Path) -> None:
    ledger = pl.read_parquet(sorted(sample_ledger.glob("*.parquet")))
    doc_id = ledger.filter(pl.col("license") == "CC-BY-NC-SA-4.0")["doc_id"][0]
    args = [
        "explain",
        str(sample_ledger),
        doc_id,
        "--policy",
        str(POLICIES / "open-definition.yaml"),
    ]
    result = CliRunner().invoke(main, [*args, "--json"])
    report = json.loads(result.stdout)
    assert report["decision"] == "exclude" and report["rule_ids"] == ["no-non-commercial"]
    assert report["facts"]["license"] == "CC-BY-NC-SA-4.0"
    deciding = [rule for rule in report["rules"] if rule["deciding"]]
    assert [rule["cite"] for rule in deciding] == [
        "Open Definition 2.1, 2.1.1: no discrimination against fields of endeavour"
    ]
    text = CliRunner().invoke(main, args).output
    assert "decision: exclude (excluded by no-non-commercial" in text
    missing = CliRunner().invoke(
        main,
        [
            "explain",
            str(sample_ledger),
            "nope/1",
            "--policy",
            str(POLICIES / "open-definition.yaml"),
        ],
    )
    assert missing.exit_code == 2 and "no such doc_id" in missing.output


# -- the vectorised evaluation agrees with the reference, on random ledgers and policies -------

LICENCES = [
    None,
    "MIT",
    "CC-BY-4.0",
    "CC-BY-NC-4.0",
    "CC-BY-ND-4.0",
    "GPL-3.0-only",
    "MIT OR CC-BY-NC-4.0",
    "Apache-2.0 AND CC-BY-SA-4.0",
    "LicenseRef-Unknown-Thing",
    "GPL-2.0-only WITH Classpath-exception-2.0",
    "LicenseRef-CC-BY-SA-unversioned",
    "LicenseRef-Public-Domain-US",
    "CC0-1.0 OR (MIT AND CC-BY-NC-SA-4.0)",
]
REGIONS = ["DE", "FR", "US", "CN", "RU", "EU", "WORLD", "unknown"]
STAMP = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2026, 1, 1)).map(
    lambda moment: moment.replace(tzinfo=UTC)
)

rows = st.fixed_dictionaries(
    {
        "status": st.sampled_from(["ok", "ok", "ok", "quarantined"]),
        "license": st.sampled_from(LICENCES),
        "license_confidence": st.floats(0, 1),
        "license_conflict": st.booleans(),
        "license_evidence": st.sampled_from(["metadata", "spdx-tag", "source", "none"]),
        "source_id": st.sampled_from([None, "wiki", "forum"]),
        "source_category": st.sampled_from(["crawled", "public-dataset", "unknown"]),
        "personal_data": st.sampled_from(["yes", "no", "unknown"]),
        "subject_regions": st.none() | st.lists(st.sampled_from(REGIONS), max_size=3),
        "collected_in": st.none() | st.sampled_from(REGIONS),
        "stored_in": st.none() | st.sampled_from(REGIONS),
        "optout_signal": st.none()
        | st.lists(st.sampled_from(["robots", "tdmrep", "aipref"]), max_size=2),
        "acquired_at": st.none() | STAMP,
        "optout_evidence": st.none()
        | st.lists(
            st.fixed_dictionaries(
                {
                    "signal": st.sampled_from(["robots", "tdmrep"]),
                    "reserved": st.booleans(),
                    "observed_at": STAMP,
                    "evidence_url": st.just("https://example.org/robots.txt"),
                }
            ),
            max_size=3,
        ),
    }
)

licence_tests = st.builds(
    LicenceTest,
    ids=st.none()
    | st.frozensets(
        st.sampled_from(["MIT", "CC-BY-4.0", "GPL-2.0-only WITH Classpath-exception-2.0"]),
        min_size=1,
    ),
    categories=st.none()
    | st.frozensets(
        st.sampled_from(["permissive", "non-commercial", "copyleft", "unknown"]), min_size=1
    ),
    presets=st.none() | st.sampled_from([("open-definition",), ("permissive", "osi")]),
    flags=st.lists(
        st.tuples(st.sampled_from(["commercial_use", "derivatives", "share_alike"]), st.booleans()),
        max_size=2,
        unique_by=lambda f: f[0],
    ).map(tuple),
)
region_sets = st.lists(
    st.sampled_from(["EEA", "ADEQUACY", "CN", "RU", "DE"]), min_size=1, max_size=2
).map(lambda names: __import__("provenance.policy.regions", fromlist=["expand"]).expand(names))
leaves = st.one_of(
    st.builds(Condition, st.just("license"), licence_tests),
    st.builds(
        Condition,
        st.just("license_confidence"),
        st.tuples(st.none() | st.floats(0, 1), st.none() | st.floats(0, 1)),
    ),
    st.builds(Condition, st.just("license_conflict"), st.booleans()),
    st.builds(
        Condition,
        st.just("license_evidence"),
        st.frozensets(st.sampled_from(["metadata", "source"]), min_size=1),
    ),
    st.builds(
        Condition,
        st.just("source"),
        st.tuples(st.none() | st.just(frozenset({"wiki"})), st.just(frozenset({"crawled"}))),
    ),
    st.builds(
        Condition,
        st.just("residency"),
        st.lists(
            st.one_of(
                st.tuples(
                    st.just("personal_data"),
                    st.frozensets(st.sampled_from(["yes", "no", "unknown"]), min_size=1),
                ),
                st.tuples(
                    st.sampled_from(
                        ["subjects_in", "collected_in", "stored_outside", "destination_outside"]
                    ),
                    region_sets,
                ),
            ),
            min_size=1,
            max_size=3,
        ).map(tuple),
    ),
    st.builds(
        Condition,
        st.just("optout"),
        st.tuples(st.frozensets(st.sampled_from(["robots", "tdmrep"]), min_size=1), st.booleans()),
    ),
)
conditions = st.recursive(
    leaves,
    lambda children: st.one_of(
        st.builds(
            Condition,
            st.sampled_from(["all", "any"]),
            st.none(),
            st.lists(children, min_size=1, max_size=3).map(tuple),
        ),
        st.builds(Condition, st.just("not"), st.none(), children.map(lambda c: (c,))),
    ),
    max_leaves=5,
)
policies = st.lists(
    st.tuples(
        st.sampled_from(["include", "exclude", "flag"]),
        conditions,
        st.sampled_from(["exclude", "flag", "ignore"]),
    ),
    min_size=1,
    max_size=4,
).map(
    lambda specs: Policy(
        id="random",
        version="1",
        description="random",
        effective="2026-01-01",
        stored_in=("DE",),
        processed_in=("EEA",),
        unknown="exclude",
        sha256="f" * 64,
        rules=tuple(
            Rule(
                f"r{i}",
                effect,
                when,
                f"cite {i}",
                "flag" if effect == "flag" and unknown == "exclude" else unknown,
                order=i,
            )
            for i, (effect, when, unknown) in enumerate(specs)
        ),
    )
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policy=policies, facts=st.lists(rows, min_size=1, max_size=12))
def test_vectorised_evaluation_agrees_with_reference(policy: Policy, facts: list[dict]) -> None:
    full_rows = [
        facts_row({k: v for k, v in row.items() if k != "license"}, "hypothesis")
        | {"license": row["license"]}
        for row in facts
    ]
    frame = pl.DataFrame(full_rows, schema=ledger_polars_schema())
    decided = evaluate(frame, policy)
    for index, row in enumerate(frame.iter_rows(named=True)):
        reference = decide_row(policy, row)
        got = decided.row(index, named=True)
        assert got["decision"] == reference.decision
        assert tuple(got["rule_ids"]) == reference.rule_ids
        assert tuple(got["flags"]) == reference.flags
        assert got["reason"] == reference.reason
        assert got["license_relied_on"] == reference.license_relied_on
