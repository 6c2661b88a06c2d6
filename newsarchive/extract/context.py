"""The page context: everything the field stages read, built once per page by ``core``.

Stages (title, date, credits, body) take a :class:`PageContext` and return
candidates; they never re-parse or rebuild blocks themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from .xpaths import xpath_values

if TYPE_CHECKING:
    from lxml import etree

    from .body import BodyResult
    from .dom import Block
    from .metadata import PageMeta
    from .profile import ExtractionProfile

__all__ = ["PageContext"]


@dataclass
class PageContext:
    """One page, read once: the tree, its metadata, its blocks and the zones around the body."""

    url: str | None
    scope: etree._Element  # <body> (or the root when there is none)
    page: PageMeta  # <title>, <meta>, JSON-LD, canonical, lang
    profile: ExtractionProfile
    zone: tzinfo  # the page's time zone
    now: datetime | None  # naive local "now" for relative dates
    blocks: list[Block] = field(default_factory=list)
    title: str | None = None
    title_el: etree._Element | None = None
    title_idx: int | None = None  # index of the headline's block in ``blocks``
    body: BodyResult | None = None
    meta_zone: list[Block] = field(default_factory=list)  # blocks between headline and body
    trailer: list[Block] = field(default_factory=list)  # blocks right after the body
    # how the stages read the profile's XPaths (the induced path answers them from an index)
    xpath_values: Callable[[etree._Element, Iterable[str]], list[str]] = xpath_values
