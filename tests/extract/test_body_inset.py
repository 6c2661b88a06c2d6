"""Body: a 延伸阅读 box set into the text does not end the body; the same heading closing it does."""

from __future__ import annotations

from newsarchive import extract

INTRO = "".join(
    f"<p>前文第{i}段，记者了解到，这件事情引起了广泛关注，专家表示，应当认真研究，妥善处理。</p>"
    for i in range(3)
)
PROSE = "".join(
    f"<p>第{i}段正文，记者了解到，这件事情引起了广泛关注，专家表示，应当认真研究，妥善处理。</p>"
    for i in range(10)
)
LINKS = "".join(f"<p><a href='/n{i}.html'>相关新闻标题第{i}条在这里</a></p>" for i in range(4))


def _page(inner: str) -> str:
    return f"<html><body><h1>某地发生一件事情</h1><div>2005-01-06 08:13</div><div id='content'>{inner}</div></body></html>"


def test_inset_related_box_is_skipped_and_the_text_goes_on():
    a = extract(_page(INTRO + "<p>延伸阅读：某地又发生一件事</p>" + LINKS + PROSE))
    assert len(a.paragraphs) == 13
    assert not any("延伸阅读" in p or "相关新闻标题" in p for p in a.paragraphs)


def test_related_box_closing_the_text_ends_it():
    a = extract(
        _page(
            PROSE
            + "<p>相关阅读</p>"
            + LINKS
            + "<p>网友评论：这个事情说得很对，我们都支持，希望早日解决。</p>" * 3
        )
    )
    assert len(a.paragraphs) == 10


def test_comments_after_a_comment_heading_never_count_as_an_inset():
    comments = (
        "<p>网友甲：这个事情说得很对，我们都支持，希望早日解决，大家一起努力，共同进步。</p>" * 10
    )
    a = extract(_page(PROSE + "<p>网友评论</p>" + comments))
    assert len(a.paragraphs) == 10
