"""Finding the input shards of a corpus: files, folders and globs, in a stable order."""

from __future__ import annotations

import glob
import json
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from provenance.errors import UserError

Format = Literal["jsonl", "parquet", "arrow"]
Compression = Literal["gzip", "zstd"] | None

_SUFFIXES: dict[str, tuple[Format, Compression]] = {
    ".jsonl": ("jsonl", None),
    ".json": ("jsonl", None),
    ".ndjson": ("jsonl", None),
    ".jsonl.gz": ("jsonl", "gzip"),
    ".json.gz": ("jsonl", "gzip"),
    ".ndjson.gz": ("jsonl", "gzip"),
    ".jsonl.zst": ("jsonl", "zstd"),
    ".json.zst": ("jsonl", "zstd"),
    ".ndjson.zst": ("jsonl", "zstd"),
    ".jsonl.zstd": ("jsonl", "zstd"),
    ".parquet": ("parquet", None),
    ".arrow": ("arrow", None),
}


# Files larger than this are read as several parts so that one big file does not serialise a
# run: plain JSON lines by byte ranges that start at a record, Parquet by row groups.
# Compressed JSON lines cannot be entered in the middle and stay whole.
SPLIT_BYTES = 256 << 20


@dataclass(frozen=True, order=True)
class InputShard:
    """One input file, or one part of a large one: the unit of work.

    `name` is how the file appears in ledgers and manifests: its path relative to the working
    directory when it lies below it (so results do not depend on where a checkout lives),
    otherwise its absolute path. A part has its `part` number and where it starts: a byte range
    and the line it starts on (JSON lines), or its row groups and first row (Parquet).
    """

    name: str
    path: str
    format: Format
    compression: Compression = None
    part: int | None = None
    start: int = 0
    stop: int | None = None
    first_line: int = 0
    row_groups: tuple[int, ...] | None = None
    first_row: int = 0


def _shard_format(path: Path) -> tuple[Format, Compression] | None:
    lower = path.name.lower()
    for suffix in sorted(_SUFFIXES, key=len, reverse=True):
        if lower.endswith(suffix):
            return _SUFFIXES[suffix]
    return None


def _display_name(path: Path) -> str:
    absolute = path.resolve()
    try:
        return absolute.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return absolute.as_posix()


def _hf_saved_dataset_files(folder: Path) -> list[Path] | None:
    """Arrow files of a Hugging Face dataset saved with `save_to_disk`, or None if it is not one."""
    state = folder / "state.json"
    if state.is_file():
        try:
            data_files = json.loads(state.read_text(encoding="utf-8"))["_data_files"]
            return [folder / entry["filename"] for entry in data_files]
        except (ValueError, KeyError, TypeError) as error:
            raise UserError(
                f"{state}: not a readable Hugging Face dataset state file ({error}); "
                "re-save the dataset with save_to_disk"
            ) from None
    splits = folder / "dataset_dict.json"
    if splits.is_file():
        try:
            names = json.loads(splits.read_text(encoding="utf-8"))["splits"]
        except (ValueError, KeyError, TypeError) as error:
            raise UserError(f"{splits}: not a readable dataset_dict.json ({error})") from None
        files: list[Path] = []
        for split in names:
            files.extend(_hf_saved_dataset_files(folder / split) or [])
        return files
    return None


def _files_below(folder: Path, skipped: list[Path]) -> list[Path]:
    hf_files = _hf_saved_dataset_files(folder)
    if hf_files is not None:
        return hf_files
    found: list[Path] = []
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            found.extend(_files_below(entry, skipped))
        elif _shard_format(entry) is not None:
            found.append(entry)
        else:
            skipped.append(entry)
    return found


def _jsonl_parts(shard: InputShard, split_bytes: int) -> list[InputShard]:
    """Byte ranges of about split_bytes, each starting at a line that opens a record (`{"`),
    so that a record spread over several lines is never cut; newlines are counted (in C) so
    every part knows the line it starts on."""
    size = os.path.getsize(shard.path)
    parts: list[InputShard] = []
    start = first_line = 0
    with open(shard.path, "rb") as handle:
        while start + split_bytes < size:
            handle.seek(start + split_bytes)
            boundary, carry = None, b""
            position = start + split_bytes
            while boundary is None and (block := handle.read(1 << 20)):
                data = carry + block
                found = data.find(b'\n{"')
                if found != -1:
                    boundary = position - len(carry) + found + 1
                carry, position = data[-2:], position + len(block)
            if boundary is None:
                break
            handle.seek(start)
            lines, left = 0, boundary - start
            while left > 0:
                block = handle.read(min(1 << 24, left))
                lines += block.count(b"\n")
                left -= len(block)
            parts.append(
                replace(shard, part=len(parts), start=start, stop=boundary, first_line=first_line)
            )
            start, first_line = boundary, first_line + lines
    if not parts:
        return [shard]
    parts.append(replace(shard, part=len(parts), start=start, stop=None, first_line=first_line))
    return parts


