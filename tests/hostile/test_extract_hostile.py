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
    html = gen.deep_jsonld(5000).replace("</head>", shallow + "</head>").replace(
        "<div>2021-03-16 18:52 来源：某网</div>", "")
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
    assert len(out.getvalue().splitlines()) == 2          # both good pages, in order
    assert err.getvalue().count("\n") == 1 and "2.html" in err.getvalue() and "MemoryError" in err.getvalue()
    assert "Traceback" not in err.getvalue()
