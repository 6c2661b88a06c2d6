"""The template's charset: learned with its profile, kept in its TOML, used to skip a per-page check."""

from __future__ import annotations

from sitegen import article_html

from newsarchive.extract import decode, extract_with_rules
from newsarchive.induce import InducedProfile, Page, extract_induced, group_pages, induce, prepare

BASE = "http://127.0.0.1"


def _gb(n: int) -> tuple[str, bytes]:
    g = article_html(n)
    return BASE + g.path, g.html.replace('charset="utf-8"', 'charset="gb2312"').encode("gb18030")


def _induced(pages) -> InducedProfile:
    groups = group_pages(prepare(Page(url, body)) for url, body in pages)
    profile = induce(max(groups, key=len))
    assert profile is not None
    return profile


def test_a_gb_template_learns_its_charset_and_keeps_it_in_toml() -> None:
    profile = _induced(_gb(n) for n in range(1, 21))
    assert profile.encoding == "gb18030"
    assert profile.to_profile().encoding == "gb18030"
    again = InducedProfile.from_toml(profile.to_toml())
    assert again.encoding == "gb18030" and again.extract == profile.extract
    assert "encoding" not in again.extract  # a charset, not an XPath list


def test_pages_in_two_charsets_learn_none() -> None:
    pages = [_gb(n) for n in range(1, 11)]
    pages += [(BASE + g.path, g.html.encode("utf-8")) for g in map(article_html, range(11, 21))]
    assert _induced(pages).encoding is None


def test_the_induced_path_reads_a_gb_page_as_the_engine_does_without_the_check(spy) -> None:
    profile = _induced(_gb(n) for n in range(1, 21))
    url, body = _gb(40)
    generic, _rules = extract_with_rules(body, url)
    checks = spy(decode, "_gb_or_big5")
    got = extract_induced(body, url, profile=profile.to_profile(), crumbs=profile.crumbs)
    assert got is not None and checks == []
    article, _ = got
    assert (article.title, article.published_at, article.text) == (
        generic.title,
        generic.published_at,
        generic.text,
    )
