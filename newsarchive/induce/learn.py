"""Induce an ``[extract]`` profile from the pages of one template.

For each field the candidates are XPaths built from where the generic engine found
the value on each page (and, for the headline, from the element right above the
meta line). A candidate is kept when, over the group, it agrees with the generic
engine on most pages and shows a value on several of them (never a rule from one
page); the headline must also change from page to page, since text identical on
every page is template. Blocks inside the body whose text is the same on most pages
become ``drop`` rules.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from lxml import etree

from .._version import __version__
from ..exceptions import ProfileError
from ..extract.body import find_body
from ..extract.dates import parse_date, resolve_zone
from ..extract.dom import collapse, element_text, iter_blocks, text_content
from ..extract.labels import clean_editor, clean_names, clean_source
from ..extract.metadata import breadcrumb
from ..extract.profile import ExtractionProfile
from ..extract.xpaths import elements, evaluate
from .limits import INDUCE, InduceLimits
from .template import Prepared, stable_signature, template_key, url_pattern
from .template import signature as page_signature

__all__ = ["FIELDS", "InducedProfile", "induce"]

FIELDS = ("title", "published_at", "source", "editor", "authors", "body", "section")
_PROFILE_KEY = {"published_at": "date"}  # record field -> [extract] key
_LABEL_BEFORE = re.compile(r"([^\s:：|/]{1,8}\s*[:：])\s*$")
_LABEL_AFTER = re.compile(r"^\s*[(（]?\s*([^\s:：|/()（）]{1,8}\s*[:：])")
_TEXT_TAGS = (
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "div",
    "p",
    "span",
    "td",
    "strong",
    "b",
    "font",
    "a",
    "em",
    "li",
)


@dataclass
class InducedProfile:
    """An induced ``[extract]`` table and the evidence it rests on."""

    key: str
    url_pattern: str
    extract: dict[str, list[str]]
    pages: int
    agreement: dict[str, float] = field(
        default_factory=dict
    )  # field -> share of pages agreeing with generic
    support: dict[str, int] = field(
        default_factory=dict
    )  # field -> pages where the rule gave a value
    induced_at: str = ""
    site: str | None = None
    crumbs: str | None = (
        None  # the breadcrumb element: its text is split as the engine splits a breadcrumb
    )
    # class names and ids most of its pages use: tells its pages from another template's
    # pages under the same URL pattern (empty in a profile from an older version)
    signature: frozenset[str] = field(default_factory=frozenset)
    # the charset every page it was learned from decoded in without a doubt (None: they differ)
    encoding: str | None = None

    def to_profile(self, timezone: str | None = None) -> ExtractionProfile:
        data: dict[str, Any] = dict(self.extract)
        if timezone:
            data["timezone"] = timezone
        if self.encoding:
            data["encoding"] = self.encoding
        return ExtractionProfile.from_mapping(data, where=f"induced profile {self.key}")

    @property
    def name(self) -> str:
        return f"induced:{self.key}"

    def to_toml(self) -> str:
        q = lambda s: json.dumps(s, ensure_ascii=False)
        lines = [
            f"# Induced by newsarchive {__version__} from {self.pages} pages of one template.",
            "# [extract] is the table a site profile holds; [template] is the evidence.",
            "[template]",
            f"key = {q(self.key)}",
            f"url_pattern = {q(self.url_pattern)}",
            f"pages = {self.pages}",
            f"induced_at = {q(self.induced_at)}",
        ]
        if self.site:
            lines.append(f"site = {q(self.site)}")
        if self.crumbs:
            lines.append(f"crumbs = {q(self.crumbs)}")
        if self.signature:
            lines.append("signature = [" + ", ".join(q(x) for x in sorted(self.signature)) + "]")
        lines.append(
            "agreement = { " + ", ".join(f"{k} = {v:.3f}" for k, v in self.agreement.items()) + " }"
        )
        lines.append(
            "support = { " + ", ".join(f"{k} = {v}" for k, v in self.support.items()) + " }"
        )
        lines.append("")
        lines.append("[extract]")
        for key, xps in self.extract.items():
            lines.append(f"{key} = [" + ", ".join(q(x) for x in xps) + "]")
        if self.encoding:
            lines.append(f"encoding = {q(self.encoding)}")
        return "\n".join(lines) + "\n"

    @classmethod
    def from_toml(cls, text: str, *, where: str = "induced profile") -> InducedProfile:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ProfileError(f"{where}: not TOML: {exc}") from exc
        meta = data.get("template") or {}
        extract = data.get("extract")
        if not isinstance(extract, dict) or not isinstance(meta, dict) or "key" not in meta:
            raise ProfileError(
                f"{where}: needs a [template] table with a key and an [extract] table"
            )
        checked = ExtractionProfile.from_mapping(extract, where=where)  # validates every XPath
        extract = {k: v for k, v in extract.items() if k != "encoding"}
        return cls(
            key=str(meta["key"]),
            url_pattern=str(meta.get("url_pattern", "")),
            extract={k: list(v) if isinstance(v, list) else [v] for k, v in extract.items()},
            pages=int(meta.get("pages", 0)),
            agreement=dict(meta.get("agreement") or {}),
            support=dict(meta.get("support") or {}),
            induced_at=str(meta.get("induced_at", "")),
            site=meta.get("site"),
            crumbs=meta.get("crumbs"),
            signature=frozenset(str(x) for x in meta.get("signature") or ()),
            encoding=checked.encoding,
        )


# -- candidate XPaths ----------------------------------------------------------------------------------------


def _quotable(value: str | None) -> bool:
    return bool(value) and "'" not in value and len(value or "") <= 80  # type: ignore[operator]


def _step(el: etree._Element) -> str:
    cls = el.get("class")
    return f"{el.tag}[@class='{cls}']" if _quotable(cls) else str(el.tag)


def element_xpaths(el: etree._Element) -> list[str]:
    """XPaths for ``el``: by its own id/class, and as a path below its nearest styled ancestor."""
    out: list[str] = []
    if _quotable(el.get("id")):
        out.append(f"//{el.tag}[@id='{el.get('id')}']")
    if _quotable(el.get("class")):
        out.append(f"//{_step(el)}")
    steps = [_step(el)]
    node = el.getparent()
    anchors = 0
    # below the nearest styled ancestor, and below the next one: an id or class naming the page
    # (id="http://…/2723871.htm") is no anchor on the template's other pages
    while node is not None and isinstance(node.tag, str) and len(steps) <= 12:
        if node.tag == "body":  # unstyled layout tables up to <body>: a path from it
            out.append(f"//body/{'/'.join(steps)}")
            break
        if _quotable(node.get("id")):
            anchor = f"//{node.tag}[@id='{node.get('id')}']"
        elif _quotable(node.get("class")):
            anchor = f"//{_step(node)}"
        else:
            steps.insert(0, str(node.tag))
            node = node.getparent()
            continue
        out.append(f"{anchor}/{'/'.join(steps)}")
        if anchors == 1:
            break  # the exact path only: below a farther anchor, ``//tag`` reads too much
        out.append(f"{anchor}//{steps[-1]}")
        anchors += 1
        steps.insert(0, str(node.tag))
        node = node.getparent()
    return list(dict.fromkeys(out))


def _holders(scope: etree._Element, value: str) -> list[etree._Element]:
    """The deepest elements whose text contains ``value``."""
    if not value:
        return []
    hits = [el for el in scope.xpath(".//*[contains(., $v)]", v=value) if isinstance(el.tag, str)]
    inside = set(hits)
    return [el for el in hits if not any(child in inside for child in el)]


def _label_xpaths(el: etree._Element, value: str) -> list[str]:
    """String XPaths that cut ``value`` out of a meta line by its label (来源：…) and the next label."""
    raw = text_content(el)
    at = raw.find(value)
    if at < 0:
        return []
    before = _LABEL_BEFORE.search(raw[:at])
    if not before or "'" in before.group(1):
        return []
    label = before.group(1)
    after = _LABEL_AFTER.search(raw[at + len(value) :])
    out = []
    bases = element_xpaths(el)[:3]
    # string() reads the first hit only: where the path names several siblings (the spans of a
    # meta line), the one printing the label is the one to cut
    for base in (x for b in bases for x in (b, f"{b}[contains(., '{label}')]")):
        cut = f"substring-after(string({base}), '{label}')"
        if after and "'" not in after.group(1):
            out.append(f"substring-before({cut}, '{after.group(1)}')")
        out.append(cut)
    return out


def _value_xpaths(p: Prepared, value: str) -> list[str]:
    out: list[str] = []
    for el in _holders(p.scope, value)[:3]:
        if element_text(el) == value or collapse(text_content(el)) == value:
            out.extend(element_xpaths(el))
        else:
            out.extend(_label_xpaths(el, value))
            out.extend(element_xpaths(el))  # a date parses out of the whole line
    return out


def _headline_above(p: Prepared, date_raw: str | None) -> list[str]:
    """The element right above the meta line (the block holding the date) with headline-sized text.

    Walks up from the date's element (a date in a <span> of the meta line): the nearest earlier
    sibling at some level whose text is not itself a labelled meta item (来源：…).
    """
    if not date_raw:
        return []
    holders = _holders(p.scope, date_raw)
    node = holders[0] if holders else None
    for _level in range(3):
        if node is None or node is p.scope:
            return []
        for el in node.itersiblings(preceding=True):
            text = element_text(el) if isinstance(el.tag, str) else ""
            if 4 <= len(text) <= 120 and not _LABELLED.search(text):
                return element_xpaths(el)
        node = node.getparent()
    return []


_LABELLED = re.compile(r"^\S{1,6}\s*[:：]")


def _container_xpaths(p: Prepared, parts: list[str], *, parent: bool) -> list[str]:
    """XPaths of the deepest element holding the first and the last of ``parts`` (and of its parent)."""
    if not parts:
        return []
    first, last = _snippet(parts[0]), _snippet(parts[-1])
    if not first or not last:
        return []
    hits = p.scope.xpath(".//*[contains(., $a) and contains(., $b)]", a=first, b=last)
    inside = set(hits)
    deepest = [el for el in hits if isinstance(el.tag, str) and not any(c in inside for c in el)]
    out: list[str] = []
    for el in deepest[:1]:
        out.extend(element_xpaths(el))
        up = el.getparent()
        if parent and up is not None and up.tag != "body":
            out.extend(element_xpaths(up))
    return out


def _snippet(text: str) -> str:
    runs = sorted(re.findall(r"\S{2,}", text), key=len, reverse=True)
    return runs[0][:16] if runs else ""


# -- reading a field with a candidate ----------------------------------------------------------------------


def _read(field_name: str, p: Prepared, hits: list[Any], zone: Any) -> Any:
    """What the engine would put in ``field_name`` from an XPath's ``hits`` on page ``p``."""
    if field_name == "body":
        containers = [h for h in hits if isinstance(h, etree._Element)]
        if not containers:
            return None
        key = containers[
            0
        ]  # candidates often name the same container: read it once (the key keeps its proxy)
        if key not in p.memo:
            p.memo[key] = find_body(
                [],
                containers[0],
                title=p.article.title,
                title_el=None,
                url=p.page.url,
                xpaths=(".",),
            ).paragraphs
        return p.memo[key] or None
    values = [
        v
        for v in (
            element_text(h) if isinstance(h, etree._Element) else collapse(str(h)) for h in hits
        )
        if v
    ]
    if field_name == "title":
        return values[0] if values else None
    if field_name == "section":
        crumbs = [h for h in hits if isinstance(h, etree._Element)][:1]
        return (
            breadcrumb(list(iter_blocks(crumbs[0])), crumbs[0], p.article.title) if crumbs else None
        )
    if field_name == "published_at":
        for text in values:
            found = parse_date(text, now=p.page.now)
            if found:
                return found.iso(zone)
        return None
    if field_name in ("source", "editor"):
        clean = clean_source if field_name == "source" else clean_editor
        return next((v for v in map(clean, values) if v), None)
    return [n for v in values for n in clean_names(v)]


