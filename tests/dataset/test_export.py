"""export: files read back by real clients (pandas, pyarrow, DuckDB); Chinese text unchanged; dataset card."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest

from newsarchive.cli import main
from newsarchive.dataset import open_dataset


def export(*argv: str) -> tuple[int, str]:
    err = io.StringIO()
    code = main(["export", *argv], stdout=io.StringIO(), stderr=err)
    return code, err.getvalue()


@pytest.fixture
def originals(data_dir: Path) -> dict[str, dict]:
    return {r["url"]: r for r in open_dataset(data_dir)}


def test_jsonl_read_by_pandas_and_duckdb(data_dir: Path, tmp_path: Path, originals) -> None:
    out = tmp_path / "all.jsonl"
    code, err = export(str(data_dir), "--out", str(out))
    assert code == 0, err
    raw = out.read_text(encoding="utf-8")
    assert "\\u" not in raw and "许昌网" in raw
    df = pd.read_json(out, lines=True, dtype=False)
    assert len(df) == 12
    for row in df.itertuples():
        assert row.title == originals[row.url]["title"]
        assert row.text == originals[row.url]["text"]
        assert list(row.authors) == originals[row.url]["authors"]
    (n,) = duckdb.connect().execute(f"SELECT count(*) FROM read_json_auto('{out}')").fetchone()
    assert n == 12
    titles = {t for (t,) in duckdb.sql(f"SELECT title FROM read_json_auto('{out}')").fetchall()}
    assert titles == {r["title"] for r in originals.values()}


def test_parquet_keeps_nested_fields(data_dir: Path, tmp_path: Path, originals, pages, fx) -> None:
    # one record with images and extra provenance keys, to see nested types survive
    rec = fx.record(pages[0])
    rec["url"] = rec["canonical_url"] = "http://www.xcnews.example.cn/news/img.html"
    rec["images"] = [
        {"url": "http://www.xcnews.example.cn/a.jpg", "caption": "会场"},
        {"url": "http://www.xcnews.example.cn/b.jpg", "caption": None},
    ]
    rec["provenance"]["worker"] = "w1"
    fx.write_records(data_dir, [rec])
    originals[rec["url"]] = rec
    out = tmp_path / "all.parquet"
    code, err = export(str(data_dir), "--format", "parquet", "--out", str(out))
    assert code == 0, err
    schema = pq.read_schema(out)
    assert str(schema.field("authors").type) == "list<element: string>"
    assert "struct<url: string, caption: string>" in str(schema.field("images").type)
    df = pd.read_parquet(out)
    assert len(df) == 13
    for row in df.to_dict("records"):
        orig = originals[row["url"]]
        assert row["title"] == orig["title"] and row["text"] == orig["text"]
        assert list(row["paragraphs"]) == orig["paragraphs"]
        assert list(row["section"]) == orig["section"]
        assert [dict(i) for i in row["images"]] == orig["images"]
        assert row["provenance"]["warc_record_id"] == orig["provenance"]["warc_record_id"]
        assert row["provenance"]["http_status"] == 200
    img = df[df.url == rec["url"]].iloc[0]
    assert json.loads(img["provenance"]["extra"]) == {"worker": "w1"}
    n, caption = (
        duckdb.connect()
        .execute(f"SELECT count(*), max(images[1].caption) FROM read_parquet('{out}')")
        .fetchone()
    )
    assert n == 13 and caption == "会场"
    assert (
        duckdb.connect()
        .execute(f"SELECT count(*) FROM read_parquet('{out}') WHERE list_contains(section, '社会')")
        .fetchone()[0]
        == 6
    )


def test_csv_flattens_lists(data_dir: Path, tmp_path: Path, originals) -> None:
    out = tmp_path / "all.csv"
    code, err = export(str(data_dir), "--out", str(out), "--site", "yichun")
    assert code == 0, err
    df = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert len(df) == 4
    assert "paragraphs" not in df.columns and "provenance_fetched_at" in df.columns
    for row in df.to_dict("records"):
        orig = originals[row["url"]]
        assert row["text"] == orig["text"]
        assert row["section"].split(" | ") == orig["section"]
        assert row["authors"].split(" | ") == orig["authors"]
        assert row["provenance_warc_record_id"] == orig["provenance"]["warc_record_id"]
    (n,) = (
        duckdb.connect()
        .execute(f"SELECT count(*) FROM read_csv('{out}', all_varchar=true)")
        .fetchone()
    )
    assert n == 4
    with out.open(encoding="utf-8", newline="") as fh:
        assert sum(1 for _ in csv.DictReader(fh)) == 4


def test_filters_apply_to_export(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "feb.jsonl"
    export(
        str(data_dir),
        "--out",
        str(out),
        "--since",
        "2021-02-01",
        "--until",
        "2021-02-28",
        "--section",
        "社会",
    )
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows and all(
        r["published_at"].startswith("2021-02") and "社会" in r["section"] for r in rows
    )


def test_dataset_card(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.parquet"
    code, err = export(str(data_dir), "--out", str(out), "--site", "xuchang")
    assert code == 0
    card = (tmp_path / "x.parquet.md").read_text(encoding="utf-8")
    for needle in (
        "**Records**: 4",
        "site=['xuchang']",
        "2021-01-10 to 2021-03-",
        "2026-11-20T08:00:00Z",
        "`newsarchive/",
        "Schema version(s)**: `2`",
        "| xuchang | 4 |",
        "| `editor` | 100.0% |",
        "| `provenance` | struct |",
        'pd.read_parquet("x.parquet")',
        "read_parquet('x.parquet')",
        'load_dataset("parquet"',
    ):
        assert needle in card, needle
    assert "card" in err


def test_csv_card_documents_flattening(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    export(str(data_dir), "--out", str(out))
    card = (tmp_path / "x.csv.md").read_text(encoding="utf-8")
    assert "CSV flattening" in card and "` | `" in card


def test_unknown_format_and_export_inside_dataset(data_dir: Path, tmp_path: Path) -> None:
    code, err = export(str(data_dir), "--out", str(tmp_path / "x.xlsx"))
    assert code == 2 and "--format" in err  # a bad value: usage error
    code, err = export(str(data_dir), "--out", str(data_dir / "copy.jsonl"))
    assert code == 1 and "inside the dataset" in err


def test_empty_selection_still_writes_valid_files(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "none.parquet"
    code, _ = export(str(data_dir), "--out", str(out), "--search", "不存在的词")
    assert code == 0
    assert len(pd.read_parquet(out)) == 0


def test_export_latest_only(tmp_path: Path, pages, fx) -> None:
    v1 = fx.record(pages[0])
    pages[0].paras.append("（更新）补充内容。")
    v2 = dict(fx.record(pages[0], version=2), previous_hash=v1["content_hash"])
    fx.write_records(tmp_path / "d", [v1, v2, fx.record(pages[1])])
    out = tmp_path / "latest.jsonl"
    code, err = export(str(tmp_path / "d"), "--out", str(out), "--latest-only")
    assert code == 0, err
    df = pd.read_json(out, lines=True, dtype=False)
    assert sorted(df.version) == [1, 2] and len(df) == 2
    assert "latest_only=True" in (tmp_path / "latest.jsonl.md").read_text(encoding="utf-8")


def test_raw_data_dir_reads_in_duckdb_and_pandas(data_dir: Path, originals) -> None:
    """The crawl's own files, without export, are what researchers may load first."""
    (n,) = (
        duckdb.connect()
        .execute(f"SELECT count(*) FROM read_json_auto('{data_dir}/*/articles/*.jsonl')")
        .fetchone()
    )
    assert n == len(originals) == 12
    frames = [pd.read_json(p, lines=True, dtype=False) for p in sorted(data_dir.rglob("*.jsonl"))]
    df = pd.concat(frames)
    assert len(df) == 12
    assert {(r.url, r.title) for r in df.itertuples()} == {
        (u, r["title"]) for u, r in originals.items()
    }
