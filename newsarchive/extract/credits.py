"""Source, editor and authors: candidates from all the evidence, then one choice per field.

Each field runs an ordered table of named strategies over the :class:`PageContext`
(the meta line under the headline, labelled lines near the body, the body's first
and last lines, ``<meta>`` tags). Every strategy yields :class:`Candidate` values
with a base score; a source named by several strategies, or also by the page's
``<meta>`` tags or ``<title>`` suffix, gains weight, and :func:`choose` keeps the best
(earlier rows winning ties). Authors are a list: the strategies that name people in
the byline positions add up in page order, weaker ones only fill an empty list.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from . import rules
from .choose import Candidate, choose
from .context import PageContext
from .dom import Block, collapse, text_content
from .labels import (
    byline_authors,
    clean_editor,
    clean_names,
    clean_source,
    closing_names,
    closing_source,
    credit_byline,
    dateline_authors,
    lead_source,
    looks_like_person,
    names_no_outlet,
    parse_labels,
    unlabeled_source,
)
from .limits import LIMITS
from .record import Article

__all__ = ["set_credits"]


@dataclass
class _Evidence:
    """What the credit strategies read, gathered once per page."""

    head: list[Block]  # lines under the headline and right before the body
    labelled: dict[str, list[tuple[str, str, str]]]  # field -> (value, label, zone), page order
    lead: list[str]  # the body's first paragraphs
    closing: list[str]  # the body's last paragraphs, dropped credit lines, trailer
    agree: set[str]  # outlet names that <meta> and the <title> suffix give
    date_line: int | None = None  # index in ``head`` of the line holding the date
    source: str | None = None
    editors: set[str] = field(default_factory=set)


def set_credits(article: Article, ctx: PageContext) -> dict[str, str]:
    """Fill source, editor and authors; return which rule gave each."""
    assert ctx.body is not None
    ev = _gather(ctx)
    ev.date_line = _date_index(ev.head, article.published_at_raw)
    used: dict[str, str] = {}
    source = choose(_scored_sources(ctx, ev))
    if source is not None:
        article.source, used["source"] = source.value, source.rule
    ev.source = article.source
    editor = choose(c for _name, strategy in EDITOR_STRATEGIES for c in strategy(ctx, ev))
    if editor is not None:
        article.editor, used["editor"] = editor.value, editor.rule
        ev.editors = set(editor.value.split(" "))
    article.authors, rule = _authors(ctx, ev)
    if rule:
        used["authors"] = rule
    return used


# -- evidence ------------------------------------------------------------------------------


def _body_start(ctx: PageContext) -> int | None:
    container = ctx.body.container if ctx.body else None
    if container is None:
        return None
    inside = set(container.iter())
    return next((i for i, b in enumerate(ctx.blocks) if b.element in inside), None)


def _head(ctx: PageContext) -> list[Block]:
    """The meta zone core found, plus the short lines right before the body (in page order):
    the meta line stands there even when the headline was not found where it is."""
    index = {id(b): i for i, b in enumerate(ctx.blocks)}
    picked = {index[id(b)] for b in ctx.meta_zone if id(b) in index}
    start = _body_start(ctx)
    if start is not None:
        for i in range(max(0, start - LIMITS.credit_lines_before_body), start):
            if len(ctx.blocks[i].text) <= LIMITS.credit_line_chars:
                picked.add(i)
    return [ctx.blocks[i] for i in sorted(picked) if ctx.blocks[i].text]


def _gather(ctx: PageContext) -> _Evidence:
    assert ctx.body is not None
    head = _head(ctx)
    trailer = [b.text for b in ctx.trailer if b.text]
    labelled: dict[str, list[tuple[str, str, str]]] = {"source": [], "editor": [], "author": []}
    zones = (
        ("meta line", [b.text for b in head]),
        ("body trailer", ctx.body.dropped),
        ("after body", trailer),
    )
    for zone, lines in zones:
        for line in lines:
            for fieldname, value, label in parse_labels(line):
                if fieldname in labelled and value:
                    labelled[fieldname].append((value, label, zone))
    paragraphs = ctx.body.paragraphs
    closing = (
        paragraphs[-LIMITS.closing_paragraphs :]
        + ctx.body.dropped
        + trailer[: LIMITS.closing_trailer_lines]
    )
    return _Evidence(
        head=head,
        labelled=labelled,
        lead=paragraphs[: LIMITS.lead_paragraphs],
        closing=closing,
        agree=_agreeing_names(ctx),
    )


def _key(value: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value))


def _agreeing_names(ctx: PageContext) -> set[str]:
    """Outlets the page names outside its text: source/site <meta> tags and the <title> suffix."""
    names = {ctx.page.meta.get(k, "") for k in (*rules.SOURCE_META, *rules.SITE_META)}
    parts = [p for p in rules.TITLE_SPLIT.split(ctx.page.title_tag or "") if p]
    if len(parts) >= 2:
        names.add(parts[-1])
    return {_key(n) for n in names if n}


# -- source --------------------------------------------------------------------------------


def _src_profile(ctx: PageContext, ev: _Evidence) -> Iterator[Candidate[str]]:
    for value in ctx.xpath_values(ctx.scope, ctx.profile.source):
        if source := clean_source(value):
            yield Candidate(source, "profile", 100.0)


def _src_labelled(ctx: PageContext, ev: _Evidence) -> Iterator[Candidate[str]]:
    for value, label, zone in ev.labelled["source"]:
        if source := clean_source(value):
            yield Candidate(source, f"label {label} ({zone})", 10.0 if zone == "meta line" else 9.0)


def _src_element(ctx: PageContext, ev: _Evidence) -> Iterator[Candidate[str]]:
    if source := _source_element(ev.head, ctx.title):
        yield Candidate(source, "source element under the headline", 9.0)


def _classed_writers(block: Block) -> list[str]:
    """Texts of the meta line's elements whose class names the writer (<span class="con1_author">)."""
    out = []
    for el in islice(block.element.iter(), LIMITS.credit_line_elements):
        attrs = f"{el.get('class', '')} {el.get('id', '')}" if isinstance(el.tag, str) else ""
        if rules.AUTHOR_CLASS.search(attrs) and not rules.SOURCE_ATTRS[1].search(attrs):
            text = collapse(text_content(el))
            if 2 <= len(text) <= 30:
                out.append(text)
    return out


