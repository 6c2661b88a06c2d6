"""Induced template profiles shared through Redis between the workers of one crawl."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from newsarchive.distributed.profiles import SharedProfiles
from newsarchive.extensions.pooledbook import PooledTemplateBook
from newsarchive.extractpool import read_page
from newsarchive.induce.learn import InducedProfile
from newsarchive.induce.limits import INDUCE
from newsarchive.induce.template import pattern_key

sys.path.insert(0, str(Path(__file__).parents[1] / "template"))  # importlib mode: ``sitegen``
from sitegen import article_html, other_shell  # noqa: E402

pytestmark = [pytest.mark.redis]

PATTERN = "a.cn/info/N/N.htm"
LIMITS = replace(INDUCE, min_pages=8, audit_every=2, audit_window=4)


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


def _signed(key: str, title: str, signature: set[str], pattern: str = PATTERN) -> InducedProfile:
    return replace(_profile(key, title), url_pattern=pattern, signature=frozenset(signature))


SHELL_A = {"class:header", "class:logo", "class:nav", "class:article", "class:footer"}
SHELL_B = {"class:masthead", "class:brand", "class:menu", "class:article", "class:copyright"}


def test_every_template_of_a_pattern_is_shared_once(redis_db: Any) -> None:
    client = redis_db.client()
    one, two = SharedProfiles(client, "site"), SharedProfiles(client, "site")
    # each worker names the first template it learns under a pattern by the pattern's key
    a, b = _signed("k1", "//h1", SHELL_A), _signed("k1", "//h2", SHELL_B)
    assert one.publish(a) and two.publish(b)  # two templates: both shared
    assert not two.publish(_signed("k9", "//h3", SHELL_A | {"class:ad"}))  # A again: A's stays
    got = {p.extract["title"][0]: p for p in one.under(pattern_key(PATTERN))}
    assert set(got) == {"//h1", "//h2"}
    assert got["//h2"].signature == frozenset(SHELL_B)
    assert one.under(pattern_key("a.cn/other/N.htm")) == []  # per URL pattern
    assert SharedProfiles(client, "other").under(pattern_key(PATTERN)) == []  # per site


def test_profiles_a_0_2_2_worker_shared_are_read(redis_db: Any) -> None:
    client = redis_db.client()
    old = "newsarchive:site:profiles"  # 0.2.2: one hash, the worker's profile key -> TOML
    first, second = _signed("p1", "//h1", SHELL_A), _signed("s2", "//h2", SHELL_B)
    client.hset(old, mapping={"p1": first.to_toml(), "s2": second.to_toml(), "bad": "[x"})
    shared = SharedProfiles(client, "site")
    got = shared.under(pattern_key(PATTERN))
    assert sorted(p.extract["title"][0] for p in got) == ["//h1", "//h2"]
    assert shared.get("p1") is not None and shared.get("p1").extract["title"] == ["//h1"]
    assert client.hlen(old) == 3  # left for 0.2.2 workers of a mixed fleet
    assert SharedProfiles(client, "site").migrate() == 0  # a second worker copies nothing again


def _worker(client: Any) -> PooledTemplateBook:
    shared = SharedProfiles(client, "t")
    return PooledTemplateBook(
        site="t", limits=LIMITS, lookup=shared.under, on_induced=shared.publish
    )


def _read(book: PooledTemplateBook, g: Any) -> Any:
    url = "http://127.0.0.1" + g.path
    done = read_page(g.html.encode(), url, induced=book.plan(g.html.encode(), url))
    return book.settle(g.html.encode(), url, done)


def test_two_workers_that_named_two_templates_alike_share_both(redis_db: Any) -> None:
    """Worker 1 learns template A first, worker 2 template B: both name theirs by the URL pattern."""
    client = redis_db.client()
    w1, w2 = _worker(client), _worker(client)
    for n in range(1, 9):
        _read(w1, article_html(n))
        _read(w2, other_shell(article_html(100 + n)))
    ((a_key, a),) = w1.active.items()
    ((b_key, b),) = w2.active.items()
    assert a_key == b_key  # the same name for two templates
    assert len(SharedProfiles(client, "t").under(a_key)) == 2
    # now each meets the other's template, interleaved with its own: read by the right profile
    # from the first page on, never by the profile of the other template
    for n in range(20, 30):
        for worker, mine, theirs in ((w1, a, b), (w2, b, a)):
            own = _read(worker, article_html(n) if worker is w1 else other_shell(article_html(n)))
            other = _read(worker, other_shell(article_html(n)) if worker is w1 else article_html(n))
            assert own.made_by == mine.induced.name
            assert other.made_by is not None and other.made_by != mine.induced.name
            assert other.article.title == article_html(n).title
    for worker in (w1, w2):
        assert (
            worker.counts["shared_profiles_loaded"] == 1 and worker.counts["profiles_induced"] == 1
        )
        assert len(worker.active) == 2 and worker.counts["pages_not_fitting"] == 0
