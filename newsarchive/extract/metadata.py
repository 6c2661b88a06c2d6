"""Headline, meta line (date, source, editor, authors), breadcrumb and page-level metadata."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from .. import safejson
from . import rules
from .dom import Block, collapse, element_text, safe_join

__all__ = ["PageMeta", "breadcrumb", "read_page_meta"]


@dataclass
class PageMeta:
    """What the <head> and structured data say, read before the tree is cleaned."""

    meta: dict[str, str] = field(default_factory=dict)
    jsonld: list[dict[str, Any]] = field(default_factory=list)
    title_tag: str = ""
    canonical: str | None = None
    lang: str | None = None
    # inline scripts (kept when the tree is cleaned), for :attr:`script_date`
    scripts: list[etree._Element] = field(default_factory=list, repr=False)

    @cached_property
    def script_date(self) -> str | None:
        """A publication time in inline script data (a last resort), looked for on first use:
        most pages are dated by what they show, and the search costs as much as the page's meta."""
        for el in self.scripts:
            m = _script_date(el.text[:300000]) if el.text else None
            if m:
                return m.group("value")
        return None

    def first(self, keys: Iterable[str]) -> tuple[str, str] | None:
        for key in keys:
            value = self.meta.get(key)
            if value:
                return key, value
        return None

    def jsonld_value(self, *keys: str) -> Any:
        for obj in self.jsonld:
            for key in keys:
                if obj.get(key):
                    return obj[key]
        return None


def _read_meta_tags(root: etree._Element, pm: PageMeta, url: str | None) -> None:
    for el in root.iter("meta"):
        key = (
            el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv") or ""
        )
        key = key.strip().lower()
        content = collapse(el.get("content"))
        if key and content and key not in pm.meta:
            pm.meta[key] = content


def _read_title_tag(root: etree._Element, pm: PageMeta, url: str | None) -> None:
    for el in root.iter("title"):
        pm.title_tag = element_text(el)
        return


def _read_scripts(root: etree._Element, pm: PageMeta, url: str | None) -> None:
    """JSON-LD objects, and a publication time in inline script data (a last resort)."""
    for el in root.iter("script"):
        if (el.get("type") or "").lower() != "application/ld+json":
            if el.get("src") is None:
                pm.scripts.append(el)  # its text is read only if the date is looked for
            continue
        if not el.text:
            continue
        try:
            data = safejson.loads(
                el.text
            )  # bounded depth: `[` x 1,000 is a ValueError, not RecursionError
        except ValueError:
            continue
        for obj in data if isinstance(data, list) else [data]:
            if isinstance(obj, dict):
                graph = obj.get("@graph")
                pm.jsonld.extend(
                    o for o in (graph if isinstance(graph, list) else [obj]) if isinstance(o, dict)
                )


def _script_date(text: str) -> re.Match[str] | None:
    """``rules.SCRIPT_DATE_RE.search(text)``, tried only where one of its keys starts (4x faster)."""
    for key in rules.SCRIPT_DATE_START.finditer(text):
        start = key.start()
        if text.startswith("ct", start):  # `var  ct = ...` matches from the `var`
            back = start
            while back > 0 and text[back - 1].isspace():
                back -= 1
            if 3 <= back < start and text.startswith("var", back - 3):
                m = rules.SCRIPT_DATE_RE.match(text, back - 3)
                if m:
                    return m
        m = rules.SCRIPT_DATE_RE.match(text, start)
        if m:
            return m
    return None


def _read_canonical(root: etree._Element, pm: PageMeta, url: str | None) -> None:
    for el in root.iter("link"):
        if "canonical" in (el.get("rel") or "").lower().split() and el.get("href"):
            pm.canonical = _absolute(el.get("href"), url)
            return
    hit = pm.first(rules.CANONICAL_META)
    if hit:
        pm.canonical = _absolute(hit[1], url)


def _read_lang(root: etree._Element, pm: PageMeta, url: str | None) -> None:
    html_el = root if root.tag == "html" else root.getroottree().getroot()
    lang = (
        html_el.get("lang")
        or html_el.get("xml:lang")
        or pm.meta.get("content-language")
        or pm.meta.get("language")
    )
    pm.lang = lang.strip() if lang else None


# Readers of the page's own statements, in order (the canonical and the language read <meta>).
PAGE_META_READERS = (_read_meta_tags, _read_title_tag, _read_scripts, _read_canonical, _read_lang)


def read_page_meta(root: etree._Element, url: str | None) -> PageMeta:
    """What the <head> and structured data say, read before the tree is cleaned."""
    pm = PageMeta()
    for reader in PAGE_META_READERS:
        reader(root, pm, url)
    return pm


def _absolute(href: str | None, base: str | None) -> str | None:
    absolute = safe_join(base, href)
    return absolute if absolute and urlsplit(absolute).scheme in ("http", "https") else None


# -- breadcrumb ---------------------------------------------------------------------------


def breadcrumb(blocks: list[Block], root: etree._Element, title: str | None) -> list[str]:
    for block in blocks[:200]:
        if rules.BREADCRUMB_TEXT.match(block.text):
            items = _crumb_items(rules.BREADCRUMB_TEXT.sub("", block.text))
            if items:
                return items
    for el in root.iter("div", "nav", "p", "span", "td", "ol", "ul"):
        cls, ident = el.get("class"), el.get("id")
        if (cls or ident) and _crumb_attr(f"{cls or ''} {ident or ''}"):
            text = element_text(el)
            if 2 <= len(text) <= 120 and (
                rules.BREADCRUMB_SPLIT.search(text) or len(list(el.iter("a"))) >= 2
            ):
                items = _crumb_items(rules.BREADCRUMB_TEXT.sub("", text))
                if rules.BREADCRUMB_SPLIT.search(text) is None:
                    items = [element_text(a) for a in el.iter("a") if element_text(a)]
                if items and len(items) <= 8:
                    return [i for i in items if i != title]
    return []


@lru_cache(maxsize=8192)
def _crumb_attr(attrs: str) -> bool:
    """class/id naming a breadcrumb; cached: a template repeats its few class names on every element."""
    return rules.BREADCRUMB_ATTR.search(attrs) is not None


def _crumb_items(text: str) -> list[str]:
    items = [collapse(p) for p in rules.BREADCRUMB_SPLIT.split(text)]
    items = [i for i in items if i and len(i) <= 20]
    return items if len(items) >= 1 and len(items) <= 8 else []
