"""Choosing the publication date among what the page shows, in order of trust."""
from __future__ import annotations

import re
from datetime import datetime

from . import rules
from .context import PageContext
from .dates import FoundDate, date_from_url, find_dates, parse_date
from .dom import Block
from .metadata import PageMeta
from .record import Article
from .xpaths import xpath_values

__all__ = ["set_published"]




def set_published(article: Article, ctx: PageContext) -> str | None:
    profile, root, page, blocks, meta_zone = ctx.profile, ctx.scope, ctx.page, ctx.blocks, ctx.meta_zone
    title_idx, url, now, zone = ctx.title_idx, ctx.url, ctx.now, ctx.zone
    meta_date = None
    for key in rules.DATE_META:
        value = page.meta.get(key)
        if value and (meta_date := parse_date(value, now=now)):
            break
    if meta_date is None:
        value = page.jsonld_value("datePublished", "dateCreated", "pubDate", "uploadDate")
        if isinstance(value, str):
            meta_date = parse_date(value, now=now)
    year_hint = _year_hint(page, url, meta_date, now)
    if year_hint is None and title_idx is not None:
        year_hint = _page_year(blocks[max(0, title_idx - 4): title_idx + 12])

    def dates_in(text: str, relative: bool = True) -> list[FoundDate]:
        return find_dates(text, now=now, relative=relative, year_hint=year_hint)

    found: FoundDate | None = None
    how = ""
    for text in xpath_values(root, profile.date):
        found = parse_date(text, now=now)
        if found:
            how = "profile"
            break
    short_zone = [b for b in meta_zone
                  if len(b.text) <= 100 and b.element.tag != "li" and b.link_chars < 0.8 * len(b.text)]
    if found is None:
        for block in short_zone:
            if rules.DATE_LABEL.search(block.text) and (found := _labelled_date(block.text, dates_in)):
                how = "meta line, labelled"
                break
    if found is None:
        for block in short_zone:
            dates = [d for d in dates_in(block.text) if _FULL_YEAR.search(d.raw)]
            if dates:
                found, how = max(dates[:2], key=lambda d: _PRECISION_RANK[d.precision]), "meta line"
                break
    if found is None and title_idx is not None:
        # a dated line just above the headline (an e-paper's 版面 line)
        for block in blocks[max(0, title_idx - 4): title_idx]:
            dates = [d for d in dates_in(block.text, relative=False) if _FULL_YEAR.search(d.raw)]
            if (dates and len(block.text) <= 100 and block.link_chars < 0.5 * len(block.text)
                    and not rules.DATE_LABEL.search(block.text)):  # labelled lines are weighed below
                found, how = dates[0], "above headline"
                break
    if found is None:
        # a date spread over cells: <div>2019</div><div>09/07</div><div>19:02</div>
        for i in range(len(short_zone) - 1):
            run = [b.text for b in short_zone[i:i + 3]]
            if all(len(t) <= 12 for t in run[:2]) and (dates := dates_in(" ".join(run), relative=False)):
                found, how = dates[0], "meta line, split"
                break
    if found is None:
        for block in short_zone:  # year-less and relative forms: 3月16日 18:52, 昨天 18:52
            dates = dates_in(block.text)
            if dates:
                found, how = max(dates[:2], key=lambda d: _PRECISION_RANK[d.precision]), "meta line"
                break
    if found is None:
        labelled: list[tuple[int, int, FoundDate]] = []
        for i, block in enumerate(blocks):
            if len(block.text) < 80 and rules.DATE_LABEL.search(block.text):
                text = block.text
                if rules.DATE_LABEL.search(text[-8:]) and i + 1 < len(blocks):
                    text += " " + blocks[i + 1].text[:40]  # label and value in two cells
                labelled.extend((rank, i, d) for rank, d in _labelled_dates(text, dates_in))
        if labelled:
            found, how = min(labelled, key=lambda t: (t[0], t[1]))[2], "labelled"
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


_FULL_YEAR = re.compile(r"(?:19|20)\d{2}|^\d{2}-\d{2}-\d{2}")


def _page_year(blocks: list[Block]) -> int | None:
    """The year of the first full date shown around the headline."""
    for block in blocks:
        if len(block.text) <= 100:
            for d in find_dates(block.text, relative=False):
                if _FULL_YEAR.search(d.raw):
                    return d.value.year
    return None


def _year_hint(page: PageMeta, url: str | None, meta_date: FoundDate | None, now: datetime | None) -> int | None:
    if meta_date is not None:
        return meta_date.value.year
    for key, value in page.meta.items():
        if ("date" in key or "time" in key) and (m := re.search(r"(?<!\d)(19|20)\d{2}(?=[-/年])", value)):
            return int(m.group(0))
    from_url = date_from_url(url)
    return from_url.value.year if from_url else None


_PRECISION_RANK = {"day": 0, "minute": 1, "second": 2}


def _labelled_dates(text: str, dates_in) -> list[tuple[int, FoundDate]]:
    """(rank, date) for every labelled date in a line; rank 0 is a publication label."""
    out = []
    for m in rules.DATE_LABEL.finditer(text):
        dates = dates_in(text[m.end():])
        if dates and dates[0].start < 12:
            out.append((_label_rank(m.group(0)), dates[0]))
    return out


def _label_rank(label: str) -> int:
    # 发布日期 is when the page went out; 成文日期 is when the document was signed
    if re.search(r"发布|发表|publish", label, re.IGNORECASE):
        return 0
    if "发文" in label:
        return 1
    if re.search(r"成文|生成|更新|上传|录入", label):
        return 3
    return 2


def _labelled_date(text: str, dates_in) -> FoundDate | None:
    found = _labelled_dates(text, dates_in)
    return min(found, key=lambda rd: rd[0])[1] if found else None


