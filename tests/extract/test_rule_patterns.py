"""Patterns wrapped for speed answer exactly as the regex they wrap."""

from __future__ import annotations

import random

import pytest

from newsarchive.extract import rules

CAPTIONS = [
    "新华社记者 张三 摄",
    "张三摄。",
    "（图）",
    "(新华社发 李四摄)",
    "图片来源：视觉中国x",
    "图片来源:网络。",
    "资料图片.",
    "记者 王五 图 ",
    "摄影\n",
    "正文里提到摄影。接着还有很多文字",
    "这是一段普通的正文，没有图片说明。",
    "",
    "。",
    " 摄",
    "(IC photo)",
]


@pytest.mark.parametrize("text", CAPTIONS)
def test_caption_end_same_as_its_regex(text):
    found, expected = rules.CAPTION_END.search(text), rules.CAPTION_END.pattern.search(text)
    assert (found and found.span()) == (expected and expected.span())


def test_caption_end_same_as_its_regex_on_random_lines():
    pieces = [
        *"摄影供图截资料片视觉中国新华社发（）()记者。. \n\u3000x张三",
        "图片来源",
        "IC photo",
    ]
    rng = random.Random(3)
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        found, expected = rules.CAPTION_END.search(text), rules.CAPTION_END.pattern.search(text)
        assert (found and found.span()) == (expected and expected.span()), text
    assert rules.CAPTION_END.search("新华社记者 张三 摄") is not None
