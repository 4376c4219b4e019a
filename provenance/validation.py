"""Loading user-written YAML files and checking them against the JSON Schemas in `schemas/`.

Errors name the file, the line and what was expected, one line each. The YAML dialect is strict
on purpose: duplicate keys are errors (PyYAML would silently keep the last one), only
true/false are booleans (so `personal_data: no` stays the string "no"), and dates stay strings
that the schema checks, so a value never changes meaning on the way in.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from provenance.errors import UserError
from provenance.resources import SAFE_LOADER, load_json_schema

JsonPath = tuple[str | int, ...]

_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")


class _StrictLoader(SAFE_LOADER):  # type: ignore[misc,valid-type]
    """SafeLoader without YAML 1.1 surprises (yes/no/on/off booleans, implicit timestamps)."""


_StrictLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")
    ]
    for first, resolvers in SAFE_LOADER.yaml_implicit_resolvers.items()
}
for _first in "tTfF":
    _StrictLoader.yaml_implicit_resolvers.setdefault(_first, []).append(
        ("tag:yaml.org,2002:bool", _BOOL)
    )


def _scalar(node: yaml.ScalarNode) -> Any:
    value = node.value
    if node.tag == "tag:yaml.org,2002:null":
        return None
    if node.tag == "tag:yaml.org,2002:bool":
        return value.lower() == "true"
    if node.tag == "tag:yaml.org,2002:int":
        return int(value.replace("_", ""), 0) if not value.startswith("0o") else int(value, 8)
    if node.tag == "tag:yaml.org,2002:float":
        return float(value.replace("_", ""))
    return value


def _build(node: yaml.Node, path: JsonPath, lines: dict[JsonPath, int], file: str) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise UserError(f"{file}:{key_node.start_mark.line + 1}: keys must be plain names")
            key = str(_scalar(key_node))
            if key in result:
                raise UserError(
                    f"{file}:{key_node.start_mark.line + 1}: duplicate key {key!r} "
                    f"(first given on line {lines[(*path, key)]}); keep one"
                )
            lines[(*path, key)] = key_node.start_mark.line + 1
            result[key] = _build(value_node, (*path, key), lines, file)
            lines[(*path, key)] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, i), lines, file) for i, item in enumerate(node.value)]
    return _scalar(node)


def load_yaml(path: str | Path) -> tuple[Any, dict[JsonPath, int]]:
    """Parse a YAML file; return its data and the line of every key and item."""
    file = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"{file}: file not found") from None
    except UnicodeDecodeError as error:
        raise UserError(f"{file}: not UTF-8 text ({error.reason} at byte {error.start})") from None
    except OSError as error:
        raise UserError(f"{file}: cannot read ({error.strerror})") from None
    try:
        root = yaml.compose(text, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = f":{mark.line + 1}" if mark else ""
        raise UserError(f"{file}{line}: not valid YAML: {error.problem or error.context}") from None
    if root is None:
        raise UserError(f"{file}: the file is empty")
    lines: dict[JsonPath, int] = {}
    return _build(root, (), lines, file), lines


def _line_of(path: JsonPath, lines: dict[JsonPath, int]) -> int:
    while path not in lines and path:
        path = path[:-1]
    return lines.get(path, 1)


def _dotted(path: Iterable[str | int]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def schema_errors(
    data: Any, schema_name: str, file: str, lines: dict[JsonPath, int] | None = None
) -> list[str]:
    """Every schema violation as one line `file:line: where: what was expected`, sorted by line."""
    schema = load_json_schema(schema_name)
    validator = jsonschema.Draft202012Validator(schema)
    lines = lines or {}
    messages: list[tuple[int, str]] = []
    for error in validator.iter_errors(data):
        path = tuple(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = sorted(error.schema.get("properties", {}))
            for key in sorted(set(error.instance) - set(allowed)):
                key_path = (*path, key)
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                messages.append(
                    (
                        _line_of(key_path, lines),
                        f"{_dotted(key_path)}: unknown key {key!r}; {hint}expected one of: "
                        + ", ".join(allowed),
                    )
                )
            continue
        messages.append((_line_of(path, lines), f"{_dotted(path)}: {_explain(error)}"))
    return [f"{file}:{line}: {text}" for line, text in sorted(set(messages))]


def _explain(error: jsonschema.ValidationError) -> str:
    if error.validator == "enum":
        return f"{error.instance!r} is not allowed; expected one of: " + ", ".join(
            str(choice) for choice in error.validator_value
        )
    if error.validator == "pattern":
        description = error.schema.get("description")
        hint = f" ({description})" if description else ""
        return f"{error.instance!r} does not have the expected form{hint}"
    if error.validator == "required":
        return error.message.replace("is a required property", "is required but missing")
    return error.message


def check_schema(data: Any, schema_name: str, file: str, lines: dict[JsonPath, int]) -> None:
    """Raise one UserError listing every violation (first 20), or return if the data conforms."""
    errors = schema_errors(data, schema_name, file, lines)
    if errors:
        shown = errors[:20]
        more = f"\n... and {len(errors) - 20} more" if len(errors) > 20 else ""
        raise UserError("\n".join(shown) + more)


def load_validated_yaml(path: str | Path, schema_name: str) -> tuple[Any, dict[JsonPath, int]]:
    """Load a YAML file and check it against a schema from `schemas/`."""
    data, lines = load_yaml(path)
    check_schema(data, schema_name, str(path), lines)
    return data, lines
