"""Fixtures for the dataset tests: synthetic pages made into records by the real extractor, and small WARCs."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest

from newsarchive.archive.records import partition_name
from newsarchive.extract import extract
from newsarchive.jsonl import dumps
from newsarchive.samples.words import VERBS, WORDS, sentence


SITES = {
    "xuchang": ("许昌网", "http://www.xcnews.example.cn"),
    "yichun": ("宜春新闻网", "http://www.ycnews.example.cn"),
    "shanxi": ("山西新闻网", "http://www.sxnews.example.cn"),
}


def paragraphs(seed: int, n: int = 4) -> list[str]:
    rng = random.Random(seed)
    return ["".join(sentence(rng) for _ in range(rng.randint(2, 4))) for _ in range(n)]


@dataclass
class Page:
    site: str
    path: str
    title: str
    paras: list[str]
    date: str = "2021-03-05 10:30"
    source: str = "新华社"
    editor: str = "王芳"
    author: str | None = "李明"
    section: tuple[str, ...] = ("首页", "本地", "社会")
    boilerplate: list[str] = field(default_factory=list)  # extra paragraphs inside the body
    charset: str = "utf-8"

    @property
    def url(self) -> str:
        return SITES[self.site][1] + self.path

    def html(self) -> bytes:
        name = SITES[self.site][0]
        crumbs = " &gt; ".join(
            f'<a href="/{i}/">{escape(s)}</a>' for i, s in enumerate(self.section)
        )
        body = "\n".join(f"<p>{escape(p)}</p>" for p in self.paras + self.boilerplate)
        author = f"　作者：{self.author}" if self.author else ""
        html = f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="{self.charset}">
<title>{escape(self.title)}_{name}</title><meta property="og:site_name" content="{name}">
<link rel="canonical" href="{self.url}"></head><body>
<div class="top"><a href="/">{name}首页</a> | <a href="/news/">新闻</a> | <a href="/gov/">政务</a> | 今天是星期五</div>
<div class="location">当前位置：{crumbs}</div>
<div class="article"><h1>{escape(self.title)}</h1>
<div class="info">发布时间：{self.date}　来源：{self.source}{author}</div>
<div class="content" id="zoom">{body}</div>
<div class="editor">责任编辑：{self.editor}</div></div>
<div class="footer">{name}版权所有 未经授权禁止复制 ICP备案号：豫ICP备0000000{len(name)}号</div>
</body></html>"""
        return html.encode(self.charset)


def record(
    page: Page,
    *,
    fetched_at: str = "2026-11-20T08:00:00Z",
    version: int = 1,
    warc: tuple[str, int, str] | None = None,
) -> dict[str, Any]:
    rec = extract(
        page.html(),
        page.url,
        content_type=f"text/html; charset={page.charset}",
        now=datetime.fromisoformat(fetched_at),
    ).to_dict()
    rec["site"] = page.site
    rec["version"] = version
    rec["previous_hash"] = None
    rec["provenance"] = {
        "fetched_at": fetched_at,
        "http_status": 200,
        "warc_file": warc[0] if warc else f"{page.site}/warc/{page.site}-x-00000.warc.gz",
        "warc_offset": warc[1] if warc else 0,
        "warc_record_id": warc[2] if warc else f"<urn:uuid:{abs(hash(page.url)):032x}>",
    }
    return rec


def write_records(
    data_dir: Path, records: list[dict[str, Any]], *, worker: str | None = None
) -> list[Path]:
    """File records as the crawl does: <site>/articles/YYYY-MM[.worker].jsonl."""
    written = []
    for rec in records:
        path = (
            data_dir / rec["site"] / "articles" / partition_name(rec.get("published_date"), worker)
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(dumps(rec) + "\n")
        written.append(path)
    return written


def write_warc(
    data_dir: Path,
    site: str,
    pages: list[Page],
    *,
    name: str | None = None,
    fetched_at: str = "2026-11-20T08:00:00Z",
    extra: list[tuple[str, int, str, bytes]] = (),
) -> list[dict[str, Any]]:
    """A gzipped WARC of responses (+requests) for ``pages``; returns the crawl records for them."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rel = f"{site}/warc/{name or site + '-20261120080000-00000'}.warc.gz"
    path = data_dir / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    records = []
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        items = [(p.url, 200, f"text/html; charset={p.charset}", p.html(), p) for p in pages]
        items += [(u, s, ct, b, None) for u, s, ct, b in extra]
        for url, status, ctype, body, page in items:
            http = StatusAndHeaders(
                f"{status} {'OK' if status == 200 else 'Error'}",
                [("Content-Type", ctype), ("Content-Length", str(len(body)))],
                protocol="HTTP/1.1",
            )
            resp = writer.create_warc_record(
                url,
                "response",
                payload=BytesIO(body),
                http_headers=http,
                warc_headers_dict={"WARC-Date": fetched_at},
            )
            offset = fh.tell()
            writer.write_record(resp)
            req = writer.create_warc_record(
                url,
                "request",
                payload=BytesIO(b""),
                http_headers=StatusAndHeaders(
                    f"GET {url.split('/', 3)[-1]} HTTP/1.1",
                    [("Host", url.split("/")[2])],
                    is_http_request=True,
                ),
                warc_headers_dict={
                    "WARC-Date": fetched_at,
                    "WARC-Concurrent-To": resp.rec_headers.get_header("WARC-Record-ID"),
                },
            )
            writer.write_record(req)
            if page is not None:
                records.append(
                    record(
                        page,
                        fetched_at=fetched_at,
                        warc=(rel, offset, resp.rec_headers.get_header("WARC-Record-ID")),
                    )
                )
    return records


def sample_pages(n: int = 12, *, seed: int = 0) -> list[Page]:
    """Distinct articles over three sites and three months."""
    pages = []
    sites = list(SITES)
    for i in range(n):
        site = sites[i % 3]
        month = 1 + (i // 3) % 3
        paras = paragraphs(seed * 1000 + i)
        pages.append(
            Page(
                site,
                f"/news/2021/{month:02d}/{i}.html",
                f"第{i}号新闻：{WORDS[i % 25]}{VERBS[i % 10]}会议",
                paras,
                date=f"2021-{month:02d}-{10 + i % 15:02d} 09:{i % 60:02d}",
                section=("首页", "本地", "社会" if i % 2 else "经济"),
            )
        )
    return pages


@pytest.fixture
def pages() -> list[Page]:
    return sample_pages()


@pytest.fixture
def data_dir(tmp_path: Path, pages: list[Page]) -> Path:
    """A data dir with 12 valid records in the crawl layout, one site's March as a worker part file."""
    root = tmp_path / "data"
    recs = [record(p) for p in pages]
    main = [
        r for r in recs if not (r["site"] == "yichun" and r["published_at"].startswith("2021-03"))
    ]
    part = [r for r in recs if r not in main]
    write_records(root, main)
    write_records(root, part, worker="w1")
    return root


@pytest.fixture
def fx() -> Any:
    """The builders above, for test modules (conftest is not importable under --import-mode=importlib)."""
    from types import SimpleNamespace

    return SimpleNamespace(
        Page=Page,
        record=record,
        write_records=write_records,
        write_warc=write_warc,
        sample_pages=sample_pages,
        paragraphs=paragraphs,
        SITES=SITES,
    )
