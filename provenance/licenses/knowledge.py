"""The licence knowledge base, read from the reviewable data files in `licenses/`.

Nothing about a particular licence is written in code: SPDX ids and deprecations, facts per
licence, aliases, URL patterns, Creative Commons vocabulary and presets are all data. The
knowledge base has a version and a content hash (over every data file) that go into manifests.
"""

from __future__ import annotations

import csv
import hashlib
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from license_expression import LicenseSymbol, Licensing

from provenance.resources import data_path, load_yaml_data

CATEGORIES = (
    "public-domain",
    "permissive",
    "weak-copyleft",
    "copyleft",
    "non-commercial",
    "no-derivatives",
    "restricted",
    "unknown",
)
# How restrictive a category is: AND takes the most restrictive part, OR the least.
RESTRICTIVENESS = {category: rank for rank, category in enumerate(CATEGORIES)}
FACT_FLAGS = (
    "attribution",
    "share_alike",
    "commercial_use",
    "derivatives",
    "open_definition",
)
DATA_SUFFIXES = (".csv", ".yaml", ".json")
DATA_NAMES = ("VERSION",)
# Words that extend a licence version to later ones: "or later", "or newer", "or higher", ...
LATER_WORDS = r"(?:later|newer|greater|higher|above)"
# "Licence" in the languages READMEs and file headers are written in, besides English: one list
# for licence headings, `Licence:` labels, bold labels and badge labels.
LICENCE_WORDS = (
    r"licença|licencia|lizenz|licenza|licentie|licencja|lisans|lisensi|giấy phép|ліцензія"
    r"|лицензия|άδεια(?: χρήσης)?|مجوز(?:ها)?|الترخيص|ライセンス|许可证信息|许可证|許可證|许可协议"
    r"|开源协议|開源協議|授權條款|授权条款|许可|授權|授权|라이선스"
)


def alias_key(text: str) -> str:
    """The form aliases are matched in: case-folded, punctuation and spacing collapsed.

    `+` and `.` are kept because they carry meaning (GPL-2.0+, 2.0 vs 20).
    """
    # Accents on Latin letters are dropped ("Atribuicao" is "Atribuição"), other scripts kept.
    key = unicodedata.normalize("NFD", text.casefold())
    key = unicodedata.normalize("NFC", re.sub(r"(?<=[a-z])[\u0300-\u036f]+", "", key))
    # ">= 2" and "≥ 2" mean "2 or later": keep that as "2+" before punctuation goes.
    key = re.sub(r"(?:>=|≥)\s*(\d+(?:\.\d+)*)", r"\1+", key)
    # A decimal comma in a version: "Atribuição 3,0", "2,5".
    key = re.sub(r"(?<![\d.,])([1-4]),([05])(?![\d,])", r"\1.\2", key)
    # Versions in identifiers: CPAN's lgpl_2_1, OpenAlex's apache-2-0; "GPLv2only".
    key = re.sub(r"(?<=\d)_(?=\d)|(?<=\b\d)-(?=\d\b)", ".", key)
    key = re.sub(r"(?<=\d)(only|orlater)\b", r" \1", key)
    key = re.sub(r"[^\w+.]+|_", " ", key)
    key = re.sub(r"\.(?!\d)|(?<!\d)\.", " ", key)
    # "version 2", "ver 2", "v2" and "v 2" all say "2"; a lone "2" is "2.0"; licence is license.
    # The same in other languages (versión, versão, versie), and glued to a name: "GPLv2".
    key = re.sub(
        r"\b(?:version|versión|versão|versao|versione|versie|fassung|ver|v)\s*(?=\d)", "", key
    )
    key = re.sub(r"(?<=[a-z]{2})v(?=\d)", " ", key)
    key = re.sub(r"(?<=[a-z]{2})(?=\d+\.\d)", " ", key)  # Guix's fdl1.2, openldap2.8
    key = re.sub(r"(?<![\d.])(\d+)\.00+(?![\d.])", r"\1.0", key)  # "v2.00", "3.00"
    key = re.sub(r"(?<![\d.])(\d)(?![\d.])", r"\1.0", key)
    key = re.sub(r"\blicenc(e|es|ed)\b", r"licens\1", key)
    # "Apache-Lizenz, Version 2.0", "MIT licentie", "licenza Apache 2.0"
    key = re.sub(r"\b(?:lizenz|licentie|licenza)\b", "license", key)
    return " ".join(key.split())


