"""Scrapy add-on: ``REDIS_URL`` (setting) or ``NEWSARCHIVE_REDIS_URL`` (environment) makes a crawl a worker."""
from __future__ import annotations

import os
import socket
from typing import TYPE_CHECKING

from . import configure, redis_url_from_env, safe_worker_id

if TYPE_CHECKING:
    from scrapy.settings import Settings

__all__ = ["DistributedAddon"]


class DistributedAddon:
    """For ``scrapy crawl portal -a site=NAME -s REDIS_URL=redis://... [-s NEWSARCHIVE_WORKER_ID=ID]``.

    ``newsarchive crawl --redis`` configures the crawl itself (and picks a stable worker
    id per data dir); here the id defaults to ``<host>-<pid>``, so pass one to resume a
    killed worker's part files under the same name.
    """

    def update_settings(self, settings: Settings) -> None:
        url = settings.get("REDIS_URL") or redis_url_from_env()
        if not url:
            return
        worker = settings.get("NEWSARCHIVE_WORKER_ID") or f"{socket.gethostname().split('.')[0]}-{os.getpid()}"
        configure(settings, url, safe_worker_id(str(worker)), priority="addon")
