"""Property-based fuzzing (Hypothesis): any input gets a result or the one documented error, in bounded time.

- ``extract``: any bytes or text -> an Article whose record encodes as UTF-8 JSON, or ExtractionError;
- the decoder: any bytes -> text that encodes as UTF-8, or ExtractionError;
- ``canonicalize_url``: any text -> a URL that canonicalizes to itself, or ValueError;
- the JSON Lines reader: any file -> good records that re-encode, and reasons for the rest, never an exception.

Example counts are modest and deadlines generous so the tier stays well under a minute on 2 busy cores;
``derandomize`` keeps it reproducible run to run.
"""

from __future__ import annotations

import codecs
import tracemalloc
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsarchive import extract
from newsarchive.dataset import read_jsonl
from newsarchive.exceptions import ExtractionError
from newsarchive.extract.decode import decode_html
from newsarchive.jsonl import dumps
from newsarchive.links import canonicalize_url

FUZZ = settings(
    max_examples=150,
    deadline=timedelta(seconds=10),
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Pieces of pages: markup that matters to the engine, text, entities, and the hostile families.
_FRAGMENTS = [
    "<html>",
    "</html>",
    "<head>",
    "</head>",
    "<body>",
    "</body>",
    "<title>标题_某网</title>",
    "<h1>",
    "</h1>",
    "<p>",
    "</p>",
    "<div class='content'>",
    "</div>",
    "<br>",
    "<table><tr><td>",
    "</td></tr></table>",
    "<a href='/a/1.html'>",
    "</a>",
    "<img src='x.jpg' alt='图'>",
    "<script>",
    "</script>",
    "<script type='application/ld+json'>",
    '{"datePublished": "2021-03-16"}',
    "<meta charset='gb2312'>",
    "<meta charset='big5'>",
    "<meta property='og:title' content='题'>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<?xml version='1.0'?>",
    "<!DOCTYPE html>",
    "&amp;",
    "&#0;",
    "&#xD800;",
    "&nbsp;",
    "\u3000",
    "\x00",
    "\x0b",
    "\ufeff",
    "\ud800",
    "\U0001f600",
    "2021-03-16 18:52",
    "来源：新华社",
    "责任编辑：王芳",
    "3小时前",
    "昨天 18:52",
    "三月十六日，县里召开工作会议，部署今年的重点任务。",
    "<<<<",
    ">>>>",
    "<p a=1 b=2 c=3 d=4>",
    "[" * 200,
    "<div>" * 50,
    "</div>" * 50,
    "<span>" * 30,
]
_CODECS = ["utf-8", "gb18030", "big5", "utf-16-le", "utf-16", "utf-32", "latin-1"]


@st.composite
def pages(draw) -> bytes:
    """Page-like bytes: fragments, encoded in some codec, sometimes cut or with a stray byte."""
    text = "".join(draw(st.lists(st.sampled_from(_FRAGMENTS), max_size=40)))
    codec = draw(st.sampled_from(_CODECS))
    data = (
        text.encode(codec, errors="replace")
        if codec != "utf-8"
        else text.encode("utf-8", "surrogatepass")
    )
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    if draw(st.booleans()):
        data = draw(st.sampled_from([codecs.BOM_UTF8, codecs.BOM_UTF16_LE, b"", b"\x00"])) + data
    return data


def _record_encodes(article) -> None:
    rec = article.to_dict()
    dumps(rec).encode("utf-8")  # a writer must never meet a lone surrogate
    assert isinstance(rec["paragraphs"], list)


@FUZZ
@given(st.one_of(st.binary(max_size=4096), pages()))
def test_extract_any_bytes(data: bytes) -> None:
    try:
        article = extract(data, "http://news.example.cn/a/1.html")
    except ExtractionError:
        return
    _record_encodes(article)


@FUZZ
@given(st.text(max_size=2000))
def test_extract_any_text(text: str) -> None:
    try:
        article = extract(text)
    except ExtractionError:
        return
    _record_encodes(article)


@FUZZ
@given(
    st.one_of(st.binary(max_size=4096), pages()),
    st.one_of(
        st.none(),
        st.sampled_from(
            [
                "text/html; charset=gbk",
                "text/html; charset=utf-16",
                "text/html; charset=bogus",
                "text/html; charset=",
            ]
        ),
    ),
)
def test_decoder_any_bytes(data: bytes, content_type: str | None) -> None:
    try:
        text, used, warnings = decode_html(data, content_type=content_type)
    except ExtractionError:
        return
    text.encode("utf-8", "surrogatepass")
    assert used and isinstance(warnings, list)


_URL_PIECES = st.sampled_from(
    [
        "http://",
        "https://",
        "HTTP://",
        "//",
        "[",
        "]",
        "::1",
        "example.com",
        "新闻.中国",
        ":",
        "80",
        "99999",
        "/",
        "?",
        "&",
        "=",
        "#",
        "%",
        "%zz",
        "%E4%B8%AD",
        "中文",
        "..",
        ".",
        "@",
        "user:pw@",
        " ",
        "\t",
        "\x00",
        ";jsessionid=ab",
        "utm_source=x",
        "a=1",
        "é",
        "ftp://",
        "javascript:",
        "index.html",
        "_t=123",
    ]
)


@FUZZ
@given(st.one_of(st.text(max_size=200), st.lists(_URL_PIECES, max_size=14).map("".join)))
def test_canonicalize_url_any_text(url: str) -> None:
    try:
        canon = canonicalize_url(url)
    except ValueError:  # malformed (bad port, bad IPv6 literal, unencodable): callers skip the link
        return
    assert isinstance(canon, str)
    assert canonicalize_url(canon) == canon


_JSONL_LINES = st.sampled_from(
    [
        b'{"title": "x"}',
        b"[" * 3000,
        b'{"a": ' * 100 + b"1" + b"}" * 100,
        b"9" * 5000,
        b'"\\ud800"',
        b'{"t": "\\udc00\\ud800"}',
        b"\xff\xfe",
        b"\xef\xbb\xbf{}",
        b"",
        b" ",
        b"null",
        b"{",
        b'{"a":1}{"b":2}',
        b'{"version": 1e999}',
        b"NaN",
        b'{"x": "\\u0000"}',
    ]
)


@FUZZ
@given(st.lists(st.one_of(_JSONL_LINES, st.binary(max_size=200)), max_size=20), st.booleans())
def test_jsonl_reader_any_file(tmp_path_factory, lines: list[bytes], validate: bool) -> None:
    path: Path = tmp_path_factory.mktemp("jsonl") / "f.jsonl"
    path.write_bytes(b"\n".join(lines))
    seen = 0
    for lineno, record, problem in read_jsonl(path, validate=validate):
        assert lineno > seen
        seen = lineno
        if record is None:
            assert problem
        else:
            assert isinstance(record, dict)
            dumps(record).encode("utf-8")


def test_extract_memory_stays_proportional(gen) -> None:
    """Hostile families of ~1 MB each: the Python heap peak stays within a fixed multiple of the input."""
    families = {
        "deep": "<div>" * 100_000,
        "attributes": gen.attribute_flood(60_000),
        "jsonld": gen.deep_jsonld(200_000),
        "entities": "<p>" + "&#x4e2d;" * 120_000,
        "comments": "<!--" * 250_000,
        "tiny": "<b>x</b>" * 120_000,
    }
    for name, html in families.items():
        tracemalloc.start()
        try:
            try:
                gen.run_bounded(lambda html=html: extract(html), 60)
            except ExtractionError:
                pass
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert peak < 60 * len(html.encode()) + (32 << 20), (name, peak)


@FUZZ
@given(st.one_of(st.text(max_size=100), st.lists(_URL_PIECES, max_size=10).map("".join)))
def test_extract_any_url(gen, url: str) -> None:
    html = gen.ARTICLE.replace(
        "</head>", "<link rel='canonical' href='../x/1.html'></head>"
    ).replace(
        "<div id='content'>", "<div id='content'><img src='//img/1.jpg'><a href='[::1'>链接</a>"
    )
    article = extract(html, url)
    _record_encodes(article)
    assert article.title == "县里召开会议"
