"""The two real script-drawn list pages in ../shared/corpus/lists against their truth."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urljoin

import pytest

from newsarchive.links import canonicalize_url, discover_links
from newsarchive.sites import load_profile

LISTS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "lists"

# id -> (page URL, base the truth's hrefs are written against, bundled profile). The gsjyt page
# does not state its address; its truth notes name it. The jxsthjt page has <base href="/jxssthjt/">.
CASES = {
    "gsjyt-list-01": (
        "https://jyt.gansu.gov.cn/jyt/c110634/zwgklist.shtml",
        "https://jyt.gansu.gov.cn/jyt/c110634/zwgklist.shtml",
        "gsjyt",
    ),
    "jxsthjt-list-01": (
        "http://sthjt.jiangxi.gov.cn/jxssthjt/col/col42150/index.html",
        "http://sthjt.jiangxi.gov.cn/jxssthjt/",
        "jxsthjt",
    ),
}

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not LISTS.is_dir(), reason="../shared/corpus/lists is not available"),
]


def _load(case_id: str) -> tuple[bytes, dict]:
    html = LISTS / "html" / f"{case_id}.html"
    truth = LISTS / "truth" / f"{case_id}.json"
    if not html.is_file() or not truth.is_file():
        pytest.skip(f"{case_id} is not in ../shared/corpus/lists")
    return html.read_bytes(), json.loads(truth.read_text(encoding="utf-8"))


@pytest.mark.parametrize("case_id", sorted(CASES))
@pytest.mark.parametrize("with_profile", [True, False], ids=["profile", "generic"])
def test_real_list_page(case_id: str, with_profile: bool) -> None:
    html, truth = _load(case_id)
    url, base, profile_name = CASES[case_id]
    if truth.get("url"):
        assert truth["url"] == url
    profile = load_profile(profile_name) if with_profile else None
    links = discover_links(html, url, profile=profile)

    expected = [canonicalize_url(urljoin(base, href)) for href in truth["article_links"]]
    if with_profile:
        assert links.articles == expected
    else:
        # Without a profile nothing restricts the domain; on the portal's own host the
        # article links are exactly the list's items.
        host = url.split("/")[2]
        assert [a for a in links.articles if a.split("/")[2] == host] == expected
    assert links.next_pages[:1] == [canonicalize_url(urljoin(base, truth["next_page"]))]
    assert links.next_pages[0] in links.lists


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_real_list_item_dates(case_id: str) -> None:
    """Every item carries its list date; newest first, as the truth notes describe."""
    html, _truth = _load(case_id)
    url, _base, profile_name = CASES[case_id]
    links = discover_links(html, url, profile=load_profile(profile_name))
    dates = [links.dates.get(a) for a in links.articles]
    assert None not in dates
    first_last = {
        "gsjyt-list-01": ("2025-11-17", "2025-06-09"),
        "jxsthjt-list-01": ("2025-07-29", "2022-12-16"),
    }[case_id]
    assert (dates[0], dates[-1]) == first_last
