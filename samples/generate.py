"""Generate the sample corpus, its source registry and its opt-out table, deterministically.

    python samples/generate.py

(Re)writes, from scratch and byte-identically on every run:

- samples/corpus/<source>/...   documents of nine invented sources in every supported format
- samples/sources.yaml          the source registry (schemas/sources.schema.json)
- samples/optout.csv            opt-out observations per domain

All text is produced here from word lists and templates; every name, site and person is
invented (hosts use `.example` or invented names under real public suffixes such as `.co.uk`,
`.gov`, `.ac.jp`, `.com.au`). The only quoted texts are standard licence notices (the Apache-2.0
and GPL-2.0-or-later headers, SPDX tags). A few records are malformed on purpose; see
samples/README.md, which lists them with their file and line (this script prints the same list).

Determinism: one seeded `random.Random` per source (integer draws only), fixed dates, no dict or
set ordering, gzip with mtime 0 and no file name, zstd at a fixed level, Parquet and Arrow
written by pyarrow / datasets with fixed settings and a fixed dataset fingerprint.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import shutil
import sys
from pathlib import Path
from random import Random

import pyarrow as pa
import pyarrow.parquet as pq
import zstandard

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
ZSTD_LEVEL = 10

# Malformed or unusual records written, as (file, first line, last line, what), for the report.
MALFORMED: list[tuple[str, int, int, str]] = []


# --------------------------------------------------------------------------------------------
# Helpers: lengths, text filling, dates, writers
# --------------------------------------------------------------------------------------------


def doc_length(rng: Random) -> int:
    """A target text size in bytes: mostly 200 B to about 5.6 KB, about 1 in 120 longer."""
    if rng.randrange(120) == 0:
        return 8000 + rng.randrange(12000)
    size = 200 + rng.randrange(1400) + rng.randrange(1400)
    if rng.randrange(3) == 0:
        size += rng.randrange(2600)
    return size


def fill(rng: Random, sentence, target: int, per_paragraph: tuple[int, int] = (3, 6)) -> list[str]:
    """Paragraphs of sentences from `sentence(rng)` until the text reaches `target` bytes."""
    paragraphs: list[str] = []
    current: list[str] = []
    limit = rng.randint(*per_paragraph)
    size = 0
    while size < target:
        text = sentence(rng)
        current.append(text)
        size += len(text.encode("utf-8")) + 1
        if len(current) >= limit:
            paragraphs.append(" ".join(current))
            current = []
            limit = rng.randint(*per_paragraph)
            size += 1
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def day(start: dt.date, end: dt.date, rng: Random) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def moment(start: dt.date, end: dt.date, rng: Random) -> dt.datetime:
    date = day(start, end, rng)
    return dt.datetime(date.year, date.month, date.day) + dt.timedelta(seconds=rng.randrange(86400))


def iso_z(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


def json_line(record: object) -> bytes:
    return json.dumps(record, ensure_ascii=False).encode("utf-8")


def compress(path: Path, data: bytes) -> bytes:
    if path.name.endswith(".gz"):
        buffer = io.BytesIO()
        with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0) as handle:
            handle.write(data)
        return buffer.getvalue()
    if path.name.endswith(".zst"):
        return zstandard.ZstdCompressor(level=ZSTD_LEVEL).compress(data)
    return data


class LinesFile:
    """A JSON-lines file built line by line, so that the line of every record is known."""

    def __init__(self, relative: str) -> None:
        self.relative = relative
        self.lines: list[bytes] = []
        self.records = 0

    @property
    def next_line(self) -> int:
        return len(self.lines) + 1

    def add(self, record: dict) -> None:
        self.lines.append(json_line(record))
        self.records += 1

    def add_raw(self, raw: bytes, what: str, record: bool = True) -> None:
        """Raw bytes (one or more lines, no trailing newline), noted in MALFORMED."""
        first = self.next_line
        self.lines.extend(raw.split(b"\n"))
        MALFORMED.append((self.relative, first, self.next_line - 1, what))
        self.records += int(record)

    def write(self) -> None:
        path = HERE / self.relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(compress(path, b"\n".join(self.lines) + b"\n"))


def write_parquet(relative: str, table: pa.Table) -> None:
    path = HERE / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path, compression="zstd", compression_level=ZSTD_LEVEL)


def name_from(rng: Random, syllables: tuple[str, ...], parts: tuple[int, int] = (2, 3)) -> str:
    return "".join(rng.choice(syllables) for _ in range(rng.randint(*parts))).capitalize()


SYLLABLES = (
    "var", "nol", "tes", "ka", "mir", "dun", "hal", "ose", "bri", "tan", "el", "gor", "vek",
    "sul", "ra", "min", "tor", "ble", "fen", "ast", "lo", "qui", "dor", "sa", "wen", "ul",
)  # fmt: skip


# --------------------------------------------------------------------------------------------
# 1. openpedia: encyclopedia, CC BY-SA in varied spellings, JSONL.gz, 2 files
# --------------------------------------------------------------------------------------------

PLACE_KINDS = (
    "river", "village", "mountain pass", "lake", "market town", "valley", "island",
    "plateau", "coastal district", "forest reserve", "fortified hill town", "estuary",
)  # fmt: skip
REGIONS = (
    "the Varnese Highlands", "Lower Ostmark", "the Kelvard Coast", "Southern Teluria",
    "the Brannock Plains", "the Isles of Merrow", "Eastern Calvoria", "the Duskmoor Basin",
    "the Sørholt Fjords", "Upper Maréval",
)  # fmt: skip
TRADES = (
    "sheep farming", "timber", "salt extraction", "tourism", "barley", "wool weaving",
    "fishing", "copper mining", "glassmaking", "orchards", "hydropower", "ferry services",
)  # fmt: skip
PROFESSIONS = (
    "botanist", "cartographer", "composer", "engineer", "astronomer", "painter",
    "linguist", "architect", "chemist", "novelist",
)  # fmt: skip
NATIONALITIES = ("Calvorian", "Telurian", "Ostmarkish", "Merrovian", "Brannish", "Varnese")
WORKS = (
    "a survey of alpine mosses", "the first tide tables of the northern coast",
    "a cycle of songs for children", "a bridge design that needed no central pier",
    "a catalogue of variable stars", "a grammar of the coastal dialects",
    "a method for dyeing wool without alum", "a trilogy of harbour novels",
)  # fmt: skip


def encyclopedia_sentence(kind: str):
    def place(rng: Random) -> str:
        n = name_from(rng, SYLLABLES)
        year = rng.randint(1150, 1990)
        templates = (
            f"The first written record of the area dates from {year}, when it was described as "
            f"a {rng.choice(('small', 'remote', 'prosperous', 'contested'))} {kind}.",
            f"By {year} the population had grown to about {rng.randint(2, 90) * 100} people.",
            f"Its economy relies mainly on {rng.choice(TRADES)} and {rng.choice(TRADES)}.",
            f"The {kind} lies {rng.randint(3, 140)} kilometres from the town of {n}.",
            f"A stone church dedicated to Saint {n} was rebuilt after a fire in {year}.",
            f"Average temperatures range from {rng.randint(-12, 2)} °C in winter to "
            f"{rng.randint(14, 29)} °C in summer.",
            f"The name is thought to derive from an old word meaning '{rng.choice(WORDS)}'.",
            f"During the {rng.choice(('floods', 'famine', 'border war', 'railway boom'))} of "
            f"{year} many families moved to {rng.choice(REGIONS)}.",
            f"Local festivals include the {n} lantern walk, held every {rng.choice(MONTHS)}.",
            f"A narrow-gauge railway connected it to {n} between {year} and "
            f"{year + rng.randint(5, 60)}.",
        )
        return rng.choice(templates)

    def person(rng: Random) -> str:
        n = name_from(rng, SYLLABLES)
        year = rng.randint(1700, 1990)
        templates = (
            f"In {year} they moved to {n}, where they worked as an assistant "
            f"{rng.choice(PROFESSIONS)}.",
            f"Their best-known work is {rng.choice(WORKS)}, completed in {year}.",
            f"Contemporaries described their methods as {rng.choice(ADJECTIVES)} and "
            f"{rng.choice(ADJECTIVES)}.",
            f"A collection of their letters is kept in the archive of {n}.",
            f"They were elected to the academy of {rng.choice(REGIONS)} in {year}.",
            f"Later historians have questioned whether {rng.choice(WORKS)} was really theirs.",
            f"A street in {n} was named after them in {year}.",
        )
        return rng.choice(templates)

    return place if kind != "person" else person


WORDS = ("ford", "alder", "grey stone", "windy", "salt", "meadow", "crossing", "bell", "wolf")
ADJECTIVES = (
    "careful", "unorthodox", "meticulous", "bold", "quiet", "generous", "stubborn",
    "practical", "lyrical",
)  # fmt: skip

OPENPEDIA_LICENSES = (
    "CC BY-SA 4.0",
    "https://creativecommons.org/licenses/by-sa/4.0/",
    "Creative Commons Attribution-ShareAlike 4.0 International",
    "cc-by-sa-4.0",
)
OPENPEDIA_USERS = (
    "Meridel", "Quarto", "Sandpiper77", "Old_Harbour", "Velma.K", "Tiderunner", "Fennick",
    "ArchivistJo", "Lindqvist", "Pebblebrook", "Marten_Ø", "Kestrel-2",
)  # fmt: skip


def openpedia_record(rng: Random, number: int, lang: str) -> dict:
    if rng.randrange(3) == 0:
        kind = "person"
        title = f"{name_from(rng, SYLLABLES)} {name_from(rng, SYLLABLES)}"
        born = rng.randint(1700, 1940)
        lead = (
            f"{title} ({born}–{born + rng.randint(30, 90)}) was a "
            f"{rng.choice(NATIONALITIES)} {rng.choice(PROFESSIONS)} known for "
            f"{rng.choice(WORKS)}."
        )
        headings = ("Early life", "Career", "Legacy")
    else:
        kind = rng.choice(PLACE_KINDS)
        title = name_from(rng, SYLLABLES)
        lead = f"{title} is a {kind} in {rng.choice(REGIONS)}."
        headings = ("History", "Geography", "Economy", "Culture")
    target = doc_length(rng)
    body = fill(rng, encyclopedia_sentence(kind), max(target - len(lead) - len(title), 120))
    parts = [title, lead]
    for index, paragraph in enumerate(body):
        if index and index % 2 == 0:
            parts.append(f"== {headings[(index // 2) % len(headings)]} ==")
        parts.append(paragraph)
    host = "en.openpedia.example" if lang == "en" else "de.openpedia.example"
    roll = rng.randrange(40)
    if roll == 0:
        license_value = "https://creativecommons.org/licenses/by-sa/3.0/"
    else:
        license_value = OPENPEDIA_LICENSES[roll % len(OPENPEDIA_LICENSES)]
    page_id = 100000 + number * 7
    record: dict = {
        "id": f"{lang}/{page_id}",
        "text": "\n\n".join(parts),
        "source": "openpedia",
        "added": "2025-03-01T00:00:00Z",
        "created": iso_z(moment(dt.date(2012, 1, 1), dt.date(2024, 12, 31), rng)),
        "metadata": {
            "license": license_value,
            "url": f"https://{host}/wiki/{title.replace(' ', '_')}",
            "authors": sorted({rng.choice(OPENPEDIA_USERS) for _ in range(rng.randint(1, 4))}),
            "title": title,
            "revision_id": 9000000 + number * 13,
        },
    }
    if lang != "en" or rng.randrange(4) == 0:
        record["lang"] = lang
    if rng.randrange(5) == 0:
        record["quality_score"] = rng.randrange(40, 100) / 100
    return record


def make_openpedia() -> list[LinesFile]:
    rng = Random(101)
    files = [
        LinesFile("corpus/openpedia/00000_openpedia.jsonl.gz"),
        LinesFile("corpus/openpedia/00001_openpedia.jsonl.gz"),
    ]
    number = 0
    for index, file in enumerate(files):
        for _ in range(420):
            lang = "de" if rng.randrange(6) == 0 else "en"
            if index == 1:
                line = file.next_line
                if line == 25:
                    file.add_raw(
                        b'{"id": "en/555001", "source": "openpedia", '
                        b'"added": "2025-03-01T00:00:00Z", "created": "2021-06-01T10:00:00Z", '
                        b'"metadata": {"license": "CC BY-SA 4.0", '
                        b'"url": "https://en.openpedia.example/wiki/Textless"}}',
                        "missing-text: object without a `text` key",
                    )
                elif line == 60:
                    file.add_raw(
                        b'{"id": "en/555002", "text": "", "source": "openpedia", '
                        b'"added": "2025-03-01T00:00:00Z", "created": "2021-06-02T10:00:00Z", '
                        b'"metadata": {"license": "cc-by-sa-4.0", '
                        b'"url": "https://en.openpedia.example/wiki/Blank_page"}}',
                        "empty-text: `text` is the empty string",
                    )
                elif line == 95:
                    file.add_raw(
                        b'["en/555003", "An array, not an object", "openpedia", '
                        b'{"license": "CC BY-SA 4.0"}]',
                        "not-an-object: a JSON array instead of an object",
                    )
                elif line == 130:
                    whole = json_line(openpedia_record(Random(555004), 555004, "en"))
                    cut = 150
                    while whole[cut] & 0xC0 == 0x80:  # never cut inside a UTF-8 character
                        cut -= 1
                    file.add_raw(
                        whole[:cut],
                        f"invalid-json: truncated JSON line, the first {cut} bytes of a valid "
                        "record (id en/3985028), cut inside the `text` string",
                    )
            file.add(openpedia_record(rng, number, lang))
            number += 1
    return files


# --------------------------------------------------------------------------------------------
# 2. fedarchive: US federal government documents, public domain, plain JSONL, int/str ids
# --------------------------------------------------------------------------------------------

AGENCIES = (
    "Office of Coastal Resilience", "Bureau of Rural Broadband",
    "Federal Board of Weights and Measures", "Office of Inland Waterways",
    "National Commission on Seed Banks", "Bureau of Wildfire Logistics",
    "Office of Small Harbor Safety",
)  # fmt: skip
GOV_TOPICS = (
    "culvert replacement grants", "broadband mapping accuracy", "calibration of grain scales",
    "lock and dam maintenance", "seed viability testing", "aerial tanker scheduling",
    "small vessel inspection intervals", "flood gauge telemetry",
)  # fmt: skip
GOV_LICENSES = (
    "Public Domain",
    "NOT_IN_COPYRIGHT",
    "work of the US federal government",
    "Public domain in the USA",
)


def gov_sentence(rng: Random) -> str:
    year = rng.randint(1998, 2024)
    templates = (
        f"The {rng.choice(AGENCIES)} received {rng.randint(12, 480)} comments on "
        f"{rng.choice(GOV_TOPICS)} during the review period.",
        f"Section {rng.randint(1, 12)} of this report summarizes findings for fiscal year {year}.",
        f"Funding of ${rng.randint(1, 90)}.{rng.randint(1, 9)} million was obligated for "
        f"{rng.choice(GOV_TOPICS)}.",
        "Stakeholders requested clearer guidance on eligibility and reporting deadlines.",
        f"The working group met {rng.randint(2, 14)} times and consulted "
        f"{rng.randint(3, 40)} state agencies.",
        f"Recommendation {rng.randint(1, 9)}: publish quarterly data on "
        f"{rng.choice(GOV_TOPICS)} in a machine-readable format.",
        "No significant adverse effects on small entities are expected from this action.",
        f"Inspection records from {year} show a compliance rate of {rng.randint(61, 99)} percent.",
        "The agency will revisit these estimates after the next reporting cycle.",
        f"Comments should reference docket number {rng.choice('ABCDEFG')}-{year}-"
        f"{rng.randint(100, 999)}.",
    )
    return rng.choice(templates)


def fedarchive_record(rng: Random, number: int) -> dict:
    agency = rng.choice(AGENCIES)
    topic = rng.choice(GOV_TOPICS)
    created = day(dt.date(1998, 1, 1), dt.date(2024, 10, 31), rng)
    heading = f"{agency.upper()}\n\nReport on {topic}\n\n"
    body = fill(rng, gov_sentence, max(doc_length(rng) - len(heading), 150))
    text = heading + "\n\n".join(body)
    if rng.randrange(5) < 2:
        record_id: int | str = 880000 + number
    else:
        record_id = f"FA-{created.year}-{number:05d}"
    host = rng.choice(("www.fedarchive.gov", "reports.fedarchive.gov"))
    created_text = created.isoformat()
    if rng.randrange(6) == 0:
        created_text += "T00:00:00"
    record: dict = {
        "id": record_id,
        "text": text,
        "source": "fedarchive",
        "added": "2025-02-10T00:00:00Z",
        "created": created_text,
        "metadata": {
            "license": GOV_LICENSES[number % len(GOV_LICENSES)],
            "url": f"https://{host}/documents/{created.year}/{number:05d}",
            "authors": [agency],
            "agency": agency,
        },
    }
    if rng.randrange(3) == 0:
        record["meta_version"] = 2
    return record


def make_fedarchive() -> list[LinesFile]:
    rng = Random(202)
    first = LinesFile("corpus/fedarchive/00000_fedarchive.jsonl")
    second = LinesFile("corpus/fedarchive/00001_fedarchive.jsonl")
    number = 0
    while first.records < 255:
        line = first.next_line
        if line == 12:
            first.add_raw(
                b"export warning: 3 documents skipped (scanner timeout) -- not JSON",
                "invalid-json: a log line, not JSON",
            )
        elif line == 40:
            raw = (
                '{"id": 889001, "text": "Résumé of the Office of Coastal Resilience meeting: '
                "the café concession at the visitor centre was renewed for two years. "
                "Members reviewed culvert replacement grants and flood gauge telemetry, and "
                'agreed to publish the minutes.", "source": "fedarchive", '
                '"added": "2025-02-10T00:00:00Z", "created": "2019-05-14", '
                '"metadata": {"license": "Public Domain", '
                '"url": "https://www.fedarchive.gov/documents/2019/89001"}}'
            )
            first.add_raw(
                raw.encode("latin-1"),
                "invalid-utf8: Latin-1 bytes (0xE9 for é) inside an otherwise valid record",
            )
        elif line == 77:
            first.add_raw(
                b'{"text": "Memorandum on lock and dam maintenance. The inspection schedule '
                b"for the upper river locks is attached; crews will report weekly and the "
                b'office will publish the results.", "source": "fedarchive", '
                b'"added": "2025-02-10T00:00:00Z", "created": "2020-08-03", '
                b'"metadata": {"license": "NOT_IN_COPYRIGHT", '
                b'"url": "https://www.fedarchive.gov/documents/2020/89002"}}',
                "missing-id: object without an `id` key",
            )
        elif line == 103:
            first.add_raw(
                b'{"id": "FA-2017-89003", "text": 42, "source": "fedarchive", '
                b'"added": "2025-02-10T00:00:00Z", "created": "2017-01-20", '
                b'"metadata": {"license": "Public Domain", '
                b'"url": "https://www.fedarchive.gov/documents/2017/89003"}}',
                "text-not-string: `text` is the number 42",
            )
        elif line == 150:
            pretty = fedarchive_record(Random(889004), 9004)
            pretty["id"] = 889004
            first.add_raw(
                json.dumps(pretty, ensure_ascii=False, indent=2).encode("utf-8"),
                "VALID, not malformed: one JSON object pretty-printed over several lines "
                "(id 889004); must be read as ONE ok record starting at its first line",
            )
        elif line == 200:
            first.lines.append(b"")  # a blank line: not a record
            MALFORMED.append((first.relative, 200, 200, "blank line (not a record; skipped)"))
        first.add(fedarchive_record(rng, number))
        number += 1
    while second.records < 200:
        second.add(fedarchive_record(rng, number))
        number += 1
    return [first, second]


# --------------------------------------------------------------------------------------------
# 3. codeforge: source files with licence headers and SPDX tags, JSONL.zst
# --------------------------------------------------------------------------------------------

APACHE_HEADER = """Copyright {year} {holder}

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License."""

GPL_HEADER = """Copyright (C) {year} {holder}

