#!/usr/bin/env python3
"""Accuracy and speed of newsarchive against GNE and trafilatura, and how far each rule generalizes.

usage: python benchmarks/accuracy.py [--corpus DIR] [--repeat N] [--write-baseline] [--by-page] [--sites]

Pages: ../shared/corpus/dev and dev2 (truth/ news pages) and the tier-2 fixtures
(tests/extract/fixtures/portals, expected records), every engine over the same pages in
this process, scored by the corpus's own score.py. Prints:

1. per field, each engine on dev, dev2, dev+dev2 and the fixtures side by side, pages/second
   and the speed ratio to each peer (timed passes, best of --repeat; peers get text decoded
   outside the timer, as Scrapy hands a spider ``response.text``);
2. newsarchive per site (the host of the truth's url, else the page's own origin), and the
   site-macro average (every site weighs the same, however many pages it has);
3. every rule id ``extract_with_rules`` reports: the share of pages it fires on, the sites
   it fires on and its accuracy on each; a rule firing, or right, on one site only is
   flagged (a site profile in disguise);
4. leave-one-site-out: a page counts as right only if the rule that gave the value was
   also right on at least one other site, so a rule is judged on sites it was not written for.

``published`` is scored on ``published_at or published_date`` (schema v1 and v2 alike).
The peers are optional (`pip install -e '.[bench]'`); a missing one is skipped.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
FIXTURES = REPO / "tests" / "extract" / "fixtures" / "portals"
BASELINE = REPO / "benchmarks" / "baseline.json"
FIELDS = ("title", "published", "source", "editor", "authors", "body")
SETS = ("dev", "dev2", "fixtures")
# the crawl date the corpus was scored with: relative dates and "never later than now"
NOW = datetime(2026, 12, 1, tzinfo=timezone(timedelta(hours=8)))
RULE_FIELDS = {
    "title": "title",
    "published_at": "published",
    "source": "source",
    "editor": "editor",
    "authors": "authors",
    "body": "body",
}
_TWO_LEVEL = (
    "com.cn",
    "gov.cn",
    "edu.cn",
    "org.cn",
    "net.cn",
    "ac.cn",
    "com.hk",
    "com.tw",
    "org.tw",
)

sys.path.insert(0, str(REPO))

Runner = Callable[["Page"], dict[str, Any]]


@dataclass
class Page:
    set: str
    id: str
    raw: bytes
    truth: dict[str, Any]
    text: str = ""
    site: str = ""


@dataclass
class Run:
    name: str
    preds: dict[str, dict[str, Any]] = field(default_factory=dict)
    rules: dict[str, dict[str, str]] = field(default_factory=dict)
    seconds: float = 0.0


# -- pages -----------------------------------------------------------------------------------


def load_pages(corpus: Path) -> list[Page]:
    pages: list[Page] = []
    for name in ("dev", "dev2"):
        for truth_file in sorted((corpus / name / "truth").glob("*.json")):
            html = corpus / name / "html" / f"{truth_file.stem}.html"
            if html.is_file():
                pages.append(
                    Page(
                        name,
                        truth_file.stem,
                        html.read_bytes(),
                        json.loads(truth_file.read_text("utf-8")),
                    )
                )
    for expected in sorted(FIXTURES.glob("*.json")):
        html = expected.with_suffix(".html")
        if html.is_file():
            pages.append(
                Page(
                    "fixtures",
                    expected.stem,
                    html.read_bytes(),
                    json.loads(expected.read_text("utf-8")),
                )
            )
    for page in pages:
        page.site = site_of(page)
    return pages


def site_of(page: Page) -> str:
    """The registrable domain of the truth's url; a page without one is a site of its own."""
    host = (urlsplit(page.truth.get("url") or "").hostname or "").lower()
    if not host:
        origin = str(page.truth.get("origin") or "")
        parts = origin.split()
        path = Path(parts[-1]) if parts else Path(page.id)
        # GNE's test pages sit in one folder per site: tests/<site>/<n>.html
        return (
            f"{page.set}:{path.parent.name}"
            if path.parent.name not in ("", "original", ".")
            else f"{page.set}:{page.id}"
        )
    labels = host.split(".")
    keep = 3 if ".".join(labels[-2:]) in _TWO_LEVEL else 2
    return ".".join(labels[-keep:])


# -- engines -----------------------------------------------------------------------------------


