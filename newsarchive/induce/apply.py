"""Extract a page with an induced profile: its XPaths only, and None when the page no longer fits.

The generic engine searches the whole page for a headline, a body and a meta line;
a profile learned from the template already knows where they are. This path parses
the page, applies the ``drop`` rules, reads title and body container by XPath, and
runs the engine's own date and credit stages on the meta line the profile points
at, so the values are cleaned exactly as the engine cleans them. A page whose title
or body XPath matches nothing, or whose date XPath stops giving a date, does not
fit (a redesign): the caller reads it with the generic engine instead.
"""

from __future__ import annotations

import re
from datetime import datetime

from lxml import etree

from ..extract.body import find_body
from ..extract.context import PageContext
from ..extract.core import EXTRACTOR_VERSION, _language, _page_type, _site_name, content_hash
from ..extract.credits import set_credits
from ..extract.dates import resolve_zone
from ..extract.decode import decode_html
from ..extract.dom import Block, clean_tree, drop_keep_tail, element_text, iter_blocks, parse
from ..extract.metadata import breadcrumb, read_page_meta
from ..extract.profile import ExtractionProfile
from ..extract.published import set_published
from ..extract.record import Article
from ..extract.xpaths import elements, evaluate, xpath_list
from .learn import _INNER

__all__ = ["extract_induced", "has_rules"]


def extract_induced(
    html: bytes | str,
    url: str | None = None,
    *,
    profile: ExtractionProfile,
    crumbs: str | None = None,
    now: datetime | None = None,
    encoding: str | None = None,
    content_type: str | None = None,
    timezone: str | None = None,
) -> tuple[Article, dict[str, str]] | None:
    """``(article, rules)`` as :func:`~newsarchive.extract.extract_with_rules` returns, or None: no fit.

    ``crumbs`` is the induced breadcrumb element (read as the engine reads a breadcrumb block).

    Raises :class:`~newsarchive.exceptions.ExtractionError` for input that is not a document.
    """
    zone = resolve_zone(timezone or profile.timezone)
    text, _used, warnings = decode_html(
        html, encoding=encoding, content_type=content_type, where=url or "<input>"
    )
    root = parse(text, warnings)
    page = read_page_meta(root, url)
    body_el = root.find(".//body")
    scope = body_el if body_el is not None else root
    for xp in profile.drop:
        for el in elements(scope, xp):
            drop_keep_tail(el)
    index = _PageIndex(root, _read_xpaths(profile, crumbs))
    # Only the elements the profile reads are cleaned (scripts, widgets, hidden blocks), not the
    # whole page: the rules were learned where these elements stand in the template.
    title, title_el = _first_text(scope, profile.title, index)
    containers = next((hits for xp in profile.body if (hits := index.elements(scope, xp))), [])
    if not title or not containers or _hidden(title_el) or _hidden(containers[0]):
        return None
    clean_tree(containers[0])
    body = find_body([], containers[0], title=title, title_el=title_el, url=url, xpaths=(".",))
    body.rule = f"profile:{profile.body[0]}"
    meta_zone = _meta_blocks(scope, profile, index)
    article = Article(
        url=url, canonical_url=page.canonical, extractor_version=EXTRACTOR_VERSION, title=title
    )
    article.warnings = warnings
    now_local = now.astimezone(zone).replace(tzinfo=None) if now and now.tzinfo else now
    ctx = PageContext(
        url=url,
        scope=scope,
        page=page,
        profile=profile,
        zone=zone,
        now=now_local,
        blocks=meta_zone,
        title=title,
        title_el=title_el,
        title_idx=None,
        body=body,
        meta_zone=meta_zone,
        trailer=[],
    )
    rules_used = {"title": "profile"}
    date_rule = set_published(article, ctx)
    if profile.date and date_rule != "profile":
        return None  # the meta line moved or changed: not this template any more
    if date_rule:
        rules_used["published_at"] = date_rule
    rules_used.update(set_credits(article, ctx))
    rules_used["body"] = body.rule
    article.images = body.images
    article.section = xpath_list(scope, profile.section) or _crumbs(scope, crumbs, title, index)
    article.site_name = _site_name(page, title)
    article.language = _language(page, [Block(p, containers[0]) for p in body.paragraphs])
    article.page_type = _page_type(article, body, [])
    article.paragraphs = body.paragraphs if article.page_type != "list" else []
    article.text = "\n\n".join(article.paragraphs)
    if article.page_type == "article" and not article.paragraphs:
        article.warnings.append("body: no paragraphs found")
    elif article.page_type == "other":
        article.warnings.append("page_type: not recognised as an article (little body text)")
    article.content_hash = content_hash(article.title, article.text)
    rules_used["page_type"] = article.page_type
    return article, rules_used


