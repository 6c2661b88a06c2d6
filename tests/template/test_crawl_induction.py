"""A crawl with induction on: profile written and used, early records brought up, commands, reextract."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sitegen import build_site

from newsarchive.samples import PortalServer

pytestmark = [pytest.mark.crawl]

REPO = Path(__file__).resolve().parents[2]
FAST = [
    "-s",
    "AUTOTHROTTLE_ENABLED=False",
    "-s",
    "DOWNLOAD_DELAY=0.1",  # paced, so the profile induced in the background is ready before the last pages
    "-s",
    "DOWNLOAD_TIMEOUT=5",
    "-s",
    "RETRY_TIMES=1",
    "-s",
    "CONCURRENT_REQUESTS_PER_DOMAIN=4",
    "-s",
    "NEWSARCHIVE_INDUCE_MIN_PAGES=8",
]
PLAIN = (
    "art-name"  # a headline class that says nothing: the generic engine reads <title>'s column name
)


def _cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsarchive", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
        check=False,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )


def _records(folder: Path) -> list[dict]:
    return [
        json.loads(line)
        for p in sorted(folder.rglob("*.jsonl"))
        for line in p.read_text("utf-8").splitlines()
    ]


def _profile(tmp_path: Path, url: str) -> Path:
    path = tmp_path / "gen.toml"
    path.write_text(
        f'name = "gen"\ntitle = "gen"\nstart_urls = ["{url}/index.htm"]\nallowed_domains = ["127.0.0.1"]\n'
        r"article_patterns = ['/info/\d+/\d+\.htm$']"
        "\n"
        r"list_patterns = ['/list/\d+\.htm$']"
        "\n"
        'timezone = "Asia/Shanghai"\n',
        encoding="utf-8",
    )
    return path


def test_crawl_induces_uses_and_brings_up(tmp_path: Path) -> None:
    pages = build_site(tmp_path / "site", 22, headline_class=PLAIN)
    truth = {g.path: g for g in pages}
    data = tmp_path / "data"
    with PortalServer(tmp_path / "site") as server:
        profile = _profile(tmp_path, server.url)
        run = _cli("crawl", str(profile), "--data-dir", str(data), "--no-jobdir", *FAST, "--json")
        assert run.returncode == 0, run.stderr[-2000:]
        summary = json.loads(run.stdout.strip().splitlines()[-1])
        templates = summary["templates"]
        assert templates["induced"] == 1 and templates["pages_generic"] >= 8
        # the 22 articles and the start page (the engine judges a start page: here a list, not learned from)
        assert templates["pages_by_profile"] + templates["pages_generic"] == 22 + 1
        assert templates["records_brought_up"] == templates["pages_generic"] - 1
        records = _records(data / "gen" / "articles")
        assert len(records) == 22
        # every record has the true headline, also those made generically while the template was learning
        for rec in records:
            g = truth[rec["url"].removeprefix(server.url)]
            assert (rec["title"], rec["published_at"], rec["source"], rec["editor"]) == (
                g.title,
                g.published_at,
                g.source,
                g.editor,
            )
            assert rec["provenance"]["extract_profile"].startswith("induced:")
            assert rec["version"] == 1 and rec["provenance"]["warc_record_id"]
        files = list((data / "gen" / "profiles").glob("induced-*.toml"))
        assert len(files) == 1

        # a later run loads the profile from disk and learns nothing again
        g = pages[0]
        (tmp_path / "site" / "info/1001/999.htm").write_text(
            g.html.replace(g.title, "新增的一篇专题报道标题"), "utf-8"
        )
        index = tmp_path / "site" / "index.htm"
        index.write_text(
            index.read_text("utf-8").replace(
                "<ul", '<ul><li><a href="/info/1001/999.htm">新</a></li>', 1
            ),
            "utf-8",
        )
        again = _cli("crawl", str(profile), "--data-dir", str(data), "--no-jobdir", *FAST, "--json")
        assert again.returncode == 0, again.stderr[-2000:]
        t2 = json.loads(again.stdout.strip().splitlines()[-1])["templates"]
        assert t2["loaded"] == 1 and t2.get("induced", 0) == 0 and t2["pages_by_profile"] == 1

        # profile test: the induced profile against a saved page, beside the generic record
        page = tmp_path / "site" / "info/1001/5.htm"
        shown = _cli(
            "profile", "test", str(files[0]), str(page), "--url", f"{server.url}/info/1001/5.htm"
        )
        assert shown.returncode == 0, shown.stderr
        assert f"profile: {truth['/info/1001/5.htm'].title}" in shown.stdout
        assert "generic: 工作动态  [title tag]" in shown.stdout

    # offline: induce from the crawl's WARC files; reextract keeps the records the profile made
    induced = _cli("profile", "induce", str(data))
    assert induced.returncode == 0, induced.stderr
    assert "[extract]" in induced.stdout and f"//div[@class='{PLAIN}']" in induced.stdout
    out = tmp_path / "re"
    redone = _cli("reextract", str(data), "--out", str(out), "--json")
    assert redone.returncode == 0, redone.stderr
    rebuilt = _records(out)
    assert len(rebuilt) == 23 and all(
        r["provenance"]["extract_profile"].startswith("induced:") for r in rebuilt
    )
    assert json.loads(redone.stdout)["changed"] == 0


def test_a_site_profile_with_rules_outranks_induction(tmp_path: Path) -> None:
    build_site(tmp_path / "site", 10)
    data = tmp_path / "data"
    with PortalServer(tmp_path / "site") as server:
        profile = _profile(tmp_path, server.url)
        profile.write_text(
            profile.read_text("utf-8") + '\n[extract]\ntitle = ["//h1"]\n', encoding="utf-8"
        )
        run = _cli("crawl", str(profile), "--data-dir", str(data), "--no-jobdir", *FAST, "--json")
        assert run.returncode == 0, run.stderr[-2000:]
    records = _records(data / "gen" / "articles")
    assert len(records) == 10
    assert all(
        r["provenance"]["extract_profile"] == "site:gen" and r["title"] == "某某县人民政府"
        for r in records
    )
    assert not (data / "gen" / "profiles").exists()
