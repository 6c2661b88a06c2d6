"""The headline: an ordered table of strategies read by one chooser.

A page's ``<title>`` is often the column or the site (``栏目 - 上级栏目 - 网站``) or a
stock phrase (显示, 谢谢您访问…). The headline is then the prominent heading-like
element standing right above the meta line and the body; when ``<title>`` does hold
the headline, an element agreeing with it wins. Column and site names (the other
parts of ``<title>``, site metadata, breadcrumb items) are never the headline.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import count, islice

from lxml import etree

from . import rules
from .choose import Candidate, choose
from .dom import Block, collapse, element_text, safe_join
from .limits import LIMITS
from .metadata import PageMeta
from .xpaths import evaluate

__all__ = ["TITLE_STRATEGIES", "TitleView", "choose_title", "strip_markup", "title_core"]

Found = tuple[str, "etree._Element | None"]


def strip_markup(value: str) -> str:
    """A title never holds markup: ``<div>`` escaped into a <meta> or <title> is dropped."""
    return collapse(rules.MARKUP_TAG.sub("", value)) if "<" in value else value


@lru_cache(maxsize=4096)
def _key(text: str) -> str:
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


_SPACE = re.compile(r"\s+")


def title_core(title_tag: str) -> str:
    """The <title> without its site suffix ("headline_频道_网站" -> "headline")."""
    parts = [p for p in rules.TITLE_SPLIT.split(title_tag) if p]
    if len(parts) >= 2 and len(parts[0]) >= 4:
        return parts[0]
    m = re.match(r"^(.{4,}?)\s*[-_|｜]\s*[^-_|｜]{2,20}$", title_tag)
    return m.group(1) if m else title_tag


def _common_run(a: str, b: str) -> int:
    """Length of the longest common substring (a is short: a headline candidate)."""
    if not a or not b:
        return 0
    if a in b:  # the agreeing headline: the scan below would reach the same
        return len(a)
    best = 0
    for i in range(len(a)):
        j = i + best + 1
        while j <= len(a) and a[i:j] in b:
            best = j - i
            j += 1
    return best


@dataclass
class TitleView:
    """What the title strategies read: the page's references, names and block positions."""

    root: etree._Element
    page: PageMeta
    blocks: list[Block]
    xpaths: tuple[str, ...] = ()
    title_tag: str = ""
    meta_titles: list[str] = field(default_factory=list)
    names: set[str] = field(default_factory=set)  # column and site names (normalized)
    block_pos: list[int] = field(default_factory=list)  # document position of each block's element
    order: dict[etree._Element, int] = field(default_factory=dict)
    selflinks: set[etree._Element] = field(default_factory=set)  # links to the page itself
    _elements: list[tuple[etree._Element, str]] | None = None
    _references: list[str] | None = None
    # per-page values every candidate element is compared with, kept with what they were made of
    _core: tuple[str, str] | None = None
    _whole: tuple[tuple[str, tuple[str, ...]], bool] | None = None

    @property
    def references(self) -> list[str]:
        """<title> with its column and site parts blanked out, and the metadata titles (computed once)."""
        if self._references is None:
            pieces = rules.TITLE_PART_SPLIT_KEEP.split(
                self.title_tag
            )  # parts at even, separators at odd
            tag = "".join(
                "\n" if i % 2 == 0 and p and _key(p) in self.names else p
                for i, p in enumerate(pieces)
            )
            tag = tag if rules.WORD_CHAR.search(tag.replace("\n", "")) else ""
            self._references = [t for t in [tag, *self.meta_titles] if t and not self.is_name(t)]
        return self._references

    @property
    def core(self) -> str:
        if self._core is None or self._core[0] != self.title_tag:
            self._core = (self.title_tag, title_core(self.title_tag) if self.title_tag else "")
        return self._core[1]

    def whole_title_agreed(self) -> bool:
        """<title> (or its core) and a metadata title name the same headline."""
        made_of = (self.title_tag, tuple(self.meta_titles))
        if self._whole is None or self._whole[0] != made_of:
            core = self.core
            agreed = bool(core) and any(
                _key(m) in (_key(self.title_tag), _key(core)) for m in self.meta_titles
            )
            self._whole = (made_of, agreed)
        return self._whole[1]

    def elements(self) -> list[tuple[etree._Element, str]]:
        """Heading-like elements and their text, in document order (computed once)."""
        if self._elements is None:
            self._elements = []
            for el in _title_candidates(self.root):
                if not _short_enough(el, LIMITS.headline_max_chars):
                    continue
                text = rules.TITLE_LABEL.sub("", element_text(el))
                if 2 <= len(text) <= LIMITS.headline_max_chars:
                    self._elements.append((el, text))
        return self._elements

    def positions(self) -> tuple[dict[etree._Element, int], list[int]]:
        """Document order of every element and of each block's element (computed once, on demand)."""
        if not self.order:  # the engine hands it over from its block walk
            self.order = dict(zip(self.root.iter(), count()))
        if len(self.block_pos) != len(self.blocks):
            self.block_pos = [self.order.get(b.element, -1) for b in self.blocks]
        return self.order, self.block_pos

    def is_name(self, text: str) -> bool:
        """A column or site name, or a piece of one (中国地理学会 of 中国地理学会官网)."""
        if not self.names:
            return False
        key = _key(text)
        return bool(key) and any(key in name for name in self.names)


