"""The vocabulary of generated Chinese news text (demo portal, dataset tests, benchmarks): one copy."""

from __future__ import annotations

import random

__all__ = ["NAMES", "VERBS", "WORDS", "phrase", "sentence"]

WORDS = (
    "市委",
    "县政府",
    "乡村振兴",
    "产业园",
    "项目建设",
    "民生工程",
    "文化旅游",
    "生态环境",
    "基层治理",
    "农业合作社",
    "交通枢纽",
    "教育改革",
    "医疗保障",
    "科技创新",
    "招商引资",
    "城市更新",
    "志愿服务",
    "防汛抗旱",
    "安全生产",
    "营商环境",
    "特色小镇",
    "非遗传承",
    "就业创业",
    "养老服务",
    "河长制",
)
VERBS = ("召开", "推进", "部署", "开展", "启动", "举行", "调研", "落实", "完成", "表彰")
NAMES = ("张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周杰", "吴倩")


def phrase(rng: random.Random) -> str:
    """``市委召开产业园``: word, verb, word."""
    return rng.choice(WORDS) + rng.choice(VERBS) + rng.choice(WORDS)


def sentence(rng: random.Random, *, parts: tuple[int, int] = (3, 6), tally: bool = True) -> str:
    """Phrases joined by commas; ``tally`` ends it with a count (``，共计12项。``) that varies the text."""
    text = "，".join(phrase(rng) for _ in range(rng.randint(*parts)))
    return text + (f"，共计{rng.randint(2, 999)}项。" if tally else "。")
