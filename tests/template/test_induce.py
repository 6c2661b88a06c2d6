"""Template induction on a generated portal: what is learned, from how many pages, and what no longer fits."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sitegen import article_html

from newsarchive.exceptions import ProfileError
from newsarchive.extract import extract_with_rules
from newsarchive.extract.profile import ExtractionProfile
from newsarchive.induce import InducedProfile, Page, extract_induced, group_pages, induce, prepare
from newsarchive.induce.limits import INDUCE
from newsarchive.induce.template import template_key, url_pattern

BASE = "http://127.0.0.1"


def _prepared(numbers, **kw):
    return [
        prepare(Page(BASE + g.path, g.html.encode("utf-8")))
        for g in (article_html(n, **kw) for n in numbers)
    ]


@pytest.fixture(scope="module")
def induced() -> InducedProfile:
    groups = group_pages(_prepared(range(1, 26)))
    assert [len(g) for g in groups] == [25]
    profile = induce(groups[0])
    assert profile is not None
    return profile


def test_induced_profile_reads_every_field_of_an_unseen_page(induced: InducedProfile) -> None:
    for n in (40, 41, 42, 43):
        truth = article_html(n)
        got = extract_induced(
            truth.html.encode(),
            BASE + truth.path,
            profile=induced.to_profile(),
            crumbs=induced.crumbs,
        )
        assert got is not None
        article, rules = got
        assert (article.title, article.published_at, article.source, article.editor) == (
            truth.title,
            truth.published_at,
            truth.source,
            truth.editor,
        )
        assert rules["title"] == "profile" and rules["published_at"] == "profile"
        assert article.section == ["首页", "新闻中心", "工作动态"]
        assert len(article.paragraphs) == 5 and not any("往期回顾" in p for p in article.paragraphs)


def test_never_worse_than_the_generic_engine(induced: InducedProfile) -> None:
    profile = induced.to_profile()
    for n in range(50, 56):
        truth = article_html(n)
        generic, _ = extract_with_rules(truth.html.encode(), BASE + truth.path)
        got = extract_induced(
            truth.html.encode(), BASE + truth.path, profile=profile, crumbs=induced.crumbs
        )
        assert got is not None
        for field in ("title", "published_at", "source", "editor"):
            want = getattr(truth, field)
            assert getattr(got[0], field) == want or getattr(generic, field) != want, field


def test_headline_comes_from_structure_when_the_engine_reads_template_text() -> None:
    # the headline's div has a class that says nothing: the generic engine falls back to <title> and
    # takes the column name (the same on every page) for the headline, so no rule may agree with it
    plain = "art-name"
    generic, rules = extract_with_rules(
        article_html(1, headline_class=plain).html.encode(), BASE + "/info/1001/1.htm"
    )
    assert generic.title == "工作动态" and rules["title"] == "title tag"
    groups = group_pages(_prepared(range(1, 26), headline_class=plain))
    assert [len(g) for g in groups] == [25]
    induced = induce(groups[0])
    assert induced is not None
    assert (
        induced.extract["title"][0] == f"//div[@class='{plain}']"
    )  # the element above the meta line
    assert induced.agreement["title"] == 0.0 and induced.pages == 25
    for n in (40, 41):
        truth = article_html(n, headline_class=plain)
        got = extract_induced(
            truth.html.encode(),
            BASE + truth.path,
            profile=induced.to_profile(),
            crumbs=induced.crumbs,
        )
        assert (
            got is not None
            and got[0].title == truth.title
            and got[0].published_at == truth.published_at
        )


def test_block_repeated_on_every_page_becomes_a_drop_rule(induced: InducedProfile) -> None:
    # the related-news box closes every body: dropped, and dropped from the tightest container holding the body
    assert induced.extract["body"][0] == "//div[@class='art-body']"
    assert induced.extract["drop"] == ["//div[@class='art-body']/div[@class='related']"]
    truth = article_html(44)
    got = extract_induced(
        truth.html.encode(), BASE + truth.path, profile=induced.to_profile(), crumbs=induced.crumbs
    )
    assert got is not None
    assert len(got[0].paragraphs) == 5 and not any(
        "相关新闻" in p or "往期回顾" in p for p in got[0].paragraphs
    )


def test_a_redesigned_page_does_not_fit(induced: InducedProfile) -> None:
    page = article_html(60, variant="redesign")
    assert (
        extract_induced(page.html.encode(), BASE + page.path, profile=induced.to_profile()) is None
    )
    # a page that keeps the headline but loses the meta line's date does not fit either
    broken = article_html(61).html.replace("时间：", "").replace("2021-03-", "")
    assert (
        extract_induced(broken.encode(), BASE + "/info/1001/61.htm", profile=induced.to_profile())
        is None
    )


def test_too_few_pages_induce_nothing() -> None:
    group = _prepared(range(1, 8))
    assert induce(group) is None
    assert induce(group, limits=replace(INDUCE, min_pages=5)) is not None


def test_no_rule_from_one_page() -> None:
    # only one page of 21 names its source: no source rule may come from it
    pages = [article_html(n, source="" if n != 3 else "新华社") for n in range(1, 22)]
    prepared = [prepare(Page(BASE + g.path, g.html.encode())) for g in pages]
    profile = induce(group_pages(prepared)[0])
    assert profile is not None
    assert "source" not in profile.extract and "title" in profile.extract


def test_toml_is_a_site_profile_extract_table_with_evidence(induced: InducedProfile) -> None:
    import tomllib

    text = induced.to_toml()
    data = tomllib.loads(text)
    assert ExtractionProfile.from_mapping(data["extract"]) == induced.to_profile()
    assert data["template"]["pages"] == 25 and data["template"]["agreement"]["published_at"] == 1.0
    again = InducedProfile.from_toml(text)
    assert again.extract == induced.extract and again.crumbs == induced.crumbs
    with pytest.raises(ProfileError):
        InducedProfile.from_toml('[template]\nkey = "x"\n[extract]\ntitle = ["//div[@"]\n')
    with pytest.raises(ProfileError):
        InducedProfile.from_toml("not toml [")


def test_the_engine_accepts_an_induced_table(induced: InducedProfile) -> None:
    # pasted into a site profile, the table works with the engine's own profile path too
    truth = article_html(70)
    article, rules = extract_with_rules(
        truth.html.encode(), BASE + truth.path, profile=induced.to_profile()
    )
    assert article.title == truth.title and rules["title"] == "profile"
    assert article.source == truth.source


def test_grouping_splits_templates_and_ignores_non_articles() -> None:
    pages = _prepared(range(1, 6)) + _prepared(range(6, 11), variant="redesign")
    assert sorted(len(g) for g in group_pages(pages)) == [5, 5]
    assert url_pattern("http://a.cn/info/1038/1078.htm?id=5&x=") == "a.cn/info/N/N.htm?id&x"
    assert template_key("http://a.cn/info/1/2.htm") == template_key("http://a.cn/info/33/44.htm")
    assert template_key("http://a.cn/info/1/2.htm") != template_key("http://a.cn/news/1/2.htm")


def test_a_credit_identical_on_every_page_counts_only_inside_the_meta_block(
    induced: InducedProfile,
) -> None:
    from newsarchive.induce.learn import _in_meta_block

    page = _prepared([80])[0]
    dates = induced.extract["date"]
    assert _in_meta_block(page, induced.extract["source"][0], dates)
    assert not _in_meta_block(
        page, "//div[@class='footer']", dates
    )  # the same text on every page: template
    assert not _in_meta_block(page, "//div[@class='footer']", None)


def test_headline_above_a_meta_line_of_labelled_spans() -> None:
    # 来源/编辑/时间 each in its own <span>: the headline is above the meta block, not the source span
    pages = []
    for n in range(1, 23):
        g = article_html(n)
        html = g.html.replace(
            f"来源：{g.source}<br>编辑：{g.editor}&nbsp;&nbsp;时间：",
            f'<span class="src">来源：{g.source}</span><span class="ed">编辑：{g.editor}</span>'
            '<span class="time">时间：',
        )
        html = html.replace(
            f"{g.published_at[11:16]}</div>", f"{g.published_at[11:16]}</span></div>", 1
        )
        assert '<span class="time">' in html and "</span></div>" in html
        pages.append(prepare(Page(BASE + g.path, html.encode())))
    profile = induce(group_pages(pages)[0])
    assert profile is not None
    assert profile.extract["title"][0] == "//div[@class='art-title']"
    assert "@class='ed'" in profile.extract["editor"][0]  # the engine's editor, now with a place
