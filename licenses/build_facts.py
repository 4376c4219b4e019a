#!/usr/bin/env python3
"""Regenerate licenses/facts.csv: one row of facts per non-deprecated SPDX licence id.

Maintainer tool, not needed at run time. Inputs (all in this folder unless noted):

- spdx/licenses.csv               the SPDX licence list (see build_spdx.py)
- review/facts_reviewed.csv       hand-reviewed facts; they win over everything else
- review/scancode_categories.csv  the documented ScanCode category -> facts mapping
- the ScanCode LicenseDB index shipped in the installed `license-expression` package
  (license_expression/data/scancode-licensedb-index.json, CC-BY-4.0, nexB Inc. and others)
- sources/blueoak-list.json        Blue Oak Council licence list (npm @blueoak/list, CC0-1.0)

    python licenses/build_facts.py          # writes facts.csv
    python licenses/build_facts.py --check  # exits 1 if facts.csv is not up to date

`basis` records where a row came from: `reviewed` (review/facts_reviewed.csv),
`scancode:<category>` (seeded from ScanCode and the mapping), or `none` (no source: unknown).
`blue_oak_tier` always comes from the Blue Oak list, whatever the basis.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
COLUMNS = [
    "id",
    "category",
    "attribution",
    "share_alike",
    "commercial_use",
    "derivatives",
    "open_definition",
    "blue_oak_tier",
    "basis",
]
FACT_COLUMNS = ["category", "attribution", "share_alike", "commercial_use", "derivatives"]
NOT_OPEN = {"non-commercial", "no-derivatives", "restricted"}


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def scancode_index_path() -> Path:
    import license_expression

    return Path(license_expression.__file__).parent / "data" / "scancode-licensedb-index.json"


def scancode_categories() -> dict[str, str]:
    """SPDX id -> ScanCode category (non-deprecated ScanCode keys win over deprecated ones)."""
    entries = json.loads(scancode_index_path().read_text(encoding="utf-8"))
    found: dict[str, set[str]] = {}
    for deprecated_pass in (False, True):
        for entry in entries:
            if entry.get("is_exception") or bool(entry.get("is_deprecated")) != deprecated_pass:
                continue
            keys = [
                entry.get("spdx_license_key") or "",
                *(entry.get("other_spdx_license_keys") or []),
            ]
            for key in keys:
                if key and not key.startswith("LicenseRef-"):
                    if deprecated_pass and key in found:
                        continue
                    found.setdefault(key, set()).add(entry["category"])
    # An id claimed by ScanCode keys of different categories is ambiguous: no seed.
    return {key: next(iter(cats)) for key, cats in found.items() if len(cats) == 1}


def blue_oak_tiers() -> dict[str, str]:
    data = json.loads((HERE / "sources" / "blueoak-list.json").read_text(encoding="utf-8"))
    tiers: dict[str, str] = {}
    for rating in data:
        for lic in rating["licenses"]:
            tiers[lic["id"]] = rating["name"]
    return tiers


def build() -> str:
    spdx = [r for r in _read_csv(HERE / "spdx" / "licenses.csv") if r["deprecated"] == "false"]
    reviewed = {r["id"]: r for r in _read_csv(HERE / "review" / "facts_reviewed.csv")}
    mapping = {
        r["scancode_category"]: r for r in _read_csv(HERE / "review" / "scancode_categories.csv")
    }
    seeds = scancode_categories()
    tiers = blue_oak_tiers()

    unknown_reviewed = sorted(set(reviewed) - {r["id"] for r in spdx})
    if unknown_reviewed:
        raise SystemExit(
            f"review/facts_reviewed.csv: not non-deprecated SPDX ids: {unknown_reviewed}"
        )

    rows = []
    for lic in spdx:
        lid = lic["id"]
        row = {"id": lid}
        if lid in reviewed:
            src = reviewed[lid]
            row.update({c: src[c] for c in FACT_COLUMNS})
            row["open_definition"] = src["open_definition"]
            row["basis"] = "reviewed"
        elif lid in seeds:
            cat = seeds[lid]
            if cat not in mapping:
                raise SystemExit(
                    f"review/scancode_categories.csv: no mapping for ScanCode category {cat!r}"
                )
            src = mapping[cat]
            row.update({c: src[c] for c in FACT_COLUMNS})
            row["open_definition"] = "false" if src["category"] in NOT_OPEN else ""
            row["basis"] = "scancode:" + cat.lower().replace(" ", "-")
        else:
            row.update({c: "" for c in FACT_COLUMNS})
            row["category"] = "unknown"
            row["open_definition"] = ""
            row["basis"] = "none"
        row["blue_oak_tier"] = tiers.get(lid, "")
        rows.append(row)
    rows.sort(key=lambda r: r["id"])

    buf = io.StringIO()
    writer = csv.DictWriter(buf, COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="do not write; exit 1 if facts.csv differs from a fresh build",
    )
    args = parser.parse_args(argv)
    text = build()
    path = HERE / "facts.csv"
    current = path.read_text(encoding="utf-8") if path.exists() else None
    if current == text:
        return 0
    if args.check:
        print("facts.csv: out of date (run licenses/build_facts.py)", file=sys.stderr)
        return 1
    tmp = path.with_suffix(".csv.tmp")
    tmp.write_text(text, encoding="utf-8", newline="")
    tmp.replace(path)
    print("wrote facts.csv")
    return 0


if __name__ == "__main__":
    sys.exit(main())
