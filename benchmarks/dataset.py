"""Dataset throughput on generated records: open+iterate, filter, Parquet export, dedupe; peak memory.

    .venv/bin/python benchmarks/dataset.py                 # 100,000 records in a temp data dir
    .venv/bin/python benchmarks/dataset.py --records 20000 --keep /tmp/bench-data

Records are made from a few dozen synthetic pages run through the real
extractor, then varied (URL, title, date, site, paragraph order, one unique
sentence) so they are all distinct, valid schema-v2 records of realistic size,
filed in the crawl layout (<site>/articles/YYYY-MM.jsonl). Each measured phase
runs in a fresh interpreter (multiprocessing "spawn"), so its peak RSS
(``ru_maxrss``) is its own; the Python-heap peak is measured with tracemalloc
in a separate, smaller pass because tracing slows everything down.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from newsarchive.samples.words import VERBS, WORDS, sentence

SITES = ("xuchang", "yichun", "shanxi", "gsjyt", "jxsthjt")


def _base_records(n: int = 40) -> list[dict[str, Any]]:
    from newsarchive.extract import extract

    out = []
    for i in range(n):
        rng = random.Random(i)
        paras = "".join(
            f"<p>{''.join(sentence(rng) for _ in range(rng.randint(2, 5)))}</p>"
            for _ in range(rng.randint(5, 10))
        )
        title = f"{rng.choice(WORDS)}{rng.choice(VERBS)}{rng.choice(WORDS)}工作会议"
        html = f"""<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}_示例网</title></head><body>
