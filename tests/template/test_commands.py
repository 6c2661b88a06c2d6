"""`newsarchive profile induce|test` on saved pages (in process)."""

from __future__ import annotations

import io
import json
from pathlib import Path

from sitegen import article_html, build_site, other_shell

from newsarchive.cli import main


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_induce_from_saved_pages_then_test_the_profile(tmp_path: Path) -> None:
    # a headline class that says nothing: the generic engine reads the column name from <title>
    pages = build_site(tmp_path, 22, headline_class="art-name")
    files = sorted(str(p) for p in (tmp_path / "info").rglob("*.htm"))
    code, out, err = _run("profile", "induce", *files, "--base-url", "http://example.gov.cn/info/")
    assert code == 0, err
    assert (
        "# files: 22 pages" in out and 'url_pattern = "example.gov.cn/info/N.htm"'
    )  # path below the files' common folder in out
    toml = out[out.index("# Induced") :]
    profile = tmp_path / "induced.toml"
    profile.write_text(toml, encoding="utf-8")
    code, out, err = _run("profile", "test", str(profile), files[0], "--json")
    assert code == 0, err
    shown = json.loads(out)
    assert shown["fits"] and shown["profile_rules"]["title"] == "profile"
    truth = next(g for g in pages if files[0].endswith(g.path))
    assert shown["with_profile"]["title"] == truth.title != shown["generic"]["title"] == "工作动态"
    code, out, err = _run("profile", "test", str(profile), files[0])
    assert code == 0 and f"title        ≠ profile: {truth.title}  [profile]" in out
    assert "generic: 工作动态  [title tag]" in out


def test_too_few_pages_and_bad_inputs_are_clear_errors(tmp_path: Path) -> None:
    build_site(tmp_path, 5)
    files = sorted(str(p) for p in (tmp_path / "info").rglob("*.htm"))
    code, _, err = _run("profile", "induce", *files)
    assert code == 1 and "no template had 20 article pages" in err
    code, _, err = _run("profile", "test", "no-such-site", files[0])
    assert code == 1 and "unknown site profile" in err
    bad = tmp_path / "bad.toml"
    bad.write_text('[template]\nkey = "k"\n[extract]\ntitle = ["//div[@"]\n', encoding="utf-8")
    code, _, err = _run("profile", "test", str(bad), files[0])
    assert code == 1 and "bad.toml" in err
    code, _, err = _run("profile", "induce", str(tmp_path / "info"))
    assert code == 1 and "not a data dir" in err


def test_two_templates_under_one_url_pattern_get_two_profiles_with_two_names(
    tmp_path: Path,
) -> None:
    files = []
    for n in range(1, 45):  # template A on odd numbers, B (another page shell) on even ones
        g = article_html(n) if n % 2 else other_shell(article_html(n))
        path = tmp_path / g.path.lstrip("/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(g.html, encoding="utf-8")
        files.append(str(path))
    code, out, err = _run("profile", "induce", *files, "--base-url", "http://example.gov.cn/info/")
    assert code == 0, err
    assert "templates of 22, 22 article pages" in out
    keys = [line.split('"')[1] for line in out.splitlines() if line.startswith("key = ")]
    patterns = {line for line in out.splitlines() if line.startswith("url_pattern = ")}
    assert len(keys) == 2 and len(set(keys)) == 2 and len(patterns) == 1
