"""A generated portal of one article template, shaped like the CMS the induction issue describes.

``<title>`` is "column - parent - site" (no headline), the headline sits only in the
page body in a styled div, the meta line is ``来源：…<br>编辑：… 时间：…``, and every
body ends in the same 相关新闻 box. ``variant="redesign"`` renames the template's
classes (a portal redesign). ``headline_class`` names the headline's div: the default
``art-title`` says "title" and the generic engine finds the headline by it; a name
that says nothing (``art-name``) leaves the engine reading the column name from
``<title>`` (工作动态, the same on every page), so only the template's structure shows
the headline. Each page's truth is returned beside its HTML.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from pathlib import Path

SOURCES = ("市委宣传部", "县融媒体中心", "市教育局", "新华社")
EDITORS = ("张伟", "李娜", "王芳", "刘洋", "陈静")
WORDS = (
    "会议强调",
    "要进一步落实",
    "推动高质量发展",
    "切实做好",
    "各项工作",
    "群众满意度",
    "持续提升",
    "全面推进",
    "乡村振兴",
    "基层治理",
    "安全生产",
    "教育事业",
)


@dataclass
class Generated:
    path: str  # /info/1001/123.htm
    html: str
    title: str
    published_at: str  # what the engine writes: 2021-03-05T10:20:00+08:00
    source: str | None
    editor: str


def article_html(
    n: int,
    *,
    variant: str = "a",
    source: str | None = None,
    seed: int = 0,
    headline_class: str | None = None,
) -> Generated:
    rng = random.Random(n * 7919 + seed)
    title = f"第{n}次{rng.choice(WORDS)}{rng.choice(WORDS)}专题工作会议召开"
    day, hour, minute = 1 + n % 27, 8 + n % 10, (n * 7) % 60
    stamp = f"2021-03-{day:02d} {hour:02d}:{minute:02d}"
    src = source if source is not None else SOURCES[n % len(SOURCES)]
    editor = EDITORS[n % len(EDITORS)]
    paras = "".join(
        f"<p>{''.join(rng.choice(WORDS) for _ in range(12))}，{rng.choice(WORDS)}。</p>"
        for _ in range(5)
    )
    cls = {
        "a": ("article", "art-title", "art-meta", "art-body"),
        "redesign": ("story", "story-head", "story-info", "story-text"),
    }[variant]
    if headline_class:
        cls = (cls[0], headline_class, *cls[2:])
    nav = "".join(f'<li><a href="/col{i}/index.htm">栏目{i}</a></li>' for i in range(8))
    related = "".join(
        f'<li><a href="/info/1001/{k}.htm">往期回顾第{k}期</a></li>' for k in range(3)
    )
    html = f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>工作动态 - 新闻中心 - 某某县人民政府</title></head><body>
<div class="header"><h1 class="logo">某某县人民政府</h1><ul class="nav">{nav}</ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/xwzx/">新闻中心</a> &gt; 工作动态</div>
<div class="{cls[0]}">
  <div class="{cls[1]}">{title}</div>
  <div class="{cls[2]}">来源：{src}<br>编辑：{editor}&nbsp;&nbsp;时间：{stamp}</div>
  <div class="{cls[3]}">{paras}
    <div class="related"><h4>相关新闻</h4><ul>{related}</ul></div>
  </div>
  <div class="share">分享到：微信 微博 QQ空间</div>
</div>
<div class="footer">版权所有：某某县人民政府办公室 地址：某某县人民路1号</div>
</body></html>"""
    return Generated(
        f"/info/1001/{n}.htm",
        html,
        title,
        f"2021-03-{day:02d}T{hour:02d}:{minute:02d}:00+08:00",
        src or None,
        editor,
    )


def other_shell(g: Generated) -> Generated:
    """Another template under the same URL pattern: the article's classes, another page shell around them."""
    html = (
        g.html.replace('class="header"', 'class="masthead"')
        .replace('class="logo"', 'class="brand"')
        .replace('class="nav"', 'class="menu"')
        .replace('class="crumb"', 'class="path"')
        .replace(
            '<div class="article">', '<div class="wrap"><div class="main"><div class="article">'
        )
        .replace('<div class="footer">', '</div></div><div class="copyright">')
    )
    return replace(g, html=html)


def build_site(
    root: Path, count: int, *, variant: str = "a", headline_class: str | None = None
) -> list[Generated]:
    """``count`` articles under /info/1001/ and list pages linking them (6 a page) from /index.htm."""
    pages = [
        article_html(n, variant=variant, headline_class=headline_class) for n in range(1, count + 1)
    ]
    for g in pages:
        dest = root / g.path.lstrip("/")
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(g.html, encoding="utf-8")
    chunks = [pages[i : i + 6] for i in range(0, len(pages), 6)]
    for i, chunk in enumerate(chunks):
        items = "".join(
            f'<li><a href="{g.path}">{g.title}</a><span>2021-03-01</span></li>' for g in chunk
        )
        nxt = f'<a href="/list/{i + 1}.htm">下一页</a>' if i + 1 < len(chunks) else ""
        name = root / ("index.htm" if i == 0 else f"list/{i}.htm")
        name.parent.mkdir(parents=True, exist_ok=True)
        name.write_text(
            f'<html><head><meta charset="utf-8"><title>工作动态</title></head><body>'
            f'<ul class="list">{items}</ul>{nxt}</body></html>',
            encoding="utf-8",
        )
    return pages
