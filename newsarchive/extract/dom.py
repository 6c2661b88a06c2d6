"""HTML parsing, cleaning and turning element trees into text blocks."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from urllib.parse import urljoin, urlsplit

from lxml import etree

from .limits import LIMITS

__all__ = [
    "BLOCK_TAGS",
    "DROP_TAGS",
    "Block",
    "bound_markup",
    "clean_tree",
    "collapse",
    "drop_keep_tail",
    "element_text",
    "iter_blocks",
    "parse",
    "safe_join",
    "text_content",
]

BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "ul",
        "body",
        "html",
        "summary",
        "caption",
    ]
)
CELL_TAGS = frozenset(("td", "th"))
DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "svg",
    "canvas",
    "object",
    "embed",
    "select",
    "option",
    "textarea",
    "button",
    "input",
    "map",
    "audio",
    "video",
    "head",
    "link",
    "meta",
)

# lxml refuses text holding C0 controls (other than tab and newlines) or U+FFFE/U+FFFF.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_WS = re.compile(r"[\s\u00a0\u2000-\u200b\u3000\ufeff]+")
_ICONS = re.compile(r"[\ue000-\uf8ff]+")  # private-use code points: icon-font glyphs
_LAYOUT_TAGS = re.compile(
    r"</?(?:div|span|font|section|article|center|b|i|u|em|strong|small|big|td|tr|table|tbody|ul|ol|li|dl|dd|dt)\b[^>]*>",
    re.IGNORECASE,
)


def _parser(keep_comments: bool = False) -> etree.HTMLParser:
    # One parser per document: its error log is per parse, and parsers are not thread-safe.
    # Plain etree elements: lxml.html's element-class lookup costs ~10% of an extraction.
    return etree.HTMLParser(
        remove_comments=not keep_comments,
        remove_pis=True,
        huge_tree=True,
        remove_blank_text=False,
        collect_ids=False,
    )


def _document(text: str, parser: etree.HTMLParser) -> etree._Element:
    root = etree.fromstring(text, parser)
    if root is None:
        raise ValueError("no document")
    return root


def collapse(text: str | None) -> str:
    """NFC-normalize and collapse every run of whitespace (ideographic spaces included)."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    # str.split() splits on exactly the whitespace _WS names except U+200B and U+FEFF, which,
    # like icon glyphs, are not printable: a printable result had none of them (C speed, 3x).
    joined = " ".join(text.split())
    if joined.isprintable():
        return joined
    return _WS.sub(" ", _ICONS.sub("", text)).strip()


