"""Normalising raw licence values to SPDX expressions, with honest unknowns.

A value is read, in this order, as: a JSON list of values; an SPDX expression (deprecated ids
upgraded); a licence URL; a known alias (names, abbreviations, translations, trove classifiers,
Hub tags, packaging dialects); a Creative Commons name in any of the known languages; a
statement that names no licence; a value with URLs and words; several licences joined by
`or` / `and` / commas; and finally an unambiguous typo of an alias. Anything else is unknown:
a guessed standard licence is the worst possible answer.

A versionless name keeps its family (`LicenseRef-CC-BY-SA-unversioned`) with a lower confidence;
variants are never lost (BY-SA is never BY, NC and ND are never dropped, -only and -or-later stay
apart). Distinct values are normalised once per process (cached).
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import asdict, dataclass
from functools import cache, lru_cache

import orjson
import polars as pl
from license_expression import ExpressionError, LicenseSymbol, LicenseWithExceptionSymbol

from provenance.licenses.knowledge import (
    LATER_WORDS,
    LICENCE_WORDS,
    RESTRICTIVENESS,
    KnowledgeBase,
    alias_key,
    knowledge_base,
    loose_key,
    same_licence,
)

UNKNOWN = "unknown"

# Confidence by how the value was read: exact ids are certain; names and URLs are near-certain
# readings of a convention; a family without its version and a typo are real but weak.
CONFIDENCE = {
    "spdx": 1.0,
    "deprecated": 0.95,
    "alias": 0.95,
    "url": 0.95,
    "cc-name": 0.9,
    "family": 0.6,
    "typo": 0.7,
}
MULTI_FACTOR = 0.95
MAX_DEPTH = 3

_REF = re.compile(r"^(DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+$")
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'()\[\]]+"
    r"|\b[a-z0-9.-]+\.(?:org|com|net|eu|de|fr|it|es|nl|uk|gov|int|io)/[^\s<>\"']*",
    re.I,
)
_CC_URL = re.compile(
    r"^(?:creativecommons\.org/(?:licenses|licences|publicdomain)"
    r"|(?:i\.creativecommons\.org|licensebuttons\.net|mirrors\.creativecommons\.org/presskit"
    r"/buttons/[\dx]+)/[lp])/(?P<code>[a-z+-]+)"
    r"(?:/(?P<version>\d(?:\.\d)?))?"
    r"(?:/(?P<port>(?!deed\b|legalcode\b|rdf\b|index\b)[a-z]{2,}(?:-[a-z]{2})?))?"
    r"(?:/(?:deed(?:\.[a-z_-]+)?|legalcode(?:\.[a-z_-]+)?|rdf|index\.html?|[\w.-]+\.(?:png|svg)))?/?$"
)
# Pages whose last path segment is an SPDX expression.
_EXPRESSION_URL = re.compile(
    r"^(?:spdx\.org/licenses|licenses\.nuget\.org|spdx\.dev/licenses)/(?P<expression>[^/]+?)"
    r"(?:\.html|\.json|\.txt)?$"
)
_BADGE_URL = re.compile(r"^img\.shields\.io/badge/(?P<badge>[^/]+?)(?:\.svg|\.png)?$")
_VERSION = re.compile(r"(?<![\d.])v?(\d)(?:\.(\d))?(?![\d.])")


@dataclass(frozen=True)
class NormalizedLicense:
    raw: str | None
    license: str | None
    category: str
    confidence: float
    notes: str | None


@dataclass(frozen=True)
class _Reading:
    expression: str
    how: str
    notes: tuple[str, ...] = ()
    confidence: float | None = None

    @property
    def score(self) -> float:
        return self.confidence if self.confidence is not None else CONFIDENCE[self.how]


@dataclass(frozen=True)
class _NoLicence:
    category: str
    note: str


# -- reading one value --------------------------------------------------------------------------


# What license-expression raises on malformed input: boolean.py raises IndexError on "( )" and
# AssertionError on "( or MIT".
_PARSE_ERRORS = (ExpressionError, IndexError, AssertionError)


def _spdx(kb: KnowledgeBase, text: str) -> _Reading | None:
    """An SPDX expression, with deprecated ids upgraded; LicenseRef- ids are kept verbatim."""
    if not re.fullmatch(r"[A-Za-z0-9.+:()\s-]+", text):
        return None
    tokens = re.split(r"(\s+|\(|\))", text)
    upgraded = False
    for index, token in enumerate(tokens):
        replacement = kb.deprecated.get(token.lower())
        if replacement:
            tokens[index] = f"({replacement})" if " " in replacement else replacement
            upgraded = True
    try:
        expression = kb.parse("".join(tokens))
    except _PARSE_ERRORS:
        return None
    if expression is None:
        return None
    unknown = kb.licensing.unknown_license_keys(expression)
    if any(not _REF.match(key) for key in unknown):
        return None
    rendered = expression.render("{symbol.key}")
    if upgraded:
        return _Reading(rendered, "deprecated", (f"deprecated SPDX id upgraded from {text!r}",))
    return _Reading(rendered, "spdx")


def _address(url: str) -> str:
    """A URL without scheme, `www.`, query, fragment and trailing dots or slashes."""
    address = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url.strip().lower())
    address = re.sub(r"[?#].*$", "", address)
    address = re.sub(r"^www\.", "", address)
    host, _, path = address.partition("/")
    return (host.rstrip(".") + "/" + path).rstrip("/.")


def _url(kb: KnowledgeBase, url: str) -> _Reading | None:
    """A licence URL: the Creative Commons grammar, expression pages, badges, known patterns."""
    address = _address(url)
    match = _CC_URL.match(address)
    if match:
        return _cc_from_url(kb, match)
    match = _EXPRESSION_URL.match(urllib.parse.unquote(address))
    if match:
        reading = _spdx(kb, match.group("expression"))
        return _Reading(reading.expression, "url", reading.notes) if reading else None
    match = _BADGE_URL.match(address)
    if match:
        return _badge(kb, urllib.parse.unquote(match.group("badge")))
    spelled = address.replace("licence", "license")
    for pattern, expression in kb.url_patterns:
        if not expression:  # a page whose path names the licence, read above (spdx.org/licenses/)
            continue
        for candidate in (address, spelled):
            if candidate == pattern or (
                candidate.startswith(pattern) and candidate[len(pattern)] in "/.-_#"
            ):
                return _Reading(expression, "url")
    return _vocabulary_url(kb, address)


def _vocabulary_url(kb: KnowledgeBase, address: str) -> _Reading | None:
    """A licence vocabulary URI whose path ends in the licence's code
    (`.../authority/licence/CC_BY_4_0`, `.../def/licenses/cc-by/4.0`): read the code."""
    host, _, path = address.partition("/")
    match = re.search(
        r"/licen[cs]es?/(?P<code>[^/]+(?:/\d+(?:[._]\d+)*)?)$|/wiki/license:(?P<name>[^/]+)$",
        "/" + path,
    )
    if match and match.group(
        "name"
    ):  # the FSF directory: directory.fsf.org/wiki/License:BSD_3Clause
        name = re.sub(r"(?<=[a-z])(?=[A-Z])|(?<=\d)(?=[A-Za-z])", " ", match.group("name"))
        reading = _single(kb, name.replace("_", " "))
        if isinstance(reading, _Reading):
            return _Reading(
                reading.expression, "url", (*reading.notes, f"read from the name in {host}")
            )
        return None
    if not match:
        return None
    code = urllib.parse.unquote(match.group("code"))
    # A licence's text file in a directory of them ("licenses/apache-2.0.txt", "cpl1.0.txt"):
    # read its name only when it is a standard id (a project's own "LICENSE.txt" is not).
    text_file = re.search(r"\.(?:txt|md|html?|pdf|php)$", code)
    if text_file:
        reading = _single(kb, code[: text_file.start()])
        if not isinstance(reading, _Reading) or "LicenseRef-" in reading.expression:
            return None
        return _Reading(reading.expression, "url", (f"read from the file name in {host}",))
    # Italy's vocabulary: a class before the code ("A21_CCBY40")
    code = re.sub(r"^[a-z]\d{1,3}_", "", code, flags=re.IGNORECASE)
    code = re.sub(r"(?<=[A-Za-z])(\d)(\d)(?=[A-Za-z]{0,2}$)", r" \1.\2 ", code)  # CCBYSA30IT
    # dcat-ap.de: a country after a CC code is its port ("cc-by-nc-de/3.0" is by-nc/3.0/de)
    code = re.sub(r"^(cc-[a-z-]+?)-(?!(?:by|sa|nc|nd)\b)([a-z]{2})/([\d._]+)$", r"\1/\3/\2", code)
    code = re.sub(r"(?<=\d)_(?=\d)", ".", code).replace("/", " ").replace("_", " ")
    reading = _single(kb, code)
    if not isinstance(reading, _Reading):
        return None
    return _Reading(reading.expression, "url", (*reading.notes, f"read from the code in {host}"))


def _badge(kb: KnowledgeBase, badge: str) -> _Reading | None:
    """A shields.io badge `label-message-colour` whose label or message names the licence."""
    parts = [
        part.replace("--", "-").replace("__", " ") for part in re.split(r"(?<!-)-(?!-)", badge)
    ]
    if len(parts) < 2:
        return None
    label, message = parts[0], "-".join(parts[1:-1]) if len(parts) > 2 else parts[1]
    if not re.search(rf"licen[cs]e|{LICENCE_WORDS}", label, re.IGNORECASE):
        return None
    reading = _read(kb, message, MAX_DEPTH - 1)
    return (
        _Reading(reading.expression, "url", reading.notes)
        if isinstance(reading, _Reading)
        else None
    )


def _cc_from_url(kb: KnowledgeBase, match: re.Match[str]) -> _Reading | None:
    code, version, port = match.group("code"), match.group("version"), match.group("port")
    prefix = kb.cc_codes.get(code)
    if prefix is None:
        return None
    if version is None:
        whole = _existing(kb, prefix)
        return _Reading(whole, "url") if whole else _family(kb, prefix, "url")
    version = version if "." in version else f"{version}.0"
    if port:
        ported = kb.cc_ports.get((code, version, port))
        if ported:
            return _Reading(ported, "url")
    canonical = _existing(kb, f"{prefix}-{version}")
    if canonical is None:
        return None
    notes = (f"jurisdiction port /{port}/ has no SPDX id; reported as {canonical}",) if port else ()
    return _Reading(canonical, "url", notes)


def _existing(kb: KnowledgeBase, license_id: str) -> str | None:
    canonical = kb.spdx_ids.get(license_id.lower())
    if canonical:
        return canonical
    return license_id if license_id in kb.facts else None


def _family(kb: KnowledgeBase, prefix: str, how: str) -> _Reading | None:
    """A licence named without its version: keep the family, never invent a version."""
    single = {"CC0": "CC0-1.0"}  # families with one version only: no guess involved
    if prefix in single:
        return _Reading(single[prefix], how)
    family = f"LicenseRef-{prefix}-unversioned"
    if family not in kb.facts:
        return None
    return _Reading(family, "family", ("version not stated; family kept without a version",))


def _cc_name(kb: KnowledgeBase, key: str) -> _Reading | None:
    """A Creative Commons name in words ("CC BY-SA 4.0", "Namensnennung 4.0 International")."""
    # Codes written together in vocabularies ("CC_BYSA_4_0", "ccbyncnd"): spell them apart.
    written = key
    key = re.sub(
        r"\b(?:cc)?by(nc)?(nd)?(sa)?\b",
        lambda m: " ".join(["by", *(g for g in m.groups() if g)]),
        key,
    )
    words = f" {key} "
    elements: set[str] = set()
    translated = False
    for term in sorted(kb.cc_terms, key=len, reverse=True):
        if f" {term} " in words:
            elements.add(kb.cc_terms[term])
            words = words.replace(f" {term} ", " ")
            translated = translated or term in kb.cc_translated
    # A translated element name ("Namensnennung 4.0") is itself a Creative Commons marker.
    marker = written.startswith("cc") or "creative commons" in key or translated
    if not elements or not (marker or ("by" in elements and len(elements) > 1)):
        return None
    port = None
    for name in sorted(kb.cc_port_names, key=len, reverse=True):
        if f" {name} " in words:
            port, words = kb.cc_port_names[name], words.replace(f" {name} ", " ")
            break
    version_match = None
    remaining = []
    for word in words.split():
        if _VERSION.fullmatch(word) and version_match is None:
            version_match = _VERSION.fullmatch(word)
        elif version_match is not None and port is None and re.fullmatch(r"[a-z]{2}", word):
            port = word
        elif word not in kb.cc_fillers:
            remaining.append(word)
    if remaining:
        return None  # unknown words: not sure this names a licence, so do not claim one
    if "nd" in elements and "sa" in elements:
        return None
    code = "by" + "".join(f"-{e}" for e in ("nc", "nd", "sa") if e in elements)
    prefix = kb.cc_codes.get(code)
    if prefix is None:
        return None
    notes: tuple[str, ...] = ()
    if "by" not in elements:
        notes = ("attribution is part of every Creative Commons licence from 2.0 on",)
    if version_match is None:
        family = _family(kb, prefix, "cc-name")
        return _Reading(family.expression, family.how, notes + family.notes) if family else None
    version = f"{version_match.group(1)}.{version_match.group(2) or '0'}"
    ported = kb.cc_ports.get((code, version, port)) if port else None
    if ported:
        return _Reading(ported, "cc-name", notes)
    canonical = _existing(kb, f"{prefix}-{version}")
    if canonical and port:
        notes += (f"jurisdiction port {port!r} has no SPDX id; reported as {canonical}",)
    return _Reading(canonical, "cc-name", notes) if canonical else None


def _alias(kb: KnowledgeBase, key: str) -> _Reading | None:
    expression = kb.aliases.get(key)
    if expression is None:
        for trailer in kb.phrases["trailers"]:
            if key.endswith(f" {trailer}"):
                expression = kb.aliases.get(key[: -len(trailer) - 1])
                if expression:
                    break
    if expression is None:
        return None
    if expression.endswith("-unversioned"):
        return _Reading(
            expression, "family", ("version not stated; family kept without a version",)
        )
    return _Reading(expression, "alias")


def _no_licence(kb: KnowledgeBase, text: str) -> _NoLicence | None:
    """The first statement that names no licence; one that reserves rights ("in copyright")
    wins over a plain copyright line, whatever their order in the file."""
    found = [
        _NoLicence(category, note)
        for pattern, category, note in kb.non_licenses
        if pattern.search(text)
    ]
    return next((f for f in found if f.category == "restricted"), found[0] if found else None)


def _strip_lead_ins(kb: KnowledgeBase, text: str) -> str:
    changed = True
    while changed:
        changed = False
        for lead_in in kb.phrases["lead_ins"]:
            if text.lower().startswith(lead_in + " "):
                text = text[len(lead_in) + 1 :].strip()
                changed = True
    return text.strip(" .:;,-\"'")


_WIKI_LINK = re.compile(r"\[\[(?:[^|\]]*\|)?([^\]|]+)\]\]")
_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")
_GENERIC_LINK_TEXT = re.compile(r"^\W*(?:licen[cs]es?|badge|link|here|see)?\W*$", re.IGNORECASE)
# The word "license" misspelt ("Lisence", "Liscense", "Licnece"); "licence" is a spelling.
_LICENCE_MISSPELT = re.compile(
    r"\b(?!licen[cs]e\b)(?:li[cs]{1,2}[aei]?n[cs]{1,2}[ae]?|licn[ae][cs]e|licesne)\b", re.IGNORECASE
)


def _clean(kb: KnowledgeBase, text: str) -> tuple[str, tuple[str, ...]]:
    """Remove what surrounds a licence name in metadata values, and say what was removed."""
    notes: list[str] = []
    text = text.split("。")[0]  # a CJK full stop ends the value ("MITライセンス。変更ご自由に")
    text = text.replace("Â©", "©")  # UTF-8 read as Latin-1 ("Â© 2024 ...")
    lower = text.lower()
    for word, english in kb.translations:
        if word.lower() in lower:
            text = re.sub(re.escape(word), english, text, flags=re.IGNORECASE)
            lower = text.lower()
    text = " ".join(text.split()).strip().strip("\"'`").strip()
    # Translated GNU names put "GNU" last: "Licence Publique Générale GNU", "... de GNU".
    text = re.sub(
        r"\b((?:Lesser |Affero )?General Public License) (?:de |do |della |di )?GNU\b",
        r"GNU \1",
        text,
        flags=re.IGNORECASE,
    )
    text = re.sub(r"^(\*\*|__)(.+)\1$", r"\2", text).strip()  # Markdown bold
    # "[MIT](LICENSE)": the link's words; "[license](https://img.shields.io/...)": its address
    text = _WIKI_LINK.sub(r"\1", text)  # MediaWiki "[[GNU General Public License|GPLv3]]"
    text = _MARKDOWN_LINK.sub(
        lambda link: link.group(2) if _GENERIC_LINK_TEXT.match(link.group(1)) else link.group(1),
        text,
    )
    if text[:1] == "[" and text[-1:] == "]" and not text.startswith('["'):
        text = text[1:-1].strip()
    if re.search(r"%[0-9A-Fa-f]{2}", text) and not _URL.search(text):
        text = urllib.parse.unquote(text)  # "License-WTFPL%202.0" (badge names)
    text = re.sub(kb.phrases["labels"], "", text, flags=re.IGNORECASE)
    text = re.sub(r"^ccpl\s*:\s*", "CC ", text, flags=re.IGNORECASE)  # Arch: CCPL:by-sa
    # "© 2024 Tokenizer Inc. CC BY-NC-SA 4.0": a copyright line, then the licence's name.
    text = re.sub(
        r"^(?:©|\(c\)|copyright)\s*\d{4}(?:\s*[-–]\s*\d{4})?,?\s+[^.;]{1,60}?[.;]\s+(?=\S)",
        "",
        text,
        flags=re.I,
    )
    # "© 2014 WTFPL - ...": a year of copyright before the licence's name.
    text = re.sub(
        r"^(?:©|\(c\)|copyright)\s*\d{4}(?:\s*[-–]\s*\d{4})?[\s,.:;-]+(?=\S)", "", text, flags=re.I
    )
    # "Creative Commons CC0 1.0 Universal ...", "Creative Commons CC BY 4.0": the name said twice.
    text = re.sub(r"^creative\s+commons\s+(?=cc(?:0|[- ]?by|[- ]?zero)\b)", "", text, flags=re.I)
    # Arch and Alpine `custom:MIT`: the named licence, its text shipped with the package.
    text = re.sub(r"^custom\s*:\s*(?=\S)", "", text, flags=re.IGNORECASE)
    text = _LICENCE_MISSPELT.sub("license", text.replace("İ", "I"))
    text = re.sub(r"\(?\s*(?:>=|≥)\s*(\d+(?:\.\d+)*)\s*\)?", r" \1+", text)
    text = re.sub(r"\(\s*(?:version|ver\.?|v\.?)\s*(\d+(?:\.\d+)*)\s*\)", r" \1", text, flags=re.I)
    # "version 3.0 of the UK Open Government Licence": the name, then its version.
    text = re.sub(
        r"^(?:version|v\.?)\s*(\d+(?:\.\d+)*)\s+of\s+(?:the\s+)?(.+)$", r"\2 \1", text, flags=re.I
    )
    for pattern in kb.phrases["noise"]:
        cleaned = re.sub(pattern, "", text, flags=re.IGNORECASE)
        if cleaned != text and cleaned.strip():
            notes.append(
                f"ignored {text[len(cleaned) :].strip()!r}" if text.startswith(cleaned) else ""
            )
            text = cleaned
    sentence_match = re.match(kb.phrases["grant_sentence"], text, flags=re.IGNORECASE)
    if sentence_match and text[sentence_match.end() :].strip():
        dual = re.search(r"\b(?:dual|either)", sentence_match.group(0), re.IGNORECASE)
        text = ("dual " if dual else "") + text[sentence_match.end() :]
    # "All contributions towards LibCST are MIT licensed."
    adjective = _ADJECTIVE_SENTENCE.match(text)
    if adjective:
        text = adjective.group("name")
    return text.strip().rstrip(".").strip(), tuple(n for n in notes if n)


_ADJECTIVE_SENTENCE = re.compile(
    r"^.{0,100}?\b(?:is|are)\s+(?P<name>[\w.+/ -]{1,40}?)[- ]licen[cs]ed\.?$", re.IGNORECASE
)


def _named_ref(kb: KnowledgeBase, text: str) -> _Reading | None:
    """A LicenseRef of another tool that spells a licence we know ("LicenseRef-GPL",
    "LicenseRef-PublicDomain" from haskell.nix, Conan): read its name; others stay verbatim."""
    match = re.fullmatch(r"LicenseRef-([A-Za-z0-9.-]+)", text)
    if match is None or text in kb.facts:
        return None
    name = re.sub(r"^scancode-", "", match.group(1))  # ScanCode keys (ClearlyDefined)
    name = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).replace("-", " ")
    reading = _single(kb, name)
    if not isinstance(reading, _Reading) or reading.expression == text:
        return None
    return _Reading(
        reading.expression, reading.how, (*reading.notes, f"read from the name of {text}")
    )


def _single(kb: KnowledgeBase, text: str) -> _Reading | _NoLicence | None:
    """One licence named by the whole text, or a statement that names none."""
    if not text:
        return None
    if _URL.fullmatch(text):
        return _spdx(kb, text) or _url(kb, text) or _no_licence(kb, text)
    named_ref = _named_ref(kb, text)
    if named_ref:
        return named_ref
    for candidate in dict.fromkeys([text, _strip_lead_ins(kb, text), _spaced_version(text)]):
        key = alias_key(candidate)
        reading = _spdx(kb, candidate) or _alias(kb, key) or _gnu_name(kb, key) or _cc_name(kb, key)
        if reading:
            return reading
    loose = kb.loose_aliases.get(loose_key(alias_key(_strip_lead_ins(kb, text))))
    if loose and not loose.endswith("-unversioned"):
        return _Reading(loose, "alias", (), CONFIDENCE["alias"] - 0.05)
    return _public_domain(kb, text) or _no_licence(kb, text)


_COMPACT_VERSION = re.compile(r"^([A-Za-z]+?)v?(\d)(\d{0,2}[a-z]?)(Plus|Only)?$")


def _spaced_version(text: str) -> str:
    """A version written without its dot after the name, as packaging ids do: `LGPL21`,
    `PHP301`, `LPPL13c` (FreeBSD ports), `gpl3Plus`, `mpl20` (nixpkgs) -> `LGPL 2.1`, ..."""
    match = _COMPACT_VERSION.match(text)
    if match is None:
        return text
    name, major, minor, scope = match.groups()
    suffix = {"Plus": "+", "Only": " only", None: ""}[scope]
    return f"{name} {major}{'.' + minor if minor else ''}{suffix}"


_GNU = re.compile(
    r"^(?:the )?(?:gnu )?(?P<family>gpl|lgpl|agpl|gfdl|fdl|general public licen[cs]e"
    r"|(?:lesser|library) general public licen[cs]e|(?:lesser|library) gpl"
    r"|affero general public licen[cs]e|affero gpl|free documentation licen[cs]e"
    r"|(?<=gnu )affero|(?<=gnu )general public)"
    r"(?: licen[cs]e)?(?:(?: |-| ?v)(?P<version>[123](?:\.[01])?))?(?P<plus>\+)?"
    rf"(?: (?P<later>(?:or|and) (?:at your option )?(?:any )?{LATER_WORDS}(?: versions?)?|later))?"
    r"(?: (?P<only>only))?(?: licen[cs]e)?$"
)
_GNU_FAMILIES = {"gpl": "GPL", "lgpl": "LGPL", "agpl": "AGPL", "gfdl": "GFDL", "fdl": "GFDL"}


def _gnu_name(kb: KnowledgeBase, key: str) -> _Reading | None:
    """A GNU licence in words: the family, the version, and whether later versions apply."""
    match = _GNU.match(re.sub(r"^(the )?gnu public licens", "gnu general public licens", key))
    if not match:
        return None
    words = match.group("family")
    family = _GNU_FAMILIES.get(words) or (
        "AGPL"
        if "affero" in words
        else "LGPL"
        if ("lesser" in words or "library" in words)
        else "GFDL"
        if "documentation" in words
        else "GPL"
    )
    version = match.group("version")
    later = bool(match.group("plus") or match.group("later"))
    if version is None:
        return _family(kb, family, "alias") if not later else None
    if "." not in version:
        version += ".0"
    license_id = _existing(kb, f"{family}-{version}-{'or-later' if later else 'only'}")
    return _Reading(license_id, "alias") if license_id else None


_WITH = re.compile(
    r"^(?P<base>.+?)(?:\s+with\s+(?:the\s+)?|-with-|\s+\+\s+(?=[^+]*exception)"
    r"|-(?=[a-z][\w-]*-exceptions?$))(?P<exception>.+)$",
    re.IGNORECASE,
)


def _with_exception(kb: KnowledgeBase, text: str) -> _Reading | None:
    """ "GPL-3+ with Bison exception": a licence and an exception named in words."""
    match = _WITH.match(text)
    if not match:
        return None
    base = _single(kb, match.group("base"))
    if not isinstance(base, _Reading) or " " in base.expression or base.how == "family":
        return None
    key = re.sub(r"^(?:the |gnu )+", "", alias_key(match.group("exception")))
    bare = " ".join(re.sub(r"\b(?:exceptions?|\d+(?:\.\d+)*)\b", " ", key).split())
    candidates = kb.exception_keys.get(key) or kb.exception_keys.get(bare)
    if not candidates or len(candidates) != 1:
        # A versionless exception name beside a licence version: "GPL-3+ with Autoconf exception".
        stem = re.sub(r"-(?:only|or-later)$", "", base.expression)
        exception = kb.exception_names.get((bare, stem))
        if exception is None:
            return None
        candidates = {exception}
    exception = next(iter(candidates))
    return _Reading(f"{base.expression} WITH {exception}", "alias", base.notes)


# "This is not a work of the United States Government", "not in the public domain".
_NOT_PUBLIC_DOMAIN = re.compile(
    r"\bnot\s+(?:an?\s+|the\s+|in\s+the\s+|yet\s+in\s+the\s+)?(?:work|public\s+domain)\b", re.I
)


def _public_domain(kb: KnowledgeBase, text: str) -> _Reading | None:
    if _NOT_PUBLIC_DOMAIN.search(text):
        return None
    for pattern, license_id, note in kb.public_domain:
        if pattern.search(text):
            return _Reading(license_id, "alias", (note,), CONFIDENCE["family"] + 0.2)
    return None


_OR_LATER = re.compile(rf"^\s*(?:or|and)\b.*\b{LATER_WORDS}\b", re.IGNORECASE)


def _is_family(reading: _Reading) -> bool:
    return reading.expression.endswith("-unversioned")


_VARIANT_WORDS = r"\b(?:modified|modification|variant|custom|customi[sz]ed|adapted|altered)\b"


def _parenthetical(kb: KnowledgeBase, text: str, depth: int) -> _Reading | _NoLicence | None:
    """ "Name (abbreviation)" and similar: both parts must agree, or one must name nothing."""
    match = re.match(r"^(?P<before>[^()]*)\((?P<inner>[^()]*)\)(?P<after>[^()]*)$", text)
    if not match:
        return None
    main = (match.group("before") + " " + match.group("after")).strip(" -–,:")
    if re.search(r"^\s*(?:and|or|&|,)\s|\s(?:and|or|&)\s*$", main, re.IGNORECASE):
        return None  # "(A or B) and C": an expression, read by _bracketed
    inner = match.group("inner").strip()
    if re.search(r"\b(?:except|excluding|but|not|only for|apart from)\b", inner, re.IGNORECASE):
        return None
    if re.search(_VARIANT_WORDS, inner, re.IGNORECASE):
        return None  # "MIT (modified)": a variant of the licence is not the licence
    outer_reading = _read(kb, main, depth + 1) if main else None
    if _OR_LATER.search(inner):
        # "version 3 (or any later version) of the GPL": the brackets widen the version.
        if isinstance(outer_reading, _Reading):
            if outer_reading.expression.endswith("-or-later"):
                return outer_reading
            wider = kb.or_later(outer_reading.expression)
            if wider:
                return _Reading(wider, outer_reading.how, outer_reading.notes)
        return None  # never drop "or later" silently
    inner_reading = _read(kb, inner, depth + 1) if inner else None
    outer_ok = isinstance(outer_reading, _Reading)
    inner_ok = isinstance(inner_reading, _Reading)
    if outer_ok and inner_ok:
        if _agrees(inner_reading, [outer_reading.expression]):
            return outer_reading
        if _agrees(outer_reading, [inner_reading.expression]):
            return inner_reading
        return None
    if not inner_ok and inner:
        joined = _read(kb, f"{match.group('before')} {inner} {match.group('after')}", depth + 1)
        if isinstance(joined, _Reading):
            return joined
        # "BSD (Simplified)": the word in brackets names the variant ("Simplified BSD").
        if outer_ok and len(inner.split()) <= 2:
            variant = _single(kb, f"{inner} {main}")
            if isinstance(variant, _Reading) and _agrees(outer_reading, [variant.expression]):
                return variant
    if outer_ok and alias_key(inner) in kb.cc_port_names:
        return None  # "Open Government License 2.0 (Canada)": a country changes the licence
    if outer_ok:
        return _Reading(
            outer_reading.expression,
            outer_reading.how,
            (*outer_reading.notes, f"ignored ({inner})"),
            outer_reading.score,
        )
    if isinstance(outer_reading, _NoLicence) and not inner_ok:
        return inner_reading
    if inner_ok and main.lower() in ("other", "others", "custom") and _is_family(inner_reading):
        # CKAN "Other (Attribution)": another licence of that kind, not the CC licence
        return _NoLicence(UNKNOWN, "another licence of the kind named in brackets")
    if inner_ok and (not main or outer_reading is None or isinstance(outer_reading, _NoLicence)):
        # "Licence publique générale (GPL)": a name we cannot read, explained in brackets.
        note = (f"read from the brackets; {main!r} not recognised",) if main else ()
        return _Reading(
            inner_reading.expression,
            inner_reading.how,
            inner_reading.notes + note,
            inner_reading.score * (0.8 if main else 1.0),
        )
    return None


def _bracketed(kb: KnowledgeBase, text: str, depth: int) -> _Reading | None:
    """An expression with brackets in words: "(LGPLv3+ or GPLv2+) and GPLv3+" (Fedora)."""
    if "(" not in text or not re.search(r"\b(?:and|or)\b", text, re.IGNORECASE):
        return None
    parts = []
    notes: list[str] = []
    for token in re.split(r"(\(|\)|\band\b|\bor\b)", text, flags=re.IGNORECASE):
        word = token.strip().lower()
        if word in ("(", ")"):
            parts.append(word)
        elif word in ("and", "or"):
            parts.append(f" {word.upper()} ")
        elif word:
            reading = _read(kb, token.strip(), depth + 1)
            if not isinstance(reading, _Reading):
                return None
            parts.append(f"({reading.expression})")
            notes.extend(reading.notes)
    try:
        expression = _render(kb, "".join(parts))
    except _PARSE_ERRORS:
        return None
    return _Reading(expression, "alias", tuple(notes), CONFIDENCE["alias"] * MULTI_FACTOR)


def _with_urls(kb: KnowledgeBase, text: str) -> _Reading | None:
    """Words and URLs ("Creative Commons - Attribution - https://.../by/4.0/"): every URL is read;
    the words must agree with them or name nothing more."""
    urls = _URL.findall(text)
    if not urls:
        return None
    # The words beside the links, without a label ("LICENSE GPL-3.0+ https://...", WordPress's
    # "License: GPLv2 or later License URI: https://...").
    words = _URL.sub(" ", text).strip(" -–:,;()[]<>")
    words = re.sub(r"^licen[cs]e\b\s*|\s*\blicen[cs]e ur[il]\s*:?$", "", words, flags=re.I).strip()
    readings = [reading for url in urls if (reading := _url(kb, url)) is not None]
    if not readings:
        named = _single(kb, words) if words else None
        if isinstance(named, _Reading):
            return _Reading(named.expression, named.how, (*named.notes, "link names no licence"))
        return None
    expressions = list(dict.fromkeys(reading.expression for reading in readings))
    notes = [note for reading in readings for note in reading.notes]
    if len(readings) < len(urls):
        notes.append("a link that names no licence was ignored")
    if words:
        named = _single(kb, words)
        if named is None and re.search(rf"\+|\b{LATER_WORDS}\b", words, re.I):
            return None  # "or later" beside a link that names one version: not ours to drop
        if (
            isinstance(named, _Reading)
            and len(expressions) == 1
            and kb.or_later(expressions[0]) == named.expression
        ):
            # A link can only name a version; "or later" in the words widens it.
            return _Reading(named.expression, named.how, (*named.notes, "link of the same version"))
        if (
            isinstance(named, _Reading)
            and len(expressions) == 1
            and expressions[0].endswith("-unversioned")
            and _agrees(_Reading(expressions[0], "family"), [named.expression])
        ):
            # A link to the family's page (gnu.org/copyleft/gpl.html) and a version in words:
            # Moodle's "@license http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later".
            return _Reading(named.expression, named.how, (*named.notes, "link to the family"))
        if isinstance(named, _Reading) and not _agrees(named, expressions):
            return None  # the words and the link name different licences: not ours to choose
    if len(expressions) > 1:
        notes.append("several licence URLs: every licence applies")
    expression = " AND ".join(f"({e})" if " " in e else e for e in expressions)
    return _Reading(_render(kb, expression), "url", tuple(notes))


def _agrees(named: _Reading, expressions: list[str]) -> bool:
    """A reading agrees with others if it names the same licence, its family without a
    version, or is a public-domain statement beside a public-domain licence (CC0, PDDL)."""
    if named.expression in expressions:
        return True
    kb = knowledge_base()
    facts = kb.facts.get(named.expression)
    if facts and facts.kind == "public-domain":
        return all(kb.category(e) == "public-domain" for e in expressions)
    if not named.expression.endswith("-unversioned"):
        return False
    family = named.expression.removeprefix("LicenseRef-").removesuffix("-unversioned")
    if family == "CC":  # "Creative Commons" beside a link to one of its licences
        return all(e.startswith("CC") for e in expressions)
    return all(re.match(rf"^{re.escape(family)}-\d", e) for e in expressions)


def _render(kb: KnowledgeBase, expression: str) -> str:
    return kb.parse(expression).render("{symbol.key}")


def _parts_named(kb: KnowledgeBase, items: list[str]) -> bool:
    """Does every item end by naming a different part of the project ("MIT (code)")?"""
    nouns = set(kb.phrases["part_nouns"]) | set(kb.phrases["media_part_nouns"])
    parts = [re.search(r"\(\s*(?:for\s+)?(?:the\s+)?([\w ]+?)\s*\)\s*$", item) for item in items]
    named = [p.group(1).lower() for p in parts if p]
    return len(named) == len(items) and set(named) <= nouns and len(set(named)) == len(named)


def _split(kb: KnowledgeBase, text: str, depth: int) -> _Reading | None:
    """Several licences in one value: `or` is a choice (OR), `and` / commas a conjunction."""
    protected: dict[str, str] = {}
    for index, phrase in enumerate(sorted(kb.phrases["protected"], key=len, reverse=True)):
        placeholder = f"\x01{index}\x01"
        text, count = re.subn(re.escape(phrase), placeholder, text, flags=re.IGNORECASE)
        if count:
            protected[placeholder] = phrase

    def restore(part: str) -> str:
        for placeholder, phrase in protected.items():
            part = part.replace(placeholder, phrase)
        return part

    all_choices = any(
        re.search(rf"\b{re.escape(marker)}\b", text, re.IGNORECASE)
        for marker in kb.phrases["choice_markers"]
    )
    for marker in sorted(kb.phrases["choice_markers"], key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(marker)}\b", " ", text, flags=re.IGNORECASE)
    text = _strip_lead_ins(kb, " ".join(text.split()))
    choice = re.compile("|".join(kb.phrases["choice"]), re.IGNORECASE)
    conjunction = re.compile("|".join(kb.phrases["conjunction"]), re.IGNORECASE)
    loose_and = re.split(r"\s*,\s+and\s+", text, flags=re.IGNORECASE)
    if len(loose_and) > 1 and choice.search(text):
        # Debian DEP-5: "GPL-2+ or Artistic, and BSD" is "(GPL-2+ or Artistic) and BSD".
        return _joined(kb, [restore(part) for part in loose_and], " AND ", depth)
    # "MIT, BSD, or Apache-2.0": with a comma before "or" and no "and", every comma is a choice.
    all_choices = all_choices or (
        re.search(r",\s*(?:or|and/or)\s+", text, re.IGNORECASE) is not None
        and not re.search(r"\band\b(?!/)|&|\s\+\s", text, re.IGNORECASE)
    )
    if all_choices:
        alternatives = [
            p
            for p in re.split(
                rf"\s*,\s*(?:or|and/or)\s+|{choice.pattern}|{conjunction.pattern}",
                text,
                flags=re.IGNORECASE,
            )
            if p and p.strip()
        ]
        groups = [[a] for a in alternatives]
    else:
        alternatives = [a for a in choice.split(text) if a.strip()]
        groups = [[p for p in conjunction.split(a) if p.strip()] for a in alternatives]
        if len(alternatives) > 1 and _parts_named(kb, alternatives):
            # "CC-BY-4.0 (data) / MIT (code)": each licence covers a part, so all apply
            groups = [alternatives]
    if sum(len(group) for group in groups) < 2:
        return None
    notes: list[str] = []
    scores: list[float] = []
    rendered_groups: list[str] = []
    for group in groups:
        parts: list[str] = []
        for part in group:
            reading = _read(kb, _strip_lead_ins(kb, restore(part).strip(" .,;:[]")), depth + 1)
            if not isinstance(reading, _Reading):
                return None
            parts.append(
                f"({reading.expression})" if " " in reading.expression else reading.expression
            )
            notes.extend(reading.notes)
            scores.append(reading.score)
        parts = list(dict.fromkeys(parts))
        # "Apache License, ASL Version 2.0": a family restated with its version is one licence.
        restated = [
            part
            for part in parts
            if part.endswith("-unversioned")
            and any(other != part and _agrees(_Reading(part, "family"), [other]) for other in parts)
        ]
        if restated:
            parts = [part for part in parts if part not in restated]
            notes = [note for note in notes if not note.startswith("version not stated")]
        rendered_groups.append(" AND ".join(parts))
    if re.search(r"[,;]", text) and any(len(group) > 1 for group in groups):
        notes.append("a list of licences is read as a conjunction: every licence applies")
    expression = " OR ".join(
        f"({g})" if " AND " in g and len(rendered_groups) > 1 else g for g in rendered_groups
    )
    return _Reading(_render(kb, expression), "alias", tuple(notes), min(scores) * MULTI_FACTOR)


def _joined(kb: KnowledgeBase, parts: list[str], operator: str, depth: int) -> _Reading | None:
    """Parts read on their own, then joined by one operator."""
    readings = [_read(kb, part.strip(" .,;:"), depth + 1) for part in parts]
    if not all(isinstance(reading, _Reading) for reading in readings):
        return None
    expression = operator.join(
        f"({r.expression})" if " " in r.expression else r.expression for r in readings
    )
    notes = tuple(note for reading in readings for note in reading.notes)
    score = min(reading.score for reading in readings) * MULTI_FACTOR
    return _Reading(_render(kb, expression), "alias", tuple(dict.fromkeys(notes)), score)


# Words that may join licence names, and the operator they mean ("" joins nothing).
_JOINS = {
    "and": "AND",
    "or": "OR",
    "+": "AND",
    "the": "",
    "license": "",
    "licenses": "",
    "under": "",
    "either": "",
    "dual": "",
    "licensed": "",
    "both": "",
    "of": "",
    "terms": "",
}


def _scan(kb: KnowledgeBase, text: str) -> _Reading | None:
    """Known licence names one after another ("Apache License, Version 2.0 and Common
    Development And Distribution License (CDDL) Version 1.0") with only joining words between
    them: `or` joins are choices, any other join a conjunction."""
    words = alias_key(re.sub(r"[()\[\]]", " ", text)).split()
    names: list[str] = []
    joins: list[str] = []
    position = 0
    while position < len(words):
        for end in range(len(words), position, -1):
            expression = kb.aliases.get(" ".join(words[position:end]))
            if expression and not expression.endswith("-unversioned"):
                names.append(expression)
                position = end
                break
        else:
            if words[position] not in _JOINS:
                return None
            if _JOINS[words[position]]:
                joins.append(_JOINS[words[position]])
            position += 1
    if len(names) < 2 or len(joins) < len(names) - 1:
        return None  # names side by side with nothing joining them: no way to tell AND from OR
    choice = "OR" in joins or any(
        re.search(rf"\b{re.escape(marker)}\b", text, re.IGNORECASE)
        for marker in kb.phrases["choice_markers"]
    )
    if choice and "AND" in joins and "OR" in joins:
        return None  # mixed joins without brackets: not sure how they group
    joined = (" OR " if choice else " AND ").join(
        dict.fromkeys(f"({name})" if " " in name else name for name in names)
    )
    notes = ("licence names read one after another",)
    return _Reading(_render(kb, joined), "alias", notes, CONFIDENCE["alias"] * MULTI_FACTOR)


def _typo(kb: KnowledgeBase, text: str) -> _Reading | None:
    """An unambiguous misspelling of a known alias: one or two letters off (one for short
    names), the same digits and the same variant words, and every closest alias agreeing."""
    key = alias_key(text)
    if len(key) < 4:
        return None
    # Short names tolerate only two neighbouring letters swapped (GLP for GPL); longer ones
    # one edit, and long names two.
    allowed = 1 if len(key) < 14 else 2
    swap_only = len(key) < 8
    variant_words = {"sa", "nc", "nd", "only", "later", "lesser", "affero", "library", "+"}
    best: dict[int, set[str]] = {}
    for candidate in _aliases_by_digits().get(_digits(key), ()):
        if abs(len(candidate) - len(key)) > allowed:
            continue
        if variant_words & set(key.split()) != variant_words & set(candidate.split()):
            continue
        if swap_only and (len(candidate) != len(key) or sorted(candidate) != sorted(key)):
            continue
        if not _words_may_be_misspelt(kb, key, candidate):
            continue
        distance = _edit_distance(key, candidate, allowed)
        if distance <= allowed:
            best.setdefault(distance, set()).add(candidate)
    if not best:
        return None
    closest = best[min(best)]
    expressions = {kb.aliases[candidate] for candidate in closest}
    if len(expressions) != 1:
        return None
    expression = expressions.pop()
    if expression.endswith("-unversioned"):
        return None
    return _Reading(expression, "typo", (f"read as a misspelling of {sorted(closest)[0]!r}",))


def _words_may_be_misspelt(kb: KnowledgeBase, key: str, candidate: str) -> bool:
    """A typo changes letters inside a word, never a whole word, so AGPL is never read as GPL,
    MPL as GPL, nor MIT as NIST. Word by word, a changed word is a swap of its letters (GLP),
    a lost or added plural s (Common), or a word long enough to carry a typo that is no word
    of any licence name (Licnese). Only spacing may differ otherwise (PublicDomain)."""
    words, candidate_words = (
        re.findall(r"[a-z]+", text.replace(".", "")) for text in (key, candidate)
    )
    if len(words) != len(candidate_words):
        return "".join(words) == "".join(candidate_words)
    return all(
        word == other
        or sorted(word) == sorted(other)
        or word.rstrip("s") == other.rstrip("s")
        or (len(word) >= 4 and word not in kb.words)
        for word, other in zip(words, candidate_words, strict=True)
    )


def _digits(key: str) -> str:
    return "".join(re.findall(r"[\d+]", key))


@cache
def _aliases_by_digits() -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for alias in knowledge_base().aliases:
        index.setdefault(_digits(alias), []).append(alias)
    return {digits: tuple(aliases) for digits, aliases in index.items()}


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (insert, delete, substitute, swap neighbours)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


_LISTED = re.compile(
    r"(?:(?P<operator>any_of|all_of|one_of)\s*:|with\s+(?:lib\.)?licenses\s*;)\s*\[(?P<items>[^\]]*)\]"
)
_VERSIONS_OF_ONE = re.compile(
    r"((?:L|A)?GPL|GFDL|MPL|EPL|Apache|CC[- ]BY(?:-[A-Z]{2}){0,2})[ -]?v?(\d(?:\.\d)?)"
    r"\s+(or|and)\s+v?(\d(?:\.\d)?)",
    re.IGNORECASE,
)


def _read(kb: KnowledgeBase, text: str, depth: int = 0) -> _Reading | _NoLicence | None:
    if depth > MAX_DEPTH:
        return None
    if text.strip().startswith('["'):
        return _read_list(kb, text.strip(), depth)
    # Homebrew `any_of: [...]` / `all_of: [...]`; Nix `with lib.licenses; [ mit asl20 ]`
    listed = _LISTED.fullmatch(text.strip())
    if listed:
        items = re.findall(r"[\"']([^\"']+)[\"']|([\w.+-]+)", listed.group("items"))
        names = [quoted or bare for quoted, bare in items]
        operator = " OR " if listed.group("operator") in ("any_of", "one_of") else " AND "
        text = operator.join(f"({name})" for name in names) if names else text
    versions = _VERSIONS_OF_ONE.fullmatch(text.strip())
    if versions:  # "GPL 2 or 3": each version of the one family
        name, first, operator, second = versions.groups()
        text = f"{name} {first} {operator} {name} {second}"
    gentoo = re.fullmatch(r"\s*\|\|\s*\(\s*(.+?)\s*\)\s*", text)
    if gentoo:  # Gentoo's `|| ( A B )`: one of the licences
        text = " OR ".join(gentoo.group(1).split())
    as_given = _single(kb, text.strip())  # a known value as it stands (trove classifiers)
    if isinstance(as_given, _Reading):
        return as_given
    text, notes = _clean(kb, text)
    if not text:
        return as_given
    single = _single(kb, text)
    if not isinstance(single, _Reading) and as_given is not None:
        single = as_given  # what the whole value says ("... All rights reserved.") comes first
    reading = (
        single
        if isinstance(single, _Reading)
        else (
            _with_exception(kb, text)
            or _restated(kb, text)
            or _bracketed(kb, text, depth)
            or _parenthetical(kb, text, depth)
            or _with_urls(kb, text)
            or _split(kb, text, depth)
            or _space_list(kb, text)
            or _scan(kb, text)
            or _commented(kb, text, depth)
        )
    )
    if isinstance(reading, _NoLicence) and single is not None:
        # A part's "names no licence" ("(LICENSE)") does not outweigh what the whole value
        # says ("proprietär, ..."), unless the part reserves rights and the whole does not.
        restricted = reading.category == "restricted" and single.category != "restricted"
        reading = reading if restricted else single
    elif reading is None:
        reading = single if single is not None else _typo(kb, text)
    if isinstance(reading, _Reading) and notes:
        return _Reading(reading.expression, reading.how, notes + reading.notes, reading.confidence)
    return reading


# Where a comment starts after a licence name in a table cell or a note:
# "ISC (verified in the installed package)", "CC BY 4.0, no key required", "MIT — see below".
_COMMENT_START = re.compile(r"\s*(?:\(|（|\[|—|–|\s-\s|,\s|;\s|\.\s)")
# A file named in a comment (`./fonts/OFL.txt`, `LICENSE-MIT`) names no other licence.
_FILE_NAME = re.compile(r"`[^`]*`|\S*/\S*|\S+\.(?:txt|md|rst|html?)\b")
# A comment that changes what the licence means is not a comment.
_NOT_A_COMMENT = re.compile(
    r"\b(?:not|except|excluding|unlike|compatible|style|like|based|derived|similar|or|and|plus"
    r"|modified|variant|version|later|only|with)\b|\bv?\d+\.\d+\b",
    re.IGNORECASE,
)


def _names_any(kb: KnowledgeBase, text: str) -> bool:
    """Does any run of up to four words name a licence, or a country (a port or another
    government's licence: "Open Government Licence 3.0 (Canada)")?"""
    words = alias_key(text).split()
    if any(word in kb.cc_port_names for word in words):
        return True
    runs = (" ".join(words[i : i + n]) for n in range(1, 5) for i in range(len(words)))
    return any(run in kb.aliases or run in kb.spdx_ids for run in runs)


def _commented(kb: KnowledgeBase, text: str, depth: int) -> _Reading | None:
    """A licence name, then a comment that names no other licence: the name."""
    cut = _COMMENT_START.search(text)
    if cut is None or cut.start() == 0:
        return None
    head, comment = text[: cut.start()].strip(), text[cut.start() :]
    comment = _FILE_NAME.sub(" ", comment)
    if _NOT_A_COMMENT.search(comment) or _names_any(kb, comment):
        return None
    reading = _read(kb, head, depth + 1)
    if not isinstance(reading, _Reading):
        return None
    note = f"read the licence at the start; ignored {comment.strip()!r}"
    return _Reading(reading.expression, reading.how, (*reading.notes, note), reading.score * 0.9)


def _space_list(kb: KnowledgeBase, text: str) -> _Reading | None:
    """Gentoo `LICENSE="GPL-2+ LGPL-2.1+"`, Debian-style ids separated by spaces only: each
    token an id on its own (an SPDX id, or a name with a version), and every one applies."""
    tokens = text.split()
    if not 2 <= len(tokens) <= 8:
        return None
    parts, scores = [], []
    for token in tokens:
        reading = _single(kb, token) if re.fullmatch(r"[A-Za-z0-9][\w.+-]*", token) else None
        precise = token.lower() in kb.spdx_ids or re.search(r"\d|\+", token)
        if not isinstance(reading, _Reading) or reading.how == "family" or not precise:
            return None
        parts.append(f"({reading.expression})" if " " in reading.expression else reading.expression)
        scores.append(reading.score)
    note = "licences separated by spaces are read as a conjunction: every licence applies"
    expression = _render(kb, " AND ".join(dict.fromkeys(parts)))
    return _Reading(expression, "alias", (note,), min(scores) * MULTI_FACTOR)


def _restated(kb: KnowledgeBase, text: str) -> _Reading | None:
    """An SPDX id and the licence's name side by side, as SPDX tools print them:
    "Apache-2.0 Apache License 2.0", "GPL-2.0-only GNU General Public License v2.0 only"."""
    words = text.split()
    splits = [(words[:1], words[1:]), (words[-1:], words[:-1]), (words[-2:], words[:-2])]
    for id_part, name_part in splits:
        if not name_part:
            continue
        spdx = _spdx(kb, " ".join(id_part)) or _short_id(kb, " ".join(id_part))
        named = _single(kb, " ".join(name_part))
        if spdx and isinstance(named, _Reading) and same_licence(named.expression, spdx.expression):
            return spdx
    return None


def _short_id(kb: KnowledgeBase, text: str) -> _Reading | None:
    """An abbreviation with its version, as a name's restatement ("EUPL v1.2", "GPL v3")."""
    if not re.fullmatch(r"[A-Z][A-Za-z-]{1,10} v?\d+(?:\.\d+)*", text):
        return None
    reading = _single(kb, text)
    return reading if isinstance(reading, _Reading) else None


def _read_list(kb: KnowledgeBase, text: str, depth: int) -> _Reading | _NoLicence | None:
    """A JSON list of licence values: every licence applies (AND)."""
    try:
        items = orjson.loads(text)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(items, list) or not items or not all(isinstance(i, str) for i in items):
        return None
    readings = [_read(kb, item, depth + 1) for item in dict.fromkeys(items)]
    if not readings or not all(isinstance(r, _Reading) for r in readings):
        return None
    expressions = list(dict.fromkeys(r.expression for r in readings))
    expression = " AND ".join(f"({e})" if " " in e else e for e in expressions)
    notes = [n for r in readings for n in r.notes]
    if len(expressions) > 1:
        notes.append("a list of licences is read as a conjunction: every licence applies")
    score = min(r.score for r in readings) * (MULTI_FACTOR if len(expressions) > 1 else 1.0)
    return _Reading(_render(kb, expression), readings[0].how, tuple(notes), score)


def read_url(url: str) -> tuple[str, float] | None:
    """The licence a URL names, with the confidence of the reading, or None."""
    reading = _url(knowledge_base(), url)
    return (reading.expression, reading.score) if reading else None


# -- categories of expressions --------------------------------------------------------------------


def expression_category(expression: str, kb: KnowledgeBase | None = None) -> str:
    """Category of an SPDX expression: AND takes the most restrictive part, OR the least."""
    kb = kb or knowledge_base()
    return _category(kb, kb.parse(expression))


def _category(kb: KnowledgeBase, node) -> str:
    if isinstance(node, LicenseWithExceptionSymbol):
        return kb.category(node.license_symbol.key)
    if isinstance(node, LicenseSymbol):
        return kb.category(node.key)
    categories = [_category(kb, argument) for argument in node.args]
    ranks = [RESTRICTIVENESS[c] for c in categories]
    chosen = min(ranks) if isinstance(node, kb.licensing.OR) else max(ranks)
    return categories[ranks.index(chosen)]


# -- public interface ------------------------------------------------------------------------------


# A value this long (or of three lines or more) is a licence text or notice, not a name.
LICENCE_TEXT_LENGTH = 400


@lru_cache(maxsize=1 << 16)
def normalize(raw: str | None) -> NormalizedLicense:
    """The SPDX expression a raw licence value names, or an honest unknown with the reason."""
    if raw is not None and (len(raw) >= LICENCE_TEXT_LENGTH or raw.count("\n") >= 2):
        # A licence's text or notice pasted into the field (PyPI `License:` often holds the
        # whole BSD text): read it as text, as the detector reads a document.
        from provenance.licenses.detection import detect  # the detector builds on this module

        found = detect(raw)
        if found.license and found.conflict:  # a bundle's notices: several licences, not one
            note = f"a licence text naming several licences ({found.license}; {found.notes})"
            return NormalizedLicense(raw, None, UNKNOWN, 0.0, note)
        if found.license:
            note = f"read from the licence text in the value ({found.evidence})"
            category = expression_category(found.license, knowledge_base())
            return NormalizedLicense(raw, found.license, category, found.confidence, note)
    return normalize_name(raw)


@lru_cache(maxsize=1 << 16)
def normalize_name(raw: str | None) -> NormalizedLicense:
    """`normalize` for a value that names a licence (what the detector reads from a tag or a
    grant): never read as a licence text."""
    if raw is None or not raw.strip():
        return NormalizedLicense(raw, None, UNKNOWN, 0.0, "no licence value")
    kb = knowledge_base()
    reading = _read(kb, raw)
    if isinstance(reading, _NoLicence):
        return NormalizedLicense(raw, None, reading.category, 0.0, reading.note)
    if reading is None:
        return NormalizedLicense(raw, None, UNKNOWN, 0.0, "not a recognised licence")
    notes = list(dict.fromkeys(reading.notes))
    category = expression_category(reading.expression, kb)
    ref = re.fullmatch(r"LicenseRef-([\w.-]+)", reading.expression)
    if ref and category == UNKNOWN:  # "LicenseRef-ProprietaryIntel": kept, but it says what it is
        words = re.sub(r"(?<=[a-z])(?=[A-Z])|[-_.]", " ", ref.group(1))
        verdict = _no_licence(kb, words)
        if verdict is not None and verdict.category == "restricted":
            category = verdict.category
            notes.append(verdict.note)
    return NormalizedLicense(
        raw, reading.expression, category, round(reading.score, 3), "; ".join(notes) or None
    )


def normalize_values(values: list[str | None]) -> pl.DataFrame:
    """One row per distinct value: raw, license, category, confidence, notes."""
    distinct = sorted({value for value in values if value is not None})
    rows = [asdict(normalize(value)) for value in distinct]
    return pl.DataFrame(
        rows,
        schema={
            "raw": pl.String,
            "license": pl.String,
            "category": pl.String,
            "confidence": pl.Float64,
            "notes": pl.String,
        },
        orient="row",
    )
