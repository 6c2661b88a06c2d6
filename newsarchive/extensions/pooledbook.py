"""The crawl's template book when pages are extracted in the pool: plan a page's profile, then settle its reading.

:class:`~newsarchive.induce.book.TemplateBook` extracts a page itself (by its template's
profile, else generically). In a crawl the page is extracted off the event loop, in a
worker process, and only once: :meth:`PooledTemplateBook.plan` says which induced profile
(if any) the worker reads it with, and :meth:`PooledTemplateBook.settle` does the book's
bookkeeping with what the worker gave back (counts, audits, learning, retiring), as
``TemplateBook.extract`` does for a page it extracts itself. No Scrapy here.
"""

from __future__ import annotations

import logging
from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import datetime

from ..extract.record import Article
from ..extractpool import InducedJob, Outcome
from ..induce.book import (
    Outcome as BookOutcome,
)
from ..induce.book import (
    TemplateBook,
    _Active,
    _agrees,
)
from ..induce.template import Page, signature, template_key

__all__ = ["PooledTemplateBook"]

logger = logging.getLogger(__name__)
_READ_MAX = 256  # pages between plan and settle kept (the crawl has at most its concurrency there)


@dataclass
class PooledTemplateBook(TemplateBook):
    planned: Counter[str] = field(default_factory=Counter)  # pages sent with a profile
    # (headline, content hash) of the pages each template's profile read last
    recent: dict[str, deque[tuple[str, str | None]]] = field(default_factory=dict)
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
        active = self._match(key, sig)
        if done.profiled:
            self.counts["pages_by_profile"] += 1
            active = next((a for a in self.active.values() if a.induced.name == done.induced), None)
            if active is not None:
                active.used += 1
                recent = self.recent.setdefault(
                    active.induced.key, deque(maxlen=active.titles.maxlen)
                )
                if done.audit is not None and not active.retired:
                    self._audit_reading(active, done.article, *done.audit, recent)
                active.titles.append(done.article.title or "")
                recent.append((done.article.title or "", done.article.content_hash))
            return BookOutcome(done.article, done.rules, key, done.induced)
        if done.profile_error:
            logger.warning(
                "induced profile %s failed on %s: %s", done.induced, url, done.profile_error
            )
        if done.not_fitting:
            self.counts["pages_not_fitting"] += 1
            logger.info(
                "page does not fit the induced profile of its template, read generically: %s", url
            )
        elif active is None and any(a.pattern == key for a in self.active.values()):
            # its URL pattern has profiles, none of its template: a redesign or another template
            self.counts["pages_not_fitting"] += 1
        self.counts["pages_generic"] += 1
        if done.article.page_type == "article" and url:
            if active is None:
                self._learn(key, Page(url, html, content_type, now), done.article, done.rules, sig)
            elif active is not None and not active.retired and not done.not_fitting:
                # its template's profile arrived while the page was in the pool: brought up at run
                # end with the pages it was learned from, so the dataset stays consistent
                self.learned_urls.add(url)
                # ... by that profile: active_for finds it through the learning key it came from
                self.learned_in[url] = next(
                    (k for k, v in self.induced_from.items() if v == active.induced.key), key
                )
        return BookOutcome(done.article, done.rules, key)

    def _audit_reading(
        self,
        active: _Active,
        article: Article,
        generic: Article,
        rules: dict[str, str],
        recent: deque[tuple[str, str | None]],
    ) -> None:
        """``TemplateBook._audit`` with the generic reading made by the worker.

        A headline the profile read on a recent page is template text (disagreement), unless
        that page was the same article (same text: one article listed in several columns,
        which a crawl meets close together). A profile is retired only on a full window of audits.
        """
        trusted = active.induced.agreement.get("title", 0.0) >= self.limits.min_agreement
        repeated = any(
            title == article.title and digest != article.content_hash for title, digest in recent
        )
        agree = _agrees(article, generic, rules if trusted else {}) and not repeated
        self.counts["audits"] += 1
        self.counts["audits_disagreeing"] += not agree
        active.audits.append(agree)
        while len(active.audits) > self.limits.audit_window:
            active.audits.popleft()
        window = len(active.audits)
        # judged on a full window: a crawl meets a column's pages together, so the first few
        # audits may all fall on one column whose pages the generic engine misreads
        if (
            window >= self.limits.audit_window
            and sum(active.audits) < self.limits.min_audit_agreement * window
        ):
            active.retired = True
            self.counts["profiles_retired"] += 1
            logger.warning(
                "induced profile %s retired: %d of its last %d audits disagree with the generic engine",
                active.induced.key,
                window - sum(active.audits),
                window,
            )
