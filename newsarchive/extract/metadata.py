"""Headline, meta line (date, source, editor, authors), breadcrumb and page-level metadata."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from .. import safejson
from . import rules
from .dom import Block, collapse, element_text, safe_join

__all__ = [
    "PageMeta",
    "breadcrumb",
    "byline_authors",
    "clean_editor",
    "clean_names",
    "clean_source",
    "dateline_authors",
    "parse_labels",
    "read_page_meta",
]


@dataclass
class PageMeta:
    """What the <head> and structured data say, read before the tree is cleaned."""

    meta: dict[str, str] = field(default_factory=dict)
    jsonld: list[dict[str, Any]] = field(default_factory=list)
    title_tag: str = ""
    canonical: str | None = None
    lang: str | None = None
    script_date: str | None = None

    def first(self, keys: Iterable[str]) -> tuple[str, str] | None:
        for key in keys:
            value = self.meta.get(key)
            if value:
                return key, value
        return None

    def jsonld_value(self, *keys: str) -> Any:
        for obj in self.jsonld:
            for key in keys:
                if obj.get(key):
                    return obj[key]
        return None


def _read_meta_tags(root: etree._Element, pm: PageMeta, url: str | None) -> None:
    for el in root.iter("meta"):
        key = (
            el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv") or ""
        )
        key = key.strip().lower()
        content = collapse(el.get("content"))
        if key and content and key not in pm.meta:
            pm.meta[key] = content


def _read_title_tag(root: etree._Element, pm: PageMeta, url: str | None) -> None:
    for el in root.iter("title"):
        pm.title_tag = element_text(el)
        return


def _read_scripts(root: etree._Element, pm: PageMeta, url: str | None) -> None:
    """JSON-LD objects, and a publication time in inline script data (a last resort)."""
    for el in root.iter("script"):
        if not el.text:
            continue
        if (el.get("type") or "").lower() != "application/ld+json":
            if pm.script_date is None and el.get("src") is None:
                m = rules.SCRIPT_DATE_RE.search(el.text[:300000])
                if m:
                    pm.script_date = m.group("value")
            continue
        try:
            data = safejson.loads(
                el.text
            )  # bounded depth: `[` x 1,000 is a ValueError, not RecursionError
        except ValueError:
            continue
        for obj in data if isinstance(data, list) else [data]:
            if isinstance(obj, dict):
                graph = obj.get("@graph")
                pm.jsonld.extend(
                    o for o in (graph if isinstance(graph, list) else [obj]) if isinstance(o, dict)
                )


def _read_canonical(root: etree._Element, pm: PageMeta, url: str | None) -> None:
    for el in root.iter("link"):
        if "canonical" in (el.get("rel") or "").lower().split() and el.get("href"):
            pm.canonical = _absolute(el.get("href"), url)
            return
    hit = pm.first(rules.CANONICAL_META)
    if hit:
        pm.canonical = _absolute(hit[1], url)


def _read_lang(root: etree._Element, pm: PageMeta, url: str | None) -> None:
    html_el = root if root.tag == "html" else root.getroottree().getroot()
    lang = (
        html_el.get("lang")
        or html_el.get("xml:lang")
        or pm.meta.get("content-language")
        or pm.meta.get("language")
    )
    pm.lang = lang.strip() if lang else None


# Readers of the page's own statements, in order (the canonical and the language read <meta>).
PAGE_META_READERS = (_read_meta_tags, _read_title_tag, _read_scripts, _read_canonical, _read_lang)


def read_page_meta(root: etree._Element, url: str | None) -> PageMeta:
    """What the <head> and structured data say, read before the tree is cleaned."""
    pm = PageMeta()
    for reader in PAGE_META_READERS:
        reader(root, pm, url)
    return pm


def _absolute(href: str | None, base: str | None) -> str | None:
    absolute = safe_join(base, href)
    return absolute if absolute and urlsplit(absolute).scheme in ("http", "https") else None


# -- labelled values ------------------------------------------------------------------

_TRAILING_JUNK = re.compile(r"[\s:：,，;；。|｜/、\-—_·•)）\]】]+$")
_LEADING_JUNK = re.compile(r"^[\s:：,，;；。|｜/、\-—_·•]+")


def parse_labels(text: str) -> list[tuple[str, str, str]]:
    """(field, value, label) for every label in a meta line, in order."""
    if rules.SPACED_CREDITS.match(
        text
    ):  # 编辑 刘茜 校对 赵琳: labels and names parted by spaces only
        return [
            (rules.FIELD_OF_LABEL.get(label, "stop"), value, label)
            for label, value in rules.SPACED_CREDIT_PAIR.findall(text)
        ]
    out: list[tuple[str, str, str]] = []
    matches = []
    for m in rules.LABEL_RE.finditer(text):
        label = re.sub(r"\s+", "", m.group("label") or m.group("bare"))
        if len(label) == 1 and m.start() > 0 and "\u4e00" <= text[m.start() - 1] <= "\u9fff":
            continue  # 原文： / 全文： are not the 文 label
        if label == "编辑" and m.start() > 0 and text[m.start() - 1] in "责任值班网络":
            continue
        matches.append((m, label))
    for i, (m, label) in enumerate(matches):
        end = matches[i + 1][0].start() if i + 1 < len(matches) else len(text)
        raw = text[m.end() : end]
        cut = rules.VALUE_END.search(raw)
        value = raw[: cut.start()] if cut else raw
        value = _TRAILING_JUNK.sub("", _LEADING_JUNK.sub("", value)).strip()
        value = _cut_junk(rules.GLUED_COUNTER.sub("", value))
        out.append((rules.FIELD_OF_LABEL.get(label, "stop"), value, label))
    return out


def _cut_junk(value: str) -> str:
    tokens = value.split(" ")
    kept: list[str] = []
    for token in tokens:
        if token in rules.VALUE_JUNK or re.fullmatch(r"\d+(?:人参与|条评论|评论|次)?", token):
            break
        kept.append(token)
    return " ".join(kept)


def unlabeled_source(line: str, date_raw: str | None) -> str | None:
    """An outlet named beside the date with no label: "2019-09-26 10:56:28 证券时报网"."""
    if len(line) > 80 or (date_raw and date_raw not in line):
        return None
    rest = line.replace(date_raw, " | ") if date_raw else line
    for _field, value, label in parse_labels(rest):
        rest = rest.replace(label, " ").replace(value, " ")
    rest = re.sub(r"[:：]", " ", rest)
    tokens = [t for t in re.split(r"\s+|[|\[\]【】()（）]", rest) if t]
    for token in tokens:
        if token in rules.VALUE_JUNK or token in rules.NOT_A_SOURCE:
            continue
        if re.search(r"\d{2}|[，。！？、]|^\W+$", token) or not (2 <= len(token) <= 16):
            continue
        return token
    return None


def clean_source(value: str | None) -> str | None:
    if not value:
        return None
    value = collapse(value)
    value = re.sub(r"\s*(?:\d{4}[-/年]\d{1,2}[-/月]\d{1,2}.*)$", "", value)
    value = _TRAILING_JUNK.sub("", value)
    if not value or len(value) > 40 or value in ("本站", "未知", "无", "null", "None"):
        return None if not value or len(value) > 40 else value
    return value


def clean_editor(value: str | None) -> str | None:
    if not value:
        return None
    value = _SPLIT_NAME.sub(r"\1\2", collapse(re.sub(r"[、,，;；/]", " ", value)))
    names: list[str] = []
    for token in value.split(" "):
        token = rules.STAFF_CODE.sub("", token).strip()
        token = _TRAILING_JUNK.sub("", _LEADING_JUNK.sub("", token))
        if (
            names
            and re.fullmatch(r"[A-Za-z]{1,4}\d{2,}", token)
            and re.search(r"[\u4e00-\u9fff]", names[-1])
        ):
            continue  # 韩保林 PK155: a staff code after the name
        if token:
            names.append(token)
    value = " ".join(names)
    if not value or len(value) > 30 or re.search(r"\d{4}", value):
        return None
    return value


_SPLIT_NAME = re.compile(
    r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff])\s([\u4e00-\u9fff])(?![\u4e00-\u9fff])"
)


def clean_names(value: str) -> list[str]:
    """Names from a byline value: 记者 张三 李四 / 张三、李四 / 文/张三."""
    value = re.sub(
        r"[\u4e00-\u9fff《》]{0,8}?(?:记者|通讯员|实习生)(?=\s|[:：]|[\u4e00-\u9fff]{2,4}(?:[\s、，,;；/&＆]|$))",
        " ",
        value,
    )
    value = re.sub(r"(?:作者|撰文|撰稿|执笔|采写)\s*[:：/]?", " ", value)
    value = re.sub(r"[（(][^）)]*[）)]", " ", value)
    value = re.sub(r"(?:报道|发自\S*|摄影?|摄|采写|整理|编译|综合)$", "", value.strip())
    value = _SPLIT_NAME.sub(r"\1\2", value)  # 杨 帆: a two-character name padded with a space
    names: list[str] = []
    for token in rules.NAME_SPLIT.split(value):
        token = token.strip("·. ")
        token = rules.STAFF_CODE.sub("", token)
        if not token or token in rules.NOT_A_NAME or rules.ORGANISATION.search(token):
            continue
        if rules.CJK_NAME.match(token) or rules.LATIN_NAME.match(token):
            if token not in names:
                names.append(token)
    return names


def dateline_authors(paragraph: str) -> list[str]:
    lead = re.match(r"^【([^】]{2,60}?(?:记者|通讯员)[^】]{2,40})】", paragraph)
    if lead:
        return clean_names(lead.group(1))
    m = rules.DATELINE_RE.match(paragraph)
    if not m:
        return []
    names = m.group("names")
    if re.search(r"\d|[。，]", names):
        return []
    return clean_names(names)


def closing_names(paragraph: str) -> list[str]:
    m = rules.CLOSING_NAMES_RE.search(paragraph)
    if not m or len(paragraph) < 20:
        return []
    return clean_names(m.group("names"))


def byline_authors(paragraph: str) -> list[str] | None:
    """Names when a whole paragraph is a byline (文/张三, 记者 张三 通讯员 李四), else None."""
    if len(paragraph) > 40:
        return None
    wrapped = re.fullmatch(r"[（(]\s*(.+?)\s*[)）]", paragraph)
    if wrapped:  # （记者 张强 通讯员 王丽） closing the body
        inner = wrapped.group(1)
        if re.match(r"^[\u4e00-\u9fff]{0,8}?(?:记者|通讯员)|^(?:作者|文|撰稿)", inner):
            return clean_names(inner) or None
        return None
    m = rules.BYLINE_RE.match(paragraph)
    if not m:
        labelled = [v for f, v, _ in parse_labels(paragraph) if f == "author"]
        if not labelled or not re.match(r"^\S{0,8}?(?:作者|执笔|采写|撰文|撰稿|文)", paragraph):
            return None
        names = [n for v in labelled for n in clean_names(v)]
        return names or None
    names = clean_names(paragraph)
    return names or None


# -- breadcrumb ---------------------------------------------------------------------------


def breadcrumb(blocks: list[Block], root: etree._Element, title: str | None) -> list[str]:
    for block in blocks[:200]:
        if rules.BREADCRUMB_TEXT.match(block.text):
            items = _crumb_items(rules.BREADCRUMB_TEXT.sub("", block.text))
            if items:
                return items
    for el in root.iter("div", "nav", "p", "span", "td", "ol", "ul"):
        attrs = f"{el.get('class', '')} {el.get('id', '')}"
        if attrs.strip() and rules.BREADCRUMB_ATTR.search(attrs):
            text = element_text(el)
            if 2 <= len(text) <= 120 and (
                rules.BREADCRUMB_SPLIT.search(text) or len(list(el.iter("a"))) >= 2
            ):
                items = _crumb_items(rules.BREADCRUMB_TEXT.sub("", text))
                if rules.BREADCRUMB_SPLIT.search(text) is None:
                    items = [element_text(a) for a in el.iter("a") if element_text(a)]
                if items and len(items) <= 8:
                    return [i for i in items if i != title]
    return []


def _crumb_items(text: str) -> list[str]:
    items = [collapse(p) for p in rules.BREADCRUMB_SPLIT.split(text)]
    items = [i for i in items if i and len(i) <= 20]
    return items if len(items) >= 1 and len(items) <= 8 else []
