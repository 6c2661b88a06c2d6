#!/usr/bin/env python3
"""Template induction on many real templates: sibling pages made from each labelled real page.

usage: python benchmarks/template_variants.py [--corpus DIR] [--k N] [--only ID...] [--by-field]

For every labelled real page of ``<corpus>/dev`` and ``<corpus>/dev2`` (about 60 real
templates), K sibling pages of the same template are made by substituting the labelled
values in the raw HTML (decoded, replaced, re-encoded in the page's own charset): the
title (every verbatim occurrence, ``<title>`` included), the printed date (replaced by
another date printed in the same format, at every occurrence), the source and editor
names (verbatim occurrences standing as names, in ``<body>``) and the body paragraphs
(each replaced by a paragraph of another page). A value not found verbatim is left as
it is and reported as not substitutable. Each variant gets its own URL (the page's URL
with its last number changed).

Then per template, as a crawl does: the first ``INDUCE.min_pages`` variants are
prepared, grouped and induced; the other variants are read with the induced profile
(the generic engine where it does not fit, as a crawl falls back) and with the generic
engine, and both are scored against the variants' truths by the corpus's own
``score.py`` (dates to the minute). Prints per template: induced or not, fit share,
per-field induced vs generic, the totals, and every template+field where induced < generic.
"""

from __future__ import annotations

import argparse
import codecs
import html as htmlmod
import json
import random
import re
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
sys.path.insert(0, str(REPO))

FIELDS = ("title", "published", "source", "editor", "body")
NOW = datetime(2026, 12, 1, tzinfo=timezone(timedelta(hours=8)))
ZONE = "Asia/Shanghai"
_WS = r"(?:\s|&nbsp;|&#160;|\u3000)*"
_UNSAFE = re.compile(r"[<>&\"']")
# a name stands alone (not inside a longer run of words, as a footer's 新华网版权所有 is)
_WORDLIKE = re.compile(r"[\w\u4e00-\u9fff]")
_TOKEN = 0xF0000  # supplementary private use area A: placeholders while substituting


@dataclass
class Source:
    """One labelled real page: the template the variants are made of."""

    id: str
    raw: bytes
    truth: dict[str, Any]


@dataclass
class Variant:
    url: str
    raw: bytes
    truth: dict[str, Any]


@dataclass
class Result:
    id: str
    variants: int = 0
    unsubstituted: list[str] = field(default_factory=list)  # fields left as they are
    induced: bool = False
    fit: int = 0
    tested: int = 0
    mine: dict[str, float] = field(default_factory=dict)
    generic: dict[str, float] = field(default_factory=dict)
    error: str = ""


# -- making variants ---------------------------------------------------------------------------


def load_sources(corpus: Path) -> list[Source]:
    out = []
    for name in ("dev", "dev2"):
        for truth_file in sorted((corpus / name / "truth").glob("*.json")):
            page = corpus / name / "html" / f"{truth_file.stem}.html"
            if page.is_file():
                truth = json.loads(truth_file.read_text("utf-8"))
                out.append(Source(truth_file.stem, page.read_bytes(), truth))
    return out


def _occurrences(text: str, value: str) -> list[str]:
    """The forms of ``value`` printed in ``text``: as is, or HTML-escaped."""
    forms = dict.fromkeys([value, htmlmod.escape(value, quote=False), htmlmod.escape(value)])
    return [f for f in forms if f and f in text]


def _as_name(text: str, form: str, start: int = 0) -> list[tuple[int, int]]:
    """Spans of ``form`` in ``text[start:]`` that stand as a name (no word character glued on)."""
    spans = []
    at = text.find(form, start)
    while at >= 0:
        end = at + len(form)
        before = text[at - 1] if at > 0 else " "
        after = text[end] if end < len(text) else " "
        if not _WORDLIKE.match(before) or not _WORDLIKE.match(after):
            spans.append((at, end))
        at = text.find(form, end)
    return spans


def _date_pattern(value: str) -> tuple[re.Pattern[str], datetime] | None:
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?", value or "")
    if not m:
        return None
    y, mo, d, h, mi, s = m.groups()

    def num(v: str) -> str:
        return f"0?{int(v)}" if int(v) < 10 else v

    pat = (
        rf"(?<!\d)(?P<y>{y}){_WS}[-/.年]{_WS}(?P<m>{num(mo)}){_WS}[-/.月]{_WS}(?P<d>{num(d)})(?!\d)"
    )
    if h is not None:
        pat += rf"(?:{_WS}日?{_WS}T?{_WS}(?P<H>{num(h)}){_WS}[:：时]{_WS}(?P<M>{mi})(?!\d)"
        if s is not None:
            pat += rf"(?:{_WS}[:：分]{_WS}(?P<S>{s})(?!\d))?"
        pat += ")?"
    when = datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0))
    return re.compile(pat), when


