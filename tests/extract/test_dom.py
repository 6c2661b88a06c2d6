"""dom: collapse() and the block walk, on inline HTML (the engine's every stage reads their output)."""

from __future__ import annotations

import pytest
from lxml import etree

from newsarchive.extract.dom import clean_tree, collapse, iter_blocks, parse


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", ""),
        ("  a \n\t b  ", "a b"),
        ("\u3000\u3000正文\u00a0第一段", "正文 第一段"),
        ("a\u2000\u200a b", "a b"),
        ("a\u200bb", "a b"),  # zero-width space: a space, though str.split() keeps it
        ("\ufeff标题", "标题"),  # a BOM inside the text
        ("a \ue600 b", "a b"),  # an icon glyph between spaces leaves one space
        ("a\ue600b", "ab"),
        ("\ue600", ""),
        ("e\u0301", "\u00e9"),  # NFC
        ("，：“中文”", "，：“中文”"),  # full-width punctuation is text
        ("a\x85b\u2028c", "a b c"),
    ],
)
def test_collapse(raw, expected):
    assert collapse(raw) == expected


def _blocks(html: str, **kwargs):
    root = clean_tree(parse(html))
    body = root.find(".//body")
    return list(iter_blocks(body if body is not None else root, **kwargs))


def test_blocks_split_at_block_tags_and_br_and_join_cells():
    blocks = _blocks(
        "<body><div>一<span>二</span><p>三</p>四<br>五</div>"
        "<table><tr><td>甲</td><td>乙</td></tr></table></body>"
    )
    assert [b.text for b in blocks] == ["一二", "三", "四", "五", "甲 乙"]
    assert [b.element.tag for b in blocks] == ["div", "p", "div", "br", "tr"]


def test_text_after_a_block_element_belongs_to_its_parent():
    blocks = _blocks("<body><div id=outer><p>段落</p>尾巴</div></body>")
    assert [(b.text, b.element.get("id")) for b in blocks] == [("段落", None), ("尾巴", "outer")]


def test_link_characters_and_images_are_counted_per_block():
    blocks = _blocks(
        '<body><p>看 <a href="/x">链接 文字</a> 完</p><p><img src="a.jpg"></p>'
        '<p>图 <img src="b.jpg"> 说明</p></body>'
    )
    assert [(b.text, b.link_chars, b.has_image) for b in blocks] == [
        ("看 链接 文字 完", 5, False),
        ("", 0, True),
        ("图 说明", 0, True),
    ]


def test_whitespace_between_blocks_makes_no_block_but_joins_words():
    blocks = _blocks("<body>\n  <div>\n  <p>\n one\n <b>two</b>\n</p>\n  </div>\n</body>")
    assert [b.text for b in blocks] == ["one two"]


def test_the_walk_of_an_inline_root_gives_its_text_but_not_its_tail():
    root = parse("<body><p><span>内<i>联</i></span>尾</p></body>")
    span = root.find(".//span")
    assert [b.text for b in iter_blocks(span)] == ["内联"]


def test_hidden_elements_measured_one_by_one_or_in_one_pass_alike(monkeypatch):
    import dataclasses

    from newsarchive.extract import dom

    prose = "".join(f"第{i}句话讲述了会议的内容。" for i in range(30))
    widgets = "".join(f'<span style="display:none">分享{i}</span>' for i in range(20))
    html = (
        f"<body><div style='visibility:hidden'><p>{prose}</p>{widgets}</div>"
        f"<div hidden>{'短' * 300}</div></body>"
    )

    def kept() -> str:
        return etree.tostring(clean_tree(parse(html)), encoding="unicode")

    one_by_one = kept()
    monkeypatch.setattr(dom, "LIMITS", dataclasses.replace(dom.LIMITS, hidden_text_chars=10))
    assert kept() == one_by_one
    assert "第29句话" in one_by_one and "分享" not in one_by_one and "短" not in one_by_one


@pytest.mark.parametrize("junk", ["\x01", "\x0b", "\x1f", "\ufffe", "\uffff", "\ud800", "\udfff"])
def test_characters_lxml_refuses_are_removed_before_parsing(junk):
    root = parse(f"<html><body><p>前{junk}后</p><p>{'字' * 5000}{junk}</p></body></html>")
    assert [b.text for b in iter_blocks(root.find(".//body"))] == ["前后", "字" * 5000]


def test_skipped_subtree_is_left_out_but_its_tail_kept():
    blocks = _blocks(
        "<body><div>前<ul class=nav><li>导航</li></ul>后</div></body>",
        skip=lambda el: el.tag == "ul",
    )
    assert [b.text for b in blocks] == ["前后"]


def test_the_walk_hands_over_document_order():
    root = parse("<body><div><p>一<b>二</b></p><!--x--><ul><li>三</li></ul></div><p>四</p></body>")
    body = root.find(".//body")
    order: dict = {}
    blocks = list(iter_blocks(body, order=order))
    elements = [el for el in body.iter() if isinstance(el.tag, str)]
    assert sorted(order, key=order.__getitem__) == elements
    assert [b.text for b in blocks] == ["一二", "三", "四"]
