"""Saved real pages (../shared/corpus/dev): decoding, schema, and the accuracy baseline."""
from __future__ import annotations

import json
import sys
from functools import lru_cache
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from newsarchive import extract
from newsarchive.extract.decode import decode_html

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"


def corpus_pages() -> list[Path]:
    html = CORPUS / "dev" / "html"
    return sorted(html.glob("*.html")) if html.is_dir() else []


needs_corpus = pytest.mark.skipif(not (CORPUS / "dev" / "html").is_dir(), reason="../shared/corpus is absent")

pytestmark = needs_corpus


@lru_cache(maxsize=1)
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(resources.files("newsarchive").joinpath("schema/article-v2.json").read_text("utf-8"))
    return jsonschema.Draft202012Validator(schema)


@lru_cache(maxsize=1)
def records() -> dict[str, dict]:
    return {p.stem: extract(p.read_bytes()).to_dict() for p in corpus_pages()}


@pytest.mark.parametrize("page", corpus_pages(), ids=lambda p: p.stem)
def test_no_mojibake(page: Path):
    raw = page.read_bytes()
    text, _codec, warnings = decode_html(raw)
    # a replacement character counts only if decoding made it (two pages carry U+FFFD themselves)
    assert text.count("\ufffd") == raw.count("\ufffd".encode("utf-8"))
    assert not any("undecodable" in w for w in warnings)
    truth = json.loads((CORPUS / "dev" / "truth" / f"{page.stem}.json").read_text("utf-8"))
    if truth["title"]:
        assert truth["title"][:6] in text.replace("&quot;", '"') or truth["title"][:4] in text


def test_every_record_validates_against_the_schema():
    v = validator()
    for name, record in records().items():
        errors = sorted(v.iter_errors(record), key=str)
        assert not errors, f"{name}: {errors[0].message} at {list(errors[0].path)}"
        assert "\\u" not in json.dumps(record, ensure_ascii=False)


def test_accuracy_does_not_drop_below_the_recorded_baseline(tmp_path):
    sys.path.insert(0, str(CORPUS))
    try:
        import score  # the corpus's own scorer
    finally:
        sys.path.remove(str(CORPUS))
    preds = tmp_path / "preds.jsonl"
    with preds.open("w", encoding="utf-8") as fh:
        for name, record in records().items():
            published = record["published_at"] or record["published_date"]  # schema v2: instant, else day
            fh.write(json.dumps({**record, "published": published, "id": name}, ensure_ascii=False) + "\n")
    summary, _rows = score.summarize(score.load_truth(CORPUS / "dev" / "truth"), score.load_preds(preds))
    baseline = json.loads((REPO / "benchmarks" / "baseline.json").read_text("utf-8"))["newsarchive"]
    drops = {f: (summary[f], want) for f, want in baseline.items() if summary[f] + 1e-9 < want}
    assert not drops, f"accuracy below baseline (got, baseline): {drops}"
