"""The README's own-project example: a plain user spider with newsarchive's components, on 127.0.0.1."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from newsarchive.samples import PortalServer

from .conftest import article_html

README = Path(__file__).resolve().parents[2] / "README.md"
MARKER = "<!-- example:own-project"


def readme_example() -> str:
    text = README.read_text("utf-8")
    start = text.index(MARKER)
    found = re.search(r"```python\n(.*?)```", text[start:], re.DOTALL)
    assert found, "README: the own-project example lost its python block"
    return found.group(1)


@pytest.mark.crawl
def test_readme_user_spider_archives_records_and_warc(tmp_path: Path):
    site = tmp_path / "site"
    site.mkdir()
    titles = ["县里召开工作会议", "乡镇开展安全检查", "学校举行开学典礼"]
    for n, title in enumerate(titles, 1):
        (site / f"a{n}.html").write_bytes(article_html(title))
    links = "".join(f'<li><a href="a{n}.html">{t}</a></li>' for n, t in enumerate(titles, 1))
    (site / "index.html").write_text(
        f"<html><body><ul>{links}</ul></body></html>", encoding="utf-8"
    )
    work = tmp_path / "project"
    work.mkdir()
    with PortalServer(site) as server:
        code = readme_example().replace("http://127.0.0.1:8000", server.url)
        assert server.url in code
        (work / "county.py").write_text(code, encoding="utf-8")
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "scrapy",
                "runspider",
                "county.py",
                "-s",
                "DOWNLOAD_TIMEOUT=10",
                "-s",
                "NEWSARCHIVE_FSYNC=False",
            ],
            cwd=work,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
        )
    assert proc.returncode == 0, proc.stderr[-3000:]
    data = work / "data" / "county"
    records = [
        json.loads(line)
        for p in sorted((data / "articles").glob("*.jsonl"))
        for line in p.read_text("utf-8").splitlines()
    ]
    assert sorted(r["title"] for r in records) == sorted(titles)
    assert {r["site"] for r in records} == {"county"} and {r["version"] for r in records} == {1}
    for record in records:
        with open(work / "data" / record["provenance"]["warc_file"], "rb") as fh:
            fh.seek(record["provenance"]["warc_offset"])
            warc = next(iter(ArchiveIterator(fh)))
            assert warc.rec_headers.get_header("WARC-Target-URI") == record["url"]
            assert record["title"].encode() in warc.content_stream().read()
    summary = json.loads(next((data / "runs").glob("*.json")).read_text("utf-8"))
    assert (summary["status"], summary["pages"], summary["articles_new"]) == ("ok", 4, 3)
