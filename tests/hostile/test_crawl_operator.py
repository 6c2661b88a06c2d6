"""What operators hit (issue 12): bad start URLs, the contact, environment variables, a CLI without fcntl."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from newsarchive.cli import main

from .crawl_servers import REPO, Answer, ScriptedServer, run_crawl

HOME = (
    "<html><head><title>首页</title></head><body><ul>"
    "<li><a href='/2021/03/16/t20210316_1.html'>新闻标题第一条</a></li></ul></body></html>"
).encode()
ARTICLE = (
    "<html><head><title>本地新闻</title></head><body><h1>本地新闻标题</h1><p>发布时间：2021-03-16</p>"
    "<div class='content'><p>" + "正文内容，" * 60 + "</p></div></body></html>"
).encode()


@pytest.mark.parametrize(
    "url",
    [
        "http://../",
        "http://./x",
        "http://a..b/",
        "http://-x/",
        "http://[::1/",
        "http://host:99999/",
        "http://host:abc/",
        "http:///path",
        "javascript:alert(1)",
        "//example.gov.cn/",
        "http://exa mple.gov.cn/",
    ],
)
def test_bad_start_url_is_a_usage_error(tmp_path: Path, url: str) -> None:
    err = io.StringIO()
    code = main(
        ["crawl", "--start-url", url, "--data-dir", str(tmp_path)], stdout=io.StringIO(), stderr=err
    )
    assert code == 2, err.getvalue()
    assert err.getvalue().count("\n") == 1 and "unexpected" not in err.getvalue()
    assert "--start-url" in err.getvalue()


def _user_agents(server: ScriptedServer) -> list[str]:
    return [ua for _path, ua in server.agents]


@pytest.mark.crawl
@pytest.mark.parametrize("how", ["-s", "env", "--contact"])
def test_contact_reaches_the_user_agent(tmp_path: Path, how: str) -> None:
    contact = "archivist@example.org"
    args: list[str] = []
    env: dict[str, str] = {}
    if how == "-s":
        args = ["-s", f"NEWSARCHIVE_CONTACT={contact}"]
    elif how == "env":
        env = {"NEWSARCHIVE_CONTACT": contact}
    else:
        args = ["--contact", contact]
    with ScriptedServer({"/": Answer(200, HOME)}, fallback=Answer(200, ARTICLE)) as server:
        run = run_crawl(
            "--start-url", server.url + "/", "--data-dir", str(tmp_path / "d"), *args, env=env
        )
        agents = _user_agents(server)
    assert run.returncode == 0, run.stderr[-2000:]
    assert agents and all(contact in ua for ua in agents), agents
    assert "no contact set" not in run.stderr


@pytest.mark.crawl
def test_default_contact_warns_and_data_dir_comes_from_the_environment(tmp_path: Path) -> None:
    with ScriptedServer({"/": Answer(200, HOME)}, fallback=Answer(200, ARTICLE)) as server:
        run = run_crawl(
            "--start-url",
            server.url + "/",
            env={"NEWSARCHIVE_DATA_DIR": str(tmp_path / "envdata"), "NEWSARCHIVE_CONTACT": ""},
        )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "no contact set" in run.stderr
    assert list((tmp_path / "envdata" / "127.0.0.1" / "articles").glob("*.jsonl"))
    assert run.summary is not None and run.summary["data_dir"] == str(tmp_path / "envdata")


def test_cli_starts_without_fcntl() -> None:
    """Windows has no fcntl: every command must import without it (the lock imports it when taken)."""
    code = (
        "import sys; sys.modules['fcntl'] = None\n"
        "from newsarchive.cli import build_parser, main\n"
        "parser, modules = build_parser()\n"
        "assert set(modules) >= {'crawl', 'sites', 'extract', 'validate', 'stats', 'export', 'reextract', 'dedupe'}, modules\n"
        "import newsarchive.archive.session, newsarchive.spiders.portal, newsarchive.distributed\n"
        "sys.exit(main(['sites']))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "yichun" in proc.stdout


def test_progress_last_frame_shows_the_final_counts() -> None:
    from newsarchive.console import Progress

    stream = io.StringIO()
    progress = Progress(stream, "extract", enabled=True, interval=3600)
    for n in range(1, 101):
        progress.update(n, 100, errors=n // 10)
    progress.close()
    frames = [f for f in stream.getvalue().split("\r") if f.strip()]
    assert len(frames) <= 2  # throttled
    assert frames and frames[-1].startswith("extract: 100/100 errors=10")


def _scrapy_crawl(*args: str) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        "portal",
        "-s",
        "LOG_LEVEL=WARNING",
        "-s",
        "AUTOTHROTTLE_ENABLED=False",
        "-s",
        "DOWNLOAD_DELAY=0",
        "-s",
        "RETRY_TIMES=0",
        *args,
    ]
    return subprocess.run(
        command, cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.crawl
def test_scrapy_crawl_exits_non_zero_on_a_failed_run(tmp_path: Path) -> None:
    with ScriptedServer(fallback=Answer(503, b"down")) as server:
        proc = _scrapy_crawl(
            "-a", f"start_urls={server.url}/", "-s", f"NEWSARCHIVE_DATA_DIR={tmp_path}"
        )
    assert proc.returncode == 3, proc.stderr[-2000:]
    assert "crawl failed" in proc.stderr


@pytest.mark.crawl
def test_scrapy_crawl_with_a_held_lock_prints_one_line(tmp_path: Path) -> None:
    from newsarchive.archive.lock import SiteLock

    with ScriptedServer(fallback=Answer(200, HOME)) as server, SiteLock(tmp_path / "127.0.0.1"):
        proc = _scrapy_crawl(
            "-a", f"start_urls={server.url}/", "-s", f"NEWSARCHIVE_DATA_DIR={tmp_path}"
        )
        assert server.hits == []
    assert proc.returncode == 4, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    assert [line for line in proc.stderr.splitlines() if "error" in line.lower()] == [
        line
        for line in proc.stderr.splitlines()
        if line.startswith("newsarchive: error:") and "crawl.lock" in line
    ]


@pytest.mark.crawl
def test_no_network_gives_a_short_clear_message(tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    run = run_crawl(
        "--start-url",
        f"http://127.0.0.1:{port}/",
        "--data-dir",
        str(tmp_path),
        "--contact",
        "x@y.z",
    )
    assert run.returncode == 3
    assert "Traceback" not in run.stderr and len(run.stderr.splitlines()) <= 6, run.stderr
    assert run.stderr.splitlines()[-1].startswith(
        "newsarchive: error: 127.0.0.1: crawl failed: nothing fetched"
    )
    assert len(run.stdout.splitlines()) == 1
    log = next((tmp_path / "127.0.0.1" / "logs").glob("*.log")).read_text(encoding="utf-8")
    assert "Traceback" not in log
