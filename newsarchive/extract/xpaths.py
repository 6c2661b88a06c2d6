"""XPath helpers shared by the field modules: compiled once, evaluated to lists."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from lxml import etree

from . import rules
from .dom import collapse, element_text

__all__ = ["elements", "evaluate", "xpath_list", "xpath_values"]


@lru_cache(maxsize=1024)
def _compiled(xp: str) -> etree.XPath:
    return etree.XPath(xp)


def evaluate(root: etree._Element, xp: str) -> list[Any]:
    """Every result of ``xp``; a scalar result (string(), substring-after() ...) as a one-item list."""
    result = _compiled(xp)(root)
    return result if isinstance(result, list) else [result]


def elements(root: etree._Element, xp: str) -> list[etree._Element]:
    return [hit for hit in evaluate(root, xp) if isinstance(hit, etree._Element)]


def xpath_values(root: etree._Element, xpaths: Iterable[str]) -> list[str]:
    for xp in xpaths:
        out = []
        for hit in evaluate(root, xp):
            text = element_text(hit) if isinstance(hit, etree._Element) else collapse(str(hit))
            if text:
                out.append(text)
        if out:
            return out
    return []


def xpath_list(root: etree._Element, xpaths: Iterable[str]) -> list[str]:
    values = xpath_values(root, xpaths)
    if len(values) == 1:
        return [v for v in (collapse(p) for p in rules.BREADCRUMB_SPLIT.split(values[0])) if v]
    return values