This program is free software; you can redistribute it and/or modify
it under the terms of the GNU General Public License as published by
the Free Software Foundation; either version 2 of the License, or
(at your option) any later version.

This program is distributed in the hope that it will be useful,
but WITHOUT ANY WARRANTY; without even the implied warranty of
MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
GNU General Public License for more details.

You should have received a copy of the GNU General Public License
along with this program; if not, see <https://www.gnu.org/licenses/>."""

# repo, language, metadata licence (None: key missing), header style, copyright holder
REPOS: tuple[tuple[str, str, object, str, str], ...] = (
    ("tidewater/quickparse", "python", "MIT", "spdx:MIT", "Tidewater Contributors"),
    ("ferrous-labs/bytegrid", "rust", ["MIT", "Apache-2.0"], "spdx:Apache-2.0 OR MIT", ""),
    ("ferrous-labs/ringlog", "rust", "MIT, Apache-2.0", "spdx:Apache-2.0 OR MIT", ""),
    ("northwind-io/meshkit", "go", "Apache-2.0", "apache", "The Meshkit Authors"),
    ("acme-data/etl-helpers", "python", "Apache-2.0", "spdx:Apache-2.0", "Acme Data Ltd"),
    ("oldschool/termview", "c", "GPL-2.0-or-later", "gpl", "Termview Project"),
    ("oldschool/fontcache", "c", None, "gpl", "Fontcache Developers"),
    ("pixelcraft/tinyui", "javascript", "MIT", "spdx:MIT", "Pixelcraft"),
    ("bsdish/netstat-lite", "c", "BSD-3-Clause", "spdx:BSD-3-Clause", "Netstat-lite Authors"),
    ("mixedbag/legacy-port", "c", "MIT", "gpl", "Legacy Port Contributors"),
    ("scratchpad/shell-tools", "python", None, "none", ""),
    ("unknown-dev/snippets", "javascript", None, "none", ""),
    ("cookie-templates/pyproject-template", "python", "MIT", "spdx:MIT", "Cookie Templates"),
    ("quietlabs/signal-utils", "python", "MIT", "spdx:MIT", "Quietlabs"),
    ("harborline/geo-tiles", "go", "MIT, Apache-2.0", "none", ""),
)

