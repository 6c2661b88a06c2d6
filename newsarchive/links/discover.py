"""Links on a page: articles, lists and next pages, including lists drawn by script.

The evidence, strongest first: pagers lead to lists; the site's learned URL shapes;
the page's news lists (structure.py: repeated items with one headline each) hold
articles; the generic URL shapes (urls.py) break the remaining ties. A same-site link
none of them classifies is "unknown": the crawl may fetch it and let the engine judge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from lxml import etree

from ..exceptions import ExtractionError
from ..extract.dates import date_from_url, find_dates
from ..extract.decode import decode_html
from ..extract.dom import parse, text_content
from .pagers import is_next_link, is_pager_text, jcms_next, successors, trs_next
from .structure import find_lists
from .urls import ARTICLE, LIST, OTHER, canonicalize_url, classify_url, is_excluded

if TYPE_CHECKING:
    from ..sites import SiteProfile
    from .learn import UrlPatterns

__all__ = ["PageLinks", "discover_links", "url_date"]

# -- discovery --------------------------------------------------------------------------------


@dataclass
class PageLinks:
    """What a page links to, canonicalized, deduplicated, in page order."""

    articles: list[str] = field(default_factory=list)
    lists: list[str] = field(default_factory=list)
    next_pages: list[str] = field(default_factory=list)  # also included in lists
    # article URL -> "YYYY-MM-DD" shown beside the link in the list (or in its record, or its
    # URL): lets a crawler stop paginating once a list's items are older than --since
    dates: dict[str, str] = field(default_factory=dict)
    # same-site links no evidence classifies: candidates for a fetch judged by the engine
    unknown: list[str] = field(default_factory=list)
    listed: int = (
        0  # items of the page's news lists (a list page with many items and no article is news)
    )


@dataclass
class _Found:
    href: str
    text: str = ""
    next_hint: bool = False
    date: str | None = None
    listed: bool = False  # the headline link of a news list item
    pager: bool = False  # a pager control (page numbers, 首页/尾页...)


_YEAR = re.compile(r"(?:19|20)\d{2}")
_JSON_DATE = re.compile(
    r"""["']?\w*(?:date|time)\w*["']?\s*:\s*["']((?:19|20)\d{2}-\d{1,2}-\d{1,2})""", re.IGNORECASE
)
_ITEM_TAGS = frozenset(("li", "tr", "dd", "dt", "p", "div", "span", "td", "article", "section"))
_ONCLICK_URL = re.compile(
    r"""(?:location(?:\.href)?\s*=|window\.open\s*\(|location\.assign\s*\()\s*['"]([^'"]+)['"]"""
)
_SCRIPT_SCHEMES = (
    "javascript:",
    "mailto:",
    "tel:",
    "data:",
    "about:",
    "vbscript:",
    "sms:",
    "file:",
)
_REFRESH_URL = re.compile(r"""url\s*=\s*['"]?([^'"\s;]+)""", re.IGNORECASE)


def _text_date(text: str) -> str | None:
    """The first full date (with its year) in a list item's text or a JSON value."""
    if not _YEAR.search(text):
        return None  # no year anywhere, so none in a date found in it: skip the date parser
    for found in find_dates(text, relative=False):
        if _YEAR.search(found.raw):
            return found.value.strftime("%Y-%m-%d")
    return None


def url_date(url: str) -> str | None:
    """The publication day an article URL spells out (t20210316_1.html, /2021/0316/...), if any."""
    found = date_from_url(url)
    return found.value.strftime("%Y-%m-%d") if found else None


def _item_date(node: etree._Element) -> str | None:
    """The date printed in the list item around a link (its <li>, <tr>...), if short enough to be one."""
    tail = (node.tail or "").strip()
    if tail:
        found = _text_date(tail)
        if found:
            return found
    el = node.getparent()
    for _ in range(3):
        if el is None or not isinstance(el.tag, str) or el.tag not in _ITEM_TAGS:
            return None
        text = text_content(el)
        if len(text) > 400:
            return None
        found = _text_date(text)
        if found:
            return found
        el = el.getparent()
    return None


_CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.DOTALL)
_CREATE_PAGE = re.compile(r"createPageHTML\s*\(([^()]*)\)")
_JSON_URL = re.compile(
    r"""["']?(\w*(?:url|urls|href|link|links)|pc)["']?\s*:\s*["']([^"'\s<>{}|\\]+)["']""",
    re.IGNORECASE,
)
_SCRIPT_HREF = re.compile(r"""\bhref\s*=\s*\\?["']([^"'\\\s+<>]+)\\?["'](?!\s*\+)""", re.IGNORECASE)
_URLISH = re.compile(
    r"^(?:https?://|/|\./|\.\./)|\.(?:s?html?|jsp|php|aspx?)(?:\?|$)", re.IGNORECASE
)
_UNIT_ID = re.compile(r"""\bunit[_]?id['"]?\s*[:=]\s*['"]?(\d+)""", re.IGNORECASE)
_JPAGE_HINT = re.compile(r"jpage|loadPageData|<datastore|dataproxy", re.IGNORECASE)
_TEMPLATE = re.compile(r"\{\{|\$\{|<%|\{\$")
_MAX_FRAGMENT_DEPTH = 4


class _Collector:
    """Walks a tree in document order, collecting hrefs from markup, comments and scripts."""

    def __init__(self, page_url: str) -> None:
        self.page_url = page_url
        self.found: list[_Found] = []
        self.script_next: list[str] = []
        self.jcms_units: list[str] = []  # 大汉 JCMS / ucap list unit ids
        self.pager_scripts: list[
            str
        ] = []  # scripts that page a list (their counts bound the pager)

    def walk(self, root: etree._Element, depth: int = 0) -> None:
        listed = find_lists(root)
        for node in root.iter():
            tag = node.tag
            if tag is etree.Comment:
                self._comment(node.text or "", depth)
            elif not isinstance(tag, str):
                continue
            elif tag in ("a", "area"):
                href = node.get("href")
                if href:
                    text = text_content(node).strip()
                    self.found.append(
                        _Found(
                            href,
                            text,
                            is_next_link(node, text),
                            _item_date(node),
                            listed=node in listed,
                            pager=is_pager_text(text),
                        )
                    )
            elif tag == "link":
                if (node.get("rel") or "").lower() == "next" and node.get("href"):
                    self.found.append(_Found(node.get("href") or "", "", True))
            elif tag == "script":
                self._script(node, depth)
            elif tag == "iframe" or tag == "frame":
                src = node.get("src")
                if src:
                    self.found.append(_Found(src))
            elif tag == "meta" and (node.get("http-equiv") or "").lower() == "refresh":
                match = _REFRESH_URL.search(node.get("content") or "")
                if match:
                    self.found.append(_Found(match.group(1)))
            if isinstance(tag, str):
                self._attributes(node)

    def _attributes(self, node: etree._Element) -> None:
        # Items that open their article by script, or keep the address in a data attribute.
        onclick = node.get("onclick")
        if onclick:
            for match in _ONCLICK_URL.finditer(onclick):
                self.found.append(_Found(match.group(1), date=_item_date(node)))
        for attr in ("data-href", "data-url", "data-link"):
            value = node.get(attr)
            if value:
                self.found.append(_Found(value, date=_item_date(node)))

    def _fragment(self, markup: str, depth: int) -> None:
        if depth >= _MAX_FRAGMENT_DEPTH or not markup.strip():
            return
        self.walk(parse(f"<html><body>{markup}</body></html>", keep_comments=True), depth + 1)

    def _comment(self, text: str, depth: int) -> None:
        # Items commented out and filled in by script still name the real articles.
        if "<a" in text or "<script" in text or "createPageHTML" in text or "<li" in text:
            self._fragment(text, depth)

    def _script(self, node: etree._Element, depth: int) -> None:
        text = node.text or ""
        kind = (node.get("type") or "").lower()
        if "template" in kind or "handlebars" in kind:
            return
        if not text.strip():
            return
        if "CDATA" in text and ("xml" in kind or "<record" in text or "<datastore" in text.lower()):
            # 大汉 JCMS datastore: each CDATA record holds one list item's markup.
            self._fragment("".join(_CDATA.findall(text)), depth)
        if _JPAGE_HINT.search(text) or "<record" in text:
            self.pager_scripts.append(text)
            for unit in _UNIT_ID.findall(text):
                if unit not in self.jcms_units:
                    self.jcms_units.append(unit)
        for call in _CREATE_PAGE.finditer(text):
            name = trs_next(call.group(1), text)
            if name:
                self.script_next.append(name)
        self._json_urls(text)
        for match in _SCRIPT_HREF.finditer(text):
            self.found.append(_Found(match.group(1)))

    def _json_urls(self, text: str) -> None:
        if ":" not in text:
            return
        unescaped = text.replace("\\/", "/").replace('\\\\"', '"').replace('\\"', '"')
        previous_end = 0
        for match in _JSON_URL.finditer(unescaped):
            value = match.group(2)
            if _URLISH.search(value) and not _TEMPLATE.search(value):
                # the record's date: the last date field since the previous link, if any
                window = unescaped[max(previous_end, match.start() - 2000) : match.start()]
                dates = _JSON_DATE.findall(window)
                date = _text_date(dates[-1]) if dates else None
                self.found.append(_Found(value, date=date))
                previous_end = match.end()


def _clean_href(href: str) -> str | None:
    href = re.sub(r"[\t\r\n]", "", href).strip()
    if not href or href.startswith("#") or _TEMPLATE.search(href):
        return None
    if href.lower().startswith(_SCRIPT_SCHEMES):
        return None
    return href


def _base_url(root: etree._Element, url: str) -> str:
    for el in root.iter("base"):
        if el.get("href"):
            return urljoin(url, el.get("href", "").strip())
    return url


class _Accept:
    """Resolves an href into a canonical key, or None when it is not a page this crawl may visit."""

    def __init__(self, profile: SiteProfile | None) -> None:
        self.profile = profile

    def __call__(self, absolute: str) -> str | None:
        parts = urlsplit(absolute)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return None
        if self.profile is not None and not self.profile.allows(absolute):
            return None
        key = canonicalize_url(absolute)
        if self.profile is not None and any(rx.search(key) for rx in self.profile.compiled_deny):
            return None  # never followed, not even as a next page
        return key


@dataclass
class _Evidence:
    """What the page says about one linked URL, over all the places it is linked from."""

    listed: bool = False
    pager: bool = False
    date: str | None = None


def _kind(
    key: str, ev: _Evidence, *, profile: SiteProfile | None, patterns: UrlPatterns | None
) -> str | None:
    """article, list, other, or None (unknown): pagers, then profile, learned shapes, structure, URL."""
    if ev.pager:
        return LIST
    if is_excluded(key, profile):
        return OTHER
    if profile is not None:
        if any(rx.search(key) for rx in profile.compiled_article):
            return ARTICLE
        if any(rx.search(key) for rx in profile.compiled_list):
            return LIST
    learned = patterns.kind(key) if patterns is not None else None
    if learned is not None:
        return learned
    if ev.listed:
        return ARTICLE
    kind = classify_url(key)
    return None if kind == OTHER else kind


def _next_pages(
    url: str,
    collector: _Collector,
    accept: _Accept,
    candidates: dict[str, _Evidence],
    explicit: list[str],
    profile: SiteProfile | None,
) -> list[str]:
    """Next pages: links that say so, pagers drawn by script, links at the address a next page has."""
    scripted: list[str] = []
    for name in collector.script_next:  # named relative to the list page's own address
        key = accept(urljoin(url, name))
        if key:
            scripted.append(key)
    pager_text = "\n".join(collector.pager_scripts)
    for unit in collector.jcms_units:
        nxt = jcms_next(url, unit, pager_text)
        key = accept(nxt) if nxt else None
        if key:
            scripted.append(key)
    following = successors(url) if classify_url(url, profile) != ARTICLE else set()
    by_pattern = [c for c in candidates if c in following]
    page_key = canonicalize_url(url)
    out: list[str] = []
    for key in [*explicit, *scripted, *by_pattern]:
        if key != page_key and key not in out:
            out.append(key)
    return out


def discover_links(
    html: bytes | str,
    url: str,
    *,
    profile: SiteProfile | None = None,
    encoding: str | None = None,
    content_type: str | None = None,
    patterns: UrlPatterns | None = None,
) -> PageLinks:
    """Article, list, next-page and unknown links of a page, from markup, comments, datastores and scripts.

    URLs come back canonicalized (see canonicalize_url), deduplicated, in page order, restricted
    to the profile's allowed domains when a profile is given. ``patterns`` are the URL shapes
    learned from this site. Undecodable input gives no links. Bytes are decoded as extract()
    does: ``encoding`` forces a codec, while ``content_type`` (the HTTP header) is only a hint.
    """
    try:
        text, _, _ = decode_html(html, encoding=encoding, content_type=content_type, where=url)
    except ExtractionError:
        return PageLinks()
    root = parse(text, keep_comments=True)
    base = _base_url(root, url)
    collector = _Collector(url)
    collector.walk(root)
    accept = _Accept(profile)
    page_key = canonicalize_url(url)
    host = urlsplit(page_key).hostname

    candidates: dict[str, _Evidence] = {}  # insertion order = page order
    explicit: list[str] = []
    for found in collector.found:
        href = _clean_href(found.href)
        key = accept(urljoin(base, href)) if href is not None else None
        if key is None or key == page_key:
            continue
        if found.next_hint:
            explicit.append(key)
        ev = candidates.setdefault(key, _Evidence())
        ev.listed |= found.listed
        ev.pager |= found.pager or found.next_hint
        ev.date = ev.date or found.date

    result = PageLinks()
    result.next_pages = _next_pages(url, collector, accept, candidates, explicit, profile)
    for key in result.next_pages:
        candidates.setdefault(key, _Evidence()).pager = True
    for key, ev in candidates.items():
        kind = _kind(key, ev, profile=profile, patterns=patterns)
        if kind == ARTICLE:
            result.articles.append(key)
            result.listed += ev.listed
            date = ev.date or url_date(key)
            if date:
                result.dates[key] = date
        elif kind == LIST:
            result.lists.append(key)
        elif kind is None and (
            profile.allows(key) if profile is not None else urlsplit(key).hostname == host
        ):
            result.unknown.append(key)
    return result
