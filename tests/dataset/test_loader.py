"""open_dataset: paths, recursion, filters, counts, pandas, bad lines, strict mode, bounded memory."""

from __future__ import annotations

import json
import tracemalloc
import warnings
from pathlib import Path

import pytest

import newsarchive
from newsarchive.dataset import Dataset, open_dataset
from newsarchive.exceptions import DatasetError, DatasetWarning, RecordValidationError
from newsarchive.jsonl import dumps


def test_data_dir_site_folder_and_file(data_dir: Path) -> None:
    assert open_dataset(data_dir).count() == 12
    assert open_dataset(data_dir / "xuchang").count() == 4
    one = min((data_dir / "xuchang" / "articles").glob("*.jsonl"))
    assert open_dataset(one).count() == 2  # two xuchang stories in January
    assert isinstance(newsarchive.open_dataset(data_dir), Dataset)


def test_reads_worker_part_files_recursively(data_dir: Path) -> None:
    parts = list(data_dir.rglob("*.w1.jsonl"))
    assert parts, "fixture should hold a distributed part file"
    ds = open_dataset(data_dir)
    assert set(ds.files) == set(data_dir.rglob("*.jsonl"))
    urls = [r["url"] for r in ds]
    assert len(urls) == len(set(urls)) == 12


def test_iteration_is_lazy_and_repeatable(data_dir: Path) -> None:
    ds = open_dataset(data_dir)
    it = iter(ds)
    first = next(it)
    assert first["schema_version"] == "2"
    it.close()
    assert ds.count() == 12 and ds.count() == 12


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"site": "yichun"}, 4),
        ({"site": ["yichun", "shanxi"]}, 8),
        ({"section": "社会"}, 6),
        ({"since": "2021-02"}, 6),
        ({"until": "2021-01"}, 6),
        ({"since": "2021-02-01", "until": "2021-02-28"}, 3),
        ({"text": "第7号新闻"}, 1),
        ({"site": "xuchang", "since": "2021-03"}, 1),
    ],
)
def test_filters(data_dir: Path, kwargs: dict, expected: int) -> None:
    ds = open_dataset(data_dir, **kwargs)
    assert ds.count() == expected
    # the same filters through .filter() on an unfiltered dataset
    assert open_dataset(data_dir).filter(**kwargs).count() == expected


def test_text_search_in_body_is_case_insensitive(tmp_path: Path, pages, fx) -> None:
    pages[0].paras.append("本次会议由ABC公司承办。")
    fx.write_records(tmp_path, [fx.record(p) for p in pages])
    assert open_dataset(tmp_path, text="abc公司").count() == 1


def test_filters_combine(data_dir: Path) -> None:
    ds = open_dataset(data_dir).filter(site="yichun").filter(section="社会")
    assert all(r["site"] == "yichun" and "社会" in r["section"] for r in ds)
    assert ds.count() == 2


def test_bad_date_bound_is_an_error(data_dir: Path) -> None:
    with pytest.raises(DatasetError, match="since"):
        open_dataset(data_dir, since="March 2021")


def test_missing_and_empty_paths(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="no such file"):
        open_dataset(tmp_path / "nope")
    with pytest.raises(DatasetError, match="no \\*.jsonl"):
        open_dataset(tmp_path)


def test_to_pandas(data_dir: Path) -> None:
    df = open_dataset(data_dir, site="xuchang").to_pandas()
    assert len(df) == 4
    assert list(df.columns)[:3] == ["url", "canonical_url", "title"]
    assert isinstance(df.iloc[0]["authors"], list)
    assert df.iloc[0]["provenance"]["http_status"] == 200
    assert (
        str(df["published_date"].dtype).startswith("datetime64")
        and df["published_at"].dt.tz is not None
    )
    row = df.iloc[0]
    assert row["published_date"].date().isoformat() == row["published_at"].date().isoformat()
    small = open_dataset(data_dir).to_pandas(columns=["url", "title"])
    assert list(small.columns) == ["url", "title"] and len(small) == 12


def _bad_file(data_dir: Path, pages, fx) -> Path:
    good = fx.record(pages[0])
    missing = dict(good)
    del missing["text"]
    wrong = dict(good, authors="李明")
    path = data_dir / "xuchang" / "articles" / "2020-12.jsonl"
    with path.open("wb") as fh:
        fh.write(dumps(good).encode() + b"\n")  # 1 ok
        fh.write(dumps(missing).encode() + b"\n")  # 2 missing field
        fh.write(dumps(wrong).encode() + b"\n")  # 3 wrong type
        fh.write(dumps(good).encode("gbk") + b"\n")  # 4 not UTF-8
        fh.write(b"\n")  # blank: not a record
        fh.write(b"[1, 2]\n")  # 6 not an object
        fh.write(dumps(good).encode()[:120])  # 7 truncated last line
    return path