<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/x/">本地</a> &gt; <a>社会</a></div>
<h1>{title}</h1><div class="info">发布时间：2021-03-05 10:30　来源：示例日报　作者：李明</div>
<div class="content">{paras}<p><img src="/img/{i}.jpg" alt="会场"></p></div>
<div class="editor">责任编辑：王芳</div></body></html>"""
        out.append(extract(html.encode("utf-8"), f"http://www.example.cn/{i}.html").to_dict())
    return out


def generate(data_dir: Path, n: int, seed: int = 0) -> int:
    """Write ``n`` distinct records; return bytes written."""
    from newsarchive.extract import content_hash
    from newsarchive.jsonl import dumps

    bases = _base_records()
    rng = random.Random(seed)
    handles: dict[Path, Any] = {}
    size = 0
    try:
        for i in range(n):
            rec = dict(bases[i % len(bases)])
            site = SITES[i % len(SITES)]
            year, month, day = 2019 + rng.randrange(6), 1 + rng.randrange(12), 1 + rng.randrange(28)
            paras = list(rec["paragraphs"])
            rng.shuffle(paras)
            paras.append(f"（第{i}号稿件）" + sentence(rng))
            rec["url"] = rec["canonical_url"] = (
                f"http://www.{site}.example.cn/{year}/{month:02d}/{i}.html"
            )
            rec["title"] = f"{rec['title']}（{i}）"
            rec["published_date"] = f"{year}-{month:02d}-{day:02d}"
            rec["published_at"] = (
                f"{rec['published_date']}T{rng.randrange(24):02d}:{rng.randrange(60):02d}:00+08:00"
            )
            rec["paragraphs"], rec["text"] = paras, "\n\n".join(paras)
            rec["content_hash"] = content_hash(rec["title"], rec["text"])
            rec.update(
                site=site,
                version=1,
                previous_hash=None,
                provenance={
                    "fetched_at": "2026-11-20T08:00:00Z",
                    "http_status": 200,
                    "warc_file": f"{site}/warc/{site}-20261120080000-00000.warc.gz",
                    "warc_offset": i * 4096,
                    "warc_record_id": f"<urn:uuid:00000000-0000-0000-0000-{i:012d}>",
                },
            )
            path = data_dir / site / "articles" / f"{year}-{month:02d}.jsonl"
            fh = handles.get(path)
            if fh is None:
                path.parent.mkdir(parents=True, exist_ok=True)
                fh = handles[path] = path.open("w", encoding="utf-8")
            line = dumps(rec) + "\n"
            fh.write(line)
            size += len(line.encode("utf-8"))
    finally:
        for fh in handles.values():
            fh.close()
    return size


# ---- phases, each run in a fresh interpreter -------------------------------------------------


def _phase(name: str, data_dir: str, out_dir: str, conn: Any) -> None:
    from newsarchive.dataset import open_dataset

    t0 = time.perf_counter()
    scanned = matched = 0
    if name == "iterate":
        ds = open_dataset(data_dir)
        matched = scanned = sum(1 for _ in ds)
    elif name == "iterate-novalidate":
        ds = open_dataset(data_dir, validate=False)
        matched = scanned = sum(1 for _ in ds)
    elif name == "filter":
        ds = open_dataset(
            data_dir, site=["xuchang", "yichun"], since="2021-01", until="2022-06", text="乡村振兴"
        )
        matched = ds.count()
        scanned = ds.last_pass.records
    elif name == "parquet":
        from newsarchive.dataset.export import export

        ds = open_dataset(data_dir)
        summary = export(ds, Path(out_dir) / "all.parquet", "parquet")
        matched = scanned = summary.records
    elif name == "dedupe":
        from newsarchive.dataset.dedupe import find_duplicates

        ds = open_dataset(
            data_dir, site="xuchang"
        )  # one site's share: dedupe holds signatures in memory
        result = find_duplicates(ds)
        matched = result.clusters
        scanned = result.records
    elif name == "tracemalloc-iterate":
        import tracemalloc

        tracemalloc.start()
        ds = open_dataset(data_dir)
        matched = scanned = sum(1 for _ in ds)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        conn.send(
            {
                "seconds": time.perf_counter() - t0,
                "scanned": scanned,
                "matched": matched,
                "heap_peak": peak,
                "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            }
        )
        return
    else:
        raise ValueError(name)
    elapsed = time.perf_counter() - t0
    conn.send(
        {
            "seconds": elapsed,
            "scanned": scanned,
            "matched": matched,
            "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        }
    )


def _baseline(conn: Any) -> None:
    import pyarrow.parquet  # noqa: F401

    import newsarchive.dataset  # noqa: F401

    conn.send({"maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss})


def _run(target: Any, *args: Any) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=target, args=(*args, child))
    proc.start()
    result = parent.recv()
    proc.join()
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument(
        "--keep", metavar="DIR", help="generate into (or reuse) this data dir instead of a temp one"
    )
    ap.add_argument("--skip-dedupe", action="store_true")
    args = ap.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="newsarchive-bench-"))
    data_dir = Path(args.keep) if args.keep else tmp / "data"
    try:
        if not any(data_dir.rglob("*.jsonl")) if data_dir.exists() else True:
            t0 = time.perf_counter()
            size = generate(data_dir, args.records)
            print(
                f"generated {args.records:,} records, {size / 1e6:.0f} MB, "
                f"in {time.perf_counter() - t0:.1f} s -> {data_dir}"
            )
        files = list(data_dir.rglob("*.jsonl"))
        size = sum(f.stat().st_size for f in files)
        print(
            f"dataset: {len(files)} files, {size / 1e6:.0f} MB; python {sys.version.split()[0]}, "
            f"{os.cpu_count()} CPUs"
        )
        base = _run(_baseline)
        print(f"baseline RSS after imports: {base['maxrss_kb'] / 1024:.0f} MiB")
        print(
            f"{'phase':<22}{'records':>10}{'matched':>10}{'seconds':>9}{'records/s':>11}{'peak RSS MiB':>14}"
        )
        phases = ["iterate", "iterate-novalidate", "filter", "parquet"] + (
            [] if args.skip_dedupe else ["dedupe"]
        )
        for name in phases:
            r = _run(_phase, name, str(data_dir), str(tmp))
            rate = r["scanned"] / r["seconds"] if r["seconds"] else 0
            print(
                f"{name:<22}{r['scanned']:>10,}{r['matched']:>10,}{r['seconds']:>9.1f}{rate:>11,.0f}"
                f"{r['maxrss_kb'] / 1024:>14.0f}"
            )
        pq = tmp / "all.parquet"
        if pq.exists():
            print(f"parquet file: {pq.stat().st_size / 1e6:.0f} MB (zstd)")
        r = _run(_phase, "tracemalloc-iterate", str(data_dir), str(tmp))
        print(
            f"python heap peak while iterating all {r['scanned']:,} records (tracemalloc): "
            f"{r['heap_peak'] / 1024 / 1024:.1f} MiB"
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
