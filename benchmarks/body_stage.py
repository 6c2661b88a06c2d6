#!/usr/bin/env python3
"""CPU time of the body stage (find_body) against the whole engine, over the labelled pages.

    .venv/bin/python benchmarks/body_stage.py [--repeat N] [--corpus DIR]

Pages: ../shared/corpus dev and dev2 (truth/ news pages) and the tier-2 fixtures, as in
benchmarks/accuracy.py. Each page is decoded and parsed once outside the timer; then
find_body runs over every page, and extract() over every page, best of --repeat passes.
CPU seconds (``time.process_time``) are printed because the machine is shared: wall time
moves with the load, CPU time much less. To compare two versions, run this script in each
tree one after the other, twice.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))


def main(argv: list[str] | None = None) -> int:
    import accuracy

    from newsarchive.extract import extract
    from newsarchive.extract.body import find_body
    from newsarchive.extract.core import _read_page

    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=accuracy.DEFAULT_CORPUS)
    ap.add_argument("--repeat", type=int, default=5, help="timed passes (best is kept)")
    args = ap.parse_args(argv)
    if not (args.corpus / "dev" / "html").is_dir():
        print(f"corpus not found: {args.corpus / 'dev' / 'html'}", file=sys.stderr)
        return 2
    pages = accuracy.load_pages(args.corpus)
    parsed = [(_read_page(p.raw, p.truth.get("url"), None, None), p) for p in pages]
    body = engine = float("inf")
    for _ in range(max(1, args.repeat)):
        t0 = time.process_time()
        for (scope, _meta, blocks, _warnings), page in parsed:
            find_body(blocks, scope, title=None, title_el=None, url=page.truth.get("url"))
        body = min(body, time.process_time() - t0)
        t0 = time.process_time()
        for page in pages:
            extract(page.raw, page.truth.get("url"), now=accuracy.NOW)
        engine = min(engine, time.process_time() - t0)
    print(
        f"{len(pages)} pages: body stage {body * 1000:.0f} ms CPU, whole engine "
        f"{engine * 1000:.0f} ms CPU, body share {body / engine:.1%}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
