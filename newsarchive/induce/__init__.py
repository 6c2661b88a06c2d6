"""Template induction: learn a portal's extraction profile from many of its own pages.

Pure (no Scrapy): :mod:`.template` groups pages by URL pattern and DOM skeleton,
:mod:`.learn` induces an ``[extract]`` table for a group from the generic engine's
agreement and the variability of each block across pages, :mod:`.apply` extracts
a page with an induced profile (fast, and says when the page no longer fits), and
:mod:`.book` keeps the groups of a running crawl.
"""

from __future__ import annotations

from .apply import extract_induced
from .learn import InducedProfile, induce
from .template import Page, group_pages, prepare, template_key

__all__ = [
    "InducedProfile",
    "Page",
    "extract_induced",
    "group_pages",
    "induce",
    "prepare",
    "template_key",
]
