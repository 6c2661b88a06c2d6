"""Argument types shared by the commands: a bad value exits 2 with the option and a valid example.

argparse prefixes each message with the option's name (``argument --since: ...``);
the messages here add what was expected and an example that would be accepted.
"""

from __future__ import annotations

import argparse
import logging
import math
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..exceptions import DatasetError

__all__ = [
    "day",
    "day_bound",
    "fraction",
    "log_level",
    "nonnegative_float",
    "nonnegative_int",
    "positive_int",
    "time_zone",
]

LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")


def day_bound(text: str) -> str:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, a real calendar day (no 2021-13, no 2021-02-30)."""
    from ..dataset import parse_date_bound

    try:
        return parse_date_bound(text)
    except DatasetError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def day(text: str) -> str:
    """A full ``YYYY-MM-DD`` calendar day."""
    try:
        return (
            date.fromisoformat(text.strip()).isoformat()
            if len(text.strip()) == 10
            else _bad_day(text)
        )
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"not a calendar day {text!r} ({exc}); expected YYYY-MM-DD, e.g. 2021-03-16"
        ) from None


def _bad_day(text: str) -> str:
    raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD, e.g. 2021-03-16; got {text!r}")


def time_zone(text: str) -> str:
    """An IANA time zone name that this machine's zone database knows."""
    name = text.strip()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise argparse.ArgumentTypeError(
            f"unknown time zone {text!r}; expected an IANA name, e.g. Asia/Shanghai or UTC"
        ) from None
    return name


def _number(text: str, kind: type[float | int], low: float, high: float, expected: str) -> Any:
    """``text`` read as ``kind``, finite and within [low, high]; else a usage error naming ``expected``."""
    try:
        value = kind(text)
    except ValueError:
        value = None
    finite = not isinstance(value, float) or math.isfinite(value)  # a huge int is no float
    if value is None or not (finite and low <= value <= high):  # NaN fails too
        raise argparse.ArgumentTypeError(f"expected {expected}; got {text!r}")
    return value


def fraction(text: str) -> float:
    """A share between 0 and 1 inclusive, e.g. 0.25."""
    return float(_number(text, float, 0.0, 1.0, "a fraction between 0 and 1, e.g. 0.25"))


def positive_int(text: str) -> int:
    return int(_number(text, int, 1, math.inf, "a whole number of at least 1, e.g. 100"))


def nonnegative_int(text: str) -> int:
    return int(_number(text, int, 0, math.inf, "a whole number of at least 0, e.g. 3"))


def nonnegative_float(text: str) -> float:
    return float(_number(text, float, 0.0, math.inf, "a number of at least 0, e.g. 24"))


def log_level(text: str) -> str:
    name = text.strip().upper()
    if name not in LOG_LEVELS or not isinstance(logging.getLevelName(name), int):
        raise argparse.ArgumentTypeError(
            f"unknown log level {text!r}; expected one of {', '.join(LOG_LEVELS)}, e.g. INFO"
        )
    return name