def make_view(
    root: etree._Element,
    page: PageMeta,
    blocks: list[Block],
    xpaths: Iterable[str] = (),
    url: str | None = None,
) -> TitleView:
    view = TitleView(root=root, page=page, blocks=blocks, xpaths=tuple(xpaths))
    own = {u.split("#")[0] for u in (url, page.canonical) if u}
    if own:
        tails = {
            u.rstrip("/").rsplit("/", 1)[-1] for u in own
        }  # a cheap test before joining each href
        view.selflinks = {
            a
            for a in root.iter("a")
            if (href := (a.get("href") or "").split("#")[0])
            and href.rstrip("/").rsplit("/", 1)[-1] in tails
            and (safe_join(url, href) or "") in own
        }
    view.title_tag = strip_markup(page.title_tag)
    view.meta_titles = [strip_markup(v) for k in rules.TITLE_META if (v := page.meta.get(k))]
    headline = page.jsonld_value("headline", "name")
    if isinstance(headline, str) and collapse(headline):
        view.meta_titles.append(strip_markup(collapse(headline)))
    view.names = _site_and_column_names(view)
    return view


def _site_and_column_names(view: TitleView) -> set[str]:
    """Names a headline never is: site and column metadata, and the short <title> parts that
    are the site (the last part) or that a link on the page names (栏目 - 上级栏目 - 网站)."""
    names = {_key(v) for k in rules.NAME_META if (v := view.page.meta.get(k))}
    parts = [_key(p) for p in rules.TITLE_PART_SPLIT.split(view.title_tag) if p]
    if len(parts) >= 2:
        short = [p for p in parts if len(p) <= LIMITS.column_name_max_chars]
        if short:
            wanted = set(short)  # anchors compared without NFKC: cheap, and the parts are few
            linked = {
                k
                for a in view.root.iter("a")
                if (k := "".join((a.text or "" if not len(a) else "".join(a.itertext())).split()))
                in wanted
            }
            names.update(p for p in short if p == parts[-1] or p in linked)
            # the page's own <h1> naming the first part makes it the headline (金锺国 - 维基百科)
            if parts[0] in names and any(
                _key(element_text(h)) == parts[0] for h in view.root.iter("h1")
            ):
                names.discard(parts[0])
    return {n for n in names if n}


# -- strategies ------------------------------------------------------------------------


def _by_profile(view: TitleView) -> Iterator[Candidate[Found]]:
    for xp in view.xpaths:
        for el in evaluate(view.root, xp):
            text = element_text(el) if isinstance(el, etree._Element) else collapse(str(el))
            if text:
                yield Candidate(
                    (text, el if isinstance(el, etree._Element) else None), "profile", 100.0
                )
                return


