"""Site profiles: every bundled file loads; bad files name the file, the key and the value."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsarchive.exceptions import ProfileError
from newsarchive.extract import ExtractionProfile
from newsarchive.sites import SiteProfile, adhoc_profile, available_profiles, load_profile

BUNDLED = sorted(
    p.stem for p in (Path(__file__).resolve().parents[2] / "newsarchive" / "sites").glob("*.toml")
)
GOOD = """
name = "example"
title = "示例门户"
start_urls = ["http://www.example.gov.cn/xwzx/"]
article_patterns = ['/\\d{6}/t\\d{8}_\\d+\\.html$']
"""


def test_at_least_two_real_portals_are_bundled() -> None:
    assert len(BUNDLED) >= 2
    assert [p.name for p in available_profiles()] == BUNDLED


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_profile_loads(name: str) -> None:
    profile = load_profile(name)
    assert isinstance(profile, SiteProfile)
    assert profile.name == name and profile.title and profile.start_urls
    assert all(profile.allows(u) for u in profile.start_urls)
    assert isinstance(profile.extract, ExtractionProfile)
    assert all(
        re.compile(p)
        for p in profile.article_patterns + profile.list_patterns + profile.deny_patterns
    )
    assert all(k.isupper() for k in profile.settings)


def test_load_by_path_and_defaults(tmp_path: Path) -> None:
    path = tmp_path / "example.toml"
    path.write_text(GOOD, encoding="utf-8")
    profile = load_profile(str(path))
    assert profile.name == "example"
    assert profile.allowed_domains == ("www.example.gov.cn",)
    assert profile.timezone == "Asia/Shanghai"
    assert profile.max_depth is None and dict(profile.settings) == {}
    assert profile.source == str(path)


def test_extract_table_reaches_the_engine_profile(tmp_path: Path) -> None:
    path = tmp_path / "example.toml"
    path.write_text(
        GOOD + "\n[extract]\ntitle = \"//h1[@class='t']\"\nbody = [\"//div[@id='zoom']\"]\n",
        encoding="utf-8",
    )
    extract = load_profile(str(path)).extract
    assert extract.title == ("//h1[@class='t']",) and extract.body == ("//div[@id='zoom']",)


@pytest.mark.parametrize(
    ("extra", "key", "value"),
    [
        ("colour = 'red'", "colour", "red"),
        ("max_depth = 'deep'", "max_depth", "deep"),
        ("max_depth = -1", "max_depth", "-1"),
        ("list_patterns = ['(unclosed']", "list_patterns", "(unclosed"),
        ("deny_patterns = 5", "deny_patterns", "5"),
        ("timezone = 'Mars/Olympus'", "timezone", "Mars/Olympus"),
        (
            "allowed_domains = ['http://www.example.gov.cn/']",
            "allowed_domains",
            "http://www.example.gov.cn/",
        ),
        ("allowed_domains = ['other.cn']", "start_urls", "http://www.example.gov.cn/xwzx/"),
        ("[settings]\ndownload_delay = 2", "settings.download_delay", "2"),
        ("[extract]\nbody = ['//div[']", "extract.body", "//div["),
        ("[extract]\nheadline = ['//h1']", "headline", "headline"),
    ],
)
def test_bad_profile_names_file_key_value(tmp_path: Path, extra: str, key: str, value: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(GOOD + "\n" + extra + "\n", encoding="utf-8")
    with pytest.raises(ProfileError) as info:
        load_profile(str(path))
    message = str(info.value)
    assert str(path) in message and key in message and value in message


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('name = "x"\nstart_urls = [', "invalid TOML"),
        ('title = "x"\nstart_urls = ["http://a.cn/"]', "'name': missing"),
        ('name = "x"', "'start_urls': missing"),
        ('name = "x"\nstart_urls = ["ftp://a.cn/"]', "ftp://a.cn/"),
        ('name = "Bad Name"\nstart_urls = ["http://a.cn/"]', "Bad Name"),
        ('name = "x"\nstart_urls = []', "start_urls"),
    ],
)
def test_malformed_profiles(tmp_path: Path, text: str, fragment: str) -> None:
    path = tmp_path / "p.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError, match=re.escape(fragment)) as info:
        load_profile(str(path))
    assert str(path) in str(info.value)


def test_unknown_bundled_name_and_missing_file() -> None:
    with pytest.raises(ProfileError, match="unknown site profile 'nope'"):
        load_profile("nope")
    with pytest.raises(ProfileError, match="no such profile file"):
        load_profile("/nonexistent/dir/p.toml")


def test_adhoc_profile() -> None:
    profile = adhoc_profile(["http://WWW.Example.gov.cn:8080/news/", "https://m.example.gov.cn/a"])
    assert profile.name == "www.example.gov.cn"
    assert profile.allowed_domains == ("www.example.gov.cn", "m.example.gov.cn")
    assert profile.start_urls == (
        "http://WWW.Example.gov.cn:8080/news/",
        "https://m.example.gov.cn/a",
    )
    assert profile.allows("http://www.example.gov.cn/x") and not profile.allows(
        "http://example.gov.cn/x"
    )
    with pytest.raises(ProfileError):
        adhoc_profile([])
    with pytest.raises(ProfileError, match="not-a-url"):
        adhoc_profile(["not-a-url"])


def test_profiles_are_hashable_values() -> None:
    assert load_profile(BUNDLED[0]) == load_profile(BUNDLED[0])
    hash(load_profile(BUNDLED[0]))
