"""Short ids for the rules ``extract_with_rules`` reports: bounded stats keys, never a raw XPath.

The engine names a rule by what it did (``xpath://*[@id="zoom"]``, ``label 责任编辑 (body
trailer)+byline``); a crawl counts rules per field, and a key per XPath or per combination
would grow with every profile and page. One id per strategy keeps the counts comparable
between runs, so a portal redesign shows up as a shift between a few keys.
"""

from __future__ import annotations

import re

__all__ = ["short_rule_ids"]

_ID_ATTR = re.compile(r"""@id\s*=\s*["']([\w-]+)["']""")
_CLASS_WORD = re.compile(r"""["']\s*([\w-]+)\s*["']\s*\)""")
_LABEL = re.compile(r"^label .+ \((?P<zone>[^()]+)\)$")
_NOT_ID = re.compile(r"[^\w:]+")
MAX_ID = 40


def short_rule_ids(field: str, rule: str) -> list[str]:
    """``("body", 'xpath://*[@id="zoom"]')`` -> ``["selector:#zoom"]``; a combined rule gives one id per part."""
    ids: list[str] = []
    for part in filter(None, (p.strip() for p in rule.split("+"))):
        short = _short(field, part)
        if short not in ids:
            ids.append(short)
    return ids


def _short(field: str, part: str) -> str:
    kind, _, detail = part.partition(":")
    if kind == "profile":
        return f"profile:{field}"  # which of the profile's XPaths matched is the profile's business
    if kind == "xpath":
        if found := _ID_ATTR.search(detail):
            return f"selector:#{found.group(1)}"[:MAX_ID]
        if "@class" in detail and (found := _CLASS_WORD.search(detail)):
            return f"selector:.{found.group(1)}"[:MAX_ID]
        return "selector"
    if found := _LABEL.match(part):
        return f"label:{_slug(found.group('zone'))}"  # the label word is evidence, not a strategy
    return _slug(part)[:MAX_ID] or "none"


def _slug(text: str) -> str:
    return _NOT_ID.sub("-", text.strip().lower()).strip("-")