def _by_agreement(view: TitleView) -> Iterator[Candidate[Found]]:
    """The element agreeing with <title> or the metadata title (not with its site part)."""
    references = view.references
    if not references:
        return
    best: tuple[float, str, etree._Element] | None = None
    for order, (el, text) in enumerate(view.elements()):
        if _fragment(view, text):
            continue
        badge = rules.TITLE_BADGE.match(text)
        if (
            badge
            and not any(text in ref for ref in references)
            and any(text[badge.end() :] in ref for ref in references)
        ):
            text = text[badge.end() :]
        if view.is_name(text):
            continue
        agreement = _agreement(view, text)
        if agreement <= 0:
            continue
        score = _prominence(view, el, text) + agreement - order * _ORDER_TIEBREAK
        if (
            score + _BEST_PLACEMENT >= LIMITS.headline_min_score
        ):  # placement only ranks plausible ones (a scan)
            idx = _block_of(view, el, text)
            score += max(0.0, _placement(view.blocks, idx)) if idx is not None else 0.0
        if best is None or score > best[0]:
            best = (score, text, el)
    if best is not None and best[0] >= LIMITS.headline_min_score:
        yield Candidate((best[1], best[2]), "headline", 40.0)


def _by_position(view: TitleView) -> Iterator[Candidate[Found]]:
    """The prominent element right above the meta line or the body, after no prose."""
    best: tuple[float, str, etree._Element] | None = None
    for el, text in view.elements():
        if (
            len(text) < (2 if el.tag in _HEADING_WEIGHT else 4)
            or view.is_name(text)
            or _looks_meta(text)
            or _fragment(view, text)
            or text in rules.UI_WORDS
            or rules.STOP_HEADINGS.match(text)
        ):
            continue
        prominence = _prominence(view, el, text, short_penalty=False)
        if (
            el.tag in _HEADING_WEIGHT
        ):  # any heading tag is prominent enough to stand above the meta line
            prominence += max(0.0, LIMITS.headline_min_prominence - _HEADING_WEIGHT[el.tag])
        if prominence < LIMITS.headline_min_prominence:
            continue
        idx = _block_of(view, el, text)
        if (
            idx is None
            or _prose_before(view.blocks, idx)
            or len(text) < LIMITS.headline_block_share * len(view.blocks[idx].text)
        ):
            continue  # after prose (a subheading), or a fragment of a line
        placed = _placement(view.blocks, idx)
        if placed <= 0:
            continue
        score = prominence + placed
        if best is None or score > best[0]:
            best = (score, text, el)
    if best is not None:
        yield Candidate((best[1], best[2]), "above meta line", 30.0)


def _by_meta(view: TitleView) -> Iterator[Candidate[Found]]:
    for text in view.meta_titles:
        if not view.is_name(text):
            yield Candidate((text, None), "meta title", 20.0)
            return


def _by_title_tag(view: TitleView) -> Iterator[Candidate[Found]]:
    if not view.title_tag:
        return
    parts = [p for p in rules.TITLE_SPLIT.split(view.title_tag) if p and not view.is_name(p)]
    core = view.core
    text = core if not view.is_name(core) or not parts else parts[0]
    yield Candidate((text, None), "title tag", 10.0)


def _by_best_element(view: TitleView) -> Iterator[Candidate[Found]]:
    """No <title> at all: the most prominent element."""
    best = max(view.elements(), key=lambda et: _prominence(view, et[0], et[1]), default=None)
    if best is not None:
        yield Candidate((best[1], best[0]), "prominent element", 1.0)


# (name, strategy, the highest score it gives), highest first
TITLE_STRATEGIES: tuple[
    tuple[str, Callable[[TitleView], Iterable[Candidate[Found]]], float], ...
] = (
    ("profile", _by_profile, 100.0),
    ("headline", _by_agreement, 40.0),
    ("above meta line", _by_position, 30.0),
    ("meta title", _by_meta, 20.0),
    ("title tag", _by_title_tag, 10.0),
    ("prominent element", _by_best_element, 1.0),
)


