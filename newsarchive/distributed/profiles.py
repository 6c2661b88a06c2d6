"""Induced template profiles shared between the workers of a distributed crawl.

One Redis hash per site, ``newsarchive:<site>:profiles`` (template key -> the
profile's TOML): the worker that induces a profile first publishes it, the others
read it when they meet a page of that template instead of inducing their own.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from redis.exceptions import RedisError

from ..exceptions import ProfileError
from ..induce.learn import InducedProfile

if TYPE_CHECKING:
    from redis import Redis

__all__ = ["SharedProfiles"]

logger = logging.getLogger(__name__)


class SharedProfiles:
    def __init__(self, redis: Redis, site: str):
        self.redis = redis
        self.key = f"newsarchive:{site}:profiles"

    def publish(self, induced: InducedProfile) -> bool:
        """Share ``induced``; False when another worker published this template's profile first (theirs stays),
        or Redis cannot be reached (the worker keeps using its own; the lost Redis fails the run elsewhere)."""
        try:
            return bool(self.redis.hsetnx(self.key, induced.key, induced.to_toml()))
        except RedisError as exc:
            logger.warning("induced profile not shared: Redis: %s", exc)
            return False

    def get(self, template: str) -> InducedProfile | None:
        try:
            raw = self.redis.hget(self.key, template)
        except RedisError as exc:  # a lost Redis must not lose the page being extracted
            logger.warning("shared induced profiles not read: Redis: %s", exc)
            return None
        if raw is None:
            return None
        try:
            text = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
            return InducedProfile.from_toml(text, where=f"redis {self.key} {template}")
        except (UnicodeDecodeError, ProfileError) as exc:
            logger.warning("shared induced profile skipped: %s", exc)
            return None
