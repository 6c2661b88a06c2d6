"""Argument types shared by the commands: a bad value exits 2 with the option and a valid example.

argparse prefixes each message with the option's name (``argument --since: ...``);
the messages here add what was expected and an example that would be accepted.
"""

from __future__ import annotations

import argparse
import logging
from datetime import date
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


def fraction(text: str) -> float:
    """A share between 0 and 1 inclusive, e.g. 0.25."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0.0 <= value <= 1.0:  # NaN fails too
        raise argparse.ArgumentTypeError(
            f"expected a fraction between 0 and 1, e.g. 0.25; got {text!r}"
        )
    return value


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(
            f"expected a whole number of at least 1, e.g. 100; got {text!r}"
        )
    return value


def nonnegative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(
            f"expected a whole number of at least 0, e.g. 3; got {text!r}"
        )
    return value


def nonnegative_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 <= value < float("inf"):  # NaN fails too
        raise argparse.ArgumentTypeError(f"expected a number of at least 0, e.g. 24; got {text!r}")
    return value


def log_level(text: str) -> str:
    name = text.strip().upper()
    if name not in LOG_LEVELS or not isinstance(logging.getLevelName(name), int):
        raise argparse.ArgumentTypeError(
            f"unknown log level {text!r}; expected one of {', '.join(LOG_LEVELS)}, e.g. INFO"
        )
    return name