def choose_title(view: TitleView) -> tuple[str | None, etree._Element | None, str | None]:
    """(headline, its element, rule id) from the first best candidate of the strategy table."""
    won: Candidate[Found] | None = None
    for _name, strategy, ceiling in TITLE_STRATEGIES:
        if won is not None and won.score >= ceiling:
            break  # the table is ordered by the best score a strategy can give: none left can win
        won = choose([*([won] if won else []), *strategy(view)])
    if won is None:
        return None, None, None
    return won.value[0], won.value[1], won.rule


# -- element features ----------------------------------------------------------------------

_BEST_PLACEMENT = 3.0  # the meta line right under the element (the body right under it: one less)
_ORDER_TIEBREAK = 0.005  # of equal elements, the earlier (a headline precedes its copy in the body)
_HEADING_WEIGHT = {"h1": 4.0, "h2": 2.5, "h3": 1.0, "h4": 0.5, "h5": 0.3, "h6": 0.3}


def _prominence(
    view: TitleView, el: etree._Element, text: str, *, short_penalty: bool = True
) -> float:
    """How much an element looks like a headline: heading tag, title class, bold, size, centred."""
    score = _HEADING_WEIGHT.get(el.tag, 0.0)
    attrs = f"{el.get('class', '')} {el.get('id', '')}"
    if rules.TITLE_ATTR.search(attrs):
        score += 2.0
    elif rules.BODY_NEGATIVE.search(attrs):
        score -= 1.5
    score += _emphasis(el, text)
    parent = el.getparent()
    link = el if el.tag == "a" else parent if parent is not None and parent.tag == "a" else None
    if link is not None or _is_link_only(el):
        # a link is navigation, unless it is the page's own permalink (a blog's <h2><a href=self>)
        links = [link] if link is not None else list(el.iter("a"))
        if not all(a in view.selflinks for a in links):
            score -= 2.5
    if short_penalty and len(text) < 5:
        score -= 2.0
    return score


def _emphasis(el: etree._Element, text: str) -> float:
    """Bold, a large font and centring, on the element or the elements right around it."""
    score = 0.0
    near = [el, *islice(el.iterdescendants(), 5)]
    if any(e.tag in ("b", "strong") and len(element_text(e)) >= 0.8 * len(text) for e in near):
        score += 1.0
    if any(_large_font(e) for e in near):
        score += 1.0
    ancestors = [el, *list(el.iterancestors())[:3]]
    if any(
        a.get("align", "").lower() == "center"
        or a.tag == "center"
        or rules.CENTRED.search(a.get("style") or "")
        for a in ancestors
    ):
        score += 0.5
    return score


def _large_font(el: etree._Element) -> bool:
    size = (el.get("size") or "").strip() if el.tag == "font" else ""
    if size and (size.startswith("+") or (size.isdigit() and int(size) >= 4)):
        return True
    m = rules.FONT_SIZE_PX.search(el.get("style") or "")
    return bool(m and float(m.group(1)) >= LIMITS.headline_font_px)


def _agreement(view: TitleView, text: str) -> float:
    """How well the element's text agrees with <title> and the metadata titles."""
    overlap = max(
        (_common_run(text, ref) / max(len(text), 1) for ref in view.references), default=0.0
    )
    if overlap >= 0.999:
        score = 5.0
        shown = max((len(ref.replace("\n", "")) for ref in view.references), default=0)
        if shown:  # how much of the title, site and column parts left out, the element covers
            score += LIMITS.headline_coverage_weight * min(1.0, len(text) / shown)
    elif overlap > 0.5:
        score = 6.0 * overlap - 1
    else:
        score = -2.0
    if any(text == ref for ref in view.meta_titles) or text == view.core:
        score += 1.0
    return score


def _fragment(view: TitleView, text: str) -> bool:
    """A piece of a headline broken over lines: <title> and a metadata title agree on the
    whole headline, and this line holds less than half of it."""
    if not view.whole_title_agreed():
        return False
    core = view.core
    return text in core and len(text) < LIMITS.headline_min_share * len(core)


def _is_link_only(el: etree._Element) -> bool:
    links = list(el.iter("a"))
    if not links:
        return False
    link_text = sum(len(element_text(a)) for a in links)
    return link_text >= 0.9 * max(len(element_text(el)), 1)


