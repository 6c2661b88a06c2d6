"""Lists a script draws: a run of headline links hidden, commented out, or only in script data.

Many portals' section lists render nothing until a script runs: the items stand in the
page hidden (``display:none``, shown page by page), inside an HTML comment the script
reads, or only as data (``var listData = {articleList: [...]}``). The cleaned tree the
engine reads has none of them, so such a page looks empty ("other"). The page's own
source still holds the run: many sibling items that each carry one headline-length
link (and usually a date), or many script objects that each pair a headline-length
string with a page address. Only the page's structure counts, no site's names.
"""

from __future__ import annotations

import re
from collections import Counter

from lxml import etree

from .decode import decode_html
from .dom import parse
from .limits import LIMITS

__all__ = ["drawn_list_items", "headline_run"]

_ITEM_TAGS = frozenset({"li", "tr", "div", "dd", "dt", "p", "td", "table"})
_CJK = re.compile(r"[\u4e00-\u9fff]")
_SPACE = re.compile(r"\s+")
# "key": "value" (or key: "value") in script data; \" inside a value is kept as it stands
_PAIR = re.compile(r"""["']?([A-Za-z_][\w]{0,40})["']?\s*:\s*"((?:[^"\\\n]|\\.){1,400})\"""")
_PAGE_ADDRESS = re.compile(
    r"(?:https?:)?/[\w./%-]*\.(?:s?html?|jsp|aspx?|php)\b|[?&]id=\d", re.IGNORECASE
)
_TAG = re.compile(r"<[^>]*>")


def drawn_list_items(html: bytes | str, encoding: str | None, content_type: str | None) -> int:
    """Items in the longest run of headline links in the page's source, unrendered ones included.

    The source is parsed again with comments kept, before any cleaning: hidden items and
    items in comments are runs of sibling elements; script data is counted by its pairs.
    """
    if len(html) > LIMITS.list_source_max_bytes:
        return 0  # a list page is small; a huge page with no body is not parsed a second time
    text, _used, _warnings = decode_html(html, encoding=encoding, content_type=content_type)
    root = parse(text, keep_comments=True)
    best = headline_run(root)
    for node in root.iter(etree.Comment, "script"):
        if best >= LIMITS.list_min_items:
            break
        body = node.text or ""
        if node.tag is etree.Comment and "<a" in body:
            best = max(best, headline_run(parse(f"<html><body>{body}</body></html>")))
        elif node.tag == "script" and node.get("src") is None:
            best = max(best, _data_items(body))
    return best


def headline_run(root: etree._Element) -> int:
    """The most sibling items under one parent that each carry one headline-length link."""
    runs: Counter[etree._Element] = Counter()  # the parent itself: an id() of a proxy is reused
    for link in root.iter("a"):
        if not link.get("href") or not _is_headline(_text(link)):
            continue
        item = _item_of(link)
        if item is not None:
            runs[item.getparent()] += 1
    return max(runs.values(), default=0)


def _item_of(link: etree._Element) -> etree._Element | None:
    """The list item holding ``link``: its outermost item-like ancestor holding no other link.

    The item's text beyond the link is short (a date, a column name), else it is prose.
    """
    node, item = link, None
    for _ in range(LIMITS.list_item_depth):
        parent = node.getparent()
        if parent is None or parent.getparent() is None or len(parent.findall(".//a")) > 1:
            break
        node = parent
        if node.tag in _ITEM_TAGS:
            item = node
    if item is None or len(_text(item)) - len(_text(link)) > LIMITS.list_item_extra_chars:
        return None
    return item


def _data_items(script: str) -> int:
    """Objects in script data that pair a headline-length string with a page address.

    Counted per key: the headline key and the address key must each repeat, with distinct values.
    """
    headlines: dict[str, set[str]] = {}
    addresses: dict[str, set[str]] = {}
    for key, value in _PAIR.findall(script):
        if _PAGE_ADDRESS.search(value):
            addresses.setdefault(key, set()).add(value)
        elif _is_headline(_SPACE.sub(" ", _TAG.sub("", value)).strip()):
            headlines.setdefault(key, set()).add(value)
    most_headlines = max(map(len, headlines.values()), default=0)
    most_addresses = max(map(len, addresses.values()), default=0)
    return min(most_headlines, most_addresses)


def _is_headline(text: str) -> bool:
    """Headline-length: longer than a menu label, shorter than a paragraph, not an address."""
    cjk = len(_CJK.findall(text))
    long_enough = (
        cjk >= LIMITS.list_headline_min_chars
        if cjk
        else len(text.split()) >= LIMITS.list_headline_min_words
    )
    return long_enough and len(text) <= LIMITS.headline_max_chars and not _PAGE_ADDRESS.search(text)


def _text(el: etree._Element) -> str:
    return _SPACE.sub(" ", "".join(el.itertext())).strip()
