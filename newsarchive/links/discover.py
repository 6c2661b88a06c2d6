"""Links on a page: article, list and next-page URLs, including lists drawn by script; URL rules."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, unquote_plus, urlencode, urljoin, urlsplit, urlunsplit

from lxml import etree
from w3lib.url import canonicalize_url as _w3lib_canonicalize

from ..exceptions import ExtractionError
from ..extract.dates import date_from_url, find_dates
from ..extract.decode import decode_html
from ..extract.dom import parse, text_content

if TYPE_CHECKING:
    from ..sites import SiteProfile

__all__ = ["TRACKING_PARAMS", "PageLinks", "canonicalize_url", "classify_url", "discover_links"]

ARTICLE, LIST, OTHER = "article", "list", "other"

# -- canonical URLs --------------------------------------------------------------------------

TRACKING_PARAMS = frozenset(
    [
        "spm", "from", "share", "source", "fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid",
        "mc_cid", "mc_eid", "ref", "ref_src", "scene", "isappinstalled", "wfr", "sharer_shareid",
        "sharer_sharetime", "sharer_shareinfo", "share_token", "sharesource", "shareuid",
        "share_from", "from_source", "fromsource", "srcid", "mpshare", "clicktime", "enterid",
        "chksm", "vd_source", "spm_id_from", "tt_from", "utm_campaign", "wxfrom", "wx_fmt_from",
        "sessionid", "jsessionid", "phpsessid", "sid_for_share", "_hsenc", "_hsmi", "_openstat",
    ]
)

_TIMESTAMP_PARAMS = frozenset(("_", "t", "ts", "timestamp", "rnd", "rand", "random", "r", "v_t"))
_TIMESTAMPISH = re.compile(r"^\d{9,13}$|^0?\.\d{6,}$")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_PATH_SESSION = re.compile(r";(?:jsessionid|phpsessid|sid)=[^/?#]*", re.IGNORECASE)


def _is_tracking(key: str, value: str) -> bool:
    k = key.lower()
    if k.startswith("utm_") or k in TRACKING_PARAMS:
        return True
    return k in _TIMESTAMP_PARAMS and (not value or bool(_TIMESTAMPISH.match(value)) or k == "_")


def canonicalize_url(url: str) -> str:
    """One spelling per page: w3lib's canonical form, host lowercased, default port,
    fragment, session ids and tracking/cache-busting parameters dropped, query sorted."""
    return _canonicalize(url.strip())


@lru_cache(maxsize=4096)  # navigation links repeat on every page of a portal
def _canonicalize(url: str) -> str:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        return url
    host = (parts.hostname or "").rstrip(".")
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port is None or _DEFAULT_PORTS.get(scheme) == port else f"{host}:{port}"
    # Filter the raw pairs: decoding and re-encoding would corrupt GBK-escaped values.
    kept = []
    for pair in parts.query.split("&"):
        if not pair:
            continue
        key, _, value = pair.partition("=")
        if not _is_tracking(unquote_plus(key), unquote_plus(value)):
            kept.append(pair)
    query = "&".join(kept)
    path = _PATH_SESSION.sub("", parts.path) or "/"
    rebuilt = urlunsplit((scheme, netloc, path, query, ""))
    return _w3lib_canonicalize(rebuilt, keep_fragments=False)


# -- URL classification: ordered, precompiled generic rules (first match wins) ----------------

_ASSET_EXT = [
    "css", "js", "mjs", "json", "xml", "rss", "atom", "txt", "csv", "jpg", "jpeg", "png", "gif",
    "bmp", "svg", "ico", "webp", "tif", "tiff", "avif", "pdf", "doc", "docx", "xls", "xlsx", "ppt",
    "pptx", "wps", "et", "ofd", "rtf", "zip", "rar", "7z", "gz", "tgz", "bz2", "tar", "exe", "apk",
    "ipa", "dmg", "msi", "mp3", "mp4", "m4a", "wav", "wma", "avi", "flv", "f4v", "wmv", "mov",
    "mkv", "rm", "rmvb", "swf", "woff", "woff2", "ttf", "eot", "otf", "map",
]
_ASSET = re.compile(r"\.(?:" + "|".join(_ASSET_EXT) + r")$", re.IGNORECASE)
_Rules = tuple[tuple[str, re.Pattern[str]], ...]


def _compile(*rules: tuple[str, str]) -> _Rules:
    """Named URL rules, compiled once, tried in the order given."""
    return tuple((name, re.compile(rx, re.IGNORECASE)) for name, rx in rules)


_OTHER_RULES = _compile(
    ("account", (r"/(?:login|logout|signin|signout|signup|register|passport|sso|uids-sso|uc/|"
                 r"member/|user/(?:login|reg))|[?&](?:backurl|returnurl|redirect_uri)=")),
    ("search", (r"/(?:search|so|sousuo|jsearch|was5/web/search|s\.(?:html?|jsp|php|aspx?))(?:[/?]|$)|"
                r"[?&](?:q|wd|keyword|keywords|searchword|query)=")),
    ("data-proxy", r"/module/web/jpage/|dataproxy\.jsp|/interface/|/api/"),
    ("print-mail", r"/(?:print|mail|share|feedback|rss)(?:[._/?]|$)"),
    ("comment", r"/(?:comment|comments|reply)(?:[/?.]|$)"),
    ("user-page", r"^/(?:u|user|users|profile|space)/[\w-]+/?$"),
)
_ARTICLE_RULES = _compile(
    ("jcms-art", r"/art/(?:19|20)\d{2}/\d{1,2}/\d{1,2}/art_\d+_\d+\.html?$"),
    ("trs-t-date-id", r"/t(?:19|20)\d{6}_\d+\.s?html?$"),
    ("content-id", r"/content_\d+(?:_\d+)?\.s?html?$"),
    ("sina-doc", r"/doc-[a-z0-9]{8,}\.s?html?$"),
    ("people-n1", r"/n\d?/(?:19|20)\d{2}/[01]\d[0-3]\d/c\d+-\d+\.html?$"),
    ("xinhua-c", r"/(?:19|20)\d{2}-[01]\d/[0-3]\d/c_\d+\.html?$"),
    ("chinanews-date", r"/(?:19|20)\d{2}/[01]\d-[0-3]\d/\d+\.s?html?$"),
    ("date-dir-dashed", r"/(?:19|20)\d{2}-[01]\d-[0-3]\d/[^/]*[A-Za-z0-9]{4,}[^/]*\.s?html?$"),
    ("date-dir-ymd", r"/(?:19|20)\d{2}/[01]?\d/?[0-3]\d/(?!index|list|default)[^/]*\d[^/]*\.s?html?$"),
    ("date-dir-compact", r"/(?:19|20)\d{6}/(?!index|list|default)[^/]*\d[^/]*\.s?html?$"),
    ("163-docid", r"/\d{2}/[01]\d[0-3]\d/\d{2}/[A-Z0-9]{16}\.html?$"),
    ("month-dir-id", r"/(?:19|20)\d{2}[01]\d/(?:t?\d{4,}|[0-9a-f]{16,})(?:_\d+)?\.s?html?$"),
    ("month-dir-any", r"/(?:19|20)\d{2}[01]\d/[^/]*\d{4,}[^/]*\.s?html?$"),
    ("underscored-date", r"/(?:19|20)\d{2}_[01]\d_[0-3]\d_\d+\.s?html?$"),
    ("ifeng-c", r"//[^/]*ifeng\.com/c/[0-9A-Za-z]{8,}$"),
    ("weixin", r"//mp\.weixin\.qq\.com/s(?:/|\?)"),
    ("baijiahao", r"//baijiahao\.baidu\.com/s\?id=\d+"),
    ("group-id", r"/(?:group|a|i|item|article|articles|news|post|p|detail|details)/\d{6,}/?$"),
    ("article-detail", r"/article/detail/[0-9A-Za-z]+\.html?$"),
    ("detail-query", (r"/(?:[a-z_]*(?:detail|show|view|content|article|info|news|doc)[a-z_]*)"
                      r"\.(?:s?html?|jsp|php|aspx?|do|action)\?(?:[^#]*&)?"
                      r"(?:id|aid|articleid|newsid|docid|contentid|infoid|itemid|artid)=[\w-]+")),
    ("post-id", r"/(?:post|article|news|detail|show)[/_-]\d+\.s?html?$"),
    ("long-numeric-id", r"/(?:[a-z]{0,3}[_-]?)?\d{7,}(?:_\d+)?\.s?html?$"),
    ("mixed-id-slug", r"/(?=[0-9A-Za-z]*\d)(?=[0-9A-Za-z]*[A-Za-z])[0-9A-Za-z]{10,}/?$"),
    ("hex-id", r"/[0-9a-f]{24,}\.s?html?$"),
)
_LIST_RULES = _compile(
    ("home", r"^https?://[^/]+/?(?:\?.*)?$"),
    ("paged-query", r"[?&](?:page|pagenum|pageno|pageindex|curpage|currpage|p|pn|pg|pageNo)=\d+"),
    ("index-page", r"/(?:index|default|list|more|main)(?:_\d+)?\.(?:s?html?|php|jsp|aspx?|do)$"),
    ("named-list", r"/[a-z_]*(?:list|lists|index|lb|lm|column|channel)[a-z_]*(?:_\d+)?\.s?html?$"),
    ("node", r"/node_\d+(?:_\d+)?\.s?html?$"),
    ("jcms-col", r"/col/col\d+/(?:index\.html?)?(?:\?.*)?$"),
    ("column-query", r"/(?:col|column|channel|list|category|cat|lanmu)\w*\.(?:jsp|php|aspx?|do)\?"),
    ("folder", r"/[^/?#.]+/(?:\?.*)?$"),
)
_SCRIPT_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "about:", "vbscript:", "sms:", "file:")
_WORD_PAGE = re.compile(r"/[a-z][a-z_-]*\.(?:s?html?|php|jsp|aspx?)$", re.IGNORECASE)
_NO_EXT_LAST = re.compile(r"/[^/.?#]+$")
_DIGITS6 = re.compile(r"\d{6,}")


def _first(rules: tuple[tuple[str, re.Pattern[str]], ...], url: str) -> str | None:
    for name, rx in rules:
        if rx.search(url):
            return name
    return None


def classify_url(url: str, profile: SiteProfile | None = None) -> str:
    """"article", "list" or "other": profile patterns first, then the generic rules in order."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return OTHER
    if profile is not None:
        if any(rx.search(url) for rx in profile.compiled_deny):
            return OTHER
        if any(rx.search(url) for rx in profile.compiled_article):
            return ARTICLE
        if any(rx.search(url) for rx in profile.compiled_list):
            return LIST
    path_query = urlunsplit(("", "", parts.path, parts.query, ""))
    if _ASSET.search(parts.path) or _first(_OTHER_RULES, path_query):
        return OTHER
    target = f"//{parts.hostname}{path_query}"
    if _first(_ARTICLE_RULES, target):
        return ARTICLE
    if _first(_LIST_RULES, urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))):
        return LIST
    # Unknown shapes: a page named by a word is a column; one named by a long number an article.
    if _WORD_PAGE.search(parts.path):
        return LIST
    last = parts.path.rsplit("/", 1)[-1]
    if _DIGITS6.search(last):
        return ARTICLE
    if _NO_EXT_LAST.search(parts.path):
        return LIST
    return OTHER


