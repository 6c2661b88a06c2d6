"""Induced template profiles shared between the workers of a distributed crawl.

A template is a URL pattern and a class/id signature; one pattern (``info/{n}/{n}.htm``)
may hold several. One Redis hash per URL pattern, ``newsarchive:<site>:profiles:<pattern
key>``, maps each template (:func:`~newsarchive.induce.template.signature_key` of the
pattern and the profile's signature) to its profile's TOML: the worker that induces a
template's profile first publishes it, and the others, meeting a page of a URL pattern
with no profile of the page's template, read the pattern's profiles and take the one of
the page's own template (the book matches signatures) instead of inducing their own.

Until 0.2.2 the site had one hash, ``newsarchive:<site>:profiles`` (the worker's profile
key -> TOML), looked up by the URL pattern's key alone: only the first template of a
pattern was ever shared, and each worker named a different template by that key. It is
still written (a 0.2.2 worker of a mixed fleet reads it as before) and read once per
worker into the per-pattern hashes, so the profiles a 0.2.2 crawl shared stay in use.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from redis.exceptions import RedisError, WatchError

from ..exceptions import ProfileError
from ..induce.learn import InducedProfile
from ..induce.limits import INDUCE
from ..induce.template import pattern_key, signature_key, similarity

if TYPE_CHECKING:
    from redis import Redis

__all__ = ["SharedProfiles", "template_id"]

logger = logging.getLogger(__name__)
_MAX_PER_PATTERN = 8  # templates shared under one URL pattern (a worker learns at most 4 apart)
_RETRIES = 5  # publishes retried when another worker changed the pattern's hash meanwhile


def template_id(induced: InducedProfile) -> str:
    """The name of a profile's template in Redis: its URL pattern and signature (the same on every worker)."""
    return signature_key(induced.url_pattern, induced.signature)


def same_template(a: InducedProfile, b: InducedProfile) -> bool:
    """Profiles of one template: same URL pattern, and signatures alike as the book matches pages."""
    if a.url_pattern != b.url_pattern:
        return False
    if not a.signature or not b.signature:  # an unsigned (older) profile: only its own twin
        return a.signature == b.signature
    return similarity(a.signature, b.signature) >= INDUCE.same_template


class SharedProfiles:
    def __init__(self, redis: Redis, site: str):
        self.redis = redis
        self.key = f"newsarchive:{site}:profiles"  # the 0.2.2 hash: profile key -> TOML
        self.migrated = False

    def pattern_hash(self, pattern: str) -> str:
        """The hash of one URL pattern's templates (``pattern``: its key, as the book names it)."""
        return f"{self.key}:{pattern}"

    def publish(self, induced: InducedProfile) -> bool:
        """Share ``induced`` as its template's profile.

        False when a profile of the same template is there already (another worker's: theirs
        stays), the pattern holds ``_MAX_PER_PATTERN`` templates, or Redis cannot be reached
        (the worker keeps using its own; the lost Redis fails the run elsewhere).
        """
        text = induced.to_toml()
        try:
            self.redis.hsetnx(self.key, induced.key, text)  # 0.2.2 workers read this one
            return self._store(induced, text)
        except RedisError as exc:
            logger.warning("induced profile not shared: Redis: %s", exc)
            return False

    def _store(self, induced: InducedProfile, text: str) -> bool:
        """Add ``induced`` to its pattern's hash unless its template is there (atomic: WATCH, MULTI)."""
        name = self.pattern_hash(pattern_key(induced.url_pattern))
        field = template_id(induced)
        with self.redis.pipeline() as pipe:
            for _ in range(_RETRIES):
                try:
                    pipe.watch(name)
                    held = self._parsed(name, pipe.hgetall(name))
                    if len(held) >= _MAX_PER_PATTERN or any(
                        key == field or same_template(p, induced) for key, p in held
                    ):
                        pipe.unwatch()
                        return False
                    pipe.multi()
                    pipe.hset(name, field, text)
                    pipe.execute()
                    return True
                except WatchError:
                    continue  # another worker published under this pattern meanwhile: look again
        logger.warning("induced profile %s not shared: Redis kept changing", induced.key)
        return False

    def under(self, pattern: str) -> list[InducedProfile]:
        """The profiles shared for the templates of one URL pattern (its key); [] when Redis is lost."""
        try:
            if not self.migrated:
                self.migrate()
            raw = self.redis.hgetall(self.pattern_hash(pattern))
        except RedisError as exc:  # a lost Redis must not lose the page being extracted
            logger.warning("shared induced profiles not read: Redis: %s", exc)
            return []
        return [p for _key, p in self._parsed(self.pattern_hash(pattern), raw)]

    def migrate(self) -> int:
        """Copy the profiles of the 0.2.2 hash into the per-pattern hashes (once a worker); how many.

        Raises RedisError. A damaged entry is logged and skipped; the old hash is left as it is.
        """
        copied = 0
        for _key, induced in self._parsed(self.key, self.redis.hgetall(self.key)):
            copied += self._store(induced, induced.to_toml())
        self.migrated = True
        if copied:
            logger.info(
                "%d induced profiles shared by an older version read from %s", copied, self.key
            )
        return copied

    def get(self, key: str) -> InducedProfile | None:
        """The profile published under a worker's profile key (the 0.2.2 hash), or None."""
        try:
            raw = self.redis.hget(self.key, key)
        except RedisError as exc:
            logger.warning("shared induced profiles not read: Redis: %s", exc)
            return None
        if raw is None:
            return None
        return next((p for _k, p in self._parsed(self.key, {key: raw})), None)

    @staticmethod
    def _parsed(name: str, raw: dict[bytes | str, bytes | str]) -> list[tuple[str, InducedProfile]]:
        """The readable profiles of a hash's entries, in field order; a damaged one is logged and skipped."""
        out = []
        for field in sorted(raw):
            where = _text(field, "replace")
            try:
                out.append(
                    (
                        where,
                        InducedProfile.from_toml(_text(raw[field]), where=f"redis {name} {where}"),
                    )
                )
            except (UnicodeDecodeError, ProfileError) as exc:
                logger.warning("shared induced profile skipped: %s", exc)
        return out


def _text(value: bytes | str, errors: str = "strict") -> str:
    return value.decode("utf-8", errors) if isinstance(value, bytes) else str(value)
