"""Hostile site profiles (issue 12, finding 8): settings are an allowlist, XPath is XPath 1.0 core.

Each profile is refused by ``newsarchive sites FILE`` and by ``newsarchive crawl FILE`` with
the same one-line error, before any request is made.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from newsarchive.cli import main
from newsarchive.exceptions import ProfileError
from newsarchive.sites import load_profile
from newsarchive.sites.validate import PROFILE_SETTINGS

from .crawl_servers import Answer, ScriptedServer, run_crawl

BASE = 'name = "hostile"\nstart_urls = ["{url}/"]\n'

# (extra TOML, text the error must name)
HOSTILE = [
    ('[settings]\nFEEDS = {{ "OWNED" = {{ format = "json" }} }}', "settings.FEEDS"),
    ("[settings]\nREMOTE_CONTROL_ENABLED = true", "settings.REMOTE_CONTROL_ENABLED"),
    ("[settings]\nTELNETCONSOLE_ENABLED = true", "settings.TELNETCONSOLE_ENABLED"),
    ("[settings]\nROBOTSTXT_OBEY = false", "settings.ROBOTSTXT_OBEY"),
    ("[settings]\nDOWNLOAD_MAXSIZE = 0", "settings.DOWNLOAD_MAXSIZE"),
    ("[settings]\nDOWNLOAD_MAXSIZE = 10737418240", "settings.DOWNLOAD_MAXSIZE"),
    ('[settings]\nSCHEDULER = "no.such.Scheduler"', "settings.SCHEDULER"),
    ('[settings]\nITEM_PIPELINES = {{ "os.system" = 1 }}', "settings.ITEM_PIPELINES"),
    (
        '[settings]\nDOWNLOADER_MIDDLEWARES = {{ "newsarchive.downloadermiddlewares.offsite.OffsiteGuard" = 0 }}',
        "settings.DOWNLOADER_MIDDLEWARES",
    ),
    ('[settings]\nDOWNLOAD_DELAY = "abc"', "settings.DOWNLOAD_DELAY"),
    ("[settings]\nDOWNLOAD_DELAY = -1", "settings.DOWNLOAD_DELAY"),
    ("[settings]\nDOWNLOAD_DELAY = true", "settings.DOWNLOAD_DELAY"),
    ("[settings]\nCONCURRENT_REQUESTS_PER_DOMAIN = 2.5", "settings.CONCURRENT_REQUESTS_PER_DOMAIN"),
    ("[settings]\nCONCURRENT_REQUESTS_PER_DOMAIN = 0", "settings.CONCURRENT_REQUESTS_PER_DOMAIN"),
    ('[settings]\nAUTOTHROTTLE_ENABLED = "yes"', "settings.AUTOTHROTTLE_ENABLED"),
    ("[settings]\nDEPTH_LIMIT = 1e9", "settings.DEPTH_LIMIT"),
    ("[settings]\nNEWSARCHIVE_MAX_ERROR_RATE = 2", "settings.NEWSARCHIVE_MAX_ERROR_RATE"),
    ("[settings]\nNEWSARCHIVE_DATA_DIR = '/etc'", "settings.NEWSARCHIVE_DATA_DIR"),
    ("[settings]\ndownload_delay = 2", "settings.download_delay"),
    ("[extract]\ntitle = [\"php:function('system', 'id')\"]", "php:function()"),
    ("[extract]\nbody = [\"document('/etc/passwd')//p\"]", "document()"),
    ("[extract]\nbody = [\"//div[re:test(@class, 'c')]\"]", "re:test()"),
    ("[extract]\ndate = [\"//span[str:tokenize(., ' ')]\"]", "str:tokenize()"),
    ('[extract]\ndrop = ["//div[@id=$target]"]', "variables"),
    ("[extract]\nsource = [\"//p[fn:matches(., 'x')]\"]", "fn:matches()"),
    ('[extract]\ntitle = ["//h1[current()]"]', "current()"),
    ("[extract]\ntitle = ['//h1[']", "extract.title"),
]


def _write(tmp_path: Path, url: str, extra: str) -> Path:
    path = tmp_path / "hostile.toml"
    extra = (
        extra.replace("{{", "{")
        .replace("}}", "}")
        .replace("OWNED", (tmp_path / "owned.json").as_posix())
    )
    path.write_text(BASE.format(url=url) + extra + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("extra", "named"), HOSTILE)
def test_sites_command_refuses_hostile_profile(tmp_path: Path, extra: str, named: str) -> None:
    path = _write(tmp_path, "http://127.0.0.1:18600", extra)
    out, err = io.StringIO(), io.StringIO()
    assert main(["sites", str(path)], stdout=out, stderr=err) == 1
    message = err.getvalue()
    assert message.count("\n") == 1 and named in message and str(path) in message, message
    assert "Traceback" not in message
    with pytest.raises(ProfileError):
        load_profile(str(path))


@pytest.mark.crawl
@pytest.mark.parametrize(("extra", "named"), [HOSTILE[0], HOSTILE[3], HOSTILE[9], HOSTILE[19]])
def test_crawl_refuses_hostile_profile_before_any_request(
    tmp_path: Path, extra: str, named: str
) -> None:
    with ScriptedServer(fallback=Answer(200, b"<html><body>x</body></html>")) as server:
        path = _write(tmp_path, server.url, extra)
        run = run_crawl(str(path), "--data-dir", str(tmp_path / "d"))
        assert server.hits == []
    assert run.returncode == 1
    assert named in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "owned.json").exists()


def test_allowed_settings_are_accepted_with_their_types(tmp_path: Path) -> None:
    values = {"bool": "true", "int": "3", "float": "1.0"}
    table = "\n".join(
        f"{key} = {values[rule.kind.__name__]}"
        for key, rule in PROFILE_SETTINGS.items()
        if key not in ("DOWNLOAD_MAXSIZE", "DOWNLOAD_WARNSIZE")
    )
    path = _write(
        tmp_path, "http://127.0.0.1:18600", "[settings]\n" + table + "\nDOWNLOAD_MAXSIZE = 1048576"
    )
    profile = load_profile(str(path))
    assert (
        profile.settings["DOWNLOAD_DELAY"] == 1.0
        and profile.settings["DOWNLOAD_MAXSIZE"] == 1048576
    )
    path = _write(
        tmp_path,
        "http://127.0.0.1:18600",
        "[extract]\ntitle = [\"//h1[contains(@class, 'title')]/text()\","
        " \"normalize-space(string(//meta[@name='ArticleTitle']/@content))\"]",
    )
    assert load_profile(str(path)).extract.title[0].startswith("//h1")