def _reprint(m: re.Match[str], new: datetime) -> str:
    """The matched printed date with its numbers replaced by ``new``'s, each at its printed width."""
    parts = {"y": new.year, "m": new.month, "d": new.day, "H": new.hour, "M": new.minute}
    parts["S"] = new.second
    out, pos, text = [], m.start(), m.string
    for name in ("y", "m", "d", "H", "M", "S"):
        if name in m.re.groupindex and m.group(name) is not None:
            a, b = m.span(name)
            out.append(text[pos:a])
            out.append(str(parts[name]).zfill(b - a))
            pos = b
    out.append(text[pos : m.end()])
    return "".join(out)


class Substitution:
    """Placeholders first, values last: a replaced value is never replaced again by a later one."""

    def __init__(self, text: str):
        self.text = text
        self.fills: list[str] = []

    def put(self, start: int, end: int, value: str) -> None:
        token = chr(_TOKEN + len(self.fills))  # one private-use character: no value holds it
        self.fills.append(value)
        self.text = self.text[:start] + token + self.text[end:]

    def all(self, form: str, value: str) -> int:
        n = self.text.count(form)
        for _ in range(n):
            at = self.text.find(form)
            self.put(at, at + len(form), value)
        return n

    def names(self, form: str, value: str, start: int) -> int:
        spans = _as_name(self.text, form, start)
        for a, b in reversed(spans):
            self.put(a, b, value)
        return len(spans)

    def result(self) -> str:
        return re.sub(
            "[\U000f0000-\U000ffffd]", lambda m: self.fills[ord(m.group()) - _TOKEN], self.text
        )


@dataclass
class Pools:
    titles: list[str]
    source: list[str]
    editor: list[str]
    paragraphs: list[str]


def pools(sources: list[Source]) -> Pools:
    def safe(values: list[Any], lo: int, hi: int) -> list[str]:
        seen = [v for v in values if isinstance(v, str) and lo <= len(v) <= hi]
        return sorted({v for v in seen if not _UNSAFE.search(v)})

    return Pools(
        titles=safe([s.truth.get("title") for s in sources], 6, 60),
        source=safe([s.truth.get("source") for s in sources], 2, 12),
        editor=safe([s.truth.get("editor") for s in sources], 2, 12),
        paragraphs=safe([p for s in sources for p in s.truth.get("body") or []], 20, 400),
    )


def make_variant(
    src: Source, text: str, i: int, pool: Pools
) -> tuple[str, dict[str, Any], set[str]]:
    """The ``i``-th sibling of ``src``'s page (decoded ``text``), its truth, and the fields not substituted."""
    rnd = random.Random(f"{src.id}/{i}")
    truth = dict(src.truth)
    sub = Substitution(text)
    missing: set[str] = set()
    body_at = max(0, text.lower().find("<body"))
    # the longest values first: a title that holds the source's name is replaced whole
    title = src.truth.get("title")
    if title:
        new = rnd.choice([t for t in pool.titles if t != title])
        forms = _occurrences(text, title)
        for form in forms:
            sub.all(form, htmlmod.escape(new))
        if forms:
            truth["title"] = new
        else:
            missing.add("title")
    paras = list(src.truth.get("body") or [])
    for j, para in sorted(enumerate(paras), key=lambda jp: -len(jp[1])):
        # a short line (a lone figure, "1") would be replaced all over the page: left as it is
        forms = _occurrences(sub.text, para) if len(para) >= 8 else []
        if not forms or sum(sub.text.count(f) for f in forms) > 3:
            missing.add("body")
            continue
        new = rnd.choice(pool.paragraphs)
        for form in forms:
            sub.all(form, htmlmod.escape(new))
        paras[j] = new
    truth["body"] = paras
    for name in ("source", "editor"):
        value = src.truth.get(name)
        if not value:
            continue
        new = rnd.choice([v for v in getattr(pool, name) if v != value])
        done = sum(
            sub.names(form, htmlmod.escape(new), body_at) for form in _occurrences(sub.text, value)
        )
        if done:
            truth[name] = new
        else:
            missing.add(name)
    if src.truth.get("published") and not _redate(sub, src.truth["published"], i, truth):
        missing.add("published")
    return sub.result(), truth, missing


