"""Induced template profiles shared through Redis between the workers of one crawl."""

from __future__ import annotations

from typing import Any

import pytest

from newsarchive.distributed.profiles import SharedProfiles
from newsarchive.induce.learn import InducedProfile

pytestmark = [pytest.mark.redis]


def _profile(key: str, title: str) -> InducedProfile:
    return InducedProfile(
        key=key,
        url_pattern="a.cn/info/N/N.htm",
        extract={"title": [title], "body": ["//div"]},
        pages=20,
        agreement={"title": 1.0},
        support={"title": 20},
        induced_at="2026-01-01T00:00:00Z",
    )


def test_first_published_profile_wins_and_is_read_back(redis_db: Any) -> None:
    client = redis_db.client()
    one, two = SharedProfiles(client, "site"), SharedProfiles(client, "site")
    assert one.get("k1") is None
    assert one.publish(_profile("k1", "//h1"))
    assert not two.publish(
        _profile("k1", "//h2")
    )  # another worker's later profile does not replace it
    got = two.get("k1")
    assert got is not None and got.extract["title"] == ["//h1"] and got.pages == 20
    assert SharedProfiles(client, "other").get("k1") is None  # per site


def test_a_damaged_shared_profile_is_skipped(redis_db: Any) -> None:
    client = redis_db.client()
    client.hset("newsarchive:site:profiles", "bad", "[extract]\ntitle = ['//div[@']\n")
    assert SharedProfiles(client, "site").get("bad") is None
