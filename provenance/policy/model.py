"""Policies as data: loading a policy file into rules with typed conditions.

A policy is a YAML file checked against `schemas/policy.schema.json` (errors name the file, the
line and what was expected). Licence ids are checked and deprecated ids upgraded, region names
expanded, preset names checked, when the policy is loaded, so that evaluation never meets a
value it does not understand.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from provenance.errors import UserError
from provenance.licenses import knowledge_base, normalize
from provenance.policy import regions
from provenance.validation import JsonPath, check_schema, load_yaml

EFFECTS = ("include", "exclude", "flag")
LICENCE_FLAGS = (
    "attribution",
    "share_alike",
    "commercial_use",
    "derivatives",
    "open_definition",
    "osi_approved",
)


@dataclass(frozen=True)
class LicenceTest:
    """What must hold for one licence of an expression (every given part)."""

    ids: frozenset[str] | None = None
    categories: frozenset[str] | None = None
    presets: tuple[str, ...] | None = None
    flags: tuple[tuple[str, bool], ...] = ()
    blue_oak: frozenset[str] | None = None


@dataclass(frozen=True)
class Condition:
    """One node of a rule's condition: `all`, `any`, `not`, or a test of one kind of fact."""

    kind: str
    value: Any
    children: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class Rule:
    id: str
    effect: str
    when: Condition
    cite: str
    on_unknown: str
    description: str | None = None
    order: int = 0


@dataclass(frozen=True)
class PolicyTest:
    name: str
    facts: dict[str, Any]
    decision: str
    rules: tuple[str, ...] | None
    flags: tuple[str, ...] | None
    line: int


@dataclass(frozen=True)
class Policy:
    id: str
    version: str
    description: str
    effective: str
    stored_in: tuple[str, ...]
    processed_in: tuple[str, ...]
    unknown: str
    rules: tuple[Rule, ...]
    tests: tuple[PolicyTest, ...] = ()
    path: str | None = None
    sha256: str = ""
    text: str = field(default="", repr=False)

    @property
    def destinations(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.stored_in + self.processed_in))


class _Compiler:
    def __init__(self, file: str, lines: dict[JsonPath, int]) -> None:
        self.file = file
        self.lines = lines

    def fail(self, path: JsonPath, message: str) -> UserError:
        where = path
        while where not in self.lines and where:
            where = where[:-1]
        dotted = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
        return UserError(f"{self.file}:{self.lines.get(where, 1)}: {dotted}: {message}")

    def condition(self, node: dict[str, Any], path: JsonPath) -> Condition:
        parts = [self.part(key, value, (*path, key)) for key, value in node.items()]
        return parts[0] if len(parts) == 1 else Condition("all", None, tuple(parts))

    def part(self, key: str, value: Any, path: JsonPath) -> Condition:
        if key in ("all", "any"):
            children = tuple(self.condition(item, (*path, i)) for i, item in enumerate(value))
            return Condition(key, None, children)
        if key == "not":
            return Condition("not", None, (self.condition(value, path),))
        if key == "license":
            return Condition("license", self.licence_test(value, path))
        if key == "residency":
            return Condition("residency", self.residency(value, path))
        if key == "license_evidence":
            return Condition(key, frozenset(value))
        if key == "source":
            return Condition(
                key,
                (
                    frozenset(value["ids"]) if "ids" in value else None,
                    frozenset(value["categories"]) if "categories" in value else None,
                ),
            )
        if key == "optout":
            return Condition(
                key,
                (
                    frozenset(
                        value.get("signals", ("robots", "tdmrep", "aipref", "ai.txt", "tos"))
                    ),
                    bool(value.get("observed_before_acquisition", False)),
                ),
            )
        if key == "license_confidence":
            return Condition(key, (value.get("at_least"), value.get("below")))
        return Condition(key, value)

    def licence_test(self, value: dict[str, Any], path: JsonPath) -> LicenceTest:
        kb = knowledge_base()
        ids = None
        if "ids" in value:
            ids = set()
            for index, raw in enumerate(value["ids"]):
                reading = normalize(raw)
                if reading.license is None or reading.confidence < 0.9:
                    raise self.fail(
                        (*path, "ids", index),
                        f"{raw!r} is not an SPDX licence id or expression; use the SPDX id",
                    )
                ids.add(reading.license)
        presets = tuple(value.get("presets", ())) or None
        for index, name in enumerate(presets or ()):
            if name not in kb.presets["presets"]:
                raise self.fail(
                    (*path, "presets", index),
                    f"unknown preset {name!r}; expected one of "
                    + ", ".join(sorted(kb.presets["presets"])),
                )
        return LicenceTest(
            ids=frozenset(ids) if ids is not None else None,
            categories=frozenset(value["categories"]) if "categories" in value else None,
            presets=presets,
            flags=tuple((flag, value[flag]) for flag in LICENCE_FLAGS if flag in value),
            blue_oak=frozenset(value["blue_oak"]) if "blue_oak" in value else None,
        )

    def residency(self, value: dict[str, Any], path: JsonPath) -> tuple[tuple[str, Any], ...]:
        tests = []
        for key, item in value.items():
            if key == "personal_data":
                tests.append((key, frozenset(item)))
                continue
            try:
                tests.append((key, regions.expand(item)))
            except ValueError as error:
                raise self.fail((*path, key), str(error)) from None
        return tuple(tests)


def load_policy(path: str | Path) -> Policy:
    """Load, check and compile a policy file."""
    data, lines = load_yaml(path)
    file = str(path)
    check_schema(data, "policy.schema.json", file, lines)
    compiler = _Compiler(file, lines)
    for key in ("stored_in", "processed_in"):
        try:
            regions.expand(data["context"][key])
        except ValueError as error:
            raise compiler.fail(("context", key), str(error)) from None
    rules: list[Rule] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(data["rules"]):
        line = lines.get(("rules", index), 1)
        if entry["id"] in seen:
            raise UserError(
                f"{file}:{line}: rules[{index}].id: {entry['id']!r} is already used on line "
                f"{seen[entry['id']]}; rule ids must be unique"
            )
        seen[entry["id"]] = line
        on_unknown = entry.get("on_unknown", data["unknown"])
        if entry["effect"] == "flag" and on_unknown == "exclude":
            on_unknown = "flag"  # a flag never changes a decision, not even on unknown facts
        rules.append(
            Rule(
                id=entry["id"],
                effect=entry["effect"],
                when=compiler.condition(entry["when"], ("rules", index, "when")),
                cite=entry["cite"],
                on_unknown=on_unknown,
                description=entry.get("description"),
                order=index,
            )
        )
    tests = tuple(
        PolicyTest(
            name=case["name"],
            facts=case["facts"],
            decision=case["expect"]["decision"],
            rules=tuple(case["expect"]["rules"]) if "rules" in case["expect"] else None,
            flags=tuple(case["expect"]["flags"]) if "flags" in case["expect"] else None,
            line=lines.get(("tests", index), 1),
        )
        for index, case in enumerate(data.get("tests", []))
    )
    text = Path(path).read_text(encoding="utf-8")
    return Policy(
        id=data["id"],
        version=data["version"],
        description=data["description"],
        effective=data["effective"],
        stored_in=tuple(data["context"]["stored_in"]),
        processed_in=tuple(data["context"]["processed_in"]),
        unknown=data["unknown"],
        rules=tuple(rules),
        tests=tests,
        path=file,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        text=text,
    )