def _generic(field_name: str, p: Prepared) -> Any:
    if field_name == "body":
        return p.article.paragraphs or None
    value = getattr(p.article, field_name)
    return value if value not in ("", []) else ([] if field_name == "authors" else None)


@dataclass
class _Score:
    xpath: str
    hits: int = 0  # pages where it gave a value
    agree: int = 0  # pages where it gave what the generic engine gave (both empty counts)
    support: int = 0  # pages where it gave the generic engine's non-empty value
    distinct: int = 0  # distinct values it gave
    present: int = 0  # pages where the element it reads exists (a value may still be empty)
    extra: int = 0  # body: characters beyond the generic body (a looser container)
    size: int = 0  # body: characters of the container itself (when the body stage reads a looser
    # container down to the same paragraphs, the tighter one still wins)
    bonus: float = 0.0  # structural evidence (the headline above the meta line)


def _score(
    field_name: str, group: Sequence[Prepared], xp: str, zone: Any, limits: InduceLimits
) -> _Score:
    """How ``xp`` reads ``field_name`` over the group; stops early once it cannot pass (a zero score)."""
    s = _Score(xp)
    n = len(group)
    seen: set[str] = set()
    inner = _INNER.search(xp)
    for done, p in enumerate(group, 1):
        try:
            hits = evaluate(p.scope, xp)
            s.present += bool(elements(p.scope, inner.group(1)) if inner else hits)
        except (etree.XPathError, ValueError):
            return _Score(xp)
        got = _read(field_name, p, hits, zone)
        want = _generic(field_name, p)
        if field_name == "body" and got:
            s.size += len(text_content(next(h for h in hits if isinstance(h, etree._Element))))
        if got:
            s.hits += 1
            seen.add(repr(got))
        if field_name == "body" and got and want:
            # a container that holds all of the generic body agrees; the tighter one wins in _rank
            text = "\n".join(got)
            if all(para in text for para in want):
                s.agree += 1
                s.support += 1
                s.extra += len(text) - sum(map(len, want)) - len(want) + 1
        elif got == want or (not got and not want):
            s.agree += 1
            s.support += bool(got)
        missing = done - (s.hits if field_name == "title" else s.agree)
        if done - s.present > (1 - limits.min_hits) * n or missing > (1 - limits.min_agreement) * n:
            return _Score(xp)
    s.distinct = len(seen)
    return s