# -- discovery --------------------------------------------------------------------------------

@dataclass
class PageLinks:
    """What a page links to, canonicalized, deduplicated, in page order."""

    articles: list[str] = field(default_factory=list)
    lists: list[str] = field(default_factory=list)
    next_pages: list[str] = field(default_factory=list)  # also included in lists
    # article URL -> "YYYY-MM-DD" shown beside the link in the list (or in its record, or its
    # URL): lets a crawler stop paginating once a list's items are older than --since
    dates: dict[str, str] = field(default_factory=dict)


@dataclass
class _Found:
    href: str
    text: str = ""
    next_hint: bool = False
    date: str | None = None


_YEAR = re.compile(r"(?:19|20)\d{2}")
_JSON_DATE = re.compile(r"""["']?\w*(?:date|time)\w*["']?\s*:\s*["']((?:19|20)\d{2}-\d{1,2}-\d{1,2})""", re.IGNORECASE)
_ITEM_TAGS = frozenset(("li", "tr", "dd", "dt", "p", "div", "span", "td", "article", "section"))
_ONCLICK_URL = re.compile(r"""(?:location(?:\.href)?\s*=|window\.open\s*\(|location\.assign\s*\()\s*['"]([^'"]+)['"]""")
_REFRESH_URL = re.compile(r"""url\s*=\s*['"]?([^'"\s;]+)""", re.IGNORECASE)


