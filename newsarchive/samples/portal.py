"""Generate a synthetic regional news portal as static files (for the demo, tests and benchmarks)."""

from __future__ import annotations

import json
import random
import shutil
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from html import escape
from pathlib import Path

from .words import NAMES, phrase, sentence

__all__ = ["MANIFEST", "SECTIONS", "PortalInfo", "Route", "build_portal"]

MANIFEST = "_portal.json"
SITE_NAME = "示例日报"

# name, title, list URL style, article URL style
SECTIONS = (
    ("news", "要闻", "index_n", "trs"),  # /news/index.html, index_1.html ...; t20210316_12.html
    (
        "local",
        "本地",
        "list_n",
        "datepath",
    ),  # /local/list.html, list_2.html ...; /2021/0316/12.html
    ("gov", "政务", "query", "content"),  # /gov/list.html?page=2 ...; content_12.htm
)


@dataclass
class Route:
    """Server behaviour for one path beyond serving a file."""

    redirect: str | None = None  # Location of a 301/302
    status: int = 301
    fail_times: int = 0  # answer 500 this many times, then serve the file
    delay: float = 0.0  # seconds to wait before answering
    content_type: str | None = None  # overrides the guessed Content-Type


@dataclass
class PortalInfo:
    """What was generated, as URL paths (join with the server's base URL)."""

    root: Path
    home: str = "/index.html"
    articles: list[str] = field(default_factory=list)  # every path that should end up archived
    generated: list[str] = field(
        default_factory=list
    )  # generated article paths (subset of articles)
    corpus: list[str] = field(default_factory=list)  # real pages served as articles
    lists: list[str] = field(default_factory=list)  # list pages (path?query)
    disallowed: list[str] = field(default_factory=list)  # linked, but robots.txt forbids them
    offsite: list[str] = field(default_factory=list)  # absolute links to other hosts
    missing: list[str] = field(default_factory=list)  # linked, answer 404
    slow: list[str] = field(default_factory=list)  # slower than a tight download timeout
    flaky: list[str] = field(default_factory=list)  # 500 once, then fine
    gbk: list[str] = field(default_factory=list)  # GBK-encoded articles
    redirected: dict[str, str] = field(default_factory=dict)  # linked path -> target path
    routes: dict[str, Route] = field(default_factory=dict)
    dates: dict[str, str] = field(default_factory=dict)  # article path -> YYYY-MM-DD
    broken: list[str] = field(
        default_factory=list
    )  # article URLs with an empty page (extraction error)
    aliases: dict[str, str] = field(
        default_factory=dict
    )  # linked path?query -> its rel=canonical path

    def save(self) -> None:
        data = asdict(self)
        data["root"] = str(self.root)
        (self.root / MANIFEST).write_text(
            json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8"
        )

    @classmethod
    def load(cls, root: Path) -> PortalInfo:
        data = json.loads((Path(root) / MANIFEST).read_text(encoding="utf-8"))
        data["root"] = Path(root)
        data["routes"] = {k: Route(**v) for k, v in data["routes"].items()}
        return cls(**data)


