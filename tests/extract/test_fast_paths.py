"""Work the engine skips when its answer is already settled, and proof the answer is unchanged.

A profile's dated line that shows the time settles the date before the other date
strategies (and the inline-script search they need) run; a body container with under
three links is walked without counting links; a template's checked charset skips the
per-page Big5 check. Each test shows the shortcut taken, and that the record is the one
the full path gives.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from newsarchive.extract import extract_with_rules
from newsarchive.extract import metadata as metadata_module
from newsarchive.extract.body import _LinkStats
from newsarchive.extract.decode import decode_html
from newsarchive.extract.dom import parse
from newsarchive.extract.profile import ExtractionProfile

NOW = datetime(2024, 12, 1, 12, 0)
OTHER = "乡村振兴全面推进，各项工作持续提升，群众满意度不断提高，会议要求抓好落实。" * 2
TEXT = "会议强调，要进一步落实各项工作，推动高质量发展，切实做好群众满意度提升工作。" * 3


def _page(meta_line: str, script: str = "") -> str:
    return (
        "<html><head><title>测试新闻标题</title>"
        f"<script>{script}</script></head><body>"
        "<h1>测试新闻标题</h1>"
        f"<div class='meta'>{meta_line}</div>"
        f"<div class='text'><p>{TEXT}</p><p>{TEXT}</p><p>{TEXT}</p></div>"
        "</body></html>"
    )


PROFILE = ExtractionProfile(date=("//div[@class='meta']",))


def test_a_profile_date_with_its_time_wins_without_the_script_search(spy) -> None:
    calls = spy(metadata_module, "_script_date")
    html = _page("发布时间：2024-03-16 18:52", script="publishDate='2024-03-10 08:00:00'")
    article, rules = extract_with_rules(html, None, now=NOW, profile=PROFILE)
    assert (article.published_at, rules["published_at"]) == ("2024-03-16T18:52:00+08:00", "profile")
    assert calls == []  # settled by the profile: the script data was never searched
    generic, _generic_rules = extract_with_rules(html, None, now=NOW)
    assert generic.published_at == "2024-03-16T18:52:00+08:00"  # the same date either way
    assert calls  # without a profile the script data is still read as evidence


def test_a_profile_date_without_time_still_gives_way_to_the_time_of_that_day() -> None:
    # the day alone settles nothing: the script shows the time of the same day
    html = _page("2024-03-16", script="publishDate='2024-03-16 18:52:00'")
    article, _rules = extract_with_rules(html, None, now=NOW, profile=PROFILE)
    assert article.published_at == "2024-03-16T18:52:00+08:00"


def test_an_ambiguous_profile_date_is_still_read_the_way_the_page_agrees() -> None:
    # 06/02/2024 reads two ways: the URL's day decides, so the shortcut must not settle it
    html = _page("06/02/2024 18:52")
    article, _rules = extract_with_rules(
        html, "http://127.0.0.1/2024/02/06/1.html", now=NOW, profile=PROFILE
    )
    assert article.published_at == "2024-02-06T18:52:00+08:00"


def test_a_future_profile_date_is_no_shortcut() -> None:
    html = _page("发布时间：2031-03-16 18:52", script="publishDate='2024-03-10 08:00:00'")
    article, _rules = extract_with_rules(html, None, now=NOW, profile=PROFILE)
    assert article.published_at == "2024-03-10T08:00:00+08:00"


def _container(links: int) -> str:
    items = "".join(f"<li><a href='/{i}'>相关新闻标题第{i}条</a></li>" for i in range(links))
    return f"<div id='c'><p>{TEXT}</p><ul>{items}<li>x</li><li>y</li></ul></div>"


@pytest.mark.parametrize("links, skipped", [(2, False), (3, True)])
def test_link_lists_in_a_container_are_skipped_with_or_without_the_count(links, skipped) -> None:
    root = parse(f"<html><body>{_container(links)}</body></html>")
    container = root.find(".//div")
    stats = _LinkStats(container)
    ul = container.find("ul")
    assert stats.skip(ul) is skipped
    assert stats._counted is skipped  # two links: answered without counting a single element


def test_a_stray_root_makes_the_count_happen() -> None:
    root = parse(f"<html><body>{_container(0)}</body></html>")
    stray = parse(f"<html><body>{_container(3)}</body></html>")
    stats = _LinkStats(root)
    stats.add(stray)
    assert stats.skip(stray.find(".//ul")) is True


GB_PAGE = (
    '<html><head><meta charset="gb2312"><title>测试</title></head>'
    f"<body><h1>标题</h1><p>{TEXT}</p></body></html>"
).encode("gb18030")


def test_a_template_charset_decodes_a_page_as_detection_does() -> None:
    text, used, warnings = decode_html(GB_PAGE)
    assert decode_html(GB_PAGE, template_encoding="gb2312") == (text, used, warnings)


def test_a_template_charset_skips_the_big5_check(spy) -> None:
    from newsarchive.extract import decode

    checked = spy(decode, "_gb_or_big5")
    decode_html(GB_PAGE)
    assert len(checked) == 1
    decode_html(GB_PAGE, template_encoding="gbk")
    assert len(checked) == 1  # the template's pages were checked when its profile was learned


def test_a_utf8_page_under_a_gb_template_is_still_utf8() -> None:
    page = GB_PAGE.decode("gb18030").encode("utf-8")
    text, used, _warnings = decode_html(page, template_encoding="gb18030")
    assert used == "utf-8" and TEXT in text


def test_profile_encoding_is_normalised_and_checked() -> None:
    from newsarchive.exceptions import ProfileError

    assert ExtractionProfile.from_mapping({"encoding": "GBK"}).encoding == "gb18030"
    assert ExtractionProfile.from_mapping({"encoding": ""}).encoding is None
    with pytest.raises(ProfileError, match="encoding"):
        ExtractionProfile.from_mapping({"encoding": "klingon-8"})
    with pytest.raises(ProfileError, match="encoding"):
        ExtractionProfile.from_mapping({"encoding": ["gbk"]})


def test_a_container_read_alone_is_not_counted_and_takes_nothing_beside_it(spy) -> None:
    from newsarchive.extract import body as body_module

    counted = spy(body_module._LinkStats, "_count")
    lead = "本报讯，这是一段放在正文容器之前的导语，它有好几个分句，读者会先读到它。" * 3
    root = parse(
        f"<html><body><div><p>{lead}</p><div id='c'><p>{TEXT}</p><p>{OTHER}</p></div></div></body></html>"
    )
    container = root.find(".//div[@id='c']")
    alone = body_module.find_body([], container, title=None, title_el=None, url=None, xpaths=(".",))
    assert alone.paragraphs == [TEXT, OTHER] and counted == []
    whole = body_module.find_body(
        [], root.find(".//body"), title=None, title_el=None, url=None, xpaths=(".//div[@id='c']",)
    )
    assert whole.paragraphs == [
        lead,
        TEXT,
        OTHER,
    ]  # counted from the page, the lead beside it joins
