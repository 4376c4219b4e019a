"""The installed package carries its data: a wheel works without the repository beside it."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import REPO


@pytest.mark.slow
def test_wheel_ships_schemas_and_licence_data_and_runs_without_the_repo(tmp_path: Path) -> None:
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", str(REPO), "-w", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = tmp_path.glob("provenance-*.whl")
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        archive.extractall(site)
    assert "provenance/_data/schemas/ledger.schema.json" in names
    assert "provenance/_data/schemas/sources.schema.json" in names
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    probe = (
        "import provenance, provenance.resources as r;"
        "from provenance.tracing.ledger import ledger_schema;"
        "print(r.data_root()); print(len(ledger_schema()))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=elsewhere,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    root, columns = result.stdout.split()
    assert Path(root) == site / "provenance" / "_data"
    assert int(columns) > 30
