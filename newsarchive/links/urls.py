"""URLs: one canonical spelling per page, and what a URL's shape says (article, list, other).

The shapes are generic (CMS families, not single portals) and only a hint: the list
structure of the page a link sits on, and the shapes learned from the site itself
(see learn.py), come first.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import unquote_plus, urlsplit, urlunsplit

from w3lib.url import canonicalize_url as _w3lib_canonicalize

if TYPE_CHECKING:
    from ..sites import SiteProfile

__all__ = [
    "ARTICLE",
    "LIST",
    "OTHER",
    "TRACKING_PARAMS",
    "canonicalize_url",
    "classify_url",
    "is_excluded",
]

ARTICLE, LIST, OTHER = "article", "list", "other"

# -- canonical URLs --------------------------------------------------------------------------

TRACKING_PARAMS = frozenset(
    [
        "spm",
        "from",
        "share",
        "source",
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "yclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "ref",
        "ref_src",
        "scene",
        "isappinstalled",
        "wfr",
        "sharer_shareid",
        "sharer_sharetime",
        "sharer_shareinfo",
        "share_token",
        "sharesource",
        "shareuid",
        "share_from",
        "from_source",
        "fromsource",
        "srcid",
        "mpshare",
        "clicktime",
        "enterid",
        "chksm",
        "vd_source",
        "spm_id_from",
        "tt_from",
        "utm_campaign",
        "wxfrom",
        "wx_fmt_from",
        "sessionid",
        "jsessionid",
        "phpsessid",
        "sid_for_share",
        "_hsenc",
        "_hsmi",
        "_openstat",
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
    "css",
    "js",
    "mjs",
    "json",
    "xml",
    "rss",
    "atom",
    "txt",
    "csv",
    "jpg",
    "jpeg",
    "png",
    "gif",
    "bmp",
    "svg",
    "ico",
    "webp",
    "tif",
    "tiff",
    "avif",
    "pdf",
    "doc",
    "docx",
    "xls",
    "xlsx",
    "ppt",
    "pptx",
    "wps",
    "et",
    "ofd",
    "rtf",
    "zip",
    "rar",
    "7z",
    "gz",
    "tgz",
    "bz2",
    "tar",
    "exe",
    "apk",
    "ipa",
    "dmg",
    "msi",
    "mp3",
    "mp4",
    "m4a",
    "wav",
    "wma",
    "avi",
    "flv",
    "f4v",
    "wmv",
    "mov",
    "mkv",
    "rm",
    "rmvb",
    "swf",
    "woff",
    "woff2",
    "ttf",
    "eot",
    "otf",
    "map",
]
_ASSET = re.compile(r"\.(?:" + "|".join(_ASSET_EXT) + r")$", re.IGNORECASE)
_Rules = tuple[tuple[str, re.Pattern[str]], ...]


def _compile(*rules: tuple[str, str]) -> _Rules:
    """Named URL rules, compiled once, tried in the order given."""
    return tuple((name, re.compile(rx, re.IGNORECASE)) for name, rx in rules)


_OTHER_RULES = _compile(
    (
        "account",
        (
            r"/(?:login|logout|signin|signout|signup|register|passport|sso|uids-sso|uc/|"
            r"member/|user/(?:login|reg))|[?&](?:backurl|returnurl|redirect_uri)="
        ),
    ),
    (
        "search",
        (
            r"/(?:search|so|sousuo|jsearch|was5/web/search|s\.(?:html?|jsp|php|aspx?))(?:[/?]|$)|"
            r"[?&](?:q|wd|keyword|keywords|searchword|query)="
        ),
    ),
    ("data-proxy", r"/module/web/jpage/|dataproxy\.jsp|/interface/|/api/"),
    ("print-mail", r"/(?:print|mail|share|feedback|rss)(?:[._/?]|$)"),
    ("comment", r"/(?:comment|comments|reply)(?:[/?.]|$)"),
    ("user-page", r"^/(?:u|user|users|profile|space)/[\w-]+/?$"),
)
_ARTICLE_RULES = _compile(
    ("jcms-art", r"/art/(?:19|20)\d{2}/\d{1,2}/\d{1,2}/art_\d+_\d+\.html?$"),
    ("trs-t-date-id", r"/t(?:19|20)\d{6}_\d+\.s?html?$"),
    ("content-id", r"/content_\d+(?:_\d+)?\.s?html?$"),
    # year, month and day spread over one or two folders: /2021-03/16/, /2021/03-16/, /2021/0316/
    ("date-dirs-split", r"/(?:19|20)\d{2}[-/][01]\d[-/]?[0-3]\d/[^/]*\d[^/]*\.s?html?$"),
    ("date-dir-dashed", r"/(?:19|20)\d{2}-[01]\d-[0-3]\d/[^/]*[A-Za-z0-9]{4,}[^/]*\.s?html?$"),
    (
        "date-dir-ymd",
        r"/(?:19|20)\d{2}/[01]?\d/?[0-3]\d/(?!index|list|default)[^/]*\d[^/]*\.s?html?$",
    ),
    ("date-dir-compact", r"/(?:19|20)\d{6}/(?!index|list|default)[^/]*\d[^/]*\.s?html?$"),
    ("month-dir-id", r"/(?:19|20)\d{2}[01]\d/(?:t?\d{4,}|[0-9a-f]{16,})(?:_\d+)?\.s?html?$"),
    ("month-dir-any", r"/(?:19|20)\d{2}[01]\d/[^/]*\d{4,}[^/]*\.s?html?$"),
    ("underscored-date", r"/(?:19|20)\d{2}_[01]\d_[0-3]\d_\d+\.s?html?$"),
    ("long-id-query", r"[?&][a-z_]*id=\d{8,}(?:&|$)"),
    ("group-id", r"/(?:group|a|i|item|article|articles|news|post|p|detail|details)/\d{6,}/?$"),
    ("article-detail", r"/article/detail/[0-9A-Za-z]+\.html?$"),
    (
        "detail-query",
        (
            r"/(?:[a-z_]*(?:detail|show|view|content|article|info|news|doc)[a-z_]*)"
            r"\.(?:s?html?|jsp|php|aspx?|do|action)\?(?:[^#]*&)?"
            r"(?:id|aid|articleid|newsid|docid|contentid|infoid|itemid|artid)=[\w-]+"
        ),
    ),
    ("post-id", r"/(?:post|article|news|detail|show)[/_-]\d+\.s?html?$"),
    ("long-numeric-id", r"/(?:[a-z]{0,3}[_-]?)?\d{7,}(?:_\d+)?\.s?html?$"),
    ("mixed-id-slug", r"/(?=[0-9A-Za-z]*\d)(?=[0-9A-Za-z]*[A-Za-z])[0-9A-Za-z]{10,}/?$"),
    ("hex-id", r"/[0-9a-f]{24,}\.s?html?$"),
)
_LIST_RULES = _compile(
    ("home", r"^https?://[^/]+/?(?:\?.*)?$"),
    ("paged-query", r"[?&](?:page|pagenum|pageno|pageindex|curpage|currpage|p|pn|pg|pageNo)=\d+"),
    (
        "index-page",
        r"/(?:index|default|list|more|main)(?:[_-]?\d+)?\.(?:s?html?|php|jsp|aspx?|do)$",
    ),
    ("named-list", r"/[a-z_]*(?:list|lists|index|lb|lm|column|channel)[a-z_]*(?:_\d+)?\.s?html?$"),
    ("node", r"/node_\d+(?:_\d+)?\.s?html?$"),
    ("jcms-col", r"/col/col\d+/(?:index\.html?)?(?:\?.*)?$"),
    ("column-query", r"/(?:col|column|channel|list|category|cat|lanmu)\w*\.(?:jsp|php|aspx?|do)\?"),
    ("folder", r"/[^/?#.]+/(?:\?.*)?$"),
)
_WORD_PAGE = re.compile(r"/[a-z][a-z_-]*\.(?:s?html?|php|jsp|aspx?)$", re.IGNORECASE)
_NO_EXT_LAST = re.compile(r"/[^/.?#]+$")
_DIGITS6 = re.compile(r"\d{6,}")


def _first(rules: tuple[tuple[str, re.Pattern[str]], ...], url: str) -> str | None:
    for name, rx in rules:
        if rx.search(url):
            return name
    return None


def classify_url(url: str, profile: SiteProfile | None = None) -> str:
    """ "article", "list" or "other": profile patterns first, then the generic rules in order."""
    url = url.strip()
    if profile is not None:
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            return OTHER
        if any(rx.search(url) for rx in profile.compiled_deny):
            return OTHER
        if any(rx.search(url) for rx in profile.compiled_article):
            return ARTICLE
        if any(rx.search(url) for rx in profile.compiled_list):
            return LIST
    return _classify_generic(url)


@lru_cache(maxsize=16384)  # a portal's navigation links are classified on every page
def _classify_generic(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return OTHER
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


def is_excluded(url: str, profile: SiteProfile | None = None) -> bool:
    """Never a page to crawl, wherever the link sits: not http(s), an asset, an account,
    search, print or comment page, or denied by the profile."""
    if profile is not None and any(rx.search(url) for rx in profile.compiled_deny):
        return True
    return _excluded_generic(url)


@lru_cache(maxsize=16384)
def _excluded_generic(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return True
    path_query = urlunsplit(("", "", parts.path, parts.query, ""))
    return bool(_ASSET.search(parts.path) or _first(_OTHER_RULES, path_query))
