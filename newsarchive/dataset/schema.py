"""The record schemas (article-v2.json; article-v1.json for old files) loaded once, with readable reasons."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import lru_cache
from importlib.resources import files
from typing import Any

import jsonschema

__all__ = ["FIELDS", "load_schema", "record_problem"]

SCHEMA_FILE = "schema/article-v2.json"
SCHEMA_FILES = {"2": SCHEMA_FILE, "1": "schema/article-v1.json"}


@lru_cache(maxsize=2)
def load_schema(version: str = "2") -> dict[str, Any]:
    """The schema dict shipped in the package (read through importlib.resources); v2 unless asked."""
    text = files("newsarchive").joinpath(SCHEMA_FILES[version]).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@lru_cache(maxsize=2)
def _validator(version: str = "2") -> jsonschema.protocols.Validator:
    schema = load_schema(version)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


FIELDS: tuple[str, ...] = tuple(load_schema()["properties"])

_JSON_TYPES = {
    dict: "object",
    list: "array",
    str: "string",
    bool: "boolean",
    int: "integer",
    float: "number",
    type(None): "null",
}


def _describe(error: jsonschema.ValidationError) -> str:
    where = "".join(
        f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path
    ).lstrip(".")
    field = f"field {where!r}" if where else "record"
    if error.validator == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        name = missing[0] if missing else error.message
        return f"missing field {name!r}" if not where else f"{field}: missing key {name!r}"
    if error.validator == "additionalProperties":
        extra = re.findall(r"'([^']+)'", error.message.split("(")[-1])
        return f"unknown field(s) {', '.join(repr(e) for e in extra) or error.message}" + (
            f" in {where!r}" if where else ""
        )
    if error.validator == "type":
        got = _JSON_TYPES.get(type(error.instance), type(error.instance).__name__)
        want = error.validator_value
        want_s = " or ".join(want) if isinstance(want, list) else str(want)
        return f"{field}: wrong type, expected {want_s}, got {got} {_short(error.instance)}"
    if error.validator == "const":
        return f"{field}: expected {_short(error.validator_value)}, got {_short(error.instance)}"
    return f"{field}: {_short(error.instance)} {_tail(error.message)}"


def _short(value: Any, limit: int = 60) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _tail(message: str) -> str:
    # jsonschema messages start with the instance repr; keep the rule part only
    for marker in (" is not ", " does not ", " is too ", " is less ", " was expected", " should "):
        i = message.find(marker)
        if i >= 0:
            return message[i + 1 :]
    return message


def _check_with_jsonschema(record: Any, version: str) -> str | None:
    errors = sorted(_validator(version).iter_errors(record), key=lambda e: list(e.absolute_path))
    if not errors:
        return None
    reasons = [_describe(e) for e in errors[:3]]
    if len(errors) > 3:
        reasons.append(f"and {len(errors) - 3} more")
    return "; ".join(reasons)


_fast: dict[str, Callable[[Any], bool]] = {}


def record_problem(record: Any) -> str | None:
    """``None`` when ``record`` is a valid record, else a one-line reason.

    A record saying ``"schema_version": "1"`` is checked against the v1 schema
    (readers upgrade it afterwards); every other record against v2.
    """
    if not isinstance(record, dict):
        got = _JSON_TYPES.get(type(record), type(record).__name__)
        return f"not a JSON object (got {got})"
    version = "1" if record.get("schema_version") == "1" else "2"
    fast = _fast_checker(version)
    if fast is not None and fast(record):
        return None
    return _check_with_jsonschema(record, version)


def _fast_checker(version: str) -> Callable[[Any], bool] | None:
    if version not in _fast:
        from .fastcheck import compile_schema

        _fast[version] = compile_schema(load_schema(version)) or _no_fast
    fast = _fast[version]
    return None if fast is _no_fast else fast


def _no_fast(record: Any) -> bool:  # sentinel: fastjsonschema could not compile the schema
    return False
