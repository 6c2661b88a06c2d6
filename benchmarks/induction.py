#!/usr/bin/env python3
"""Extraction speed with an induced profile against the generic engine, on the corpus's multi-page sites.

usage: python benchmarks/induction.py [--corpus DIR] [--pages N] [--repeat N]

For each site under ``<corpus>/sites`` a profile is induced from the first pages of
its largest template (``INDUCE.min_pages`` of them, as a crawl would), then every
sampled page that the profile fits is extracted both ways in this process (the
same pages both ways). Prints pages/second for each (CPU time of this process, best of interleaved passes), their ratio, and how many pages the profile fits (the rest
would go to the generic engine).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
sys.path.insert(0, str(REPO))

SITES = {  # folder -> (glob, address of a page from its relative path)
    "cst-nuc-2021": ("info/*/*.htm", lambda rel: f"http://cst.nuc.edu.cn/{rel}"),
    "money163-2015": ("html/*.html", lambda rel: None),
}


def run(corpus: Path, pages: int, repeat: int) -> int:
    from newsarchive.extract import extract_with_rules
    from newsarchive.induce import Page, extract_induced, group_pages, induce, prepare
    from newsarchive.induce.limits import INDUCE

    print(
        f"{'site':<16} {'pages':>6} {'generic p/s':>12} {'induced p/s':>12} {'ratio':>6} {'fit':>6}"
    )
    worst = None
    for site, (pattern, address) in SITES.items():
        root = corpus / "sites" / site
        files = sorted(root.glob(pattern))[:pages]
        if not files:
            print(f"{site:<16} not found under {root}")
            continue
        data = [(f.read_bytes(), address(f.relative_to(root).as_posix())) for f in files]
        learn = [prepare(Page(url, body)) for body, url in data[: INDUCE.min_pages * 2]]
        induced = induce(max(group_pages(learn), key=len), timezone="Asia/Shanghai")
        if induced is None:
            print(f"{site:<16} no profile induced")
            continue
        profile, crumbs = induced.to_profile("Asia/Shanghai"), induced.crumbs
        fitting = [
            (b, u)
            for b, u in data
            if extract_induced(b, u, profile=profile, crumbs=crumbs) is not None
        ]
        generic, fast = _timed(
            [
                lambda b, u: extract_with_rules(b, u, timezone="Asia/Shanghai"),
                lambda b, u, p=profile, c=crumbs: extract_induced(b, u, profile=p, crumbs=c),
            ],
            fitting,
            repeat,
        )
        ratio = fast / generic
        worst = ratio if worst is None else min(worst, ratio)
        print(
            f"{site:<16} {len(data):>6} {generic:>12.1f} {fast:>12.1f} {ratio:>5.2f}x {len(fitting):>6}"
        )
    if worst is not None:
        print(f"slowest ratio: {worst:.2f}x (target >= 2x)")
    return 0


def _timed(fns, data, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    """Pages/second of each function, passes interleaved and timed in CPU seconds of this process.

    The machine is shared: wall time would count other processes' load against whichever ran then.
    """
    best = [float("inf")] * len(fns)
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            start = time.process_time()
            for body, url in data:
                fn(body, url)
            best[i] = min(best[i], time.process_time() - start)
    return [len(data) / b for b in best]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--pages", type=int, default=400, help="pages per site (default 400)")
    ap.add_argument(
        "--repeat", type=int, default=3, help="timed passes; the best counts (default 3)"
    )
    args = ap.parse_args()
    return run(args.corpus, args.pages, args.repeat)


if __name__ == "__main__":
    sys.exit(main())
