"""`newsarchive migrate`: v1 files rewritten as v2 in place; bad lines kept; resumable after a real kill -9."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from newsarchive.cli import main
from newsarchive.dataset import open_dataset, record_problem
from newsarchive.archive.migrate import TEMP_SUFFIX
from newsarchive.jsonl import dumps


def as_v1(rec: dict[str, Any]) -> dict[str, Any]:
    out = {
        k: v
        for k, v in rec.items()
        if k not in ("published_date", "published", "duplicate_of", "cluster_id")
    }
    out["published_at"] = rec["published_at"] or rec["published_date"]
    out["schema_version"] = "1"
    return out


def migrate(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["migrate", *argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_rewrites_v1_keeps_bad_lines_and_leaves_v2_alone(data_dir: Path) -> None:
    v2 = {r["url"]: r for r in open_dataset(data_dir)}
    files = sorted(data_dir.rglob("*.jsonl"))
    old, current = files[0], files[1]
    old_recs = [json.loads(line) for line in old.read_text("utf-8").splitlines()]
    bad = b'{"title": "truncated\n'
    old.write_bytes(b"".join(dumps(as_v1(r)).encode() + b"\n" for r in old_recs) + bad)
    current_bytes = current.read_bytes()
    code, out, err = migrate(str(data_dir), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert (
        report["rewritten"] == 1
        and report["upgraded"] == len(old_recs)
        and report["files"] == len(files)
    )
    assert f"{old}: rewritten as schema v2" in err
    lines = old.read_bytes().splitlines(keepends=True)
    assert lines[-1] == bad  # nothing lost, not even a bad line
    assert [json.loads(x) for x in lines[:-1]] == [v2[r["url"]] for r in old_recs]
    assert current.read_bytes() == current_bytes
    code, out, _ = migrate(str(data_dir), "--json")  # done: a second run changes nothing
    assert code == 0 and json.loads(out)["rewritten"] == 0
    assert not list(data_dir.rglob(f"*{TEMP_SUFFIX}"))


def _big_v1_dataset(root: Path, data_dir: Path, copies: int) -> list[dict[str, Any]]:
    base = list(open_dataset(data_dir))
    expected = []
    for part in ("2021-01", "2021-02"):
        path = root / "xuchang" / "articles" / f"{part}.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as fh:
            for i in range(copies):
                rec = dict(
                    base[i % len(base)],
                    url=f"http://www.xcnews.example.cn/{part}/{i}.html",
                    site="xuchang",
                )
                expected.append(rec)
                fh.write(dumps(as_v1(rec)) + "\n")
    return expected


def test_kill_9_loses_nothing_and_a_second_run_finishes(tmp_path: Path, data_dir: Path) -> None:
    root = tmp_path / "big"
    expected = _big_v1_dataset(root, data_dir, copies=6000)
    first = root / "xuchang" / "articles" / "2021-01.jsonl"
    original = first.read_bytes()
    temp = first.with_name(f".{first.name}{TEMP_SUFFIX}")
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsarchive", "migrate", str(root)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (temp.exists() and temp.stat().st_size > 100_000):
        time.sleep(0.002)
    os.kill(proc.pid, signal.SIGKILL)  # mid-copy of the first file
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert temp.exists(), "the kill should land while the first file is being copied"
    assert first.read_bytes() == original  # the original is untouched until the rename
    with_reads = list(open_dataset(root))  # readers still see every record, as v2
    assert sorted(r["url"] for r in with_reads) == sorted(r["url"] for r in expected)
    code, out, err = migrate(str(root), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["leftovers_removed"] == 1 and report["upgraded"] == len(expected)
    assert not temp.exists()
    on_disk = [
        json.loads(line) for f in sorted(root.rglob("*.jsonl")) for line in f.open(encoding="utf-8")
    ]
    assert on_disk == expected
    assert all(record_problem(r) is None and r["schema_version"] == "2" for r in on_disk)


def test_waits_for_no_crawl_a_running_crawl_keeps_its_files(data_dir: Path) -> None:
    from newsarchive.archive.lock import SiteLock
    from newsarchive.cli import ExitStatus

    path = next(data_dir.glob("xuchang/articles/*.jsonl"))
    recs = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    path.write_text("".join(dumps(as_v1(r)) + "\n" for r in recs), encoding="utf-8")
    before = path.read_bytes()
    with SiteLock(data_dir / "xuchang"):
        code, _, err = migrate(str(data_dir))
    assert code == ExitStatus.LOCKED and "another crawl of this site is running" in err
    assert path.read_bytes() == before
    assert migrate(str(data_dir))[0] == 0 and path.read_bytes() != before
