"""Schema v2: published_date / published_at split, one key set everywhere, v1 files read as v2."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from newsarchive.cli import main
from newsarchive.dataset import FIELDS, load_schema, open_dataset, record_problem
from newsarchive.dataset.upgrade import V2_KEYS, upgrade_record
from newsarchive.extract import extract
from newsarchive.jsonl import dumps


def as_v1(rec: dict[str, Any]) -> dict[str, Any]:
    """The record as schema v1 wrote it: one published_at (day or instant), no dataset-tool keys."""
    out = {
        k: v
        for k, v in rec.items()
        if k not in ("published_date", "published", "duplicate_of", "cluster_id")
    }
    out["published_at"] = rec["published_at"] or rec["published_date"]
    out["schema_version"] = "1"
    return out


def page(date_text: str) -> bytes:
    body = "".join(
        f"<p>{'市委召开会议，推进乡村振兴项目建设，共计十二项。' * 4}{i}</p>" for i in range(3)
    )
    return (
        f'<html lang="zh-CN"><head><meta charset="utf-8"><title>早间新闻_许昌网</title></head><body>'
        f'<div class="article"><h1>早间新闻</h1><div class="info">发布时间：{date_text}　来源：新华社</div>'
        f'<div class="content">{body}</div></div></body></html>'
    ).encode()


def test_a_day_stays_a_day_and_a_time_keeps_its_offset() -> None:
    day = extract(page("2021年03月16日"), "http://x.example.cn/a/1.html").to_dict()
    timed = extract(page("2021-03-26 07:30"), "http://x.example.cn/a/2.html").to_dict()
    assert (day["published_date"], day["published_at"], day["published_precision"]) == (
        "2021-03-16",
        None,
        "day",
    )
    assert (timed["published_date"], timed["published_at"], timed["published_precision"]) == (
        "2021-03-26",
        "2021-03-26T07:30:00+08:00",
        "minute",
    )
    for rec in (day, timed):
        assert list(rec) == list(V2_KEYS) == list(FIELDS)
        assert rec["schema_version"] == "2"
        assert record_problem(rec) is None


def test_schema_requires_every_key_and_rejects_a_day_in_published_at() -> None:
    rec = extract(page("2021-03-26 07:30"), "http://x.example.cn/a/2.html").to_dict()
    assert set(load_schema()["required"]) == set(rec)
    del rec["cluster_id"]
    assert record_problem(rec) == "missing field 'cluster_id'"
    rec = extract(page("2021-03-26 07:30"), "http://x.example.cn/a/2.html").to_dict()
    assert record_problem(dict(rec, published_at="2021-03-26")).startswith("field 'published_at'")
    assert record_problem(dict(rec, published_date="2021-03-26T07:30:00+08:00")).startswith(
        "field 'published_date'"
    )


def test_upgrade_splits_v1_published_at_and_adds_missing_keys() -> None:
    timed = extract(page("2021-03-26 07:30"), "http://x.example.cn/a/2.html").to_dict()
    day = extract(page("2021年03月16日"), "http://x.example.cn/a/1.html").to_dict()
    for v2 in (timed, day):
        v1 = as_v1(v2)
        assert record_problem(v1) is None  # still a valid v1 record
        assert upgrade_record(v1) == v2
        assert list(upgrade_record(v1)) == list(V2_KEYS)
    assert upgrade_record(timed) is timed  # v2 passes through untouched


def test_v1_files_are_read_as_v2_by_every_reader(tmp_path: Path, data_dir: Path) -> None:
    v2 = list(open_dataset(data_dir))
    old = tmp_path / "old" / "xuchang" / "articles" / "2021-03.jsonl"
    old.parent.mkdir(parents=True)
    old.write_text("".join(dumps(as_v1(r)) + "\n" for r in v2), encoding="utf-8")
    assert list(open_dataset(old.parents[2])) == v2
    out, err = io.StringIO(), io.StringIO()
    assert main(["validate", str(old)], stdout=out, stderr=err) == 0, out.getvalue()
    assert (
        f"{len(v2)} valid record(s) are schema v1" in err.getvalue()
        and "newsarchive migrate" in err.getvalue()
    )
    assert main(["stats", str(old), "--json"], stdout=out, stderr=err) == 0
    stats = json.loads(out.getvalue().splitlines()[-1])
    assert stats["schema_versions"] == {"2": len(v2)} and stats["records"] == len(v2)
    target = tmp_path / "x.jsonl"
    assert main(["export", str(old), "--out", str(target)], stdout=out, stderr=err) == 0
    assert [json.loads(line) for line in target.read_text("utf-8").splitlines()] == v2


def test_invalid_v1_lines_are_named_with_v1_reasons(tmp_path: Path, data_dir: Path) -> None:
    rec = as_v1(next(iter(open_dataset(data_dir))))
    del rec["title"]
    assert record_problem(rec) == "missing field 'title'"
    path = tmp_path / "bad.jsonl"
    path.write_text(dumps(rec) + "\n", encoding="utf-8")
    with pytest.warns(UserWarning, match="missing field 'title'"):
        assert open_dataset(path).count() == 0


def test_crawl_records_and_exports_have_the_same_keys(data_dir: Path, tmp_path: Path) -> None:
    crawl_keys = {
        tuple(json.loads(line))
        for f in data_dir.rglob("*.jsonl")
        for line in f.open(encoding="utf-8")
    }
    out = tmp_path / "all.jsonl"
    assert (
        main(
            ["export", str(data_dir), "--out", str(out)], stdout=io.StringIO(), stderr=io.StringIO()
        )
        == 0
    )
    export_keys = {tuple(json.loads(line)) for line in out.open(encoding="utf-8")}
    assert crawl_keys == export_keys == {tuple(V2_KEYS)}
    assert len(V2_KEYS) == 28