VERBS = ("parse", "load", "merge", "split", "render", "encode", "decode", "resolve", "flush")
NOUNS = ("header", "tile", "buffer", "record", "token", "frame", "segment", "index", "glyph")
EXTENSIONS = {"python": ".py", "rust": ".rs", "go": ".go", "c": ".c", "javascript": ".js"}
COMMENT = {"python": "#", "rust": "//", "go": "//", "c": None, "javascript": "//"}


def comment_block(language: str, text: str) -> str:
    prefix = COMMENT[language]
    if prefix is None:
        return "/*\n" + "\n".join((" * " + line).rstrip() for line in text.split("\n")) + "\n */"
    return "\n".join((prefix + " " + line).rstrip() for line in text.split("\n"))


def code_unit(rng: Random, language: str) -> str:
    verb, noun, other = rng.choice(VERBS), rng.choice(NOUNS), rng.choice(NOUNS)
    n = rng.randint(2, 64)
    if language == "python":
        return (
            f"def {verb}_{noun}(items, limit={n}):\n"
            f'    """{verb.capitalize()} each {noun} and return at most `limit` {other}s."""\n'
            "    result = []\n"
            "    for item in items:\n"
            "        if item is None:\n"
            "            continue\n"
            f"        result.append(_{verb}_one(item))\n"
            "        if len(result) >= limit:\n"
            "            break\n"
            "    return result\n"
        )
    if language == "rust":
        return (
            f"/// {verb.capitalize()} a {noun} into a fresh {other} buffer.\n"
            f"pub fn {verb}_{noun}(input: &[u8]) -> Result<Vec<u8>, Error> {{\n"
            "    let mut out = Vec::with_capacity(input.len());\n"
            "    for b in input {\n"
            f"        out.push(b.wrapping_add({n}));\n"
            "    }\n"
            "    Ok(out)\n"
            "}\n"
        )
    if language == "go":
        return (
            f"// {verb.capitalize()}{noun.capitalize()} {verb}s a {noun} and reports its size.\n"
            f"func {verb.capitalize()}{noun.capitalize()}(in []byte) (int, error) {{\n"
            f"\tif len(in) > {n * 1024} {{\n"
            f'\t\treturn 0, fmt.Errorf("{noun} too large: %d", len(in))\n'
            "\t}\n"
            "\treturn len(in), nil\n"
            "}\n"
        )
    if language == "c":
        return (
            f"static int {verb}_{noun}(const char *buf, size_t len)\n"
            "{\n"
            "\tsize_t i;\n"
            "\tint sum = 0;\n\n"
            "\tfor (i = 0; i < len; i++)\n"
            f"\t\tsum += (unsigned char)buf[i] % {n};\n"
            "\treturn sum;\n"
            "}\n"
        )
    return (
        f"export function {verb}{noun.capitalize()}(items, limit = {n}) {{\n"
        f"  // {verb} every {noun}, skipping empty {other}s\n"
        "  return items.filter((item) => item != null).slice(0, limit)"
        f".map((item) => {verb}One(item));\n"
        "}\n"
    )


PREAMBLE = {
    "python": "import os\nimport sys\n\n",
    "rust": "use std::io::Error;\n\n",
    "go": 'package main\n\nimport "fmt"\n\n',
    "c": "#include <stddef.h>\n#include <stdio.h>\n\n",
    "javascript": "'use strict';\n\n",
}


