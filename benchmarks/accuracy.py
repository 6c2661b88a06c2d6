#!/usr/bin/env python3
"""Accuracy and speed of newsarchive against GNE and trafilatura on ../shared/corpus/dev.

usage: python benchmarks/accuracy.py [--corpus DIR] [--repeat N] [--write-baseline] [--by-page]

Every engine runs over the same pages in this process; the corpus's own score.py
scores them. Prints one table: per-field scores, pages/second and peak memory
(Python allocations traced by tracemalloc in a separate, untimed pass; lxml's C memory is not counted).
The peers are optional (`pip install -e '.[bench]'`); a missing one is skipped.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
FIELDS = ("title", "published", "source", "editor", "authors", "body")

sys.path.insert(0, str(REPO))


def engines() -> dict[str, Callable[[bytes, str], dict]]:
    from w3lib.encoding import html_to_unicode

    from newsarchive import extract

    def as_text(data: bytes) -> str:
        return html_to_unicode(None, data)[1]  # what Scrapy hands a spider as response.text

    def run_newsarchive(data: bytes, text: str) -> dict:
        rec = extract(data).to_dict()
        # schema v2: the instant when the page gives a time, else the day
        return {**rec, "published": rec["published_at"] or rec["published_date"]}

    out: dict[str, Callable[[bytes, str], dict]] = {"newsarchive": run_newsarchive}
    try:
        from gne import GeneralNewsExtractor

        gne = GeneralNewsExtractor()

        def run_gne(data: bytes, text: str) -> dict:
            r = gne.extract(text)
            return {"title": r.get("title"), "published": r.get("publish_time"),
                    "authors": r.get("author"), "body": r.get("content")}

        out["gne 0.4.3"] = run_gne
    except ImportError:
        print("gne not installed: skipped (pip install -e '.[bench]')", file=sys.stderr)
    try:
        import trafilatura

        def run_trafilatura(data: bytes, text: str) -> dict:
            doc = trafilatura.bare_extraction(text, with_metadata=True)
            if doc is None:
                return {}
            d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
            return {"title": d.get("title"), "published": d.get("date"), "authors": d.get("author"),
                    "body": d.get("text")}

        out[f"trafilatura {trafilatura.__version__}"] = run_trafilatura
    except ImportError:
        print("trafilatura not installed: skipped (pip install -e '.[bench]')", file=sys.stderr)
    out["_decode"] = as_text  # type: ignore[assignment]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--repeat", type=int, default=3, help="timed passes per engine (best is kept)")
    ap.add_argument("--write-baseline", action="store_true", help="record newsarchive's scores in benchmarks/baseline.json")
    ap.add_argument("--by-page", action="store_true", help="print newsarchive's per-page scores")
    args = ap.parse_args(argv)
    html_dir, truth_dir = args.corpus / "dev" / "html", args.corpus / "dev" / "truth"
    if not html_dir.is_dir():
        print(f"corpus not found: {html_dir}", file=sys.stderr)
        return 2
    sys.path.insert(0, str(args.corpus))
    import score  # the corpus's own scorer

    pages = sorted(html_dir.glob("*.html"))
    raw = {p.stem: p.read_bytes() for p in pages}
    runners = engines()
    as_text = runners.pop("_decode")
    texts = {k: as_text(v) for k, v in raw.items()}  # peers get text, decoded outside the timer
    truths = score.load_truth(truth_dir)
    rows = []
    for name, run in runners.items():
        preds: dict[str, dict] = {}
        best = float("inf")
        for _ in range(max(1, args.repeat)):
            t0 = time.perf_counter()
            for pid, data in raw.items():
                try:
                    preds[pid] = run(data, texts[pid])
                except Exception as exc:  # a peer's crash is a miss, not the benchmark's end
                    preds[pid] = {"error": repr(exc)}
            best = min(best, time.perf_counter() - t0)
        tracemalloc.start()
        for pid, data in raw.items():
            try:
                run(data, texts[pid])
            except Exception:
                pass
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        summary, per_page = score.summarize(truths, preds)
        rows.append((name, summary, len(raw) / best, peak / 2**20))
        if name == "newsarchive" and args.by_page:
            for pid, r in per_page.items():
                flags = " ".join(f"{f}={'ok' if r[f] else 'NO'}" for f in FIELDS[:-1])
                print(f"{pid:32s} {flags} body_f1={r['body']:.3f}")
    header = f"{'engine':18s} " + " ".join(f"{f:>9s}" for f in FIELDS) + f" {'pages/s':>9s} {'py-peak MiB':>11s}"
    print(f"dev corpus: {len(raw)} pages ({args.corpus})")
    print(header)
    print("-" * len(header))
    for name, s, pps, peak in rows:
        print(f"{name:18s} " + " ".join(f"{s[f]:9.3f}" for f in FIELDS) + f" {pps:9.1f} {peak:11.1f}")
    ours = next(r for r in rows if r[0] == "newsarchive")
    for name, _s, pps, _peak in rows:
        if name != "newsarchive":
            print(f"speed ratio newsarchive / {name}: {ours[2] / pps:.2f}x")
    if args.write_baseline:
        path = REPO / "benchmarks" / "baseline.json"
        baseline = {f: round(ours[1][f] - 0.005, 3) for f in FIELDS}  # a hair of slack for float noise
        path.write_text(json.dumps({"newsarchive": baseline}, indent=2) + "\n", "utf-8")
        print(f"baseline written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
