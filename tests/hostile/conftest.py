"""Generators of hostile input (bombs, deep nesting, attribute floods, broken encodings, bad JSON Lines).

Tests reach them through the ``gen`` fixture (conftest modules are not importable
under ``--import-mode=importlib``). Every generator is deterministic and cheap: a
"10 GiB" bomb is compressed from a stream of zeros, never held in memory.
"""

from __future__ import annotations

import gzip
import resource
import threading
import zlib
from io import BytesIO
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

ARTICLE = (
    "<html><head><meta charset='utf-8'><title>县里召开会议_某网</title></head><body>"
    "<h1>县里召开会议</h1><div>2021-03-16 18:52 来源：某网</div><div id='content'>"
    "<p>三月十六日，县里召开工作会议，部署今年的重点任务，要求各部门抓好落实。</p>"
    "<p>会议指出，要坚持问题导向，推动各项工作取得新成效，确保完成全年目标。</p>"
    "</div></body></html>"
)


def zeros_compressed(size: int, encoding: str) -> bytes:
    """``size`` zero bytes, compressed with ``encoding`` (gzip, deflate, raw-deflate, br), streamed."""
    chunk = b"\0" * (1 << 20)
    if encoding == "br":
        import brotli

        c = brotli.Compressor(quality=1)
        out = [c.process(chunk) for _ in range(size // len(chunk))]
        return b"".join(out) + c.finish()
    wbits = {"gzip": 31, "deflate": 15, "raw-deflate": -15}[encoding]
    z = zlib.compressobj(9, zlib.DEFLATED, wbits)
    parts = [z.compress(chunk) for _ in range(size // len(chunk))]
    return b"".join(parts) + z.flush()


def html_bomb(size: int, encoding: str) -> bytes:
    """A compressed page that starts as an article and goes on with ``size`` bytes of spaces."""
    head = ARTICLE.encode()
    if encoding == "br":
        import brotli

        c = brotli.Compressor(quality=1)
        parts = [c.process(head)] + [c.process(b" " * (1 << 20)) for _ in range(size >> 20)]
        return b"".join(parts) + c.finish()
    wbits = {"gzip": 31, "deflate": 15}[encoding]
    z = zlib.compressobj(9, zlib.DEFLATED, wbits)
    parts = [z.compress(head)] + [z.compress(b" " * (1 << 20)) for _ in range(size >> 20)]
    return b"".join(parts) + z.flush()


def deep_jsonld(levels: int = 1000) -> str:
    return ARTICLE.replace(
        "</head>",
        '<script type="application/ld+json">' + "[" * levels + "]" * levels + "</script></head>",
    )


def attribute_flood(attributes: int) -> str:
    """One element carrying ``attributes`` distinct attributes, inside an ordinary article."""
    attrs = " ".join(f'data-a{i}="v{i}"' for i in range(attributes))
    return ARTICLE.replace("<div id='content'>", f"<div id='content' {attrs}>")


def bad_jsonl_lines() -> dict[str, bytes]:
    """One bad line per family, each with its newline."""
    return {
        "deep": b"[" * 100_000 + b"]" * 100_000 + b"\n",
        "deep_object": b'{"a":' * 5000 + b"1" + b"}" * 5000 + b"\n",
        "bignum": b'{"version": ' + b"9" * 5000 + b"}\n",
        "surrogate": b'{"title": "\\ud800"}\n',
        "not_utf8": b'{"title": "\xff\xfe"}\n',
        "not_json": b"<html>\n",
        "array": b"[1, 2]\n",
    }


def write_warc(path: Path, responses: list[tuple[str, list[tuple[str, str]], bytes]]) -> None:
    """A gzipped WARC of ``(url, headers, raw body)`` 200 responses, bodies stored as given."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, headers, body in responses:
            http = StatusAndHeaders(
                "200 OK", headers + [("Content-Length", str(len(body)))], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(
                    url,
                    "response",
                    payload=BytesIO(body),
                    http_headers=http,
                    warc_headers_dict={"WARC-Date": "2026-11-20T08:00:00Z"},
                )
            )


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_bounded(fn: Any, seconds: float) -> Any:
    """``fn()`` in a thread; fails the test if it has not returned within ``seconds`` (a hang)."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # handed to the test thread
            box["error"] = exc

    t = threading.Thread(target=target, daemon=True)
    t.start()
    t.join(seconds)
    if t.is_alive():
        pytest.fail(f"did not finish within {seconds} s")
    if "error" in box:
        raise box["error"]
    return box.get("value")


@pytest.fixture(scope="session")
def gen() -> SimpleNamespace:
    return SimpleNamespace(
        ARTICLE=ARTICLE,
        zeros_compressed=zeros_compressed,
        html_bomb=html_bomb,
        deep_jsonld=deep_jsonld,
        attribute_flood=attribute_flood,
        bad_jsonl_lines=bad_jsonl_lines,
        write_warc=write_warc,
        peak_rss_mib=peak_rss_mib,
        run_bounded=run_bounded,
        gzip=gzip,
    )
