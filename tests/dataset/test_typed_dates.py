"""Exports loaded as researchers load them (pandas, pyarrow, DuckDB, Hugging Face datasets): typed dates, right instants.

The records: one article at 07:30+08:00 (23:30 UTC the day before: it must stay on
its own day) and one date-only article (a day, never an invented midnight).
"""

from __future__ import annotations

import atexit
import datetime as dt
import io
import os
import shutil
import tempfile
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newsarchive.cli import main
from newsarchive.extract import extract
from newsarchive.jsonl import dumps

# Hugging Face reads these when `datasets` is first imported: offline, and a cache that is not ~/.cache
_HF_HOME = tempfile.mkdtemp(prefix="newsarchive-test-hf-")
atexit.register(shutil.rmtree, _HF_HOME, True)
os.environ.update(HF_DATASETS_OFFLINE="1", HF_HUB_OFFLINE="1", HF_HOME=_HF_HOME)

EARLY = dt.datetime(2021, 3, 25, 23, 30, tzinfo=dt.UTC)  # 2021-03-26 07:30 in Shanghai
DAY_ONLY = dt.date(2021, 3, 16)


def _page(title: str, date_text: str) -> bytes:
    body = "".join(
        f"<p>{'县政府部署民生工程，开展基层治理，推进乡村振兴。' * 4}{title}{i}</p>"
        for i in range(3)
    )
    return (
        f'<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}_许昌网</title></head><body>'
        f'<div class="article"><h1>{title}</h1><div class="info">发布时间：{date_text}　来源：新华社</div>'
        f'<div class="content">{body}</div></div></body></html>'
    ).encode()


