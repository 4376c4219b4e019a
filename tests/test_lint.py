"""The code base stays ruff-clean (lint and format), checked with the rest of the suite."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from conftest import REPO


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]])
def test_ruff(command: list[str]) -> None:
    ruff = shutil.which("ruff")
    runner = [ruff] if ruff else [sys.executable, "-m", "ruff"]
    paths = [
        p for p in ("provenance", "tests", "bench", "samples", "licenses") if (REPO / p).exists()
    ]
    result = subprocess.run(
        [*runner, *command, *paths],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
