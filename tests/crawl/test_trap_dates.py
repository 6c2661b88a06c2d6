"""Which URLs the trap guard reads as dated: real dates yes, CMS column/article ids no."""

from __future__ import annotations

import pytest

from newsarchive.downloadermiddlewares.traps import url_years


@pytest.mark.parametrize(
    ("url", "years"),
    [
        ("http://a.cn/2021-03-16/x.html", [2021]),
        ("http://a.cn/2506/01/02/x.html", [2506]),  # a calendar trap far in the future
        ("http://a.cn/cal?year=2506", [2506]),
        ("http://a.cn/202103/t20210316_1.html", [2021]),
        ("http://a.cn/info/1001/10.htm", []),  # column 1001, article 10: not October 1001
        ("http://a.cn/info/1034/1794.htm", []),
    ],
)
def test_url_years(url: str, years: list[int]) -> None:
    assert url_years(url) == years
