"""The engine: extract(html, url) -> Article, a pure function of its arguments."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import datetime, tzinfo
from typing import Iterable

from lxml import etree

from .. import __version__
from . import rules
from .body import PUNCT, find_body
from .dates import FoundDate, date_from_url, find_dates, parse_date, resolve_zone
from .decode import decode_html
from .dom import Block, clean_tree, collapse, element_text, iter_blocks, parse
from .metadata import (
    PageMeta, breadcrumb, choose_title, clean_editor, clean_names, clean_source,
    closing_names, dateline_authors, parse_labels, read_page_meta, unlabeled_source,
)
from .profile import ExtractionProfile
from .record import Article

__all__ = ["extract", "extract_with_rules", "EXTRACTOR_VERSION"]

EXTRACTOR_VERSION = f"newsarchive/{__version__}"
_CJK = re.compile(r"[\u4e00-\u9fff]")
_DATE_LABEL = re.compile(r"(?:发布|发表|发文|成文|生成|更新|上传|录入)?(?:时间|日期)\s*[:：]|发布于?\s*[:：]?|发表于|publish(?:ed)?\s*(?:on|at|:)?", re.I)
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
    such as 3小时前. Raises :class:`~newsarchive.exceptions.ExtractionError` only
    for input that is not a document at all (empty, binary, no markup).
    """
    return extract_with_rules(html, url, now=now, encoding=encoding, content_type=content_type,
                              profile=profile, timezone=timezone)[0]


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
    """
    profile = profile or _NO_PROFILE
    rules_used: dict[str, str] = {}
    zone = resolve_zone(timezone or profile.timezone)
    where = url or "<input>"
    text, _used, warnings = decode_html(html, encoding=encoding, content_type=content_type, where=where)
    root = parse(text, warnings)
    page = read_page_meta(root, url)
    clean_tree(root)
    body_el = root.find(".//body")
    scope = body_el if body_el is not None else root
    blocks = list(iter_blocks(scope))

    article = Article(url=url, canonical_url=page.canonical, extractor_version=EXTRACTOR_VERSION)
    article.warnings = warnings

    title, title_el = choose_title(scope, page, xpaths=profile.title)
    article.title = title
    if title:
        profiled = bool(profile.title) and title in _xpath_values(scope, profile.title)
        rules_used["title"] = "profile" if profiled else ("headline" if title_el is not None else "title tag")
    title_idx = _title_block_index(blocks, title, title_el)

    body = find_body(blocks, scope, title=title, title_el=title_el, url=url,
                     xpaths=profile.body, drop_xpaths=profile.drop)
    if profile.drop:
        blocks = list(iter_blocks(scope))
        title_idx = _title_block_index(blocks, title, title_el)
    article.images = body.images

    body_start, body_end = _body_span(blocks, body.container)
    if title_idx is not None and body_start is not None and body_start <= title_idx < (body_end or 0):
        meta_zone = blocks[title_idx + 1: title_idx + 12]  # headline inside the container
    elif title_idx is not None:
        stop = body_start if body_start is not None and body_start > title_idx else title_idx + 12
        meta_zone = blocks[title_idx + 1: min(stop, title_idx + 12) + 1]
    else:
        meta_zone = blocks[max(0, (body_start or 0) - 6): body_start or 0]
    trailer = blocks[body_end: body_end + 8] if body_end is not None else []

    now_local = now.astimezone(zone).replace(tzinfo=None) if now and now.tzinfo else now
    date_rule = _set_date(article, profile, scope, page, blocks, meta_zone, title_idx, url, now_local, zone)
    if date_rule:
        rules_used["published_at"] = date_rule
    rules_used.update(_set_credits(article, profile, scope, page, meta_zone, body.dropped, trailer,
                                   body.paragraphs, body.byline_authors))
    rules_used["body"] = body.rule

    article.section = _xpath_list(scope, profile.section) or breadcrumb(blocks, scope, title)
    article.site_name = _site_name(page, title)
    article.language = _language(page, blocks)

    page_type = _page_type(article, body, blocks)
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
    article.content_hash = content_hash(article.title, article.text)
    rules_used["page_type"] = page_type
    return article, rules_used


def content_hash(title: str | None, text: str) -> str:
    norm = unicodedata.normalize("NFKC", f"{title or ''}\n{text}")
    norm = re.sub(r"\s+", "", norm)
    return "sha256:" + hashlib.sha256(norm.encode("utf-8")).hexdigest()


def _xpath_values(root: etree._Element, xpaths: Iterable[str]) -> list[str]:
    for xp in xpaths:
        out = []
        result = root.xpath(xp)
        hits = result if isinstance(result, list) else [result]  # string(), substring-after() ...
        for hit in hits:
            text = element_text(hit) if isinstance(hit, etree._Element) else collapse(str(hit))
            if text:
                out.append(text)
        if out:
            return out
    return []


def _xpath_list(root: etree._Element, xpaths: Iterable[str]) -> list[str]:
    values = _xpath_values(root, xpaths)
    if len(values) == 1:
        return [v for v in (collapse(p) for p in rules.BREADCRUMB_SPLIT.split(values[0])) if v]
    return values


def _title_block_index(blocks: list[Block], title: str | None, title_el: etree._Element | None) -> int | None:
    if not title:
        return None
    if title_el is not None:
        lineage = {id(title_el)} | {id(a) for a in title_el.iterancestors()}
        for i, block in enumerate(blocks):
            if id(block.element) in lineage and block.text and (
                    title in block.text or (block.text in title and len(block.text) * 2 >= len(title))):
                return i
    for i, block in enumerate(blocks):
        if block.text == title:
            return i
    for i, block in enumerate(blocks):
        if title in block.text and len(block.text) < len(title) * 2 + 20:
            return i
    return None


def _body_span(blocks: list[Block], container: etree._Element | None) -> tuple[int | None, int | None]:
    if container is None:
        return None, None
    inside = [i for i, b in enumerate(blocks) if b.element is container or _is_inside(b.element, container)]
    if not inside:
        return None, None
    return inside[0], inside[-1] + 1


def _is_inside(el: etree._Element, container: etree._Element) -> bool:
    for anc in el.iterancestors():
        if anc is container:
            return True
    return False


def _set_date(article: Article, profile: ExtractionProfile, root: etree._Element, page: PageMeta,
              blocks: list[Block], meta_zone: list[Block], title_idx: int | None, url: str | None,
              now: datetime | None, zone: tzinfo) -> str | None:
    meta_date = None
    for key in rules.DATE_META:
        value = page.meta.get(key)
        if value and (meta_date := parse_date(value, now=now)):
            break
    if meta_date is None:
        value = page.jsonld_value("datePublished", "dateCreated")
        if isinstance(value, str):
            meta_date = parse_date(value, now=now)
    year_hint = _year_hint(page, url, meta_date, now)

    def dates_in(text: str, relative: bool = True) -> list[FoundDate]:
        return find_dates(text, now=now, relative=relative, year_hint=year_hint)

    found: FoundDate | None = None
    how = ""
    for text in _xpath_values(root, profile.date):
        found = parse_date(text, now=now)
        if found:
            how = "profile"
            break
    short_zone = [b for b in meta_zone
                  if len(b.text) <= 100 and b.element.tag != "li" and b.link_chars < 0.8 * len(b.text)]
    if found is None:
        for block in short_zone:
            if _DATE_LABEL.search(block.text) and (found := _labelled_date(block.text, dates_in)):
                how = "meta line, labelled"
                break
    if found is None:
        for block in short_zone:
            dates = dates_in(block.text)
            if dates:
                found, how = max(dates[:2], key=lambda d: _PRECISION_RANK[d.precision]), "meta line"
                break
    if found is None:
        # a date spread over cells: <div>2019</div><div>09/07</div><div>19:02</div>
        for i in range(len(short_zone) - 1):
            run = [b.text for b in short_zone[i:i + 3]]
            if all(len(t) <= 12 for t in run[:2]) and (dates := dates_in(" ".join(run), relative=False)):
                found, how = dates[0], "meta line, split"
                break
    if found is None:
        for i, block in enumerate(blocks):
            if len(block.text) < 80 and _DATE_LABEL.search(block.text):
                text = block.text
                if _DATE_LABEL.search(text[-8:]) and i + 1 < len(blocks):
                    text += " " + blocks[i + 1].text[:40]  # label and value in two cells
                found = _labelled_date(text, dates_in)
                if found:
                    how = "labelled"
                    break
    if found is None and meta_date is not None:
        found, how = meta_date, "structured metadata"
    if found is None and page.script_date:
        found = parse_date(page.script_date, now=now)
        how = "script data"
    if found is None and title_idx is not None:
        for block in blocks[max(0, title_idx - 4): title_idx + 30]:
            if len(block.text) < 120:
                dates = dates_in(block.text, relative=False)
                if dates:
                    found, how = dates[0], "near headline"
                    break
    if found is None:
        found = date_from_url(url)
        if found:
            how = "url"
            article.warnings.append(f"published_at: taken from the URL ({found.raw}), day precision only")
    if found is None:
        article.warnings.append("published_at: no publication date found")
        return None
    if now is not None and found.value.replace(tzinfo=None) > now.replace(tzinfo=None):
        article.warnings.append(f"published_at: {found.raw!r} is later than now")
    article.published_at = found.iso(zone)
    article.published_at_raw = found.raw
    article.published_precision = found.precision
    return how


def _year_hint(page: PageMeta, url: str | None, meta_date: FoundDate | None, now: datetime | None) -> int | None:
    if meta_date is not None:
        return meta_date.value.year
    for key, value in page.meta.items():
        if ("date" in key or "time" in key) and (m := re.search(r"(?<!\d)(19|20)\d{2}(?=[-/年])", value)):
            return int(m.group(0))
    from_url = date_from_url(url)
    return from_url.value.year if from_url else None


_PRECISION_RANK = {"day": 0, "minute": 1, "second": 2}


def _labelled_date(text: str, dates_in) -> FoundDate | None:
    m = _DATE_LABEL.search(text)
    if not m:
        return None
    dates = dates_in(text[m.end():])
    return dates[0] if dates and dates[0].start < 12 else None


def _set_credits(article: Article, profile: ExtractionProfile, root: etree._Element, page: PageMeta,
                 meta_zone: list[Block], dropped: list[str], trailer: list[Block],
                 paragraphs: list[str], byline: list[str]) -> dict[str, str]:
    """Fill source, editor and authors; return which rule gave each."""
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
    candidates = [(v, "profile") for v in _xpath_values(root, profile.source)]
    candidates += [(v, f"label {label} ({zone})") for v, label, zone in found["source"]]
    source = None
    for value, rule in candidates:
        if (source := clean_source(value)):
            used["source"] = rule
            break
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
    candidates = [(v, "profile") for v in _xpath_values(root, profile.editor)]
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

    explicit = _xpath_values(root, profile.authors)
    for value in explicit:
        add(clean_names(value), "profile")
    if not explicit:
        for value, label, zone in found["author"]:
            add(clean_names(value), f"label {label} ({zone})")
        add(byline, "byline")
        add(account_authors, "account under the headline")
        for para in paragraphs[:3]:
            names = dateline_authors(para)
            if names:
                add(names, "dateline")
                break
        if paragraphs and not authors:
            add(closing_names(paragraphs[-1]), "closing brackets")
        if not authors:
            hit = page.first(rules.AUTHOR_META)
            visible = " ".join(b.text for b in meta_zone) + " " + " ".join(dropped)
            if hit:
                add([n for n in clean_names(hit[1]) if n in visible and n != article.source], f"meta {hit[0]}")
    seen: set[str] = set()
    article.authors = [a for a in authors if not (a in seen or seen.add(a))]  # type: ignore[func-returns-value]
    if article.editor and article.editor in seen and not explicit:
        article.authors = [a for a in article.authors if a != article.editor]
    if article.authors:
        used["authors"] = "+".join(dict.fromkeys(sources))
    return used


_ACCOUNT_ATTR = re.compile(r"source|author|name|account|media|from|pgc|nick|profile|meta|info|laiyuan|ly\b", re.I)


def _account_name(meta_zone: list[Block], date_block: str | None,
                  title: str | None) -> tuple[str | None, list[str]]:
    """On self-media platforms the account shown under the headline is the outlet.

    "石佳/中国青年报" names the writer, then the outlet.
    """
    texts = [b.text for b in meta_zone]
    date_at = texts.index(date_block) if date_block in texts else None
    for i, block in enumerate(meta_zone[:8]):
        if len(block.text) >= 60 or (date_at is not None and abs(i - date_at) > 3):
            if i > (date_at or 0):
                break  # the body has begun
            continue
        attrs = f"{block.element.get('class', '')} {block.element.get('id', '')}"
        near_date = date_at is not None and abs(i - date_at) == 1
        if not (_ACCOUNT_ATTR.search(attrs) or near_date):
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
    if len(_CJK.findall(sample)) > 0.2 * len(sample.replace(" ", "")):
        return "zh"
    return None


def _page_type(article: Article, body, blocks: list[Block]) -> str:
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
    return "other"


_SENTENCE_PUNCT = re.compile(r"[，。！？；,.!?;]")
