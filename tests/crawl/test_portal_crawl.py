"""Crawl the mock portal end to end: exact archive, politeness, provenance, incremental runs."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from warcio.archiveiterator import ArchiveIterator

from newsarchive.archive import StateStore
from newsarchive.extract import extract
from newsarchive.pipelines.validate import record_validator
from newsarchive.samples import PortalServer, build_portal

pytestmark = [pytest.mark.crawl]

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
CORPUS = SHARED / "corpus" / "dev" / "html"
LISTS = SHARED / "corpus" / "lists"
# where each real list page is served (its relative next-page link resolves beside it)
REAL_LISTS = {
    "gsjyt-list-01": "/jyt/c110634/zwgklist.shtml",
    "jxsthjt-list-01": "/jxssthjt/col/col42150/index.html",
}


def _add_real_lists(root: Path) -> tuple[list[str], list[str]]:
    """Serve the real script-drawn list pages, with a generated article behind every true link."""
    from newsarchive.samples.portal import _article_html  # the generator's own article template

    starts, articles = [], []
    if not LISTS.is_dir():
        return starts, articles
    import random
    from datetime import datetime

    for name, path in REAL_LISTS.items():
        truth = json.loads((LISTS / "truth" / f"{name}.json").read_text(encoding="utf-8"))
        dest = root / path.lstrip("/")
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(LISTS / "html" / f"{name}.html", dest)
        starts.append(path)
        for n, link in enumerate(truth["article_links"]):
            link_path = urlsplit(link).path
            file = root / link_path.lstrip("/")
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_bytes(
                _article_html(
                    f"真实列表中的文章{n}",
                    datetime(2025, 7, 1, 9, 0),
                    "列表",
                    random.Random(n),
                    (3, 5),
                ).encode()
            )
            articles.append(link_path)
        # the rest of the real site (its other columns) answers with an empty page
        from newsarchive.links import discover_links

        found = discover_links(dest.read_bytes(), "http://127.0.0.1" + path)
        for url in found.lists:
            parts = urlsplit(url)
            if parts.hostname != "127.0.0.1":
                continue
            stub = root / (parts.path.lstrip("/") + (f"@{parts.query}" if parts.query else ""))
            if parts.path.endswith("/"):
                stub = stub / "index.html"
            if not stub.exists():
                stub.parent.mkdir(parents=True, exist_ok=True)
                stub.write_text("<html><body><ul></ul></body></html>", encoding="utf-8")
        nxt = truth.get("next_page")
        if nxt:  # an empty next page, so pagination ends there
            parts = urlsplit(nxt if nxt.startswith("/") else path.rsplit("/", 1)[0] + "/" + nxt)
            query = "&".join(sorted(parts.query.split("&"))) if parts.query else ""
            stub = root / (parts.path.lstrip("/") + (f"@{query}" if query else ""))
            stub.write_text("<html><body><ul></ul></body></html>", encoding="utf-8")
    return starts, articles


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory, crawl_tools: Any) -> Iterator[dict[str, Any]]:
    root = tmp_path_factory.mktemp("portal")
    info = build_portal(
        root,
        articles=24,
        per_page=6,
        script_lists=True,
        slow_seconds=3.0,
        corpus_dir=CORPUS if CORPUS.is_dir() else None,
        corpus_pages=4,
    )
    starts, real_articles = _add_real_lists(root)
    data = tmp_path_factory.mktemp("data")
    with PortalServer(root) as server:
        args = ["--start-url", server.url + info.home]
        for path in starts:
            args += ["--start-url", server.url + path]
        run = crawl_tools.run(*args, "--data-dir", str(data))
        yield {
            "info": info,
            "server": server,
            "data": data,
            "run": run,
            "args": args,
            "requested": server.paths(),
            "real_articles": real_articles,
            "root": root,
        }


def _paths(records: list[dict[str, Any]]) -> list[str]:
    out = []
    for r in records:
        parts = urlsplit(r["url"])
        out.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return out


def _keys(records: list[dict[str, Any]]) -> list[str]:
    """Each record's identity as a path: its rel=canonical on this site, else the fetched URL."""
    out = []
    for r in records:
        canonical = r.get("canonical_url")
        use = canonical if canonical and urlsplit(canonical).hostname == "127.0.0.1" else r["url"]
        parts = urlsplit(use)
        out.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return out


def _expected(crawled: dict[str, Any]) -> set[str]:
    info = crawled["info"]
    expected = set(info.generated) | set(info.redirected.values()) - {
        "http://offsite.invalid/2021/0303/1.html"
    }
    expected |= {p for p in info.articles if p.startswith("/local/2021/0302/")}
    for path in info.corpus:  # a real page the engine calls a list is navigated, not archived
        page = extract(
            (info.root / path.lstrip("/")).read_bytes(),
            crawled["server"].url + path,
            content_type="text/html",
        )
        if page.page_type != "list":
            expected.add(path)
    expected |= set(crawled["real_articles"])
    return {p for p in expected if p.startswith("/")}


