"""Spider helpers on their own: list families for --since, dates beside list items."""

from __future__ import annotations

import pytest

from newsarchive.links.discover import url_date
from newsarchive.spiders.portal import _list_family, _listed_day


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("http://h/news/index.html", "http://h/news/index_3.html"),
        ("http://h/local/list.html", "http://h/local/list_2.html"),
        ("http://h/gov/list.html", "http://h/gov/list.html?page=4"),
        (
            "http://h/col/col42150/index.html",
            "http://h/col/col42150/index.html?pageNum=2&uid=380055",
        ),
        ("http://h/list.jsp?catid=5", "http://h/list.jsp?catid=5&page=2"),
    ],
)
def test_pages_of_one_list_share_a_family(a: str, b: str) -> None:
    assert _list_family(a) == _list_family(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("http://h/news/index.html", "http://h/sports/index.html"),
        ("http://h/list.jsp?catid=5", "http://h/list.jsp?catid=6"),
        ("http://h/col/col1/index.html", "http://h/col/col2/index.html"),
    ],
)
def test_different_lists_differ(a: str, b: str) -> None:
    assert _list_family(a) != _list_family(b)


def test_item_dates() -> None:
    assert str(_listed_day("2021-03-16")) == "2021-03-16"
    assert _listed_day("2021-13-40") is None and _listed_day(None) is None
    # an item without a printed date falls back to its URL's day, which discover_links fills in
    assert url_date("http://h/news/202103/t20210316_1.html") == "2021-03-16"
    assert url_date("http://h/gov/content_1.htm") is None
