"""Portal site profiles as data: bundled ``sites/*.toml`` files, loaded and validated strictly."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..exceptions import ProfileError
from ..extract.profile import ExtractionProfile
from .validate import check_settings

__all__ = ["SiteProfile", "adhoc_profile", "available_profiles", "host_allowed", "load_profile"]

DEFAULT_TIMEZONE = "Asia/Shanghai"
_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_DOMAIN = re.compile(
    r"^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$"
)
_PATTERN_KEYS = ("article_patterns", "list_patterns", "deny_patterns")
_KNOWN_KEYS = frozenset(
    (
        "name",
        "title",
        "start_urls",
        "allowed_domains",
        *_PATTERN_KEYS,
        "timezone",
        "max_depth",
        "settings",
        "extract",
    )
)


@dataclass(frozen=True)
class SiteProfile:
    """One portal: where to start, what to stay inside, how its article and list URLs look.

    Patterns are regular expressions searched (``re.search``) in the absolute URL.
    """

    name: str
    title: str
    start_urls: tuple[str, ...]
    allowed_domains: tuple[str, ...]
    article_patterns: tuple[str, ...] = ()
    list_patterns: tuple[str, ...] = ()
    deny_patterns: tuple[str, ...] = ()
    timezone: str = DEFAULT_TIMEZONE
    extract: ExtractionProfile = field(default_factory=ExtractionProfile)
    settings: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}), hash=False)
    max_depth: int | None = None
    source: str | None = field(default=None, compare=False)  # the file it was read from

    @cached_property
    def compiled_article(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p) for p in self.article_patterns)

    @cached_property
    def compiled_list(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p) for p in self.list_patterns)

    @cached_property
    def compiled_deny(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p) for p in self.deny_patterns)

    def allows(self, url: str) -> bool:
        """True when the URL's host is one of allowed_domains or a subdomain of one."""
        return host_allowed(urlsplit(url).hostname or "", self.allowed_domains)


def host_allowed(host: str, allowed_domains: Sequence[str]) -> bool:
    if not allowed_domains:
        return True
    host = host.lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in allowed_domains)


# -- loading ---------------------------------------------------------------------------------


def _bad(where: str, key: str, value: Any, problem: str) -> ProfileError:
    return ProfileError(f"{where}: key {key!r}: {problem} (value={value!r})")


def _string(where: str, key: str, value: Any, *, required: bool = True) -> str:
    if not isinstance(value, str) or (required and not value.strip()):
        raise _bad(where, key, value, "must be a non-empty string")
    return value.strip()


