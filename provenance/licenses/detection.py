"""Detecting licence grants in document text: SPDX tags, notices and headers, HTML signals.

A mention is not a grant. Notices must use grant wording; a licence named in a sentence that
avoids, compares, or attributes it to something else ("readline is distributed under the GPL")
is a mention; a Creative Commons link beside a photo credit covers the photo, not the text; a
template placeholder is nothing. When signals disagree, the strongest wins and `conflict` is set.

Speed: a multi-pattern prefilter (polars `str.contains_any`, Aho-Corasick) skips documents
without any licence keyword; in the others only windows around keyword hits are examined.
Patterns run over every window start with a look-ahead of the characters a match can begin with
(`(?=[hw])`): Python's `re` otherwise tries the whole pattern at every position when it opens
with `\b`, a look-behind or an optional group, and the look-ahead fails fast instead.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import polars as pl

from provenance.licenses.knowledge import (
    LATER_WORDS,
    LICENCE_WORDS,
    is_generic,
    knowledge_base,
    same_licence,
)
from provenance.licenses.normalization import normalize_name, read_url
from provenance.resources import load_yaml_data

WINDOW_BEFORE = 700
WINDOW_AFTER = 1500
# How far past its title a licence text's own clauses reach (Apache-1.1's BSD-style clauses).
LICENCE_TEXT_REACH = 2500
MAX_NAME_WORDS = 14
CONFLICT_FACTOR = 0.5
# Strength of each kind of signal: which one decides when they disagree, and its confidence.
STRENGTH = {
    "spdx-tag": (6, 0.95),
    # `license: MIT` in a manifest or front matter: machine-readable, but SPDX-License-Identifier
    # is the more deliberate statement when the two disagree.
    "license-field": (5, 0.95),
    "html-meta": (4, 0.9),
    "header": (3, 0.9),
    "licence-text": (3, 0.9),
    "html-rel": (3, 0.85),
    "grant": (2, 0.8),
    "link": (1, 0.7),
}
EVIDENCE = {
    "spdx-tag": "spdx-tag",
    "license-field": "spdx-tag",
    "html-meta": "html",
    "html-rel": "html",
    "header": "header",
    "licence-text": "header",
    "grant": "header",
    "link": "url",
}


@dataclass(frozen=True)
class Detection:
    license: str | None
    evidence: str
    span: tuple[int, int] | None
    confidence: float
    conflict: bool
    notes: str | None


NOTHING = Detection(None, "none", None, 0.0, False, None)


@dataclass(frozen=True)
class _Signal:
    license: str
    kind: str
    start: int
    end: int
    confidence: float
    note: str | None = None


# `SPDX-License-Identifier: MIT`, and `SPDX-License-Identifier = "MIT"` in a REUSE.toml annotation
_SPDX_TAG = re.compile(
    r"SPDX[-_ ]?Licen[cs]e[-_ ]?Identifi?e?r\s*[:=]?\s*(?P<value>[^\n\r]*)", re.IGNORECASE
)
# `license: MIT`, `:license: MIT`, `@license MIT`, `__license__ = "MIT"`, `spec.license = "MIT"`,
# `license = {text = "MIT"}`: one per line, after an optional comment marker.
# A name and its value separated by spaces only (`@license MIT`, Homebrew `license "MIT"`) is a
# tag; a line of prose that starts with "License (GPL) was ..." is not.
_LICENSE_TAG_BODY = (
    # a comment mark; Vim's `"` only at the start of a line
    r"(?:\"[ \t]+|[ \t]*(?:<(?:b|strong|span|em|p|li|dt|td|th)\b[^>]{0,80}>[ \t]*){0,2}"
    r"(?:[#/*;!+-]+[ \t]*)?)(?:[^\w\s#/*;!+\-\"'`<>(\[{]{1,2}[ \t]*)?"
    r"(?:[\w./-]*[./])?(?:(?P<at>@|:)?_{0,2}"
    rf"(?:licen[cs]es?|{LICENCE_WORDS})"
    r"(?:[-_]expression)?_{0,2}[:：]?"
    r"(?:[ \t]*[:=：](?:</(?:b|strong|span|em|dt|th)>)?[ \t]*(?:\{[ \t]*text[ \t]*=[ \t]*)?"
    r"|(?(at)[ \t]+|[ \t]+(?=[\"'])))"
    r")(?P<value>[^\n\r]+)"
)
_LICENSE_TAG = re.compile(r"(?:^|\n)" + _LICENSE_TAG_BODY, re.IGNORECASE)
# In Japanese and Chinese text a label may follow a full stop on the same line (used only where
# one occurs: the extra start costs every other text time).
_LICENSE_TAG_CJK = re.compile(r"(?:^|[\n。])" + _LICENSE_TAG_BODY, re.IGNORECASE)
# " * LICENCE:" with the value alone on the next comment line ("ライセンス：\nMITライセンス。")
_NEXT_LINE_LABEL = re.compile(
    rf"(?:^|\n)[ \t]*(?:[#/*;!]+[ \t]*)?(?:licen[cs]e|{LICENCE_WORDS})[:：][ \t]*\r?\n"
    r"[ \t]*(?:[#/*;!]+[ \t]*)?"
    r"(?P<value>[A-Za-z0-9][\w.+-]*(?: [\w.+-]+){0,3})(?:ライセンス)?[ \t]*(?=\r?\n|$|。)",
    re.IGNORECASE,
)
# Licence values in calls and labels, each found from a literal it starts with (fast):
# Racket `info.rkt` `(define license '(Apache-2.0 OR MIT))`; Spack `license("BSD-3-Clause")`;
# CocoaPods `s.license = { :type => 'MIT', ... }`; Markdown `**Primary License:** AGPL-3.0`.
_CALL_LICENSES = (
    re.compile(r"\(define\s+license\s+'?(?P<value>\([^()\n]{1,200}\)|[\w.+-]{1,80})\)"),
    # (the look-behind after the literal lets the regex engine search for "license" quickly)
    re.compile(r"license(?<![\w.]license)\(\s*[\"'](?P<value>[^\"'\n]{1,200})[\"']"),
    re.compile(r"licen[cs]e\s*=\s*\{\s*:type\s*=>\s*[\"'](?P<value>[^\"'\n]{1,100})[\"']"),
    re.compile(
        r"\*\*(?:(?:primary|project|main|code|software)[ \t]+)?licen[cs]e:?\*\*:?[ \t]*"
        r"(?P<value>[^\n*]{1,100})",
        re.IGNORECASE,
    ),
    re.compile(r"\*\*licen[cs]e:[ \t]*(?P<value>[^*\n]{1,80}?)\.?\*\*", re.IGNORECASE),
    # `**Licença:** MIT`, `**Lizenz:** BSD` (README fact lists in other languages)
    re.compile(
        rf"\*\*(?:{LICENCE_WORDS})[:：]?\*\*[:：]?[ \t]*"
        r"(?P<value>[^\n*]{1,100})",
        re.IGNORECASE,
    ),
    _NEXT_LINE_LABEL,
)
_LABEL_AT_LINE_END = re.compile(r"[:：][ \t]*\r?\n")
_LICENSE_LIST = re.compile(
    r"(?:^|\n)licen[cs]es?:[ \t]*\n(?P<items>(?:[ \t]*-[ \t]+\S[^\n]*\n?)+)", re.IGNORECASE
)


# JSON in code: `license_fields({"license": "GPL"})` is a value the program handles.
_CALL_OPEN = re.compile(r"[\w\]]\s*\(")


def _line_before(text: str, position: int) -> str:
    """The text of the line before `position`, up to it."""
    return text[text.rfind("\n", 0, position) + 1 : position]


def _lines_before(text: str, position: int, count: int) -> str:
    """The `count` lines before the line of `position`."""
    return "\n".join(text[max(0, position - 600) : position].split("\n")[-count - 1 : -1])


def _paragraph_around(text: str, start: int, end: int, count: int = 6) -> str:
    """Up to `count` lines either side of a span, within its paragraph (no blank line)."""
    before = text[max(0, start - 800) : start].split("\n")
    after = text[end : end + 800].split("\n")
    lines = []
    for line in reversed(before[:-1][-count:]):
        if not line.strip():
            break
        lines.insert(0, line)
    for line in after[1 : count + 1]:
        if not line.strip():
            break
        lines.append(line)
    return "\n".join(lines)


def _lines_around(text: str, start: int, end: int) -> str:
    """The line before `start` and the line after `end`."""
    before = text[:start].rstrip("\n").rsplit("\n", 1)[-1]
    after = text[end:].lstrip("\n").split("\n", 1)[0]
    return f"{before}\n{after}"


def _about_another(text: str, start: int, end: int, rules: _Rules) -> bool:
    """A licence label that credits an asset (a `Source:` or `Artist:` line just before it) or
    sits in a record about another project (`Upstream:`, `Provider:`, `Stars:` beside it)."""
    if rules.credit_field.search(_lines_before(text, start, 3)):
        return True
    return rules.record_field.search(_paragraph_around(text, start, end)) is not None


def _credited(text: str, position: int, rules: _Rules) -> bool:
    """Is a grant in the paragraph of a credit field line (`Source:`, `Artist:`) just above?"""
    above = _lines_before(text, position, 3).split("\n")
    while above and above[-1].strip():  # the lines of the same paragraph, nearest first
        if rules.credit_field.search(above.pop()):
            return True
    return False


def _inside_dependency(text: str, position: int) -> bool:
    """A Maven `<dependency>` (or Ivy/NuGet one) declares the dependency's licence, not ours."""
    opened = max(text.rfind("<dependency>", 0, position), text.rfind("<dependency ", 0, position))
    return opened > text.rfind("</dependency>", 0, position)


