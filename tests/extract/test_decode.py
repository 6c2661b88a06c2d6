"""Decoding bytes: explicit encoding, BOM, declared charset, and detection when it lies."""

from __future__ import annotations

import codecs

import pytest

from newsarchive.exceptions import EmptyDocumentError, NotHTMLError
from newsarchive.extract import extract
from newsarchive.extract.decode import decode_html, normalize_encoding

TEXT = "禹州市鸠山镇积极创建五好乡镇党委，镕、堃、喆等生僻字也要对。"


def page(charset: str | None) -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return f"<html><head>{meta}<title>测试</title></head><body><h1>标题</h1><p>{TEXT}</p></body></html>"


@pytest.mark.parametrize(
    "label, codec",
    [
        ("gb2312", "gb18030"),
        ("GBK", "gb18030"),
        ("gb18030", "gb18030"),
        ("big5", "big5hkscs"),
        ("utf-8", "utf-8"),
        ("UTF8", "utf-8"),
        ("bogus-charset", None),
    ],
)
def test_normalize_encoding(label, codec):
    assert normalize_encoding(label) == codec


@pytest.mark.parametrize(
    "declared, actual",
    [
        ("gb2312", "gbk"),  # GB2312 label holding GBK-only characters (镕, 堃, 喆)
        ("gbk", "gb18030"),
        (None, "gbk"),  # no charset at all
        ("utf-8", "gbk"),  # declared charset is wrong
        ("gbk", "utf-8"),  # declared charset is wrong the other way
        ("iso-8859-1", "gbk"),  # declared Latin-1 on a Chinese page
        ("big5", "big5hkscs"),
        (None, "utf-8"),
    ],
)
def test_decodes_right_whatever_the_label(declared, actual):
    if actual.startswith("big5"):
        text = (
            page(declared)
            .replace(TEXT, "臺灣新聞報導，繁體中文內容。")
            .replace("测试", "測試")
            .replace("标题", "標題")
        )
        expect = "臺灣新聞報導，繁體中文內容。"
    else:
        text, expect = page(declared), TEXT
    decoded, _codec, _warnings = decode_html(text.encode(actual))
    assert expect in decoded
    assert "\ufffd" not in decoded


def test_wrong_declared_charset_is_reported():
    _text, codec, warnings = decode_html(page("utf-8").encode("gbk"))
    assert codec == "gb18030"
    assert any("declared charset utf-8 is wrong" in w for w in warnings)


def test_bom_wins():
    data = codecs.BOM_UTF8 + page("gbk").encode("utf-8")
    text, codec, _ = decode_html(data)
    assert codec == "utf-8" and TEXT in text


def test_explicit_encoding_and_http_header():
    data = page(None).encode("gbk")
    assert TEXT in decode_html(data, encoding="gbk")[0]
    assert TEXT in decode_html(data, content_type="text/html; charset=GBK")[0]
    a = extract(data, encoding="gb2312")
    assert TEXT in a.text


def test_empty_and_binary_input_raise_clear_errors():
    with pytest.raises(EmptyDocumentError, match="empty"):
        extract(b"")
    with pytest.raises(EmptyDocumentError):
        extract(b"   \n\t  ")
    with pytest.raises(NotHTMLError, match="binary"):
        extract(bytes(range(256)) * 50, "http://example.com/x.html")
    with pytest.raises(NotHTMLError, match="no HTML markup"):
        extract("just some words, no markup at all".encode())
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(2000)
    with pytest.raises(NotHTMLError):
        extract(png)