def _src_beside_date(ctx: PageContext, ev: _Evidence) -> Iterator[Candidate[str]]:
    if ev.date_line is not None:
        block = ev.head[ev.date_line]
        source, _names = unlabeled_source(block.text)
        if (
            source
            and not (ctx.title and source in ctx.title)
            and source not in _classed_writers(block)
        ):
            yield Candidate(source, "beside the date", 7.0)


def _src_account(ctx: PageContext, ev: _Evidence) -> Iterator[Candidate[str]]:
    source, _names = _account_name(ev.head, ev.date_line, ctx.title)
    if source:
        yield Candidate(source, "account under the headline", 6.0)


def _src_lead(ctx: PageContext, ev: _Evidence) -> Iterator[Candidate[str]]:
    for para in ev.lead:
        if source := lead_source(para):
            yield Candidate(source, "credit opening the text", 5.0)
            return


def _src_closing(ctx: PageContext, ev: _Evidence) -> Iterator[Candidate[str]]:
    for line in reversed(ev.closing):
        if source := closing_source(line):
            yield Candidate(source, "credit closing the text", 5.0)
            return
    assert ctx.body is not None
    for (
        para
    ) in ctx.body.paragraphs:  # 转自《北京科技报》 standing alone between the intro and the rest
        if len(para) <= LIMITS.credit_paragraph_chars and (source := closing_source(para)):
            yield Candidate(source, "credit line inside the text", 4.0)
            return


