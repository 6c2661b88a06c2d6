"""Figures for hostile crawl inputs (issue 12): a huge robots.txt, a page that is slow to extract.

    .venv/bin/python benchmarks/hostile_crawl.py [--repo PATH]

Each case runs ``newsarchive crawl --start-url`` in a subprocess against a server on
127.0.0.1 and prints wall time and the peak RSS of the crawl process. ``--repo`` runs
another checkout's code (e.g. main, for before/after figures).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ARTICLE = (
    "<html><head><title>本地新闻</title></head><body><h1>本地新闻标题</h1><p>发布时间：2021-03-16</p>"
    "<div class='content'><p>" + "正文内容，" * 60 + "</p></div></body></html>"
).encode()
SLOW = "/2021/03/16/t20210316_999.html"


def home(n: int) -> bytes:
    links = f"<li><a href='{SLOW}'>重大新闻</a></li>" + "".join(
        f"<li><a href='/2021/03/16/t20210316_{k}.html'>新闻标题第{k}条</a></li>" for k in range(n)
    )
    return f"<html><body><ul>{links}</ul></body></html>".encode()


def attribute_flood(count: int) -> bytes:
    attrs = " ".join(f"a{k}='{k}'" for k in range(count))
    return (
        f"<html><head><title>重大新闻</title></head><body><h1>重大新闻</h1><div {attrs}>"
        "<p>" + "正文，" * 50 + "</p></div></body></html>"
    ).encode()


class Server:
    def __init__(self, routes: dict[str, bytes]):
        self.routes = routes
        self.times: dict[str, float] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                body = server.routes.get(self.path, ARTICLE)
                server.times.setdefault(self.path, time.monotonic())
                self.send_response(200)
                ctype = "text/plain" if self.path == "/robots.txt" else "text/html; charset=utf-8"
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the crawler stopped reading (a capped robots.txt)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"


def crawl(repo: Path, url: str, data: Path) -> tuple[float, float, int]:
    python = repo / ".venv" / "bin" / "python"
    started = time.monotonic()
    proc = subprocess.run(
        [
            str(python),
            "-m",
            "newsarchive",
            "crawl",
            "--start-url",
            url,
            "--data-dir",
            str(data),
            "-s",
            "DOWNLOAD_DELAY=0",
            "-s",
            "AUTOTHROTTLE_ENABLED=False",
            "--json",
            "--contact",
            "bench@example.org",
        ],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
        timeout=1800,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    wall = time.monotonic() - started
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return wall, rss, proc.returncode


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repo", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--case", choices=["robots", "slow-page", "all"], default="all")
    parser.add_argument(
        "--attributes", type=int, default=200_000, help="attributes of the slow page"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.case in ("robots", "all"):
            robots = b"User-agent: *\nDisallow: /secret/\n" + (b"# " + b"x" * 97 + b"\n") * 50_000
            server = Server({"/": home(20), "/robots.txt": robots})
            wall, rss, code = crawl(args.repo, server.url + "/", Path(tmp) / "r")
            print(
                f"5 MB robots.txt, 21 articles: {wall:.1f} s wall, peak RSS {rss:.0f} MiB, exit {code}"
            )
        if args.case in ("slow-page", "all"):
            server = Server({"/": home(20), SLOW: attribute_flood(args.attributes)})
            started = time.monotonic()
            wall, rss, code = crawl(args.repo, server.url + "/", Path(tmp) / "s")
            others = sorted(
                t - started for p, t in server.times.items() if p.startswith("/2021/") and p != SLOW
            )
            slow_at = server.times.get(SLOW, started) - started
            records = sum(
                1 for f in (Path(tmp) / "s").rglob("*.jsonl") for _ in f.open(encoding="utf-8")
            )
            print(
                f"attribute flood ({args.attributes} attributes) + 20 articles: {wall:.1f} s wall, "
                f"peak RSS {rss:.0f} MiB, exit {code}, {records} records; flood page requested at {slow_at:.1f} s, "
                f"other articles from {others[0]:.1f} s to {others[-1]:.1f} s"
                if others
                else "no other article"
            )


if __name__ == "__main__":
    sys.exit(main())
