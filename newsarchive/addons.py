"""Scrapy add-on for what the operator gives, however the crawl is started (CLI, ``scrapy crawl``, Scrapyd).

- ``NEWSARCHIVE_DATA_DIR`` / ``NEWSARCHIVE_CONTACT`` from the environment when no setting
  of higher priority than the project defaults names them.
- The User-Agent is built from the contact (``-s NEWSARCHIVE_CONTACT=...`` reached the WARC
  but not the User-Agent), unless ``USER_AGENT`` itself was given; a crawl with the
  default contact warns.
- Ad-hoc crawls (start URLs, no profile) get default limits (pages, depth, pages per
  list family) that an option (``--max-pages``, ``--max-depth``, ``-s``) can raise.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, Any

from scrapy.settings import SETTINGS_PRIORITIES

from ._version import __version__

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import Settings

__all__ = ["ADHOC_LIMITS", "DEFAULT_CONTACT", "OperatorAddon", "user_agent"]

logger = logging.getLogger(__name__)
DEFAULT_CONTACT = "+https://github.com/newsarchive/newsarchive"
ENV_SETTINGS = ("NEWSARCHIVE_DATA_DIR", "NEWSARCHIVE_CONTACT")
PROJECT = SETTINGS_PRIORITIES["project"]

# Default limits of a crawl given only start URLs: an unknown site may be an endless list
# (`?page=N`) or a calendar; 23,802 pages in 120 s were measured on such a trap.
ADHOC_LIMITS: dict[str, int] = {
    "CLOSESPIDER_PAGECOUNT": 10_000,  # responses
    "DEPTH_LIMIT": 500,  # link hops: each 下一页 is one, so a next-link list reaches its budget
    "NEWSARCHIVE_MAX_LIST_PAGES": 500,  # pages of one list family (index_N, ?page=N ...)
}


def user_agent(contact: str) -> str:
    return f"newsarchive/{__version__} (news archiving crawler; {contact})"


class OperatorAddon:
    def __init__(self, crawler: Crawler | None = None):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> OperatorAddon:
        return cls(crawler)

    def update_settings(self, settings: Settings) -> None:
        for name in ENV_SETTINGS:
            value = os.environ.get(name)
            if value and (settings.getpriority(name) or 0) <= PROJECT:
                settings.set(name, value, priority="project")
        contact = str(settings.get("NEWSARCHIVE_CONTACT") or DEFAULT_CONTACT)
        if (settings.getpriority("USER_AGENT") or 0) <= PROJECT:
            settings.set("USER_AGENT", user_agent(contact), priority="project")
        if contact == DEFAULT_CONTACT:
            logger.warning(
                "no contact set: the User-Agent names the project, not you; set --contact, "
                "-s NEWSARCHIVE_CONTACT=... or $NEWSARCHIVE_CONTACT to an address the portal can reach"
            )
        profile = getattr(getattr(self.crawler, "spider", None), "profile", None)
        if profile is not None and is_adhoc(profile):
            for name, limit in ADHOC_LIMITS.items():
                if (settings.getpriority(name) or 0) <= PROJECT and not settings.getint(name):
                    settings.set(name, limit, priority="project")


def is_adhoc(profile: Any) -> bool:
    """A profile made from start URLs (``--start-url``, ``-a start_urls=``), not read from a file."""
    return getattr(profile, "source", None) is None