def test_run_succeeds_with_a_summary(crawled: dict[str, Any]) -> None:
    run = crawled["run"]
    assert run.returncode == 0, run.stderr[-3000:]
    summary = run.summary
    assert summary is not None and summary["status"] == "ok"
    site_dir = crawled["data"] / "127.0.0.1"
    assert Path(summary["summary_file"]).is_file()
    assert (
        json.loads(Path(summary["summary_file"]).read_text())["articles_new"]
        == summary["articles_new"]
    )
    assert (site_dir / "logs").is_dir() and any((site_dir / "logs").iterdir())
    assert summary["errors"] >= 2  # the 404 and the page slower than the timeout
    assert not (site_dir / "job").exists()  # a finished job leaves no JOBDIR behind


def test_exact_set_of_archived_articles(crawled: dict[str, Any], crawl_tools: Any) -> None:
    records = crawl_tools.read(crawled["data"])
    keys = _keys(records)
    assert len(keys) == len(set(keys)), "an article was written twice"
    assert set(keys) == _expected(crawled)
    assert crawled["run"].summary["articles_new"] == len(records)


def test_records_validate_and_are_partitioned_by_month(
    crawled: dict[str, Any], crawl_tools: Any
) -> None:
    validator = record_validator()
    for path in sorted((crawled["data"] / "127.0.0.1" / "articles").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            assert "\\u" not in line
            record = json.loads(line)
            errors = [e.message for e in validator.iter_errors(record)]
            assert not errors, (record["url"], errors)
            month = (record["published_date"] or "undated")[:7]  # schema v2: the page's own day
            assert path.name == f"{month}.jsonl"
            assert record["version"] == 1 and record["previous_hash"] is None
            assert record["site"] == "127.0.0.1"


def test_politeness_robots_offsite_and_errors(crawled: dict[str, Any], crawl_tools: Any) -> None:
    info, server = crawled["info"], crawled["server"]
    requested = server.paths()
    assert "/robots.txt" in requested
    for path in info.disallowed:
        assert path not in requested, f"robots.txt forbids {path}"
    records = crawl_tools.read(crawled["data"])
    urls = {r["url"] for r in records}
    assert all(urlsplit(u).hostname == "127.0.0.1" for u in urls)
    assert not any(u in urls for u in info.offsite)
    # the 500 was retried and then archived
    flaky = info.flaky[0]
    assert requested.count(flaky) == 2 and flaky in _paths(records)
    # tracking-parameter duplicates collapse: each article requested once
    article_requests = [
        p for p in requested if re.search(r"/(t\d{8}_\d+|\d{6}|content_\d+)\.html?", p)
    ]
    assert len(article_requests) == len(set(article_requests)) + 1  # the retried 500 only
    assert not any("utm_" in p or "spm=" in p for p in requested)
    # the 404 and the slow page are errors in the state store, never records
    state = StateStore(crawled["data"] / "127.0.0.1" / "state.sqlite")
    try:
        missing = state.get(server.url + info.missing[0])
        assert missing is not None and missing.status == 404 and not missing.version
        slow = state.get(server.url + info.slow[0])
        assert slow is not None and slow.error and "Timeout" in slow.error
    finally:
        state.close()
    assert info.slow[0] not in _paths(records)
    # the user agent names the crawler and a contact
    ua = next(r.headers.get("User-Agent", "") for r in server.requests if r.path == info.home)
    assert ua.startswith("newsarchive/") and "+http" in ua


def test_gbk_pages_decode(crawled: dict[str, Any], crawl_tools: Any) -> None:
    info = crawled["info"]
    by_path = dict(zip(_paths(recs := crawl_tools.read(crawled["data"])), recs))
    assert len(info.gbk) >= 2
    for path in info.gbk:
        record = by_path[path]
        raw = (info.root / path.lstrip("/")).read_bytes().decode("gbk")
        assert record["title"] and record["title"] in raw
        assert record["paragraphs"] and record["paragraphs"][0][:10] in raw


def test_redirects_within_site_followed_offsite_dropped(
    crawled: dict[str, Any], crawl_tools: Any
) -> None:
    info, requested = crawled["info"], crawled["server"].paths()
    paths = _paths(crawl_tools.read(crawled["data"]))
    for source, target in info.redirected.items():
        assert source in requested
        if target.startswith("/"):
            assert target in requested and target in paths
        else:
            assert target not in paths


def test_provenance_points_at_warc_response(crawled: dict[str, Any], crawl_tools: Any) -> None:
    data = crawled["data"]
    for record in crawl_tools.read(data):
        prov = record["provenance"]
        assert prov["http_status"] == 200 and prov["fetched_at"].endswith("Z")
        with open(data / prov["warc_file"], "rb") as fh:
            fh.seek(prov["warc_offset"])
            warc_record = next(iter(ArchiveIterator(fh)))
            assert warc_record.rec_type == "response"
            assert warc_record.rec_headers.get_header("WARC-Target-URI") == record["url"]
            assert warc_record.rec_headers.get_header("WARC-Record-ID") == prov["warc_record_id"]
            assert warc_record.http_headers.get_statuscode() == "200"
            assert warc_record.content_stream().read()
    # every file is readable to the end, with a request beside each response
    kinds: dict[str, int] = {}
    for path in (data / "127.0.0.1" / "warc").glob("*.warc.gz"):
        with open(path, "rb") as fh:
            for rec in ArchiveIterator(fh):
                kinds[rec.rec_type] = kinds.get(rec.rec_type, 0) + 1
    assert kinds["response"] == kinds["request"] > 0 and kinds["warcinfo"] >= 1


def test_script_drawn_lists_are_followed(crawled: dict[str, Any], crawl_tools: Any) -> None:
    paths = set(_paths(crawl_tools.read(crawled["data"])))
    county = {p for p in crawled["info"].generated if p.startswith("/county/")}
    assert county and county <= paths
    if not LISTS.is_dir():
        pytest.skip("../shared/corpus/lists is absent")
    assert set(crawled["real_articles"]) <= paths


def test_incremental_runs(crawled: dict[str, Any], crawl_tools: Any, tmp_path: Path) -> None:
    """Second run: only new articles fetched. Revisit: 304 for unchanged, version 2 for a changed one."""
    info, data = crawled["info"], crawled["data"]
    before = crawl_tools.read(data)
    # five newer articles appear on top of the lists (old files stay byte-identical)
    root = crawled["root"]
    bigger = build_portal(
        root,
        articles=29,
        per_page=6,
        script_lists=True,
        slow_seconds=3.0,
        corpus_dir=CORPUS if CORPUS.is_dir() else None,
        corpus_pages=4,
    )
    new_paths = set(bigger.generated) - set(info.generated)
    assert len(new_paths) == 5
    server = crawled["server"]  # same port, so the state store's URLs still name these pages
    server.clear_log()
    if True:
        run = crawl_tools.run(*crawled["args"], "--data-dir", str(data))
        assert run.returncode == 0, run.stderr[-3000:]
        fetched_articles = {
            p for p in server.paths() if p in set(bigger.articles) | set(crawled["real_articles"])
        }
        assert fetched_articles == new_paths
        after = crawl_tools.read(data)
        assert len(after) == len(before) + 5 and run.summary["articles_new"] == 5

        # change one archived article, then revisit everything archived
        changed = min(p for p in info.generated if p.startswith("/news/"))
        file = root / changed.lstrip("/")
        file.write_bytes(
            file.read_bytes().replace(
                b'</div>\n<div class="editor">',
                '<p>更正：本文第二段数据有误，现已更正。</p></div>\n<div class="editor">'.encode(),
            )
        )
        server.clear_log()
        run = crawl_tools.run(*crawled["args"], "--data-dir", str(data), "--revisit-after", "0")
        assert run.returncode == 0, run.stderr[-3000:]
        revisits = [r for r in server.requests if r.path in set(bigger.articles)]
        assert revisits and all("If-None-Match" in r.headers for r in revisits)
        assert {r.path for r in revisits if r.status == 200} == {changed}
        assert run.summary["articles_updated"] == 1 and run.summary["articles_new"] == 0
    final = crawl_tools.read(data)
    assert len(final) == len(after) + 1
    versions = [r for r in final if urlsplit(r["url"]).path == changed]
    assert [v["version"] for v in versions] == [1, 2]
    assert (
        versions[1]["previous_hash"] == versions[0]["content_hash"] != versions[1]["content_hash"]
    )


def test_extraction_error_is_counted_not_fatal(crawled: dict[str, Any], crawl_tools: Any) -> None:
    info, server = crawled["info"], crawled["server"]
    assert info.broken[0] in crawled["requested"]
    assert info.broken[0] not in _paths(crawl_tools.read(crawled["data"]))
    state = StateStore(crawled["data"] / "127.0.0.1" / "state.sqlite")
    try:
        broken = state.get(server.url + info.broken[0])
        assert (
            broken is not None
            and broken.error
            and broken.error.startswith("extract:")
            and not broken.version
        )
    finally:
        state.close()


def test_rel_canonical_makes_one_record(crawled: dict[str, Any], crawl_tools: Any) -> None:
    info, server = crawled["info"], crawled["server"]
    ((copy, original),) = info.aliases.items()
    records = crawl_tools.read(crawled["data"])
    keys = _keys(records)
    assert keys.count(original) == 1 and copy not in keys
    # whichever address came first was archived; the other is then skipped, or dropped as unchanged
    assert copy in crawled["requested"] or original in crawled["requested"]
    record = records[keys.index(original)]
    assert record["canonical_url"] == server.url + original
