"""The script-date finder: the same first match as SCRIPT_DATE_RE.search, found from its keys."""

from __future__ import annotations

import pytest

from newsarchive.extract import rules
from newsarchive.extract.metadata import _script_date


@pytest.mark.parametrize(
    "script",
    [
        "var  ct = 1234567890",
        "xvar ct=1234567890",
        "var\tct:'2020-01-02'",
        " ct=1234567890",
        "publish_time=2020-01-01",
        "a=1;ct = 1600000000000;",
        'x = {"datePublished":"2019-02-03T10:00:00+08:00"}',
        "createtime:1234567890",
        "vvar ct=1234567890",
        "var ctx=1; var ct=1234567890",
        "ct=1;publishDate='2020-05-06'",
        "(ct=1234567890",
        "_ct=1234567890",
        "publish_at=2011-11-11",
        "pubDate 2011",
        "varct=1234567890",
        "var ct=12345678901",
        "document.createElement('a'); var pub_time = '2015-03-04 10:20';",
        "function f(){} select=1",
        "",
    ],
)
def test_same_match_as_the_pattern(script):
    expected = rules.SCRIPT_DATE_RE.search(script)
    found = _script_date(script)
    assert (found and (found.span(), found.group("value"))) == (
        expected and (expected.span(), expected.group("value"))
    )


def test_the_first_date_in_a_script_wins():
    found = _script_date("var a; publishDate = '2021-01-02'; ct = 1600000000")
    assert found is not None and found.group("value") == "2021-01-02"