def _text_date(text: str) -> str | None:
    """The first full date (with its year) in a list item's text or a JSON value."""
    for found in find_dates(text, relative=False):
        if _YEAR.search(found.raw):
            return found.value.strftime("%Y-%m-%d")
    return None


def url_date(url: str) -> str | None:
    """The publication day an article URL spells out (t20210316_1.html, /2021/0316/...), if any."""
    found = date_from_url(url)
    return found.value.strftime("%Y-%m-%d") if found else None


def _item_date(node: etree._Element) -> str | None:
    """The date printed in the list item around a link (its <li>, <tr>...), if short enough to be one."""
    tail = (node.tail or "").strip()
    if tail:
        found = _text_date(tail)
        if found:
            return found
    el = node.getparent()
    for _ in range(3):
        if el is None or not isinstance(el.tag, str) or el.tag not in _ITEM_TAGS:
            return None
        text = text_content(el)
        if len(text) > 400:
            return None
        found = _text_date(text)
        if found:
            return found
        el = el.getparent()
    return None


_NEXT_TEXT = re.compile(
    r"^(?:下一?页|下一頁|后一页|下一页\s*>+|>|>>|»|›|next|next\s*page|next\s*»)$", re.IGNORECASE
)
_NEXT_ATTR = re.compile(r"^(?:page[-_]?|pager[-_]?)?next(?:[-_]?(?:page|btn|link|pg))?$", re.IGNORECASE)
_CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.DOTALL)
_CREATE_PAGE = re.compile(r"createPageHTML\s*\(([^()]*)\)")
_JS_VAR = re.compile(r"\b(?:var|let|const)\s+(\w+)\s*=\s*(['\"]?)([\w.-]*)\2\s*[;,\n]")
_JSON_URL = re.compile(
    r"""["']?(\w*(?:url|urls|href|link|links)|pc)["']?\s*:\s*["']([^"'\s<>{}|\\]+)["']""", re.IGNORECASE
)
_SCRIPT_HREF = re.compile(r"""\bhref\s*=\s*\\?["']([^"'\\\s+<>]+)\\?["'](?!\s*\+)""", re.IGNORECASE)
_URLISH = re.compile(r"^(?:https?://|/|\./|\.\./)|\.(?:s?html?|jsp|php|aspx?)(?:\?|$)", re.IGNORECASE)
_UNIT_ID = re.compile(r"""\bunit[_]?id['"]?\s*[:=]\s*['"]?(\d+)""", re.IGNORECASE)
_CURRENT = re.compile(r"""\b(?:current|currpage|curpage|pageNum)['"]?\s*[:=]\s*['"]?(\d+)""", re.IGNORECASE)
_TOTAL_RECORD = re.compile(r"""\btotalRecord['"]?\s*[:=>]\s*['"]?(\d+)|<totalrecord>(\d+)<""", re.IGNORECASE)
_PER_PAGE = re.compile(r"""\bperPage['"]?\s*[:=]\s*['"]?(\d+)""", re.IGNORECASE)
_JPAGE_HINT = re.compile(r"jpage|loadPageData|<datastore|dataproxy", re.IGNORECASE)
_TEMPLATE = re.compile(r"\{\{|\$\{|<%|\{\$")
_PAGED_NAME = re.compile(r"^(.*?/)([A-Za-z][\w-]*?)(?:_(\d+))?\.([a-z]+)$", re.IGNORECASE)
_PAGED_QUERY = re.compile(r"^(page|pagenum|pageno|pageindex|curpage|p|pn)$", re.IGNORECASE)
_MAX_FRAGMENT_DEPTH = 4


