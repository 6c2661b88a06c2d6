"""Crawl speed and memory: newsarchive vs a bare Scrapy spider fetching the same URLs, on loopback.

    .venv/bin/python benchmarks/crawl.py [--articles 2000] [--large 10000] [--skip-large] [--skip-site]

Besides the generated portals, a real portal's saved pages (../shared/corpus/sites/cst-nuc-2021,
skipped when absent) are served with ``python -m http.server`` and crawled from /index.htm,
against a bare Scrapy spider that follows every same-site link of the same pages.

The portal is generated with newsarchive.samples and served from a separate
process (so the server does not compete with the crawler for the GIL). Each
crawler runs in its own child process; peak memory is that child's max RSS.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SITE = REPO / ".." / "shared" / "corpus" / "sites" / "cst-nuc-2021"
LOOPBACK = [
    "-s",
    "AUTOTHROTTLE_ENABLED=False",
    "-s",
    "DOWNLOAD_DELAY=0",
    "-s",
    "CONCURRENT_REQUESTS=16",
    "-s",
    "CONCURRENT_REQUESTS_PER_DOMAIN=16",
    "-s",
    "LOG_LEVEL=ERROR",
]


def _serve(root: str, port_queue: mp.Queue[int]) -> None:
    from newsarchive.samples import PortalServer

    server = PortalServer(root).start()
    port_queue.put(server.port)
    while True:
        time.sleep(3600)


def measure(cmd: list[str]) -> tuple[float, float, str, float, float | None]:
    """Run ``cmd``; return (seconds, peak RSS MiB, stdout, CPU seconds, main-thread CPU seconds).

    The main thread's CPU (Linux, read from /proc while it runs; None elsewhere) is the crawl's
    event loop: Scrapy's own work plus ours, what bounds pages/s on a quiet machine. Unlike wall
    time it hardly moves with the machine's load.
    """
    import threading

    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    main_cpu: list[float | None] = [None]

    def watch() -> None:
        stat = Path(f"/proc/{proc.pid}/task/{proc.pid}/stat")
        tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
        while stat.exists():  # until the child is reaped below
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
                main_cpu[0] = (int(fields[11]) + int(fields[12])) / tick  # utime + stime
            except (OSError, IndexError, ValueError):
                pass
            time.sleep(0.1)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    # read the pipes in threads-free fashion: outputs are small
    out = proc.stdout.read() if proc.stdout else b""
    err = proc.stderr.read() if proc.stderr else b""
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    watcher.join(timeout=1)
    if status != 0:
        raise SystemExit(f"child failed ({status}): {' '.join(cmd)}\n{err.decode()[-3000:]}")
    return (
        elapsed,
        usage.ru_maxrss / 1024,
        out.decode(),
        usage.ru_utime + usage.ru_stime,
        main_cpu[0],
    )


def bare_spider(url_file: str) -> None:
    """The baseline: fetch every URL in the file, no extraction, no archive, nothing written."""
    import scrapy
    from scrapy.crawler import CrawlerProcess

    urls = Path(url_file).read_text().split()

    class Bare(scrapy.Spider):
        name = "bare"

        async def start(self):
            for url in urls:
                yield scrapy.Request(url, callback=self.parse)

        def parse(self, response):
            return None

    settings = {
        "ROBOTSTXT_OBEY": False,
        "AUTOTHROTTLE_ENABLED": False,
        "DOWNLOAD_DELAY": 0,
        "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
        "LOG_LEVEL": "ERROR",
        "TELNETCONSOLE_ENABLED": False,
        "REMOTE_CONTROL_ENABLED": False,
    }
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(Bare)
    process.crawl(crawler)
    process.start()
    stats = crawler.stats.get_stats()
    print(json.dumps({"pages": stats.get("response_received_count", 0)}))


def bare_follower(start_url: str) -> None:
    """The baseline for a real site: follow every same-host link, no extraction, nothing written."""
    from urllib.parse import urlsplit

    import scrapy
    from scrapy.crawler import CrawlerProcess

    host = urlsplit(start_url).netloc

    class BareFollower(scrapy.Spider):
        name = "bare-follower"

        async def start(self):
            yield scrapy.Request(start_url, callback=self.parse)

        def parse(self, response):
            if not isinstance(response, scrapy.http.TextResponse):
                return
            for href in response.css("a::attr(href)").getall():
                url = response.urljoin(href.strip())
                if urlsplit(url).netloc == host:
                    yield scrapy.Request(url, callback=self.parse)

    settings = {
        "ROBOTSTXT_OBEY": False,
        "AUTOTHROTTLE_ENABLED": False,
        "DOWNLOAD_DELAY": 0,
        "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
        "LOG_LEVEL": "ERROR",
        "TELNETCONSOLE_ENABLED": False,
        "REMOTE_CONTROL_ENABLED": False,
        "HTTPERROR_ALLOW_ALL": True,
    }
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(BareFollower)
    process.crawl(crawler)
    process.start()
    stats = crawler.stats.get_stats()
    print(json.dumps({"pages": stats.get("response_received_count", 0)}))


def run_site(site: Path, workdir: Path, repeat: int = 1) -> dict:
    """newsarchive and the bare follower on one saved portal, served from its folder on loopback.

    With ``repeat`` > 1 each crawler runs that many times, alternating, and its fastest run
    counts (other load on the machine only ever slows a run down).
    """
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=site,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        base = f"http://127.0.0.1:{port}"
        ours, bare = [], []
        for n in range(repeat):
            ours.append(newsarchive_run(base, "/index.htm", workdir / f"data-{site.name}-{n}"))
            bare.append(measure([sys.executable, __file__, "--bare-follow", base + "/index.htm"]))
        seconds, peak, summary, cpu, _main = min(ours, key=lambda r: r[0])
        b_seconds, b_peak, out, b_cpu, _b_main = min(bare, key=lambda r: r[0])
        mains = sorted(r[4] for r in ours if r[4] is not None)
        b_mains = sorted(r[4] for r in bare if r[4] is not None)
    finally:
        server.terminate()
        server.wait(timeout=10)
    b_pages = json.loads(out.strip().splitlines()[-1])["pages"]
    row = {
        "site": site.name,
        "pages": summary["pages"],
        "written": summary["articles_new"],
        "dead_links": summary.get("dead_links"),
        "status": summary["status"],
        "seconds": round(seconds, 2),
        "pages_per_s": round(summary["pages"] / seconds, 1),
        "peak_mib": round(peak, 1),
        "bare_pages": b_pages,
        "bare_seconds": round(b_seconds, 2),
        "bare_pages_per_s": round(b_pages / b_seconds, 1),
        "bare_peak_mib": round(b_peak, 1),
    }
    row["ratio"] = round(row["pages_per_s"] / row["bare_pages_per_s"], 2)
    # on a busy machine wall time measures the neighbours too: pages per CPU second do not
    row.update(
        cpu_s=round(cpu, 1),
        bare_cpu_s=round(b_cpu, 1),
        cpu_ratio=round((summary["pages"] / cpu) / (b_pages / b_cpu), 2),
        load=round(os.getloadavg()[0], 1),
    )
    if mains and b_mains:
        # the event loop's CPU per page, the median of the runs: ours against the bare follower's
        row["main_cpu_ms_per_page"] = round(1000 * mains[len(mains) // 2] / summary["pages"], 2)
        row["bare_main_cpu_ms_per_page"] = round(1000 * b_mains[len(b_mains) // 2] / b_pages, 2)
    return row


def newsarchive_run(
    base: str, home: str, data: Path
) -> tuple[float, float, dict, float, float | None]:
    cmd = [
        sys.executable,
        "-m",
        "newsarchive",
        "crawl",
        "--start-url",
        base + home,
        "--data-dir",
        str(data),
        "--no-jobdir",
        "--json",
        "--max-pages",
        "0",
        "--max-depth",
        "100000",
        *LOOPBACK,
    ]  # no ad-hoc limits
    seconds, peak, out, cpu, main_cpu = measure(cmd)
    summary = json.loads(out.strip().splitlines()[-1])
    return seconds, peak, summary, cpu, main_cpu


def run_size(n: int, workdir: Path, *, bare: bool) -> dict:
    from newsarchive.samples import build_portal

    root = workdir / f"portal-{n}"
    info = build_portal(root, articles=n, per_page=50, extras=False, paragraphs=(5, 9))
    queue: mp.Queue[int] = mp.Queue()
    server = mp.Process(target=_serve, args=(str(root), queue), daemon=True)
    server.start()
    base = f"http://127.0.0.1:{queue.get(timeout=30)}"
    try:
        seconds, peak, summary, _cpu, _main = newsarchive_run(
            base, info.home, workdir / f"data-{n}"
        )
        row = {
            "articles": n,
            "pages": summary["pages"],
            "written": summary["articles_new"],
            "seconds": round(seconds, 2),
            "pages_per_s": round(summary["pages"] / seconds, 1),
            "peak_mib": round(peak, 1),
            "state_mib": round(
                (workdir / f"data-{n}" / "127.0.0.1" / "state.sqlite").stat().st_size / 2**20, 2
            ),
        }
        if bare:
            urls = (
                [base + "/robots.txt", base + info.home]
                + [base + p for p in info.lists]
                + [base + p for p in info.articles]
            )
            url_file = workdir / f"urls-{n}.txt"
            url_file.write_text("\n".join(urls))
            b_seconds, b_peak, out, _b_cpu, _b_main = measure(
                [sys.executable, __file__, "--bare", str(url_file)]
            )
            b_pages = json.loads(out.strip().splitlines()[-1])["pages"]
            row.update(
                bare_pages=b_pages,
                bare_seconds=round(b_seconds, 2),
                bare_pages_per_s=round(b_pages / b_seconds, 1),
                bare_peak_mib=round(b_peak, 1),
            )
            row["ratio"] = round(row["pages_per_s"] / row["bare_pages_per_s"], 2)
    finally:
        server.terminate()
    return row


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--large", type=int, default=10000)
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument("--skip-generated", action="store_true", help="only the saved real portal")
    parser.add_argument("--skip-site", action="store_true", help="not the saved real portal")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="runs per crawler on the saved portal; the fastest counts",
    )
    parser.add_argument(
        "--site", type=Path, default=SITE, help=f"saved portal folder (default {SITE})"
    )
    parser.add_argument("--bare", metavar="URL_FILE", help=argparse.SUPPRESS)
    parser.add_argument("--bare-follow", metavar="START_URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare:
        bare_spider(args.bare)
        return
    if args.bare_follow:
        bare_follower(args.bare_follow)
        return
    rows = []
    site_rows = []
    with tempfile.TemporaryDirectory(prefix="newsarchive-bench-") as tmp:
        if not args.skip_generated:
            rows.append(run_size(args.articles, Path(tmp), bare=True))
            if not args.skip_large:
                rows.append(run_size(args.large, Path(tmp), bare=True))
        if not args.skip_site and (args.site / "index.htm").is_file():
            site_rows.append(run_site(args.site, Path(tmp), args.repeat))
        elif not args.skip_site:
            print(f"skipped the saved portal: {args.site} is not available")
    print(
        f"machine: {os.cpu_count()} cpus, python {sys.version.split()[0]}; portal served from another process"
    )
    print(
        f"{'articles':>8} {'pages':>6} {'newsarchive p/s':>16} {'peak MiB':>9} {'state MiB':>9} "
        f"{'bare p/s':>9} {'bare MiB':>9} {'ratio':>6}"
    )
    for r in rows:
        print(
            f"{r['articles']:>8} {r['pages']:>6} {r['pages_per_s']:>16} {r['peak_mib']:>9} {r['state_mib']:>9} "
            f"{r.get('bare_pages_per_s', '-'):>9} {r.get('bare_peak_mib', '-'):>9} {r.get('ratio', '-'):>6}"
        )
    for r in site_rows:
        print(
            f"saved portal {r['site']} from /index.htm: newsarchive {r['pages']} pages in {r['seconds']} s "
            f"({r['pages_per_s']} p/s, {r['written']} articles, {r['dead_links']} dead links, {r['status']}); "
            f"bare follower {r['bare_pages']} pages in {r['bare_seconds']} s ({r['bare_pages_per_s']} p/s); "
            f"ratio {r['ratio']}; CPU {r['cpu_s']} s vs {r['bare_cpu_s']} s, pages per CPU second ratio "
            f"{r['cpu_ratio']} (load average {r['load']})"
            + (
                f"; event loop CPU {r['main_cpu_ms_per_page']} ms per page vs "
                f"{r['bare_main_cpu_ms_per_page']} ms"
                if "main_cpu_ms_per_page" in r
                else ""
            )
        )
    print(json.dumps(rows + site_rows, ensure_ascii=False))


if __name__ == "__main__":
    main()