_XML_LICENSE = re.compile(
    r"<(?P<tag>licen[cs]e|license\.licenseName|PackageLicenseExpression|project_license)"
    r"(?:\s[^>]*)?>\s*"
    r"(?:<name>(?P<name>[^<]+)</name>|(?P<value>[^<]+)</(?P=tag)>)",
    re.IGNORECASE,
)
# `"licenses": [{"name": "CC0-1.0", ...}]` (Frictionless data packages, dataset metadata)
_JSON_LICENSE_OBJECTS = re.compile(
    r"[\"']licen[cs]es[\"']\s*:\s*\[(?P<items>(?:\s*\{[^{}]*\}\s*,?)+)\]", re.IGNORECASE
)
# `licenses: ["Apache-2.0"]` (Elixir, Ruby, YAML flow lists)
_INLINE_LIST = re.compile(
    r"(?=l)\blicen[cs]es?[\"']?:?\s*[:=]?\s*\[(?P<items>[^\]]{1,200})\](?=[ \t]*(?:[,}\])\r\n]|$))",
    re.IGNORECASE,
)
# Trove classifiers in a manifest's `classifiers` list (pyproject, setup.py, setup.cfg):
# `"License :: OSI Approved :: MIT License",`; in code that handles them they are data.
_CLASSIFIERS = re.compile(
    r"\bclassifiers\s*[=:]\s*(?P<items>\[[^\]]{0,3000}\]|(?:\n[ \t]+\S[^\n]*)+)"
)
_TROVE = re.compile(r"(?:^|[\"'\n])[ \t]*(License :: [^\"'\n]{3,120})", re.MULTILINE)
# Homebrew formulae: `license any_of: ["MIT", "Apache-2.0"]`, `license all_of: [...]`.
_HOMEBREW = re.compile(
    r"(?:^|\n)[ \t]*license[ \t]+(?P<operator>any_of|all_of|one_of):"
    r"[ \t]*\[(?P<items>[^\]]{1,300})\]"
)
# CycloneDX: the licence of the component the BOM describes (`metadata.component`), not of the
# components it lists.
_CYCLONEDX = re.compile(
    r"\"metadata\"\s*:\s*\{[^{}]*?\"component\"\s*:\s*\{[^{}]*?\"licenses\"\s*:\s*\["
    r"\s*\{\s*(?:\"expression\"\s*:\s*\"(?P<expression>[^\"]+)\"|\"license\"\s*:\s*\{[^{}]*?"
    r"\"(?:id|name)\"\s*:\s*\"(?P<value>[^\"]+)\")"
)
_JSON_LICENSE = re.compile(
    r"[\"']licen[cs]e[\"']\s*:\s*(?:[\"'](?P<value>[^\"']+)[\"']"
    r"|\{[^{}]*?[\"'](?:url|@id|name)[\"']\s*:\s*[\"'](?P<object>[^\"']+)[\"'])",
    re.I,
)
_META = re.compile(
    r"<meta\b(?=[^>]*\b(?:name|property|itemprop)\s*=\s*[\"'](?:license|licence|dc\.rights|dcterms\.license"
    r"|dc\.license|og:license)[\"'])[^>]*\bcontent\s*=\s*[\"'](?P<value>[^\"']+)[\"']",
    re.IGNORECASE,
)
# RDFa and microdata: `<span property="dct:license" resource="...">`, `<link itemprop="license"`.
_RDFA = re.compile(
    r"<\w+\b(?=[^>]*\b(?:property|itemprop)\s*=\s*[\"'](?:[^\"']*\s)?"
    r"(?:(?:dct|dcterms|dc|cc|schema|xhv):)?license[\"'\s])[^>]*\b(?:resource|content|href)\s*=\s*"
    r"[\"'](?P<value>[^\"']+)[\"']",
    re.IGNORECASE,
)
# RDF/XML metadata (DCAT, Europeana EDM): `<dct:license rdf:resource="..."/>`, `<edm:rights ...>`.
_RDF_RESOURCE = re.compile(
    r"<(?:dct|dcterms|dc|cc|edm|schema):(?:license|rights)\b[^>]*\brdf:resource\s*=\s*"
    r"[\"'](?P<value>[^\"']+)[\"']",
    re.IGNORECASE,
)
_REL = re.compile(
    r"<(?P<tag>a|link)\b(?=[^>]*\brel\s*=\s*[\"'][^\"']*\blicense\b)[^>]*\bhref\s*=\s*[\"']"
    r"(?P<value>[^\"']+)[\"']",
    re.IGNORECASE,
)
# `href="..."`, and `src="..."` of a badge image (`<img src="https://img.shields.io/badge/...">`)
_HREF = re.compile(r"(?=[hs])\b(?:href|src)\s*=\s*[\"'](?P<value>[^\"']+)[\"']", re.IGNORECASE)
_BARE_URL = re.compile(
    r"(?=[hw])(?:(?<=\(\")|(?<![\"'=/\w]))(?P<value>(?:https?://|www\.)[^\s<>\"')\]]+)",
    re.I,
)
_PLACEHOLDER = re.compile(r"\{\{|\}\}|\$\{|<[^>]*>|%\w+%|^\$\w+|\bTODO\b|\bXXX\b|^\W*$", re.I)
_TAGS = re.compile(r"<[^>]+>")
_GAP = re.compile(
    # a comment box's right edge ("  *)", "   !") before a line break goes too
    r"(?=[ \t\r\n<])(?:(?:(?:[ \t]{2,}(?:\*+\)|[!*|#]+))?[ \t]*\r?\n[ \t]*"
    r"(?:(?:\(\*+|#+|//+|/?\*+/?|;+|--+|!+|%+|>+)+|rem\b|dnl\b)?)+[ \t]*"
    r"|[ \t]{2,}|\t"
    # inline markup inside a notice ("Attribuzione - <span>Condividi ...</span>")
    r"|</?(?:span|em|strong|b|i|u|small|abbr|cite|mark)\b[^>]{0,200}>)",
    re.IGNORECASE,
)
# A paragraph break is one newline in squeezed text, two in the original.
_SENTENCE_END = re.compile(
    r"(?:(?<!\b[A-Z])(?<!\bbzw)(?<!\bvgl)(?<!\busw)\.|[!?;:])\s|\n|<(?:p|br|li|div|h\d|td|tr)\b[^>]*>",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Notice:
    hint: str
    license: str
    pattern: re.Pattern[str]
    read_name: bool  # `license` is a name in words for the normaliser
    licence_text: bool  # the licence's own text, not a notice that points to it


@dataclass(frozen=True)
class _Exception:
    hint: str
    exception: str
    applies_to: re.Pattern[str]
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class _Rules:
    keywords: tuple[str, ...]
    notices: tuple[_Notice, ...]
    exceptions: tuple[_Exception, ...]
    public_domain: tuple[tuple[str, str, re.Pattern[str]], ...]
    grant: re.Pattern[str]  # verbs and phrases: for short texts
    grant_verbs: re.Pattern[str]  # "licensed under", "released under", ...
    grant_phrases: re.Pattern[str]  # other wordings, run only where a gate word occurs
    phrase_gates: tuple[str, ...]
    grant_cjk: re.Pattern[str]
    mention: re.Pattern[str]
    self_determiners: frozenset[str]
    self_nouns: frozenset[str]
    other_subject_words: frozenset[str]
    media: re.Pattern[str]
    policy: re.Pattern[str]
    third_party: re.Pattern[str]
    other_sections: re.Pattern[str]
    part_nouns: frozenset[str]
    media_part_nouns: frozenset[str]
    credit_field: re.Pattern[str]  # a media or source credit field, at the start of a line
    media_credit_field: re.Pattern[str]
    record_field: re.Pattern[str]
    prefilter: tuple[str, ...]


def _hint(pattern: str) -> str:
    """The longest literal stretch every match of a pattern contains (lower case), so that a
    text without it can be skipped; "" when the pattern has none."""
    from re import _parser  # the stdlib regex parser: exact about optional parts

    runs: list[str] = []

    def walk(items) -> None:
        current = ""
        for op, argument in items:
            if op is _parser.LITERAL:
                current += chr(argument)
                continue
            runs.append(current)
            current = ""
            if op is _parser.SUBPATTERN:
                walk(argument[-1])  # a group is mandatory; its contents are too
        runs.append(current)

    try:
        walk(_parser.parse(pattern))
    except Exception:  # an unusual pattern only loses the shortcut, never a match
        return ""
    return max(runs, key=len, default="").lower()


def _field_label(words: list[str]) -> re.Pattern[str]:
    """`Word:` at the start of a line, after a list mark, a bracket or emphasis."""
    return re.compile(
        rf"^[ \t]*(?:[-*+•]+[ \t]*)?[(\[]?(?:\*\*|__)?(?:{_words(words)})(?:\*\*|__)?[ \t]*[:：]",
        re.IGNORECASE | re.MULTILINE,
    )


def _words(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _rules() -> _Rules:
    phrases = knowledge_base().phrases
    spec: dict[str, Any] = load_yaml_data("licenses", "notices.yaml")
    notices = tuple(
        _Notice(
            n.get("hint") or _hint(n["pattern"]),
            n["license"],
            re.compile(n["pattern"], re.IGNORECASE | re.DOTALL),
            bool(n.get("read_name")),
            bool(n.get("licence_text")),
        )
        for n in spec["notices"]
    )
    exceptions = tuple(
        _Exception(
            _hint(e["pattern"]),
            e["exception"],
            re.compile(e["applies_to"]),
            re.compile(e["pattern"], re.IGNORECASE | re.DOTALL),
        )
        for e in spec["exceptions"]
    )
    public_domain = tuple(
        (_hint(pattern.pattern), license_id, pattern)
        for pattern, license_id, _ in knowledge_base().public_domain
    )
    first_letters = re.escape("".join(sorted({verb[0].lower() for verb in phrases["grant_verbs"]})))
    verbs = rf"(?=[{first_letters}])\b(?:{_words(phrases['grant_verbs'])})(?: to you)?(?: under:?)?"
    name = (
        r"(?: the terms(?: and conditions)? of)?(?: the following licen[cs]e:?| the| a licença"
        r"| an?| einer| der| una licencia de| una| la licencia| la licence| la licença| la)?"
        r" [\"']?(?P<name>(?:[^.;\n<>\"]|\.(?=\d)){1,160})"
    )
    return _Rules(
        keywords=tuple(keyword.lower() for keyword in phrases["prefilter"]),
        notices=notices,
        exceptions=exceptions,
        public_domain=public_domain,
        grant=re.compile(f"(?:{verbs}|{phrases['grant_phrases']}){name}", re.IGNORECASE),
        grant_verbs=re.compile(verbs + name, re.IGNORECASE),
        grant_phrases=re.compile(f"(?:{phrases['grant_phrases']}){name}", re.IGNORECASE),
        phrase_gates=tuple(phrases["grant_phrase_gates"]),
        grant_cjk=re.compile(
            rf"(?:{phrases['grant_phrases_cjk']})\s*(?P<name>[^。；;\n<>\"]{{1,80}})"
        ),
        mention=re.compile(rf"\b(?:{_words(phrases['mention_words'])})\b", re.IGNORECASE),
        self_determiners=frozenset(phrases["self_determiners"]),
        self_nouns=frozenset(phrases["self_nouns"]),
        other_subject_words=frozenset(phrases["other_subject_words"]),
        media=re.compile(rf"\b(?:{_words(phrases['media_words'])})s?\b", re.IGNORECASE),
        policy=re.compile(rf"\b(?:{_words(phrases['policy_words'])})", re.IGNORECASE),
        third_party=re.compile(phrases["third_party_openings"], re.IGNORECASE),
        other_sections=re.compile(phrases["other_sections"], re.IGNORECASE),
        part_nouns=frozenset(phrases["part_nouns"]),
        media_part_nouns=frozenset(phrases["media_part_nouns"]),
        credit_field=_field_label(phrases["media_credit_fields"] + phrases["source_credit_fields"]),
        media_credit_field=_field_label(phrases["media_credit_fields"]),
        record_field=re.compile(
            rf"^[ \t]*(?:[-*+•▎]+[ \t]*)?(?:\*\*|__)?(?:(?:{_words(phrases['record_fields'])})"
            rf"(?:\*\*|__)?[ \t]*[:：]|(?:{_words(phrases['record_phrases'])})\b)",
            re.IGNORECASE | re.MULTILINE,
        ),
        prefilter=tuple(phrases["prefilter"]),
    )


def _squeeze(text: str) -> tuple[str, list[int], list[int]]:
    """Text with line breaks, comment markers, space runs and inline markup tags as single
    spaces (paragraph breaks as one newline), and a map back to the original offsets."""
    pieces: list[str] = []
    squeezed_starts: list[int] = []
    original_starts: list[int] = []
    position = length = 0
    for match in _GAP.finditer(text):
        pieces.append(text[position : match.start()])
        squeezed_starts.append(length)
        original_starts.append(position)
        length += match.start() - position + 1
        # A blank line (or an empty comment line) ends a paragraph: keep it as one newline.
        pieces.append("\n" if match.group(0).count("\n") > 1 else " ")
        position = match.end()
    pieces.append(text[position:])
    squeezed_starts.append(length)
    original_starts.append(position)
    return "".join(pieces), squeezed_starts, original_starts


def _original(index: int, squeezed_starts: list[int], original_starts: list[int]) -> int:
    piece = bisect.bisect_right(squeezed_starts, index) - 1
    return original_starts[piece] + (index - squeezed_starts[piece])


def _windows(text: str, rules: _Rules, hits: list[int] | None = None) -> list[tuple[int, int]]:
    """Spans around the keyword hits (`hits`: their offsets, when already found in bulk)."""
    if hits is None:
        lower = text.lower()
        hits = []
        for keyword in rules.keywords:
            found = lower.find(keyword)
            while found != -1:
                hits.append(found)
                found = lower.find(keyword, found + len(keyword))
    windows: list[tuple[int, int]] = []
    for hit in sorted(hits):
        start, end = max(0, hit - WINDOW_BEFORE), hit + WINDOW_AFTER
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], end))
        else:
            windows.append((start, end))
    return windows


