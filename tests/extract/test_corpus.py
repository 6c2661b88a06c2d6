"""Saved real pages (../shared/corpus/dev, dev2): decoding, schema, and the accuracy baselines."""

from __future__ import annotations

import json
import sys
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from newsarchive import extract
from newsarchive.extract.decode import decode_html

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"


def corpus_pages(name: str = "dev") -> list[Path]:
    html = CORPUS / name / "html"
    return sorted(html.glob("*.html")) if html.is_dir() else []


needs_corpus = pytest.mark.skipif(
    not (CORPUS / "dev" / "html").is_dir(), reason="../shared/corpus is absent"
)

pytestmark = needs_corpus


@lru_cache(maxsize=1)
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(
        resources.files("newsarchive").joinpath("schema/article-v2.json").read_text("utf-8")
    )
    return jsonschema.Draft202012Validator(schema)


# the crawl date the corpus is scored with (relative dates, "never later than now")
NOW = datetime(2026, 12, 1, tzinfo=timezone(timedelta(hours=8)))


@lru_cache(maxsize=2)
def records(name: str = "dev") -> dict[str, dict]:
    """Each page extracted as a crawl would: with the url its truth states."""
    out = {}
    for p in corpus_pages(name):
        truth = _truth(name, p.stem)
        out[p.stem] = extract(
            p.read_bytes(), truth.get("url") if truth else None, now=NOW
        ).to_dict()
    return out


def _truth(name: str, stem: str) -> dict | None:
    for sub in ("truth", "truth-other"):
        path = CORPUS / name / sub / f"{stem}.json"
        if path.is_file():
            return json.loads(path.read_text("utf-8"))
    return None


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


@pytest.mark.parametrize("corpus", ["dev", "dev2"])
def test_every_record_validates_against_the_schema(corpus):
    v = validator()
    for name, record in records(corpus).items():
        errors = sorted(v.iter_errors(record), key=str)
        assert not errors, f"{name}: {errors[0].message} at {list(errors[0].path)}"
        assert "\\u" not in json.dumps(record, ensure_ascii=False)


@pytest.mark.parametrize("name", ["dev", "dev2"])
def test_accuracy_does_not_drop_below_the_recorded_baseline(tmp_path, name):
    if not corpus_pages(name):
        pytest.skip(f"../shared/corpus/{name} is absent")
    sys.path.insert(0, str(CORPUS))
    try:
        import score  # the corpus's own scorer
    finally:
        sys.path.remove(str(CORPUS))
    preds = tmp_path / "preds.jsonl"
    with preds.open("w", encoding="utf-8") as fh:
        for stem, record in records(name).items():
            # schema v2 keeps a date-only value in published_date
            published = record.get("published_at") or record.get("published_date")
            fh.write(
                json.dumps({**record, "id": stem, "published": published}, ensure_ascii=False)
                + "\n"
            )
    summary, _rows = score.summarize(
        score.load_truth(CORPUS / name / "truth"), score.load_preds(preds)
    )
    baseline = json.loads((REPO / "benchmarks" / "baseline.json").read_text("utf-8"))[
        "newsarchive"
    ][name]
    drops = {f: (summary[f], want) for f, want in baseline.items() if summary[f] + 1e-9 < want}
    assert not drops, f"{name}: accuracy below baseline (got, baseline): {drops}"
