"""One bad JSON Lines line never stops a dataset tool: it is named, skipped and counted."""

from __future__ import annotations

import io
import json
import warnings
from pathlib import Path

import pytest

from newsarchive import extract
from newsarchive.cli import main
from newsarchive.dataset import open_dataset, read_jsonl
from newsarchive.exceptions import DatasetWarning, RecordValidationError
from newsarchive.jsonl import dumps


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def good_record(gen, n: int) -> dict:
    rec = extract(gen.ARTICLE.replace("县里", f"第{n}县"), f"http://example.com/{n}.html").to_dict()
    rec.update(
        site="example",
        version=1,
        previous_hash=None,
        provenance={"fetched_at": "2026-11-20T08:00:00Z", "http_status": 200},
    )
    return rec


@pytest.fixture
def poisoned(gen, tmp_path: Path) -> Path:
    """A data dir whose one file holds a good record, then every bad-line family, then another good one."""
    path = tmp_path / "data" / "example" / "articles" / "2021-03.jsonl"
    path.parent.mkdir(parents=True)
    lines = [
        dumps(good_record(gen, 1)).encode() + b"\n",
        *gen.bad_jsonl_lines().values(),
        dumps(good_record(gen, 2)).encode() + b"\n",
    ]
    path.write_bytes(b"".join(lines))
    return tmp_path / "data"


def test_reader_names_each_bad_line_and_goes_on(poisoned, gen):
    path = next(poisoned.rglob("*.jsonl"))
    rows = list(read_jsonl(path))
    bad = {lineno: reason for lineno, rec, reason in rows if rec is None}
    assert [lineno for lineno, rec, _ in rows if rec is not None] == [1, 9]
    assert len(bad) == len(gen.bad_jsonl_lines())
    assert "nested" in bad[2] and "nested" in bad[3]
    assert "digits" in bad[4]
    assert "surrogate" in bad[5] and "title" in bad[5]
    assert "UTF-8" in bad[6]


def test_reader_without_validation_still_rejects_lone_surrogates(poisoned):
    path = next(poisoned.rglob("*.jsonl"))
    good = [rec for _, rec, _ in read_jsonl(path, validate=False) if rec is not None]
    assert len(good) == 2  # the surrogate line is not a usable record either way


def test_open_dataset_skips_and_counts(poisoned, gen):
    ds = open_dataset(poisoned)
    with pytest.warns(DatasetWarning, match="skipped 7 bad line"):
        titles = [r["title"] for r in ds]
    assert titles == ["第1县召开会议", "第2县召开会议"]
    with pytest.raises(RecordValidationError, match=":2: nested"):
        list(open_dataset(poisoned, strict=True))


def test_validate_rejects_each_bad_line(poisoned):
    code, out, err = run("validate", str(poisoned))
    assert code == 5
    assert len(out.splitlines()) == 7
    assert "surrogate" in out
    assert "7 bad" in err


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_writes_the_good_records_and_exits_5(poisoned, tmp_path: Path, fmt):
    out = tmp_path / f"out.{fmt}"
    code, _, err = run("export", str(poisoned), "--out", str(out))
    assert code == 5, err
    assert "unexpected" not in err and "Traceback" not in err
    assert "2 record(s)" in err and "7 bad line(s) skipped" in err
    if fmt == "jsonl":
        assert [json.loads(line)["title"] for line in out.read_text("utf-8").splitlines()] == [
            "第1县召开会议",
            "第2县召开会议",
        ]


def test_stats_and_dedupe_go_on(poisoned, tmp_path: Path):
    code, out, err = run("stats", str(poisoned), "--json")
    assert code == 0, err
    assert json.loads(out)["bad_lines"] == 7
    code, out, err = run("dedupe", str(poisoned), "--out", str(tmp_path / "marked"))
    assert code == 5, err
    assert "unexpected" not in err
    written = next((tmp_path / "marked").rglob("*.jsonl")).read_text("utf-8").splitlines()
    assert len(written) == 2


def test_a_million_bad_lines_print_a_summary_not_a_million_warnings(gen, tmp_path: Path):
    path = tmp_path / "bad.jsonl"
    good = dumps(good_record(gen, 1)) + "\n"
    path.write_text(good + "not json\n" * 200_000, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, _, err = run("export", str(path), "--out", str(out))
    assert code == 5
    lines = err.splitlines()
    assert len(lines) <= 13
    assert sum("skipped" in line and "bad.jsonl:" in line for line in lines) == 10
    assert any("199990 more bad line(s)" in line for line in lines)
    assert len(out.read_text("utf-8").splitlines()) == 1


def test_validate_passes_a_valid_surrogate_pair(gen, tmp_path: Path):
    rec = good_record(gen, 1)
    rec["title"] = "表情😀"
    path = tmp_path / "pair.jsonl"
    path.write_text(
        json.dumps(rec, ensure_ascii=True) + "\n", encoding="ascii"
    )  # \ud83d\ude00 escapes
    assert "\\ud83d\\ude00" in path.read_text("ascii")
    code, _, err = run("validate", str(path))
    assert code == 0, err
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert [r["title"] for r in open_dataset(path)] == ["表情😀"]