def _src_meta(ctx: PageContext, ev: _Evidence) -> Iterator[Candidate[str]]:
    hit = ctx.page.first(rules.SOURCE_META)
    if hit and (source := clean_source(hit[1])):
        yield Candidate(source, f"meta {hit[0]}", 3.0)


SourceStrategy = Callable[[PageContext, _Evidence], Iterable[Candidate[str]]]
SOURCE_STRATEGIES: tuple[tuple[str, SourceStrategy], ...] = (
    ("profile", _src_profile),
    ("label", _src_labelled),
    ("element", _src_element),
    ("beside-date", _src_beside_date),
    ("account", _src_account),
    ("lead", _src_lead),
    ("closing", _src_closing),
    ("meta", _src_meta),
)


def _scored_sources(ctx: PageContext, ev: _Evidence) -> list[Candidate[str]]:
    """Every source candidate, raised when other strategies or the page's metadata agree."""
    writers = {n for value, _label, _zone in ev.labelled["author"] for n in clean_names(value)}
    # 2020-06-05 20:35 叨叨姐 胡一刀: a name the page labels as a writer elsewhere is not the outlet
    columns = _column_names(ev.head)
    # a writer the page labels elsewhere, or a column of the breadcrumb, is not the outlet
    found = [
        (name, c)
        for name, strategy in SOURCE_STRATEGIES
        for c in strategy(ctx, ev)
        if name in ("profile", "label") or c.value not in writers | columns
    ]
    backers: dict[str, set[str]] = {}
    for name, c in found:
        backers.setdefault(_key(c.value), set()).add(name)
    out = []
    for _name, c in found:
        key = _key(c.value)
        others = min(len(backers[key]) - 1, 2)
        bonus = LIMITS.source_agreement_bonus * (others + (key in ev.agree))
        out.append(Candidate(c.value, c.rule, c.score + bonus, tuple(sorted(backers[key]))))
    return out


def _column_names(head: list[Block]) -> set[str]:
    """The items of a breadcrumb line under the headline (专栏/轻小说/同人连载): columns, not outlets."""
    names: set[str] = set()
    for block in head:
        parts = [
            collapse(p)
            for p in rules.CRUMB_SEPARATOR.split(rules.BREADCRUMB_TEXT.sub("", block.text))
        ]
        if len(parts) >= 3:
            names.update(p for p in parts if p)
    return names


def _date_index(head: list[Block], raw: str | None) -> int | None:
    """The meta line: the line holding the date the date stage read, else the first short dated line."""
    if raw:
        at = next(
            (
                i
                for i, b in enumerate(head)
                if raw in b.text
                and len(b.text) <= 120
                and _FULL_DATE.search(b.text)
                and b.text.count("|") < 3
            ),
            None,
        )
        if at is None:  # split over cells (2019 | 09/07 | 19:02): the last cell holding part of it
            at = next(
                (
                    i
                    for i in range(min(len(head), 8) - 1, -1, -1)
                    if head[i].text and len(head[i].text) <= 12 and head[i].text in raw
                ),
                None,
            )
        return at  # else the date stands elsewhere: no line here is the meta line
    return next(
        (i for i, b in enumerate(head) if len(b.text) <= 120 and _FULL_DATE.search(b.text)), None
    )


_FULL_DATE = re.compile(r"(?:19|20)\d{2}\s*[-/年.]\s*\d{1,2}\s*[-/月.]\s*\d{1,2}")


def _source_element(head: list[Block], title: str | None) -> str | None:
    """An element under the headline whose class says it names the outlet or account."""
    zone = []
    for block in head[:6]:
        if len(block.text) > 80:
            break
        zone.append(block)
    for attr in rules.SOURCE_ATTRS:
        for block in zone:
            for el in islice(block.element.iter(), LIMITS.credit_line_elements):
                if not isinstance(el.tag, str):
                    continue
                attrs = f"{el.get('class', '')} {el.get('id', '')}"
                if not attr.search(attrs) or rules.NOT_SOURCE_ATTR.search(attrs):
                    continue
                text = collapse(text_content(el))
                if _plain_name(text, title) and not rules.CAPTION_TEXT.match(text):
                    return clean_source(text)
    return None


