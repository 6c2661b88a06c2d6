"""`newsarchive sites` through cli.main with injected streams."""

from __future__ import annotations

import io
import json
from pathlib import Path

from newsarchive.cli import main
from newsarchive.sites import available_profiles


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["sites", *argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_lists_every_bundled_profile() -> None:
    code, out, err = run()
    assert code == 0 and err == ""
    for profile in available_profiles():
        assert profile.name in out and profile.title in out
        for url in profile.start_urls:
            assert url in out


def test_json_lines() -> None:
    code, out, _ = run("--json")
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["name"] for r in records] == [p.name for p in available_profiles()]
    assert all(r["start_urls"] and r["allowed_domains"] and r["title"] for r in records)
    assert "\\u" not in out  # titles written as UTF-8


def test_named_profile_and_bad_file(tmp_path: Path) -> None:
    name = available_profiles()[0].name
    code, out, _ = run(name)
    assert code == 0 and out.startswith(name)
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'name = "x"\nstart_urls = ["http://a.cn/"]\nmax_depth = "two"\n', encoding="utf-8"
    )
    code, out, err = run(str(bad))
    assert code == 1 and out == ""
    assert str(bad) in err and "max_depth" in err and "'two'" in err
    code, _, err = run("no-such-site")
    assert code == 1 and "no-such-site" in err
