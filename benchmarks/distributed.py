"""Distributed crawl throughput: 1, 2 and 4 workers sharing one Redis frontier, on loopback.

    .venv/bin/python benchmarks/distributed.py [--articles 400] [--latency 0.05] [--workers 1 2 4]

A generated portal (newsarchive.samples, no awkward extras) is served from a
separate process with ``--latency`` seconds per response. For each worker count a
fresh redis-server database and data dir are used and that many
``newsarchive crawl --redis`` processes are started at once. Pages/second is
counted over the crawl window the server saw (first request to last response),
so process start-up and the idle-close wait are reported separately, as wall time.
Each worker keeps the same politeness (``CONCURRENT_REQUESTS_PER_DOMAIN``), so N
workers put N times that load on the portal: that is the point of scaling out.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


def _serve(
    root: str, latency: float, ports: mp.Queue, control: mp.Queue, results: mp.Queue
) -> None:
    from newsarchive.samples import PortalServer

    server = PortalServer(root, latency=latency)
    times: list[tuple[float, int]] = []
    original = server._log

    def log(entry: Any) -> None:
        times.append((time.time(), entry.status))
        original(entry)

    server._log = log  # type: ignore[method-assign]
    server.start()
    ports.put(server.port)
    while True:
        if control.get() == "stop":
            return
        results.put(list(times))
        times.clear()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--articles", type=int, default=400)
    p.add_argument(
        "--latency", type=float, default=0.05, help="seconds per response (default 0.05)"
    )
    p.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    p.add_argument(
        "--per-domain", type=int, default=2, help="CONCURRENT_REQUESTS_PER_DOMAIN of each worker"
    )
    args = p.parse_args(argv)
    redis_bin = shutil.which("redis-server")
    if redis_bin is None:
        print("redis-server is not installed (apt-get install redis-server)", file=sys.stderr)
        return 2
    import redis

    from newsarchive.samples import build_portal

    tmp = Path(tempfile.mkdtemp(prefix="newsarchive-bench-dist-"))
    port = _free_port()
    redis_proc = subprocess.Popen(
        [
            redis_bin,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp),
        ],
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    ctx = mp.get_context("spawn")
    ports, control, results = ctx.Queue(), ctx.Queue(), ctx.Queue()
    server = None
    try:
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        info = build_portal(tmp / "portal", articles=args.articles, per_page=8, extras=False)
        server = ctx.Process(
            target=_serve, args=(str(info.root), args.latency, ports, control, results), daemon=True
        )
        server.start()
        base = f"http://127.0.0.1:{ports.get(timeout=30)}"
        common = [
            "-s",
            "AUTOTHROTTLE_ENABLED=False",
            "-s",
            "DOWNLOAD_DELAY=0",
            "-s",
            "LOG_LEVEL=ERROR",
            "-s",
            f"CONCURRENT_REQUESTS_PER_DOMAIN={args.per_domain}",
            "-s",
            "NEWSARCHIVE_REDIS_IDLE_CLOSE=1",
            "--json",
            "--log-level",
            "ERROR",
        ]
        rows = []
        for n in args.workers:
            client.flushall()
            data = tmp / f"data-{n}"
            control.put("dump")
            results.get(timeout=30)  # discard earlier requests
            started = time.time()
            procs = [
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "newsarchive",
                        "crawl",
                        "--start-url",
                        f"{base}/index.html",
                        "--data-dir",
                        str(data),
                        "--redis",
                        f"redis://127.0.0.1:{port}/0",
                        "--worker-id",
                        f"b{i + 1}",
                        *common,
                    ],
                    cwd=REPO,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                    text=True,
                    env={**os.environ, "PYTHONWARNINGS": "ignore"},
                )
                for i in range(n)
            ]
            summaries = []
            for proc in procs:
                out, _ = proc.communicate(timeout=1800)
                lines = [line for line in out.splitlines() if line.startswith("{")]
                if proc.returncode != 0 or not lines:
                    print(f"worker failed (exit {proc.returncode}): {out[-500:]}", file=sys.stderr)
                    return 1
                summaries.append(json.loads(lines[-1]))
            wall = time.time() - started
            control.put("dump")
            served = results.get(timeout=30)
            window = max(t for t, _ in served) - min(t for t, _ in served)
            pages = sum(1 for _, status in served if status == 200)
            records = sum(len(f.read_bytes().splitlines()) for f in data.rglob("*.jsonl"))
            rows.append(
                {
                    "workers": n,
                    "pages": pages,
                    "articles": records,
                    "window_s": round(window, 2),
                    "wall_s": round(wall, 2),
                    "pages_per_s": round(pages / window, 1),
                    "per_worker_pages": [s["pages"] for s in summaries],
                }
            )
        one = rows[0]["pages_per_s"]
        print(
            f"portal: {args.articles} articles, {args.latency * 1000:.0f} ms per response, "
            f"CONCURRENT_REQUESTS_PER_DOMAIN={args.per_domain} per worker, {os.cpu_count()} CPU cores"
        )
        print(
            f"{'workers':>7} {'pages':>6} {'records':>7} {'crawl s':>8} {'wall s':>7} {'pages/s':>8} "
            f"{'speed-up':>8}  pages per worker"
        )
        for r in rows:
            print(
                f"{r['workers']:>7} {r['pages']:>6} {r['articles']:>7} {r['window_s']:>8} {r['wall_s']:>7} "
                f"{r['pages_per_s']:>8} {r['pages_per_s'] / one:>7.2f}x  {r['per_worker_pages']}"
            )
        return 0
    finally:
        if server is not None:
            control.put("stop")
            server.join(timeout=5)
            if server.is_alive():
                server.terminate()
        redis_proc.terminate()
        redis_proc.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
