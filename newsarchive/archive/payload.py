"""An archived HTTP response's body, with chunking and Content-Encoding undone here, within a size limit.

The WARC keeps bodies as they came off the wire, compressed. warcio's
``content_stream()`` inflates them without a limit (a 20 KB gzip bomb becomes
gigabytes) and, with brotli 1.2, fails on ``br`` with ``'brotli.Decompressor'
object has no attribute 'unused_data'``. :func:`read_payload` reads the raw
bytes and decodes gzip, deflate and br itself, stopping at ``limit`` decoded
bytes: the crawl's own ``DOWNLOAD_MAXSIZE``.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

__all__ = ["MAX_BODY", "Payload", "decode_content", "read_payload"]

MAX_BODY = 16 * 1024 * 1024  # the crawl's DOWNLOAD_MAXSIZE (settings.py; a test keeps them equal)
_BLOCK = 1 << 20


@dataclass
class Payload:
    body: bytes
    warnings: list[str] = field(default_factory=list)
    cut: bool = False  # over the limit: ``body`` holds its first ``limit`` bytes


def read_payload(record: Any, limit: int = MAX_BODY) -> Payload:
    """The decoded body of a warcio response ``record``; the record's raw stream is read to its end."""
    raw_stream = record.raw_stream
    raw = raw_stream.read(limit + 1)
    warnings: list[str] = []
    if len(raw) > limit:
        while raw_stream.read(_BLOCK):  # to the end, so that length and digest are still checked
            pass
        raw = raw[:limit]
        warnings.append(
            f"archived body over {limit // (1 << 20)} MiB: only its first "
            f"{limit // (1 << 20)} MiB read"
        )
    headers = record.http_headers
    if headers is not None and "chunked" in (headers.get_header("Transfer-Encoding") or "").lower():
        raw = _dechunk(raw)
    encoding = headers.get_header("Content-Encoding") if headers is not None else None
    payload = decode_content(raw, encoding, limit)
    payload.warnings[:0] = warnings
    payload.cut = payload.cut or bool(warnings)
    return payload


def _dechunk(raw: bytes) -> bytes:
    """Chunked transfer coding removed; bodies Scrapy already de-chunked pass unchanged."""
    from warcio.bufferedreaders import ChunkedDataReader

    return ChunkedDataReader(BytesIO(raw)).read()  # never longer than ``raw``


def decode_content(data: bytes, content_encoding: str | None, limit: int = MAX_BODY) -> Payload:
    """``data`` with each Content-Encoding undone (last applied first), at most ``limit`` bytes out."""
    codings = [c.strip().lower() for c in (content_encoding or "").split(",") if c.strip()]
    payload = Payload(data)
    for coding in reversed(codings):
        if coding in ("identity", "none"):
            continue
        decoder = _DECODERS.get(coding)
        if decoder is None:
            payload.warnings.append(
                f"Content-Encoding {coding!r} not supported: body kept as archived"
            )
            break
        try:
            out = decoder(payload.body, limit)
        except Exception as exc:  # zlib.error, brotli.error: the data is not what the header says
            payload.warnings.append(
                f"Content-Encoding {coding}: corrupt data ({exc}); body kept as archived"
            )
            break
        if len(out) > limit:
            payload.body, payload.cut = out[:limit], True
            payload.warnings.append(
                f"body over {limit // (1 << 20)} MiB once {coding}-decoded "
                f"(a compression bomb?): cut at {limit // (1 << 20)} MiB"
            )
            break
        payload.body = out
    return payload


def _inflate(data: bytes, limit: int, wbits: int) -> bytes:
    """zlib/gzip members one after another, stopping once ``limit`` + 1 bytes are out."""
    out = bytearray()
    while data and len(out) <= limit:
        d = zlib.decompressobj(wbits)
        out += d.decompress(data, limit + 1 - len(out))
        while d.unconsumed_tail and len(out) <= limit:
            out += d.decompress(d.unconsumed_tail, limit + 1 - len(out))
        if not d.eof:
            break  # cut short by the limit, or a truncated stream
        data = d.unused_data.lstrip(b"\0")  # another gzip member, or padding
    return bytes(out)


def _gzip(data: bytes, limit: int) -> bytes:
    return _inflate(data, limit, 47)  # 32 + 15: gzip or zlib header, detected


def _deflate(data: bytes, limit: int) -> bytes:
    try:
        return _inflate(data, limit, 15)  # RFC 1950 zlib, as the standard says
    except zlib.error:
        return _inflate(data, limit, -15)  # raw deflate, as many servers send


def _brotli(data: bytes, limit: int) -> bytes:
    import brotli

    d = brotli.Decompressor()
    out = bytearray(d.process(data, output_buffer_limit=limit + 1))
    while len(out) <= limit and not d.can_accept_more_data():
        more = d.process(b"", output_buffer_limit=limit + 1 - len(out))
        if not more:
            break
        out += more
    return bytes(out)


_DECODERS = {"gzip": _gzip, "x-gzip": _gzip, "deflate": _deflate, "br": _brotli}