def _block_of(view: TitleView, el: etree._Element, text: str) -> int | None:
    """The index of the block that shows the element's text."""
    order, block_pos = view.positions()
    pos = order.get(el)
    if pos is None:
        return None
    start = max(0, bisect_right(block_pos, pos) - 1)
    for i in range(start, min(start + 3, len(view.blocks))):
        shown = view.blocks[i].text
        if shown and (text in shown or shown in text) and len(shown) <= len(text) * 2 + 20:
            return i
    return None


def _looks_meta(text: str) -> bool:
    """A meta line or a breadcrumb: credit labels, or a date with little else (not 2020年3月2日会议纪要)."""
    if rules.META_LINE_LABEL.search(text) or rules.CRUMB_LINE.search(text):
        return True
    m = rules.META_LINE_HINT.search(text)
    return m is not None and len(text) - len(m.group(0)) < LIMITS.headline_min_words


def _is_prose(block: Block) -> bool:
    text = block.text
    return (
        len(text) >= LIMITS.prose_min_chars
        and block.link_chars < 0.3 * len(text)
        and rules.SENTENCE_PUNCT.search(text) is not None
    )


def _is_meta(block: Block) -> bool:
    text = block.text
    return (
        len(text) <= LIMITS.meta_line_max_chars
        and block.link_chars <= LIMITS.meta_line_link_share * len(text)
        and rules.META_LINE_HINT.search(text) is not None
    )


def _prose_before(blocks: list[Block], idx: int) -> bool:
    """An in-body subheading follows prose; the headline follows navigation or nothing."""
    seen = 0
    for block in reversed(blocks[max(0, idx - 6) : idx]):
        if not block.text:
            continue
        if _is_prose(block) and not _is_meta(block):
            return True
        seen += 1
        if seen >= 2:
            break
    return False


def _placement(blocks: list[Block], idx: int) -> float:
    """A bonus when the meta line or the body comes right after block ``idx`` (0: it does not)."""
    gap = 0
    for block in blocks[idx + 1 : idx + 1 + LIMITS.headline_scan_blocks]:
        if not block.text:
            continue
        if _is_meta(block):
            return _BEST_PLACEMENT - LIMITS.headline_gap_penalty * gap
        if _is_prose(block):
            return _BEST_PLACEMENT - 1.0 - LIMITS.headline_gap_penalty * gap
        if len(block.text) > LIMITS.headline_gap_chars or gap >= LIMITS.headline_gap_blocks:
            return 0.0
        gap += 1
    return 0.0


def _short_enough(el: etree._Element, limit: int) -> bool:
    """Whether the element's text may be ``limit`` characters or fewer (a cheap bound before
    collapsing it: a bold or centred body container holds thousands)."""
    raw = 0
    for piece in el.itertext():
        raw += len(piece.strip())
        if raw > limit * 2:
            return False
    return True


@lru_cache(maxsize=8192)
def _title_attr(attrs: str) -> bool:
    """class/id naming a title; cached: a template repeats its few class names on every element."""
    return rules.TITLE_ATTR.search(attrs) is not None


_ALWAYS_CANDIDATES = frozenset((*_HEADING_WEIGHT, "strong", "b", "font"))


def _title_candidates(root: etree._Element) -> Iterable[etree._Element]:
    # the cheap tests first: this visits most elements of the page
    for el in root.iter(
        "h1", "h2", "h3", "h4", "h5", "h6", "div", "p", "span", "td", "strong", "b", "font", "em"
    ):
        tag = el.tag
        if tag in _ALWAYS_CANDIDATES:
            yield el
            continue
        if not el.keys():
            continue  # every other test reads an attribute
        cls, ident = el.get("class"), el.get("id")
        if (
            ((cls or ident) and _title_attr(f"{cls or ''} {ident or ''}"))
            or el.get("size") in ("5", "6", "+2", "+3")
            or (
                tag in ("td", "p", "div")
                and len(el) <= 3
                and (el.get("align") == "center" or rules.CENTRED.search(el.get("style") or ""))
            )
        ):
            yield el