def loose_key(key: str) -> str:
    """An alias key without "the" and "license": "The Apache License 2.0" is "apache 2.0"."""
    return " ".join(word for word in key.split() if word not in ("the", "license", "licenses"))


@dataclass(frozen=True)
class LicenseFacts:
    id: str
    category: str
    attribution: bool | None
    share_alike: bool | None
    commercial_use: bool | None
    derivatives: bool | None
    open_definition: bool | None
    osi_approved: bool | None
    blue_oak_tier: str | None
    name: str | None = None
    scope: str | None = None
    kind: str = "spdx"


# license-expression's tokenizer is not thread-safe; every parse goes through this lock.
_PARSE_LOCK = threading.RLock()


@dataclass(frozen=True)
class KnowledgeBase:
    """What the toolkit believes about licences. Policies need the ids and facts; the
    normaliser's vocabulary (aliases, URLs, CC words, patterns) is read on first use."""

    version: str
    spdx_version: str
    sha256: str
    facts: dict[str, LicenseFacts]
    spdx_ids: dict[str, str]  # lower-case id -> canonical id (licences and exceptions)
    exceptions: frozenset[str]
    deprecated: dict[str, str]  # lower-case deprecated id -> replacement expression
    presets: dict[str, Any]
    licensing: Licensing = field(repr=False, compare=False)

    def parse(self, expression: str) -> Any:
        """An SPDX expression parsed by license-expression, whose tokenizer is not safe to use
        from several threads at once (verify checks ledger files on threads): one at a time."""
        with _PARSE_LOCK:
            return self.licensing.parse(expression)

    def license_keys(self, expression: str) -> list[str]:
        """The licence and exception ids an expression names."""
        with _PARSE_LOCK:
            return self.licensing.license_keys(expression)

    def or_later(self, license_id: str) -> str | None:
        """The "-or-later" id of an "-only" id (GPL-2.0-only -> GPL-2.0-or-later), if any."""
        if not license_id.endswith("-only"):
            return None
        wider = license_id.removesuffix("-only") + "-or-later"
        return wider if wider in self.facts else None

    def category(self, license_id: str) -> str:
        facts = self.facts.get(license_id)
        return facts.category if facts else "unknown"

    @cached_property
    def aliases(self) -> dict[str, str]:
        """alias_key -> expression."""
        aliases: dict[str, str] = {}
        for row in _rows("aliases.csv"):
            aliases.setdefault(alias_key(row["alias"]), row["license"])
        # Every current SPDX id and full name reads as itself in any spelling ("cpal v1.0"), and
        # a name without its version when only one version exists ("Vovida Software License").
        stems: dict[str, set[str]] = {}
        for row in _rows("spdx/licenses.csv"):
            if row["deprecated"] == "false":
                aliases.setdefault(alias_key(row["id"]), row["id"])
                aliases.setdefault(alias_key(row["name"]), row["id"])
                stem = re.sub(r"\s*\b(?:version\s*)?v?\d+(?:\.\d+)*\s*$", "", row["name"])
                if stem != row["name"]:
                    stems.setdefault(alias_key(stem), set()).add(row["id"])
        for stem, ids in stems.items():
            if len(ids) == 1:
                aliases.setdefault(stem, ids.pop())
        # A deprecated id's full name reads as its replacement, as the id does
        # ("GNU General Public License v2.0 w/Bison exception").
        replacements = {
            row["deprecated_id"]: row["replacement"] for row in _rows("spdx/deprecated.csv")
        }
        for row in _rows("spdx/licenses.csv"):
            if row["deprecated"] == "true" and row["id"] in replacements:
                aliases.setdefault(alias_key(row["name"]), replacements[row["id"]])
        return aliases

    @cached_property
    def loose_aliases(self) -> dict[str, str]:
        """Alias keys without the words that never tell licences apart ("the", "license"),
        kept only where every alias of that loose key names the same licence."""
        loose: dict[str, set[str]] = {}
        for key, expression in self.aliases.items():
            loose.setdefault(loose_key(key), set()).add(expression)
        return {key: next(iter(found)) for key, found in loose.items() if key and len(found) == 1}

    @cached_property
    def words(self) -> frozenset[str]:
        """Every word of a licence name, id or alias (misspellings excluded): a typo never turns
        one of these into another."""
        names = [row["alias"] for row in _rows("aliases.csv") if row["kind"] != "typo"]
        names += [row[column] for row in _rows("spdx/licenses.csv") for column in ("id", "name")]
        return frozenset(word for name in names for word in re.findall(r"[a-z]+", name.lower()))

    @cached_property
    def exception_keys(self) -> dict[str, set[str]]:
        """alias_key of an exception id, name or stem -> ids."""
        keys: dict[str, set[str]] = {}
        for row in _rows("spdx/exceptions.csv"):
            if row["deprecated"] == "false":
                for text in (row["id"], row["name"]):
                    keys.setdefault(alias_key(text), set()).add(row["id"])
                bare = re.sub(r"\b(?:exceptions?|\d+(?:\.\d+)*)\b", " ", alias_key(row["id"]))
                keys.setdefault(" ".join(bare.split()), set()).add(row["id"])
        return keys

    @cached_property
    def translations(self) -> tuple[tuple[str, str], ...]:
        """(word, English) pairs from phrases.yaml, longest word first."""
        pairs = self.phrases["translations"].items()
        return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))

    @cached_property
    def exception_names(self) -> dict[tuple[str, str], str]:
        """(words of a versionless exception name, licence stem) -> exception id:
        ("autoconf", "GPL-3.0") -> Autoconf-exception-3.0."""
        return {
            (row["words"], row["license"]): row["exception"] for row in _rows("exception_names.csv")
        }

    @cached_property
    def url_patterns(self) -> tuple[tuple[str, str], ...]:
        """(host+path prefix, expression), longest first."""
        patterns = (
            (re.sub(r"^www\.", "", row["pattern"].lower()).rstrip("/"), row["license"])
            for row in _rows("urls.csv")
        )
        return tuple(sorted(patterns, key=lambda item: (-len(item[0]), item[0])))

    @cached_property
    def cc_codes(self) -> dict[str, str]:
        """by-sa -> CC-BY-SA."""
        return {row["code"].lower(): row["spdx_prefix"] for row in _rows("cc.csv")}

    @cached_property
    def cc_ports(self) -> dict[tuple[str, str, str], str]:
        """(code, version, jurisdiction) -> spdx id."""
        return {
            (row["code"].lower(), row["version"], row["jurisdiction"].lower()): row["spdx_id"]
            for row in _rows("cc_ports.csv")
        }

    @cached_property
    def cc_terms(self) -> dict[str, str]:
        """alias_key of a word in any language -> by|nc|nd|sa."""
        return {alias_key(row["term"]): row["element"] for row in _rows("cc_terms.csv")}

    @cached_property
    def cc_port_names(self) -> dict[str, str]:
        """alias_key of a country's name in CC titles ("Deutschland") -> its port code."""
        return {alias_key(name): code for name, code in self.phrases["cc_port_names"].items()}

    @cached_property
    def cc_fillers(self) -> frozenset[str]:
        """alias_key of words in CC titles that change nothing ("International", "Lizenz")."""
        return frozenset(alias_key(word) for word in self.phrases["cc_fillers"])

    @cached_property
    def cc_translated(self) -> frozenset[str]:
        """The CC terms that are not English or codes."""
        return frozenset(
            alias_key(row["term"])
            for row in _rows("cc_terms.csv")
            if row["language"] not in ("en", "code")
        )

    @cached_property
    def phrases(self) -> dict[str, Any]:
        return load_yaml_data("licenses", "phrases.yaml")

    @cached_property
    def non_licenses(self) -> tuple[tuple[re.Pattern[str], str, str], ...]:
        """(pattern, category, note)."""
        return tuple(
            (re.compile(row["pattern"], re.IGNORECASE), row["category"], row["note"])
            for row in _rows("non_licenses.csv")
        )

    @cached_property
    def public_domain(self) -> tuple[tuple[re.Pattern[str], str, str], ...]:
        """(pattern, licence, note)."""
        return tuple(
            (re.compile(row["pattern"], re.IGNORECASE), row["license"], row["note"])
            for row in _rows("public_domain.csv")
        )