def _candidates(field_name: str, group: Sequence[Prepared]) -> Counter[str]:
    found: Counter[str] = Counter()
    for p in group:
        if field_name in ("body", "section"):
            found.update(
                _once(
                    _container_xpaths(
                        p,
                        p.article.paragraphs if field_name == "body" else p.article.section,
                        parent=field_name == "body",
                    )
                )
            )
            continue
        if field_name == "title":
            found.update(_once(_headline_above(p, p.article.published_at_raw)))
        value = (
            p.article.published_at_raw if field_name == "published_at" else _generic(field_name, p)
        )
        values = value if isinstance(value, list) else [value] if value else []
        for v in values[:1] if field_name != "authors" else values[:2]:
            found.update(_once(_value_xpaths(p, v)))
    return found


def _once(xpaths: Iterable[str]) -> list[str]:
    """Each XPath once, in the order found: a set's order changes with the process's hash seed, and
    ``most_common`` breaks ties by first sight, so two runs could induce different profiles."""
    return list(dict.fromkeys(xpaths))


def _rank(s: _Score, n: int) -> tuple[float, int, int, int]:
    return (round(s.agree / n + s.bonus, 2), -s.extra, -s.size, -len(s.xpath))


def _pick(
    field_name: str, group: Sequence[Prepared], limits: InduceLimits, zone: Any
) -> list[_Score]:
    """The passing candidates, best first: the best, then one fallback anchored elsewhere (another id/class).

    A template whose pages differ a little (an id some pages lack) keeps working on the fallback.
    """
    n = len(group)
    pool = [
        xp
        for xp, seen in _candidates(field_name, group).most_common(limits.candidates)
        if seen >= limits.min_support
    ]
    above = (
        {xp for p in group for xp in _headline_above(p, p.article.published_at_raw)}
        if field_name == "title"
        else set()
    )
    passing: list[_Score] = []
    for xp in pool:
        s = _score(field_name, group, xp, zone, limits)
        s.bonus = 0.5 if xp in above else 0.0
        if _passes(field_name, s, n, limits):
            passing.append(s)
    passing.sort(key=lambda s: _rank(s, n), reverse=True)
    if (
        passing
        and field_name == "title"
        and passing[0].agree < limits.min_agreement * n
        and not passing[0].bonus
    ):
        return []  # disagreeing with the engine needs the structural evidence
    chosen = passing[:1]
    for s in passing[1:]:
        if (
            _anchor(s.xpath) != _anchor(chosen[0].xpath)
            and _rank(s, n)[0] >= _rank(chosen[0], n)[0] - 0.05
        ):
            chosen.append(s)
            break
    return chosen