def code_header(style: str, language: str, year: int, holder: str) -> str:
    if style == "none":
        return ""
    if style.startswith("spdx:"):
        expression = style.split(":", 1)[1]
        line = f"SPDX-License-Identifier: {expression}"
        if holder:
            return comment_block(language, f"{line}\nCopyright (c) {year} {holder}") + "\n\n"
        return comment_block(language, line) + "\n\n"
    template = APACHE_HEADER if style == "apache" else GPL_HEADER
    return comment_block(language, template.format(year=year, holder=holder)) + "\n\n"


def codeforge_record(rng: Random, number: int, repo_index: int, special: str = "") -> dict:
    repo, language, repo_license, style, holder = REPOS[repo_index]
    year = rng.randint(2009, 2024)
    if rng.randrange(7) == 0 and style != "none":
        style = "none"  # a file without a header in a licensed repository
    stem = f"{rng.choice(VERBS)}_{rng.choice(NOUNS)}"
    path = f"src/{stem}_{number}{EXTENSIONS[language]}"
    header = code_header(style, language, year, holder)
    if special == "gpl-mention":
        header = (
            "# Signal filters with no third-party dependencies.\n"
            "# Note: we avoid GPL code here so that downstream users can vendor this module\n"
            "# without changing their own licence.\n\n"
        )
        path = "src/signal_utils/filters.py"
    elif special == "template":
        header = (
            "# SPDX-License-Identifier: {{ license }}\n"
            "# Copyright (c) {{ year }} {{ author_name }}\n"
            '"""{{ project_name }}: generated by the pyproject template."""\n\n'
        )
        path = "{{cookiecutter.project_slug}}/src/{{cookiecutter.package}}/__init__.py"
    units = [PREAMBLE[language]]
    size = len(header) + len(units[0])
    target = doc_length(rng)
    while size < target:
        units.append(code_unit(rng, language))
        size += len(units[-1]) + 1
    text = header + "\n".join(units)
    metadata: dict = {
        "repo": repo,
        "path": path,
        "language": language,
        "url": f"https://git.codeforge.example/{repo}/blob/main/{path}",
    }
    if repo_license is not None:
        metadata["license"] = repo_license
    metadata["stars"] = rng.randint(0, 4000)
    committed = moment(dt.date(year, 1, 1), dt.date(year, 12, 28), rng)
    return {
        "id": f"{repo}/{path}",
        "text": text,
        "source": "codeforge",
        "added": "2025-01-20T00:00:00Z",
        "created": iso_z(committed),
        "metadata": metadata,
    }


def make_codeforge() -> list[LinesFile]:
    rng = Random(303)
    files = [
        LinesFile("corpus/codeforge/00000_codeforge.jsonl.zst"),
        LinesFile("corpus/codeforge/00001_codeforge.jsonl.zst"),
    ]
    number = 0
    for index, file in enumerate(files):
        for position in range(200):
            special = ""
            if index == 0 and position == 57:
                special, repo_index = "gpl-mention", 13
            elif index == 1 and position == 33:
                special, repo_index = "template", 12
            else:
                repo_index = rng.randrange(len(REPOS))
            file.add(codeforge_record(rng, number, repo_index, special))
            number += 1
    return files


# --------------------------------------------------------------------------------------------
# 4. webcrawl-2024: HTML pages with licence signals, Parquet with `metadata` as a struct
# --------------------------------------------------------------------------------------------

TOPICS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "garden": (
        ("tomato seedlings", "raised beds", "compost heap", "runner beans", "lavender hedge",
         "rain barrel", "leek trench"),
        ("mulch", "prune", "water", "transplant", "divide", "sow"),
    ),
    "recipes": (
        ("lentil soup", "sourdough starter", "roast squash", "lemon tart", "spiced chickpeas",
         "barley risotto"),
        ("simmer", "knead", "roast", "whisk", "fold", "season"),
    ),
    "makers": (
        ("soldering iron", "laser cutter", "3D printer", "oak shelf", "LED strip", "band saw"),
        ("calibrate", "sand", "glue", "wire", "measure", "drill"),
    ),
    "news": (
        ("harbour authority", "ferry timetable", "council budget", "coastal path",
         "fish market", "lifeboat crew"),
        ("approve", "delay", "extend", "inspect", "fund", "close"),
    ),
    "photo": (
        ("wide-angle lens", "tripod", "long exposure", "street portrait", "film camera",
         "light meter"),
        ("frame", "expose", "meter", "focus", "develop", "crop"),
    ),
    "travel": (
        ("coastal drive", "campsite", "river crossing", "national park", "cattle station",
         "gorge walk"),
        ("drive", "hike", "camp", "explore", "book", "pack"),
    ),
    "course": (
        ("linear regression", "problem set", "eigenvalue", "sampling bias", "midterm exam",
         "lecture recording"),
        ("derive", "compute", "review", "prove", "estimate", "submit"),
    ),
    "shop": (
        ("rain jacket", "hiking boots", "trail pack", "merino layer", "tent footprint",
         "headlamp"),
        ("order", "return", "fit", "wear", "reproof", "compare"),
    ),
    "city": (
        ("bus lane", "library", "recycling scheme", "park bench", "street lighting",
         "parking permit"),
        ("approve", "repair", "extend", "review", "move", "consult"),
    ),
    "arts": (
        ("exhibition", "sculpture garden", "string quartet", "open studio", "poetry night",
         "mural"),
        ("visit", "review", "curate", "restore", "commission", "rehearse"),
    ),
}  # fmt: skip


def blog_sentence(topic: str):
    things, actions = TOPICS[topic]

    def sentence(rng: Random) -> str:
        thing, other, action = rng.choice(things), rng.choice(things), rng.choice(actions)
        n = rng.randint(2, 45)
        templates = (
            f"Last {rng.choice(('spring', 'summer', 'autumn', 'winter'))} we decided to "
            f"{action} the {thing} before the weather turned.",
            f"If you {action} the {thing} too early, the {other} tends to suffer.",
            f"Readers often ask whether it is worth it to {action} the {thing}; the short "
            "answer is yes, with care.",
            f"The {rng.choice(ADJECTIVES)} {thing} turned out to be the highlight of the week.",
            f"A neighbour suggested we {action} the {other} first, and that saved us hours.",
            f"We spent {n} minutes trying to {action} the {thing} and learned a lot.",
            f"Nothing beats a {thing} on a {rng.choice(('wet', 'bright', 'windy'))} afternoon.",
            f"Here is the method we settled on after {n} attempts.",
            f"Remember to {action} the {thing} again after {n} days.",
            f"Costs came to about {n * 3} pounds, less than we feared.",
        )
        return rng.choice(templates)

    return sentence


# host, topic, licence signal, URL shapes (scheme://host[:port]), query strings
WEB_SITES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("gardenjournal.co.uk", "garden", "a-rel",
     ("https://www.gardenjournal.co.uk", "http://www.gardenjournal.co.uk",
      "https://blog.gardenjournal.co.uk")),
    ("recipe-box.example", "recipes", "meta",
     ("HTTP://WWW.Recipe-Box.example:8080", "https://www.recipe-box.example",
      "https://recipe-box.example")),
    ("makers-notes.example", "makers", "json-ld",
     ("https://makers-notes.example", "https://www.makers-notes.example")),
    ("harbourtimes.example", "news", "footer-nc",
     ("https://news.harbourtimes.example", "https://news.harbourtimes.example:443")),
    ("lensclub.example", "photo", "image-only",
     ("https://lensclub.example", "http://photos.lensclub.example")),
    ("outbacktravel.com.au", "travel", "except-images",
     ("https://www.outbacktravel.com.au", "https://WWW.OUTBACKTRAVEL.COM.AU")),
    ("kitamura-u.ac.jp", "course", "a-rel-nc-sa-deed",
     ("https://opencourse.kitamura-u.ac.jp",)),
    ("trailgear.example", "shop", "none", ("https://shop.trailgear.example",)),
    ("citynotes.example", "city", "none", ("http://www.citynotes.example",
                                           "https://citynotes.example")),
    ("artsdaily.example", "arts", "conflict", ("https://www.artsdaily.example",)),
)  # fmt: skip


