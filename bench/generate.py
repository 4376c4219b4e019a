"""Write a synthetic corpus of a requested size in the Common Pile layout, for benchmarks.

    python bench/generate.py --size 1GB --out bench/data/1GB

JSONL.gz shards of about 256 MB uncompressed; text lengths drawn from a log-normal around 3 KB
(200 B to 60 KB); six sources, two of them holding personal data; licence values drawn from a
realistic mix of SPDX ids, names, URLs, lists and unknowns; 5% of documents carry a licence
notice in their text. Deterministic for a given size and seed. Also writes sources.yaml and
optout.csv beside the corpus.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
from pathlib import Path

SHARD_BYTES = 256 << 20
SOURCES = {
    # source: (share of documents, licence values, domain, personal data, subjects)
    "wiki": (
        0.30,
        [
            "CC BY-SA 4.0",
            "https://creativecommons.org/licenses/by-sa/4.0/",
            "cc-by-sa-4.0",
            "Creative Commons Attribution-ShareAlike 4.0 International",
        ],
        "wiki.bench.example",
        "no",
        ["WORLD"],
    ),
    "code": (
        0.20,
        [
            "MIT",
            "Apache-2.0",
            "MIT, Apache-2.0",
            "MIT OR Apache-2.0",
            "BSD-3-Clause",
            "GPL-2.0+",
            "Apache 2",
            None,
        ],
        "code.bench.example",
        "unknown",
        ["WORLD"],
    ),
    "papers": (
        0.15,
        [
            "CC-BY-4.0",
            "CC BY-NC-SA 4.0",
            "http://arxiv.org/licenses/nonexclusive-distrib/1.0/",
            "CC0 1.0",
            None,
        ],
        "papers.bench.ac.uk",
        "no",
        ["WORLD"],
    ),
    "web": (
        0.20,
        [
            None,
            None,
            "unknown",
            "All rights reserved",
            "https://creativecommons.org/licenses/by/4.0/deed.de",
            "see LICENSE",
        ],
        "news.bench.de",
        "yes",
        ["DE", "FR", "EU"],
    ),
    "forum": (0.10, [None, "CC BY-SA 3.0", "cc by-sa"], "forum.bench.com", "yes", ["WORLD"]),
    "gov": (
        0.05,
        ["Public Domain", "work of the US federal government", "NOT_IN_COPYRIGHT"],
        "reports.bench.gov",
        "no",
        ["US"],
    ),
}
NOTICES = [
    "# SPDX-License-Identifier: MIT\n",
    '# Licensed under the Apache License, Version 2.0 (the "License");\n# you may not use this file except in compliance with the License.\n',
    '<a rel="license" href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>\n',
    "This program is free software; you can redistribute it and/or modify it under the terms of the GNU General Public License as published by the Free Software Foundation; either version 2 of the License, or (at your option) any later version.\n",
    "Text is available under the Creative Commons Attribution-ShareAlike 4.0 International License.\n",
]
SYLLABLES = "ka lo mi ne ru ta ve si po da fe gu hi jo ba ce zo wi ya xu an el in or us".split()


def _vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    return ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))) for _ in range(size)]


def _paragraphs(rng: random.Random, vocabulary: list[str], count: int = 4000) -> list[str]:
    paragraphs = []
    for _ in range(count):
        sentences = []
        for _ in range(rng.randint(3, 8)):
            words = rng.choices(vocabulary, k=rng.randint(6, 20))
            sentences.append(" ".join(words).capitalize() + ".")
        paragraphs.append(" ".join(sentences))
    return paragraphs


def _size(text: str) -> int:
    units = {"KB": 1e3, "MB": 1e6, "GB": 1e9}
    for unit, factor in units.items():
        if text.upper().endswith(unit):
            return int(float(text[: -len(unit)]) * factor)
    return int(text)


def generate(size: int, out: Path, seed: int = 7) -> dict[str, int]:
    rng = random.Random(seed)
    vocabulary = _vocabulary(rng)
    paragraphs = _paragraphs(rng, vocabulary)
    names = list(SOURCES)
    weights = [SOURCES[name][0] for name in names]
    out.mkdir(parents=True, exist_ok=True)
    written = documents = shard = 0
    handle = None
    shard_written = 0
    while written < size:
        if handle is None or shard_written >= SHARD_BYTES:
            if handle is not None:
                handle.close()
            path = out / f"{shard:05d}_bench.jsonl.gz"
            handle = gzip.GzipFile(path, "wb", compresslevel=1, mtime=0)
            shard, shard_written = shard + 1, 0
        source = rng.choices(names, weights)[0]
        _, licences, domain, _, _ = SOURCES[source]
        target = int(min(max(rng.lognormvariate(7.8, 0.9), 200), 60_000))
        parts, length = [], 0
        while length < target:
            paragraph = rng.choice(paragraphs)
            parts.append(paragraph)
            length += len(paragraph) + 2
        text = "\n\n".join(parts)
        if rng.random() < 0.05:
            text = rng.choice(NOTICES) + text
        licence = rng.choice(licences)
        metadata = {
            "url": f"https://{domain}/doc/{documents}",
            "authors": [rng.choice(vocabulary).title()],
        }
        if licence is not None:
            metadata["license"] = licence
        record = {
            # Field types are kept stable so that the floor (pyarrow's JSON reader) can read it.
            "id": f"{source}-{documents}",
            "text": text,
            "source": source,
            "added": "2025-06-01T00:00:00Z",
            "created": rng.choice(
                ["2019-05-01", "2021-03-14T10:00:00Z", "March 25, 2016", "", None]
            ),
            "metadata": metadata,
        }
        line = (json.dumps(record) + "\n").encode()
        handle.write(line)
        written += len(line)
        shard_written += len(line)
        documents += 1
    if handle is not None:
        handle.close()
    _registry(out.parent / f"{out.name}-sources.yaml")
    _optout(out.parent / f"{out.name}-optout.csv")
    return {"bytes": written, "documents": documents, "shards": shard}


def _registry(path: Path) -> None:
    lines = ["version: 1", "sources:"]
    for name, (_, _, domain, personal, subjects) in SOURCES.items():
        lines += [
            f"  - id: {name}",
            f"    name: Benchmark source {name}",
            f'    match: {{source: [{name}], domains: ["{domain}"]}}',
            f"    category: {'crawled' if name == 'web' else 'public-dataset'}",
            f'    residency: {{collected_in: DE, subject_regions: [{", ".join(subjects)}], personal_data: "{personal}", stored_in: DE}}',
        ]
        if name == "forum":
            lines += [
                "    licenses:",
                "      - {license: CC-BY-SA-3.0, until: 2018-05-02, evidence: {url: https://forum.bench.com/terms-2011}}",
                "      - {license: CC-BY-SA-4.0, from: 2018-05-02, evidence: {url: https://forum.bench.com/terms}}",
            ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _optout(path: Path) -> None:
    rows = [
        "domain,signal,reserved,observed_at,evidence_url",
        "news.bench.de,robots,true,2025-01-01,https://news.bench.de/robots.txt",
        "news.bench.de,tdmrep,true,2025-02-01,https://news.bench.de/.well-known/tdmrep.json",
        "wiki.bench.example,robots,false,2025-01-01,https://wiki.bench.example/robots.txt",
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", default="1GB", help="uncompressed size, e.g. 500MB, 1GB, 4GB")
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(json.dumps(generate(_size(args.size), Path(args.out), args.seed)))


if __name__ == "__main__":
    main()
