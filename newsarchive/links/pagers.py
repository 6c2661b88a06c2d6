"""Pagers: the links and scripts that lead from one page of a list to the next.

A pager is recognised by what it says (下一页, 尾页, page numbers, rel=next, class="next"),
by the script that draws it (TRS createPageHTML, 大汉 JCMS datastores) or by the address
the next page would have (``index_2.html``, ``?page=2``). Whatever its URL looks like, a
pager link leads to a list.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from lxml import etree

from .urls import canonicalize_url

__all__ = ["is_next_link", "is_pager_text", "jcms_next", "successors", "trs_next"]

# "next page" in the words and signs portals use
_NEXT_TEXT = re.compile(
    r"^(?:下一?页|下一頁|下页|后一页|下一页\s*>+|>|>>|»|›|next|next\s*page|next\s*»)$",
    re.IGNORECASE,
)
_NEXT_ATTR = re.compile(
    r"^(?:page[-_]?|pager[-_]?)?next(?:[-_]?(?:page|btn|link|pg))?$", re.IGNORECASE
)
# any pager control: first/previous/next/last page, page numbers, "page N"
_PAGER_TEXT = re.compile(
    r"^(?:\[?\d{1,4}\]?|首页|上一?页|上一頁|前一页|下一?页|下一頁|后一页|尾页|末页|最后一?页|第\s*\d+\s*页|"
    r"<|<<|>|>>|«|»|‹|›|…|\.\.\.|prev(?:ious)?|next|first|last|(?:prev|next|first|last)\s*page)$",
    re.IGNORECASE,
)
_JS_VAR = re.compile(r"\b(?:var|let|const)\s+(\w+)\s*=\s*(['\"]?)([\w.-]*)\2\s*[;,\n]")
_CURRENT = re.compile(
    r"""\b(?:current|currpage|curpage|pageNum)['"]?\s*[:=]\s*['"]?(\d+)""", re.IGNORECASE
)
_TOTAL_RECORD = re.compile(
    r"""\btotalRecord['"]?\s*[:=>]\s*['"]?(\d+)|<totalrecord>(\d+)<""", re.IGNORECASE
)
_PER_PAGE = re.compile(r"""\bperPage['"]?\s*[:=]\s*['"]?(\d+)""", re.IGNORECASE)
_PAGED_NAME = re.compile(r"^(.*?/)([A-Za-z][\w-]*?)(?:_(\d+))?\.([a-z]+)$", re.IGNORECASE)
_PAGED_QUERY = re.compile(r"^(page|pagenum|pageno|pageindex|curpage|p|pn)$", re.IGNORECASE)


def is_next_link(node: etree._Element, text: str) -> bool:
    """A link that says it leads to the next page (by its words, rel=next, or a "next" class/id)."""
    if _NEXT_TEXT.match(text) or "下一页" in text:
        return True
    if (node.get("rel") or "").lower() == "next":
        return True
    tokens = f"{node.get('class') or ''} {node.get('id') or ''}".split()
    return any(_NEXT_ATTR.match(token) for token in tokens)


def is_pager_text(text: str) -> bool:
    """Words of a pager control: 首页, 上一页, 下页, 尾页, 2, [3], 第4页, », next..."""
    return bool(_PAGER_TEXT.match(text.strip()))


def trs_next(raw_args: str, script: str) -> str | None:
    """The next page a TRS ``createPageHTML(...)`` call draws, relative to the list page."""
    env = {m.group(1): m.group(3) for m in _JS_VAR.finditer(script)}
    args = [a.strip().strip("'\"") for a in raw_args.split(",")]
    args = [env.get(a, a) for a in args]
    # TRS classic: createPageHTML(total, current, name, ext), current counted from 0;
    # variant: createPageHTML(div_id, total, current, name, ext[, count]), counted from 1.
    one_based = len(args) >= 5 and not args[0].isdigit()
    if one_based:
        args = args[1:]
    if len(args) < 4 or not args[0].isdigit() or not args[1].isdigit():
        return None
    total, current, name, ext = int(args[0]), int(args[1]), args[2], args[3]
    if not re.fullmatch(r"[\w-]+", name) or not re.fullmatch(r"[A-Za-z]+", ext):
        return None
    has_next = current + 1 <= total if one_based else current + 1 < total
    # Either way page "current + 1" in the file naming is name_<current+1>.ext.
    return f"{name}_{current + 1}.{ext}" if has_next else None


def jcms_next(page_url: str, unit: str, text: str) -> str | None:
    """大汉 JCMS / ucap lists page as <list page>?uid=<unit id>&pageNum=<n>."""
    parts = urlsplit(page_url)
    query = dict(parse_qsl(parts.query))
    current = int(query["pageNum"]) if query.get("pageNum", "").isdigit() else None
    if current is None:
        found = _CURRENT.search(text)
        current = int(found.group(1)) if found else 1
    total = _TOTAL_RECORD.search(text)
    per_page = _PER_PAGE.search(text)
    if total and per_page:
        records = int(total.group(1) or total.group(2))
        if int(per_page.group(1)) > 0 and current * int(per_page.group(1)) >= records:
            return None
    new_query = [(k, v) for k, v in parse_qsl(parts.query) if k not in ("uid", "pageNum")]
    new_query += [("uid", unit), ("pageNum", str(current + 1))]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(new_query), ""))


def successors(page_url: str) -> set[str]:
    """Addresses the page after this one would have under the common pagination schemes."""
    parts = urlsplit(page_url)
    out: set[str] = set()
    match = _PAGED_NAME.match(parts.path)
    if match:
        folder, name, number, ext = match.groups()
        nums = [int(number) + 1] if number else [1, 2]
        for n in nums:
            out.add(
                urlunsplit(
                    (parts.scheme, parts.netloc, f"{folder}{name}_{n}.{ext}", parts.query, "")
                )
            )
    elif parts.path.endswith("/"):
        for n in (1, 2):
            for name in ("index", "list"):
                for ext in ("html", "shtml", "htm"):
                    out.add(
                        urlunsplit(
                            (parts.scheme, parts.netloc, f"{parts.path}{name}_{n}.{ext}", "", "")
                        )
                    )
    query = parse_qsl(parts.query, keep_blank_values=True)
    for i, (key, value) in enumerate(query):
        if _PAGED_QUERY.match(key) and value.isdigit():
            bumped = list(query)
            bumped[i] = (key, str(int(value) + 1))
            out.add(urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(bumped), "")))
    for key in ("page", "p", "pageNum"):
        if not any(k == key for k, _ in query):
            out.add(
                urlunsplit(
                    (parts.scheme, parts.netloc, parts.path, urlencode(query + [(key, "2")]), "")
                )
            )
    return {canonicalize_url(u) for u in out}
