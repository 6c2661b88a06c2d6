"""Numeric thresholds of the engine, in one place (vocabulary and patterns live in ``rules``)."""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LIMITS", "Limits"]


@dataclass(frozen=True, slots=True)
class Limits:
    meta_zone_blocks: int = 12       # blocks after the headline searched for the meta line
    trailer_blocks: int = 8          # blocks after the body searched for trailer credits


LIMITS = Limits()
