"""Learned URL shapes shared between workers through Redis, and kept in each worker's state."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newsarchive.archive.state import StateStore
from newsarchive.distributed import RedisKeys
from newsarchive.distributed.state import SharedStateStore
from newsarchive.links import UrlPatterns

pytestmark = [pytest.mark.redis]

KEYS = RedisKeys.for_site("example")


def test_a_shape_one_worker_learned_classifies_links_for_another(
    redis_db: Any, tmp_path: Path
) -> None:
    client = redis_db.client()
    a = SharedStateStore(
        tmp_path / "example" / "state.a.sqlite", redis=client, keys=KEYS, worker="a"
    )
    b = SharedStateStore(
        tmp_path / "example" / "state.b.sqlite", redis=client, keys=KEYS, worker="b"
    )
    learned_by_a = UrlPatterns()
    for n in (11, 12, 13):
        learned_by_a.learn(f"http://example.test/info/1034/{n}.htm", "article")
    a.add_url_patterns(learned_by_a.take_pending())

    seen_by_b = UrlPatterns()
    assert seen_by_b.kind("http://example.test/info/1094/5587.htm") is None
    seen_by_b.learn("http://example.test/info/1094/14.htm", "article")
    b.add_url_patterns(seen_by_b.take_pending())
    seen_by_b.merge(b.url_patterns())
    assert seen_by_b.counts == {"example.test/info/{n}/{n}.htm": [4, 0]}
    assert seen_by_b.kind("http://example.test/info/1094/5587.htm") == "article"
    # each worker also keeps what it learned itself, for a later run without Redis
    a.close()
    b.close()
    alone = StateStore(tmp_path / "example" / "state.a.sqlite")
    assert alone.url_patterns() == {"example.test/info/{n}/{n}.htm": (3, 0)}
    alone.close()