def _crumbs(scope, xpath: str | None, title: str, index: _PageIndex) -> list[str]:  # type: ignore[no-untyped-def]
    for el in index.elements(scope, xpath)[:1] if xpath else ():
        clean_tree(el)
        return breadcrumb(list(iter_blocks(el)), el, title)
    return []


def _hidden(el) -> bool:  # type: ignore[no-untyped-def]
    """A hidden copy (display:none and the like) is not what a reader sees: such a page does not fit."""
    for node in (el, *el.iterancestors()) if el is not None else ():
        style = node.get("style")
        if (style and _HIDDEN.search(style)) or node.get("hidden") is not None:
            return True
    return False


_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def _first_text(scope, xpaths: tuple[str, ...], index: _PageIndex):  # type: ignore[no-untyped-def]
    for xp in xpaths:
        for hit in index.evaluate(scope, xp):
            if not isinstance(hit, str):
                clean_tree(hit)
            text = element_text(hit) if not isinstance(hit, str) else " ".join(hit.split())
            if text:
                return text, hit if not isinstance(hit, str) else None
    return None, None


def _meta_xpaths(profile: ExtractionProfile) -> list[str]:
    """The element XPaths of the date/source/editor/authors rules (``string(X)`` read as X)."""
    out = []
    for xp in (*profile.date, *profile.source, *profile.editor, *profile.authors):
        inner = _INNER.search(xp)
        out.append(inner.group(1) if inner else xp)
    return out


def _meta_blocks(scope, profile: ExtractionProfile, index: _PageIndex) -> list[Block]:  # type: ignore[no-untyped-def]
    """The blocks of the meta line(s) the date/source/editor rules point at: the engine's label parsing reads them."""
    seen: list = []  # type: ignore[type-arg]
    for xp in _meta_xpaths(profile):
        for i, el in enumerate(index.elements(scope, xp)):
            clean_tree(el)  # every hit: the engine's date and credit stages read them all
            if i == 0 and el not in seen:
                seen.append(el)
    return [b for el in seen for b in iter_blocks(el)]


def _read_xpaths(profile: ExtractionProfile, crumbs: str | None) -> list[str]:
    """Every XPath this module evaluates itself (the stages evaluate theirs)."""
    return [*profile.title, *profile.body, *_meta_xpaths(profile), *([crumbs] if crumbs else [])]


_ONE_STEP = re.compile(r"//([A-Za-z][\w-]*)(?:\[@(class|id)='([^']*)'\])?")


class _PageIndex:
    """The page's answers to one-step XPaths (``//div[@class='x']``, most of an induced profile),
    from one pass over the elements of their tags instead of a document scan per XPath.

    The page is only ever cut (drop rules, cleaning) after the pass, never added to: a hit
    still attached to the document is exactly what the XPath would find at that moment.
    Any other XPath is evaluated by lxml.
    """

    def __init__(self, root: etree._Element, xpaths: list[str]):
        self.root = root
        self.hits: dict[str, list[etree._Element]] = {}
        # tag -> attribute (None: any element of the tag) -> value -> the XPaths asking for it
        tests: dict[str, dict[str | None, dict[str | None, list[str]]]] = {}
        for xp in dict.fromkeys(xpaths):
            m = _ONE_STEP.fullmatch(xp)
            if m:
                self.hits[xp] = []
                by_attr = tests.setdefault(m.group(1), {})
                by_attr.setdefault(m.group(2), {}).setdefault(m.group(3), []).append(xp)
        for el in root.iter(*tests) if tests else ():
            for attr, by_value in tests[el.tag].items():
                for xp in by_value.get(el.get(attr) if attr else None, ()):
                    self.hits[xp].append(el)

    def elements(self, scope: etree._Element, xp: str) -> list[etree._Element]:
        if xp not in self.hits:
            return elements(scope, xp)
        return [el for el in self.hits[xp] if self._attached(el)]

    def evaluate(self, scope: etree._Element, xp: str) -> list:  # type: ignore[type-arg]
        return self.elements(scope, xp) if xp in self.hits else evaluate(scope, xp)

    def _attached(self, el: etree._Element) -> bool:
        top = el
        for top in el.iterancestors():
            pass
        return top is self.root


def has_rules(profile: ExtractionProfile) -> bool:
    """Any XPath at all (a timezone alone is not an extraction rule)."""
    return any(
        getattr(profile, f)
        for f in ("title", "body", "date", "source", "editor", "authors", "section", "drop")
    )
