"""Output paths: a device or FIFO is written to, never replaced by a file; an output that is an input is refused."""

from __future__ import annotations

import io
import os
import stat
import threading
from pathlib import Path

import pytest

from newsarchive import extract
from newsarchive.cli import main
from newsarchive.jsonl import dumps


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def dataset(gen, tmp_path: Path) -> Path:
    rec = extract(gen.ARTICLE, "http://example.com/1.html").to_dict()
    rec.update(site="example", version=1, previous_hash=None, provenance={"http_status": 200})
    path = tmp_path / "data" / "example" / "articles" / "2021-03.jsonl"
    path.parent.mkdir(parents=True)
    path.write_text(dumps(rec) + "\n", encoding="utf-8")
    return tmp_path / "data"


def char_device(path: Path, minor: int) -> Path:
    """A copy of /dev/null (minor 3) or /dev/full (minor 7) in a temp folder: needs root."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    except (PermissionError, AttributeError, OSError) as exc:
        pytest.skip(f"cannot create a device node here: {exc}")
    return path


def test_export_to_a_full_device_fails_clearly_and_keeps_the_device(dataset, tmp_path: Path):
    full = char_device(tmp_path / "full", 7)
    code, _, err = run("export", str(dataset), "--out", str(full), "--format", "jsonl")
    assert code == 1
    assert "No space left on device" in err and "unexpected" not in err
    assert stat.S_ISCHR(full.stat().st_mode)  # once replaced by a regular file
    assert not (tmp_path / "full.md").exists()


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_to_a_null_device_writes_through_it(dataset, tmp_path: Path, fmt):
    null = char_device(tmp_path / "null", 3)
    code, _, err = run("export", str(dataset), "--out", str(null), "--format", fmt)
    assert code == 0, err
    assert stat.S_ISCHR(null.stat().st_mode)
    assert set(tmp_path.iterdir()) == {tmp_path / "data", null}  # no card, no temp file beside it


def test_export_into_a_fifo_streams_to_its_reader(dataset, tmp_path: Path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    code, _, err = run("export", str(dataset), "--out", str(fifo), "--format", "jsonl")
    reader.join(10)
    assert code == 0, err
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert got and b'"title":"\xe5\x8e\xbf' in got[0]  # "县..." arrived through the pipe


def test_export_to_a_folder_is_refused(dataset, tmp_path: Path):
    (tmp_path / "out.jsonl").mkdir()
    code, _, err = run("export", str(dataset), "--out", str(tmp_path / "out.jsonl"))
    assert code == 1 and "is a directory" in err


def test_extract_refuses_an_output_that_is_an_input(gen, tmp_path: Path):
    page = tmp_path / "page.html"
    page.write_text(gen.ARTICLE, encoding="utf-8")
    for output in (str(page), str(tmp_path / "." / "page.html")):
        code, _, err = run("extract", str(page), "-o", output)
        assert code == 2 and "is also an input" in err
        assert page.read_text(encoding="utf-8") == gen.ARTICLE


def test_extract_to_a_full_device_is_one_clear_error(gen, tmp_path: Path):
    full = char_device(tmp_path / "full", 7)
    page = tmp_path / "page.html"
    page.write_text(gen.ARTICLE, encoding="utf-8")
    code, _, err = run("extract", str(page), "-o", str(full))
    assert code == 1
    assert "cannot write: No space left on device" in err and "unexpected" not in err


def test_export_refuses_to_overwrite_its_own_input_file(dataset):
    source = next(dataset.rglob("*.jsonl"))
    before = source.read_bytes()
    code, _, err = run("export", str(source), "--out", str(source), "--format", "jsonl")
    assert code == 1 and "one of the dataset's own files" in err
    assert source.read_bytes() == before
