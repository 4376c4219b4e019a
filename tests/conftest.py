"""Shared fixtures: small corpora written on the fly in every supported format."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
import zstandard

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"


def jsonl_bytes(records: list[dict | bytes]) -> bytes:
    """JSON lines; a bytes item is written verbatim (for malformed lines)."""
    lines = [r if isinstance(r, bytes) else json.dumps(r).encode() for r in records]
    return b"\n".join(lines) + b"\n"


def write_corpus_file(path: Path, records: list[dict | bytes]) -> Path:
    data = jsonl_bytes(records)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.name.endswith(".gz"):
        data = gzip.compress(data, mtime=0)
    elif path.name.endswith(".zst"):
        data = zstandard.ZstdCompressor(level=3).compress(data)
    path.write_bytes(data)
    return path


def doc(i: int, **fields) -> dict:
    record = {
        "id": f"d{i}",
        "text": f"Document number {i}. " * 3,
        "source": "wiki",
        "added": "2025-01-01T00:00:00Z",
        "created": "2020-05-01",
        "metadata": {"license": "CC-BY-SA-4.0", "url": f"https://en.wiki.example.org/p/{i}"},
    }
    record.update(fields)
    return record


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run the test inside tmp_path, so input names are short relative paths."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="session")
def sample_ledger_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The README's trace of the sample corpus, run once through the command line."""
    from click.testing import CliRunner

    from provenance.cli import main

    out = tmp_path_factory.mktemp("sample") / "ledger"
    arguments = ["trace", str(SAMPLES / "corpus"), "--sources", str(SAMPLES / "sources.yaml")]
    arguments += ["--optout", str(SAMPLES / "optout.csv"), "--out", str(out)]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 0, result.output
    return out
