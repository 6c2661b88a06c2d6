"""The main list of a page, found from its structure: repeated sibling items, one headline each.

A news list is a run of sibling items (``li``, ``tr``, ``dd``, ``div``...) that each carry
one headline-length link and usually a date. Navigation menus (short words, nested
sub-menus), footers and friend links (names, no dates) do not look like that, whatever
their URLs look like. The links of a list found this way are articles; the URL only
breaks ties (see discover.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median

from lxml import etree

from ..extract.dates import find_dates
from ..extract.dom import text_content

__all__ = ["LIST_LIMITS", "ListLimits", "find_lists"]

# "a": bare headline links side by side (<a>..</a><br><a>..</a>), a list too when the texts are headlines
_ITEM_TAGS = frozenset(("li", "tr", "dd", "dt", "div", "p", "article", "section", "tbody", "a"))


@dataclass(frozen=True)
class ListLimits:
    """Thresholds of the main-list test (data, not code: tune them here)."""

    min_items: int = 3  # fewer siblings are not a list
    max_links_per_item: int = 3  # more: a menu with a sub-menu, a block of tags
    single_share: float = 0.8  # share of items that must stay under max_links_per_item
    dated_share: float = 0.5  # share of dated items that makes a list "dated"
    dated_headline: int = 5  # median headline length (characters) of a dated list
    undated_items: int = 4  # an undated list needs more items...
    undated_headline: int = 10  # ...and longer headlines (not names of schools or columns)
    max_item_chars: int = 600  # longer items are sections of a page, not list entries


LIST_LIMITS = ListLimits()


# lists often print the day without its year: 06-01, 6/1, 6月1日
_MONTH_DAY = re.compile(
    r"(?<![\d.])(?:0?[1-9]|1[0-2])(?:[-/.]|月)(?:0?[1-9]|[12]\d|3[01])(?:日|(?![\d.]))"
)


def _has_date(text: str) -> bool:
    return bool(_MONTH_DAY.search(text)) or bool(find_dates(text, relative=False))


def _primary(item: etree._Element, limit: int) -> tuple[etree._Element | None, int]:
    """The item's headline link (the longest link text) and how many links it has (counting stops
    past ``limit``: such an item is a menu, and nested menus must not cost a walk per level)."""
    best: etree._Element | None = None
    best_len = -1
    count = 0
    for a in item.iter("a"):
        if not a.get("href"):
            continue
        count += 1
        if count > limit:
            break
        length = len(text_content(a).strip()) or len((a.get("title") or "").strip())
        if length > best_len:
            best, best_len = a, length
    return best, count


def _judge(items: list[etree._Element], limits: ListLimits) -> list[etree._Element]:
    """The headline links of ``items`` when they form a news list, else []."""
    heads: list[etree._Element] = []
    lengths: list[int] = []
    single = dated = 0
    for item in items:
        head, count = _primary(item, limits.max_links_per_item)
        if head is None:
            continue
        heads.append(head)
        lengths.append(len(text_content(head).strip()) or len((head.get("title") or "").strip()))
        if count > limits.max_links_per_item:
            continue
        single += 1
        text = text_content(item)
        if len(text) > limits.max_item_chars:
            return []
        dated += _has_date(text)
    n = len(heads)
    if n < limits.min_items or single < limits.single_share * n:
        return []
    typical = median(lengths)
    if dated >= limits.dated_share * n and typical >= limits.dated_headline:
        return heads
    if n >= limits.undated_items and typical >= limits.undated_headline:
        return heads
    return []


def find_lists(root: etree._Element, limits: ListLimits = LIST_LIMITS) -> set[etree._Element]:
    """Headline links of every news list on the page (the main list and its like)."""
    found: set[etree._Element] = set()
    for parent in root.iter():
        if not isinstance(parent.tag, str) or len(parent) < limits.min_items:
            continue
        by_tag: dict[tuple[str, str], list[etree._Element]] = {}
        for child in parent:
            tag = child.tag
            if isinstance(tag, str) and tag in _ITEM_TAGS:
                # a tbody holds rows; div items of one list share a class, layout divs do not
                key = (tag, child.get("class") or "") if tag == "div" else (tag, "")
                by_tag.setdefault(key, []).append(child)
        for items in by_tag.values():
            if len(items) >= limits.min_items:
                found.update(_judge(items, limits))
    return found
