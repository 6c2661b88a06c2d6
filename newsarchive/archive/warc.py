"""Gzipped WARC output with warcio: response + request records, size rotation, crash repair."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from .._version import __version__

__all__ = ["WarcArchive", "WarcLocation", "repair_warc"]

logger = logging.getLogger(__name__)

# The body Scrapy hands over is already de-chunked, so these would describe the wire, not the payload.
_HOP_HEADERS = {b"transfer-encoding", b"content-length"}


@dataclass(frozen=True)
class WarcLocation:
    file: str  # relative to the data dir
    offset: int  # byte offset of the response record
    record_id: str  # <urn:uuid:...>


class WarcArchive:
    """Writes ``<data_dir>/<site>/warc/<site>-<UTC timestamp>-<seq>.warc.gz`` files of at most ~``max_size`` bytes.

    ``on_open``/``on_close`` are told each file's name so the state store can find
    files a killed run left open and :func:`repair_warc` them.
    """

    def __init__(
        self,
        data_dir: Path | str,
        site: str,
        *,
        max_size: int = 1 << 30,
        worker: str | None = None,
        on_open=None,
        on_close=None,
        operator: str | None = None,
    ):
        self.data_dir = Path(data_dir)
        self.site = site
        self.dir = self.data_dir / site / "warc"
        self.max_size = max_size
        self.worker = worker
        self.operator = operator
        self._on_open = on_open
        self._on_close = on_close
        self._stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        self._seq = 0
        self._fh: BinaryIO | None = None
        self._writer: WARCWriter | None = None
        self._name: str | None = None
        self.files: list[str] = []
        self.records = 0
        self._size = 0  # bytes in the current file: the next record's offset, without a tell()
        # appends (the crawl's writer thread) and syncs, rotations, closes (the reactor's) take
        # turns; reentrant: a rotation closes the previous file, a close syncs
        self._lock = threading.RLock()
        self._broken: OSError | None = None  # a failed append: nothing more is appended after it

    @property
    def current(self) -> str | None:
        return self._name

    def write(
        self,
        url: str,
        *,
        status: int,
        reason: str,
        response_headers: Iterable[tuple[bytes, bytes]],
        body: bytes,
        method: str,
        request_headers: Iterable[tuple[bytes, bytes]],
        request_body: bytes = b"",
        protocol: str = "HTTP/1.1",
        ip: str | None = None,
        fetched_at: datetime | None = None,
    ) -> WarcLocation:
        """Append a response record and its request; return where the response record starts."""
        self.ensure_room()
        return self.append(
            *self.build(
                url,
                status=status,
                reason=reason,
                response_headers=response_headers,
                body=body,
                method=method,
                request_headers=request_headers,
                request_body=request_body,
                protocol=protocol,
                ip=ip,
                fetched_at=fetched_at,
            )
        )

    @staticmethod
    def build(
        url: str,
        *,
        status: int,
        reason: str,
        response_headers: Iterable[tuple[bytes, bytes]],
        body: bytes,
        method: str,
        request_headers: Iterable[tuple[bytes, bytes]],
        request_body: bytes = b"",
        protocol: str = "HTTP/1.1",
        ip: str | None = None,
        fetched_at: datetime | None = None,
    ) -> tuple[bytes, str]:
        """A response record and its request, gzipped (one member each), and the response's record ID.

        Touches no file, so any thread may build (the crawl builds in a writer thread: digests and
        compression are most of a WARC record's cost); :meth:`append` files the bytes.
        """
        date = _warc_date(fetched_at)
        headers = [(_s(k), _s(v)) for k, v in response_headers if k.lower() not in _HOP_HEADERS]
        headers.append(("Content-Length", str(len(body))))
        http = StatusAndHeaders(f"{status} {reason}".strip(), headers, protocol=protocol)
        warc_headers = {"WARC-Date": date}
        if ip:
            warc_headers["WARC-IP-Address"] = ip
        buf = BytesIO()
        writer = WARCWriter(buf, gzip=True)
        response = writer.create_warc_record(
            url,
            "response",
            payload=BytesIO(body),
            http_headers=http,
            warc_headers_dict=warc_headers,
        )
        record_id = response.rec_headers.get_header("WARC-Record-ID")
        writer.write_record(response)
        split = url.split("/", 3)
        target = "/" + (split[3] if len(split) > 3 else "")
        req_headers = [(_s(k), _s(v)) for k, v in request_headers]
        if not any(k.lower() == "host" for k, _ in req_headers) and len(split) > 2:
            req_headers.insert(0, ("Host", split[2]))
        req_http = StatusAndHeaders(
            f"{method} {target} {protocol}", req_headers, is_http_request=True
        )
        request = writer.create_warc_record(
            url,
            "request",
            payload=BytesIO(request_body),
            http_headers=req_http,
            warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": record_id},
        )
        writer.write_record(request)
        return buf.getvalue(), record_id

    def append(self, data: bytes, record_id: str) -> WarcLocation:
        """File one page's records as :meth:`build` made them (one write); return where they start.

        Thread-safe, as are :meth:`sync`, :meth:`ensure_room` and :meth:`close`: the crawl appends
        from its writer thread. A rotation is left to the thread that calls :meth:`ensure_room`
        when one is due (the state store hears of each file from that thread alone), so an append
        rotates only when no file is open at all.
        """
        with self._lock:
            if self._broken is not None:
                raise OSError(
                    f"WARC records not written after an earlier write error: {self._broken}"
                )
            if self._fh is None:
                self._rotate()
            assert self._fh is not None and self._name is not None
            offset = self._size
            try:
                self._fh.write(data)
                self._fh.flush()  # in the OS's hands at once: a killed crawl loses no record handed back
            except OSError as exc:
                # part of it may be in the file: a record behind it would sit at another offset than
                # the one counted, and be cut with the torn one by the next run's repair
                self._broken = exc
                raise
            self._size += len(data)
            self.records += 1
            return WarcLocation(self._name, offset, record_id)

    def ensure_room(self) -> None:
        """Open the first file, or the next one when the current has reached ``max_size``."""
        if self._fh is not None and self._size < self.max_size:
            return  # (an unlocked look: only appends change it, and they only make it larger)
        with self._lock:
            if self._fh is None or self._size >= self.max_size:
                self._rotate()

    def sync(self) -> None:
        """Make the records written so far durable (before a JSONL line points at them)."""
        with self._lock:
            if self._fh is not None:
                self._fh.flush()
                os.fsync(self._fh.fileno())

    def close(self) -> None:
        with self._lock:
            if self._fh is not None:
                self.sync()
                self._fh.close()
                if self._on_close and self._name:
                    self._on_close(self._name)
            self._fh = None
            self._writer = None

    def _rotate(self) -> None:
        self.close()
        self.dir.mkdir(parents=True, exist_ok=True)
        while True:
            worker = f".{self.worker}" if self.worker else ""
            filename = f"{self.site}-{self._stamp}-{self._seq:05d}{worker}.warc.gz"
            self._seq += 1
            path = self.dir / filename
            if not path.exists():
                break
        self._name = path.relative_to(self.data_dir).as_posix()
        if self._on_open:
            self._on_open(self._name)
        self._fh = open(path, "wb")
        self._writer = WARCWriter(self._fh, gzip=True)
        info = {
            "software": f"newsarchive/{__version__} (warcio)",
            "format": "WARC File Format 1.1",
            "isPartOf": self.site,
        }
        if self.operator:
            info["operator"] = self.operator
        self._writer.write_record(self._writer.create_warcinfo_record(filename, info))
        self._size = self._fh.tell()
        self.files.append(self._name)


def repair_warc(path: Path | str) -> int:
    """Cut a WARC file after its last complete record (a killed writer leaves a torn one); return bytes cut."""
    path = Path(path)
    size = path.stat().st_size
    end = 0
    with open(path, "rb") as fh:
        it = ArchiveIterator(fh)
        try:
            for record in it:
                # The raw bytes, in blocks: content_stream() would inflate a bomb in full, and
                # fails on brotli bodies (warcio 1.8 + brotli 1.2), which then looked damaged.
                while record.raw_stream.read(1 << 20):
                    pass
                end = it.get_record_offset() + it.get_record_length()
        except Exception as exc:
            logger.warning("%s: damaged record after byte %d (%s); cutting it", path, end, exc)
    if end < size:
        with open(path, "r+b") as fh:
            fh.truncate(end)
    return size - end


def _warc_date(when: datetime | None) -> str:
    when = when or datetime.now(UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _s(value: bytes | str) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else value