def web_page(rng: Random, site: tuple, number: int) -> tuple[str, str, str, str | None]:
    """(html, url, title, created) of one page."""
    domain, topic, signal, bases = site
    things, _ = TOPICS[topic]
    title = f"{rng.choice(things).capitalize()}: notes from week {rng.randint(1, 52)}"
    base = rng.choice(bases)
    slug = title.lower().split(":")[0].replace(" ", "-")
    url = f"{base}/{rng.choice(('posts', 'articles', 'p', '2024'))}/{slug}-{number}"
    roll = rng.randrange(4)
    if roll == 0:
        url += f"?utm_source=feed&ref={rng.randint(1, 99)}"
    elif roll == 1 and signal == "meta":
        url += "?print=1"
    published = day(dt.date(2016, 1, 1), dt.date(2024, 8, 31), rng)
    head = [
        '<meta charset="utf-8">',
        f"<title>{title}</title>",
    ]
    footer = f"<p>© {published.year} {domain}. "
    figure = ""
    discussion = ""
    if signal == "a-rel":
        footer += (
            'Text and images: <a rel="license" href="https://creativecommons.org/licenses/'
            'by/4.0/">Creative Commons Attribution 4.0</a>.</p>'
        )
    elif signal == "meta":
        head.append(
            '<meta name="license" content="https://creativecommons.org/licenses/by-sa/4.0/">'
        )
        footer += "Recipes may be shared under the licence stated in this page's metadata.</p>"
    elif signal == "json-ld":
        ld = {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": title,
            "datePublished": published.isoformat(),
            "license": "https://creativecommons.org/licenses/by/4.0/",
        }
        head.append(f'<script type="application/ld+json">{json.dumps(ld)}</script>')
        footer += "Made in a small workshop.</p>"
        if number % 9 == 0:
            discussion = (
                "<p>Which licence should you pick for your own build notes? Compare "
                '<a href="https://creativecommons.org/licenses/by-sa/4.0/">CC BY-SA</a> and '
                '<a href="https://creativecommons.org/licenses/by-nc/4.0/">CC BY-NC</a> '
                "before you publish.</p>"
            )
    elif signal == "footer-nc":
        footer += "This article is licensed under CC BY-NC 4.0.</p>"
    elif signal == "image-only":
        figure = (
            '<figure><img src="/img/cover.jpg" alt="cover photo"><figcaption>Photo by '
            f"{name_from(rng, SYLLABLES)} {name_from(rng, SYLLABLES)}, "
            '<a href="https://creativecommons.org/licenses/by/2.0/">CC BY 2.0</a>'
            "</figcaption></figure>"
        )
        footer += "All rights reserved.</p>"
    elif signal == "except-images":
        footer += (
            "Text is available under the Creative Commons Attribution-ShareAlike 4.0 licence "
            '(<a href="https://creativecommons.org/licenses/by-sa/4.0/">CC BY-SA 4.0</a>), '
            "except images, which remain the property of their photographers.</p>"
        )
    elif signal == "a-rel-nc-sa-deed":
        footer += (
            '<a rel="license" href="https://creativecommons.org/licenses/by-nc-sa/4.0/'
            'deed.ja">クリエイティブ・コモンズ 表示 - 非営利 - 継承 4.0 国際</a></p>'
        )
    elif signal == "conflict":
        head.append('<meta name="license" content="CC BY 4.0">')
        footer += "Reviews on this site are licensed under CC BY-ND 4.0.</p>"
    else:
        footer += "All rights reserved.</p>"
    paragraphs = fill(rng, blog_sentence(topic), max(doc_length(rng) - 600, 150))
    body = [f"<h1>{title}</h1>", f'<time datetime="{published.isoformat()}">{published}</time>']
    if figure:
        body.append(figure)
    for index, paragraph in enumerate(paragraphs):
        if index and index % 3 == 0:
            body.append(f"<h2>{rng.choice(things).capitalize()}</h2>")
        body.append(f"<p>{paragraph}</p>")
    if discussion:
        body.append(discussion)
    html = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n'
        + "\n".join(head)
        + "\n</head>\n<body>\n<article>\n"
        + "\n".join(body)
        + f"\n</article>\n<footer>{footer}</footer>\n</body>\n</html>\n"
    )
    created = published.isoformat() if rng.randrange(3) else None
    return html, url, title, created


def make_webcrawl() -> list[tuple[str, int]]:
    rng = Random(404)
    written = []
    for index in range(2):
        rows: list[dict] = []
        for position in range(230):
            number = index * 230 + position
            site = WEB_SITES[rng.randrange(len(WEB_SITES))]
            html, url, title, created = web_page(rng, site, number)
            fetched = moment(dt.date(2024, 9, 1), dt.date(2024, 10, 31), rng)
            metadata: dict = {"url": url}
            if index == 0:
                metadata["license"] = None
            metadata.update({"title": title, "fetched_at": iso_z(fetched), "http_status": 200})
            rows.append(
                {
                    "id": f"wc24-{number:06d}",
                    "text": html,
                    "source": "webcrawl-2024",
                    "added": iso_z(fetched),
                    "created": created,
                    "metadata": metadata,
                    "lang": "ja" if site[1] == "course" else "en",
                }
            )
        fields = [pa.field("url", pa.string())]
        if index == 0:
            fields.append(pa.field("license", pa.string()))
        fields += [
            pa.field("title", pa.string()),
            pa.field("fetched_at", pa.string()),
            pa.field("http_status", pa.int32()),
        ]
        schema = pa.schema(
            [
                pa.field("id", pa.string()),
                pa.field("text", pa.string()),
                pa.field("source", pa.string()),
                pa.field("added", pa.string()),
                pa.field("created", pa.string()),
                pa.field("metadata", pa.struct(fields)),
                pa.field("lang", pa.string()),
            ]
        )
        relative = f"corpus/webcrawl-2024/{index:05d}_webcrawl-2024.parquet"
        write_parquet(relative, pa.Table.from_pylist(rows, schema=schema))
        written.append((relative, len(rows)))
    return written


# --------------------------------------------------------------------------------------------
# 5. sciarchive: abstracts, per-document licences, Parquet with `metadata` as JSON text
# --------------------------------------------------------------------------------------------

PROBLEMS = (
    "sparse graph partitioning", "protein contact prediction", "tidal energy forecasting",
    "low-resource speech recognition", "glacier surface mapping", "soil carbon estimation",
    "traffic signal control", "rare event simulation",
)  # fmt: skip
METHODS = (
    "spectral embeddings", "gradient boosting", "message passing networks",
    "Bayesian hierarchical models", "contrastive pretraining", "particle filters",
)  # fmt: skip
SCI_LICENSES = (
    "CC-BY-4.0",
    "CC BY-NC-SA 4.0",
    "http://arxiv.org/licenses/nonexclusive-distrib/1.0/",
    "CC0 1.0",
    None,
)
FIRST_NAMES = ("Ana", "Kenji", "Oluwaseun", "Marta", "Pieter", "Yusra", "Tomasz", "Lea", "Ravi")
LAST_NAMES = ("Ferreira", "Okabe", "Adeyemi", "Lindgren", "de Wit", "Haddad", "Zielinski", "Roux")


def abstract_sentence(rng: Random) -> str:
    problem, method = rng.choice(PROBLEMS), rng.choice(METHODS)
    templates = (
        f"We study {problem} when labelled data are scarce.",
        f"Existing approaches rely on {method}, which scale poorly to large inputs.",
        f"We propose a {rng.choice(ADJECTIVES)} variant of {method} with provable bounds.",
        f"Experiments on {rng.randint(3, 12)} benchmarks show gains of "
        f"{rng.randint(2, 19)}.{rng.randint(0, 9)} percent over strong baselines.",
        f"Our analysis explains why {method} fail on {problem} with heavy-tailed noise.",
        "Code and data are available from the authors on request.",
        f"We further show that the method transfers to {rng.choice(PROBLEMS)}.",
        f"A field study with {rng.randint(20, 900)} sites confirms the simulation results.",
    )
    return rng.choice(templates)


def make_sciarchive() -> list[tuple[str, int]]:
    rng = Random(505)
    written = []
    number = 0
    for index in range(2):
        ids: list = []
        texts, created, metadata = [], [], []
        for _ in range(200):
            title = f"{rng.choice(METHODS).capitalize()} for {rng.choice(PROBLEMS)}"
            target = min(doc_length(rng), 2400)
            text = title + "\n\n" + " ".join(fill(rng, abstract_sentence, target, (20, 30)))
            date = day(dt.date(2015, 1, 1), dt.date(2024, 12, 31), rng)
            key = f"{date.year % 100:02d}{date.month:02d}.{number:05d}"
            ids.append(f"sa-{key}" if index == 0 else int(key.replace(".", "")))
            meta: dict = {}
            license_value = SCI_LICENSES[rng.randrange(len(SCI_LICENSES))]
            if license_value is not None:
                meta["license"] = license_value
            meta["url"] = f"https://abstracts.sciarchive.org/abs/{key}"
            meta["authors"] = [
                f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
                for _ in range(rng.randint(1, 5))
            ]
            meta["doi"] = f"10.5555/sciarchive.{key}"
            texts.append(text)
            created.append(date.isoformat())
            metadata.append(json.dumps(meta, ensure_ascii=False))
            number += 1
        table = pa.table(
            {
                "id": pa.array(ids, type=pa.string() if index == 0 else pa.int64()),
                "text": pa.array(texts, type=pa.string()),
                "source": pa.array(["sciarchive"] * len(ids), type=pa.string()),
                "added": pa.array(["2025-02-01T00:00:00Z"] * len(ids), type=pa.string()),
                "created": pa.array(created, type=pa.string()),
                "metadata": pa.array(metadata, type=pa.string()),
            }
        )
        relative = f"corpus/sciarchive/{index:05d}_sciarchive.parquet"
        write_parquet(relative, table)
        written.append((relative, len(ids)))
    return written


