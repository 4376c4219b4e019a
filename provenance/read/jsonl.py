"""Reading Dolma / Common Pile JSON lines (plain, .gz, .zst) into document batches.

Each non-blank line is one record. A record that cannot be a document (not JSON, invalid UTF-8,
no text, a wrong type) becomes a quarantined row with its line and reason; a pretty-printed
object spread over several lines (seen in real corpora) is read as one record starting at its
first line. A damaged compressed file keeps every record before the damage and adds one
quarantined row that says where reading stopped.
"""

from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import Iterator
from typing import Any

import orjson
import pyarrow as pa

from provenance.read.documents import (
    KNOWN_FIELDS,
    LICENSE_KEYS,
    OK,
    QUARANTINED,
    URL_KEYS,
    DocumentColumns,
)
from provenance.read.inputs import InputShard
from provenance.read.streams import DamagedInput, read_chunks

# A record spread over more lines than this is not waited for: its first line is quarantined.
MAX_RECORD_LINES = 10_000


def _lines(shard: InputShard, damage: list[DamagedInput]) -> Iterator[tuple[int, bytes]]:
    """(1-based line number, line bytes without the newline); blank lines are skipped."""
    line_number = shard.first_line
    remainder = b""
    try:
        for chunk in read_chunks(shard.path, shard.compression, shard.start, shard.stop):
            parts = (remainder + chunk).split(b"\n")
            remainder = parts.pop()
            for part in parts:
                line_number += 1
                if part.strip():
                    yield line_number, part
    except DamagedInput as error:
        damage.append(error)
    if remainder.strip():
        yield line_number + 1, remainder


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return orjson.dumps(value).decode()


def _first(mapping: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = mapping.get(key)
        if value is not None:
            return value
    return None


def _describe(value: Any) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean"}.get(
        type(value), "null" if value is None else "number"
    )


def record_values(record: Any) -> dict[str, Any]:
    """Document column values for one parsed JSON record, quarantined if it cannot be one."""
    if not isinstance(record, dict):
        return {
            "status": QUARANTINED,
            "quarantine_reason": f"not-an-object: the line holds a JSON {_describe(record)}",
        }
    values: dict[str, Any] = {"status": OK}
    raw_id = record.get("id")
    source = record.get("source")
    values["source"] = source if isinstance(source, str) else _text(source)
    if isinstance(raw_id, str):
        values["id"] = raw_id
    elif isinstance(raw_id, int) and not isinstance(raw_id, bool):
        values["id"] = str(raw_id)
    metadata = record.get("metadata")
    if isinstance(metadata, str):
        with contextlib.suppress(orjson.JSONDecodeError):
            metadata = orjson.loads(metadata)
    if metadata is None:
        metadata = {}
    text = record.get("text")
    problem = None
    if "text" not in record or text is None:
        problem = "missing-text: the record has no text"
    elif not isinstance(text, str):
        problem = f"text-not-string: text is a {_describe(text)}"
    elif not text:
        problem = "empty-text: the text is empty"
    elif raw_id is None:
        problem = "missing-id: the record has no id"
    elif "id" not in values:
        problem = f"id-wrong-type: id is a {_describe(raw_id)}, expected a string or an integer"
    elif not isinstance(metadata, dict):
        problem = f"metadata-not-object: metadata is a {_describe(metadata)}"
    if problem:
        values["status"] = QUARANTINED
        values["quarantine_reason"] = problem
        return values
    values["text"] = text
    values["added_raw"] = _text(record.get("added"))
    values["created_raw"] = _text(record.get("created"))
    values["license_raw"] = _text(_first(metadata, LICENSE_KEYS) or record.get("license"))
    url = _first(metadata, URL_KEYS) or record.get("url")
    values["url"] = url if isinstance(url, str) else None
    values["metadata"] = orjson.dumps(metadata).decode()
    extra = {key: value for key, value in record.items() if key not in KNOWN_FIELDS}
    values["extra"] = orjson.dumps(extra).decode() if extra else None
    return values


def _parse_error_reason(error: orjson.JSONDecodeError, line: bytes) -> str:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError as bad:
        return f"invalid-utf8: the line is not valid UTF-8 (byte {bad.start}: {bad.reason})"
    return f"invalid-json: {error.msg} at byte {error.pos}"


def read_jsonl(shard: InputShard, batch_rows: int = 4096) -> Iterator[pa.Table]:
    """Document batches of at most `batch_rows` records from one JSON-lines file."""
    columns = DocumentColumns(shard.name)
    damage: list[DamagedInput] = []
    lines = _lines(shard, damage)
    pushed_back: deque[tuple[int, bytes]] = deque()
    last_line = 0

    def next_line() -> tuple[int, bytes] | None:
        if pushed_back:
            return pushed_back.popleft()
        return next(lines, None)

    while (item := next_line()) is not None:
        line_number, line = item
        last_line = max(last_line, line_number)
        try:
            values = record_values(orjson.loads(line))
        except orjson.JSONDecodeError as error:
            values = None
            if error.msg == "unexpected end of data" and line.lstrip()[:1] in (b"{", b"["):
                values = _read_multiline(line, next_line, pushed_back)
            if values is None:
                values = {
                    "status": QUARANTINED,
                    "quarantine_reason": _parse_error_reason(error, line),
                }
        columns.add(input_row=line_number - 1, input_line=line_number, **values)
        if len(columns) >= batch_rows:
            yield columns.take_batch()
    for error in damage:
        columns.add(
            input_row=last_line,
            input_line=last_line + 1,
            status=QUARANTINED,
            quarantine_reason=(
                f"truncated-input: {error.message}; records after line {last_line} "
                "could not be read"
            ),
        )
    if len(columns):
        yield columns.take_batch()


def _read_multiline(first: bytes, next_line, pushed_back: deque) -> dict[str, Any] | None:
    """Join following lines until they form one JSON value; None (lines pushed back) if not."""
    taken: list[tuple[int, bytes]] = []
    text = first
    while len(taken) < MAX_RECORD_LINES:
        item = next_line()
        if item is None:
            break
        taken.append(item)
        text = text + b"\n" + item[1]
        try:
            return record_values(orjson.loads(text))
        except orjson.JSONDecodeError as error:
            if error.msg != "unexpected end of data":
                break
    pushed_back.extendleft(reversed(taken))
    return None
