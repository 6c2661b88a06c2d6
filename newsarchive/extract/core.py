"""The engine: extract(html, url) -> Article, a pure function of its arguments."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import datetime

from lxml import etree

from .._version import __version__
from ..exceptions import ExtractionError
from . import rules
from .body import PUNCT, BodyResult, find_body
from .context import PageContext
from .credits import set_credits
from .dates import resolve_zone
from .decode import decode_html
from .dom import Block, clean_tree, iter_blocks, parse
from .limits import LIMITS
from .metadata import PageMeta, breadcrumb, read_page_meta
from .pagetype import drawn_list_items
from .profile import ExtractionProfile
from .published import set_published
from .record import Article
from .title import choose_title, make_view
from .xpaths import xpath_list

__all__ = ["EXTRACTOR_VERSION", "extract", "extract_with_rules"]

EXTRACTOR_VERSION = f"newsarchive/{__version__}"
_CJK = re.compile(r"[\u4e00-\u9fff]+")  # runs: one match per run, not per character
_NO_PROFILE = ExtractionProfile()


def extract(
    html: bytes | str,
    url: str | None = None,
    *,
    now: datetime | None = None,
    encoding: str | None = None,
    content_type: str | None = None,
    profile: ExtractionProfile | None = None,
    timezone: str | None = None,
) -> Article:
    """Turn one HTML document into an :class:`Article`.

    ``html`` may be bytes (decoded from ``encoding``, else BOM, ``content_type``,
    ``<meta charset>``, then detection) or text. ``now`` anchors relative dates
    such as 3小时前. Raises :class:`~newsarchive.exceptions.ExtractionError` (and
    nothing else) for input that is not a document at all (empty, binary, no markup)
    or that the engine cannot handle.
    """
    return extract_with_rules(
        html,
        url,
        now=now,
        encoding=encoding,
        content_type=content_type,
        profile=profile,
        timezone=timezone,
    )[0]


def extract_with_rules(
    html: bytes | str,
    url: str | None = None,
    *,
    now: datetime | None = None,
    encoding: str | None = None,
    content_type: str | None = None,
    profile: ExtractionProfile | None = None,
    timezone: str | None = None,
) -> tuple[Article, dict[str, str]]:
    """:func:`extract`, plus which rule supplied each field (``{"title": "headline", ...}``).

    Crawls count these per field, so a portal redesign shows up as a shift in the stats.
    Raises :class:`ExtractionError` for the page: a page that trips the engine itself (a bug,
    or input past a limit nobody thought of) fails alone instead of aborting a batch.
    An unknown ``timezone`` (or profile timezone) is the caller's error: ValueError.
    """
    resolve_zone(timezone or (profile.timezone if profile else None))  # ValueError, not wrapped
    try:
        return _extract(
            html,
            url,
            now=now,
            encoding=encoding,
            content_type=content_type,
            profile=profile,
            timezone=timezone,
        )
    except ExtractionError:
        raise
    except Exception as exc:  # RecursionError, MemoryError, a bug: this page fails, not the batch
        raise ExtractionError(
            f"{url or '<input>'}: extractor failed: {type(exc).__name__}: {str(exc)[:200]}"
        ) from exc


def _extract(
    html: bytes | str,
    url: str | None,
    *,
    now: datetime | None,
    encoding: str | None,
    content_type: str | None,
    profile: ExtractionProfile | None,
    timezone: str | None,
) -> tuple[Article, dict[str, str]]:
    profile = profile or _NO_PROFILE
    rules_used: dict[str, str] = {}
    zone = resolve_zone(timezone or profile.timezone)
    scope, page, blocks, order, warnings = _read_page(
        html, url, encoding, content_type, profile.encoding
    )
    article = Article(url=url, canonical_url=page.canonical, extractor_version=EXTRACTOR_VERSION)
    article.warnings = warnings

    view = make_view(scope, page, blocks, profile.title, url)
    view.order = order
    title, title_el, title_rule = choose_title(view)
    article.title = title
    if title_rule:
        rules_used["title"] = title_rule
    title_idx = _title_block_index(blocks, title, title_el)

    body = find_body(
        blocks,
        scope,
        title=title,
        title_el=title_el,
        url=url,
        xpaths=profile.body,
        drop_xpaths=profile.drop,
    )
    if profile.drop:
        blocks = list(iter_blocks(scope))
        title_idx = _title_block_index(blocks, title, title_el)
    article.images = body.images

    meta_zone, trailer = _zones(blocks, title_idx, body.container)
    now_local = now.astimezone(zone).replace(tzinfo=None) if now and now.tzinfo else now
    ctx = PageContext(
        url=url,
        scope=scope,
        page=page,
        profile=profile,
        zone=zone,
        now=now_local,
        blocks=blocks,
        title=title,
        title_el=title_el,
        title_idx=title_idx,
        body=body,
        meta_zone=meta_zone,
        trailer=trailer,
    )
    date_rule = set_published(article, ctx)
    if date_rule:
        rules_used["published_at"] = date_rule
    rules_used.update(set_credits(article, ctx))
    rules_used["body"] = body.rule

    article.section = xpath_list(scope, profile.section) or breadcrumb(blocks, scope, title)
    article.site_name = _site_name(page, title)
    article.language = _language(page, blocks)

    rules_used["page_type"] = _set_page_type(
        article, body, blocks, source=(html, encoding, content_type)
    )
    article.content_hash = content_hash(article.title, article.text)
    return article, rules_used


def _read_page(
    html: bytes | str,
    url: str | None,
    encoding: str | None,
    content_type: str | None,
    template_encoding: str | None = None,
) -> tuple[etree._Element, PageMeta, list[Block], dict[etree._Element, int], list[str]]:
    """Decode and parse once: the <body> scope (cleaned), what the <head> says, the blocks, warnings."""
    text, _used, warnings = decode_html(
        html,
        encoding=encoding,
        content_type=content_type,
        where=url or "<input>",
        template_encoding=template_encoding,
    )
    root = parse(text, warnings)
    page = read_page_meta(root, url)
    clean_tree(root)
    body_el = root.find(".//body")
    scope = body_el if body_el is not None else root
    order: dict[etree._Element, int] = {}  # document order, for the title stage
    return scope, page, list(iter_blocks(scope, order=order)), order, warnings


def _zones(
    blocks: list[Block], title_idx: int | None, container: etree._Element | None
) -> tuple[list[Block], list[Block]]:
    """The meta zone (between the headline and the body) and the trailer (right after the body)."""
    body_start, body_end = _body_span(blocks, container)
    if (
        title_idx is not None
        and body_start is not None
        and body_start <= title_idx < (body_end or 0)
    ):
        meta_zone = blocks[
            title_idx + 1 : title_idx + LIMITS.meta_zone_blocks
        ]  # headline inside the container
    elif title_idx is not None:
        stop = (
            body_start
            if body_start is not None and body_start > title_idx
            else title_idx + LIMITS.meta_zone_blocks
        )
        meta_zone = blocks[title_idx + 1 : min(stop, title_idx + LIMITS.meta_zone_blocks)]
    else:
        meta_zone = blocks[max(0, (body_start or 0) - 6) : body_start or 0]
    trailer = blocks[body_end : body_end + LIMITS.trailer_blocks] if body_end is not None else []
    return meta_zone, trailer


def _set_page_type(
    article: Article,
    body: BodyResult,
    blocks: list[Block],
    *,
    source: tuple[bytes | str, str | None, str | None] | None = None,
) -> str:
    """Classify the page, keep the body of articles only, and warn about what is missing."""
    page_type = _page_type(article, body, blocks, source)
    article.page_type = page_type
    if page_type == "list":
        article.paragraphs = []
        article.warnings.append("page looks like a list of links, not an article: no body kept")
    else:
        article.paragraphs = body.paragraphs
    article.text = "\n\n".join(article.paragraphs)
    if not article.title:
        article.warnings.append("title: not found")
    if page_type == "article" and not article.paragraphs:
        article.warnings.append("body: no paragraphs found")
    elif page_type == "other":
        article.warnings.append("page_type: not recognised as an article (little body text)")
    return page_type


def content_hash(title: str | None, text: str) -> str:
    norm = unicodedata.normalize("NFKC", f"{title or ''}\n{text}")
    norm = "".join(norm.split())  # every whitespace out: str.split() splits where regex \s matches
    return "sha256:" + hashlib.sha256(norm.encode("utf-8")).hexdigest()


def _title_block_index(
    blocks: list[Block], title: str | None, title_el: etree._Element | None
) -> int | None:
    if not title:
        return None
    if title_el is not None:
        # the headline's own element (or one inside it) first: an ancestor's block may be
        # the <title> text standing in <body> of a page with a crawl wrapper around it
        inside = {id(e) for e in title_el.iter()}
        for lineage in (inside, inside | {id(a) for a in title_el.iterancestors()}):
            for i, block in enumerate(blocks):
                if (
                    id(block.element) in lineage
                    and block.text
                    and (
                        title in block.text
                        or (block.text in title and len(block.text) * 2 >= len(title))
                    )
                ):
                    return i
    for i, block in enumerate(blocks):
        if block.text == title:
            return i
    for i, block in enumerate(blocks):
        if title in block.text and len(block.text) < len(title) * 2 + 20:
            return i
    return None


def _body_span(
    blocks: list[Block], container: etree._Element | None
) -> tuple[int | None, int | None]:
    if container is None:
        return None, None
    subtree = set(container.iter())  # one pass, instead of walking up from every block
    inside = [i for i, b in enumerate(blocks) if b.element in subtree]
    if not inside:
        return None, None
    return inside[0], inside[-1] + 1


def _site_name(page: PageMeta, title: str | None) -> str | None:
    hit = page.first(rules.SITE_META)
    if hit:
        return hit[1]
    if page.title_tag:
        parts = [p for p in rules.TITLE_SPLIT.split(page.title_tag) if p]
        if len(parts) >= 2:
            last = parts[-1]
            if last != title and len(last) <= 30:
                return last
    return None


def _language(page: PageMeta, blocks: list[Block]) -> str | None:
    if page.lang:
        return page.lang
    sample = "".join(b.text for b in blocks[:200])[:5000]
    if not sample:
        return None
    if sum(map(len, _CJK.findall(sample))) > 0.2 * len(sample.replace(" ", "")):
        return "zh"
    return None


def _page_type(
    article: Article,
    body: BodyResult,
    blocks: list[Block],
    source: tuple[bytes | str, str | None, str | None] | None = None,
) -> str:
    """article, list or other. ``source`` (html, encoding, content type): the page as fetched,
    read again only when nothing rendered decides, for a list a script draws (pagetype.py)."""
    body_chars = sum(len(p) for p in body.paragraphs)
    punct = sum(len(PUNCT.findall(p)) for p in body.paragraphs)
    prose = any(len(p) >= 50 and len(_SENTENCE_PUNCT.findall(p)) >= 2 for p in body.paragraphs)
    link_items = sum(1 for b in blocks if b.link_chars >= 8 and b.link_chars >= 0.5 * len(b.text))
    if body.link_density < 0.5:
        if body_chars >= 150 and punct >= 3:
            if link_items >= 15 and body_chars < 400 and not article.published_at:
                return "list"
            return "article"
        if prose and article.title and article.published_at:
            return "article"
    if link_items >= 10 and (body_chars < 300 or body.link_density >= 0.5):
        return "list"
    if body_chars >= 40 and article.title and article.published_at:
        return "article"
    if source is not None and drawn_list_items(*source) >= LIMITS.list_min_items:
        return "list"
    return "other"


_SENTENCE_PUNCT = re.compile(r"[，。！？；,.!?;]")