# --------------------------------------------------------------------------------------------
# 6. tinkerers: a forum whose licence changed over time; messy `created`; JSONL.gz
# --------------------------------------------------------------------------------------------

TASKS = (
    "debounce a push button", "stop a glued joint from creeping", "power a servo from USB",
    "flatten a warped cutting board", "read a thermistor with a microcontroller",
    "sharpen a card scraper", "drive a stepper motor quietly", "seal a walnut tabletop",
)  # fmt: skip
FORUM_USERS = (
    "solder_sam", "woodchuck42", "ohm_my", "planeshavings", "ledhead", "quietbench",
    "rasp_and_file", "ampere_anna", "dovetail_dan",
)  # fmt: skip


def forum_sentence(rng: Random) -> str:
    templates = (
        f"I tried to {rng.choice(TASKS)} but it only worked about half the time.",
        "Has anyone else seen this with the cheaper parts?",
        f"Edit: as {rng.choice(FORUM_USERS)} suggested, I checked the grounding first.",
        f"A {rng.randint(10, 470)} ohm resistor in series fixed it for me.",
        "Let the finish cure for a full day before you sand between coats.",
        "Measure twice; the datasheet value is only a typical figure.",
        f"I have been doing this for {rng.randint(2, 30)} years and still get it wrong.",
        "Thanks, that was exactly the missing step.",
    )
    return rng.choice(templates)


OFFSETS = ("+01:00", "-05:00", "+05:30", "+09:00", "-03:00", "+02:00")

# Posts near the licence change dates, written verbatim (id, created).
FORUM_BOUNDARY = (
    ("t-boundary-1", "2011-04-07"),
    ("t-boundary-2", "2011-04-08"),
    ("t-boundary-3", "2011-04-08T23:30:00-05:00"),
    ("t-boundary-4", "2018-05-01T23:59:59Z"),
    ("t-boundary-5", "2018-05-02"),
    ("t-boundary-6", "2018-05-02T00:30:00+02:00"),
)


def forum_created(rng: Random) -> str | None:
    when = moment(dt.date(2009, 6, 1), dt.date(2024, 10, 31), rng)
    roll = rng.randrange(100)
    if roll < 45:
        return iso_z(when)
    if roll < 65:
        return when.strftime("%Y-%m-%dT%H:%M:%S") + rng.choice(OFFSETS)
    if roll < 80:
        return when.date().isoformat()
    if roll < 88:
        return f"{MONTHS[when.month - 1]} {when.day}, {when.year}"
    if roll < 92:
        return ""
    if roll < 97:
        return None
    return "9999-01-01"


def tinkerers_record(rng: Random, number: int, record_id: str, created: str | None) -> dict:
    task = rng.choice(TASKS)
    question = f"How do I {task}?"
    paragraphs = fill(rng, forum_sentence, max(doc_length(rng) - len(question), 150))
    return {
        "id": record_id,
        "text": question + "\n\n" + "\n\n".join(paragraphs),
        "source": "tinkerers",
        "added": "2024-12-01T00:00:00Z",
        "created": created,
        "metadata": {
            "url": f"https://tinkerers.example/questions/{number}",
            "authors": [rng.choice(FORUM_USERS)],
            "score": rng.randint(-3, 250),
            "tags": sorted({rng.choice(("electronics", "wood", "finishing", "motors"))}),
        },
    }


def make_tinkerers() -> list[LinesFile]:
    rng = Random(606)
    files = [
        LinesFile("corpus/tinkerers/00000_tinkerers.jsonl.gz"),
        LinesFile("corpus/tinkerers/00001_tinkerers.jsonl.gz"),
    ]
    number = 0
    for index, file in enumerate(files):
        for position in range(300):
            if index == 0 and position < len(FORUM_BOUNDARY):
                record_id, created = FORUM_BOUNDARY[position]
                file.add(tinkerers_record(rng, number, record_id, created))
            else:
                created = forum_created(rng)
                file.add(tinkerers_record(rng, number, str(1000 + number), created))
            number += 1
    return files


# --------------------------------------------------------------------------------------------
# 7. blogroll: personal blogs, no licence information at all (unregistered source), JSONL
# --------------------------------------------------------------------------------------------

BLOG_HOSTS = (
    "https://www.quietcorner.example",
    "http://notes.riverbend-diary.example",
    "https://annas-kitchen-notebook.example",
    "https://walks.hillsidejournal.example",
    "https://www.smallpress-reader.example",
)


def make_blogroll() -> list[LinesFile]:
    rng = Random(707)
    file = LinesFile("corpus/blogroll/00000_blogroll.jsonl")
    topics = ("garden", "recipes", "travel", "arts", "photo")
    for number in range(150):
        topic = topics[number % len(topics)]
        paragraphs = fill(rng, blog_sentence(topic), doc_length(rng))
        posted = day(dt.date(2014, 1, 1), dt.date(2024, 7, 31), rng)
        host = rng.choice(BLOG_HOSTS)
        file.add(
            {
                "id": f"br-{number:05d}",
                "text": "\n\n".join(paragraphs),
                "source": "blogroll",
                "added": "2024-08-15T00:00:00Z",
                "created": posted.isoformat(),
                "metadata": {"url": f"{host}/{posted.year}/{posted.month:02d}/post-{number}"},
            }
        )
    return [file]


# --------------------------------------------------------------------------------------------
# 8. shopwise-reviews: personal data (names, cities), EU and non-EU, Hugging Face save_to_disk
# --------------------------------------------------------------------------------------------

PEOPLE = {
    "DE": (("Lukas", "Mia", "Jonas", "Greta"), ("Becker", "Hoffmann", "Krüger"),
           ("Berlin", "Leipzig", "Freiburg")),
    "FR": (("Camille", "Hugo", "Léa", "Mathis"), ("Dubois", "Lefèvre", "Girard"),
           ("Lyon", "Nantes", "Lille")),
    "IT": (("Giulia", "Marco", "Chiara", "Luca"), ("Russo", "Esposito", "Conti"),
           ("Torino", "Bologna", "Bari")),
    "PL": (("Katarzyna", "Piotr", "Zofia", "Łukasz"), ("Nowak", "Wiśniewska", "Kowalczyk"),
           ("Kraków", "Gdańsk", "Poznań")),
    "GB": (("Oliver", "Amelia", "Harry"), ("Hughes", "Patel", "Walsh"),
           ("Leeds", "Bristol", "Glasgow")),
    "US": (("Emily", "Jacob", "Madison", "Tyler"), ("Carter", "Nguyen", "Brooks"),
           ("Denver", "Tucson", "Columbus")),
    "BR": (("João", "Ana", "Rafael", "Beatriz"), ("Pereira", "Souza", "Almeida"),
           ("Recife", "Curitiba", "Belém")),
    "IN": (("Priya", "Arjun", "Kavya", "Rohan"), ("Raman", "Iyer", "Mehta"),
           ("Pune", "Kochi", "Jaipur")),
    "RU": (("Dmitri", "Olga", "Ivan", "Yelena"), ("Sokolov", "Morozova", "Volkov"),
           ("Kazan", "Samara", "Tomsk")),
    "CN": (("Wei", "Fang", "Jun", "Xiu"), ("Li", "Zhang", "Chen"),
           ("Chengdu", "Hangzhou", "Wuhan")),
}  # fmt: skip
COUNTRIES = ("DE", "FR", "IT", "PL", "GB", "US", "BR", "IN", "RU", "CN")
PRODUCTS = (
    "electric kettle", "standing desk lamp", "trail running shoes", "rice cooker",
    "noise-cancelling headphones", "cast iron pan", "folding bike lock", "wool blanket",
)  # fmt: skip


def review_sentence(rng: Random) -> str:
    product = rng.choice(PRODUCTS)
    templates = (
        f"The {product} arrived {rng.randint(1, 9)} days after I ordered it.",
        "Packaging was minimal and nothing was damaged.",
        f"After {rng.randint(2, 14)} weeks of daily use it still works as described.",
        "Customer service answered my question the same afternoon.",
        f"I would buy the {product} again, though the price went up since.",
        "The instructions were only in English, which was a small problem for my parents.",
        f"It is louder than my old {rng.choice(PRODUCTS)}, but much faster.",
    )
    return rng.choice(templates)


