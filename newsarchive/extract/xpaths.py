"""XPath helpers shared by the field modules."""
from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from . import rules
from .dom import collapse, element_text

__all__ = ["xpath_list", "xpath_values"]


def xpath_values(root: etree._Element, xpaths: Iterable[str]) -> list[str]:
    for xp in xpaths:
        out = []
        result = root.xpath(xp)
        hits = result if isinstance(result, list) else [result]  # string(), substring-after() ...
        for hit in hits:
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


