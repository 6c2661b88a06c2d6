"""Real worker processes share one crawl through a real Redis: split, no duplicates, kill -9, incremental."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from newsarchive.dataset import open_dataset
from newsarchive.samples import PortalServer, build_portal

pytestmark = [pytest.mark.crawl, pytest.mark.redis]

SITE = "newsarchive:127.0.0.1"
PART = re.compile(r"^(\d{4}-\d{2}|undated)\.(?P<worker>[A-Za-z0-9_-]+)\.jsonl$")


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
    """36 articles plus the awkward cases; 50 ms per answer, so workers overlap in time."""
    root = tmp_path_factory.mktemp("portal")
    info = build_portal(root, articles=36, per_page=6, script_lists=True, slow_seconds=2.0)
    with PortalServer(root, latency=0.05) as server:
        yield SimpleNamespace(info=info, server=server, root=root, start=server.url + info.home)


@pytest.fixture(scope="module")
def baseline(
    portal: SimpleNamespace, tmp_path_factory: pytest.TempPathFactory, dist: Any
) -> set[str]:
    """The articles (content hashes) a single-process crawl (no Redis) archives from the same portal.

    Articles, not URLs: the portal serves one article under two addresses, and which of them is
    archived depends on which a crawl reaches first.
    """
    data = tmp_path_factory.mktemp("single")
    proc = dist.run_single("--start-url", portal.start, "--data-dir", str(data))
    assert proc.returncode == 0, proc.stderr[-3000:]
    records = dist.read_records(data)
    urls = [r["url"] for r in records]
    assert len(urls) == len(set(urls)) and len(urls) >= 36
    return _articles(records)


def _articles(records: list[dict[str, Any]]) -> set[str]:
    """The records' content hashes; no article archived twice, under any of its addresses."""
    hashes = [r["content_hash"] for r in records]
    assert len(hashes) == len(set(hashes)), "an article was archived twice"
    return set(hashes)


def _workers(
    dist: Any,
    portal: SimpleNamespace,
    redis: Any,
    data: Path,
    ids: list[str],
    logs: Path,
    *extra: str,
) -> list[subprocess.Popen[str]]:
    return [
        dist.start_worker(
            "--start-url",
            portal.start,
            "--data-dir",
            str(data),
            "--redis",
            redis.url,
            "--worker-id",
            wid,
            *extra,
            log=logs / f"{wid}.log",
        )
        for wid in ids
    ]


def _article_requests(portal: SimpleNamespace) -> Counter[str]:
    articles = set(portal.info.articles)
    return Counter(p for p in portal.server.paths() if p in articles)


