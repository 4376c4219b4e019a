"""Scores on the labelled evaluation set, held to the targets of the licence issue."""

from __future__ import annotations

from evaluation import score_snippets, score_strings


def test_normaliser_scores() -> None:
    scores = score_strings()
    known = scores["known"]
    assert known.total >= 300
    assert known.rate >= 0.97, "\n".join(known.misses)
    # No confident standard licence for a string that names none.
    guesses = scores["no_confident_guess"]
    assert guesses.total >= 40 and guesses.rate == 1.0, "\n".join(guesses.misses)


def test_detector_scores() -> None:
    scores = score_snippets()
    assert scores["all"].total >= 100
    assert scores["all"].rate >= 0.95, "\n".join(scores["all"].misses)
    negatives = scores["negatives"]
    assert negatives.total >= 40
    assert 1 - negatives.rate <= 0.02, "\n".join(negatives.misses)
