"""The decoder on awkward but legitimate bytes: wide Unicode, stray NULs, long preambles, Big5 mislabelled."""

from __future__ import annotations

import codecs

import pytest

from newsarchive import extract
from newsarchive.exceptions import NotHTMLError
from newsarchive.extract.decode import decode_html

TRADITIONAL = (
    "<html><head><meta charset='gb2312'><title>臺灣新聞標題</title></head><body><h1>臺灣新聞標題</h1>"
    "<p>這是一個繁體中文的新聞段落，臺灣與香港的讀者習慣使用繁體字。政府今天宣布新的經濟政策，"
    "預計將帶動產業發展與就業機會。</p></body></html>"
)


@pytest.mark.parametrize(
    "codec,bom",
    [
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-32-le", codecs.BOM_UTF32_LE),
        ("utf-32-be", codecs.BOM_UTF32_BE),
        ("utf-16-le", b""),
        ("utf-16-be", b""),
        ("utf-32-le", b""),
        ("utf-32-be", b""),
    ],
)
def test_wide_unicode_pages_decode(gen, codec, bom):
    data = bom + gen.ARTICLE.encode(codec)
    text, used, _ = decode_html(data)
    assert used == codec
    assert text == gen.ARTICLE
    assert extract(data).title == "县里召开会议"


def test_a_stray_nul_is_not_binary(gen):
    data = gen.ARTICLE.replace("<h1>", "\0<h1>").encode()
    a = extract(data)
    assert a.title == "县里召开会议"


def test_markup_after_a_long_preamble(gen):
    data = ("x" * 250_000 + gen.ARTICLE).encode()
    a = extract(data)
    assert a.paragraphs[0].startswith("三月十六日")


def test_binary_is_still_refused():
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
    with pytest.raises(NotHTMLError, match="binary"):
        extract(png)


def test_big5_labelled_gb2312_is_decoded_as_big5_with_a_warning():
    a = extract(TRADITIONAL.encode("big5"))
    assert a.title == "臺灣新聞標題"
    assert "臺灣與香港" in a.text
    assert any("Big5" in w for w in a.warnings)


def test_unlabelled_big5_decodes():
    text, used, _ = decode_html(TRADITIONAL.replace(" charset='gb2312'", "").encode("big5"))
    assert used == "big5hkscs" and "臺灣與香港" in text


def test_simplified_gbk_stays_gb18030():
    page = TRADITIONAL.replace("臺灣新聞標題", "台湾新闻标题").replace(
        "這是一個繁體中文的新聞段落，臺灣與香港的讀者習慣使用繁體字。",
        "这是一个简体中文的新闻段落，读者习惯使用简体字。",
    )
    page = page.replace(
        "政府今天宣布新的經濟政策，預計將帶動產業發展與就業機會。", "政府今天宣布新的经济政策。"
    )
    text, used, warnings = decode_html(page.encode("gbk"))
    assert used == "gb18030" and text == page and warnings == []
