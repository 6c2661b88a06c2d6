"""Tiny scripted HTTP servers for hostile crawl tests: any loopback address, routes as data."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from ..crawlrun import REPO, CrawlRun, fast_flags, read_records
from ..crawlrun import run_crawl as _run_crawl

__all__ = ["REPO", "Answer", "CrawlRun", "ScriptedServer", "read_records", "run_crawl"]


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(
        default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"}
    )


Route = Answer | Callable[[str], Answer]


class ScriptedServer:
    """``routes`` maps a path (with query) to an Answer or a function of the path; else ``fallback``.

    ``hits`` lists every requested path in order, so a test can tell what the crawler contacted.
    """

    def __init__(
        self,
        routes: dict[str, Route] | None = None,
        *,
        host: str = "127.0.0.1",
        fallback: Route | None = None,
    ):
        self.routes: dict[str, Route] = dict(routes or {})
        self.fallback = fallback or Answer(404, b"<html><body>Not Found</body></html>")
        self.hits: list[str] = []
        self.agents: list[tuple[str, str]] = []  # (path, User-Agent)
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer((host, 0), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.scripted = self  # type: ignore[attr-defined]
        self.host = host

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def answer(self, path: str, agent: str = "") -> Answer:
        with self._lock:
            self.hits.append(path)
            self.agents.append((path, agent))
        route = self.routes.get(path, self.fallback)
        return route(path) if callable(route) else route

    def __enter__(self) -> ScriptedServer:
        threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        answer = self.server.scripted.answer(self.path, self.headers.get("User-Agent", ""))  # type: ignore[attr-defined]
        try:
            self.send_response(answer.status)
            for key, value in answer.headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)
        except (BrokenPipeError, ConnectionResetError):
            pass


# -- running the CLI crawl in a subprocess: tests/crawlrun.py, with a 2 s download timeout ------------------
FAST = fast_flags(download_timeout=2)


def run_crawl(
    *args: str, timeout: float = 120, env: dict[str, str] | None = None, fast: bool = True
) -> CrawlRun:
    """``newsarchive crawl [FAST] ARGS --json`` in a subprocess; the last JSON line of stdout is the summary."""
    return _run_crawl(*args, timeout=timeout, env=env, flags=FAST if fast else [])