def make_shopwise() -> tuple[str, int]:
    import datasets  # imported late: slow import

    datasets.disable_progress_bars()

    rng = Random(808)
    records = []
    for number in range(360):
        country = COUNTRIES[rng.randrange(len(COUNTRIES))]
        firsts, lasts, cities = PEOPLE[country]
        first, last, city = rng.choice(firsts), rng.choice(lasts), rng.choice(cities)
        product = rng.choice(PRODUCTS)
        intro = f"Review of the {product} by {first} {last} from {city}."
        paragraphs = fill(rng, review_sentence, min(doc_length(rng), 2500), (2, 4))
        if rng.randrange(6) == 0:
            email = f"{first.lower()}.{last.lower()}@mail.example"
            paragraphs.append(f"Questions? Write to me at {email}.")
        written = moment(dt.date(2021, 1, 1), dt.date(2024, 11, 30), rng)
        records.append(
            {
                "id": f"rv-{number:05d}",
                "text": intro + "\n\n" + "\n\n".join(paragraphs),
                "source": "shopwise-reviews",
                "added": "2025-01-05T00:00:00Z",
                "created": iso_z(written),
                "metadata": {
                    "url": f"https://www.shopwise.example/reviews/{number}",
                    "country": country,
                    "city": city,
                    "reviewer": f"{first} {last}",
                    "rating": rng.randint(1, 5),
                    "product": product,
                },
            }
        )
    dataset = datasets.Dataset.from_list(records)
    dataset._fingerprint = "5a0f1e5b9c3d2e71"  # fixed: save_to_disk records it in state.json
    target = CORPUS / "shopwise-reviews"
    dataset.save_to_disk(str(target))
    return "corpus/shopwise-reviews/ (Hugging Face save_to_disk)", len(records)


# --------------------------------------------------------------------------------------------
# 9. synthqa: synthetic question-answer pairs (in-house model), JSONL.gz
# --------------------------------------------------------------------------------------------

QA_SUBJECTS = (
    ("why bread dough needs to rest", "the gluten network relaxes and gas spreads evenly"),
    ("how a lock on a canal raises a boat", "the chamber fills from the upper level"),
    ("what a pull-up resistor does", "it holds an input at a known level when idle"),
    ("why north-facing gardens stay damp", "they receive less direct sun in the cool months"),
    ("how a tide table is computed", "it sums harmonic constituents fitted to records"),
)


def qa_sentence(rng: Random) -> str:
    _, answer = rng.choice(QA_SUBJECTS)
    templates = (
        f"In short, {answer}.",
        "A simple experiment at home shows the effect clearly.",
        f"The effect is stronger when the temperature is above {rng.randint(15, 30)} degrees.",
        "Common mistakes include rushing the process and skipping the measurements.",
        "This answer is a summary; local conditions may differ.",
    )
    return rng.choice(templates)


def make_synthqa() -> list[LinesFile]:
    rng = Random(909)
    file = LinesFile("corpus/synthqa/00000_synthqa.jsonl.gz")
    for number in range(160):
        question, _ = QA_SUBJECTS[number % len(QA_SUBJECTS)]
        answer = fill(rng, qa_sentence, min(doc_length(rng), 1800), (3, 5))
        generated = moment(dt.date(2025, 2, 1), dt.date(2025, 2, 28), rng)
        file.add(
            {
                "id": f"sq-{number:05d}",
                "text": f"Question: Can you explain {question}?\n\nAnswer: " + "\n\n".join(answer),
                "source": "synthqa",
                "added": "2025-03-10T00:00:00Z",
                "created": iso_z(generated),
                "metadata": {
                    "generator": "inhouse-lm-7b-instruct",
                    "prompt_template": "qa-explain-v3",
                    "temperature": 0.7,
                },
                "quality_score": rng.randrange(50, 100) / 100,
                "meta_version": 1,
            }
        )
    return [file]


# --------------------------------------------------------------------------------------------
# Registry and opt-out table
# --------------------------------------------------------------------------------------------

SOURCES_YAML = """\
# Source registry of the sample corpus in samples/corpus; written by samples/generate.py.
# Checked against schemas/sources.schema.json. Dates are unquoted; "yes"/"no"/"unknown" are quoted.
#
# Deliberate cases:
# - The corpus source "blogroll" is NOT registered (unregistered source).
# - "newswire-licensed" and "classic-books" have no documents in the sample corpus.
# - news.harbourtimes.example matches both "webcrawl-2024" (*.harbourtimes.example) and
#   "harbourtimes-archive" (exact host); the most specific pattern wins.
# - tinkerers: the licence changed over time (three dated terms).
version: 1
sources:
  - id: openpedia
    name: Openpedia (English and German editions)
    homepage: https://en.openpedia.example
    description: Encyclopedia articles; text under CC BY-SA, contributors listed per article.
    match:
      source: [openpedia]
      domains: ["*.openpedia.example"]
    category: public-dataset
    licenses:
      - license: CC-BY-SA-4.0
        evidence:
          url: https://en.openpedia.example/wiki/Openpedia:Copyrights
          note: Text is CC BY-SA 4.0 since 2023; older revisions were published under 3.0.
          reviewed_by: R. Okafor
          reviewed_at: 2025-02-14
    residency:
      collected_in: US
      subject_regions: [WORLD]
      personal_data: "no"
      stored_in: DE
    attribution: "Openpedia contributors, https://en.openpedia.example, CC BY-SA 4.0."

  - id: fedarchive
    name: Federal Reports Archive
    homepage: https://www.fedarchive.gov
    description: Reports and memoranda of US federal agencies.
    match:
      source: [fedarchive]
      domains: ["*.fedarchive.gov"]
    category: public-dataset
    licenses:
      - license: LicenseRef-Public-Domain-US
        evidence:
          url: https://www.fedarchive.gov/about/copyright
          note: Works of the US federal government (17 U.S.C. 105); public domain in the USA.
          reviewed_by: R. Okafor
          reviewed_at: 2025-02-14
    residency:
      collected_in: US
      subject_regions: [US]
      personal_data: "no"
      stored_in: DE

  - id: codeforge
    name: Codeforge public repositories
    homepage: https://git.codeforge.example
    description: Source files of public repositories; licences differ per repository and file.
    match:
      source: [codeforge, "codeforge-*"]
    category: public-dataset
    residency:
      collected_in: US
      subject_regions: [WORLD]
      personal_data: "unknown"
      stored_in: DE

  - id: webcrawl-2024
    name: Web crawl, autumn 2024
    description: HTML pages of selected sites; no source-wide licence, each page says its own.
    match:
      domains:
        - "*.gardenjournal.co.uk"
        - "*.recipe-box.example"
        - makers-notes.example
        - www.makers-notes.example
        - "*.harbourtimes.example"
        - "*.lensclub.example"
        - "*.outbacktravel.com.au"
        - opencourse.kitamura-u.ac.jp
        - shop.trailgear.example
        - "*.citynotes.example"
        - "*.artsdaily.example"
    category: crawled
    residency:
      collected_in: DE
      subject_regions: [unknown]
      personal_data: "unknown"
      stored_in: DE
    crawl:
      crawler: "ProvenanceBot/0.3 (+https://bot.provenance.invalid)"
      start: 2024-09-01
      end: 2024-10-31

  - id: harbourtimes-archive
    name: Harbour Times news archive (licensed)
    homepage: https://news.harbourtimes.example
    description: News articles licensed from the publisher for training, beyond the CC notice.
    match:
      domains: [news.harbourtimes.example]
    category: licensed-private
    licenses:
      - license: LicenseRef-HarbourTimes-Archive-Agreement-2024
        evidence:
          url: https://contracts.provenance.invalid/harbourtimes/2024-07-archive.pdf
          note: Training licence signed 2024-07-15, worldwide, no redistribution of text.
          reviewed_by: Legal (M. Brandt)
          reviewed_at: 2024-07-20
    residency:
      collected_in: GB
      subject_regions: [GB, EU]
      personal_data: "yes"
      stored_in: DE
    crawl:
      crawler: "ProvenanceBot/0.3 (+https://bot.provenance.invalid)"
      start: 2024-09-01
      end: 2024-10-31
    attribution: Articles courtesy of the Harbour Times.

  - id: sciarchive
    name: SciArchive preprint abstracts
    homepage: https://abstracts.sciarchive.org
    description: Titles and abstracts; authors choose a licence per submission.
    match:
      source: [sciarchive]
      domains: ["*.sciarchive.org"]
    category: public-dataset
    licenses:
      - license: LicenseRef-arXiv-nonexclusive-distrib-1.0
        evidence:
          url: https://abstracts.sciarchive.org/help/license
          note: Submissions without a chosen licence get the archive's non-exclusive licence.
          reviewed_by: R. Okafor
          reviewed_at: 2025-02-14
    residency:
      collected_in: US
      subject_regions: [WORLD]
      personal_data: "no"
      stored_in: DE

  - id: tinkerers
    name: Tinkerers' Exchange Q&A forum
    homepage: https://tinkerers.example
    description: Questions and answers on electronics and woodworking; dump of public posts.
    match:
      source: [tinkerers]
      domains: ["*.tinkerers.example"]
    category: public-dataset
    licenses:
      - license: CC-BY-SA-2.5
        until: 2011-04-08
        evidence:
          url: https://tinkerers.example/legal/content-policy/2009
          note: Posts contributed before 2011-04-08.
      - license: CC-BY-SA-3.0
        from: 2011-04-08
        until: 2018-05-02
        evidence:
          url: https://tinkerers.example/legal/content-policy/2011
          note: Posts contributed from 2011-04-08 to 2018-05-01.
      - license: CC-BY-SA-4.0
        from: 2018-05-02
        evidence:
          url: https://tinkerers.example/legal/content-policy
          reviewed_by: J. Doe
          reviewed_at: 2024-11-20
    residency:
      collected_in: US
      subject_regions: [WORLD]
      personal_data: "yes"
      stored_in: DE
    attribution: "Posts by Tinkerers' Exchange users, https://tinkerers.example, CC BY-SA."

  - id: shopwise-reviews
    name: Shopwise customer reviews
    homepage: https://www.shopwise.example
    description: Product reviews written by customers of our shop; names and cities included.
    match:
      source: [shopwise-reviews]
      domains: ["*.shopwise.example"]
    category: user-data
    licenses:
      - license: LicenseRef-Shopwise-Review-Terms-2021
        evidence:
          url: https://www.shopwise.example/legal/review-terms
          note: Customers grant a licence to use reviews, including for model training.
          reviewed_by: Legal (M. Brandt)
          reviewed_at: 2024-12-02
    residency:
      collected_in: IE
      subject_regions: [DE, FR, IT, PL, GB, US, BR, IN, RU, CN]
      personal_data: "yes"
      stored_in: IE

  - id: synthqa
    name: Synthetic explanations (in-house model)
    description: Question-answer pairs generated by inhouse-lm-7b-instruct from seed topics.
    match:
      source: [synthqa]
    category: synthetic
    licenses:
      - license: CC0-1.0
        evidence:
          url: https://wiki.provenance.invalid/data/synthqa
          note: Generated by us; dedicated to the public domain by the data team.
    residency:
      subject_regions: []
      personal_data: "no"
      stored_in: DE

  - id: newswire-licensed
    name: Newswire archive 2020-2024 (licensed, not in the sample corpus)
    match:
      source: [newswire]
    category: licensed-private
    licenses:
      - license: LicenseRef-Newswire-Training-Licence-2025
        evidence:
          url: https://contracts.provenance.invalid/newswire/2025-01.pdf
    residency:
      collected_in: US
      subject_regions: [US, EU]
      personal_data: "yes"
      stored_in: US

  - id: classic-books
    name: Classic books (public domain, not in the sample corpus)
    match:
      source: ["classic-books-*"]
    category: public-dataset
    licenses:
      - license: LicenseRef-Public-Domain-US
        evidence:
          url: https://books.classic-library.example/copyright
          note: Published before 1929 in the USA.
    residency:
      personal_data: "no"
"""

