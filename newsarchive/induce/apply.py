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
from collections.abc import Iterable
from datetime import datetime

from lxml import etree

from ..extract.body import find_body
from ..extract.context import PageContext
from ..extract.core import EXTRACTOR_VERSION, _language, _page_type, _site_name, content_hash
from ..extract.credits import set_credits
from ..extract.dates import resolve_zone
from ..extract.decode import decode_html
from ..extract.dom import (
    Block,
    clean_tree,
    collapse,
    drop_keep_tail,
    element_text,
    iter_blocks,
    parse,
    text_content,
)
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
        html,
        encoding=encoding,
        content_type=content_type,
        where=url or "<input>",
        template_encoding=profile.encoding,
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
        xpath_values=index.values,
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
    """Every element XPath read on the page (the stages' string XPaths read them through ``string()``)."""
    return [*profile.title, *profile.body, *_meta_xpaths(profile), *([crumbs] if crumbs else [])]


# One step of a path made of tag names with an optional @class/@id test (what learn.py writes)
_STEP = re.compile(r"(//?)([A-Za-z][\w-]*)(?:\[@(class|id)='([^']*)'\])?")
Step = tuple[str, str, "str | None", "str | None"]  # axis, tag, attribute, value


def _path_steps(xp: str) -> list[Step] | None:
    """The steps of ``//div[@class='x']/p//span``; None for any other XPath."""
    steps: list[Step] = []
    pos = 0
    while pos < len(xp):
        m = _STEP.match(xp, pos)
        if m is None:
            return None
        steps.append(m.groups())  # type: ignore[arg-type]
        pos = m.end()
    return steps if steps and steps[0][0] == "//" else None


def _is(el: etree._Element, step: Step) -> bool:
    return el.tag == step[1] and (step[2] is None or el.get(step[2]) == step[3])


def _stands_at(el: etree._Element, steps: list[Step], i: int) -> bool:
    """Whether ``el`` (an element of ``steps[i]``) has the parents or ancestors ``steps[:i]`` name."""
    if i == 0:
        return True  # `//` first: anywhere in the document
    if steps[i][0] == "/":
        parent = el.getparent()
        return parent is not None and _is(parent, steps[i - 1]) and _stands_at(parent, steps, i - 1)
    return any(_is(a, steps[i - 1]) and _stands_at(a, steps, i - 1) for a in el.iterancestors())


_LABEL_CUT = re.compile(
    r"(substring-before\()?substring-after\(string\((//.+?)\), '([^']*)'\)(?(1), '([^']*)'\))"
)


def _after(text: str, label: str) -> str:
    """XPath substring-after(): what follows the first ``label``, else the empty string."""
    at = text.find(label)
    return "" if at < 0 else text[at + len(label) :]


def _before(text: str, label: str) -> str:
    """XPath substring-before(): what precedes the first ``label``, else the empty string."""
    at = text.find(label)
    return "" if at < 0 else text[:at]


class _PageIndex:
    """The page's answers to the profile's tag-and-class paths (``//div[@class='x']/p``, what
    induction writes), from one pass over the elements of their last steps' tags instead of a
    document scan per XPath; each hit's parents are then checked against the earlier steps.

    The page is only ever cut (drop rules, cleaning) after the pass, never added to: a hit
    still attached to the document is exactly what the XPath would find at that moment.
    Any other XPath is evaluated by lxml.
    """

    def __init__(self, root: etree._Element, xpaths: list[str]):
        self.root = root
        self.paths: dict[str, tuple[list[Step], int]] = {}  # steps, and the indexed one
        self.hits: dict[str, list[etree._Element]] = {}
        # indexed step's tag -> attribute (None: any element of the tag) -> value -> the XPaths
        tests: dict[str, dict[str | None, dict[str | None, list[str]]]] = {}
        for xp in dict.fromkeys(xpaths):
            steps = _path_steps(xp)
            if steps:
                # `//div[@class='x']/a`: the div is looked up, its <a> children read from it
                k = len(steps) - 1
                while k > 0 and steps[k][2] is None and steps[k][0] == "/":
                    k -= 1
                self.paths[xp], self.hits[xp] = (steps, k), []
                _axis, tag, attr, value = steps[k]
                tests.setdefault(tag, {}).setdefault(attr, {}).setdefault(value, []).append(xp)
        if tests:
            self._scan(root, tests)

    def _scan(
        self, root: etree._Element, tests: dict[str, dict[str | None, dict[str | None, list[str]]]]
    ) -> None:
        """The one pass. A tag tested on one attribute only (the usual case: ``a`` by its id,
        ``div`` by its class) is looked up without the loop over its tests: a page has
        thousands of such elements and few hits."""
        hits = self.hits
        single = {
            tag: next(iter(by_attr.items()))
            for tag, by_attr in tests.items()
            if len(by_attr) == 1 and None not in by_attr
        }
        for el in root.iter(*tests):
            one = single.get(el.tag)
            if one is not None:
                xps = one[1].get(el.get(one[0]))
                if xps:
                    for xp in xps:
                        hits[xp].append(el)
                continue
            for attr, by_value in tests[el.tag].items():
                for xp in by_value.get(el.get(attr) if attr else None, ()):
                    hits[xp].append(el)

    def elements(self, scope: etree._Element, xp: str) -> list[etree._Element]:
        if xp not in self.hits:
            return elements(scope, xp)
        steps, k = self.paths[xp]
        found = [el for el in self.hits[xp] if _stands_at(el, steps, k) and self._attached(el)]
        if k == len(steps) - 1:
            return found
        inside = set(found)
        if any(a in inside for el in found for a in el.iterancestors()):
            return elements(scope, xp)  # nested: their children would need sorting; lxml does it
        for step in steps[k + 1 :]:  # children of disjoint subtrees, in document order
            found = [child for el in found for child in el if _is(child, step)]
        return found

    def evaluate(self, scope: etree._Element, xp: str) -> list:  # type: ignore[type-arg]
        if xp in self.hits:
            return self.elements(scope, xp)
        cut = _LABEL_CUT.fullmatch(xp)
        if cut and cut.group(2) in self.hits:
            # learn.py's label cuts: substring-before(substring-after(string(X), 'L'), 'M')
            hits = self.elements(scope, cut.group(2))
            value = _after(text_content(hits[0]) if hits else "", cut.group(3))
            return [_before(value, cut.group(4)) if cut.group(1) else value]
        return evaluate(scope, xp)

    def values(self, scope: etree._Element, xpaths: Iterable[str]) -> list[str]:
        """:func:`~newsarchive.extract.xpaths.xpath_values`, with this index's answers."""
        for xp in xpaths:
            out = []
            for hit in self.evaluate(scope, xp):
                text = element_text(hit) if isinstance(hit, etree._Element) else collapse(str(hit))
                if text:
                    out.append(text)
            if out:
                return out
        return []

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