def _strings(where: str, key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _bad(where, key, value, "must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _http_url(where: str, key: str, value: str) -> str:
    try:
        parts = urlsplit(value)
        host, _port = parts.hostname, parts.port  # .port raises ValueError for a bad port
    except ValueError as exc:
        raise _bad(where, key, value, f"not a valid URL: {exc}") from None
    if parts.scheme not in ("http", "https") or not host:
        raise _bad(where, key, value, "must be an absolute http(s) URL")
    if not (_DOMAIN.match(host.lower().rstrip(".")) or _is_ip(host)):
        raise _bad(where, key, value, f"host {host!r} is not a valid host name or address")
    return value


def _is_ip(host: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _patterns(where: str, key: str, value: Any) -> tuple[str, ...]:
    patterns = _strings(where, key, value)
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise _bad(where, key, pattern, f"bad regular expression: {exc}") from exc
    return patterns


def _domain(where: str, value: str) -> str:
    domain = value.lower().rstrip(".")
    if domain.startswith(("http://", "https://")) or not _DOMAIN.match(domain):
        raise _bad(
            where, "allowed_domains", value, "must be a bare host name such as 'www.example.gov.cn'"
        )
    return domain


def profile_from_mapping(data: Mapping[str, Any], *, where: str = "<profile>") -> SiteProfile:
    """Build a SiteProfile from parsed TOML, rejecting unknown keys, wrong types and bad regexes."""
    unknown = sorted(set(data) - _KNOWN_KEYS)
    if unknown:
        raise _bad(
            where, unknown[0], data[unknown[0]], f"unknown key; known keys: {sorted(_KNOWN_KEYS)}"
        )
    if "name" not in data:
        raise ProfileError(f"{where}: key 'name': missing")
    name = _string(where, "name", data["name"])
    if not _NAME.match(name):
        raise _bad(where, "name", name, "must be lowercase letters, digits, '-', '_' or '.'")
    title = _string(where, "title", data.get("title", name))
    if "start_urls" not in data:
        raise ProfileError(f"{where}: key 'start_urls': missing")
    start_urls = tuple(
        _http_url(where, "start_urls", u) for u in _strings(where, "start_urls", data["start_urls"])
    )
    if not start_urls:
        raise _bad(where, "start_urls", data["start_urls"], "must hold at least one URL")
    if "allowed_domains" in data:
        allowed = tuple(
            _domain(where, d) for d in _strings(where, "allowed_domains", data["allowed_domains"])
        )
    else:
        allowed = _hosts(start_urls)
    for url in start_urls:
        if not host_allowed(urlsplit(url).hostname or "", allowed):
            raise _bad(where, "start_urls", url, f"host is outside allowed_domains {list(allowed)}")
    patterns = {key: _patterns(where, key, data.get(key, [])) for key in _PATTERN_KEYS}
    timezone = _string(where, "timezone", data.get("timezone", DEFAULT_TIMEZONE))
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise _bad(where, "timezone", timezone, "unknown IANA time zone") from exc
    max_depth = data.get("max_depth")
    if max_depth is not None and (
        isinstance(max_depth, bool) or not isinstance(max_depth, int) or max_depth < 0
    ):
        raise _bad(where, "max_depth", max_depth, "must be a non-negative integer")
    settings = check_settings(
        where, data.get("settings", {})
    )  # an allowlist: a profile is data, not code
    extract_table = data.get("extract", {})
    if not isinstance(extract_table, dict):
        raise _bad(where, "extract", extract_table, "must be a table of per-field XPath lists")
    extract_table = dict(extract_table)
    extract_table.setdefault("timezone", timezone)
    extraction = ExtractionProfile.from_mapping(extract_table, where=where)
    return SiteProfile(
        name=name,
        title=title,
        start_urls=start_urls,
        allowed_domains=allowed,
        timezone=timezone,
        extract=extraction,
        settings=MappingProxyType(dict(settings)),
        max_depth=max_depth,
        source=where,
        **patterns,
    )


def _hosts(urls: Sequence[str]) -> tuple[str, ...]:
    hosts: dict[str, None] = {}
    for url in urls:
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
        if host:
            hosts[host] = None
    return tuple(hosts)


def _load_file(path: Path | Any, where: str) -> SiteProfile:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise ProfileError(f"{where}: cannot read profile: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{where}: invalid TOML: {exc}") from exc
    return profile_from_mapping(data, where=where)


def _bundled() -> dict[str, Any]:
    folder = resources.files(__name__)
    return {
        entry.name.removesuffix(".toml"): entry
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".toml") and entry.is_file()
    }


def load_profile(name_or_path: str) -> SiteProfile:
    """Load a bundled profile by name, or a profile file by path. Raises ProfileError."""
    looks_like_path = name_or_path.endswith(".toml") or "/" in name_or_path or "\\" in name_or_path
    if looks_like_path:
        path = Path(name_or_path)
        if not path.is_file():
            raise ProfileError(f"{name_or_path}: no such profile file")
        return _load_file(path, str(path))
    bundled = _bundled()
    entry = bundled.get(name_or_path)
    if entry is None:
        raise ProfileError(
            f"unknown site profile {name_or_path!r}; bundled profiles: {', '.join(bundled) or 'none'}"
        )
    profile = _load_file(entry, f"newsarchive/sites/{entry.name}")
    if profile.name != name_or_path:
        raise _bad(
            f"newsarchive/sites/{entry.name}", "name", profile.name, "must equal the file name"
        )
    return profile


def available_profiles() -> list[SiteProfile]:
    """Every bundled profile, sorted by name."""
    return [load_profile(name) for name in _bundled()]


def adhoc_profile(start_urls: Sequence[str]) -> SiteProfile:
    """A profile for a crawl given only start URLs: named after the first host, kept to their hosts."""
    urls = [u.strip() for u in start_urls if u and u.strip()]
    if not urls:
        raise ProfileError("--start-url: at least one start URL is needed")
    for url in urls:
        _http_url("--start-url", "start_urls", url)
    hosts = _hosts(urls)
    return SiteProfile(name=hosts[0], title=hosts[0], start_urls=tuple(urls), allowed_domains=hosts)