def engines() -> dict[str, Runner]:
    from newsarchive import extract

    out: dict[str, Runner] = {
        "newsarchive": lambda p: extract(p.raw, p.truth.get("url"), now=NOW).to_dict()
    }
    try:
        from gne import GeneralNewsExtractor

        gne = GeneralNewsExtractor()

        def run_gne(p: Page) -> dict[str, Any]:
            r = gne.extract(p.text)
            return {
                "title": r.get("title"),
                "published": r.get("publish_time"),
                "authors": r.get("author"),
                "body": r.get("content"),
            }

        out["gne"] = run_gne
    except ImportError:
        print("gne not installed: skipped (pip install -e '.[bench]')", file=sys.stderr)
    try:
        import trafilatura

        def run_trafilatura(p: Page) -> dict[str, Any]:
            doc = trafilatura.bare_extraction(p.text, url=p.truth.get("url"), with_metadata=True)
            if doc is None:
                return {}
            d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
            return {
                "title": d.get("title"),
                "published": d.get("date"),
                "authors": d.get("author"),
                "body": d.get("text"),
            }

        out["trafilatura"] = run_trafilatura
    except ImportError:
        print("trafilatura not installed: skipped (pip install -e '.[bench]')", file=sys.stderr)
    return out


def timed(name: str, run: Runner, pages: list[Page], repeat: int) -> Run:
    result = Run(name, seconds=float("inf"))
    for _ in range(max(1, repeat)):
        t0 = time.perf_counter()
        for page in pages:
            try:
                result.preds[page.id] = run(page)
            except Exception as exc:  # a peer's crash is a miss, not the benchmark's end
                result.preds[page.id] = {"error": repr(exc)}
        result.seconds = min(result.seconds, time.perf_counter() - t0)
    for pred in result.preds.values():  # schema v2 splits a date-only value into published_date
        pred.setdefault("published", pred.get("published_at") or pred.get("published_date"))
    return result


def rules_fired(pages: list[Page]) -> dict[str, dict[str, str]]:
    """Which rule supplied each field, per page (an untimed pass)."""
    from newsarchive.extract import extract_with_rules

    return {p.id: extract_with_rules(p.raw, p.truth.get("url"), now=NOW)[1] for p in pages}


# -- scoring -----------------------------------------------------------------------------------


def page_scores(score: ModuleType, pages: list[Page], run: Run) -> dict[str, dict[str, float]]:
    return {p.id: score.score_page(p.truth, run.preds.get(p.id)) for p in pages}


def mean(rows: Iterable[dict[str, float]], f: str) -> float:
    values = [float(r[f]) for r in rows]
    return sum(values) / len(values) if values else 0.0


def print_side_by_side(
    pages: list[Page], runs: list[Run], scores: dict[str, dict[str, dict[str, float]]]
) -> None:
    groups = {name: [p for p in pages if p.set == name] for name in SETS}
    groups["dev+dev2"] = groups["dev"] + groups["dev2"]
    order = ("dev", "dev2", "dev+dev2", "fixtures")
    print("accuracy per field (pages): " + ", ".join(f"{g} {len(groups[g])}" for g in order))
    header = f"{'field':10s} {'engine':12s} " + " ".join(f"{g:>9s}" for g in order)
    print(header)
    print("-" * len(header))
    for f in FIELDS:
        for run in runs:
            row = [mean((scores[run.name][p.id] for p in groups[g]), f) for g in order]
            print(f"{f:10s} {run.name:12s} " + " ".join(f"{v:9.3f}" for v in row))
    print()
    ours = runs[0]
    for run in runs:
        print(f"{run.name:12s} {len(pages) / run.seconds:8.1f} pages/s")
    for run in runs[1:]:
        print(
            f"speed ratio newsarchive / {run.name}: {run.seconds / ours.seconds:.2f}x (bar: >= 3x GNE)"
        )
    print()


