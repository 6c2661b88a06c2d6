"""Numeric thresholds of the engine, in one place (vocabulary and patterns live in ``rules``)."""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LIMITS", "Limits"]


@dataclass(frozen=True, slots=True)
class Limits:
    meta_zone_blocks: int = 12       # blocks after the headline searched for the meta line
    trailer_blocks: int = 8          # blocks after the body searched for trailer credits
    # Parse bounds (dom.bound_markup). libxml2 checks each attribute against the element's
    # others, so one start tag with 200k attributes takes minutes; and every element costs
    # ~0.5 KB and ~20 us through the stages, so 2M tiny elements in a 16 MiB page took 1.1 GB.
    max_attributes_per_tag: int = 64     # attributes kept per start tag (real pages: under 20)
    long_tag_chars: int = 1024           # only start tags this long are looked at for that
    max_elements: int = 250_000          # start tags parsed; over it inline tags go, then the rest is cut


LIMITS = Limits()