def _plain_name(text: str, title: str | None) -> bool:
    return (
        2 <= len(text) <= 16
        and not re.search(r"\s|\d{2}|[，。！？、:：|/（）()]", text)
        and text not in rules.NOT_A_SOURCE
        and not rules.CAPTION_END.search(text)
        and not (title and text in title)
    )


def _account_name(
    head: list[Block], date_at: int | None, title: str | None
) -> tuple[str | None, list[str]]:
    """On self-media platforms the account shown under the headline is the outlet.

    "石佳/中国青年报" names the writer, then the outlet. Only the account's name is
    kept, never a sentence around it.
    """
    first = max(0, date_at - 3) if date_at is not None else 0
    for i, block in enumerate(head[first : first + 8], start=first):
        if (
            len(block.text) > 30
            or re.search(r"[，。！？（）()]", block.text)
            or (date_at is not None and abs(i - date_at) > 3)
        ):
            if i > (date_at or 0):
                break  # the body has begun
            continue
        attrs = f"{block.element.get('class', '')} {block.element.get('id', '')}"
        if not (
            rules.ACCOUNT_ATTR.search(attrs) or (date_at is not None and abs(i - date_at) == 1)
        ):
            continue
        token, names = _account_token(block.text)
        if token in _classed_writers(block):
            continue  # the writer, named by its class
        if (
            2 <= len(token) <= 16
            and not re.search(r"\d{2}|[，。！？、:：|/\[\]【】《》]", token)
            and re.search(r"[\u4e00-\u9fffA-Za-z]", token)
            and not re.search(r"[\ue000-\uf8ff]", token)
            and token not in rules.NOT_A_SOURCE
            and not parse_labels(block.text)
            and not names_no_outlet(block.text)
            and not (title and token in title)
            and not rules.BOILERPLATE_PARAGRAPH.search(block.text)
        ):
            return clean_source(token), names
    return None, []


def _account_token(text: str) -> tuple[str, list[str]]:
    token = text.split(" ")[0]
    if token.count("/") == 1:
        left, right = token.split("/")
        if rules.CJK_NAME.match(left):
            return right, [left]
    return token, []


# -- editor --------------------------------------------------------------------------------


def _ed_profile(ctx: PageContext, ev: _Evidence) -> Iterator[Candidate[str]]:
    for value in ctx.xpath_values(ctx.scope, ctx.profile.editor):
        if editor := clean_editor(value):
            yield Candidate(editor, "profile", 100.0)


def _ed_labelled(ctx: PageContext, ev: _Evidence) -> Iterator[Candidate[str]]:
    # the page's responsible editor (责任编辑) beats an editing credit inside a republished text
    for value, label, zone in ev.labelled["editor"]:
        if editor := clean_editor(value):
            yield Candidate(
                editor, f"label {label} ({zone})", 10.0 - rules.EDITOR_RANK.get(label, 2)
            )


def _ed_bracketed(ctx: PageContext, ev: _Evidence) -> Iterator[Candidate[str]]:
    for line in ev.closing:
        m = rules.BRACKETED_EDITOR.match(line)
        if m and (editor := clean_editor(m.group("names"))):
            yield Candidate(editor, "bracketed editor credit", 5.0)


EDITOR_STRATEGIES: tuple[tuple[str, SourceStrategy], ...] = (
    ("profile", _ed_profile),
    ("label", _ed_labelled),
    ("bracketed", _ed_bracketed),
)


# -- authors -------------------------------------------------------------------------------


def _au_labelled(ctx: PageContext, ev: _Evidence) -> Iterator[list[str]]:
    for value, _label, _zone in ev.labelled["author"]:
        yield clean_names(value)


def _au_head_byline(ctx: PageContext, ev: _Evidence) -> Iterator[list[str]]:
    for block in ev.head[: LIMITS.byline_head_lines]:  # 本报记者 高云才 郁静娴 under the headline
        if not parse_labels(block.text):
            yield byline_authors(block.text) or []


