"""Progress on stderr for long commands: documents, MB/s and time left, then one summary line.

Silent when stderr is not a terminal (logs, CI) or with --quiet; the summary line is printed
unless --quiet.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any, TextIO


class Progress:
    def __init__(
        self, label: str, units: list[Any], quiet: bool = False, stream: TextIO | None = None
    ) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.live = not quiet and self.stream.isatty()
        self.total_bytes = sum(_size(unit) for unit in units) or 1
        self.total_units = len(units)
        self.done_units = 0
        self.done_bytes = 0
        self.documents = 0
        self.started = time.monotonic()

    def __call__(self, unit: Any, result: Any) -> None:
        self.done_units += 1
        self.done_bytes += _size(unit)
        self.documents += getattr(result, "records", 0) or getattr(result, "rows", 0)
        if self.live:
            elapsed = max(time.monotonic() - self.started, 1e-6)
            rate = self.done_bytes / elapsed
            left = (self.total_bytes - self.done_bytes) / rate if rate else 0
            line = (
                f"\r{self.label}: {self.done_units}/{self.total_units} files, "
                f"{self.documents:,} documents, {rate / 1e6:.1f} MB/s, {left:.0f} s left"
            )
            self.stream.write(line.ljust(100)[:100])
            self.stream.flush()

    def finish(self, summary: str) -> None:
        if self.live:
            self.stream.write("\r" + " " * 100 + "\r")
        if not self.quiet:
            elapsed = time.monotonic() - self.started
            rate = self.done_bytes / max(elapsed, 1e-6) / 1e6
            self.stream.write(
                f"{self.label}: {summary} in {elapsed:.1f} s ({rate:.1f} MB/s of input)\n"
            )
            self.stream.flush()


def _size(unit: Any) -> int:
    path = getattr(unit, "path", None)
    try:
        return os.path.getsize(path) if path else 0
    except OSError:
        return 0
