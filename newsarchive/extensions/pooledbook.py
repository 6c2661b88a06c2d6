"""The crawl's template book when pages are extracted in the pool: plan a page's profile, then settle its reading.

:class:`~newsarchive.induce.book.TemplateBook` extracts a page itself (by its template's
profile, else generically). In a crawl the page is extracted off the event loop, in a
worker process, and only once: :meth:`PooledTemplateBook.plan` says which induced profile
(if any) the worker reads it with, and :meth:`PooledTemplateBook.settle` books what the
worker gave back (counts, audits, learning, retiring) with the calls ``TemplateBook.extract``
makes for a page it extracts itself (``read_by_profile``, ``read_generically``). The crawl's
audits (:data:`~newsarchive.induce.book.CRAWL_AUDITS`) judge both ways alike. No Scrapy here.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from ..extractpool import InducedJob, Outcome
from ..induce.book import CRAWL_AUDITS, AuditRules, TemplateBook
from ..induce.book import Outcome as BookOutcome
from ..induce.template import Page, signature, template_key

__all__ = ["PooledTemplateBook"]

logger = logging.getLogger(__name__)
_READ_MAX = 256  # pages between plan and settle kept (the crawl has at most its concurrency there)


@dataclass
class PooledTemplateBook(TemplateBook):
    audit_rules: AuditRules = CRAWL_AUDITS  # inline (start pages, no pool) as in the pool
    planned: Counter[str] = field(default_factory=Counter)  # pages sent with a profile
    # URL -> (template key, signature, page) of pages planned, not settled yet: read once per page
    read: dict[str, tuple[str, frozenset[str], bytes | str]] = field(default_factory=dict)

    def plan(self, html: bytes | str, url: str | None) -> InducedJob | None:
        """The profile the worker reads this page with (None: generic), and whether it audits it.

        The page's own template's profile: its URL pattern, then the closest class/id signature
        among that pattern's profiles (two templates under one pattern each keep their own).
        """
        key, sig = template_key(url), signature(html)
        if url:
            while len(self.read) >= _READ_MAX:  # pages planned, never settled (extraction errors)
                del self.read[next(iter(self.read))]
            self.read[url] = (key, sig, html)
        active = self._profile_for(key, sig)  # as profile_for(html, url), the page read once
        if active is None or active.retired:
            return None
        name = active.induced.key
        self.planned[name] += 1
        return InducedJob(
            name=active.induced.name,
            profile=active.profile,
            crumbs=active.induced.crumbs,
            audit=self.planned[name] % self.limits.audit_every == 0,
        )

    def settle(
        self,
        html: bytes | str,
        url: str | None,
        done: Outcome,
        *,
        now: datetime | None = None,
        content_type: str | None = None,
    ) -> BookOutcome:
        """Count and learn from the worker's reading of a page :meth:`plan` was asked about."""
        assert done.article is not None
        planned = self.read.pop(url, None) if url else None
        if planned is not None and planned[2] is html:
            key, sig = planned[0], planned[1]
        else:
            key, sig = template_key(url), signature(html)
        if done.profiled:
            active = next((a for a in self.active.values() if a.induced.name == done.induced), None)
            self.read_by_profile(active, done.article, done.audit)
            return BookOutcome(done.article, done.rules, key, done.induced)
        if done.profile_error:
            logger.warning(
                "induced profile %s failed on %s: %s", done.induced, url, done.profile_error
            )
        self.read_generically(
            Page(url, html, content_type, now),
            done.article,
            done.rules,
            self.match(key, sig),
            not_fitting=done.not_fitting,
            sig=sig,
        )
        return BookOutcome(done.article, done.rules, key)