def _redate(sub: Substitution, value: str, i: int, truth: dict[str, Any]) -> bool:
    found = _date_pattern(value)
    if not found:
        return False
    pattern, when = found
    new = when - timedelta(days=11 * (i + 1), minutes=37 * (i + 1))
    printed = [m for m in pattern.finditer(sub.text) if not _ZONED.match(sub.text, m.start())]
    if not printed:  # printed some other way (06/02/2022, in Paris time): the page keeps its date
        return False
    if not any(m.groupdict().get("H") for m in printed):
        # the time (if any) is printed elsewhere and stays: only the day moves
        new = new.replace(hour=when.hour, minute=when.minute, second=when.second)
    _redate_zoned(sub, when, new, len(value) > 10)
    for m in reversed(list(pattern.finditer(sub.text))):
        sub.put(m.start(), m.end(), _reprint(m, new))
    truth["published"] = new.strftime("%Y-%m-%d %H:%M:%S")[: len(value)]
    return True


_ZONED = re.compile(
    r"(?<!\d)(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})"
)


def _redate_zoned(sub: Substitution, when: datetime, new: datetime, timed: bool) -> int:
    """ISO timestamps with a zone (<meta article:published_time>, JSON-LD) that mean ``when`` in
    China time, in any zone: moved to ``new`` in the same zone and written the same way."""
    done = 0
    for m in reversed(list(_ZONED.finditer(sub.text))):
        stamp = m.group(0).replace("Z", "+00:00")
        try:
            at = datetime.fromisoformat(stamp)
        except ValueError:
            continue
        local = at.astimezone(timezone(timedelta(hours=8))).replace(tzinfo=None)
        if local.date() != when.date() or (
            timed and local.strftime("%H%M") != when.strftime("%H%M")
        ):
            continue
        moved = (
            (
                new.replace(second=local.second)
                if timed
                else new.replace(hour=local.hour, minute=local.minute, second=local.second)
            )
            .replace(tzinfo=timezone(timedelta(hours=8)))
            .astimezone(at.tzinfo)
        )
        text = moved.strftime("%Y-%m-%dT%H:%M") + (moved.strftime(":%S") if m.group(6) else "")
        sub.put(m.start(), m.end(), text + m.group(0)[m.start(7) - m.start() :])
        done += 1
    return done


def variant_url(url: str | None, page_id: str, i: int) -> str:
    """The page's own URL with its last number changed (same pattern); a made-up one when it has none."""
    if not url:
        return f"http://{page_id.lower()}.variants.test/article/{1000 + i}.html"
    parts = urlsplit(url)
    nums = list(re.finditer(r"\d+", parts.path))
    if not nums:
        return urlunsplit(parts._replace(query=f"variant={i}"))
    last = nums[-1]
    number = str(int(last.group()) + 7 * (i + 1)).zfill(len(last.group()))
    path = parts.path[: last.start()] + number + parts.path[last.end() :]
    return urlunsplit(parts._replace(path=path, query="", fragment=""))


def variants(src: Source, k: int, pool: Pools) -> tuple[list[Variant], set[str]]:
    from newsarchive.extract.decode import decode_html

    text, used, _w = decode_html(src.raw, where=src.id)
    try:
        encoding = codecs.lookup(used).name
    except LookupError:
        encoding = "utf-8"
    out, missing = [], set()
    for i in range(k):
        page, truth, lost = make_variant(src, text, i, pool)
        missing |= lost
        raw = page.encode(encoding, "xmlcharrefreplace")
        out.append(Variant(variant_url(src.truth.get("url"), src.id, i), raw, truth))
    return out, missing


# -- induction and scoring ---------------------------------------------------------------------


def record(article: Any) -> dict[str, Any]:
    return {
        "title": article.title,
        "published_at": article.published_at,
        "source": article.source,
        "editor": article.editor,
        "paragraphs": article.paragraphs,
    }


def score_row(score: ModuleType, truth: dict[str, Any], pred: dict[str, Any]) -> dict[str, float]:
    truth = dict(truth)
    if truth.get("published"):
        truth["published"] = truth["published"][:16]  # to the minute
    row = score.score_page(truth, pred)
    return {f: float(row[f]) for f in FIELDS}