@pytest.fixture
def dated_dir(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    path = root / "xuchang" / "articles" / "2021-03.jsonl"
    path.parent.mkdir(parents=True)
    with path.open("w", encoding="utf-8") as fh:
        for i, (title, when) in enumerate(
            (("早间新闻", "2021-03-26 07:30"), ("日期新闻", "2021年03月16日"))
        ):
            rec = extract(_page(title, when), f"http://www.xcnews.example.cn/a/{i}.html").to_dict()
            rec["site"] = "xuchang"
            fh.write(dumps(rec) + "\n")
    return root


def _export(src: Path, out: Path, *extra: str) -> None:
    err = io.StringIO()
    assert (
        main(["export", str(src), "--out", str(out), *extra], stdout=io.StringIO(), stderr=err) == 0
    ), err.getvalue()


@pytest.fixture
def offline_hf(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_DATASETS_CACHE", str(tmp_path / "hf" / "datasets"))


def test_parquet_has_date32_and_a_zone_aware_timestamp(dated_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "a.parquet"
    _export(dated_dir, out)
    table = pq.read_table(out)
    assert table.schema.field("published_date").type == pa.date32()
    ts = table.schema.field("published_at").type
    assert pa.types.is_timestamp(ts) and ts.tz == "Asia/Shanghai"
    assert table.column("published_date").to_pylist() == [dt.date(2021, 3, 26), DAY_ONLY]
    early, undated = table.column("published_at").to_pylist()
    assert early == EARLY and undated is None  # the same instant; a day is never midnight


def test_pandas_reads_parquet_and_jsonl_with_datetime_dtypes(
    dated_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "a.parquet"
    _export(dated_dir, out)
    df = pd.read_parquet(out)
    assert isinstance(df["published_at"].dtype, pd.DatetimeTZDtype)
    assert df["published_at"][0] == pd.Timestamp(EARLY)
    assert df["published_at"][0].date() == dt.date(2021, 3, 26)  # stays on its day
    assert pd.isna(df["published_at"][1])
    assert list(df["published_date"]) == [dt.date(2021, 3, 26), DAY_ONLY]
    # JSON Lines straight from the data dir: published_at is one typed, zone-aware column
    lines = pd.read_json(next(dated_dir.rglob("*.jsonl")), lines=True)
    assert isinstance(lines["published_at"].dtype, pd.DatetimeTZDtype)
    assert lines["published_at"][0] == pd.Timestamp(EARLY) and pd.isna(lines["published_at"][1])
    days = pd.to_datetime(lines["published_date"], format="%Y-%m-%d")
    assert list(days.dt.date) == [dt.date(2021, 3, 26), DAY_ONLY]


def test_duckdb_types_jsonl_and_parquet(dated_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "a.parquet"
    _export(dated_dir, out)
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    for source in (
        f"read_parquet('{out}')",
        f"read_json_auto('{next(dated_dir.rglob('*.jsonl'))}')",
    ):
        rows = con.execute(
            f"SELECT typeof(published_date), typeof(published_at), published_date, published_at, "
            f"title FROM {source} ORDER BY title DESC"
        ).fetchall()
        assert [r[:2] for r in rows] == [("DATE", "TIMESTAMP WITH TIME ZONE")] * 2, source
        assert rows[0][2:4] == (dt.date(2021, 3, 26), EARLY), source
        assert rows[1][2:4] == (DAY_ONLY, None), source


def test_hugging_face_datasets_offline(dated_dir: Path, tmp_path: Path, offline_hf: None) -> None:
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    from datasets import load_dataset

    out = tmp_path / "a.parquet"
    _export(dated_dir, out)
    ds = load_dataset(
        "parquet", data_files=str(out), split="train", cache_dir=str(tmp_path / "cache")
    )
    assert ds.features["published_date"].dtype == "date32"
    assert ds.features["published_at"].dtype == "timestamp[ms, tz=Asia/Shanghai]"
    assert ds[0]["published_date"] == dt.date(2021, 3, 26)
    assert ds[0]["published_at"] == EARLY and ds[0]["published_at"].date() == dt.date(2021, 3, 26)
    assert ds[1]["published_at"] is None
    # the json builder drops the zone (it keeps the UTC instant) but the day column keeps the day
    js = load_dataset(
        "json",
        data_files=str(next(dated_dir.rglob("*.jsonl"))),
        split="train",
        cache_dir=str(tmp_path / "cache"),
    )
    assert js[0]["published_at"] == EARLY.replace(tzinfo=None)
    assert js[0]["published_date"].date() == dt.date(2021, 3, 26)
    assert js[1]["published_at"] is None and js[1]["published_date"].date() == DAY_ONLY
    # the README's recipe: cast the UTC instant back to a zone-aware column, the day to a date
    from datasets import Value

    js = js.cast_column("published_at", Value("timestamp[s, tz=Asia/Shanghai]"))
    js = js.cast_column("published_date", Value("date32"))
    assert js[0]["published_at"] == EARLY and js[0]["published_at"].utcoffset() == dt.timedelta(
        hours=8
    )
    assert js[0]["published_date"] == dt.date(2021, 3, 26) and js[1]["published_at"] is None


def test_csv_keeps_offsets_and_excel_gets_a_bom(dated_dir: Path, tmp_path: Path) -> None:
    plain, excel = tmp_path / "a.csv", tmp_path / "b.csv"
    _export(dated_dir, plain)
    _export(dated_dir, excel, "--excel")
    assert not plain.read_bytes().startswith(b"\xef\xbb\xbf")
    assert excel.read_bytes().startswith(b"\xef\xbb\xbf")
    assert excel.read_bytes()[3:] == plain.read_bytes()
    df = pd.read_csv(excel, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert df.columns[0] == "url" and df["title"][0] == "早间新闻"
    assert pd.to_datetime(df["published_at"][0]) == pd.Timestamp(EARLY)
    assert "with a byte-order mark" in (tmp_path / "b.csv.md").read_text("utf-8")


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_the_cards_loading_code_runs_and_types_the_dates(
    dated_dir: Path, tmp_path: Path, fmt: str, offline_hf: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / f"a.{fmt}"
    _export(dated_dir, out)
    card = (tmp_path / f"a.{fmt}.md").read_text("utf-8")
    code = card.split("## Loading")[1].split("```python")[1].split("```")[0]
    monkeypatch.chdir(tmp_path)
    scope: dict = {}
    exec(
        compile(code, f"a.{fmt}.md", "exec"), scope
    )  # the card's own instructions, as a reader runs them
    df = scope["df"]
    if fmt == "parquet":  # pandas maps Arrow date32 to datetime.date objects
        assert df["published_date"][0] == dt.date(2021, 3, 26)
    else:
        assert str(df["published_date"].dtype).startswith("datetime64")
        assert df["published_date"][0].date() == dt.date(2021, 3, 26)
    assert df["published_at"].dt.tz is not None
    assert df["published_at"][0] == pd.Timestamp(EARLY) and pd.isna(df["published_at"][1])
    ds = scope["ds"]
    assert len(ds) == 2
    if fmt != "csv":  # the datasets json builder drops the zone: the card's recipe puts it back
        assert str(ds.features["published_at"].dtype).endswith("tz=Asia/Shanghai]")
        assert ds[0]["published_at"] == EARLY and ds[1]["published_at"] is None
        assert ds[0]["published_date"] == dt.date(2021, 3, 26)
