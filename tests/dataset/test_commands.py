"""validate and stats commands, called in-process through cli.main with injected streams."""

from __future__ import annotations

import io
import json
from pathlib import Path

from newsarchive.cli import ExitStatus, main
from newsarchive.jsonl import dumps


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_validate_clean_dataset(data_dir: Path) -> None:
    code, out, err = run("validate", str(data_dir))
    assert code == ExitStatus.SUCCESS
    assert out == ""
    assert "12 line(s)" in err and "all valid" in err


def test_validate_names_every_bad_line(data_dir: Path, pages, fx) -> None:
    good = fx.record(pages[0])
    path = data_dir / "shanxi" / "articles" / "2021-02.jsonl"
    missing = {k: v for k, v in good.items() if k != "content_hash"}
    with path.open("ab") as fh:
        fh.write(dumps(missing).encode() + b"\n")
        fh.write(dumps(dict(good, version="2")).encode() + b"\n")
        fh.write('{"title": "标题"'.encode("gb18030") + b"\xff\n")
        fh.write(dumps(good).encode()[:-10])
    code, out, err = run("validate", str(data_dir))
    assert code == ExitStatus.INVALID_DATA == 5
    lines = out.splitlines()
    assert lines == [
        f"{path}:2: missing field 'content_hash'",
        f"{path}:3: field 'version': wrong type, expected integer or null, got string \"2\"",
        lines[2],
        lines[3],
    ]
    assert lines[2].startswith(f"{path}:4: invalid UTF-8")
    assert lines[3].startswith(f"{path}:5: truncated last line")
    assert "4 bad" in err
    code, out, _ = run("validate", "--quiet", str(path))
    assert code == 5 and out == ""


def test_validate_missing_path_is_an_error(tmp_path: Path) -> None:
    code, _, err = run("validate", str(tmp_path / "nothing"))
    assert code == ExitStatus.ERROR
    assert "no such file" in err


def test_stats_text(data_dir: Path) -> None:
    code, out, _ = run("stats", str(data_dir))
    assert code == 0
    assert "records: 12" in out
    assert "date range: 2021-01-10 .. 2021-03-" in out
    assert "published_date 100.0%" in out and "published_at   100.0%" in out
    assert "editor         100.0%" in out
    assert "xuchang" in out and "2021-02" in out


def test_stats_json_counts_duplicates_and_filters(data_dir: Path, pages, fx) -> None:
    fx.write_records(
        data_dir, [fx.record(pages[0], fetched_at="2026-11-21T08:00:00Z")]
    )  # exact copy
    code, out, _ = run("stats", str(data_dir), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["records"] == 13
    assert data["exact_duplicates"] == 1
    assert data["sites"] == {"xuchang": 5, "yichun": 4, "shanxi": 4}
    assert data["per_site_month"]["yichun"] == {"2021-01": 2, "2021-02": 1, "2021-03": 1}
    assert data["coverage_percent"]["authors"] == 100.0
    assert data["fetched_range"] == ["2026-11-20T08:00:00Z", "2026-11-21T08:00:00Z"]
    _code, out, _ = run("stats", str(data_dir), "--json", "--site", "shanxi", "--since", "2021-02")
    assert json.loads(out)["records"] == 2


def test_stats_plot(data_dir: Path, tmp_path: Path) -> None:
    png = tmp_path / "months.png"
    code, _, err = run("stats", str(data_dir), "--plot", str(png))
    assert code == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "plot written" in err


def test_stats_reports_skipped_lines(data_dir: Path) -> None:
    with (data_dir / "yichun" / "articles" / "2021-01.jsonl").open("ab") as fh:
        fh.write(b'{"broken\n')
    code, out, err = run("stats", str(data_dir))
    assert code == 0
    assert "bad lines skipped: 1" in out
    assert "newsarchive validate" in err


def test_validate_check_hash_finds_edited_records(tmp_path: Path, pages, fx) -> None:
    good = fx.record(pages[0])
    path = tmp_path / "x.jsonl"
    edited = dict(good, title="改过的标题")  # schema-valid, but the hash no longer fits
    joined = dict(good, text=good["text"] + "多出的字")  # text no longer the paragraphs joined
    path.write_text("".join(dumps(r) + "\n" for r in (good, edited, joined)), encoding="utf-8")
    assert run("validate", str(path))[0] == 0
    code, out, _ = run("validate", "--check-hash", str(path))
    assert code == 5
    assert out.splitlines()[0].startswith(f"{path}:2: field 'content_hash': sha256:")
    assert (
        out.splitlines()[1]
        == f"{path}:3: field 'text': differs from the paragraphs joined by blank lines"
    )


def test_validate_recognises_a_gbk_file(tmp_path: Path, pages, fx) -> None:
    path = tmp_path / "gbk.jsonl"
    path.write_bytes(dumps(fx.record(pages[0])).encode("gb18030") + b"\n")
    code, out, _ = run("validate", str(path))
    assert code == 5
    assert "invalid UTF-8" in out and "iconv -f GB18030 -t UTF-8" in out


def test_stats_counts_later_versions(tmp_path: Path, pages, fx) -> None:
    v1 = fx.record(pages[0])
    pages[0].paras.append("（更新）补充内容。")
    v2 = dict(fx.record(pages[0], version=2), previous_hash=v1["content_hash"])
    fx.write_records(tmp_path, [v1, v2])
    data = json.loads(run("stats", str(tmp_path), "--json")[1])
    assert data["later_versions"] == 1 and data["records"] == 2
