"""JSON Lines encoding shared by every writer: UTF-8, never \\uXXXX escapes."""

from __future__ import annotations

import json
from typing import Any

__all__ = ["dumps", "loads"]


def dumps(obj: Any, *, pretty: bool = False) -> str:
    """One record as text; a single line unless ``pretty``."""
    if pretty:
        return json.dumps(obj, ensure_ascii=False, indent=2)
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def loads(line: str | bytes) -> Any:
    return json.loads(line)