def _passes(field_name: str, s: _Score, n: int, limits: InduceLimits) -> bool:
    # never a rule from one page; a headline found by structure alone (the engine read another
    # element on every page) needs as many pages showing it
    shown = s.hits if field_name == "title" and s.bonus else s.support
    if shown < limits.min_support:
        return False
    if field_name in ("title", "body") and s.hits < limits.min_hits * n:
        return False
    if s.present < limits.min_hits * n:
        return False  # a block only some pages have is content, not the template's meta line
    if field_name == "title":
        return s.distinct >= limits.min_distinct * s.hits  # the same text on every page is template
    return s.agree >= limits.min_agreement * n


def _in_meta_block(p: Prepared, xp: str, date_xps: list[str] | None) -> bool:
    """A credit that is the same on every page is kept only from the meta block (the date's parent).

    Elsewhere the same text on every page is a footer or a masthead: template, not a credit.
    """
    hits = elements(p.scope, _element_part(xp))
    dates = [el for dx in date_xps or () for el in elements(p.scope, _element_part(dx))]
    if not hits or not dates:
        return False
    block = dates[0].getparent() if dates[0].getparent() is not None else dates[0]
    return hits[0] is block or any(a is block for a in hits[0].iterancestors())


def _element_part(xp: str) -> str:
    """The element XPath inside a string XPath (``substring-after(string(X), …)`` -> X), else ``xp``."""
    inner = _INNER.search(xp)
    return inner.group(1) if inner else xp