class _Collector:
    """Walks a tree in document order, collecting hrefs from markup, comments and scripts."""

    def __init__(self, page_url: str) -> None:
        self.page_url = page_url
        self.found: list[_Found] = []
        self.script_next: list[str] = []
        self.jcms_units: list[str] = []  # 大汉 JCMS / ucap list unit ids
        self.pager_scripts: list[str] = []  # scripts that page a list (their counts bound the pager)

    def walk(self, root: etree._Element, depth: int = 0) -> None:
        for node in root.iter():
            tag = node.tag
            if tag is etree.Comment:
                self._comment(node.text or "", depth)
            elif not isinstance(tag, str):
                continue
            elif tag in ("a", "area"):
                href = node.get("href")
                if href:
                    text = text_content(node).strip()
                    hint = (bool(_NEXT_TEXT.match(text)) or "下一页" in text
                            or (node.get("rel") or "").lower() == "next"
                            or any(_NEXT_ATTR.match(token) for token in
                                   f"{node.get('class') or ''} {node.get('id') or ''}".split()))
                    self.found.append(_Found(href, text, hint, _item_date(node)))
            elif tag == "link":
                if (node.get("rel") or "").lower() == "next" and node.get("href"):
                    self.found.append(_Found(node.get("href") or "", "", True))
            elif tag == "script":
                self._script(node, depth)
            elif tag == "iframe" or tag == "frame":
                src = node.get("src")
                if src:
                    self.found.append(_Found(src))
            elif tag == "meta" and (node.get("http-equiv") or "").lower() == "refresh":
                match = _REFRESH_URL.search(node.get("content") or "")
                if match:
                    self.found.append(_Found(match.group(1)))
            if isinstance(tag, str):
                self._attributes(node)

    def _attributes(self, node: etree._Element) -> None:
        # Items that open their article by script, or keep the address in a data attribute.
        onclick = node.get("onclick")
        if onclick:
            for match in _ONCLICK_URL.finditer(onclick):
                self.found.append(_Found(match.group(1), date=_item_date(node)))
        for attr in ("data-href", "data-url", "data-link"):
            value = node.get(attr)
            if value:
                self.found.append(_Found(value, date=_item_date(node)))

    def _fragment(self, markup: str, depth: int) -> None:
        if depth >= _MAX_FRAGMENT_DEPTH or not markup.strip():
            return
        self.walk(parse(f"<html><body>{markup}</body></html>", keep_comments=True), depth + 1)

    def _comment(self, text: str, depth: int) -> None:
        # Items commented out and filled in by script still name the real articles.
        if "<a" in text or "<script" in text or "createPageHTML" in text or "<li" in text:
            self._fragment(text, depth)

    def _script(self, node: etree._Element, depth: int) -> None:
        text = node.text or ""
        kind = (node.get("type") or "").lower()
        if "template" in kind or "handlebars" in kind:
            return
        if not text.strip():
            return
        if "CDATA" in text and ("xml" in kind or "<record" in text or "<datastore" in text.lower()):
            # 大汉 JCMS datastore: each CDATA record holds one list item's markup.
            self._fragment("".join(_CDATA.findall(text)), depth)
        if _JPAGE_HINT.search(text) or "<record" in text:
            self.pager_scripts.append(text)
            for unit in _UNIT_ID.findall(text):
                if unit not in self.jcms_units:
                    self.jcms_units.append(unit)
        for call in _CREATE_PAGE.finditer(text):
            self._trs_pager(call.group(1), text)
        self._json_urls(text)
        for match in _SCRIPT_HREF.finditer(text):
            self.found.append(_Found(match.group(1)))

    def _json_urls(self, text: str) -> None:
        if ":" not in text:
            return
        unescaped = text.replace("\\/", "/").replace('\\\\"', '"').replace('\\"', '"')
        previous_end = 0
        for match in _JSON_URL.finditer(unescaped):
            value = match.group(2)
            if _URLISH.search(value) and not _TEMPLATE.search(value):
                # the record's date: the last date field since the previous link, if any
                window = unescaped[max(previous_end, match.start() - 2000):match.start()]
                dates = _JSON_DATE.findall(window)
                date = _text_date(dates[-1]) if dates else None
                self.found.append(_Found(value, date=date))
                previous_end = match.end()

    def _trs_pager(self, raw_args: str, script: str) -> None:
        env = {m.group(1): m.group(3) for m in _JS_VAR.finditer(script)}
        args = [a.strip().strip("'\"") for a in raw_args.split(",")]
        args = [env.get(a, a) for a in args]
        # TRS classic: createPageHTML(total, current, name, ext), current counted from 0;
        # variant: createPageHTML(div_id, total, current, name, ext[, count]), counted from 1.
        one_based = len(args) >= 5 and not args[0].isdigit()
        if one_based:
            args = args[1:]
        if len(args) < 4 or not args[0].isdigit() or not args[1].isdigit():
            return
        total, current, name, ext = int(args[0]), int(args[1]), args[2], args[3]
        if not re.fullmatch(r"[\w-]+", name) or not re.fullmatch(r"[A-Za-z]+", ext):
            return
        has_next = current + 1 <= total if one_based else current + 1 < total
        if has_next:
            # Either way page "current + 1" in the file naming is name_<current+1>.ext.
            self.script_next.append(f"{name}_{current + 1}.{ext}")