def run_template(src: Source, k: int, pool: Pools, score: ModuleType) -> Result:
    from newsarchive.extract import extract_with_rules
    from newsarchive.induce import Page, extract_induced, group_pages, induce, prepare
    from newsarchive.induce.limits import INDUCE

    res = Result(src.id)
    made, missing = variants(src, k, pool)
    res.variants, res.unsubstituted = len(made), sorted(missing)
    learn, test = made[: INDUCE.min_pages], made[INDUCE.min_pages :]
    prepared = [prepare(Page(v.url, v.raw, now=NOW), timezone=ZONE) for v in learn]
    groups = group_pages(prepared)
    induced = induce(groups[0], timezone=ZONE) if groups else None
    res.induced, res.tested = induced is not None, len(test)
    mine_rows, generic_rows = [], []
    for v in test:
        generic = record(extract_with_rules(v.raw, v.url, now=NOW, timezone=ZONE)[0])
        got = None
        if induced is not None:
            got = extract_induced(
                v.raw, v.url, profile=induced.to_profile(ZONE), crumbs=induced.crumbs, now=NOW
            )
        res.fit += got is not None
        mine = record(got[0]) if got is not None else generic  # a crawl falls back to generic
        mine_rows.append(score_row(score, v.truth, mine))
        generic_rows.append(score_row(score, v.truth, generic))
    for f in FIELDS:
        res.mine[f] = sum(r[f] for r in mine_rows) / max(1, len(mine_rows))
        res.generic[f] = sum(r[f] for r in generic_rows) / max(1, len(generic_rows))
    return res


# -- report ------------------------------------------------------------------------------------


def print_results(results: list[Result], out: Callable[[str], None]) -> None:
    short = {"title": "title", "published": "date", "source": "source", "editor": "editor"}
    short["body"] = "body"
    head = " ".join(f"{short[f]:>13}" for f in FIELDS)
    out(f"{'template':<34} ind {'fit':>5} {head}  not substitutable")
    out(f"{'':<34}     {'':>5} " + " ".join(f"{'ind/gen':>13}" for _ in FIELDS))
    worse: list[str] = []
    for r in results:
        if r.error:
            out(f"{r.id[:34]:<34} ERROR {r.error}")
            continue
        cells = []
        for f in FIELDS:
            flag = "!" if r.mine[f] < r.generic[f] - 1e-9 else " "
            cells.append(f"{r.mine[f]:>5.2f}/{r.generic[f]:<5.2f}{flag:>2}")
            if flag == "!":
                worse.append(f"{r.id} {f}: induced {r.mine[f]:.2f} < generic {r.generic[f]:.2f}")
        fit = f"{r.fit}/{r.tested}"
        out(
            f"{r.id[:34]:<34} {'yes' if r.induced else 'no ':3} {fit:>5} {' '.join(cells)}  {','.join(r.unsubstituted)}"
        )
    ok = [r for r in results if not r.error]
    n = max(1, len(ok))
    out("")
    out(
        f"templates {len(ok)}, induced {sum(r.induced for r in ok)}, "
        f"fit {sum(r.fit for r in ok)}/{sum(r.tested for r in ok)} held-out variants"
    )
    for f in FIELDS:
        mine = sum(r.mine[f] for r in ok) / n
        gen = sum(r.generic[f] for r in ok) / n
        out(
            f"total {f:<10} induced {mine:.3f}  generic {gen:.3f}  ({'+' if mine >= gen else ''}{mine - gen:.3f})"
        )
    out(f"induced < generic: {len(worse)} template+field")
    for line in worse:
        out(f"  {line}")


def _guarded(job: tuple[Source, int, Pools, Path]) -> Result:
    src, k, pool, corpus = job
    sys.path.insert(0, str(corpus))
    import score  # the corpus's own scorer, read at run time

    try:
        return run_template(src, k, pool, score)
    except Exception as exc:  # a benchmark reports a broken page and goes on
        return Result(src.id, error=f"{type(exc).__name__}: {exc}")


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--k", type=int, default=30, help="variants per template (default 30)")
    ap.add_argument("--jobs", type=int, default=1, help="processes (default 1)")
    ap.add_argument("--only", nargs="*", help="page ids to run (default: all)")
    args = ap.parse_args()
    if not (args.corpus / "dev" / "truth").is_dir():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    from newsarchive.induce.limits import INDUCE

    if args.k <= INDUCE.min_pages:
        print(f"--k must exceed INDUCE.min_pages ({INDUCE.min_pages})", file=sys.stderr)
        return 2
    sources = load_sources(args.corpus)
    pool = pools(sources)
    if args.only:
        sources = [s for s in sources if s.id in set(args.only)]
    started = time.monotonic()
    jobs = [(src, args.k, pool, args.corpus) for src in sources]
    if args.jobs > 1:
        with ProcessPoolExecutor(args.jobs) as ex:
            results = list(ex.map(_guarded, jobs))
    else:
        results = [_guarded(job) for job in jobs]
    print_results(results, print)
    print(f"({time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
