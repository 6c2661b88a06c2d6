"""extract() on hostile pages: a record (with warnings) or ExtractionError, never another exception."""

from __future__ import annotations

import importlib
import io
from pathlib import Path

import pytest

from newsarchive import extract
from newsarchive.cli import main
from newsarchive.exceptions import ExtractionError


def test_deep_jsonld_is_ignored_not_a_recursion_error(gen):
    a = extract(gen.deep_jsonld(1000).encode())
    assert a.title == "县里召开会议"
    assert a.paragraphs[0].startswith("三月十六日")


def test_deep_jsonld_does_not_hide_shallow_jsonld(gen):
    shallow = '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2021-03-15T08:00:00+08:00"}</script>'
    html = (
        gen.deep_jsonld(5000)
        .replace("</head>", shallow + "</head>")
        .replace("<div>2021-03-16 18:52 来源：某网</div>", "")
    )
    a = extract(html)
    assert a.published_at is not None and a.published_at.startswith("2021-03-15")


def test_any_engine_failure_becomes_extraction_error(gen, monkeypatch):
    core = importlib.import_module("newsarchive.extract.core")

    def boom(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(core, "find_body", boom)
    with pytest.raises(ExtractionError, match="RecursionError"):
        extract(gen.ARTICLE, "http://example.com/a.html")


def test_cli_goes_on_after_a_page_the_engine_fails_on(gen, tmp_path: Path, monkeypatch):
    core = importlib.import_module("newsarchive.extract.core")

    real = core.find_body

    def fails_on_marker(blocks, scope, **kwargs):
        if any("炸弹" in b.text for b in blocks):
            raise MemoryError()
        return real(blocks, scope, **kwargs)

    monkeypatch.setattr(core, "find_body", fails_on_marker)
    good1, bad, good2 = tmp_path / "1.html", tmp_path / "2.html", tmp_path / "3.html"
    good1.write_text(gen.ARTICLE, encoding="utf-8")
    bad.write_text(gen.ARTICLE.replace("三月十六日", "炸弹三月十六日"), encoding="utf-8")
    good2.write_text(gen.deep_jsonld(1000), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = main(["extract", str(good1), str(bad), str(good2)], stdout=out, stderr=err)
    assert code == 1
    assert len(out.getvalue().splitlines()) == 2  # both good pages, in order
    assert (
        err.getvalue().count("\n") == 1
        and "2.html" in err.getvalue()
        and "MemoryError" in err.getvalue()
    )
    assert "Traceback" not in err.getvalue()


def test_attribute_flood_is_capped_with_a_warning(gen):
    html = gen.attribute_flood(200_000)  # one start tag: libxml2 alone took ~50 s on it
    assert len(html) > 2_500_000
    a = gen.run_bounded(lambda: extract(html), 30)
    assert a.title == "县里召开会议"
    assert a.paragraphs[0].startswith("三月十六日")
    assert any("over 64 attributes" in w for w in a.warnings)


def test_ordinary_attributes_are_untouched():
    from newsarchive.extract.dom import bound_markup

    tag = '<img src="data:image/png;base64,' + "A" * 5000 + '" alt="图" class="x">'
    warnings: list[str] = []
    assert bound_markup(tag, warnings) == tag and warnings == []


def test_millions_of_tiny_elements_are_bounded(gen):
    """16 MiB of <b>x</b> (2M elements) took 49 s and 1.1 GB; inline tags now go before parsing."""
    html = (
        "<html><body><h1>县里召开会议</h1><div id='content'><p>三月十六日，县里召开工作会议，部署今年的重点任务。</p>"
        + "<b>字</b>" * 1_000_000
        + "</div></body></html>"
    )
    import tracemalloc

    tracemalloc.start()
    try:
        a = gen.run_bounded(lambda: extract(html), 60)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert a.title == "县里召开会议"
    assert any("inline formatting tags removed" in w for w in a.warnings)
    assert "字" * 1000 in a.text  # the text of the removed tags is kept
    assert peak < 400 * 1024 * 1024


def test_too_many_block_elements_are_cut_with_a_warning(monkeypatch):
    import dataclasses

    dom = importlib.import_module("newsarchive.extract.dom")
    monkeypatch.setattr(dom, "LIMITS", dataclasses.replace(dom.LIMITS, max_elements=20_000))
    html = (
        "<html><body><h1>县里召开会议</h1>"
        + "".join(f"<div>第{i}段文字。</div>" for i in range(30_000))
        + "</body></html>"
    )
    a = extract(html)
    assert any("cut after 20,000" in w for w in a.warnings)
    assert "第19990段文字。" in a.text and "第20005段文字。" not in a.text


def test_nested_hidden_elements_are_measured_once(gen):
    """Each of 2,000 nested hidden <div>s had its whole text re-read: 1.5 MB took ~10 s of CPU."""
    import time

    text = "这是隐藏的文字" * 70_000
    hidden = '<div style="display:none">' * 2000 + text + "</div>" * 2000
    html = gen.ARTICLE.replace("</div></body>", "</div>" + hidden + "</body>")
    started = time.process_time()
    a = gen.run_bounded(lambda: extract(html), 60)
    cpu = time.process_time() - started
    assert a.title == "县里召开会议"
    assert "这是隐藏的文字" not in a.text  # hidden, and not prose: dropped
    assert cpu < 5, cpu


def test_hidden_prose_is_still_revealed_and_hidden_widgets_inside_it_dropped():
    prose = "".join(f"第{i}句话讲述了会议的内容。" for i in range(30))
    widgets = "".join(f'<span style="display:none">分享{i}</span>' for i in range(20))
    html = (
        f"<html><body><h1>县里召开会议</h1><div id='js_content' style='visibility:hidden'><p>{prose}</p>"
        f"{widgets}</div></body></html>"
    )
    a = extract(html)
    assert any("第29句话" in p for p in a.paragraphs)
    assert "分享" not in a.text