def test_three_workers_split_one_crawl(
    portal: SimpleNamespace, baseline: set[str], redis_db: Any, dist: Any, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    portal.server.clear_log()
    summaries = [
        dist.summary_of(p)
        for p in _workers(dist, portal, redis_db, data, ["w1", "w2", "w3"], tmp_path)
    ]

    records = dist.read_records(data)
    urls = [r["url"] for r in records]
    assert len(urls) == len(set(urls)), "an article was archived twice"
    assert _articles(records) == baseline
    assert sum(s["articles_new"] for s in summaries) == len(records)
    # every worker did some of the work, and only in its own files
    assert all(s["pages"] > 0 for s in summaries), [s["pages"] for s in summaries]
    writers = Counter()
    for path in (data / "127.0.0.1" / "articles").iterdir():
        m = PART.match(path.name)
        assert m, f"{path.name}: not a worker part file"
        writers[m["worker"]] += len(path.read_bytes().splitlines())
    assert len(writers) >= 2 and sum(writers.values()) == len(records)
    for warc in (data / "127.0.0.1" / "warc").iterdir():
        assert re.search(r"\.w[123]\.warc\.gz$", warc.name), warc.name
    for record in records:
        assert re.search(r"\.w[123]\.warc\.gz$", record["provenance"]["warc_file"])
    # each article fetched by one worker only (the flaky page: its 500, then the retry)
    fetched = _article_requests(portal)
    assert {p for p, n in fetched.items() if n > 1} <= set(portal.info.flaky)
    # the dataset reader sees the part files as one dataset
    assert open_dataset(data).count() == len(records)
    # the crawl is over: nothing queued or leased, fingerprints forgotten for the next run
    client = redis_db.client()
    assert client.zcard(f"{SITE}:requests") == 0
    assert not client.exists(f"{SITE}:crawl") and not client.exists(f"{SITE}:dupefilter")
    assert not [k for k in client.keys(f"{SITE}:inflight:*") if client.hlen(k)]
    assert client.hlen(f"{SITE}:archived") >= len(records)
    assert client.hget(f"{SITE}:stats:w1", "state") == b"closed"
    assert int(client.hget(f"{SITE}:stats:w1", "downloader/response_status_count/200") or 0) > 0

    # incremental: two workers again, lists revisited, no article fetched or written again
    portal.server.clear_log()
    # (the 404 and the slow page fail again: few pages per worker, so a worker's error rate is high)
    again = [
        dist.summary_of(p)
        for p in _workers(
            dist, portal, redis_db, data, ["w1", "w4"], tmp_path, "--max-error-rate", "0.9"
        )
    ]
    assert sum(s["articles_new"] for s in again) == 0
    assert sum(s["list_pages"] for s in again) > 0
    assert not set(_article_requests(portal)) - set(portal.info.flaky) - set(portal.info.slow)
    assert len(dist.read_records(data)) == len(records)

    # revisit: one article changed; whichever worker fetches it writes version 2 after the other's version 1
    changed = min(p for p in portal.info.generated if p.startswith("/news/"))
    file = portal.root / changed.lstrip("/")
    original = file.read_bytes()
    file.write_bytes(
        original.replace(
            b'</div>\n<div class="editor">',
            '<p>更正：本文第二段数据有误，现已更正。</p></div>\n<div class="editor">'.encode(),
        )
    )
    try:
        portal.server.clear_log()
        revisit = [
            dist.summary_of(p)
            for p in _workers(
                dist,
                portal,
                redis_db,
                data,
                ["w2", "w3"],
                tmp_path,
                "--revisit-after",
                "0",
                "--max-error-rate",
                "0.9",
            )
        ]
    finally:
        file.write_bytes(original)
    assert (
        sum(s["articles_updated"] for s in revisit) == 1
        and sum(s["articles_new"] for s in revisit) == 0
    )
    revisits = [r for r in portal.server.requests if r.path in set(portal.info.generated)]
    assert revisits and all("If-None-Match" in r.headers for r in revisits if r.path != changed)
    final = dist.read_records(data)
    versions = sorted(
        (r["version"], r["previous_hash"]) for r in final if r["url"].endswith(changed)
    )
    first = next(r for r in final if r["url"].endswith(changed) and r["version"] == 1)
    assert versions == [(1, None), (2, first["content_hash"])]
    assert len(final) == len(records) + 1


def _wait(predicate: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def test_killed_worker_loses_nothing(
    portal: SimpleNamespace, baseline: set[str], redis_db: Any, dist: Any, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    client = redis_db.client()
    procs = _workers(dist, portal, redis_db, data, ["w1", "w2", "w3"], tmp_path)
    victim = procs[1]
    # mid-run: some articles archived, and the victim holds leased requests
    _wait(
        lambda: (
            client.hlen(f"{SITE}:archived") >= 5
            and client.hlen(f"{SITE}:inflight:w2") > 0
            or victim.poll() is not None
        ),
        60,
        "w2 to hold leases mid-crawl",
    )
    assert victim.poll() is None, "w2 finished before it could be killed"
    leased = client.hlen(f"{SITE}:inflight:w2")
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait()
    survivors = [dist.summary_of(p) for p in (procs[0], procs[2])]
    assert all(s["status"] == "ok" for s in survivors)

    records = dist.read_records(data)  # also: no half-written line anywhere
    urls = [r["url"] for r in records]
    assert len(urls) == len(set(urls)), "an article was archived twice"
    assert _articles(records) == baseline, f"lost: {len(baseline - _articles(records))}"
    requeued = sum(
        int(client.hget(f"{SITE}:stats:{w}", "newsarchive/distributed/requeued_from_dead") or 0)
        for w in ("w1", "w3")
    )
    assert requeued >= 1 and leased >= 1
    assert not client.hexists(f"{SITE}:workers", "w2")  # declared dead, its leases handed over

    # the killed worker restarts under its id: it recovers its files and finds nothing left to archive
    restarted = dist.summary_of(_workers(dist, portal, redis_db, data, ["w2"], tmp_path)[0])
    assert restarted["articles_new"] == 0
    after_records = dist.read_records(data)
    after = [r["url"] for r in after_records]
    assert len(after) == len(set(after)) and _articles(after_records) == baseline
    # every WARC file reads to the end (the victim's torn tail was cut), every record points at its response
    for warc in (data / "127.0.0.1" / "warc").iterdir():
        with open(warc, "rb") as fh:
            assert sum(1 for _ in ArchiveIterator(fh)) > 0
    for record in dist.read_records(data):
        prov = record["provenance"]
        with open(data / prov["warc_file"], "rb") as fh:
            fh.seek(prov["warc_offset"])
            response = next(iter(ArchiveIterator(fh)))
            assert response.rec_headers.get_header("WARC-Record-ID") == prov["warc_record_id"]


def test_a_site_lock_per_worker(
    portal: SimpleNamespace, redis_db: Any, dist: Any, tmp_path: Path
) -> None:
    """Two processes never write one worker's files; without --worker-id each takes the next free id."""
    from newsarchive.archive.lock import SiteLock
    from newsarchive.distributed import WorkerLock
    from newsarchive.exceptions import LockHeldError

    site = tmp_path / "127.0.0.1"
    first, second = WorkerLock(site).acquire(), WorkerLock(site).acquire()
    try:
        assert first.worker and second.worker and first.worker != second.worker
        assert first.worker.endswith("-1") and second.worker.endswith("-2")
        with pytest.raises(LockHeldError):
            WorkerLock(site, first.worker).acquire()
        with SiteLock(site):  # a single-process crawl's lock is another file
            pass
    finally:
        first.release()
        second.release()
