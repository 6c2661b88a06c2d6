"""`newsarchive extract` called in-process with injected streams."""

from __future__ import annotations

import io
import json
import subprocess
import sys

from newsarchive.cli import ExitStatus, main


class BytesStdin(io.BytesIO):
    pass


def run(argv, stdin=b""):
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err, stdin=BytesStdin(stdin))
    return code, out.getvalue(), err.getvalue()


def test_records_in_input_order_utf8_without_escapes(tmp_path, seed_bytes):
    a = tmp_path / "a.html"
    a.write_bytes(seed_bytes)
    b = tmp_path / "b.html"
    b.write_text(
        "<html><body><h1>第二篇文章的标题</h1><div>2020-01-02</div>"
        + "<p>第二篇文章的正文，内容充实，标点齐全，足以成为一篇文章。</p>" * 5
        + "</body></html>",
        "utf-8",
    )
    code, out, err = run(["extract", str(b), str(a), str(b)])
    assert code == ExitStatus.SUCCESS, err
    lines = out.splitlines()
    assert len(lines) == 3
    titles = [json.loads(line)["title"] for line in lines]
    assert titles == ["第二篇文章的标题", "禹州市鸠山镇:积极创建“五好”乡镇党委", "第二篇文章的标题"]
    assert "\\u" not in out and "禹州市" in out
    assert json.loads(lines[1])["provenance"] == {"file": str(a)}


def test_bad_inputs_are_reported_and_others_still_processed(tmp_path, seed_bytes):
    good = tmp_path / "good.html"
    good.write_bytes(seed_bytes)
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 20)
    code, out, err = run(
        ["extract", str(empty), str(tmp_path / "missing.html"), str(good), str(binary)]
    )
    assert code == ExitStatus.ERROR
    assert len(out.splitlines()) == 1
    err_lines = err.strip().splitlines()
    assert len(err_lines) == 3
    assert str(empty) in err_lines[0] and "empty" in err_lines[0]
    assert "missing.html" in err_lines[1] and "No such file" in err_lines[1]
    assert str(binary) in err_lines[2] and "binary" in err_lines[2]
    assert "Traceback" not in err


def test_stdin_url_and_pretty(seed_bytes):
    code, out, err = run(
        ["extract", "-", "--url", "http://www.example.com/news/2021/0316/1.html", "--pretty"],
        stdin=seed_bytes,
    )
    assert code == 0, err
    record = json.loads(out)
    assert record["url"] == "http://www.example.com/news/2021/0316/1.html"
    assert out.count("\n") > 10  # indented


def test_encoding_option_and_unknown_encoding(tmp_path, seed_bytes):
    page = tmp_path / "p.html"
    page.write_bytes(seed_bytes)
    code, out, _ = run(["extract", str(page), "--encoding", "gbk"])
    assert code == 0 and json.loads(out)["source"] == "中新河南网"
    code, out, err = run(["extract", str(page), "--encoding", "no-such-codec"])
    assert code == ExitStatus.ERROR and "unknown encoding" in err and out == ""


def test_usage_errors_exit_2():
    assert run(["extract"])[0] == 2
    assert run([])[0] == ExitStatus.USAGE


def test_an_unknown_timezone_is_a_usage_error_not_a_traceback(tmp_path, seed_bytes):
    page = tmp_path / "p.html"
    page.write_bytes(seed_bytes)
    code, out, err = run(["extract", str(page), "--timezone", "Mars/Base"])
    assert code == ExitStatus.USAGE and out == ""
    assert "unknown time zone 'Mars/Base'" in err and "Traceback" not in err
    code, out, err = run(["profile", "induce", str(page), "--timezone", "Mars/Base"])
    assert code == ExitStatus.USAGE and "unknown time zone 'Mars/Base'" in err
    assert "Traceback" not in err


def test_python_dash_m_entry_point(tmp_path, seed_bytes):
    page = tmp_path / "p.html"
    page.write_bytes(seed_bytes)
    proc = subprocess.run(
        [sys.executable, "-m", "newsarchive", "extract", str(page)], capture_output=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.decode("utf-8"))["editor"] == "关潼"
