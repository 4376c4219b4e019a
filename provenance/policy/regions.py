"""Region groups for residency rules (EU, EEA, ADEQUACY, ...), read from reference/regions.yaml."""

from __future__ import annotations

from functools import cache
from typing import Any

from provenance.resources import load_yaml_data

WORLD = "WORLD"


@cache
def regions() -> dict[str, Any]:
    return load_yaml_data("reference", "regions.yaml")


def group_names() -> list[str]:
    return sorted(regions()["groups"])


def expand(names: list[str] | tuple[str, ...]) -> frozenset[str]:
    """Country codes (and the group names themselves) covered by a list of regions.

    Raises ValueError for a name that is neither a two-letter code nor a known group.
    """
    groups = regions()["groups"]
    covered: set[str] = set()
    for name in names:
        if name in groups:
            covered.add(name)
            covered.update(groups[name]["members"])
        elif len(name) == 2 and name.isalpha() and name.isupper():
            covered.add(name)
        else:
            raise ValueError(
                f"unknown region {name!r}; expected a two-letter country code or one of "
                + ", ".join(group_names())
            )
    return frozenset(covered)


def within(location: str, covered: frozenset[str]) -> bool:
    """Is a location (country code or group) entirely inside the covered regions?"""
    if location in covered or "*" in covered:
        return True
    groups = regions()["groups"]
    if location in groups:
        members = set(groups[location]["members"])
        return "*" not in members and members <= covered
    return False


def overlaps(location: str, covered: frozenset[str]) -> bool:
    """Does a location (country code or group, or WORLD) include any of the covered regions?"""
    if location in covered or "*" in covered:
        return True
    groups = regions()["groups"]
    if location in groups:
        members = set(groups[location]["members"])
        return "*" in members or bool(members & covered)
    return False