def _sentence_before(text: str, position: int) -> str:
    start = 0
    for match in _SENTENCE_END.finditer(text, max(0, position - 300), position):
        start = match.end()
    return text[max(start, position - 300) : position]


# E-mail addresses, URLs, tags and file names ("// colorwheel.js" heading a comment): never the
# subject of a grant sentence.
_NOISE = re.compile(
    r"\S+@\S+|\b\w+://\S+|<[^>]+>|\b[\w-]+\.(?:js|mjs|ts|tsx|jsx|py|rb|go|rs|c|h|cc|cpp|hpp|java"
    r"|kt|swift|php|pl|pm|sh|css|scss|html?|md|txt|json|ya?ml|toml|sql|lua|jl|ex|exs|erl|hs|ml"
    r"|cs|vb|scala|dart|r)\b",
    re.IGNORECASE,
)
_VERB_WORDS = re.compile(
    r"\b(?:is|are|was|were|be|been|being|has|have|also|hereby|here|now|ist|est|è"
    r"|dual(?:ly)?|tri)\b",
    re.I,
)
# "Dual licensed under the MIT and GPL licenses": every licence named is a choice.
_DUAL = re.compile(r"\b(?:dual(?:ly)?|tri)[- ]?$", re.IGNORECASE)


def _is_mention(prefix: str, rules: _Rules) -> bool:
    """A grant sentence that avoids or compares a licence, or gives another thing's licence."""
    prefix = _NOISE.sub(" ", prefix)
    if rules.mention.search(prefix):
        return True
    words = re.sub(r"[^\w]+", " ", _VERB_WORDS.sub(" ", prefix)).lower().split()
    if not words or " ".join(words) in rules.self_nouns:
        return False
    last = words[-4:]
    for index in range(len(last)):
        if last[index] in rules.self_determiners or " ".join(last[index : index + 2]) in (
            rules.self_determiners
        ):
            # "our code is", unless another thing follows ("we use data released under")
            return bool(rules.other_subject_words.intersection(last[index + 1 :]))
    # "This dataset was produced by ... and is therefore a work of ...": the sentence's subject
    # is the document, unless a clause brings in another thing ("..., which", "uses").
    # A tagline is the document describing itself: "A fast JSON parser, released under MIT".
    tagline = words[0] in ("a", "an") and len(words) <= 12 and prefix.rstrip().endswith(",")
    opens_with_self = (
        tagline
        or words[0] in rules.self_determiners
        or " ".join(words[:2]) in rules.self_determiners
    )
    return not opens_with_self or bool(rules.other_subject_words.intersection(words))


def _normalized(value: str) -> tuple[str, float, str | None] | None:
    result = normalize_name(value)
    if result.license is None:
        return None
    return result.license, result.confidence, result.notes


def _tag_value(value: str) -> str:
    value = re.split(r"\*/|-->|\"|'|`|\\n|;\s*$|<", value.strip().lstrip("\"'`"))[0]
    # "Distribuido bajo la Licencia MIT. Se permite el uso comercial, ...": a long value's
    # first sentence (a short one keeps "Example Inc. CC BY 4.0" whole)
    if len(value.split()) > 12:
        value = re.split(r"(?<!\b[A-Z])\.\s+(?=[A-ZÀ-Ý])", value)[0]
    return value.strip().rstrip(",;").strip()


