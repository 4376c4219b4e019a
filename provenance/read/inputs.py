"""Finding the input shards of a corpus: files, folders and globs, in a stable order."""

from __future__ import annotations

import glob
import json
import os
from dataclasses import dataclass
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


@dataclass(frozen=True, order=True)
class InputShard:
    """One input file: the unit of work.

    `name` is how the file appears in ledgers and manifests: its path relative to the working
    directory when it lies below it (so results do not depend on where a checkout lives),
    otherwise its absolute path.
    """

    name: str
    path: str
    format: Format
    compression: Compression = None


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