OPTOUT_ROWS = (
    # domain, signal, reserved, observed_at, evidence_url
    ("gardenjournal.co.uk", "robots", "false", "2024-06-01",
     "https://www.gardenjournal.co.uk/robots.txt"),
    ("gardenjournal.co.uk", "tdmrep", "false", "2024-06-01",
     "https://www.gardenjournal.co.uk/.well-known/tdmrep.json"),
    ("gardenjournal.co.uk", "robots", "true", "2025-04-12T08:00:00Z",
     "https://www.gardenjournal.co.uk/robots.txt"),
    ("gardenjournal.co.uk", "aipref", "true", "2025-04-12T08:00:00Z",
     "https://www.gardenjournal.co.uk/"),
    ("www.recipe-box.example", "tdmrep", "true", "2024-08-20",
     "https://www.recipe-box.example/.well-known/tdmrep.json"),
    ("recipe-box.example", "robots", "false", "2024-08-20",
     "https://recipe-box.example/robots.txt"),
    ("makers-notes.example", "robots", "false", "2024-09-05",
     "https://makers-notes.example/robots.txt"),
    ("makers-notes.example", "ai.txt", "false", "2024-09-05",
     "https://makers-notes.example/ai.txt"),
    ("harbourtimes.example", "robots", "true", "2024-07-01",
     "https://news.harbourtimes.example/robots.txt"),
    ("harbourtimes.example", "aipref", "true", "2024-07-01T00:00:00Z",
     "https://news.harbourtimes.example/"),
    ("lensclub.example", "robots", "false", "2024-05-02",
     "https://lensclub.example/robots.txt"),
    ("lensclub.example", "ai.txt", "true", "2024-10-15T12:00:00Z",
     "https://lensclub.example/ai.txt"),
    ("outbacktravel.com.au", "tos", "true", "2023-11-30",
     "https://www.outbacktravel.com.au/terms"),
    ("outbacktravel.com.au", "robots", "false", "2024-09-02",
     "https://www.outbacktravel.com.au/robots.txt"),
    ("kitamura-u.ac.jp", "robots", "false", "2024-09-10",
     "https://opencourse.kitamura-u.ac.jp/robots.txt"),
    ("trailgear.example", "robots", "false", "2024-08-01",
     "https://shop.trailgear.example/robots.txt"),
    ("trailgear.example", "robots", "true", "2025-01-15",
     "https://shop.trailgear.example/robots.txt"),
    ("artsdaily.example", "tdmrep", "false", "2024-09-01",
     "https://www.artsdaily.example/.well-known/tdmrep.json"),
    ("openpedia.example", "robots", "false", "2024-12-01",
     "https://en.openpedia.example/robots.txt"),
    ("fedarchive.gov", "robots", "false", "2025-01-10",
     "https://www.fedarchive.gov/robots.txt"),
    ("tinkerers.example", "aipref", "false", "2024-11-20",
     "https://tinkerers.example/"),
    ("tinkerers.example", "robots", "true", "2025-03-01",
     "https://tinkerers.example/robots.txt"),
    ("quietcorner.example", "robots", "true", "2024-01-10",
     "https://www.quietcorner.example/robots.txt"),
    ("quietpress.example", "robots", "true", "2024-03-03",
     "https://quietpress.example/robots.txt"),
    ("bigmedia.co.uk", "tdmrep", "true", "2024-02-14",
     "https://www.bigmedia.co.uk/.well-known/tdmrep.json"),
    ("archive-weekly.example", "ai.txt", "false", "2024-10-01",
     "https://archive-weekly.example/ai.txt"),
    ("stateparks-info.gov", "robots", "false", "2024-09-30",
     "https://www.stateparks-info.gov/robots.txt"),
)  # fmt: skip


def write_registry_and_optout() -> None:
    (HERE / "sources.yaml").write_text(SOURCES_YAML, encoding="utf-8", newline="\n")
    with (HERE / "optout.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["domain", "signal", "reserved", "observed_at", "evidence_url"])
        writer.writerows(OPTOUT_ROWS)


# --------------------------------------------------------------------------------------------


def main() -> int:
    if CORPUS.exists():
        shutil.rmtree(CORPUS)
    CORPUS.mkdir(parents=True)
    summary: list[tuple[str, int]] = []
    for make in (make_openpedia, make_fedarchive, make_codeforge, make_tinkerers):
        for file in make():
            file.write()
            summary.append((file.relative, file.records))
    summary += make_webcrawl()
    summary += make_sciarchive()
    for make in (make_blogroll, make_synthqa):
        for file in make():
            file.write()
            summary.append((file.relative, file.records))
    summary.append(make_shopwise())
    write_registry_and_optout()
    total = 0
    for relative, count in sorted(summary):
        print(f"{count:6d}  samples/{relative}")
        total += count
    print(f"{total:6d}  records in total (malformed lines counted as records)")
    print("Deliberately malformed or unusual lines:")
    for relative, first, last, what in MALFORMED:
        lines = f"line {first}" if first == last else f"lines {first}-{last}"
        print(f"  samples/{relative} {lines}: {what}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