def _only_if(gate: bool, pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """`pattern`'s matches, skipped at once when a literal every match contains is absent."""
    return pattern.finditer(text) if gate else iter(())


def _tag_signals(text: str, rules: _Rules, notes: list[str]) -> list[_Signal]:
    signals = []
    lower = text.lower()
    for match in _SPDX_TAG.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        if rules.mention.search(text[line_start : match.start()]):
            notes.append("an SPDX tag quoted as an example is not a grant")
            continue
        value = _tag_value(match.group("value"))
        if _PLACEHOLDER.search(value):
            notes.append(f"template placeholder ignored: {value!r}")
            continue
        found = _normalized(value)
        if found:
            signals.append(_Signal(found[0], "spdx-tag", match.start(), match.end(), found[1]))
        else:
            notes.append(f"unreadable SPDX tag: {value!r}")
    tags = [
        (m.start("value"), m.end(), _tag_value(m.group("value")))
        for m in (_LICENSE_TAG_CJK if "。" in text else _LICENSE_TAG).finditer(text)
        if not _about_another(text, m.start("value"), m.end(), rules)
    ]
    tags += [
        (
            m.start(),
            m.end(),
            json.dumps(
                [item.strip(" -\t\"'") for item in m.group("items").splitlines() if item.strip()]
            ),
        )
        for m in _only_if(
            any(label in lower for label in ("license:", "licence:", "licenses:", "licences:")),
            _LICENSE_LIST,
            text,
        )
        if not rules.policy.search(_lines_around(text, m.start(), m.end()))
    ]
    tags += [
        (m.start(), m.end(), (m.group("name") or m.group("value")).strip())
        for m in _XML_LICENSE.finditer(text)
        if not _inside_dependency(text, m.start())
    ]
    tags += [
        (m.start(), m.end(), json.dumps(re.findall(r"[\"']([^\"']+)[\"']", m.group("items"))))
        for m in _only_if("[" in text, _INLINE_LIST, text)
        if "{" not in m.group("items")
    ]
    tags += [
        (
            m.start(),
            m.end(),
            json.dumps(re.findall(r"[\"']name[\"']\s*:\s*[\"']([^\"']+)[\"']", m.group("items"))),
        )
        for m in _only_if(
            "[" in text and ("licenses" in lower or "licences" in lower),
            _JSON_LICENSE_OBJECTS,
            text,
        )
        if _top_level(text, m.start())
    ]
    listed = _CLASSIFIERS.search(text) if "License ::" in text else None
    classifiers = list(_TROVE.finditer(listed.group("items"))) if listed else []
    if classifiers:
        start = listed.start("items") + classifiers[0].start(1)
        values = [m.group(1).strip() for m in classifiers]
        tags.append((start, start + len(values[0]), json.dumps(values)))
    for m in _only_if("_of:" in text, _HOMEBREW, text):
        operator = " AND " if m.group("operator") == "all_of" else " OR "
        items = re.findall(r"\"([^\"]+)\"", m.group("items"))
        tags.append((m.start(), m.end(), operator.join(f"({item})" for item in items)))
    tags += [
        (m.start(), m.end(), m.group("expression") or m.group("value"))
        for m in _only_if('"metadata"' in text, _CYCLONEDX, text)
    ]
    label_at_line_end = _LABEL_AT_LINE_END.search(text) is not None
    tags += [
        (m.start(), m.end(), m.group("value"))
        for pattern in _CALL_LICENSES
        for m in _only_if(pattern is not _NEXT_LINE_LABEL or label_at_line_end, pattern, text)
        if not _about_another(text, m.start("value"), m.end(), rules)
    ]
    for start, end, value in tags:
        if not value or _PLACEHOLDER.search(value) or len(value.split()) > 12:
            continue
        found = _normalized(value)
        if found:
            signals.append(_Signal(found[0], "license-field", start, end, found[1]))
    return signals


# A README's licence section: a heading that is just "License" (Markdown `## License`, reST
# `License` over `-------`, `LICENSE:`), in the languages READMEs are written in.
_LICENCE_HEADING = re.compile(
    r"(?:^|\n)[ \t]*(?:#{1,6}[ \t]*|\*\*|=+[ \t]*)?(?:[^\w\s#*=]{1,3}[ \t]*)?"
    rf"(?:licen[cs](?:e|es|ing)(?: information| info)?|{LICENCE_WORDS})"
    r"(?:[ \t]*\((?:licen[cs]e|licen[cs]ing)\))?"  # "## Giấy Phép (License)"
    r"(?:\*\*)?[ \t]*:?[ \t]*#*[ \t]*\r?\n"
    r"(?:[ \t]*[-=~^]{3,}[ \t]*\r?\n)?",
    re.IGNORECASE,
)
_PARAGRAPHS = re.compile(r"\n[ \t]*\n")
_FENCE_LINE = re.compile(r"^[ \t]*(?:```|~~~)[\w-]*[ \t]*$", re.MULTILINE)
_SUBHEADING = re.compile(r"#{1,6}[ \t]*([^\n]{1,80})")
_IMAGE_ONLY = re.compile(r"^\s*(?:\[?!\[[^\]]*\]\([^)]*\)\]?(?:\([^)]*\))?\s*|<img\b[^>]*>\s*)+$")
_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def _plain(markdown: str) -> str:
    """Markdown to words: links become their text, emphasis and code marks go."""
    text = _MARKDOWN_LINK.sub(r"\1", markdown)
    return " ".join(re.sub(r"[*_`#>]+", " ", text).split())


def _section_signals(text: str, rules: _Rules) -> list[_Signal]:
    """The first paragraph under a README's licence heading: "MIT", "[MIT](LICENSE)",
    "**CC BY-NC 4.0** (...)", "Foo is licensed under the MIT license". Any subject counts here:
    the section is about the project's own licence."""
    signals = []
    for heading in _LICENCE_HEADING.finditer(text):
        marked = re.search(r"[#*=]|\n[ \t]*[-=~^]{3,}", heading.group(0).strip())
        if not marked and ":" in heading.group(0):
            continue  # `license:` over a YAML list is a field, read as one (or as a policy)
        body = _FENCE_LINE.sub("", text[heading.end() : heading.end() + 600]).lstrip()
        subheading = _SUBHEADING.match(body)
        if subheading and " " in re.sub(r"[^\w\s]", "", heading.group(0)).strip():
            continue  # "License Information" over "## MIT License": a guide, not a grant
        if subheading:  # "# License" then "## The MIT License (MIT)": the name is the heading
            found = _normalized(_plain(subheading.group(1)))
            if found:
                signals.append(
                    _Signal(found[0], "grant", heading.end(), heading.end() + 1, found[1])
                )
            continue
        if not body:
            continue
        paragraphs = _PARAGRAPHS.split(body, maxsplit=3)
        while len(paragraphs) > 1 and _IMAGE_ONLY.match(paragraphs[0]):
            paragraphs = paragraphs[1:]  # a badge above the text: the link signals read it
        paragraph = paragraphs[0]
        if rules.mention.search(paragraph) and not rules.grant.search(paragraph):
            continue
        start = heading.end() + text[heading.end() :].find(paragraph[:20])
        found = _section_licence(paragraph, rules)
        if found is None and len(paragraphs) > 1 and not paragraphs[1].lstrip().startswith("#"):
            # the grant after a paragraph of credits ("PyYAML was written by ...
            # PyYAML is released under the MIT license"), unless it brings in other software
            second = paragraphs[1]
            granted = rules.grant.search(second) and not _OTHER_SOFTWARE.search(second)
            found = _named_once(second) or (
                _section_licence(second, rules) if granted and "|" not in second else None
            )
        if found:
            signals.append(_Signal(found[0], "grant", start, start + len(paragraph), found[1]))
    return signals


_OTHER_SOFTWARE = re.compile(
    r"\b(?:which|includes?|including|uses?|using|bundles?|contains?|third|depend\w*|vendor\w*)\b",
    re.IGNORECASE,
)


def _section_licence(paragraph: str, rules: _Rules) -> tuple[str, float, str | None] | None:
    words = _plain(paragraph).split()
    # A name alone, or a name first ("MIT © 2020 Foo", "Apache 2.0 - see LICENSE",
    # "Licencia Pública de la Unión Europea EUPL v1.2").
    for count in range(min(len(words), 10), 0, -1):
        candidate = " ".join(words[:count]).rstrip(",:;.")
        if count > 6 and rules.grant.search(candidate):
            break  # a grant sentence: read below, with its "or later" and exceptions
        found = _normalized(candidate)
        if found:
            return found
    # A grant in the paragraph, whatever its subject ("HangStopper is licensed under MIT").
    for match in rules.grant.finditer(_plain(paragraph)):
        if rules.mention.search(_sentence_before(match.string, match.start())):
            continue
        names = match.group("name").split()
        for count in range(min(len(names), MAX_NAME_WORDS), 0, -1):
            found = _normalized(" ".join(names[:count]).rstrip(",:;"))
            if found:
                return _widened(found, " ".join(names[count : count + 12]))
    return _named_once(paragraph)


def _named_once(paragraph: str) -> tuple[str, float, str | None] | None:
    """The one licence named in bold or as a link ("Ce projet est sous **GNU GPL v3.0**")."""
    named = {
        found
        for match in re.finditer(r"\*\*(.+?)\*\*|\[([^\]]+)\]\(", paragraph)
        if (found := _normalized(match.group(1) or match.group(2)))
    }
    return named.pop() if len({licence for licence, _, _ in named}) == 1 else None


def _html_signals(text: str, rules: _Rules) -> list[_Signal]:
    signals = []
    lower = text.lower()
    is_html = "<" in text and ">" in text
    for match in _META.finditer(text):
        found = _normalized(match.group("value"))
        if found:
            signals.append(_Signal(found[0], "html-meta", match.start(), match.end(), found[1]))
    json_keys = [
        m
        for m in _only_if(
            any(key in lower for key in ('license"', "license'", 'licence"', "licence'")),
            _JSON_LICENSE,
            text,
        )
        if _top_level(text, m.start()) and not _CALL_OPEN.search(_line_before(text, m.start()))
    ]
    # Several "license" keys are a list of packages (a lock file), not this document's licence.
    for match in json_keys if len(json_keys) == 1 else []:
        found = _normalized(match.group("value") or match.group("object"))
        if found:
            kind = "html-meta" if is_html else "license-field"
            signals.append(_Signal(found[0], kind, match.start(), match.end(), found[1]))
    for match in _RDF_RESOURCE.finditer(text) if "rdf:resource" in text else ():
        reading = read_url(match.group("value"))
        if reading:
            signals.append(_Signal(reading[0], "html-meta", match.start(), match.end(), reading[1]))
    for match in _RDFA.finditer(text):
        reading = read_url(match.group("value"))
        if reading and not _near_media(text, match.start(), match.end(), rules):
            signals.append(_Signal(reading[0], "html-meta", match.start(), match.end(), reading[1]))
    rel_spans = set()
    for match in _REL.finditer(text):
        reading = read_url(match.group("value"))
        rel_spans.add(match.start("value"))
        if reading and not _near_media(text, match.start(), match.end(), rules):
            signals.append(_Signal(reading[0], "html-rel", match.start(), match.end(), reading[1]))
    links = (
        (_HREF, "href" in lower or "src" in lower),
        (_BARE_URL, "http" in lower or "www." in lower),
    )
    for pattern, gate in links:
        for match in _only_if(gate, pattern, text):
            if match.start("value") in rel_spans:
                continue
            url = match.group("value")
            reading = read_url(url)
            if reading is None or _near_media(text, match.start(), match.end(), rules):
                continue
            before = _TAGS.sub(" ", text[max(0, match.start() - 300) : match.start()])
            if rules.mention.search(_NOISE.sub(" ", _sentence_before(before, len(before)))):
                continue
            # A link to a licence's text is a reference; it is a signal for this document only
            # when it is a Creative Commons deed or it sits in licence wording or a badge.
            around = text[max(0, match.start() - 120) : match.start()]
            around += text[match.end() : match.end() + 120]
            if (
                "creativecommons" not in url.lower()
                and "shields.io" not in url
                and not re.search(
                    r"licen[cs]|badge|shields\.io", _NOISE.sub(" ", around), re.IGNORECASE
                )
            ):
                continue
            signals.append(_Signal(reading[0], "link", match.start(), match.end(), reading[1]))
    return signals


def _top_level(text: str, position: int) -> bool:
    """Is a JSON key in the outermost object, not in an object nested under another key or
    listed with others (`[{...}, {...}]`, `{...},` in a lock file)?"""
    depth = 0
    for index in range(position - 1, -1, -1):
        character = text[index]
        if character == "}":
            depth += 1
        elif character == "{":
            if depth == 0:
                if text[:index].rstrip().endswith((":", ",", "[")):
                    return False
                break
            depth -= 1
    else:
        # no opening brace in sight (a fragment): a key indented deeper than a top-level key
        # sits at 2 or 4 spaces is a nested one
        line = _line_before(text, position)
        if len(line) - len(line.lstrip()) > 4:
            return False
    # Where the key's object closes: a comma or another bracket after it means a list member.
    depth = 0
    for index in range(position, min(len(text), position + 5000)):
        character = text[index]
        if character == "{":
            depth += 1
        elif character == "}":
            if depth == 0:
                return not text[index + 1 : index + 40].lstrip().startswith((",", "]", "}"))
            depth -= 1
    return True


# Code that holds a map or media credit: Leaflet / OpenLayers `attribution:`, `ol.Attribution(`.
# (Not `class="credit"`: site footers use it for the site's own licence.)
_CREDIT_MARKUP = re.compile(r"\battributions?\s*[:=(]|\bAttribution\(", re.IGNORECASE)


def _near_media(text: str, start: int, end: int, rules: _Rules) -> bool:
    """A licence link inside or next to a caption or credit for a picture covers the picture."""
    if _CREDIT_MARKUP.search(text[max(0, start - 400) : start]):
        return True
    if rules.media_credit_field.search(_lines_before(text, start, 4)):
        return True  # "Artist: ...", "Photo: ..." just above the link
    element_start = max(text.rfind("<figure", 0, start), text.rfind("<figcaption", 0, start))
    element_end = max(text.rfind("</figure", 0, start), text.rfind("</figcaption", 0, start))
    if element_start > element_end:
        return True
    before = _TAGS.sub(" ", text[max(0, start - 160) : start])
    after = _TAGS.sub(" ", text[end : end + 80])
    around = re.split(r"(?<!\b[A-Z])[.!?]\s|\n\s*\n", before)[-1]
    around += " " + re.split(r"(?<!\b[A-Z])[.!?]\s|\n", after)[0]
    if rules.media.search(around):
        return True
    for image in re.finditer(r"<img\b[^>]*>", text[max(0, start - 200) : end + 200], re.I):
        if not re.search(
            rf"creative\s*commons|licensebuttons|licen[cs]e|{LICENCE_WORDS}|lizenz",
            image.group(0),
            re.I,
        ):
            return True
    return False


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")

# A notice that opens a string literal assigned in code (`SAMPLE = """Permission is hereby
# granted`, `src := "// Licensed under`) is data the program handles, not its licence.
_QUOTED = re.compile(
    r"(?:\w\s*:?=|[(\[{,])\s*[(\[]?\s*[rbuf]{0,2}(?:\"\"\"|'''|\"|'|`)\s*(?:/{2,}|#+|/?\*+)?\s*$",
    re.I,
)


def _notice_signals(
    squeezed: str, rules: _Rules, names: frozenset[str] = frozenset()
) -> list[tuple[_Signal, int, int]]:
    """Known notices and named grants, with spans in the squeezed text."""
    return [
        found
        for found in _unquoted_notice_signals(squeezed, rules, names)
        if not _QUOTED.search(squeezed[max(0, found[1] - 80) : found[1]])
    ]


def _unquoted_notice_signals(
    squeezed: str, rules: _Rules, names: frozenset[str] = frozenset()
) -> list[tuple[_Signal, int, int]]:
    """`names`: the document's own name (from its title), a subject that is the document."""
    signals = []
    lower = squeezed.lower()
    # Text already read by a notice listed earlier (more specific: X11 before MIT, MIT-0 before
    # MIT) is not read again by a more general one.
    claimed: list[tuple[int, int]] = []
    for notice in rules.notices:
        if notice.hint not in lower:
            continue
        for match in notice.pattern.finditer(squeezed):
            if any(start <= match.start() < end for start, end in claimed):
                continue
            # Notices are legal boilerplate: only avoiding or comparing words make them mentions.
            if rules.mention.search(_NOISE.sub(" ", _sentence_before(squeezed, match.start()))):
                continue
            license_id = notice.license
            for group, value in match.groupdict().items():
                value = _gnu_version(value) if group == "version" else value
                license_id = license_id.replace(f"${group}", value or "")
            if notice.read_name:  # the notice gives the licence's name in words
                found = _normalized(license_id)
                if found is None:
                    continue
                license_id = found[0]
            # A licence text's first clauses are its own: a BSD-style notice found there is not
            # another licence.
            reach = LICENCE_TEXT_REACH if notice.licence_text else 0
            claimed.append((match.start(), max(match.end(), match.start() + reach)))
            kind = "licence-text" if notice.licence_text else "header"
            signals.append((_Signal(license_id, kind, 0, 0, 1.0), match.start(), match.end()))
    if "gnu" in lower and not any(_is_gnu(signal.license) for signal, _, _ in signals):
        signals += _gnu_signals(squeezed, rules)
    for hint, license_id, pattern in rules.public_domain:
        if hint not in lower:
            continue
        for match in pattern.finditer(squeezed):
            prefix = _sentence_before(squeezed, match.start())
            # "..., works of NIST employees are not subject to copyright": the document is one;
            # "This file is in the public domain": the statement names its own subject.
            # "Pursuant to title 17 section 105 ...": the law cited about the document itself.
            own_subject = (
                _WORKS_OF.search(prefix)
                or _PURSUANT.search(prefix)
                or match.group(0).split()[0].lower() in rules.self_determiners
            )
            if (own_subject and not rules.mention.search(prefix)) or not _is_mention(prefix, rules):
                signals.append(
                    (_Signal(license_id, "grant", 0, 0, 0.8), match.start(), match.end())
                )
    previous_end = 0  # where the last grant's licence name ended
    for start, name_start, name, phrase in sorted(_grants(squeezed, rules)):
        # A capitalised grant verb opens its own sentence ("Copyright (c) 2018 Apple Inc. and
        # the Swift project authors / Licensed under ..."): the line before is not its subject.
        quoted = squeezed[:start].rstrip()[-1:] in "'\"‘“"
        prefix = "" if phrase[:1].isupper() and not quoted else _sentence_before(squeezed, start)
        # Two grants on lines without a full stop between them ("... 4.0 International License
        # / Software is licensed under ..."): the earlier licence name is not this subject.
        if start - len(prefix) < previous_end <= start:
            prefix = squeezed[previous_end:start]
        part = _part(prefix, rules)
        # "Changed the license from MIT to ISC" (a changelog entry) has no subject to check; a
        # part of the project ("the model weights are ...") is the project's.
        # A Chinese, Japanese or Korean grant phrase holds its subject ("이 프로젝트는", "本项目").
        if _RELICENSING.match(phrase) or part or _CJK.search(phrase):
            if rules.mention.search(_NOISE.sub(" ", prefix)):
                continue
        elif (
            _is_mention(prefix, rules)
            and not _names_the_document(prefix, names, rules)
            and not _CC_MARKING.search(prefix)
        ):
            continue
        if _a_dependency(squeezed[:start], prefix):
            continue
        if _QUOTATION.match(_sentence_before(squeezed, start)):
            continue  # 'The site says: "This work is licensed under ..."': someone else's words
        words = name.split()
        dual = ["dual"] if _DUAL.search(prefix) else []
        for count in range(min(len(words), MAX_NAME_WORDS), 0, -1):
            candidate = _LINK_TEXT.sub(r"\1", " ".join(dual + words[:count]))
            found = _normalized(candidate.rstrip(",:"))
            if found:
                end = name_start + len(" ".join(words[:count]))
                found = _widened(found, squeezed[end : end + 60])
                note = f"part:{part}" if part else None
                signals.append((_Signal(found[0], "grant", 0, 0, found[1], note), start, end))
                previous_end = end
                break
    return signals


# A Markdown link, inline or by reference, cut anywhere after its text: "[MIT](https://opens".
_LINK_TEXT = re.compile(r"\[([^\]]+)\](?:\(\S*|\[[^\]]*\]?)")
_OTHERWISE_NOTED = re.compile(
    r"\bunless (?:otherwise )?(?:noted|stated|specified|indicated)\b|\bin this repo(?:sitory)?\b",
    re.IGNORECASE,
)


def _part(prefix: str, rules: _Rules) -> str | None:
    """The part of the project a grant's subject names: "the model weights are" -> weights,
    "the code in this repository is" -> code, "All wiki content is" -> content. Only a bare part
    counts: "Wikipedia text", "the original corpus", "whose data" are another's."""
    prefix = _OTHERWISE_NOTED.sub(" ", prefix)
    clause = re.split(r"[,;:]|\band\b|\bbut\b", _NOISE.sub(" ", prefix))[-1]
    words = re.sub(r"[^\w]+", " ", _VERB_WORDS.sub(" ", clause)).lower().split()
    while words and words[0] in _DETERMINERS:
        words = words[1:]
    nouns = rules.part_nouns | rules.media_part_nouns
    for size in (2, 1):
        head, rest = " ".join(words[:size]), words[size:]
        if head in nouns and (not rest or (rest[0] in ("in", "of", "on") and len(rest) <= 4)):
            return head
    return None


_DETERMINERS = {"the", "all", "any", "our", "this", "these", "its", "my", "other", "every", "wiki"}


def _grants(squeezed: str, rules: _Rules) -> list[tuple[int, int, str, str]]:
    """Grant phrases and the licence name after them: (start, name start, name, phrase). A name
    ends where another grant begins ("the content is licensed under CC BY 4.0, and code samples
    are licensed under the Apache 2.0 License" is two grants)."""
    found = []
    lower = squeezed.lower()
    patterns = [rules.grant_verbs]
    if any(gate in lower for gate in rules.phrase_gates):
        patterns.append(rules.grant_phrases)
    for pattern in patterns:
        position = 0
        while match := pattern.search(squeezed, position):
            name = match.group("name")
            inner = rules.grant.search(name)
            if inner:
                name = re.sub(
                    r"[\s,;]*(?:\b(?:and|while|whereas|but)\b[^,;]*?)?$", "", name[: inner.start()]
                )
            found.append((match.start(), match.start("name"), name, match.group(0)))
            position = match.start("name") + inner.start() if inner else match.end()
    for verb in _LICENSED.finditer(squeezed):
        before = max(0, verb.start() - 60)
        if adjective := _ADJECTIVE_GRANT.search(squeezed, before, verb.start()):
            name_start = adjective.start("name")
            found.append(
                (adjective.start(), name_start, adjective.group("name"), adjective.group(0))
            )
    if _CJK.search(squeezed):
        found += [
            (
                m.start(),
                m.start("name"),
                _CJK_NAME_END.split(_plain(m.group("name")))[0],
                m.group(0),
            )
            for m in rules.grant_cjk.finditer(squeezed)
        ]
    return found


# "This project is MIT licensed", "is Apache-2.0-licensed": the licence before the verb. Found
# from the verb backwards, so that the many "is" and "are" of a text cost nothing.
_LICENSED = re.compile(r"[ -]licen[cs]ed\b")
_ADJECTIVE_GRANT = re.compile(
    r"\b(?:is|are)(?: (?:also|similarly|now))? (?P<name>[A-Z][\w.+]*(?:[ -][\w.+]+){0,3}?)$"
)
# Where a licence name ends in Chinese, Japanese or Korean text ("MITライセンスのもとで公開").
_CJK_NAME_END = re.compile(
    r"のもとで|の下で|に基づ|で公開|で提供|ライセンス|许可证|許可證|许可|協議|协议|授權|授权|進行|进行|发布"
    r"|分发|라이선스|，"
)
_RELICENSING = re.compile(
    r"(?:changed|switched|moved|relicensed|licen[cs]e (?:changed|switched))\b", re.IGNORECASE
)
_WORKS_OF = re.compile(r"\bworks? of\b", re.IGNORECASE)
_PURSUANT = re.compile(r"\bpursuant to\s*$", re.IGNORECASE)
# A sentence that opens a quotation (and does not close it before the grant).
_QUOTATION = re.compile(r"\s*[\"“«„]\s*[^\"”»“]*$")
# Where a licence text's terms end and its "how to apply" appendix with a model notice begins.
_APPENDIX = re.compile(
    r"How\s+to\s+Apply\s+These\s+Terms\s+to\s+Your\s+New\s+(?:Programs|Libraries)"
    r"|END\s+OF\s+TERMS\s+AND\s+CONDITIONS",
    re.IGNORECASE,
)


def _widened(found: tuple[str, float, str | None], after: str) -> tuple[str, float, str | None]:
    """A version read from a name, then "(or later)" / "or any later version" just after it."""
    wider = knowledge_base().or_later(found[0])
    if wider and _GNU_LATER.match(after.lstrip(" ,;")):
        return (wider, *found[1:])
    return found


# A GNU licence granted in any wording: "under the terms (and conditions) of the GNU Affero
# General Public License, version 3, as published by ...". The version, "or later" and "only"
# are read from the rest of the sentence.
# The GNU notice as translated by projects: "unter den Bedingungen der GNU General Public License",
# "suivant les termes de la GNU General Public License", "bajo los términos de la ...".
_GNU_GRANT = re.compile(
    r"(?=[ulrdacsbo])\b(?:under the terms (?:and conditions )?of"
    r"|(?:licensed|released|distributed|available|covered)(?: to you)? under"
    r"|unter den Bedingungen der|(?:suivant|selon|sous) les termes de la|"
    r"conform[ée]ment aux dispositions de la|"
    r"bajo los t[ée]rminos de la|sotto i termini della|secondo i termini della|nos termos da"
    r"|sob os termos da"
    r"|onder de voorwaarden van de)"
    r" (?:version (?P<version_first>[123](?:\.[01])?) of )?"
    r"(?:the |licen[cs]ia |licence )?[\"“]?\*{0,2}"
    r"(?:GNU (?P<words>Affero |Lesser |Library )?General Public Licen[cs]e"
    r"|GNU (?P<abbreviation>AGPL|LGPL|GPL)"
    r"|Licencia Pública General (?P<words_es>Reducida |Menor |Affero )?(?:de )?GNU"
    r"|Licence Publique G[ée]n[ée]rale (?P<words_fr>Limit[ée]e |Amoindrie |Affero )?GNU"
    r"|Licença Pública Geral (?P<words_pt>Menor |Reduzida |Affero )?(?:do )?GNU)\b",
    re.IGNORECASE,
)
_GNU_VERSION = re.compile(
    r"^[\s,(]*(?:v(?:ersion)?\.?\s?)?(?P<version>[123](?:\.[01])?)\b(?!\.\d)"
    r"|\b(?:[AL]?GPL ?)?(?:versi(?:on|ón|one|e)|versão|v\.?)\s?"
    r"(?P<version_named>[123](?:\.[01])?)\b(?!\.\d)",
    re.IGNORECASE,
)
_GNU_LATER = re.compile(
    rf"\(?\bor,? (?:\(?at your option\)?,? )?(?:any )?{LATER_WORDS}\b|(?<=\d)\+|\band later\b"
    r"|\b(?:oder|soit|ou|o|of|sia)\b[^.;]{0,40}?\b(?:sp(?:ä|ae)tere[n]?|ult[ée]rieure|posterior|successiva|latere)\b",
    re.I,
)
# The grant runs on past ";" ("... Free Software Foundation; either version 2, or ...").
_STATEMENT_END = re.compile(
    r"(?<!\b[A-Z])(?<!\bv)\.(?:\s|$)|[!?]\s|<(?:p|br|li|div|h\d|td|tr)\b[^>]*>", re.IGNORECASE
)
_GNU_NAMED_FAMILY = {
    "reduzida": "LGPL",
    "reducida": "LGPL",
    "menor": "LGPL",
    "limitée": "LGPL",
    "amoindrie": "LGPL",
    "affero": "AGPL",
    "agpl": "AGPL",
    "lesser": "LGPL",
    "library": "LGPL",
    "lgpl": "LGPL",
}
_BOILERPLATE = re.compile(
    r"free software|redistribute it|you can|freie Software|logiciel libre|software libre"
    r"|software libero|vrije software|software livre",
    re.IGNORECASE,
)


def _is_gnu(license_id: str) -> bool:
    return re.match(r"(?:LicenseRef-)?(?:A|L)?GPL-", license_id) is not None


def _gnu_signals(squeezed: str, rules: _Rules) -> list[tuple[_Signal, int, int]]:
    signals = []
    for match in _GNU_GRANT.finditer(squeezed):
        before = squeezed[max(0, match.start() - 200) : match.start()]
        sentence = _sentence_before(squeezed, match.start())
        if rules.mention.search(_NOISE.sub(" ", sentence)):
            continue
        if not _BOILERPLATE.search(before) and _is_mention(sentence, rules):
            continue
        if _a_dependency(squeezed[: match.start()], sentence):
            continue
        named = next(
            (
                match.group(g)
                for g in ("words", "abbreviation", "words_es", "words_fr", "words_pt")
                if match.group(g)
            ),
            "",
        )
        family = _GNU_NAMED_FAMILY.get(named.strip().lower(), "GPL")
        rest = _STATEMENT_END.split(squeezed[match.end() : match.end() + 240], maxsplit=1)[0]
        # "under the terms of version 2 of the GNU GPL", or the version after the name
        version = match.group("version_first")
        if version is None and (version_match := _GNU_VERSION.search(rest)):
            version = version_match.group("version") or version_match.group("version_named")
        if version is None:
            license_id = f"LicenseRef-{family}-unversioned"
        else:
            scope = "or-later" if _GNU_LATER.search(rest) else "only"
            license_id = knowledge_base().spdx_ids.get(
                f"{family}-{_gnu_version(version)}-{scope}".lower(), ""
            )
        if license_id:
            signals.append((_Signal(license_id, "header", 0, 0, 0.9), match.start(), match.end()))
    return signals


_TITLE = re.compile(r"^[ \t]*#{1,6}[ \t]+(?:[Tt]he[ \t]+)?([A-Za-z][\w.+-]{1,40})\b(?![ \t]+is\b)")


# The first line of a file's opening comment that introduces a name: "/*\n * MyCPU is ...",
# "# mytool - a tool for ...", "-- Foo: bindings for ...".
_HEADER_TITLE = re.compile(
    r"^[ \t]*(?:/\*+|\*|//+|#+|--+|;+|%+|\"|<!--)[ \t]*(?:[Tt]he[ \t]+)?([A-Za-z][\w.+-]{1,40})"
    r"(?:[ \t]+(?:is|are)\b|[ \t]*(?:[-–:]|\(c\)|©)[ \t])"
)
_COMMENT_ONLY = re.compile(r"^[ \t]*(?:/\*+|\*+/?|//+|#!?|--+|;+|%+|\"|<!--)[ \t]*$")


def _document_names(text: str) -> frozenset[str]:
    """The name a document gives itself in a heading on its first line ("# Legit.jl -- ...",
    "# HangStopper"), or on the first line of its opening comment ("/* MyCPU is ..."): a grant
    whose subject is that name is about the document."""
    lines = [line for line in text[:400].splitlines() if line.strip()]
    first = lines[0] if lines else ""
    match = _TITLE.match(first)
    if match is None:
        # the opening comment's first line of words (after "/*" alone on its line)
        opening = next((line for line in lines[:3] if not _COMMENT_ONLY.match(line)), "")
        match = _HEADER_TITLE.match(opening)
    if match is None or match.group(1).lower() in _NOT_NAMES:
        return frozenset()
    return frozenset({match.group(1).lower()})


_NOT_NAMES = {"copyright", "license", "licence", "licensed", "this", "readme", "about", "the"}


def _names_the_document(prefix: str, names: frozenset[str], rules: _Rules) -> bool:
    """The grant's subject (its last words) is the document's own name."""
    if not names:
        return False
    words = [w.strip(".,;:()\"'/").lower() for w in prefix.split()[-5:]]
    return (
        bool(names.intersection(words))
        and not rules.mention.search(prefix)
        and not rules.other_subject_words.intersection(words)
    )


# The Creative Commons chooser's marking: "<title> © 2022-2025 by <author> is licensed under".
_CC_MARKING = re.compile(r"©\s*\d{4}(?:\s*[-–]\s*\d{4})?\s+by\s+[^.;]{1,80}$")
_USES = r"(?:uses|using|bundles|includes|depends on|relies on|ships|embeds|wraps|links against)"


def _a_dependency(before: str, sentence: str) -> bool:
    """The sentence's subject was brought in as something the document uses ("This plugin uses
    FFmpeg ... FFmpeg is free software licensed under the GNU GPL")."""
    subject = re.match(r"\W*([A-Z][\w.+-]{1,40})", sentence)
    if subject is None or subject.group(1).lower() in ("this", "the", "it", "all", "our", "we"):
        return False
    name = re.escape(subject.group(1))
    return re.search(rf"\b{_USES}\s+(?:the\s+)?{name}\b", before[-600:], re.IGNORECASE) is not None


def _gnu_version(version: str | None) -> str:
    if version is None:
        return ""
    return version if "." in version else f"{version}.0"


def detect(text: str | None, hits: list[int] | None = None) -> Detection:
    """The licence a document's text grants, with its evidence, span and any conflict."""
    if not text:
        return NOTHING
    rules = _rules()
    opening = "\n".join([line for line in text[:600].splitlines() if line.strip()][:2])
    if rules.third_party.search(opening):
        return Detection(None, "none", None, 0.0, False, _THIRD_PARTY_NOTE)
    signals: list[_Signal] = []
    notes: list[str] = []
    exceptions: set[_Exception] = set()
    names = _document_names(text)
    for start, end in _windows(text, rules, hits):
        window = text[start:end]
        for signal in (
            _tag_signals(window, rules, notes)
            + _html_signals(window, rules)
            + _section_signals(window, rules)
        ):
            signals.append(_shift(signal, start))
        squeezed, squeezed_starts, original_starts = _squeeze(window)
        if "exception" in window.lower():  # every exception's text says so
            exceptions.update(e for e in rules.exceptions if e.pattern.search(squeezed))
        for signal, s_start, s_end in _notice_signals(squeezed, rules, names):
            span_start = start + _original(s_start, squeezed_starts, original_starts)
            span_end = (
                start + _original(max(s_end - 1, s_start), squeezed_starts, original_starts) + 1
            )
            signals.append(
                _Signal(
                    signal.license,
                    signal.kind,
                    span_start,
                    span_end,
                    signal.confidence,
                    signal.note,
                )
            )
    # A grant just under a credit field ("Source: Microsoft Bing Maps ...") is the asset's.
    credited = [s for s in signals if s.kind == "grant" and _credited(text, s.start, rules)]
    if credited:
        signals = [s for s in signals if s not in credited]
        notes.append("a licence under a source or credit line is that asset's")
    # Licences named under a "Credits" or "Third-party" heading are other things' licences.
    other = _other_sections(text, rules) if "#" in text or "<h" in text else []
    if other:
        kept = [s for s in signals if not _inside(s.start, other)]
        if len(kept) < len(signals):
            notes.append("licences under a credits or third-party heading are not the document's")
        signals = kept
    # Struck-through text (`~~...~~`) is withdrawn: nothing in it is granted.
    struck = [(m.start(), m.end()) for m in _STRUCK.finditer(text)] if "~~" in text else []
    if struck:
        signals = [s for s in signals if not _inside(s.start, struck)]
    # A tag, field, markup or link inside a Markdown code fence is an example, not a grant.
    fences = [(m.start(), m.end()) for m in _FENCED.finditer(text)] if "```" in text else []
    if fences:
        kept = [s for s in signals if not (_machine_readable(s) and _inside(s.start, fences))]
        if len(kept) < len(signals):
            notes.append("a licence tag inside a code example is not a grant")
        signals = kept
    if signals:
        in_tests = any(word in text for word in _TEST_WORDS) and bool(_TEST_CODE.search(text))
        kept = [s for s in signals if not _in_data_literal(s, text, in_tests)]
        if len(kept) < len(signals):
            notes.append("a licence inside a string literal of the program is data it handles")
        signals = kept
    licence_texts = [s.start for s in signals if s.kind == "licence-text"]
    appendix = _APPENDIX.search(text, min(licence_texts)) if licence_texts else None
    if appendix:  # the model notice in the licence's own appendix is a template
        signals = [s for s in signals if s.start < appendix.start() or s.kind == "licence-text"]
    if not signals:
        return Detection(None, "none", None, 0.0, False, "; ".join(dict.fromkeys(notes)) or None)
    signals = list({(s.license, s.kind, s.start): s for s in signals}.values())
    signals, combined = _parts_combined(signals, rules)
    if not signals:
        return Detection(None, "none", None, 0.0, False, "; ".join(dict.fromkeys(notes)) or None)
    best = max(signals, key=lambda s: (STRENGTH[s.kind][0], -s.start))
    if combined:  # "the code is MIT; the model weights are CC BY-NC 4.0": every part's licence
        best = combined
    if is_generic(best.license):  # a family or unscoped public domain: take a precise agreeing one
        precise = [
            s
            for s in signals
            if same_licence(s.license, best.license) and not is_generic(s.license)
        ]
        best = max(precise, key=lambda s: (STRENGTH[s.kind][0], -s.start), default=best)
    if is_generic(best.license):  # "under the terms of the CeCILL ... available at <v2.1 URL>"
        best = _versioned_by_url(text, best)
    # The text of version 2 shipped beside a "version 2 or any later version" grant agrees with it.
    kb = knowledge_base()
    others = sorted(
        {
            s.license
            for s in signals
            if not same_licence(s.license, best.license)
            and not (s.kind == "licence-text" and kb.or_later(s.license) == best.license)
            # a link to one of the licences a grant offers or combines ("MIT or GPL" + links)
            and not _members(s.license) <= _members(best.license)
        }
    )
    confidence = STRENGTH[best.kind][1] * best.confidence
    license_id = best.license
    granted = {e.exception for e in exceptions if e.applies_to.search(license_id)}
    if best.kind != "spdx-tag" and " " not in license_id and len(granted) == 1:
        license_id = f"{license_id} WITH {granted.pop()}"
        notes.append("an exception granted beside the notice")
    if others:
        notes.append("other signals: " + ", ".join(others))
        confidence *= CONFLICT_FACTOR
    return Detection(
        license_id,
        EVIDENCE[best.kind],
        (best.start, best.end),
        round(confidence, 3),
        bool(others),
        "; ".join(dict.fromkeys(notes)) or None,
    )


def _versioned_by_url(text: str, family: _Signal) -> _Signal:
    """A family grant made precise by a licence URL just after it, in the same paragraph."""
    after = text[family.end : family.end + 400].split("\n\n", 1)[0]
    for match in _BARE_URL.finditer(after):
        reading = read_url(match.group("value"))
        if reading and same_licence(reading[0], family.license) and not is_generic(reading[0]):
            return _Signal(reading[0], family.kind, family.start, family.end, family.confidence)
    return family


_STRUCK = re.compile(r"~~[^~\n]{1,300}~~")
# Test code (assertions, test functions): the licences in its string literals are fixtures. Not
# outside tests: an about box's `setText("... GNU General Public License Version 3 ...")` or a
# `--version` text is the program's own notice.
_TEST_WORDS = ("assert", "test", "Test", "expect(", "describe(", "it(")  # one in every match
_TEST_CODE = re.compile(
    r"\bassert(?:_eq!|Equals?|That)?(?!\w)|\bdef test_|#\[test\]|@Test\b|\bfunc Test[A-Z]"
    r"|\b(?:describe|it|test)\(\s*[\"'`]|\bexpect\(|\bunittest\b|\bpytest\b"
)
# String literals a program assigns, passes or returns: a multi-line one after `=`, `(`, `[`,
# `,` or `:` on its line (a docstring opens its own line), or (in tests) a one-line one assigned,
# passed or listed.
# A backtick literal counts only across lines (Markdown's inline code is one line).
_MULTILINE_LITERAL = re.compile(
    r"(?:[\w\])]\s*(?::=|\+=|=)|[(\[,:]|=>|\breturn)[ \t]*(?:[rbuf]{1,2})?(?P<quote>\"\"\"|'''|`)",
    re.IGNORECASE,
)
_COMMENT_START = re.compile(r"\s*(?://|#|/\*|--|;;)")
_ONE_LINE_LITERAL = re.compile(
    r"(?:^|[(\[,=]|\breturn)[ \t]*(?:[rbuf]{1,2})?(?P<quote>[\"'])"
    r"(?:(?!(?P=quote))[^\n\\]|\\.){8,}(?P=quote)",
    re.IGNORECASE | re.MULTILINE,
)


def _in_data_literal(signal: _Signal, text: str, in_tests: bool) -> bool:
    """Does a signal sit inside a string literal that is data of the program? In test code any
    licence in a literal is a fixture. Elsewhere only a manifest field or web-page markup inside a
    multi-line literal is (a document embedded in the program); an SPDX tag or a notice in a
    string may be the program's own (a generated header, an about box, `--version`)."""
    embedded = signal.kind in ("license-field", "html-meta", "html-rel", "link")
    for opener in _MULTILINE_LITERAL.finditer(text, 0, signal.start):
        body_start = opener.end()
        body_end = text.find(opener.group("quote"), body_start)
        body_end = len(text) if body_end == -1 else body_end
        if opener.group("quote") == "`" and "\n" not in text[body_start:body_end]:
            continue
        # a header template the program writes into files (`HEADER = """// This Source ...`);
        # an SPDX tag in a string literal still counts, as the issue asks
        template = signal.kind != "spdx-tag" and _COMMENT_START.match(text, body_start) is not None
        if body_start <= signal.start < body_end and (in_tests or embedded or template):
            return True
    if not in_tests:
        return False
    line_start = text.rfind("\n", 0, signal.start) + 1
    line_end = text.find("\n", signal.start)
    line_end = len(text) if line_end == -1 else line_end
    return any(
        literal.start("quote") < signal.start < literal.end()
        for literal in _ONE_LINE_LITERAL.finditer(text, line_start, line_end)
    )


_FENCED = re.compile(r"^[ \t]*```[^\n]*\n.*?(?:^[ \t]*```|\Z)", re.MULTILINE | re.DOTALL)
_THIRD_PARTY_NOTE = "a third-party notices file lists the licences of other software"


def _parts_combined(signals: list[_Signal], rules: _Rules) -> tuple[list[_Signal], _Signal | None]:
    """Grants about parts of the project: alone, a picture's or font's licence is a credit
    (dropped); two or more parts under different licences are one signal for their conjunction."""
    parts = [s for s in signals if (s.note or "").startswith("part:")]
    if parts and all((s.note or "")[5:] in rules.media_part_nouns for s in parts):
        return [s for s in signals if s not in parts], None
    licences = list(dict.fromkeys(s.license for s in sorted(parts, key=lambda s: s.start)))
    if len(licences) < 2 or len({s.note for s in parts}) < 2:
        return signals, None
    expression = " AND ".join(f"({x})" if " " in x else x for x in licences)
    expression = knowledge_base().parse(expression).render("{symbol.key}")
    first = min(parts, key=lambda s: s.start)
    combined = _Signal(expression, "grant", first.start, max(s.end for s in parts), 1.0)
    return [*signals, combined], combined


_MARKDOWN_HEADING = re.compile(
    r"^(#{1,6})[ \t]*(.+?)[ \t#]*$|<h([1-6])\b[^>]*>\s*([^<]{1,80}?)\s*</h[1-6]>", re.MULTILINE
)


def _other_sections(text: str, rules: _Rules) -> list[tuple[int, int]]:
    """Spans of Markdown sections whose heading names other things' licences (Credits,
    Acknowledgements, Third-party, Dependencies), each up to the next heading of its level."""
    headings = [
        (h.start(), len(h.group(1)) if h.group(1) else int(h.group(3)), h.group(2) or h.group(4))
        for h in _MARKDOWN_HEADING.finditer(text)
        if h.group(3) or not _in_comment_block(text, h.start(), h.end())
    ]
    spans = []
    for index, (start, level, title) in enumerate(headings):
        if not rules.other_sections.match(re.sub(r"[^\w\s-]", "", title).strip()):
            continue
        end = next((h[0] for h in headings[index + 1 :] if h[1] <= level), len(text))
        spans.append((start, end))
    return spans


def _in_comment_block(text: str, start: int, end: int) -> bool:
    """Is a `#` line one of a run of them (a shell or Python comment), not a Markdown heading?"""
    before = text[text.rfind("\n", 0, start - 1) + 1 : start - 1] if start else ""
    after = text[end + 1 :].split("\n", 1)[0] if text[end : end + 1] == "\n" else ""
    return before.lstrip().startswith("#") or after.lstrip().startswith("#")


def _machine_readable(signal: _Signal) -> bool:
    """Tags, fields, markup and links: what a code example shows, unlike a notice in prose."""
    return signal.kind in ("spdx-tag", "license-field", "html-meta", "html-rel", "link")


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def _members(expression: str) -> set[str]:
    """The licence ids an expression is made of."""
    if " " not in expression:
        return {expression}
    return {part for part in re.split(r"[\s()]+", expression) if part and part not in _OPERATORS}


_OPERATORS = {"AND", "OR", "WITH"}


def _shift(signal: _Signal, offset: int) -> _Signal:
    return _Signal(
        signal.license,
        signal.kind,
        signal.start + offset,
        signal.end + offset,
        signal.confidence,
        signal.note,
    )


DETECTION_SCHEMA = {
    "text_license": pl.String,
    "text_evidence": pl.String,
    "text_span_start": pl.Int64,
    "text_span_end": pl.Int64,
    "text_confidence": pl.Float64,
    "text_conflict": pl.Boolean,
    "text_notes": pl.String,
}


def detect_column(texts: pl.Series) -> pl.DataFrame:
    """Detections for a column of texts; texts without a licence keyword are skipped cheaply."""
    rules = _rules()
    candidates = texts.str.contains_any(list(rules.prefilter), ascii_case_insensitive=True)
    rows = candidates.fill_null(False).arg_true()
    chosen = texts.gather(rows)
    # Keyword offsets for every text at once (Aho-Corasick in polars); they are byte offsets,
    # the same as character offsets only for ASCII text, so other texts find their own.
    offsets = chosen.str.find_many(
        list(rules.keywords), ascii_case_insensitive=True, overlapping=True
    ).to_list()
    found = [
        detect(text, hits if text.isascii() else None)
        for text, hits in zip(chosen.to_list(), offsets, strict=True)
    ]
    detected = pl.DataFrame(
        {
            "row": rows,
            "text_license": [f.license for f in found],
            "text_evidence": [f.evidence for f in found],
            "text_span_start": [f.span[0] if f.span else None for f in found],
            "text_span_end": [f.span[1] if f.span else None for f in found],
            "text_confidence": [f.confidence for f in found],
            "text_conflict": [f.conflict for f in found],
            "text_notes": [f.notes for f in found],
        },
        schema={"row": rows.dtype, **DETECTION_SCHEMA},
    )
    every_row = pl.DataFrame({"row": pl.int_range(texts.len(), dtype=rows.dtype, eager=True)})
    return (
        every_row.join(detected, on="row", how="left", maintain_order="left")
        .with_columns(
            pl.col("text_evidence").fill_null("none"),
            pl.col("text_confidence").fill_null(0.0),
            pl.col("text_conflict").fill_null(False),
        )
        .drop("row")
    )
