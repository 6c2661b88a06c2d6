"""Pages of one template: URL pattern, DOM skeleton, and the generic engine's reading of each page."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlsplit

from lxml import etree

from ..extract import extract_with_rules
from ..extract.decode import decode_html
from ..extract.dom import clean_tree, parse
from ..extract.record import Article
from .limits import INDUCE

__all__ = [
    "Page",
    "Prepared",
    "group_pages",
    "pattern_key",
    "prepare",
    "signature",
    "signature_key",
    "similarity",
    "skeleton",
    "stable_signature",
    "template_key",
    "url_pattern",
    "which_template",
]

T = TypeVar("T")
_NUMBER = re.compile(r"\d+")
_HEX = re.compile(r"(?<![0-9a-z])[0-9a-f]{16,}(?![0-9a-z])", re.IGNORECASE)
# class and id values in the markup as fetched: read without parsing, so telling a page's
# template costs little next to extracting it (bytes: any ASCII-compatible encoding)
_STYLED = re.compile(
    rb"""\s(class|id)\s*=\s*(?:"([^"<>]{1,200})"|'([^'<>]{1,200})'|([^\s"'<>]{1,200}))"""
)
_TOKEN_NUMBER = re.compile(rb"\d+")


@dataclass
class Page:
    """One saved page: its address (None for a lone file) and its bytes as fetched."""

    url: str | None
    html: bytes | str
    content_type: str | None = None
    now: datetime | None = None
    name: str = ""  # where it came from (file name, WARC offset), for reports


@dataclass
class Prepared:
    """A page parsed the way the engine parses it, with the generic record beside it."""

    page: Page
    scope: etree._Element  # <body> after clean_tree, as profile XPaths see it
    article: Article
    rules: dict[str, str]
    skeleton: frozenset[str] = field(default_factory=frozenset)
    signature: frozenset[str] = field(default_factory=frozenset)  # see signature()
    memo: dict[Any, list[str]] = field(
        default_factory=dict, repr=False
    )  # body container -> paragraphs
    encoding: str | None = None  # the codec it decoded in, None when decoding had a doubt


def clean_encoding(used: str, warnings: list[str]) -> str | None:
    """The codec a page decoded in, when the decoder had no doubt (no warning about it)."""
    return None if warnings or used == "unicode" else used


def url_pattern(url: str | None) -> str:
    """The URL with its variable parts (numbers, long hex ids, query values) replaced."""
    if not url:
        return ""
    parts = urlsplit(url)
    path = _NUMBER.sub("N", _HEX.sub("H", parts.path))
    query = "&".join(sorted(k for k, _ in parse_qsl(parts.query, keep_blank_values=True)))
    return f"{parts.netloc.lower()}{path}" + (f"?{query}" if query else "")


def skeleton(scope: etree._Element) -> frozenset[str]:
    """The set of ``tag.class#id`` paths of the page's styled elements, three levels deep.

    Article text varies from page to page; the elements the template styles do not.
    """
    out: set[str] = set()
    for el in scope.iter():
        if not isinstance(el.tag, str) or not (el.get("class") or el.get("id")):
            continue
        steps: list[str] = []
        node: etree._Element | None = el
        while node is not None and len(steps) < INDUCE.skeleton_depth:
            steps.append(
                f"{node.tag}.{node.get('class', '')}#{_NUMBER.sub('N', node.get('id', ''))}"
            )
            node = node.getparent()
        out.add("/".join(reversed(steps)))
    return frozenset(out)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def signature(html: bytes | str) -> frozenset[str]:
    """The class names and ids the page's markup uses (numbers in them replaced), as ``class:x``/``id:x``.

    A template styles the same elements on every page; pages of another template under the
    same URL pattern use other names. Read from the markup as fetched, without parsing.
    """
    data = html.encode("utf-8", "replace") if isinstance(html, str) else html
    out: set[str] = set()
    for m in _STYLED.finditer(data):
        kind = m.group(1).lower().decode("ascii")
        value = _TOKEN_NUMBER.sub(b"N", m.group(2) or m.group(3) or m.group(4) or b"")
        names = value.split() if kind == "class" else [value.strip()]
        out.update(f"{kind}:{n.decode('utf-8', 'replace')}" for n in names if n)
    return frozenset(out)


def stable_signature(signatures: Iterable[frozenset[str]], share: float = 0.5) -> frozenset[str]:
    """The names on at least ``share`` of the pages: the template's, not one page's (Word's MsoNormal)."""
    sigs = list(signatures)
    counts: dict[str, int] = {}
    for sig in sigs:
        for name in sig:
            counts[name] = counts.get(name, 0) + 1
    return frozenset(n for n, c in counts.items() if c >= share * len(sigs))


def which_template(
    candidates: Iterable[tuple[str, frozenset[str], T]],
    pattern: str,
    sig: frozenset[str],
    threshold: float = INDUCE.same_template,
) -> T | None:
    """Of ``(pattern key, template signature, item)`` candidates, the page's own template's item.

    Same URL pattern and the most similar signature, at least ``threshold``; a candidate
    without a signature (a profile from an older version) stands for its whole pattern.
    """
    best: T | None = None
    best_score = 0.0
    for key, mine, item in candidates:
        if key != pattern:
            continue
        score = similarity(mine, sig) if mine else threshold
        if score >= threshold and score > best_score:
            best, best_score = item, score
    return best


def pattern_key(pattern: str) -> str:
    """The short stable name of a URL pattern (the first template's profile under it takes it)."""
    return hashlib.blake2b(pattern.encode("utf-8"), digest_size=6).hexdigest()


def signature_key(url_pattern: str, sig: frozenset[str]) -> str:
    """The name of another template under a URL pattern whose first template took the pattern's key."""
    return pattern_key("\n".join([url_pattern, *sorted(sig)]))


def template_key(url: str | None, skel: frozenset[str] | None = None) -> str:
    """A short stable name for a template: its URL pattern, else (lone files) its skeleton."""
    return pattern_key(url_pattern(url) or "\n".join(sorted(skel or ())))


def prepare(page: Page, *, timezone: str | None = None) -> Prepared:
    """Run the generic engine on ``page`` and parse it once more as profile XPaths see it.

    Raises :class:`~newsarchive.exceptions.ExtractionError` for input that is not a document.
    """
    article, rules = extract_with_rules(
        page.html, page.url, now=page.now, content_type=page.content_type, timezone=timezone
    )
    text, used, warnings = decode_html(
        page.html, content_type=page.content_type, where=page.url or page.name
    )
    root = parse(text)
    clean_tree(root)
    body = root.find(".//body")
    scope = body if body is not None else root
    return Prepared(
        page, scope, article, rules, skeleton(scope), encoding=clean_encoding(used, warnings)
    )


def group_pages(pages: Iterable[Prepared]) -> list[list[Prepared]]:
    """Pages grouped by URL pattern, then split where the DOM skeletons differ (another template).

    Only article pages count: list pages share a site's URLs but not its article template.
    """
    by_pattern: dict[str, list[Prepared]] = {}
    for p in pages:
        if p.article.page_type == "article":
            by_pattern.setdefault(url_pattern(p.page.url), []).append(p)
    groups: list[list[Prepared]] = []
    for members in by_pattern.values():
        clusters: list[tuple[frozenset[str], list[Prepared]]] = []
        for p in members:
            for first, cluster in clusters:
                if similarity(first, p.skeleton) >= INDUCE.same_template:
                    cluster.append(p)
                    break
            else:
                clusters.append((p.skeleton, [p]))
        groups.extend(cluster for _, cluster in clusters)
    return sorted(groups, key=len, reverse=True)
