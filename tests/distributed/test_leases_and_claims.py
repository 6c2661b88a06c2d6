"""The Redis scripts on their own, in-process: article claims, dead workers' leases, the end of a crawl."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from scrapy.exceptions import DropItem

from newsarchive.archive import PendingWrite, RecordWriter
from newsarchive.distributed import RedisKeys, _lua
from newsarchive.distributed.state import SharedStateStore

pytestmark = [pytest.mark.redis]

KEYS = RedisKeys.for_site("example")
URL = "http://example.test/2021/0316/1.html"


def _store(data: Path, worker: str, client: Any) -> SharedStateStore:
    return SharedStateStore(
        data / "example" / f"state.{worker}.sqlite", redis=client, keys=KEYS, worker=worker
    )


def _record(content_hash: str = "h1", version: int = 1) -> dict[str, Any]:
    return {
        "url": URL,
        "content_hash": content_hash,
        "version": version,
        "published_date": "2021-03-16",
        "published_at": "2021-03-16T08:00:00+08:00",
    }


def test_second_writer_of_an_article_is_undone(redis_db: Any, tmp_path: Path) -> None:
    client = redis_db.client()
    a, b = _store(tmp_path, "a", client), _store(tmp_path, "b", client)
    writer_a = RecordWriter(tmp_path, "example", a, fsync=False, worker="a")
    writer_b = RecordWriter(tmp_path, "example", b, fsync=False, worker="b")
    assert b.get(URL) is None
    writer_a.write(_record(), key=URL)
    # b decided before a's claim (a race): its line is written, then taken back at the claim
    with pytest.raises(DropItem, match="archived by another worker"):
        writer_b.write(_record(), key=URL)
    writer_a.close()
    writer_b.close()
    assert (tmp_path / "example" / "articles" / "2021-03.a.jsonl").read_bytes().count(b"\n") == 1
    assert (tmp_path / "example" / "articles" / "2021-03.b.jsonl").read_bytes() == b""
    assert b.pending() == []
    # b now sees a's version: an incremental run skips it, a changed page becomes version 2
    known = b.get(URL)
    assert known is not None and known.version == 1 and known.content_hash == "h1"
    b.commit_version(URL, content_hash="h2", version=2, published_at=None)
    assert a.get(URL).version == 2  # type: ignore[union-attr]
    a.close()
    b.close()


def test_restart_keeps_or_undoes_a_line_written_before_the_kill(
    redis_db: Any, tmp_path: Path
) -> None:
    """Killed between fsync and claim: the line stays if nobody archived the article meanwhile."""
    client = redis_db.client()
    articles = tmp_path / "example" / "articles"
    articles.mkdir(parents=True)
    for other_archived, expected in ((False, 1), (True, 0)):
        client.delete(KEYS.archived)
        path = articles / "2021-03.k.jsonl"
        path.write_bytes(b'{"content_hash": "h1", "version": 1}\n')
        store = _store(tmp_path, "k", client)
        store.begin_write(PendingWrite(URL, "h1", 1, "example/articles/2021-03.k.jsonl", 0))
        store.close()
        if other_archived:
            client.hset(KEYS.archived, URL, '{"v": 1, "h": "h1", "w": "other"}')
        store = _store(tmp_path, "k", client)
        RecordWriter(tmp_path, "example", store, worker="k").recover()
        assert path.read_bytes().count(b"\n") == expected
        assert store.pending() == []
        assert client.hexists(KEYS.archived, URL)
        store.close()
        (tmp_path / "example" / "state.k.sqlite").unlink()


def test_silent_workers_leases_go_back_to_the_queue(redis_db: Any) -> None:
    client = redis_db.client()
    heartbeat = client.register_script(_lua.HEARTBEAT)
    now = int(client.time()[0])
    client.hset(KEYS.workers, mapping={"dead": now - 100, "alive": now})
    client.hset(KEYS.inflight("dead"), mapping={"1": b"-10|\x80request-a", "2": b"0|request-b"})
    client.hset(KEYS.inflight("alive"), "1", b"0|request-c")
    moved = heartbeat(keys=[KEYS.workers, KEYS.requests], args=[KEYS.inflight_prefix, 30, "me"])
    assert moved == 2
    assert client.zrange(KEYS.requests, 0, -1, withscores=True) == [
        (b"\x80request-a", -10.0),
        (b"request-b", 0.0),
    ]
    assert not client.exists(KEYS.inflight("dead")) and client.hlen(KEYS.inflight("alive")) == 1
    assert set(client.hkeys(KEYS.workers)) == {b"alive", b"me"}


def test_pop_leases_atomically_and_the_frontier_ends(redis_db: Any) -> None:
    client = redis_db.client()
    pop, state = client.register_script(_lua.POP_LEASE), client.register_script(_lua.FRONTIER_STATE)
    finish = client.register_script(_lua.FINISH)
    client.hset(KEYS.crawl, mapping={"seeded_by": "me", "run": "r1"})
    client.hset(KEYS.workers, "me", 0)
    client.zadd(KEYS.requests, {b"low": 0, b"high": -10})
    keys = [KEYS.crawl, KEYS.requests, KEYS.workers, KEYS.finished]

    def done(run: str = "r1") -> int:
        return int(state(keys=keys, args=[KEYS.inflight_prefix, run])[0])

    assert done() == 0  # not seeded yet
    client.hset(KEYS.crawl, "seeded", "1")
    assert state(keys=keys, args=[KEYS.inflight_prefix, ""]) == [
        0,
        b"r1",
    ]  # a worker learns the run id
    assert pop(keys=[KEYS.requests, KEYS.inflight("me")], args=["7"]) == b"high"
    assert client.hget(KEYS.inflight("me"), "7") == b"-10|high"
    assert pop(keys=[KEYS.requests, KEYS.inflight("me")], args=["8"]) == b"low"
    assert pop(keys=[KEYS.requests, KEYS.inflight("me")], args=["9"]) is None
    assert done() == 0  # leased, not done
    client.delete(KEYS.inflight("me"))
    client.sadd(KEYS.dupefilter, "fp")
    assert done() == 1
    assert (
        finish(
            keys=[KEYS.crawl, KEYS.requests, KEYS.workers, KEYS.dupefilter, KEYS.finished],
            args=[KEYS.inflight_prefix],
        )
        == 1
    )
    assert not client.exists(KEYS.crawl) and not client.exists(KEYS.dupefilter)
    assert done() == 1  # finished by someone: late workers leave too
    assert done("") == 1  # a worker that never joined it: nothing to miss


def test_a_vanished_frontier_is_told_from_a_finished_one(redis_db: Any) -> None:
    client = redis_db.client()
    state = client.register_script(_lua.FRONTIER_STATE)
    keys = [KEYS.crawl, KEYS.requests, KEYS.workers, KEYS.finished]
    client.hset(KEYS.crawl, mapping={"seeded_by": "me", "run": "r1", "seeded": "1"})
    client.zadd(KEYS.requests, {b"x": 0})
    assert state(keys=keys, args=[KEYS.inflight_prefix, "r1"])[0] == 0
    client.flushdb()  # what a Redis restart without persistence leaves
    assert state(keys=keys, args=[KEYS.inflight_prefix, "r1"])[0] == 2
    client.hset(
        KEYS.crawl, mapping={"seeded_by": "other", "run": "r2", "seeded": "1"}
    )  # a new crawl took over
    assert state(keys=keys, args=[KEYS.inflight_prefix, "r1"])[0] == 2
