"""The record schema (article-v1.json) loaded once, with readable reasons for invalid records."""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import lru_cache
from importlib.resources import files
from typing import Any

import jsonschema

__all__ = ["FIELDS", "load_schema", "record_problem"]

SCHEMA_FILE = "schema/article-v1.json"


@lru_cache(maxsize=1)
def load_schema() -> dict[str, Any]:
    """The schema dict shipped in the package (read through importlib.resources)."""
    text = files("newsarchive").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@lru_cache(maxsize=1)
def _validator() -> jsonschema.protocols.Validator:
    schema = load_schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


FIELDS: tuple[str, ...] = tuple(load_schema()["properties"])

_JSON_TYPES = {dict: "object", list: "array", str: "string", bool: "boolean", int: "integer",
               float: "number", type(None): "null"}


def _describe(error: jsonschema.ValidationError) -> str:
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path).lstrip(".")
    field = f"field {where!r}" if where else "record"
    if error.validator == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        name = missing[0] if missing else error.message
        return f"missing field {name!r}" if not where else f"{field}: missing key {name!r}"
    if error.validator == "additionalProperties":
        extra = re.findall(r"'([^']+)'", error.message.split("(")[-1])
        return f"unknown field(s) {', '.join(repr(e) for e in extra) or error.message}" + (
            f" in {where!r}" if where else "")
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
            return message[i + 1:]
    return message


def _check_with_jsonschema(record: Any) -> str | None:
    errors = sorted(_validator().iter_errors(record), key=lambda e: list(e.absolute_path))
    if not errors:
        return None
    reasons = [_describe(e) for e in errors[:3]]
    if len(errors) > 3:
        reasons.append(f"and {len(errors) - 3} more")
    return "; ".join(reasons)


_fast: Callable[[Any], bool] | None = None


def record_problem(record: Any) -> str | None:
    """``None`` when ``record`` is a valid schema-v1 record, else a one-line reason."""
    if not isinstance(record, dict):
        got = _JSON_TYPES.get(type(record), type(record).__name__)
        return f"not a JSON object (got {got})"
    fast = _fast_checker()
    if fast is not None and fast(record):
        return None
    return _check_with_jsonschema(record)


def _fast_checker() -> Callable[[Any], bool] | None:
    global _fast
    if _fast is None:
        from .fastcheck import compile_schema

        _fast = compile_schema(load_schema()) or _no_fast
    return None if _fast is _no_fast else _fast


def _no_fast(record: Any) -> bool:  # sentinel: fastjsonschema could not compile the schema
    return False
