"""The page the project began from: a GBK Henan portal article."""

from __future__ import annotations

from newsarchive import extract

URL = "http://www.hn.chinanews.com.cn/news/2021/0316/123.html"


def test_seed_fixture_is_gbk_encoded(seed_bytes):
    assert "禹州市鸠山镇".encode("gbk") in seed_bytes
    assert "禹州市鸠山镇".encode("utf-8") not in seed_bytes


def test_seed_fields(seed_bytes):
    a = extract(seed_bytes, URL)
    assert a.title == "禹州市鸠山镇:积极创建“五好”乡镇党委"
    assert a.published_at == "2021-03-16T18:52:00+08:00"
    assert a.published_at_raw == "2021-03-16 18:52:00"
    assert a.published_precision == "second"
    assert a.source == "中新河南网"
    assert a.editor == "关潼"
    assert a.authors == ["李麦囤", "徐嘉"]
    assert a.section == ["首页", "许昌", "社会"]
    assert a.page_type == "article"
    assert a.paragraphs[0].startswith("中新河南网3月16日电")
    assert a.paragraphs[-1].endswith("谱写以党建高质量助推经济社会发展高质量的鸠山新篇章。")
    assert a.warnings == []


def test_seed_body_has_no_chrome(seed_bytes):
    a = extract(seed_bytes, URL)
    for junk in (
        "0371",
        "热线",
        "hntyxww",
        "ICP",
        "推荐阅读",
        "关于我们",
        "许昌市召开全市安全生产工作会议",
        "责任编辑",
        "来源",
        "分享到",
    ):
        assert junk not in a.text, junk
    assert a.text == "\n\n".join(a.paragraphs)
    assert len(a.paragraphs) == 12


def test_seed_is_deterministic_and_hash_tracks_content(seed_bytes):
    a, b = extract(seed_bytes, URL), extract(seed_bytes, URL)
    assert a.to_dict() == b.to_dict()
    assert a.content_hash and a.content_hash.startswith("sha256:")
    changed = extract(seed_bytes.replace("鸠山新篇章".encode("gbk"), "鸠山新篇".encode("gbk")), URL)
    assert changed.content_hash != a.content_hash