def print_sites(pages: list[Page], scores: dict[str, dict[str, float]]) -> None:
    by_site: dict[str, list[Page]] = defaultdict(list)
    for p in pages:
        by_site[p.site].append(p)
    header = f"{'site':34s} {'pages':>5s} " + " ".join(f"{f:>8s}" for f in FIELDS)
    print("newsarchive per site")
    print(header)
    print("-" * len(header))
    for site, group in sorted(by_site.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        print(
            f"{site[:34]:34s} {len(group):5d} "
            + " ".join(f"{mean((scores[p.id] for p in group), f):8.3f}" for f in FIELDS)
        )
    for name in (*SETS, "all"):
        sites = {
            s: g
            for s, g in (
                (s, [p for p in g if name == "all" or p.set == name]) for s, g in by_site.items()
            )
            if g
        }
        macro = [
            sum(mean((scores[p.id] for p in g), f) for g in sites.values()) / max(1, len(sites))
            for f in FIELDS
        ]
        print(f"{'site-macro ' + name:34s} {len(sites):5d} " + " ".join(f"{v:8.3f}" for v in macro))
    print()


# -- rules and leave-one-site-out -----------------------------------------------------------------


def rule_table(
    pages: list[Page], fired: dict[str, dict[str, str]], scores: dict[str, dict[str, float]]
) -> dict[tuple[str, str], dict[str, list[float]]]:
    """(field, rule) -> site -> the page scores where that rule gave the field."""
    table: dict[tuple[str, str], dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for p in pages:
        for key, rule in fired.get(p.id, {}).items():
            f = RULE_FIELDS.get(key)
            if f:
                ok = scores[p.id][f]
                table[(f, rule)][p.site].append(float(ok >= 0.9) if f == "body" else float(ok))
    return table


def print_rules(pages: list[Page], table: dict[tuple[str, str], dict[str, list[float]]]) -> None:
    print(
        "rules: share of pages fired, sites fired on, accuracy per site  (!! = fires or is right on one site only)"
    )
    for (f, rule), sites in sorted(
        table.items(), key=lambda kv: (FIELDS.index(kv[0][0]), -sum(map(len, kv[1].values())))
    ):
        fired = sum(len(v) for v in sites.values())
        right_sites = [s for s, v in sites.items() if sum(v) > 0]
        flag = "!!" if len(sites) == 1 or len(right_sites) == 1 else "  "
        detail = ", ".join(
            f"{s}:{int(sum(v))}/{len(v)}"
            for s, v in sorted(sites.items(), key=lambda kv: -len(kv[1]))[:6]
        )
        more = f" +{len(sites) - 6} sites" if len(sites) > 6 else ""
        print(
            f"{flag} {f:9s} {rule[:38]:38s} {fired / len(pages):6.1%} {len(sites):3d} sites  {detail}{more}"
        )
    print()


def leave_one_site_out(
    pages: list[Page],
    fired: dict[str, dict[str, str]],
    scores: dict[str, dict[str, float]],
    table: dict[tuple[str, str], dict[str, list[float]]],
) -> dict[str, dict[str, float]]:
    """Per set and field: right only where the supplying rule was also right on another site."""
    rule_of = {f: k for k, f in RULE_FIELDS.items()}
    out: dict[str, dict[str, float]] = {}
    groups = {
        "dev": [p for p in pages if p.set == "dev"],
        "dev2": [p for p in pages if p.set == "dev2"],
        "fixtures": [p for p in pages if p.set == "fixtures"],
    }
    groups["dev+dev2"] = groups["dev"] + groups["dev2"]
    for name, group in groups.items():
        out[name] = {}
        for f in FIELDS:
            total = 0.0
            for p in group:
                value = scores[p.id][f]
                rule = fired.get(p.id, {}).get(rule_of[f])
                if rule is not None and value:
                    others = [s for s, v in table[(f, rule)].items() if s != p.site and sum(v) > 0]
                    value = value if others else 0.0
                total += value
            out[name][f] = total / len(group) if group else 0.0
    return out


def print_loso(loso: dict[str, dict[str, float]]) -> None:
    header = f"{'leave-one-site-out':20s} " + " ".join(f"{f:>8s}" for f in FIELDS)
    print(header)
    print("-" * len(header))
    for name, row in loso.items():
        print(f"{name:20s} " + " ".join(f"{row[f]:8.3f}" for f in FIELDS))
    print()


# -- main ---------------------------------------------------------------------------------------


def write_baseline(pages: list[Page], scores: dict[str, dict[str, float]]) -> None:
    baseline: dict[str, dict[str, float]] = {}
    for name in ("dev", "dev2"):
        group = [p for p in pages if p.set == name]
        # a hair of slack for float noise
        baseline[name] = {
            f: round(mean((scores[p.id] for p in group), f) - 0.005, 3) for f in FIELDS
        }
    BASELINE.write_text(json.dumps({"newsarchive": baseline}, indent=2) + "\n", "utf-8")
    print(f"baseline written to {BASELINE}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--repeat", type=int, default=3, help="timed passes per engine (best is kept)")
    ap.add_argument(
        "--write-baseline", action="store_true", help="record newsarchive's dev and dev2 scores"
    )
    ap.add_argument("--by-page", action="store_true", help="print newsarchive's per-page scores")
    args = ap.parse_args(argv)
    if not (args.corpus / "dev" / "html").is_dir():
        print(f"corpus not found: {args.corpus / 'dev' / 'html'}", file=sys.stderr)
        return 2
    sys.path.insert(0, str(args.corpus))
    import score  # the corpus's own scorer
    from w3lib.encoding import html_to_unicode

    pages = load_pages(args.corpus)
    for page in pages:
        page.text = html_to_unicode(None, page.raw)[1]
    runs = [timed(name, run, pages, args.repeat) for name, run in engines().items()]
    scores = {run.name: page_scores(score, pages, run) for run in runs}
    ours = scores["newsarchive"]
    fired = rules_fired(pages)
    if args.by_page:
        for p in pages:
            flags = " ".join(f"{f}={'ok' if ours[p.id][f] else 'NO'}" for f in FIELDS[:-1])
            print(
                f"{p.set:8s} {p.id[:36]:36s} {p.site[:24]:24s} {flags} body_f1={ours[p.id]['body']:.3f}"
            )
        print()
    print_side_by_side(pages, runs, scores)
    print_sites(pages, ours)
    table = rule_table(pages, fired, ours)
    print_rules(pages, table)
    print_loso(leave_one_site_out(pages, fired, ours, table))
    if args.write_baseline:
        write_baseline(pages, ours)
    return 0


if __name__ == "__main__":
    sys.exit(main())