def _rows(name: str) -> list[dict[str, str]]:
    with data_path("licenses", *name.split("/")).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _flag(value: str) -> bool | None:
    if value in ("", None):
        return None
    if value not in ("true", "false"):
        raise ValueError(f"not a boolean: {value!r}")
    return value == "true"


def _facts(row: dict[str, str], osi: bool | None, kind: str = "spdx") -> LicenseFacts:
    return LicenseFacts(
        id=row["id"],
        category=row["category"] or "unknown",
        osi_approved=osi,
        blue_oak_tier=row.get("blue_oak_tier") or None,
        name=row.get("name") or None,
        scope=row.get("scope") or None,
        kind=row.get("kind") or kind,
        **{flag: _flag(row.get(flag, "")) for flag in FACT_FLAGS},
    )


def content_sha256(root: Path) -> str:
    """sha256 over the relative paths and bytes of every data file of the knowledge base."""
    digest = hashlib.sha256()
    files = sorted(
        path
        for path in root.rglob("*")
        if path.is_file() and (path.suffix in DATA_SUFFIXES or path.name in DATA_NAMES)
    )
    for path in files:
        relative = path.relative_to(root).as_posix()
        digest.update(relative.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@cache
def knowledge_base() -> KnowledgeBase:
    """The knowledge base shipped with the package (loaded once per process)."""
    root = data_path("licenses")
    spdx_rows = _rows("spdx/licenses.csv")
    exception_rows = _rows("spdx/exceptions.csv")
    osi = {row["id"]: _flag(row["osi_approved"]) for row in spdx_rows}
    facts = {row["id"]: _facts(row, osi.get(row["id"])) for row in _rows("facts.csv")}
    facts.update({row["id"]: _facts(row, None, "other") for row in _rows("refs.csv")})
    deprecated = {
        row["deprecated_id"].lower(): row["replacement"] for row in _rows("spdx/deprecated.csv")
    }
    spdx_ids = {
        row["id"].lower(): row["id"]
        for row in spdx_rows + exception_rows
        if row["deprecated"] == "false"
    }
    exceptions = frozenset(row["id"] for row in exception_rows if row["deprecated"] == "false")
    presets = load_yaml_data("licenses", "presets.yaml")
    symbols = [
        LicenseSymbol(canonical, is_exception=canonical in exceptions)
        for canonical in sorted(set(spdx_ids.values()))
    ] + [LicenseSymbol(ref) for ref in sorted(facts) if ref.startswith("LicenseRef-")]
    return KnowledgeBase(
        version=(root / "VERSION").read_text(encoding="utf-8").strip(),
        spdx_version=(root / "spdx" / "VERSION").read_text(encoding="utf-8").strip(),
        sha256=content_sha256(root),
        facts=facts,
        spdx_ids=spdx_ids,
        exceptions=exceptions,
        deprecated=deprecated,
        presets=presets,
        licensing=Licensing(symbols),
    )


def is_generic(license_id: str) -> bool:
    """An id that leaves something open: a family without version, public domain of no scope."""
    facts = knowledge_base().facts.get(license_id)
    unscoped = facts is not None and facts.kind == "public-domain" and facts.scope == "unknown"
    return license_id.endswith("-unversioned") or unscoped


def same_licence(a: str, b: str) -> bool:
    """Equal; or one is the versionless family of the other; or one is public domain of
    unknown scope and the other a public-domain licence or statement (CC0, PD in the USA)."""
    if a == b:
        return True
    facts = knowledge_base().facts
    for general, other in ((a, b), (b, a)):
        if general.endswith("-unversioned"):
            stem = general.removeprefix("LicenseRef-").removesuffix("-unversioned")
            if re.match(rf"^{re.escape(stem)}-\d", other):
                return True
            # "Creative Commons" without its elements: any Creative Commons licence
            if stem == "CC" and re.match(r"^CC(?:-BY|-PDDC|-PDM|0)", other):
                return True
        fact = facts.get(general)
        unscoped = fact is not None and fact.kind == "public-domain" and fact.scope == "unknown"
        if unscoped and knowledge_base().category(other) == "public-domain":
            return True
    return False