def test_bad_lines_are_skipped_counted_and_warned(data_dir: Path, pages, fx) -> None:
    path = _bad_file(data_dir, pages, fx)
    ds = open_dataset(data_dir)
    with pytest.warns(DatasetWarning, match=r"skipped 5 bad line\(s\)") as caught:
        n = ds.count()
    assert n == 13
    assert ds.last_pass.bad_count == 5
    reasons = {b.line: b.reason for b in ds.last_pass.bad}
    assert all(b.path == path for b in ds.last_pass.bad)
    assert reasons[2] == "missing field 'text'"
    assert reasons[3].startswith("field 'authors': wrong type, expected array, got string")
    assert reasons[4].startswith("invalid UTF-8")
    assert reasons[6] == "not a JSON object (got array)"
    assert reasons[7].startswith("truncated last line")
    assert "2020-12.jsonl:2" in str(caught[0].message)


def test_strict_raises_with_location(data_dir: Path, pages, fx) -> None:
    path = _bad_file(data_dir, pages, fx)
    with pytest.raises(RecordValidationError, match=rf"{path.name}:2: missing field 'text'"):
        open_dataset(data_dir, strict=True).count()


def test_on_bad_callback_replaces_the_warning(data_dir: Path, pages, fx) -> None:
    _bad_file(data_dir, pages, fx)
    seen = []
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert open_dataset(data_dir, on_bad=seen.append).count() == 13
    assert len(seen) == 5


def test_final_line_without_newline_is_accepted_when_complete(tmp_path: Path, pages, fx) -> None:
    path = tmp_path / "one.jsonl"
    path.write_text(dumps(fx.record(pages[0])), encoding="utf-8")
    assert open_dataset(path, strict=True).count() == 1


def test_memory_stays_bounded(tmp_path: Path, pages, fx) -> None:
    line = dumps(fx.record(pages[0])) + "\n"
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for _ in range(10_000):
            fh.write(line)
    assert path.stat().st_size > 10_000 * 1000
    tracemalloc.start()
    try:
        n = sum(1 for r in open_dataset(path, text="第0号") if r["title"])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert n == 10_000
    assert peak < 5 * 1024 * 1024, f"peak {peak} bytes while streaming {path.stat().st_size} bytes"


def test_validate_false_skips_schema_but_not_json(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text(
        json.dumps({"title": "只有标题"}, ensure_ascii=False) + "\n{oops\n", encoding="utf-8"
    )
    ds = open_dataset(path, validate=False, on_bad=lambda b: None)
    assert [r["title"] for r in ds] == ["只有标题"]
    assert ds.last_pass.bad_count == 1


def test_latest_only_and_no_duplicates(tmp_path: Path, pages, fx) -> None:
    v1 = fx.record(pages[0])
    pages[0].paras.append("（更新）补充内容。")
    v2 = dict(fx.record(pages[0], version=2), previous_hash=v1["content_hash"])
    other = dict(
        fx.record(pages[1]), duplicate_of="http://elsewhere.example.cn/1.html", cluster_id="c1"
    )
    fx.write_records(tmp_path, [v2, v1, other])
    ds = open_dataset(tmp_path)
    assert ds.count() == 3
    latest = ds.latest()
    assert [r["version"] for r in latest if r["url"] == v1["url"]] == [2]
    assert latest.count() == 2
    assert open_dataset(tmp_path, latest_only=True, no_duplicates=True).count() == 1
    assert ds.filter(no_duplicates=True).filter(site="xuchang").count() == 2


def test_to_arrow_types_nested_fields(data_dir: Path) -> None:
    table = open_dataset(data_dir, site="shanxi").to_arrow()
    assert table.num_rows == 4
    import pyarrow as pa

    authors = table.schema.field("authors").type
    assert pa.types.is_list(authors) and pa.types.is_string(authors.value_type)
    assert table.schema.field("provenance").type.num_fields == 7
    assert table.column("title").to_pylist() == [
        r["title"] for r in open_dataset(data_dir, site="shanxi")
    ]
