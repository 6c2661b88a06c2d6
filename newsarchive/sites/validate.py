"""What a site profile may set: an allowlist of politeness and limit settings, checked by type and range,
and XPath 1.0 expressions without extension functions.

A profile is data from a third party: it must not reach code (class paths, FEEDS writing
files, the remote-control server) nor switch off what protects the portal and the
machine (robots.txt, the size limit). The same checks run for ``newsarchive sites FILE``
and for a crawl, since both load profiles through ``profile_from_mapping``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..exceptions import ProfileError
from ..extract.xpath_policy import check_xpath_functions

__all__ = ["PROFILE_SETTINGS", "SettingRule", "check_settings", "check_xpath_functions"]

_MIB = 1024 * 1024


@dataclass(frozen=True)
class SettingRule:
    """A setting a profile may give: its type (bool, int or float) and the allowed range."""

    kind: type
    low: float | None = None
    high: float | None = None
    meaning: str = ""

    def check(self, value: Any) -> str | None:
        """Why ``value`` is refused, or None."""
        if self.kind is bool:
            return None if isinstance(value, bool) else "must be true or false"
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"must be a number ({self.kind.__name__})"
        if self.kind is int and not isinstance(value, int):
            return "must be a whole number"
        if self.low is not None and value < self.low:
            return f"must be at least {self.low:g}"
        if self.high is not None and value > self.high:
            return f"must be at most {self.high:g}"
        return None


# Politeness and limits only. Sizes may be lowered, never raised past the project default.
PROFILE_SETTINGS: Mapping[str, SettingRule] = {
    "DOWNLOAD_DELAY": SettingRule(float, 0, 600, "seconds between requests to the portal"),
    "RANDOMIZE_DOWNLOAD_DELAY": SettingRule(bool, meaning="jitter the delay (0.5x-1.5x)"),
    "CONCURRENT_REQUESTS_PER_DOMAIN": SettingRule(int, 1, 32, "parallel requests to one host"),
    "AUTOTHROTTLE_ENABLED": SettingRule(bool, meaning="adapt the delay to the portal's latency"),
    "AUTOTHROTTLE_START_DELAY": SettingRule(float, 0, 600),
    "AUTOTHROTTLE_MAX_DELAY": SettingRule(float, 0, 3600),
    "AUTOTHROTTLE_TARGET_CONCURRENCY": SettingRule(float, 0.1, 32),
    "DOWNLOAD_TIMEOUT": SettingRule(float, 1, 600, "seconds before a request is given up"),
    "RETRY_TIMES": SettingRule(int, 0, 10),
    "DEPTH_LIMIT": SettingRule(int, 0, 1000, "link hops from the start pages (0: no limit)"),
    "CLOSESPIDER_PAGECOUNT": SettingRule(
        int, 0, 10_000_000, "stop after this many responses (0: no limit)"
    ),
    "CLOSESPIDER_TIMEOUT": SettingRule(
        float, 0, 30 * 86400, "stop after this many seconds (0: no limit)"
    ),
    "DOWNLOAD_MAXSIZE": SettingRule(
        int, 1024, 16 * _MIB, "largest response in bytes (at most the default)"
    ),
    "DOWNLOAD_WARNSIZE": SettingRule(int, 1024, 16 * _MIB),
    "NEWSARCHIVE_MAX_ERROR_RATE": SettingRule(
        float, 0, 1, "share of failed fetches that fails the run"
    ),
    "NEWSARCHIVE_FOLLOW_ARTICLE_LINKS": SettingRule(
        bool, meaning="follow links found on article pages"
    ),
    "NEWSARCHIVE_MAX_LIST_PAGES": SettingRule(
        int, 0, 1_000_000, "pages per list family (0: no limit)"
    ),
    "NEWSARCHIVE_DATE_WINDOW_YEARS": SettingRule(
        int, 0, 1000, "URL dates followed: this many years around today"
    ),
}


def check_settings(where: str, settings: Any) -> dict[str, Any]:
    """The profile's ``[settings]`` table, every key allowlisted and every value of the right type."""
    if not isinstance(settings, dict):
        raise ProfileError(
            f"{where}: key 'settings': must be a table of settings (value={settings!r})"
        )
    for key, value in settings.items():
        rule = PROFILE_SETTINGS.get(key)
        if rule is None:
            raise ProfileError(
                f"{where}: key 'settings.{key}': not a setting a profile may give (value={value!r}); "
                f"allowed: {', '.join(sorted(PROFILE_SETTINGS))}"
            )
        problem = rule.check(value)
        if problem:
            raise ProfileError(f"{where}: key 'settings.{key}': {problem} (value={value!r})")
    return dict(settings)
