"""Package attributes imported on first use, so that a short command such as `verify` loads
only the modules it needs (start-up time is most of a small run)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def exported_on_first_use(package: str, exports: dict[str, str]) -> Callable[[str], Any]:
    """A module `__getattr__` (PEP 562) that imports `exports[name]` when `name` is used."""

    def __getattr__(name: str) -> Any:
        if name in exports:
            return getattr(importlib.import_module(exports[name]), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
