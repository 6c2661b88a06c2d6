"""Source, editor and authors: labelled meta lines first, then weaker evidence."""
from __future__ import annotations

import re

from . import rules
from .context import PageContext
from .dom import Block, collapse, text_content
from .metadata import (
    byline_authors,
    clean_editor,
    clean_names,
    clean_source,
    closing_names,
    dateline_authors,
    parse_labels,
    unlabeled_source,
)
from .record import Article
from .xpaths import xpath_values

__all__ = ["set_credits"]


def set_credits(article: Article, ctx: PageContext) -> dict[str, str]:
    """Fill source, editor and authors; return which rule gave each."""
    assert ctx.body is not None
    profile, root, page, meta_zone, trailer = ctx.profile, ctx.scope, ctx.page, ctx.meta_zone, ctx.trailer
    dropped, paragraphs = ctx.body.dropped, ctx.body.paragraphs
    byline, trailing = ctx.body.byline_authors, ctx.body.trailing_authors
    used: dict[str, str] = {}
    raw = article.published_at_raw
    date_block = next((b.text for b in meta_zone if raw and raw in b.text), None)
    if date_block is None and raw:  # split over cells: the last cell holding part of it
        date_block = next((b.text for b in reversed(meta_zone[:8])
                           if b.text and len(b.text) <= 12 and b.text in raw), None)
    zones = (("meta line", [b.text for b in meta_zone]), ("body trailer", dropped),
             ("after body", [b.text for b in trailer]))
    found: dict[str, list[tuple[str, str, str]]] = {"source": [], "editor": [], "author": []}
    for zone_name, lines in zones:
        for line in lines:
            for fieldname, value, label in parse_labels(line):
                if fieldname in found and value:
                    found[fieldname].append((value, label, zone_name))
    found["editor"].sort(key=lambda hit: rules.EDITOR_RANK.get(hit[1], 2))  # stable: page order kept
    # source
    candidates = [(v, "profile") for v in xpath_values(root, profile.source)]
    candidates += [(v, f"label {label} ({zone})") for v, label, zone in found["source"]]
    source = None
    for value, rule in candidates:
        if (source := clean_source(value)):
            used["source"] = rule
            break
    if source is None and (source := _source_element(meta_zone, article.title)):
        used["source"] = "source element under the headline"
    if source is None and date_block is not None:
        if (source := clean_source(unlabeled_source(date_block, article.published_at_raw))):
            used["source"] = "beside the date"
    account_authors: list[str] = []
    if source is None:
        source, account_authors = _account_name(meta_zone, date_block, article.title)
        if source:
            used["source"] = "account under the headline"
    if source is None:
        hit = page.first(rules.SOURCE_META)
        if hit and (source := clean_source(hit[1])):
            used["source"] = f"meta {hit[0]}"
    article.source = source
    # editor
    candidates = [(v, "profile") for v in xpath_values(root, profile.editor)]
    candidates += [(v, f"label {label} ({zone})") for v, label, zone in found["editor"]]
    for value, rule in candidates:
        if (editor := clean_editor(value)):
            article.editor = editor
            used["editor"] = rule
            break
    # authors, in page order: meta line, byline, dateline, trailer
    authors: list[str] = []
    sources: list[str] = []

    def add(names: list[str], rule: str) -> None:
        if names:
            authors.extend(names)
            sources.append(rule)

    explicit = xpath_values(root, profile.authors)
    for value in explicit:
        add(clean_names(value), "profile")
    if not explicit:
        for value, label, zone in found["author"]:
            add(clean_names(value), f"label {label} ({zone})")
        for block in meta_zone[:6]:  # 本报记者 高云才 郁静娴 under the headline
            names = byline_authors(block.text) if not parse_labels(block.text) else None
            if names:
                add(names, "byline under the headline")
        add(byline, "byline")
        add(account_authors, "account under the headline")
        for para in paragraphs[:3]:
            names = dateline_authors(para)
            if names:
                add(names, "dateline")
                break
        add(trailing, "closing credit line")
        if paragraphs and not authors:
            add(closing_names(paragraphs[-1]), "closing brackets")
        if not authors:
            hit = page.first(rules.AUTHOR_META)
            visible = " ".join(b.text for b in meta_zone) + " " + " ".join(dropped)
            if hit:
                editors = set((article.editor or "").split(" "))
                add([n for n in clean_names(hit[1]) if n in visible and n != article.source and n not in editors],
                    f"meta {hit[0]}")
    seen: set[str] = set()
    article.authors = [a for a in authors if not (a in seen or seen.add(a))]  # type: ignore[func-returns-value]
    if article.editor and article.editor in seen and not explicit:
        article.authors = [a for a in article.authors if a != article.editor]
    if article.authors:
        used["authors"] = "+".join(dict.fromkeys(sources))
    return used











def _source_element(meta_zone: list[Block], title: str | None) -> str | None:
    """An element under the headline whose class says it names the outlet or account."""
    zone = []
    for block in meta_zone[:6]:
        if len(block.text) > 80:
            break
        zone.append(block)
    for attr in rules.SOURCE_ATTRS:
        for block in zone:
            for el in block.element.iter():
                attrs = f"{el.get('class', '')} {el.get('id', '')}"
                if not isinstance(el.tag, str) or not attr.search(attrs) or rules.NOT_SOURCE_ATTR.search(attrs):
                    continue
                text = collapse(text_content(el))
                if rules.CAPTION_END.search(text) or rules.CAPTION_TEXT.match(text):
                    continue
                if (2 <= len(text) <= 16 and not re.search(r"\s|\d{2}|[，。！？、:：|/（）()]", text)
                        and text not in rules.NOT_A_SOURCE and not (title and text in title)):
                    return clean_source(text)
    return None


def _account_name(meta_zone: list[Block], date_block: str | None,
                  title: str | None) -> tuple[str | None, list[str]]:
    """On self-media platforms the account shown under the headline is the outlet.

    "石佳/中国青年报" names the writer, then the outlet.
    """
    texts = [b.text for b in meta_zone]
    date_at = texts.index(date_block) if date_block in texts else None
    for i, block in enumerate(meta_zone[:8]):
        if len(block.text) > 30 or re.search(r"[，。！？（）()]", block.text) or (
                date_at is not None and abs(i - date_at) > 3):
            if i > (date_at or 0):
                break  # the body has begun
            continue
        attrs = f"{block.element.get('class', '')} {block.element.get('id', '')}"
        near_date = date_at is not None and abs(i - date_at) == 1
        if not (rules.ACCOUNT_ATTR.search(attrs) or near_date):
            continue
        token = block.text.split(" ")[0]
        names: list[str] = []
        if token.count("/") == 1:
            left, right = token.split("/")
            if rules.CJK_NAME.match(left):
                names, token = [left], right
        if (2 <= len(token) <= 16 and not re.search(r"\d{2}|[，。！？、:：|/]", token)
                and re.search(r"[\u4e00-\u9fffA-Za-z]", token)
                and not re.search(r"[\ue000-\uf8ff]", token)
                and token not in rules.NOT_A_SOURCE and not parse_labels(block.text)
                and not (title and token in title)
                and not rules.BOILERPLATE_PARAGRAPH.search(block.text)):
            return clean_source(token), names
    return None, []


