"""Short rule ids for crawl stats: one per strategy, never an XPath, bounded whatever the page."""

from __future__ import annotations

import pytest

from newsarchive.extract import extract_with_rules
from newsarchive.extract.profile import ExtractionProfile
from newsarchive.extract.ruleids import MAX_ID, short_rule_ids


@pytest.mark.parametrize(
    ("field", "rule", "ids"),
    [
        ("body", 'xpath://*[@id="zoom"]', ["selector:#zoom"]),
        (
            "body",
            'xpath://*[contains(concat(" ", normalize-space(@class), " "), " TRS_Editor ")]',
            ["selector:.TRS_Editor"],
        ),
        ("body", "xpath://article//section", ["selector"]),
        ("body", "profile://div[@id='zoomcon']", ["profile:body"]),
        ("title", "profile", ["profile:title"]),
        ("title", "title tag", ["title-tag"]),
        ("published_at", "meta line, labelled", ["meta-line-labelled"]),
        ("editor", "label 责任编辑 (body trailer)", ["label:body-trailer"]),
        (
            "authors",
            "label 作者 (meta line)+label 作者 (body trailer)+dateline",
            ["label:meta-line", "label:body-trailer", "dateline"],
        ),
        ("authors", "byline+byline", ["byline"]),
    ],
)
def test_short_ids(field, rule, ids):
    assert short_rule_ids(field, rule) == ids


def test_a_profile_page_counts_no_xpath():
    html = (
        "<html><body><h1 class='t'>标题</h1><div id='zoomcon'><p>"
        + "这是正文，内容足够长，标点齐全。" * 20
        + "</p></div></body></html>"
    )
    profile = ExtractionProfile(title=("//h1[@class='t']",), body=("//div[@id='zoomcon']",))
    _article, rules = extract_with_rules(html, "http://x.example.cn/a.html", profile=profile)
    ids = [i for field, rule in rules.items() for i in short_rule_ids(field, rule)]
    assert "profile:title" in ids and "profile:body" in ids
    assert all("/" not in i and "[" not in i and len(i) <= MAX_ID for i in ids)
