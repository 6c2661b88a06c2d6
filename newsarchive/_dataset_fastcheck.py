"""A conservative fast path for schema validation, compiled from the schema file itself.

jsonschema costs ~100 µs per record; the compiled predicate below costs a few. It
answers True only when a record certainly satisfies the schema; any False (or a
keyword it does not know, which disables it altogether) sends the record to
jsonschema, which stays the authority and writes the reason. So the fast path can
make reading faster but never more lenient.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

__all__ = ["compile_schema"]

Check = Callable[[Any], bool]

_ANNOTATIONS = {"$schema", "$id", "title", "description", "$comment", "examples", "default"}
_TYPES: dict[str, Check] = {
    "object": lambda v: type(v) is dict,
    "array": lambda v: type(v) is list,
    "string": lambda v: type(v) is str,
    "integer": lambda v: type(v) is int,
    "number": lambda v: type(v) in (int, float),
    "boolean": lambda v: type(v) is bool,
    "null": lambda v: v is None,
}


class _Unsupported(Exception):
    pass


def compile_schema(schema: dict[str, Any]) -> Check | None:
    """A predicate for ``schema``, or None if the schema uses keywords not handled here."""
    try:
        return _compile(schema)
    except _Unsupported:
        return None


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def _compile(node: Any) -> Check:
    if node is True or node == {}:
        return lambda v: True
    if not isinstance(node, dict):
        raise _Unsupported(repr(node))
    checks: list[Check] = []
    keys = set(node) - _ANNOTATIONS
    known = {"type", "enum", "const", "pattern", "minLength", "minimum", "required",
             "properties", "additionalProperties", "items"}
    if keys - known:
        raise _Unsupported(", ".join(sorted(keys - known)))
    if "type" in node:
        names = node["type"] if isinstance(node["type"], list) else [node["type"]]
        checks.append(_any_type(tuple(_TYPES[n] for n in names)))
    if "enum" in node:
        checks.append(_one_of(tuple(node["enum"])))
    if "const" in node:
        checks.append(_one_of((node["const"],)))
    if "pattern" in node:
        checks.append(_pattern(re.compile(node["pattern"])))
    if "minLength" in node:
        checks.append(_min_length(int(node["minLength"])))
    if "minimum" in node:
        checks.append(_minimum(node["minimum"]))
    if "items" in node:
        checks.append(_items(_compile(node["items"])))
    if {"required", "properties", "additionalProperties"} & keys:
        required = tuple(node.get("required", ()))
        props = {k: _compile(s) for k, s in node.get("properties", {}).items()}
        extra = node.get("additionalProperties", True)
        if extra not in (True, False):
            raise _Unsupported("additionalProperties schema")

        def obj(v: Any, required: tuple[str, ...] = required, props: dict[str, Check] = props,
                closed: bool = extra is False) -> bool:
            if type(v) is not dict:
                return True
            for k in required:
                if k not in v:
                    return False
            for k, val in v.items():
                check = props.get(k)
                if check is None:
                    if closed:
                        return False
                elif not check(val):
                    return False
            return True

        checks.append(obj)
    if len(checks) == 1:
        return checks[0]
    return _all_of(tuple(checks))


def _any_type(preds: tuple[Check, ...]) -> Check:
    return lambda v: any(p(v) for p in preds)


def _one_of(options: tuple[Any, ...]) -> Check:
    return lambda v: any(_same(v, o) for o in options)


def _pattern(rx: re.Pattern[str]) -> Check:
    return lambda v: type(v) is not str or rx.search(v) is not None


def _min_length(n: int) -> Check:
    return lambda v: type(v) is not str or len(v) >= n


def _minimum(m: float) -> Check:
    return lambda v: type(v) not in (int, float) or v >= m


def _items(item: Check) -> Check:
    return lambda v: type(v) is not list or all(item(x) for x in v)


def _all_of(checks: tuple[Check, ...]) -> Check:
    return lambda v: all(c(v) for c in checks)