def _anchor(xp: str) -> str:
    return re.sub(r"^[^/]*\(string\(", "", xp).lstrip("/").split("/", 1)[0]


# -- drop rules ----------------------------------------------------------------------------------------------


def _relative_paths(container: etree._Element) -> dict[str, str]:
    """``step/step`` paths of the container's styled descendants -> their text."""
    out: dict[str, str] = {}
    for el in container.iterdescendants():
        if not isinstance(el.tag, str) or not (el.get("class") or el.get("id")):
            continue
        if _in_running_text(el):
            continue  # a keyword link: dropping it cuts the sentence
        steps, node = [], el
        while node is not None and node is not container:
            steps.append(_step(node))
            node = node.getparent()
        path = "/".join(reversed(steps))
        text = element_text(el)
        if text and path not in out:
            out[path] = text
    return out


_INLINE = frozenset({"a", "span", "b", "strong", "em", "i", "font", "u"})


def _in_running_text(el: etree._Element) -> bool:
    """Whether ``el`` is an inline element with text right before or after it (a word, not a block)."""
    if el.tag not in _INLINE:
        return False
    prev = el.getprevious()
    before = prev.tail if prev is not None else el.getparent().text  # type: ignore[union-attr]
    return bool((el.tail or "").strip() or (before or "").strip())


def _drops(
    group: Sequence[Prepared], body_xp: str, protected: Iterable[str], limits: InduceLimits
) -> list[str]:
    texts: dict[str, Counter[str]] = {}
    for p in group:
        hits = elements(p.scope, body_xp)
        if hits:
            for path, text in _relative_paths(hits[0]).items():
                texts.setdefault(path, Counter())[text] += 1
    keep = [xp for xp in protected]
    out = []
    for path, counts in texts.items():
        text, n = counts.most_common(1)[0]
        if n >= limits.repeated_block * len(group) and n >= limits.min_support:
            xp = f"{body_xp}/{path}"
            if not any(_overlaps(p, xp, keep) for p in group[:5]):
                out.append(xp)
    # an outer repeated block covers its inner ones
    return [xp for xp in out if not any(xp != o and xp.startswith(o + "/") for o in out)]