def _clean_href(href: str) -> str | None:
    href = re.sub(r"[\t\r\n]", "", href).strip()
    if not href or href.startswith("#") or _TEMPLATE.search(href):
        return None
    if href.lower().startswith(_SCRIPT_SCHEMES):
        return None
    return href


def _jcms_next(page_url: str, unit: str, text: str) -> str | None:
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


def _successors(page_url: str) -> set[str]:
    """Addresses the page after this one would have under the common pagination schemes."""
    parts = urlsplit(page_url)
    out: set[str] = set()
    match = _PAGED_NAME.match(parts.path)
    if match:
        folder, name, number, ext = match.groups()
        nums = [int(number) + 1] if number else [1, 2]
        for n in nums:
            out.add(urlunsplit((parts.scheme, parts.netloc, f"{folder}{name}_{n}.{ext}", parts.query, "")))
    elif parts.path.endswith("/"):
        for n in (1, 2):
            for name in ("index", "list"):
                for ext in ("html", "shtml", "htm"):
                    out.add(urlunsplit((parts.scheme, parts.netloc, f"{parts.path}{name}_{n}.{ext}", "", "")))
    query = parse_qsl(parts.query, keep_blank_values=True)
    for i, (key, value) in enumerate(query):
        if _PAGED_QUERY.match(key) and value.isdigit():
            bumped = list(query)
            bumped[i] = (key, str(int(value) + 1))
            out.add(urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(bumped), "")))
    for key in ("page", "p", "pageNum"):
        if not any(k == key for k, _ in query):
            out.add(urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query + [(key, "2")]), "")))
    return {canonicalize_url(u) for u in out}


