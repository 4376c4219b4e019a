"""Scoring the normaliser and the detector on the labelled evaluation set in `eval/`.

Run it as a script to see every miss: `python tests/licenses/evaluation.py [eval|holdout]`.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from provenance.licenses import detect, normalize
from provenance.licenses.knowledge import knowledge_base

EVAL = Path(__file__).resolve().parent / "eval"
SPECIAL = ("NONE", "RESTRICTED")


def read_strings(folder: Path = EVAL) -> list[dict[str, str]]:
    with (folder / "strings.tsv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def read_snippets(folder: Path = EVAL) -> list[dict]:
    with (folder / "snippets.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def expected_matches(expected: str, license_id: str | None, category: str) -> bool:
    """Does an answer (licence, category) match a label of the evaluation vocabulary?"""
    kb = knowledge_base()
    if expected == "NONE":
        return license_id is None and category in ("unknown", "restricted")
    if expected == "RESTRICTED":
        return license_id is None and category == "restricted"
    if license_id is None:
        return False
    if expected.startswith("FAMILY:"):
        return license_id == f"LicenseRef-{expected.removeprefix('FAMILY:')}-unversioned"
    if expected.startswith("PD:"):
        facts = kb.facts.get(license_id)
        return bool(facts and facts.kind == "public-domain" and facts.scope == expected[3:])
    return kb.licensing.is_equivalent(expected, license_id)


def is_standard(license_id: str | None) -> bool:
    return license_id is not None and "LicenseRef-" not in license_id


@dataclass
class Score:
    total: int = 0
    correct: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.correct / self.total if self.total else 1.0

    def add(self, ok: bool, miss: str) -> None:
        self.total += 1
        self.correct += ok
        if not ok:
            self.misses.append(miss)


def score_strings(folder: Path = EVAL) -> dict[str, Score]:
    known, negatives, confident_guess = Score(), Score(), Score()
    for row in read_strings(folder):
        result = normalize(row["raw"])
        ok = expected_matches(row["expected"], result.license, result.category)
        miss = f"{row['raw']!r}: expected {row['expected']}, got {result.license} ({result.category}; {result.notes})"
        if row["expected"] in SPECIAL:
            negatives.add(ok, miss)
            confident_guess.add(not is_standard(result.license), miss)
        else:
            known.add(ok, miss)
    return {"known": known, "negatives": negatives, "no_confident_guess": confident_guess}


def score_snippets(folder: Path = EVAL) -> dict[str, Score]:
    all_items, negatives, conflicts = Score(), Score(), Score()
    for item in read_snippets(folder):
        found = detect(item["text"])
        # Detection reports grants: text that grants nothing (NONE, RESTRICTED) has no licence.
        expected = "NONE" if item["expected"] == "RESTRICTED" else item["expected"]
        ok = expected_matches(expected, found.license, "unknown" if found.license is None else "")
        miss = f"[{item['kind']}] expected {item['expected']}, got {found.license} ({found.evidence}; {found.notes}): {item['text'][:120]!r}"
        all_items.add(ok, miss)
        if expected == "NONE":
            negatives.add(found.license is None, miss)
        if item.get("conflict"):
            conflicts.add(found.conflict, miss)
    return {"all": all_items, "negatives": negatives, "conflicts": conflicts}


if __name__ == "__main__":
    import sys

    folder = EVAL.parent / sys.argv[1] if len(sys.argv) > 1 else EVAL
    for title, scores in (("strings", score_strings(folder)), ("snippets", score_snippets(folder))):
        for name, score in scores.items():
            print(f"{title} {name}: {score.correct}/{score.total} = {score.rate:.1%}")
            for miss in score.misses:
                print("   ", miss)