def parse(
    text: str, warnings: list[str] | None = None, *, keep_comments: bool = False
) -> etree._Element:
    """Parse a document into an lxml tree; never raises for malformed markup.

    libxml2 stops at 2,048 levels of nesting and drops what lies deeper; such a
    document is parsed again with its layout tags turned into line breaks.
    ``keep_comments`` keeps comment nodes (list pages hide items in them).
    """
    text = _XML_DECL.sub("", text, count=1)
    if _has_control(text):
        text = _CONTROL.sub("", text)
    text = bound_markup(text, warnings)
    parser = _parser(keep_comments)
    try:
        root = _document(text, parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        parser = _parser(keep_comments)
        root = _document(f"<html><body>{text}</body></html>", parser)
    if any("Excessive depth" in e.message for e in parser.error_log):
        flat = bound_markup(
            _LAYOUT_TAGS.sub("<br>", text), warnings
        )  # </div> -> <br> adds elements
        root = _document(flat, _parser(keep_comments))
        if warnings is not None:
            warnings.append(
                "document nested deeper than 2048 levels: layout tags flattened before parsing"
            )
    return root


_CONTROL_CHARS = tuple(chr(c) for c in range(32) if chr(c) not in "\t\n\r") + ("\ufffe", "\uffff")


def _has_control(text: str) -> bool:
    """Whether ``_CONTROL`` finds anything: a plain search per character is twice as fast as the
    pattern's, and only surrogates (which UTF-8 cannot encode) need a pattern."""
    if any(c in text for c in _CONTROL_CHARS):
        return True
    try:
        for start in range(0, len(text), 1 << 20):  # in slices: a 16 MiB page's copy stays small
            text[start : start + (1 << 20)].encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


_START_TAG = re.compile(r"<[A-Za-z]")
_ATTRIBUTE = re.compile(r"""[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?""")
# a start tag long enough to hold many attributes (only those are looked at)
_LONG_TAG = re.compile(r"<([A-Za-z][\w:-]*)(\s[^<>]{" + str(LIMITS.long_tag_chars) + r",})>")
_INLINE_TAGS = re.compile(
    r"</?(?:span|font|b|i|u|s|em|strong|small|big|sub|sup|label|abbr|cite|code|ins|del|"
    r"strike|tt|var|kbd|q|mark|time|nobr|wbr|data|bdi|bdo)\b[^<>]*>",
    re.IGNORECASE,
)


def bound_markup(text: str, warnings: list[str] | None = None) -> str:
    """``text`` with its markup cut to what the engine handles in linear time and bounded memory.

    Start tags over ``LIMITS.max_attributes_per_tag`` attributes keep the first ones. A
    document over ``LIMITS.max_elements`` start tags loses its inline formatting tags
    (their text stays), and if still over, everything after the last allowed tag.
    Each step taken leaves a warning.
    """
    notes = warnings if warnings is not None else []
    capped = 0

    def cap(m: re.Match[str]) -> str:
        nonlocal capped
        attrs = _ATTRIBUTE.findall(m.group(2))
        if len(attrs) <= LIMITS.max_attributes_per_tag:
            return m.group(0)
        capped += 1
        return f"<{m.group(1)} {' '.join(attrs[: LIMITS.max_attributes_per_tag])}>"

    if _LONG_TAG.search(text) is not None:  # rare: the search alone is half the cost of sub()
        text = _LONG_TAG.sub(cap, text)
    if capped:
        notes.append(
            f"{capped} start tag(s) with over {LIMITS.max_attributes_per_tag} attributes: "
            f"the extra attributes were dropped"
        )
    limit = LIMITS.max_elements
    if text.count("<") <= limit or _count_start_tags(text, limit) <= limit:
        return text
    text = _INLINE_TAGS.sub("", text)
    notes.append(f"over {limit:,} elements: inline formatting tags removed (their text kept)")
    if _count_start_tags(text, limit) <= limit:
        return text
    cut = _nth_start_tag(text, limit)
    notes.append(
        f"over {limit:,} elements: the document was cut after {limit:,} of them "
        f"({cut:,} of {len(text):,} characters kept)"
    )
    return text[:cut]


def _count_start_tags(text: str, limit: int) -> int:
    """How many start tags, counting no further than ``limit + 1``."""
    return sum(1 for _ in islice(_START_TAG.finditer(text), limit + 1))


def _nth_start_tag(text: str, n: int) -> int:
    for i, m in enumerate(_START_TAG.finditer(text)):
        if i == n:
            return m.start()
    return len(text)


def clean_tree(root: etree._Element) -> etree._Element:
    """Drop elements that never carry article text (scripts, styles, forms' widgets...)."""
    for el in list(root.iter(*DROP_TAGS)):
        drop_keep_tail(el)
    for el in list(root.iter(etree.Comment, etree.ProcessingInstruction, etree.Entity)):
        drop_keep_tail(el)
    hidden: list[tuple[etree._Element, bool]] = []  # in document order: ancestors first
    for el in root.iter(etree.Element):
        style = el.get("style")
        if (
            (style and _HIDDEN.search(style))
            or el.get("hidden") is not None
            or el.get("aria-hidden") == "true"
        ):
            hidden.append((el, bool(style and _REVEALED.search(style))))
    sizes = _hidden_sizes(root, [el for el, _ in hidden]) if len(hidden) > 8 else {}
    for el, revealed in hidden:
        if not _is_prose(el, revealed=revealed, size=sizes.get(id(el))):
            drop_keep_tail(el)
    return root


_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_SENTENCE = re.compile(r"[。！？；]")


_REVEALED = re.compile(r"visibility\s*:\s*hidden", re.IGNORECASE)


def _is_prose(
    el: etree._Element, *, revealed: bool = False, size: tuple[int, int] | None = None
) -> bool:
    """A hidden element holding an article's worth of sentences is revealed by script
    (WeChat's #js_content starts as visibility:hidden): keep it. ``visibility:hidden``
    is that reveal pattern far more often than ``display:none``, so it needs less text.
    ``size`` is (characters, sentence marks) of its text when already counted."""
    if size is None:
        size = _size(text_content(el))
    chars, sentences = size
    if revealed:
        return chars >= 80 and sentences >= 2
    return chars >= 200 and sentences >= 5


def _size(text: str) -> tuple[int, int]:
    """(characters, sentence marks) of a text."""
    return len(text), sum(text.count(mark) for mark in "。！？；")


def _hidden_sizes(root: etree._Element, hidden: list[etree._Element]) -> dict[int, tuple[int, int]]:
    """The size of each hidden element's text, read element by element while that stays cheap.

    Nested hidden elements make reading each one's text quadratic (2,000 levels x 1.5 MB: 10 s):
    past ``LIMITS.hidden_text_chars`` characters read, one bottom-up pass counts them all.
    """
    sizes: dict[int, tuple[int, int]] = {}
    read = 0
    for el in hidden:
        text = text_content(el)
        read += len(text)
        if read > LIMITS.hidden_text_chars:
            return _text_sizes(root, {id(h) for h in hidden})
        sizes[id(el)] = _size(text)
    return sizes


def _text_sizes(root: etree._Element, wanted: set[int]) -> dict[int, tuple[int, int]]:
    """(characters, sentence marks) of ``text_content`` of each wanted element, from one bottom-up pass."""
    sizes: dict[int, tuple[int, int]] = {}
    stack = [[0, 0]]
    for event, el in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            text = el.text if isinstance(el.tag, str) else None
            stack.append([len(text), len(_SENTENCE.findall(text))] if text else [0, 0])
            continue
        chars, marks = stack.pop()
        if id(el) in wanted:
            sizes[id(el)] = (chars, marks)
        tail = el.tail
        stack[-1][0] += chars + (len(tail) if tail else 0)
        stack[-1][1] += marks + (len(_SENTENCE.findall(tail)) if tail else 0)
    return sizes


def drop_keep_tail(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


@dataclass(slots=True)
class Block:
    """A run of text between block boundaries, with the element that holds it."""

    text: str
    element: etree._Element
    link_chars: int = 0
    has_image: bool = False


# What each tag does to the block walk (anything else: inline, its text joins the running block).
_INLINE, _LINK, _IMAGE, _CELL, _BREAK, _BOUNDARY = range(6)
_TAG_KIND: dict[object, int] = {
    **dict.fromkeys(BLOCK_TAGS, _BOUNDARY),
    **dict.fromkeys(CELL_TAGS, _CELL),
    "br": _BREAK,
    "a": _LINK,
    "img": _IMAGE,
}


def iter_blocks(
    root: etree._Element, *, skip=None, order: dict[etree._Element, int] | None = None
) -> Iterator[Block]:
    """Yield the text blocks of ``root`` in document order.

    Block-level tags and <br> end a block; table cells in a row are joined by a space.
    ``skip(el)`` may return True to leave an element's subtree out. ``order``, when given,
    receives each element's index in document order (comments not counted). One flat loop:
    a method call per event made this walk a third of an extraction. Whitespace opening a
    block is not gathered (collapse() strips it), so most boundaries have nothing to flush.
    """
    parts: list[str] = []
    holder, closed, link_chars, link_depth, has_image = root, None, 0, 0, False
    skipped: etree._Element | None = None
    seen = order if order is not None else {}  # a dict store per element: no test per element
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        kind = _TAG_KIND.get(el.tag, _INLINE)  # comments' tag is a function: inline
        if event == "start":
            seen[el] = len(seen)
            if el is not root and skip is not None and skip(el):
                walker.skip_subtree()
                skipped = el
                continue
            if kind >= _BREAK:
                flushed = _flush(parts, holder, closed, root, link_chars, has_image)
                block, parts, link_chars, has_image = flushed
                if block is not None:
                    yield block
                holder, closed = el, None
                text = el.text if kind == _BOUNDARY else None
            else:
                link_depth += kind == _LINK
                has_image = has_image or kind == _IMAGE
                if kind == _CELL:
                    parts.append(" ")
                text = el.text
        elif el is skipped:  # lxml still sends its "end": only the tail counts
            text, skipped = el.tail, None  # type: ignore[union-attr]
        else:
            if kind == _BOUNDARY:
                flushed = _flush(parts, holder, closed, root, link_chars, has_image)
                block, parts, link_chars, has_image = flushed
                if block is not None:
                    yield block
                holder, closed = None, el  # its parent, looked up only if a block follows
            elif kind == _LINK and link_depth:
                link_depth -= 1
            elif kind == _CELL:
                parts.append(" ")
            text = el.tail if el is not root else None
        if text and (parts or not text.isspace()):
            parts.append(text)
            if link_depth:
                link_chars += len(text.strip())
    block = _flush(parts, holder, closed, root, link_chars, has_image)[0]
    if block is not None:
        yield block


def _flush(
    parts: list[str],
    holder: etree._Element | None,
    closed: etree._Element | None,
    root: etree._Element,
    link_chars: int,
    has_image: bool,
) -> tuple[Block | None, list[str], int, bool]:
    """At a boundary: the block gathered since the last one, and the emptied running state."""
    if not parts and not has_image:
        return None, parts, link_chars, has_image  # nothing gathered: nothing to reset either
    return _block(parts, holder, closed, root, link_chars, has_image), [], 0, False


def _block(
    parts: list[str],
    holder: etree._Element | None,
    closed: etree._Element | None,
    root: etree._Element,
    link_chars: int,
    has_image: bool,
) -> Block | None:
    """The block of the text gathered since the last boundary (an image alone makes an empty one).

    ``holder`` is the element that opened it, or None after a block element ``closed``: then
    the text stands in that element's parent.
    """
    if holder is None:
        parent = closed.getparent() if closed is not None else None
        holder = parent if parent is not None else root
    text = collapse("".join(parts))
    if text:
        return Block(text, holder, link_chars, has_image)
    return Block("", holder, 0, True) if has_image else None


def safe_join(base: str | None, href: str | None) -> str | None:
    """``href`` made absolute against ``base``; None for malformed or non-web addresses."""
    if not href:
        return None
    href = href.strip()
    try:
        absolute = urljoin(base, href) if base else href
        scheme = urlsplit(absolute).scheme
    except ValueError:
        return None
    return absolute if scheme in ("http", "https") or (not base and not scheme) else None


def element_text(el: etree._Element) -> str:
    return collapse(text_content(el)) if isinstance(el.tag, str) else ""


def text_content(el: etree._Element) -> str:
    """All text inside ``el`` (not its tail), as lxml.html's text_content() gives it."""
    return etree.tostring(el, method="text", encoding="unicode", with_tail=False)