def build_portal(
    root: Path,
    *,
    articles: int = 60,
    seed: int = 0,
    per_page: int = 8,
    extras: bool = True,
    corpus_dir: Path | None = None,
    corpus_pages: int = 0,
    script_lists: bool = False,
    slow_seconds: float = 3.0,
    first_date: datetime = datetime(2021, 1, 1, 8, 0),
    paragraphs: tuple[int, int] = (4, 7),
) -> PortalInfo:
    """Write a portal under ``root``: home → sections → paginated lists → articles.

    Article ``n`` is dated ``first_date + 36h * (n - 1)`` and dealt round-robin to
    the sections (three list URL styles); lists show the newest first. ``extras`` adds the awkward cases a crawler
    must survive: GBK pages with and without a charset header, a 301, a 404, a 500
    that succeeds on retry, a robots.txt-disallowed link, tracking-parameter
    duplicates, off-site links, an off-site redirect and a page slower than
    ``slow_seconds``. ``corpus_pages`` real pages from ``corpus_dir`` are served as
    articles of a "corpus" section. Rebuilding with more ``articles`` (same seed)
    keeps every old article byte-identical and adds newer ones on top.
    """
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    info = PortalInfo(root=root)
    # ids count up from the oldest and dates follow the id, so a rebuild with more
    # articles keeps every old path and date and puts the new ones on top of the lists
    styles = {s[0]: s[3] for s in SECTIONS}
    per_section: dict[str, list[tuple[str, str, datetime]]] = {s[0]: [] for s in SECTIONS}
    for ident in range(articles, 0, -1):
        when = first_date + timedelta(hours=36 * (ident - 1))
        sec = SECTIONS[ident % len(SECTIONS)][0]
        path = _article_path(sec, styles[sec], ident, when)
        per_section[sec].append((path, _headline(random.Random(seed * 100003 + ident)), when))

    home_links: list[tuple[str, str]] = []
    for sec, sec_title, lstyle, _astyle in SECTIONS:
        items = per_section[sec]
        for path, title, when in items:
            ident = _ident(path) % 100000
            encoding = "utf-8"
            route = None
            if extras and sec == "local" and (ident // 3) % 2 == 1:
                encoding = "gbk"
                # alternate: charset in the header only, or only in a <meta> tag
                if (ident // 6) % 2:
                    route = Route(content_type="text/html; charset=gbk")
                else:
                    route = Route(content_type="text/html")
                info.gbk.append(path)
            body = _article_html(
                title,
                when,
                sec_title,
                random.Random(seed * 7919 + ident),
                paragraphs,
                encoding=encoding,
                meta_charset=not (route and route.content_type and "charset" in route.content_type),
                canonical=path,
            )
            _write(root, path, body.encode(encoding))
            if route:
                info.routes[path] = route
            info.articles.append(path)
            info.generated.append(path)
            info.dates[path] = when.strftime("%Y-%m-%d")
        pages = [items[i : i + per_page] for i in range(0, len(items), per_page)] or [[]]
        list_paths = [_list_path(sec, lstyle, n, len(pages)) for n in range(len(pages))]
        for n, chunk in enumerate(pages):
            entries = [(p, t, w.strftime("%Y-%m-%d")) for p, t, w in chunk]
            extra_links: list[tuple[str, str]] = []
            if extras and n == 0:
                if sec == "news":
                    miss = "/news/202101/t20210101_404404.html"
                    extra_links.append((miss, "已删除的旧闻"))
                    info.missing.append(miss)
                if sec == "local":
                    slow = "/local/2021/0101/7777.html"
                    _write(
                        root,
                        slow,
                        _article_html(
                            "慢速页面",
                            datetime(2021, 1, 1, 9),
                            sec_title,
                            random.Random(7777),
                            paragraphs,
                        ).encode(),
                    )
                    info.routes[slow] = Route(delay=slow_seconds)
                    info.slow.append(slow)
                    extra_links.append((slow, "慢速页面"))
            nxt = list_paths[n + 1] if n + 1 < len(list_paths) else None
            html = _list_html(sec_title, entries, extra_links, list_paths, n, nxt)
            _write(root, _list_file(list_paths[n]), html.encode("utf-8"))
            info.lists.append(list_paths[n])
        home_links.append((list_paths[0], sec_title))

    if extras:
        # a 500 that succeeds on retry: the newest "gov" article
        flaky = per_section["gov"][0][0] if per_section["gov"] else None
        if flaky:
            info.routes.setdefault(flaky, Route()).fail_times = 1
            info.flaky.append(flaky)
        # reachable only through a 301 from a date-path link on the home page
        target = "/local/2021/0302/9002.html"
        _write(
            root,
            target,
            _article_html(
                "通过跳转到达的文章",
                datetime(2021, 3, 2, 15, 0),
                "本地",
                random.Random(9002),
                paragraphs,
            ).encode(),
        )
        info.articles.append(target)
        info.dates[target] = "2021-03-02"
        old = "/2021/0302/old-9002.html"
        info.routes[old] = Route(redirect=target, status=301)
        info.redirected[old] = target
        # an off-site redirect: must be dropped, never followed
        out = "/2021/0303/out-1.html"
        info.routes[out] = Route(redirect="http://offsite.invalid/2021/0303/1.html", status=302)
        info.redirected[out] = "http://offsite.invalid/2021/0303/1.html"
        # robots.txt forbids /private/, yet the home page links there
        private = "/private/2021/0301/9001.html"
        _write(
            root,
            private,
            _article_html(
                "内部文章", datetime(2021, 3, 1, 9, 0), "内部", random.Random(9001), paragraphs
            ).encode(),
        )
        info.disallowed.append(private)
        (root / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n", encoding="ascii")
        info.offsite = [
            "http://offsite.invalid/2021/0316/1.html",
            "https://www.example.com/news/index.html",
        ]
        # an article URL whose page is empty: the engine refuses it, the crawl counts an error and goes on
        empty = "/news/202101/t20210102_505050.html"
        _write(root, empty, b"")
        info.broken.append(empty)
        # the same article under a second (mobile) address; rel=canonical makes it one record
        if per_section["gov"]:
            original, _title, when = per_section["gov"][-1]
            copy = f"/m/{when:%Y}/{when:%m%d}/{100000 + _ident(original)}.html"  # mobile view
            _write(
                root, copy, (root / original.lstrip("/")).read_bytes()
            )  # its canonical names the original
            info.aliases[copy] = original

    if corpus_dir is not None and corpus_pages and Path(corpus_dir).is_dir():
        files = sorted(Path(corpus_dir).glob("*.html"))[:corpus_pages]
        entries = []
        for n, src in enumerate(files, 1):
            path = f"/corpus/2021/0101/c{n}.html"
            dest = root / path.lstrip("/")
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dest)
            info.routes[path] = Route(content_type="text/html")
            info.articles.append(path)
            info.corpus.append(path)
            entries.append((path, src.stem, "2021-01-01"))
        _write(
            root,
            "/corpus/index.html",
            _list_html("真实页面", entries, [], ["/corpus/index.html"], 0, None).encode("utf-8"),
        )
        info.lists.append("/corpus/index.html")
        home_links.append(("/corpus/index.html", "真实页面"))

    if script_lists:
        _script_section(root, info, seed, paragraphs, per_page)
        home_links.append(("/county/col/col1/index.html", "县区"))

    top = [
        p
        for p, _t, _w in sorted(
            (x for v in per_section.values() for x in v), key=lambda t: t[2], reverse=True
        )[:5]
    ]
    _write(root, "/index.html", _home_html(home_links, top, info, extras).encode("utf-8"))
    info.save()
    return info


def _ident(path: str) -> int:
    name = path.rsplit("/", 1)[-1].split(".")[0]
    return int(name.rsplit("_", 1)[-1])


def _article_path(sec: str, style: str, ident: int, when: datetime) -> str:
    if style == "trs":
        return f"/{sec}/{when:%Y%m}/t{when:%Y%m%d}_{ident}.html"
    if style == "datepath":
        return f"/{sec}/{when:%Y}/{when:%m%d}/{100000 + ident}.html"  # portals use long ids
    return f"/{sec}/content_{ident}.htm"


def _list_path(sec: str, style: str, n: int, total: int) -> str:
    if style == "index_n":
        return f"/{sec}/index.html" if n == 0 else f"/{sec}/index_{n}.html"
    if style == "list_n":
        return f"/{sec}/list.html" if n == 0 else f"/{sec}/list_{n + 1}.html"
    return f"/{sec}/list.html" if n == 0 else f"/{sec}/list.html?page={n + 1}"


def _list_file(path: str) -> str:
    """Where a path with a query string is stored: ``list.html?page=2`` → ``list.html@page=2``."""
    return path.replace("?", "@")


def _write(root: Path, path: str, data: bytes) -> None:
    dest = root / path.lstrip("/")
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(data)


def _headline(rng: random.Random) -> str:
    return f"{phrase(rng)}工作会议"[:28] + rng.choice(("", "取得新进展", "成效明显", "全面铺开"))


def _sentence(rng: random.Random) -> str:
    return sentence(rng, parts=(2, 4), tally=False)


def _article_html(
    title: str,
    when: datetime,
    section: str,
    rng: random.Random,
    paragraphs: tuple[int, int],
    *,
    encoding: str = "utf-8",
    meta_charset: bool = True,
    canonical: str | None = None,
) -> str:
    author, editor = rng.choice(NAMES), rng.choice(NAMES)
    paras = "\n".join(
        f"<p>{''.join(_sentence(rng) for _ in range(rng.randint(3, 5)))}</p>"
        for _ in range(rng.randint(*paragraphs))
    )
    charset = (
        f'<meta http-equiv="Content-Type" content="text/html; charset={encoding}">'
        if meta_charset
        else ""
    )
    t = escape(title)
    canonical_link = f'<link rel="canonical" href="{escape(canonical)}">' if canonical else ""
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head>{charset}<title>{t}_{section}_{SITE_NAME}</title>{canonical_link}</head>
<body>
<div class="nav"><a href="/index.html">首页</a> <a href="/news/index.html">要闻</a> <a href="/local/list.html">本地</a>
<a href="/gov/list.html">政务</a></div>
<div class="crumb"><a href="/index.html">首页</a> &gt; <a href="#">{section}</a> &gt; 正文</div>
<div class="article">
<h1>{t}</h1>
<div class="info">发布时间：{when:%Y-%m-%d %H:%M} 来源：{SITE_NAME} 作者：{author}</div>
<div class="content">
{paras}
</div>
<div class="editor">责任编辑：{editor}</div>
</div>
<div class="footer">版权所有 {SITE_NAME} 备案号：示ICP备00000000号</div>
</body></html>
"""


def _list_html(
    section: str,
    entries: list[tuple[str, str, str]],
    extra: list[tuple[str, str]],
    pages: list[str],
    current: int,
    nxt: str | None,
) -> str:
    lis = "\n".join(
        f'<li><a href="{escape(p)}" target="_blank">{escape(t)}</a><span>{d}</span></li>'
        for p, t, d in entries
    )
    lis += "\n".join(f'<li><a href="{escape(p)}">{escape(t)}</a></li>' for p, t in extra)
    # like real pagers: first page, a window of two pages either side, next
    window = [i for i in range(len(pages)) if i == 0 or abs(i - current) <= 2]
    nums = " ".join(
        f'<a href="{escape(pages[i])}">{i + 1}</a>' if i != current else f"<b>{i + 1}</b>"
        for i in window
    )
    nxt_html = f'<a href="{escape(nxt)}" class="next">下一页</a>' if nxt else ""
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(section)}_{SITE_NAME}</title></head>
<body><div class="nav"><a href="/index.html">首页</a></div>
<h2>{escape(section)}</h2>
<ul class="list">
{lis}
</ul>
<div class="pager">{nums} {nxt_html}</div>
</body></html>
"""


def _home_html(
    sections: list[tuple[str, str]], top: list[str], info: PortalInfo, extras: bool
) -> str:
    links = [f'<a href="{escape(p)}">{escape(t)}</a>' for p, t in sections]
    # the newest stories again, with tracking parameters and fragments: one record each all the same
    links += [f'<a href="{escape(p)}?utm_source=home&amp;spm=a1.b2#comments">头条</a>' for p in top]
    if extras:
        links += [f'<a href="{escape(p)}">跳转</a>' for p in info.redirected]
        links += [f'<a href="{escape(p)}">内部</a>' for p in info.disallowed]
        links += [f'<a href="{escape(p)}">手机版</a>' for p in [*info.broken, *info.aliases]]
        links += [f'<a href="{escape(u)}">友情链接</a>' for u in info.offsite]
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>首页_{SITE_NAME}</title></head>
<body><h1>{SITE_NAME}</h1>
<div class="links">{"<br>".join(links)}</div>
</body></html>
"""


def _script_section(
    root: Path, info: PortalInfo, seed: int, paragraphs: tuple[int, int], per_page: int
) -> None:
    """A county column drawn by script: 大汉 JCMS datastore with CDATA records and a TRS pager."""
    items = []
    for k in range(1, 2 * per_page + 1):
        when = datetime(2021, 2, 1, 10, 0) + timedelta(days=k)
        path = f"/county/art/{when:%Y}/{when.month}/{when.day}/art_1_{8000 + k}.html"
        _write(
            root,
            path,
            _article_html(
                f"县区动态第{k}期", when, "县区", random.Random(seed + 8000 + k), paragraphs
            ).encode(),
        )
        info.articles.append(path)
        info.generated.append(path)
        info.dates[path] = when.strftime("%Y-%m-%d")
        items.append((path, f"县区动态第{k}期", when.strftime("%Y-%m-%d")))
    items.reverse()
    first, second = items[:per_page], items[per_page:]
    records = "\n".join(
        f'<record><![CDATA[<li><a href="{p}" title="{t}">{t}</a><span>{d}</span></li>]]></record>'
        for p, t, d in first
    )
    html = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>县区_{SITE_NAME}</title></head><body>
<div id="1"><script type="text/xml"><datastore>
<recordset>
{records}
</recordset></datastore></script></div>
<div class="pager"><script>createPageHTML(2, 0, "index", "html");</script></div>
</body></html>"""
    _write(root, "/county/col/col1/index.html", html.encode("utf-8"))
    lis = "\n".join(f'<!-- <li><a href="{p}">{t}</a></li> -->' for p, t, _d in second)
    html2 = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>县区_{SITE_NAME}</title></head><body>
<ul id="list"></ul>
<script>var items = {json.dumps([{"url": p, "title": t} for p, t, _ in second], ensure_ascii=False)};</script>
{lis}
<script>createPageHTML(2, 1, "index", "html");</script>
</body></html>"""
    _write(root, "/county/col/col1/index_1.html", html2.encode("utf-8"))
    info.lists += ["/county/col/col1/index.html", "/county/col/col1/index_1.html"]