def _parquet_parts(shard: InputShard, split_bytes: int) -> list[InputShard]:
    import pyarrow.parquet as pq

    try:
        metadata = pq.ParquetFile(shard.path).metadata
    except Exception:  # unreadable files are reported, with their name, when read
        return [shard]
    parts: list[InputShard] = []
    groups: list[int] = []
    size = first_row = rows = 0
    for index in range(metadata.num_row_groups):
        group = metadata.row_group(index)
        if groups and size + group.total_byte_size > split_bytes:
            parts.append(
                replace(shard, part=len(parts), row_groups=tuple(groups), first_row=first_row)
            )
            groups, size, first_row = [], 0, rows
        groups.append(index)
        size += group.total_byte_size
        rows += group.num_rows
    if not parts:
        return [shard]
    parts.append(replace(shard, part=len(parts), row_groups=tuple(groups), first_row=first_row))
    return parts


def shard_key(shard: InputShard) -> str:
    """A file-name-safe key for an input (and part): output names derive from it."""
    key = re.sub(r"[^A-Za-z0-9._-]+", "_", shard.name.strip("/").replace("/", "__"))
    return key if shard.part is None else f"{key}.part{shard.part:05d}"


def split_large(shards: list[InputShard], split_bytes: int = SPLIT_BYTES) -> list[InputShard]:
    """Large plain JSON-lines and Parquet inputs as parts; everything else as it is."""
    result: list[InputShard] = []
    for shard in shards:
        if shard.format == "parquet":
            result.extend(_parquet_parts(shard, split_bytes))  # by uncompressed row groups
        elif shard.compression is None and os.path.getsize(shard.path) > split_bytes:
            result.extend(_jsonl_parts(shard, split_bytes) if shard.format == "jsonl" else [shard])
        else:
            result.append(shard)
    return result


def discover_inputs(arguments: list[str]) -> tuple[list[InputShard], list[str]]:
    """Input shards for paths, folders and globs, sorted by name, without duplicates.

    Returns the shards and the names of files that were skipped because their format is not
    a corpus format (a README beside the shards, say), so that the caller can report them.
    """
    if not arguments:
        raise UserError("no input given; name one or more files, folders or globs")
    paths: list[Path] = []
    skipped: list[Path] = []
    for argument in arguments:
        if glob.has_magic(argument):
            matches = sorted(glob.glob(argument, recursive=True))
            if not matches:
                raise UserError(f"{argument}: the pattern matches no file; check the path")
            candidates = [Path(match) for match in matches]
        else:
            candidates = [Path(argument)]
        for candidate in candidates:
            if candidate.is_dir():
                paths.extend(_files_below(candidate, skipped))
            elif candidate.is_file():
                if _shard_format(candidate) is None:
                    raise UserError(
                        f"{candidate}: unknown corpus format; expected one of "
                        + ", ".join(sorted(_SUFFIXES))
                    )
                paths.append(candidate)
            elif not candidate.exists():
                raise UserError(f"{candidate}: no such file or folder")
            else:
                raise UserError(f"{candidate}: not a regular file or folder")
    shards: dict[str, InputShard] = {}
    for path in paths:
        if not path.is_file():
            raise UserError(f"{path}: listed by its dataset but missing; the dataset is incomplete")
        fmt, compression = _shard_format(path) or ("arrow", None)
        shard = InputShard(_display_name(path), os.path.abspath(path), fmt, compression)
        shards[shard.name] = shard
    if not shards:
        raise UserError(
            "no corpus files found in "
            + ", ".join(arguments)
            + "; expected "
            + ", ".join(sorted(_SUFFIXES))
        )
    return sorted(shards.values()), sorted(_display_name(path) for path in skipped)