def _overlaps(p: Prepared, drop_xp: str, keep: Iterable[str]) -> bool:
    """Would ``drop_xp`` remove the element another rule reads (or one holding it)?

    A rule reads its first hit: a loose fallback (``//div[@id='main']//a``) also matching a
    link in a 相关新闻 box must not keep that box in the body.
    """
    dropped = set(elements(p.scope, drop_xp))
    for xp in keep:
        inner = _INNER.search(xp)
        for hit in elements(p.scope, inner.group(1) if inner else xp)[:1]:
            if hit in dropped or any(a in dropped for a in hit.iterancestors()):
                return True
    return False


# the element XPath X of a label cut, substring-after(string(X), 'L'): X may hold a predicate
# with its own parentheses ([contains(., '来源：')]), so X ends where the cut's label begins
_INNER = re.compile(r"string\((.+?)\)(?=, '|\)*$)")


# -- reading the group back with the profile ---------------------------------------------------------------

_CHECKED = ("published_at", "source", "editor", "body")  # the title may differ: see _pick


def _read_back(
    group: Sequence[Prepared], extract: dict[str, list[str]], crumbs: str | None, tz: str | None
) -> list[Any]:
    """Each page of the group as the crawl would read it with the profile (None: it does not fit)."""
    from .apply import extract_induced  # apply reads this module's label-cut pattern

    profile = ExtractionProfile.from_mapping(dict(extract), where="induced profile (check)")
    out = []
    for p in group:
        got = extract_induced(
            p.page.html,
            p.page.url,
            profile=profile,
            crumbs=crumbs,
            now=p.page.now,
            content_type=p.page.content_type,
            timezone=tz,
        )
        out.append(got[0] if got else None)
    return out


def _same(field_name: str, want: Any, got: Any, limits: InduceLimits) -> bool:
    if field_name == "body":  # a looser container holding all of the engine's body agrees (_score)
        return _recall(want, got or []) >= limits.same_body
    if field_name == "published_at":
        return bool(got) and str(want)[:16] == str(got)[:16]  # to the minute
    if field_name == "editor":
        return set(str(want).split()) == set(str(got or "").split())
    return bool(want == got)


def _recall(want: list[str], got: list[str]) -> float:
    """Share of ``want``'s character bigrams in ``got``: a paragraph split or joined otherwise still agrees."""
    a, b = ("".join("".join(x).split()) for x in (want, got))
    grams_a = Counter(a[i : i + 2] for i in range(len(a) - 1))
    grams_b = Counter(b[i : i + 2] for i in range(len(b) - 1))
    return sum((grams_a & grams_b).values()) / max(1, sum(grams_a.values()))


def _short_of_generic(
    group: Sequence[Prepared], read: list[Any], limits: InduceLimits
) -> list[str]:
    """Fields the profile reads worse than the generic engine over the group.

    Where the engine gave a value, the profile must give the same on as many pages as a rule
    must agree when it is induced: a value read by the engine's own stages inside the profile's
    elements (no rule for the field) or by a rule whose string the engine cleans otherwise
    would else be worse than no profile at all. A page that does not fit goes to the engine.
    """
    failing = []
    for field_name in _CHECKED:
        shown = [(p, a) for p, a in zip(group, read, strict=True) if _generic(field_name, p)]
        values = [_generic(field_name, p) for p, _a in shown]
        if _template_text(field_name, values, len(group), limits):
            continue
        wrong = sum(
            a is not None
            and not _same(
                field_name,
                _generic(field_name, p),
                a.paragraphs if field_name == "body" else getattr(a, field_name),
                limits,
            )
            for p, a in shown
        )
        if shown and wrong > (1 - limits.min_agreement) * len(shown):
            failing.append(field_name)
    return failing


