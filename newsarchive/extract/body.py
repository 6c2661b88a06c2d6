"""Main-text detection: score block containers, then keep only true body paragraphs."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice

from lxml import etree

from . import rules
from .dom import (
    BLOCK_TAGS,
    CELL_TAGS,
    Block,
    clean_tree,
    collapse,
    drop_keep_tail,
    element_text,
    iter_blocks,
    safe_join,
    text_content,
)
from .labels import byline_authors, parse_labels
from .limits import LIMITS
from .record import Image
from .xpaths import elements

__all__ = ["PUNCT", "BodyResult", "find_body"]

PUNCT = re.compile(r"[，。！？；：、“”,.!?;]")
_CONTAINER_TAGS = frozenset(
    (
        "div",
        "article",
        "section",
        "td",
        "main",
        "body",
        "form",
        "span",
        "font",
        "center",
        "li",
        "dd",
        "blockquote",
    )
)


@dataclass
class BodyResult:
    container: etree._Element | None
    paragraphs: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    byline_authors: list[str] = field(default_factory=list)  # a byline opening the body
    trailing_authors: list[str] = field(default_factory=list)  # credit lines closing it
    dropped: list[str] = field(default_factory=list)  # boilerplate lines seen inside the body
    rule: str = "none"
    link_density: float = 0.0


def _attrs(el: etree._Element) -> str:
    return f"{el.get('class', '')} {el.get('id', '')}".strip()


def _block_weight(block: Block) -> float:
    text = block.text
    n = len(text)
    if n < 8 or block.link_chars > 0.5 * n:
        return 0.0
    # text the paragraph filter sets aside (a disclaimer, the meta line) is no evidence of a body
    if n < 200 and (rules.BOILERPLATE_PARAGRAPH.search(text) or _is_meta_line(text)):
        return 0.0
    return 1.0 + len(PUNCT.findall(text)) + min(n / 40.0, 6.0)


def _score_containers(blocks: list[Block]) -> dict[etree._Element, float]:
    scores: dict[etree._Element, float] = {}
    inline_text: dict[etree._Element, str] = {}  # inline element -> its text, read once
    for block in blocks:
        w = _block_weight(block)
        if not w:
            continue
        el = block.element
        if el.tag == "br":
            el = _line_holder(el, block.text, inline_text)
        # The block's own element counts when it is a container holding loose text.
        if el.tag in _CONTAINER_TAGS and el.tag not in ("span", "font"):
            scores[el] = scores.get(el, 0.0) + w
        share = 1.0
        parent = el.getparent()
        for _ in range(3):
            if parent is None:
                break
            if parent.tag in _CONTAINER_TAGS:
                scores[parent] = scores.get(parent, 0.0) + w * share
                share /= 2
            parent = parent.getparent()
    return scores


def _line_holder(
    br: etree._Element, text: str, inline_text: dict[etree._Element, str]
) -> etree._Element:
    """The element whose parent holds the whole line a <br> opens.

    A line after <br> inside an inline element runs on into the next inline sibling when
    no block boundary comes first (word processors' ``<span><br>4</span><span>月8日…</span>``):
    crediting the <br>'s parent would give the text's weight to a span holding "4". The
    line's holder is the first inline ancestor whose parent holds all of it.
    """
    key = "".join(text.split())
    node = br
    for _ in range(LIMITS.body_line_holder_levels):
        parent = node.getparent()
        if parent is None or parent.tag in BLOCK_TAGS or parent.tag in CELL_TAGS:
            return node
        held = inline_text.get(parent)
        if held is None:
            held = inline_text[parent] = "".join(text_content(parent).split())
        if key in held:
            return node
        node = parent
    return node


def _adjusted(el: etree._Element, score: float) -> float:
    """The score with the container's class and id words as a weak prior (never above
    ``score * LIMITS.body_class_positive``)."""
    attrs = f"{_attrs(el)} {el.get('itemprop', '')}".strip()  # microdata: articleBody
    if attrs:
        if rules.BODY_POSITIVE.search(attrs):
            score *= LIMITS.body_class_positive
        if rules.BODY_NEGATIVE.search(attrs):
            score *= LIMITS.body_class_negative
    if el.tag == "body":
        score *= LIMITS.body_whole_page
    return score


def _chars(s: str) -> int:
    """Characters other than whitespace (str methods: a regex per text node cost 1/6 of the stage)."""
    return 0 if s.isspace() else len("".join(s.split()))


class _LinkStats:
    """Text, link-text and anchor counts of every element, from one bottom-up pass.

    Asking each element for its subtree's text would cost O(n * depth): deeply nested
    layouts made that quadratic.
    """

    def __init__(self, root: etree._Element):
        self._roots = [root]
        self._text: dict[etree._Element, int] = {}
        self._links: dict[etree._Element, int] = {}
        self._anchors: dict[etree._Element, int] = {}
        self._counted = False
        # Counted on first use: a container a profile names, holding under three links, is
        # walked without them (no block in it can be a list of three links, what skip() asks).
        self._few_links = next(islice(root.iter("a"), 2, None), None) is None

    @property
    def text(self) -> dict[etree._Element, int]:
        self._ensure()
        return self._text

    @property
    def links(self) -> dict[etree._Element, int]:
        self._ensure()
        return self._links

    @property
    def anchors(self) -> dict[etree._Element, int]:
        self._ensure()
        return self._anchors

    def counts_only(self, el: etree._Element) -> bool:
        """Whether ``el`` is the one subtree counted: then nothing beside it has text."""
        return len(self._roots) == 1 and self._roots[0] is el

    def covers(self, el: etree._Element) -> bool:
        """Whether ``el`` lies in a counted subtree (a profile's XPath may point outside it)."""
        return any(node is root for node in (el, *el.iterancestors()) for root in self._roots)

    def _ensure(self) -> None:
        if not self._counted:
            self._counted = True
            for root in self._roots:
                self._count(root)

    def _count(self, root: etree._Element) -> None:
        text_of, links_of, anchors_of = self._text, self._links, self._anchors
        for _event, el in etree.iterwalk(root, events=("end",)):
            s = el.text
            text = _chars(s) if s else 0
            links = anchors = 0
            for child in el:
                text += text_of.get(child, 0)
                s = child.tail
                if s:
                    text += _chars(s)
                links += links_of.get(child, 0)
                anchors += anchors_of.get(child, 0)
            if el.tag == "a":
                links, anchors = text, anchors + 1
            text_of[el], links_of[el], anchors_of[el] = text, links, anchors

    def add(self, root: etree._Element) -> None:
        """Count another subtree (a stray top-level element) too."""
        self._roots.append(root)
        self._few_links = False
        if self._counted:
            self._count(root)

    def density(self, el: etree._Element) -> float:
        total = self.text.get(el, 0)
        return min(1.0, self.links.get(el, 0) / total) if total else 1.0

    def skip(self, el: etree._Element) -> bool:
        """Blocks inside a body container that never hold body text."""
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in ("nav", "footer", "aside", "header"):
            return True
        attrs = _attrs(el)
        if (
            attrs
            and tag not in ("p", "span", "font", "strong", "b", "em")
            and rules.SKIP_BLOCK_ATTR.search(attrs)
        ):
            return True
        return (
            tag in ("ul", "ol", "dl", "table", "div")
            and len(el) >= 3
            and not self._few_links
            and self.anchors.get(el, 0) >= 3
            and self.density(el) > 0.7
        )


def find_body(
    blocks: list[Block],
    root: etree._Element,
    *,
    title: str | None,
    title_el: etree._Element | None,
    url: str | None,
    xpaths: Iterable[str] = (),
    drop_xpaths: Iterable[str] = (),
) -> BodyResult:
    """The body container (a profile's XPath, else the best by density) and its paragraphs,
    images and credits."""
    for xp in drop_xpaths:
        for el in elements(root, xp):
            drop_keep_tail(el)
    stats = _LinkStats(root)
    container, rule = _by_profile(root, xpaths)
    if container is None:
        strays = _stray_roots(root)
        for stray in strays:
            stats.add(stray)
            blocks = [*blocks, *iter_blocks(stray)]
        container = _by_density(blocks, stats)
        rule = "density" if container is not None else "none"
    result = BodyResult(container=container, rule=rule)
    if container is None:
        return result
    if not stats.covers(container):
        stats = _LinkStats(container)
    # a container counted alone (a profile's) has no counted text beside it: no lead, no table
    alone = stats.counts_only(container)
    leads = [] if alone else _leads(container, stats)
    tables = [] if alone else _trailing_tables(container, stats)
    body_blocks = [
        *(b for lead in leads for b in iter_blocks(lead, skip=stats.skip)),
        *iter_blocks(container, skip=stats.skip),
        *(b for tab in tables for b in iter_blocks(tab, skip=stats.skip)),
    ]
    _filter_paragraphs(body_blocks, result, title=title, url=url)
    return result


def _by_profile(root: etree._Element, xpaths: Iterable[str]) -> tuple[etree._Element | None, str]:
    """The first hit of a profile's body XPaths."""
    for xp in xpaths:
        hits = elements(root, xp)
        if hits:
            return hits[0], f"profile:{xp}"
    return None, "none"


def _stray_roots(root: etree._Element) -> list[etree._Element]:
    """Markup after a stray </html>: libxml2 puts it in a second top-level element, beside the
    document, where a walk of <body> never looks; it may hold the whole article."""
    top = root.getroottree().getroot()
    strays = [el for el in top.itersiblings() if isinstance(el.tag, str)]
    for stray in strays:
        clean_tree(stray)
    return strays


def _leads(container: etree._Element, stats: _LinkStats) -> list[etree._Element]:
    """Prose paragraphs standing right before the container, beside it under one parent: the
    lead (standfirst) a layout sets apart from the rest of the text. A labelled summary (摘要：)
    or a digest the text repeats (a sentence copied from it) is the page's abstract."""
    leads: list[etree._Element] = []
    inside = ""
    for el in container.itersiblings(preceding=True):
        if len(leads) >= LIMITS.body_lead_paragraphs:
            break
        if not isinstance(el.tag, str) or not stats.text.get(el):
            continue
        lines = [b.text for b in iter_blocks(el) if b.text]
        text = lines[0] if len(lines) == 1 else ""
        if (
            len(text) < LIMITS.body_lead_chars
            or stats.density(el) > LIMITS.body_lead_link_share
            or len(_CLAUSE.findall(text)) < 2
            or rules.SUMMARY_LABEL.match(text)
            or _is_meta_line(text)
        ):
            break
        inside = inside or "".join(element_text(container).split())
        if "".join(text.split())[: LIMITS.body_lead_chars] in inside:
            break
        leads.insert(0, el)
    return leads


def _trailing_tables(container: etree._Element, stats: _LinkStats) -> list[etree._Element]:
    """Data tables right after the text, beside it under one parent (a list of courses or
    names the text announces): their short cells score low, so density leaves them out.
    A table of links, or one named like a sidebar or footer, is not the text's."""
    outer = container
    while (parent := outer.getparent()) is not None and [
        c for c in parent if isinstance(c.tag, str) and stats.text.get(c)
    ] == [outer]:
        outer = parent  # the container is the only text of its wrapper: its siblings are outside
    tables: list[etree._Element] = []
    for el in outer.itersiblings():
        if not isinstance(el.tag, str) or not stats.text.get(el):
            continue
        table = el if el.tag == "table" else el.find(".//table")
        if (
            len(tables) >= LIMITS.body_trailing_tables
            or table is None
            or stats.text.get(el, 0) < LIMITS.body_trailing_table_chars
            or stats.density(el) > LIMITS.body_lead_link_share
            or len(table.findall(".//tr")) < LIMITS.body_trailing_table_rows
            or rules.BODY_NEGATIVE.search(_attrs(el)) is not None
        ):
            break
        tables.append(el)
    return tables


def _by_density(blocks: list[Block], stats: _LinkStats) -> etree._Element | None:
    """The container whose blocks score highest, with class words as a prior, less its links."""
    best_score, container = 0.0, None
    for score, el in _best_adjusted(_score_containers(blocks), LIMITS.body_candidates):
        score *= 1.0 - stats.density(el)
        if score > best_score:
            best_score, container = score, el
    return container


def _best_adjusted(
    scores: dict[etree._Element, float], n: int
) -> list[tuple[float, etree._Element]]:
    """The ``n`` best containers by adjusted score, ties in document order. The class words are
    read only for containers whose raw score could still reach the best ``n``."""
    top: list[tuple[float, int, etree._Element]] = []
    for i, (el, raw) in sorted(enumerate(scores.items()), key=lambda t: -t[1][1]):
        if len(top) == n and raw * LIMITS.body_class_positive < -top[-1][0]:
            break
        top.append((-_adjusted(el, raw), i, el))
        top.sort(key=lambda t: (t[0], t[1]))
        del top[n:]
    return [(-neg, el) for neg, _i, el in top]


_META_DATE = re.compile(r"(?:19|20)\d{2}\s*[-/年.]\s*\d{1,2}\s*[-/月.]\s*\d{1,2}")
_META_LABEL = re.compile(r"(?:来源|作者|编辑|记者|发布|时间|日期|浏览|点击|字号|稿源)\s*[:：]")


def _is_meta_line(text: str) -> bool:
    """A date and labels (来源：, 作者：...) on one short line: the meta line, not text."""
    if len(text) > 150:
        return False
    has_date = _META_DATE.search(text) is not None
    has_label = _META_LABEL.search(text) is not None
    return (has_date and (has_label or len(text) < 40)) or (
        has_label and len(text) < 60 and text.count("：") + text.count(":") >= 2
    )


def _filter_paragraphs(
    body_blocks: list[Block], result: BodyResult, *, title: str | None, url: str | None
) -> None:
    _ParagraphFilter(body_blocks, result, title, url).run()


class _ParagraphFilter:
    """One pass over a body container's blocks: keep paragraphs, set aside credits, captions, images."""

    def __init__(self, blocks: list[Block], result: BodyResult, title: str | None, url: str | None):
        self.blocks, self.result, self.title, self.url = blocks, result, title, url
        self.paragraphs: list[str] = []
        self.kept: list[Block] = []
        self.after_image = False

    def run(self) -> None:
        n = len(self.blocks)
        headline = self._split_headline()
        for i, block in enumerate(self.blocks):
            self._collect_images(block)
            if not block.text:
                self.after_image = block.has_image or self.after_image
                continue
            if i in headline:
                continue
            if self._ends_body(i, n, block.text):
                break
            if not self._set_aside(i, block):
                self._keep(block)
        self._cut_second_copy()
        self._strip_trailing_credits()
        result, kept_chars = self.result, sum(len(b.text) for b in self.kept)
        result.paragraphs = self.paragraphs
        result.link_density = (
            sum(b.link_chars for b in self.kept) / kept_chars if kept_chars else 0.0
        )

    def _collect_images(self, block: Block) -> None:
        for img in block.element.iter("img") if block.has_image else ():
            src = img.get("data-src") or img.get("data-original") or img.get("src")
            if src and not src.startswith("data:"):
                absolute = safe_join(self.url, src)
                if absolute and not any(im.url == absolute for im in self.result.images):
                    alt = collapse(img.get("alt") or img.get("title")) or None
                    self.result.images.append(Image(absolute, alt))

    def _ends_body(self, i: int, n: int, text: str) -> bool:
        """A stop heading (相关阅读) or an editor credit line late in the text ends the body."""
        later = self.blocks[i + 1 :]
        if (
            rules.STOP_HEADINGS.match(text)
            and len(text) < 30
            and (i >= n * 0.3 or i > 3)
            and (_COMMENTS.search(text) or not _prose_follows(later))
        ):
            self.result.dropped.extend(b.text for b in later if b.text and _is_credit_line(b.text))
            return True
        if self.paragraphs and i >= n * 0.5 and _is_credit_line(text) and _cuts_body(text):
            self.result.dropped.append(text)
            # later credit lines still name people
            self.result.dropped.extend(b.text for b in later if b.text and len(b.text) < 80)
            return True
        return False

    def _set_aside(self, i: int, block: Block) -> bool:
        """True when the block is not a paragraph (it may still be kept as a credit or caption)."""
        text, result = block.text, self.result
        if rules.STOP_HEADINGS.match(text) and len(text) < 30:
            return True  # a heading near the top: skipped, the body goes on
        if text in rules.UI_WORDS or not _LETTER.search(text):
            return True  # icon glyphs, lone buttons, lines of replacement characters
        if rules.BOILERPLATE_PARAGRAPH.search(text) and len(text) < 200:
            result.dropped.append(text)
            self.after_image = False
            return True
        if self._restates_title(i, text):
            return True
        if not self.paragraphs and _is_meta_line(text):
            result.dropped.append(text)
            return True
        if block.link_chars >= 0.6 * len(text) and len(text) < 120:
            return True
        if self._byline(text):  # before captions: 记者马俊峰/文 受访者供图 ends like a photo credit
            return True
        if _is_caption(block, self.after_image):
            if result.images:
                result.images[-1].caption = text  # a visible caption beats the alt text
            self.after_image = False
            return True
        self.after_image = False
        if not self.paragraphs and _is_credit_line(text):
            result.dropped.append(text)
            return True
        return False

    def _split_headline(self) -> set[int]:
        """The opening lines that together spell the headline: a long title printed over
        several <br> lines at the top of the text."""
        title = "".join((self.title or "").split())
        joined, picked = "", []
        for i, block in enumerate(self.blocks) if title else ():
            if not block.text:
                continue
            joined += "".join(block.text.split())
            picked.append(i)
            if joined == title:
                return set(picked) if len(picked) > 1 else set()
            if len(picked) >= LIMITS.body_headline_lines or not title.startswith(joined):
                break
        return set()

    def _restates_title(self, i: int, text: str) -> bool:
        """The headline again at the top of the text, whole or reworded (a word or two
        changed: most of its character pairs shared), and no sentence of its own."""
        title = self.title
        if not title:
            return False
        if text == title:
            return True
        if i >= 3 or len(text) >= len(title) + 8:
            return False
        return title in text or (
            not self.paragraphs
            and len(text) >= len(title) * LIMITS.body_title_echo_length  # not one line of it
            and not rules.SENTENCE_END.search(text)
            and not text.endswith(("：", ":"))  # 获得者如下： opens a list, it is no headline
            and _bigram_share(text, title) >= LIMITS.body_title_echo_share
        )

    def _byline(self, text: str) -> bool:
        """A byline among the first lines: before any paragraph, or after a lead line or kicker
        that does not end a sentence (【新春走基层】, a subtitle)."""
        paragraphs = self.paragraphs
        if (
            self.result.byline_authors
            or len(paragraphs) > 1
            or (paragraphs and rules.SENTENCE_END.search(paragraphs[0]))
        ):
            return False
        names = byline_authors(text, lone=True)
        if not names:
            return False
        self.result.byline_authors = names
        self.result.dropped.append(text)
        return True

    def _keep(self, block: Block) -> None:
        text = rules.TRAILING_PROMO.sub("", block.text)
        if not text or (self.paragraphs and self.paragraphs[-1] == text):
            return
        self.paragraphs.append(text)
        self.kept.append(block)

    def _cut_second_copy(self) -> None:
        """The text printed twice in one container (a desktop and a mobile or print copy): a run
        that repeats the opening paragraphs, long enough not to be a refrain, ends the body."""
        paragraphs, n = self.paragraphs, len(self.paragraphs)
        for start in range(1, n):
            if paragraphs[start] != paragraphs[0]:
                continue
            run = chars = 0
            # stops once the copy is long enough: bounded work per start, whatever repeats
            while start + run < n and chars < LIMITS.body_copy_chars:
                if paragraphs[run] != paragraphs[start + run]:
                    break
                chars += len(paragraphs[run])
                run += 1
            if chars >= LIMITS.body_copy_chars:
                del paragraphs[start:], self.kept[start:]
                return

    def _strip_trailing_credits(self) -> None:
        """Trailing meta lines (editor trailer, source credit, byline) after the last paragraph."""
        paragraphs, result = self.paragraphs, self.result
        while paragraphs:
            last = paragraphs[-1]
            names = byline_authors(last, lone=True)
            if names:
                result.trailing_authors[:0] = [n for n in names if n not in result.trailing_authors]
            elif not (
                (_is_meta_line(last) and not _is_signature_date(last)) or _is_credit_line(last)
            ):
                break
            result.dropped.append(paragraphs.pop())
            self.kept.pop()


def _bigram_share(text: str, title: str) -> float:
    """The share of ``text``'s character pairs that ``title`` has too."""
    pairs = [text[k : k + 2] for k in range(len(text) - 1)]
    if not pairs:
        return 0.0
    have = {title[k : k + 2] for k in range(len(title) - 1)}
    return sum(p in have for p in pairs) / len(pairs)


_LETTER = re.compile(r"[0-9A-Za-z\u4e00-\u9fff\u3400-\u4dbf]")


def _prose_follows(later: list[Block]) -> bool:
    """A 延伸阅读 box set into the text: the article goes on after its links with many paragraphs."""
    prose = 0
    for block in later[: LIMITS.inset_lookahead_blocks]:
        text = block.text
        if (
            len(text) >= 30
            and block.link_chars < 0.1 * len(text)
            and len(_CLAUSE.findall(text)) >= 2
        ):
            prose += 1
            if prose >= LIMITS.inset_prose_paragraphs:
                return True
    return False


_CLAUSE = re.compile(r"[，。；！？]")
_COMMENTS = re.compile(
    r"评论|留言|跟帖"
)  # readers' comments after the heading are prose too, never body


def _cuts_body(text: str) -> bool:
    return any(label in rules.CREDIT_CUT_LABELS for _f, _v, label in parse_labels(text))


def _is_signature_date(text: str) -> bool:
    """The date closing an official document ("2025年2月25日") belongs to its text."""
    return (
        re.fullmatch(
            r"[（(]?\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?\s*[)）]?", text
        )
        is not None
    )


def _is_credit_line(text: str) -> bool:
    """供稿 摄影/张艳 编辑/苏芳: a short line made of labelled credits."""
    if len(text) > 60:
        return False
    labels = parse_labels(text)
    return (
        bool(labels)
        and any(f in ("editor", "source", "author") for f, _, _ in labels)
        and (
            len(labels) >= 2
            or sum(len(v) + len(lbl) + 1 for _, v, lbl in labels) >= len(text) * 0.6
        )
    )


def _is_caption(block: Block, after_image: bool) -> bool:
    text = block.text
    if len(text) > 120:
        return False
    el = block.element
    for node in (el, el.getparent()):
        if node is not None and (
            node.tag == "figcaption" or rules.CAPTION_HINT.search(_attrs(node))
        ):
            return True
    if rules.CAPTION_TEXT.match(text) and len(text) < 100:
        return True
    if len(text) < 100 and rules.CAPTION_END.search(text):
        return True
    if block.has_image and len(text) < 80:
        return True
    # a line after <br> is the <br>'s tail: the line's style is its parent's
    holder = el.getparent() if el.tag == "br" and el.getparent() is not None else el
    centred = (
        holder.get("align") == "center"
        or rules.CENTRED.search(holder.get("style") or "") is not None
    )
    if after_image and len(text) < 50 and not rules.SENTENCE_END.search(text) and centred:
        return True
    return False