def discover_links(
    html: bytes | str,
    url: str,
    *,
    profile: SiteProfile | None = None,
    encoding: str | None = None,
    content_type: str | None = None,
) -> PageLinks:
    """Article, list and next-page links of a page, from markup, comments, datastores and scripts.

    URLs come back canonicalized (see canonicalize_url), deduplicated, in page order, restricted
    to the profile's allowed domains when a profile is given. Undecodable input gives no links.
    Bytes are decoded as extract() does: ``encoding`` forces a codec, while ``content_type``
    (the HTTP header) is only a hint weighed against the bytes and the page's <meta>.
    """
    try:
        text, _, _ = decode_html(html, encoding=encoding, content_type=content_type, where=url)
    except ExtractionError:
        return PageLinks()
    root = parse(text, keep_comments=True)
    base = url
    for el in root.iter("base"):
        if el.get("href"):
            base = urljoin(url, el.get("href", "").strip())
            break
    collector = _Collector(url)
    collector.walk(root)

    page_key = canonicalize_url(url)
    result = PageLinks()
    seen: set[str] = set()
    next_explicit: list[str] = []
    candidates: list[str] = []
    item_dates: dict[str, str] = {}

    def accept(absolute: str) -> str | None:
        parts = urlsplit(absolute)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return None
        if profile is not None and not profile.allows(absolute):
            return None
        key = canonicalize_url(absolute)
        if profile is not None and any(rx.search(key) for rx in profile.compiled_deny):
            return None  # never followed, not even as a next page
        return key

    for found in collector.found:
        href = _clean_href(found.href)
        if href is None:
            continue
        key = accept(urljoin(base, href))
        if key is None:
            continue
        if found.next_hint and key != page_key:
            next_explicit.append(key)
        if found.date and key not in item_dates:
            item_dates[key] = found.date
        candidates.append(key)

    # Pagers drawn by script name the next page relative to the list page's own address.
    scripted: list[str] = []
    for name in collector.script_next:
        key = accept(urljoin(url, name))
        if key:
            scripted.append(key)
    pager_text = "\n".join(collector.pager_scripts)
    for unit in collector.jcms_units:
        nxt = _jcms_next(url, unit, pager_text)
        key = accept(nxt) if nxt else None
        if key:
            scripted.append(key)

    successors = _successors(url) if classify_url(url, profile) != ARTICLE else set()
    by_pattern = [c for c in candidates if c in successors]
    for key in [*next_explicit, *scripted, *by_pattern]:
        if key != page_key and key not in result.next_pages:
            result.next_pages.append(key)
    next_set = set(result.next_pages)

    for key in [*candidates, *scripted]:
        if key in seen or key == page_key:
            continue
        seen.add(key)
        if key in next_set:
            result.lists.append(key)
            continue
        kind = classify_url(key, profile)
        if kind == ARTICLE:
            result.articles.append(key)
            date = item_dates.get(key) or url_date(key)
            if date:
                result.dates[key] = date
        elif kind == LIST:
            result.lists.append(key)
    return result
