"""The publication date: candidates from every kind of evidence, chosen by trust and agreement.

Each strategy of :data:`DATE_STRATEGIES` reads the :class:`PageContext` and yields
dated candidates (the meta line under the headline, labelled lines, <meta> and
JSON-LD, script data, the URL). :func:`choose_date` keeps the most trusted one,
raised by the independent evidence that agrees with its day; among candidates of
that day, one that shows the time wins (a URL day never beats a printed time). A
date later than ``now`` is no candidate.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, timedelta
from functools import cached_property

from . import rules
from .choose import Candidate, choose
from .context import PageContext
from .dates import FoundDate, date_from_url, find_dates, parse_date
from .dom import Block
from .limits import LIMITS
from .record import Article

__all__ = ["DATE_STRATEGIES", "DateView", "choose_date", "set_published"]

_FULL_YEAR = re.compile(r"(?:19|20)\d{2}|^\d{2}-\d{2}-\d{2}")
_PRECISION_RANK = {"day": 0, "minute": 1, "second": 2}


class DateView:
    """The page context plus what the date strategies share: the page's year and ``now``.

    The metadata date and the year hint are read on first use: a profile's dated line that
    shows the time settles the date before any other strategy runs.
    """

    def __init__(self, ctx: PageContext):
        self.ctx = ctx

    @cached_property
    def profile_date(self) -> Candidate[FoundDate] | None:
        """The first date the profile's date XPaths give (read once: the early settle and the
        full choice both ask)."""
        for text in self.ctx.xpath_values(self.ctx.scope, self.ctx.profile.date):
            found = parse_date(text, now=self.ctx.now)
            if found:
                return Candidate(found, "profile", 100.0)
        return None

    @cached_property
    def meta_date(self) -> FoundDate | None:
        return _metadata_date(self.ctx)

    @cached_property
    def year_hint(self) -> int | None:
        return _year_hint(self)

    def dates_in(self, text: str, relative: bool = True) -> list[FoundDate]:
        return find_dates(text, now=self.ctx.now, relative=relative, year_hint=self.year_hint)

    @property
    def short_zone(self) -> list[Block]:
        """Meta-zone lines short enough to be a meta line, and not link lists."""
        return [
            b
            for b in self.ctx.meta_zone
            if len(b.text) <= LIMITS.date_line_max_chars
            and b.element.tag != "li"
            and b.link_chars < 0.8 * len(b.text)
        ]


def make_date_view(ctx: PageContext) -> DateView:
    return DateView(ctx)


# -- strategies --------------------------------------------------------------------------


def _by_profile(view: DateView) -> Iterator[Candidate[FoundDate]]:
    if view.profile_date is not None:
        yield view.profile_date


def _by_labelled_meta_line(view: DateView) -> Iterator[Candidate[FoundDate]]:
    """A labelled date in the meta line: under the headline, or just above it (a layout may
    print 发布时间：… 来源：… over the headline). A publication label (发布时间) beats a bare
    时间 (an event's time in the text's first lines); then the line met first."""
    labelled = [
        (rank, i, found)
        for i, block in enumerate([*view.short_zone, *_just_above_headline(view)])
        if _has_date_label(block.text)
        for rank, found in _labelled_dates(block.text, view)
    ]
    if labelled:
        yield Candidate(min(labelled, key=lambda t: t[:2])[2], "meta line, labelled", 10.0)


def _just_above_headline(view: DateView) -> list[Block]:
    """The short, mostly unlinked lines right above the headline, nearest first."""
    idx = view.ctx.title_idx
    if idx is None:
        return []
    above = view.ctx.blocks[max(0, idx - LIMITS.date_above_headline_blocks) : idx]
    return [
        b
        for b in reversed(above)
        if len(b.text) <= LIMITS.date_line_max_chars and b.link_chars < 0.5 * len(b.text)
    ]


def _by_meta_line(view: DateView) -> Iterator[Candidate[FoundDate]]:
    for block in view.short_zone:
        dates = [d for d in view.dates_in(block.text) if _FULL_YEAR.search(d.raw)]
        if dates:
            yield Candidate(
                max(dates[:2], key=lambda d: _PRECISION_RANK[d.precision]), "meta line", 9.0
            )
            return


def _by_line_above_headline(view: DateView) -> Iterator[Candidate[FoundDate]]:
    """A dated line just above the headline (an e-paper's 版面 line)."""
    idx = view.ctx.title_idx
    if idx is None:
        return
    for block in view.ctx.blocks[max(0, idx - 4) : idx]:
        dates = [d for d in view.dates_in(block.text, relative=False) if _FULL_YEAR.search(d.raw)]
        if (
            dates
            and len(block.text) <= 100
            and block.link_chars < 0.5 * len(block.text)
            and not _has_date_label(block.text)
        ):  # labelled lines are weighed below
            yield Candidate(dates[0], "above headline", 8.0)
            return


def _by_split_cells(view: DateView) -> Iterator[Candidate[FoundDate]]:
    """A date spread over cells: <div>2019</div><div>09/07</div><div>19:02</div>."""
    zone = view.short_zone
    for i in range(len(zone) - 1):
        run = [b.text for b in zone[i : i + 3]]
        if all(len(t) <= 12 for t in run[:2]) and (
            dates := view.dates_in(" ".join(run), relative=False)
        ):
            yield Candidate(dates[0], "meta line, split", 7.0)
            return


def _by_short_meta_line(view: DateView) -> Iterator[Candidate[FoundDate]]:
    """Year-less and relative forms in the meta line: 3月16日 18:52 (the page's year), 昨天 18:52."""
    for block in view.short_zone:
        dates = view.dates_in(block.text)
        if dates:
            yield Candidate(
                max(dates[:2], key=lambda d: _PRECISION_RANK[d.precision]), "meta line, short", 6.0
            )
            return


def _has_date_label(text: str) -> bool:
    """``rules.DATE_LABEL.search(text)``, after a test at C speed: every label holds 时间, 日期,
    发布, 发表 or a p (publish, in any case); most lines of a page hold none."""
    if not any(key in text for key in _DATE_LABEL_KEYS):
        return False
    return rules.DATE_LABEL.search(text) is not None


_DATE_LABEL_KEYS = ("时间", "日期", "发布", "发表", "p", "P")


def _by_labelled_line(view: DateView) -> Iterator[Candidate[FoundDate]]:
    """A labelled date anywhere on the page, the publication label first (发布 over 更新)."""
    blocks = view.ctx.blocks
    labelled: list[tuple[int, int, FoundDate]] = []
    for i, block in enumerate(blocks):
        if len(block.text) < 80 and _has_date_label(block.text):
            text = block.text
            if _has_date_label(text[-8:]) and i + 1 < len(blocks):
                text += " " + blocks[i + 1].text[:40]  # label and value in two cells
            labelled.extend((rank, i, d) for rank, d in _labelled_dates(text, view))
    if labelled:
        yield Candidate(min(labelled, key=lambda t: (t[0], t[1]))[2], "labelled", 5.0)


def _by_metadata(view: DateView) -> Iterator[Candidate[FoundDate]]:
    if view.meta_date is not None:
        yield Candidate(view.meta_date, "structured metadata", 4.5)


def _by_script(view: DateView) -> Iterator[Candidate[FoundDate]]:
    if view.ctx.page.script_date and (
        found := parse_date(view.ctx.page.script_date, now=view.ctx.now)
    ):
        yield Candidate(found, "script data", 4.0)


def _by_near_headline(view: DateView) -> Iterator[Candidate[FoundDate]]:
    idx = view.ctx.title_idx
    if idx is None:
        return
    for block in view.ctx.blocks[max(0, idx - 4) : idx + 30]:
        if len(block.text) < 120 and (dates := view.dates_in(block.text, relative=False)):
            yield Candidate(dates[0], "near headline", 3.0)
            return


def _by_url(view: DateView) -> Iterator[Candidate[FoundDate]]:
    found = date_from_url(view.ctx.url)
    if found:
        yield Candidate(found, "url", 1.0)


DATE_STRATEGIES: tuple[tuple[str, Callable[[DateView], Iterable[Candidate[FoundDate]]]], ...] = (
    ("profile", _by_profile),
    ("meta line, labelled", _by_labelled_meta_line),
    ("meta line", _by_meta_line),
    ("above headline", _by_line_above_headline),
    ("meta line, split", _by_split_cells),
    ("meta line, short", _by_short_meta_line),
    ("labelled", _by_labelled_line),
    ("structured metadata", _by_metadata),
    ("script data", _by_script),
    ("near headline", _by_near_headline),
    ("url", _by_url),
)


# -- the chooser ---------------------------------------------------------------------------


def choose_date(view: DateView) -> Candidate[FoundDate] | None:
    """The most trusted candidate, raised by the other evidence agreeing with its day;
    then, among the candidates of that day, the most precise (a time beats a bare day)."""
    # never later than now; without a given now, the clock's (a day of slack for its zone)
    latest = view.ctx.now.date() if view.ctx.now else (datetime.now() + timedelta(days=1)).date()
    if (settled := _settled_by_profile(view, latest)) is not None:
        return settled
    found = [
        c
        for _name, strategy in DATE_STRATEGIES
        for c in strategy(view)
        if _local(c.value).date() <= latest
    ]
    if not found:
        return None
    scored = [_with_agreement(c, found) for c in found]
    best = choose(scored)
    if best is None:
        return None
    if best.value.precision == "day":  # a bare day gives way to a time shown for the same day
        same_day = [
            c
            for c in scored
            if c.value.precision != "day" and _local(c.value).date() == _local(best.value).date()
        ]
        best = choose(same_day) or best
    return best


def _settled_by_profile(view: DateView, latest: date) -> Candidate[FoundDate] | None:
    """The profile's date when nothing else could change the choice: it shows the time (no
    bare day to give way), reads one way only (no day-first swap for agreement to pick) and is
    not in the future. Its trust (100) is beyond any other strategy's plus all agreement
    bonuses, so the other strategies, and the metadata and year hint they need, are not run."""
    cand = view.profile_date if view.ctx.profile.date else None
    if cand is None:
        return None
    value = cand.value
    if value.precision != "day" and value.swapped() is None and _local(value).date() <= latest:
        return cand
    return None


def _with_agreement(
    cand: Candidate[FoundDate], found: list[Candidate[FoundDate]]
) -> Candidate[FoundDate]:
    swapped = cand.value.swapped()
    if swapped is not None and _agreeing(swapped, found) > _agreeing(cand.value, found):
        cand = Candidate(
            swapped, cand.rule, cand.score
        )  # 06/02/2022 read day first: the page agrees
    day = _local(cand.value).date()
    agreeing = tuple(
        sorted(
            {
                c.value.raw
                for c in found
                if c.value.raw != cand.value.raw and _local(c.value).date() == day
            }
        )
    )
    bonus = LIMITS.date_agreement_bonus * len(agreeing)
    return Candidate(cand.value, cand.rule, cand.score + bonus, agreeing)


def _agreeing(value: FoundDate, found: list[Candidate[FoundDate]]) -> int:
    """How many other pieces of evidence (distinct texts: strategies reading one line count once) give its day."""
    day = _local(value).date()
    return len(
        {c.value.raw for c in found if c.value.raw != value.raw and _local(c.value).date() == day}
    )


def _local(found: FoundDate) -> datetime:
    """The wall-clock time in China (the corpus's and the default zone) to compare days."""
    value = found.value
    if value.tzinfo is not None:
        from .dates import resolve_zone

        value = value.astimezone(resolve_zone(None)).replace(tzinfo=None)
    return value


def set_published(article: Article, ctx: PageContext) -> str | None:
    """Fill the article's date fields; return the id of the rule that supplied the date."""
    won = choose_date(make_date_view(ctx))
    if won is None:
        article.warnings.append("published_at: no publication date found")
        return None
    found = won.value
    if won.rule == "url":
        article.warnings.append(
            f"published_at: taken from the URL ({found.raw}), day precision only"
        )
    article.published_at = found.iso(ctx.zone)
    article.published_at_raw = found.raw
    article.published_precision = found.precision
    return won.rule


# -- helpers ----------------------------------------------------------------------------------


def _metadata_date(ctx: PageContext) -> FoundDate | None:
    for key in rules.DATE_META:
        value = ctx.page.meta.get(key)
        if value and (found := parse_date(value, now=ctx.now)):
            return found
    value = ctx.page.jsonld_value("datePublished", "dateCreated", "pubDate", "uploadDate")
    return parse_date(value, now=ctx.now) if isinstance(value, str) else None


def _year_hint(view: DateView) -> int | None:
    """The page's year for dates shown without one: metadata, the URL, a dated line near the headline."""
    if view.meta_date is not None:
        return view.meta_date.value.year
    for key, value in view.ctx.page.meta.items():
        if ("date" in key or "time" in key) and (
            m := re.search(r"(?<!\d)(19|20)\d{2}(?=[-/年])", value)
        ):
            return int(m.group(0))
    from_url = date_from_url(view.ctx.url)
    if from_url:
        return from_url.value.year
    idx = view.ctx.title_idx
    if idx is None:
        return None
    for block in view.ctx.blocks[max(0, idx - 4) : idx + 12]:
        if len(block.text) <= 100:
            for d in find_dates(block.text, relative=False):
                if _FULL_YEAR.search(d.raw):
                    return d.value.year
    return None


def _labelled_dates(text: str, view: DateView) -> list[tuple[int, FoundDate]]:
    """(rank, date) for every labelled date in a line; rank 0 is a publication label."""
    out = []
    for m in rules.DATE_LABEL.finditer(text):
        dates = view.dates_in(text[m.end() :])
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


def _labelled_date(text: str, view: DateView) -> FoundDate | None:
    found = _labelled_dates(text, view)
    return min(found, key=lambda rd: rd[0])[1] if found else None