def _template_text(field_name: str, values: list[Any], pages: int, limits: InduceLimits) -> bool:
    """Whether the engine's ``values`` are template text, no evidence against the profile.

    One and the same credit on some of the pages only is text a kind of page prints (a table
    header a bio page holds where a news page has its meta line); a credit the template prints
    on (nearly) every page is still one (本站原创).
    """
    return (
        field_name in ("source", "editor")
        and len(set(map(str, values))) == 1
        and limits.min_support <= len(values) < limits.min_agreement * pages
    )


def _settle(
    group: Sequence[Prepared],
    extract: dict[str, list[str]],
    crumbs: str | None,
    tz: str | None,
    limits: InduceLimits,
) -> dict[str, list[str]] | None:
    """The profile, checked on its own pages: None when it does not fit them or reads a field
    worse than the generic engine even without that field's rules (and, for the body, without
    the drop rules): the generic engine then reads the template.
    """
    read = _read_back(group, extract, crumbs, tz)
    if sum(a is not None for a in read) < limits.min_hits * len(group):
        return None
    failing = _short_of_generic(group, read, limits)
    if not failing:
        return extract
    out = dict(extract)
    for field_name in failing:
        out.pop("drop" if field_name == "body" else _PROFILE_KEY.get(field_name, field_name), None)
    read = _read_back(group, out, crumbs, tz)
    if sum(a is not None for a in read) < limits.min_hits * len(group):
        return None
    return None if _short_of_generic(group, read, limits) else out


# -- induction -----------------------------------------------------------------------------------------------


def induce(
    group: Sequence[Prepared],
    *,
    limits: InduceLimits = INDUCE,
    timezone: str | None = None,
    site: str | None = None,
    now: Callable[[], datetime] | None = None,
) -> InducedProfile | None:
    """An induced profile for one template's pages, or None when they are too few or nothing agrees.

    Needs title and body rules: a profile without them would not save the generic stages.
    """
    if len(group) < limits.min_pages:
        return None
    if len(group) > limits.max_pages:
        step = len(group) / limits.max_pages
        group = [group[int(i * step)] for i in range(limits.max_pages)]
    zone = resolve_zone(timezone)
    extract: dict[str, list[str]] = {}
    agreement: dict[str, float] = {}
    support: dict[str, int] = {}
    crumbs = None
    for field_name in FIELDS:
        picked = _pick(field_name, group, limits, zone)
        if field_name in ("source", "editor", "authors"):
            picked = [
                c
                for c in picked
                if c.distinct > 1 or _in_meta_block(group[0], c.xpath, extract.get("date"))
            ]
        if not picked:
            continue
        best = picked[0]
        if field_name == "section":
            crumbs = best.xpath
        else:
            extract[_PROFILE_KEY.get(field_name, field_name)] = [s.xpath for s in picked]
        agreement[field_name] = best.agree / len(group)
        support[field_name] = best.support
    if "title" not in extract or "body" not in extract:
        return None
    protected = [xp for k, v in extract.items() if k != "body" for xp in v]
    drops = _drops(group, extract["body"][0], protected, limits)
    if drops:
        extract["drop"] = drops
    settled = _settle(group, extract, crumbs, timezone, limits)
    if settled is None:
        return None
    extract = settled
    for field_name in [f for f in agreement if f != "section"]:
        if _PROFILE_KEY.get(field_name, field_name) not in extract:  # its rules were let go
            agreement.pop(field_name)
            support.pop(field_name, None)
    first = group[0]
    stamp = (
        (now or (lambda: datetime.now(UTC)))()
        .replace(microsecond=0)
        .isoformat()
        .replace("+00:00", "Z")
    )
    return InducedProfile(
        key=template_key(first.page.url, first.skeleton),
        url_pattern=url_pattern(first.page.url),
        extract=extract,
        pages=len(group),
        agreement=agreement,
        support=support,
        induced_at=stamp,
        site=site,
        crumbs=crumbs,
        signature=stable_signature(p.signature or page_signature(p.page.html) for p in group),
        encoding=_shared_encoding(group),
    )


def _shared_encoding(group: Sequence[Prepared]) -> str | None:
    """The codec all the group's pages decoded in without a doubt, else None."""
    codecs = {p.encoding for p in group}
    return codecs.pop() if len(codecs) == 1 else None