def _au_body_byline(ctx: PageContext, ev: _Evidence) -> Iterator[list[str]]:
    assert ctx.body is not None
    yield ctx.body.byline_authors


def _au_beside_date(ctx: PageContext, ev: _Evidence) -> Iterator[list[str]]:
    if ev.date_line is not None:
        block = ev.head[ev.date_line]
        yield unlabeled_source(block.text)[1]
        if len(block.text) <= LIMITS.credit_line_chars:
            yield [n for text in _classed_writers(block) for n in clean_names(text)]
    yield _account_name(ev.head, ev.date_line, ctx.title)[1]


def _au_dateline(ctx: PageContext, ev: _Evidence) -> Iterator[list[str]]:
    for para in ev.lead:
        if names := dateline_authors(para):
            yield names
            return


def _au_trailing(ctx: PageContext, ev: _Evidence) -> Iterator[list[str]]:
    assert ctx.body is not None
    yield ctx.body.trailing_authors


def _au_closing(ctx: PageContext, ev: _Evidence) -> Iterator[list[str]]:
    assert ctx.body is not None
    if ctx.body.paragraphs:
        yield closing_names(ctx.body.paragraphs[-1])
    for line in ev.closing:
        yield credit_byline(line)


def _au_source_slot(ctx: PageContext, ev: _Evidence) -> Iterator[list[str]]:
    """来源: 尹娟: a person's name in the source slot credits the writer."""
    for value, _label, _zone in ev.labelled["source"]:
        if looks_like_person(value.strip()):
            yield [value.strip()]


def _au_meta(ctx: PageContext, ev: _Evidence) -> Iterator[list[str]]:
    hit = ctx.page.first(rules.AUTHOR_META)
    if hit:
        visible = (
            " ".join(b.text for b in ctx.meta_zone)
            + " "
            + " ".join(ctx.body.dropped if ctx.body else [])
        )
        yield [n for n in clean_names(hit[1]) if n in visible and _key(n) not in ev.agree]


AuthorStrategy = Callable[[PageContext, _Evidence], Iterable[list[str]]]
# (rule id, strategy, fills an empty list only)
AUTHOR_STRATEGIES: tuple[tuple[str, AuthorStrategy, bool], ...] = (
    ("label", _au_labelled, False),
    ("byline under the headline", _au_head_byline, False),
    ("byline", _au_body_byline, False),
    ("beside the date", _au_beside_date, False),
    ("dateline", _au_dateline, False),
    ("closing credit line", _au_trailing, False),
    ("closing credit", _au_closing, True),
    ("person in the source slot", _au_source_slot, True),
    ("meta", _au_meta, True),
)


def _outlet_part(name: str, ev: _Evidence) -> bool:
    """财新 beside 财新网: a name that is part of the page's outlet is the outlet, not a writer."""
    outlets = [ev.source or "", *ev.agree]
    return len(name) >= 2 and any(name in o and name != o for o in outlets if o)


def _authors(ctx: PageContext, ev: _Evidence) -> tuple[list[str], str | None]:
    explicit = [n for v in ctx.xpath_values(ctx.scope, ctx.profile.authors) for n in clean_names(v)]
    if explicit:
        return list(dict.fromkeys(explicit)), "profile"
    not_people = ev.editors | {ev.source or ""}
    authors: list[str] = []
    used: list[str] = []
    for name, strategy, fallback in AUTHOR_STRATEGIES:
        if fallback and authors:
            continue
        # a name the page labels as the writer's stays, even when the source slot holds it too
        skip = ev.editors if name == "label" else not_people
        for names in strategy(ctx, ev):
            fresh = [
                n for n in names if n not in skip and n not in authors and not _outlet_part(n, ev)
            ]
            if fresh:
                authors.extend(fresh)
                used.append(name)
    return authors, "+".join(dict.fromkeys(used)) or None
