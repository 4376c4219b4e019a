"""Where the data files that ship with the package live.

`licenses/` and `schemas/` sit at the top of the repository, where reviewers read and diff them.
An installed wheel carries them as `provenance/_data/`; a source checkout reads them in place.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

import yaml

# libyaml's loaders when PyYAML was built with it: the same result, several times faster.
SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def data_root() -> Path:
    installed = _PACKAGE_DIR / "_data"
    if (installed / "schemas").is_dir():
        return installed
    return _PACKAGE_DIR.parent


def data_path(*parts: str) -> Path:
    """Path of a shipped data file, e.g. data_path("schemas", "sources.schema.json")."""
    return data_root().joinpath(*parts)


@cache
def load_json_schema(name: str) -> dict[str, Any]:
    """A JSON Schema from `schemas/` by file name."""
    with data_path("schemas", name).open(encoding="utf-8") as handle:
        return json.load(handle)


def load_yaml_data(*parts: str) -> Any:
    """A YAML data file shipped with the package: load_yaml_data("licenses", "presets.yaml")."""
    with data_path(*parts).open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=SAFE_LOADER)


def file_sha256(path: str | Path, chunk_bytes: int = 1 << 20) -> str:
    """Hex sha256 of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(chunk_bytes):
            digest.update(chunk)
    return digest.hexdigest()
