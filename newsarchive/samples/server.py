"""Serve a generated portal on 127.0.0.1 with knobs for latency, errors, redirects and validators."""

from __future__ import annotations

import email.utils
import hashlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .portal import PortalInfo, Route

__all__ = ["LoggedRequest", "PortalServer"]


@dataclass
class LoggedRequest:
    path: str  # path?query as requested
    status: int
    headers: dict[str, str] = field(default_factory=dict)


class PortalServer:
    """A threaded HTTP server for a portal directory; use as a context manager.

    ``url`` is the base URL (``http://127.0.0.1:PORT``); ``requests`` logs every
    request in arrival order. ``latency`` delays every answer; routes from the
    portal manifest add redirects, 500s that clear after N tries, slow pages and
    Content-Type overrides. Files get an ETag and Last-Modified, and conditional
    requests get a 304 when nothing changed (``validators=False`` turns that off).
    """

    def __init__(
        self,
        root: Path | str,
        *,
        port: int = 0,
        latency: float = 0.0,
        validators: bool = True,
        routes: dict[str, Route] | None = None,
    ):
        self.root = Path(root)
        self.latency = latency
        self.validators = validators
        self.routes: dict[str, Route] = {}
        try:
            self.routes.update(PortalInfo.load(self.root).routes)
        except FileNotFoundError:
            pass
        self.routes.update(routes or {})
        self.requests: list[LoggedRequest] = []
        self._lock = threading.Lock()
        self._failures: dict[str, int] = {}
        self._httpd = _Server(("127.0.0.1", port), _Handler)
        self._httpd.portal = self
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> PortalServer:
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="portal-server",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> PortalServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def paths(self) -> list[str]:
        """Requested paths (with query), in order."""
        with self._lock:
            return [r.path for r in self.requests]

    def clear_log(self) -> None:
        with self._lock:
            self.requests.clear()

    # called from handler threads
    def _log(self, entry: LoggedRequest) -> None:
        with self._lock:
            self.requests.append(entry)

    def _should_fail(self, path: str, route: Route) -> bool:
        with self._lock:
            done = self._failures.get(path, 0)
            if done < route.fail_times:
                self._failures[path] = done + 1
                return True
            return False


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128
    portal: PortalServer


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def do_GET(self) -> None:
        self._answer(head=False)

    def _answer(self, head: bool) -> None:
        portal = self.server.portal
        split = urlsplit(self.path)
        path, query = split.path or "/", split.query
        route = portal.routes.get(path) or portal.routes.get(f"{path}?{query}") or Route()
        delay = portal.latency + route.delay
        if delay:
            time.sleep(delay)
        headers = {k: v for k, v in self.headers.items()}
        if route.redirect:
            status = route.status
            self._send(status, b"", {"Location": route.redirect}, head)
        elif route.fail_times and portal._should_fail(path, route):
            status = 500
            self._send(
                status,
                b"<html><body>Internal Server Error</body></html>",
                {"Content-Type": "text/html"},
                head,
            )
        else:
            status = self._serve_file(path, query, route, head)
        portal._log(LoggedRequest(path=self.path, status=status, headers=headers))

    def _serve_file(self, path: str, query: str, route: Route, head: bool) -> int:
        root = self.server.portal.root
        if path.endswith("/"):
            path += "index.html"
        candidates = []
        if query:
            candidates.append(f"{path}@{query}")  # list pages paged by query string
        candidates.append(path)
        for candidate in candidates:
            target = (root / candidate.lstrip("/")).resolve()
            if (
                root.resolve() in target.parents
                and target.is_file()
                and not target.name.startswith("_")
            ):
                break
        else:
            self._send(
                404, b"<html><body>Not Found</body></html>", {"Content-Type": "text/html"}, head
            )
            return 404
        data = target.read_bytes()
        ctype = route.content_type
        if ctype is None:
            ctype = "text/plain" if target.suffix == ".txt" else "text/html; charset=utf-8"
        headers = {"Content-Type": ctype}
        if self.server.portal.validators:
            etag = '"' + hashlib.sha1(data).hexdigest()[:16] + '"'
            mtime = target.stat().st_mtime
            headers["ETag"] = etag
            headers["Last-Modified"] = email.utils.formatdate(mtime, usegmt=True)
            inm = self.headers.get("If-None-Match")
            ims = self.headers.get("If-Modified-Since")
            fresh = False
            if inm is not None:
                fresh = etag in [t.strip() for t in inm.split(",")]
            elif ims is not None:
                parsed = email.utils.parsedate_to_datetime(ims) if ims else None
                fresh = parsed is not None and int(mtime) <= parsed.timestamp()
            if fresh:
                self._send(
                    304, b"", {k: v for k, v in headers.items() if k != "Content-Type"}, head
                )
                return 304
        self._send(200, data, headers, head)
        return 200

    def _send(self, status: int, body: bytes, headers: dict[str, str], head: bool) -> None:
        try:
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            if status != 304:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body and not head and status != 304:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (download timeout): nothing to do
