"""Time and peak memory of extract() on hostile pages the size of the crawl's limit (16 MiB), one per process.

    .venv/bin/python benchmarks/hostile.py                  # every family at 16 MiB
    .venv/bin/python benchmarks/hostile.py --mib 4 tiny attrs

Each family runs in a fresh interpreter (multiprocessing "spawn"), so its peak RSS
(``ru_maxrss``) is its own. CPU seconds are printed beside wall seconds because
the machine is shared: wall time moves with the load, CPU time much less.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import time

HEAD = "<html><head><title>t</title></head><body><h1>标题</h1>"
UNITS = {
    "tiny": "<b>x</b>",  # 2M inline elements
    "spans": '<span class="a">字</span>',
    "paras": "<p>第段：这是一个很长的段落，用来测试大页面的处理。</p>\n",
    "links": '<li><a href="/a/1.html">链接标题</a></li>',
    "divs": "<div>",  # nesting far past libxml2's 2,048 levels
    "brs": "字<br>",
    "text": "这是文字，",  # no markup at all after the headline
    "attrs": '<i a="1" b="2" c="3" d="4" e="5"></i>',
}


def page(family: str, size: int) -> bytes:
    if family == "attr-flood":  # one start tag, all attributes distinct
        n = size // 12
        return (
            HEAD + "<div " + " ".join(f'a{i}="v"' for i in range(n)) + "><p>正文。</p></div>"
        ).encode()
    unit = UNITS[family]
    return (HEAD + unit * (size // len(unit.encode())) + "</body></html>").encode()


def measure(family: str, size: int, queue: mp.Queue) -> None:
    from newsarchive import extract
    from newsarchive.exceptions import ExtractionError

    html = page(family, size)
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        a = extract(html)
        outcome = f"{len(a.paragraphs)} paragraphs, {len(a.warnings)} warnings"
    except ExtractionError as exc:
        outcome = f"ExtractionError: {str(exc)[:60]}"
    queue.put(
        (
            family,
            len(html),
            time.perf_counter() - wall,
            time.process_time() - cpu,
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            outcome,
        )
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("families", nargs="*", default=[*UNITS, "attr-flood"])
    ap.add_argument("--mib", type=float, default=16)
    args = ap.parse_args()
    ctx = mp.get_context("spawn")
    print(f"{'family':<11} {'bytes':>10} {'wall s':>7} {'cpu s':>6} {'peak RSS':>9}  outcome")
    for family in args.families:
        queue: mp.Queue = ctx.Queue()
        proc = ctx.Process(target=measure, args=(family, int(args.mib * (1 << 20)), queue))
        proc.start()
        name, size, wall, cpu, rss, outcome = queue.get()
        proc.join()
        print(
            f"{name:<11} {size:>10,} {wall:>7.1f} {cpu:>6.1f} {rss:>7.0f} MB  {outcome}", flush=True
        )


if __name__ == "__main__":
    main()
