"""The fast path for schema validation: fastjsonschema compiles the schema to Python.

It answers True only when a record satisfies the schema. Any False sends the record
to jsonschema, which stays the authority and writes the reason, so the fast path
makes reading faster but never more lenient.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import fastjsonschema

__all__ = ["compile_schema"]

Check = Callable[[Any], bool]


def compile_schema(schema: dict[str, Any]) -> Check | None:
    """A predicate for ``schema``, or None if fastjsonschema cannot compile it."""
    try:
        validate = fastjsonschema.compile(schema)
    except fastjsonschema.JsonSchemaDefinitionException:
        return None

    def check(record: Any) -> bool:
        try:
            validate(record)
        except fastjsonschema.JsonSchemaValueException:
            return False
        return True

    return check
