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


BOILERPLATE_PIECES = [
    *(
        "责任编辑 责编 编辑 来源 : ： | ｜ 版权所有 Copyright COPYRIGHT © ICP备 icp证 备案号".split()
    ),
    *("违法和不良信息 举报电话 关键字 TAGS 仅代表 作者 观点 不代表 立场 仅提供信息 发布".split()),
    *("尽在 APP 客户端 下载 1 23 下一页 > >> 上一页 首页 扫一扫 扫描 二维码 长按 微信扫码".split()),
    *("评论 跟帖 留言 ( （ ) ） 已输入 字 客服热线 投稿邮箱 未经授权 转载请注明 免责声明".split()),
    *("热线 邮箱 【 】 点击 扫码 进入 关注 返回 打印 关闭 收藏 分享 字号 大 中 小 正文 。".split()),
    " ",
    "\n",
    "\u3000",
    "\x85",
]


@pytest.mark.parametrize(
    "text",
    [
        "责任编辑：张三",
        "大 中 小",
        "   ",
        "",
        "返回顶部",
        "本文仅代表作者个人观点",
        "正文一段。",
        "1 2 下一页",
    ],
)
def test_boilerplate_same_as_its_regex(text):
    found = rules.BOILERPLATE_PARAGRAPH.search(text)
    expected = rules.BOILERPLATE_PARAGRAPH.pattern.search(text)
    assert (found and found.span()) == (expected and expected.span())


def test_boilerplate_same_as_its_regex_on_random_lines():
    rng = random.Random(5)
    matched = 0
    for _ in range(20_000):
        text = "".join(rng.choice(BOILERPLATE_PIECES) for _ in range(rng.randint(0, 7)))
        found = rules.BOILERPLATE_PARAGRAPH.search(text)
        expected = rules.BOILERPLATE_PARAGRAPH.pattern.search(text)
        assert (found and found.span()) == (expected and expected.span()), text
        matched += expected is not None
    assert 1000 < matched < 19_000  # both kinds of line were tried


@pytest.mark.parametrize(
    "text",
    [
        "",
        "text-align:center",
        "TEXT-ALIGN : CENTER;",
        "color:red",
        "text-align center",
        "正文。返回首页，查看更多",
        "点击进入专题：两会",
        "（来源：网络）",
        "来源 网络",
        "正文。",
    ],
)
def test_centred_and_trailing_promo_same_as_their_regexes(text):
    found, expected = rules.CENTRED.search(text), rules.CENTRED.pattern.search(text)
    assert (found and found.span()) == (expected and expected.span())
    assert rules.TRAILING_PROMO.sub("", text) == rules.TRAILING_PROMO.pattern.sub("", text)
