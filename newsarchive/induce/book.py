"""The templates of one site during a crawl: learn from the first pages, then read the rest by profile.

Pure (no Scrapy): the crawl's extension feeds it pages and reads its counts. A
template is a URL pattern and the class names and ids its pages use (their
signature): two templates under one pattern (``info/{n}/{n}.htm``) are learned apart
and each page is read only by the profile of its own template. A page goes to the
generic engine until its template has ``min_pages`` article pages; then a profile is
induced from them and used for the following pages of that template. A page the
profile does not fit goes to the generic every ``audit_every``-th profiled page is also read generically,
and a profile whose audits stop agreeing is retired for the rest of the run.
"""

from __future__ import annotations

import logging
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from lxml import etree

from ..exceptions import ProfileError
from ..extract import extract_with_rules
from ..extract.decode import decode_html
from ..extract.dom import clean_tree, parse
from ..extract.profile import ExtractionProfile
from ..extract.record import Article
from .apply import extract_induced
from .learn import InducedProfile, induce
from .limits import INDUCE, InduceLimits
from .template import (
    Page,
    Prepared,
    clean_encoding,
    group_pages,
    pattern_key,
    signature,
    signature_key,
    similarity,
    skeleton,
    template_key,
    which_template,
)

__all__ = ["Outcome", "TemplateBook"]

logger = logging.getLogger(__name__)
_MAX_PENDING_TEMPLATES = 8  # templates learning at once (each holds up to max_pages parsed pages)
_LOOKUP_EVERY = 5  # pages of a template without a profile between two looks for a shared one
_MAX_ATTEMPTS = 3  # inductions tried per template before it stays generic
_MAX_TEMPLATES_PER_PATTERN = 4  # templates learned apart under one URL pattern
_MAX_CLUSTERS = 1024  # learning keys whose class/id counts are remembered (oldest forgotten first)


@dataclass
class Outcome:
    article: Article
    rules: dict[str, str]
    template: str
    made_by: str | None = None  # "induced:<key>" when an induced profile made the record


@dataclass
class _Active:
    induced: InducedProfile
    profile: ExtractionProfile
    used: int = 0
    audits: deque[bool] = field(default_factory=deque)
    titles: deque[str] = field(default_factory=lambda: deque(maxlen=8))  # recent headlines it read
    retired: bool = False

    @property
    def pattern(self) -> str:
        return pattern_key(self.induced.url_pattern)


@dataclass
class TemplateBook:
    site: str | None = None
    timezone: str | None = None
    limits: InduceLimits = INDUCE
    on_induced: Callable[[InducedProfile], None] | None = None  # write it, share it
    lookup: Callable[[str], InducedProfile | None] | None = None  # a profile another worker induced
    counts: Counter[str] = field(default_factory=Counter)
    active: dict[str, _Active] = field(default_factory=dict)
    pending: dict[str, list[Prepared]] = field(default_factory=dict)
    attempts: Counter[str] = field(default_factory=Counter)
    seen: Counter[str] = field(default_factory=Counter)  # pages met per template
    tried_at: Counter[str] = field(
        default_factory=Counter
    )  # pages met when induction was last tried
    learned_urls: set[str] = field(
        default_factory=set
    )  # read generically while their template was learning
    learned_in: dict[str, str] = field(
        default_factory=dict
    )  # their learning keys, to find their template's profile at run end
    induced_from: dict[str, str] = field(
        default_factory=dict
    )  # learning key -> the key of the profile induced from its pages
    cluster_names: dict[str, Counter[str]] = field(
        default_factory=dict
    )  # learning key -> how many of its pages use each class/id name
    cluster_pages: Counter[str] = field(default_factory=Counter)  # learning key -> its pages
    added: Counter[str] = field(default_factory=Counter)  # pages learned per learning key
    inducing: set[str] = field(default_factory=set)  # templates whose profile is being induced
    # runs an induction: runner(work, done) calls done(work()), now (default) or later from another thread
    runner: Callable[
        [Callable[[], InducedProfile | None], Callable[[InducedProfile | None], None]], None
    ] = field(default=lambda work, done: done(work()))

    def load(self, induced: InducedProfile) -> bool:
        """Use ``induced`` for its template from now on (a profile from disk or from another worker).

        False (counted, logged) when its XPaths are refused (``ProfileError``: an extension function,
        a variable): the template's pages stay with the generic engine, and it may still learn its own.
        """
        try:
            profile = induced.to_profile(self.timezone)
        except ProfileError as exc:
            self.counts["profiles_rejected"] += 1
            logger.warning(
                "induced profile %s refused, its pages are read generically: %s", induced.key, exc
            )
            return False
        self.active[induced.key] = _Active(induced, profile)
        self.pending.pop(induced.key, None)
        return True

    def extract(
        self,
        html: bytes | str,
        url: str | None,
        *,
        now: datetime | None = None,
        content_type: str | None = None,
        generic: tuple[Article, dict[str, str]] | None = None,
    ) -> Outcome:
        """The page by its template's induced profile, else generically (``generic``: already extracted)."""
        key, sig = template_key(url), signature(html)
        active = self._profile_for(key, sig)
        if active is not None and not active.retired:
            got = _guarded(html, url, active, now, content_type, self.timezone)
            if got is not None:
                self.counts["pages_by_profile"] += 1
                active.used += 1
                if active.used % self.limits.audit_every == 0:
                    self._audit(active, got[0], html, url, now, content_type)
                active.titles.append(got[0].title or "")
                return Outcome(got[0], got[1], key, active.induced.name)
            self.counts["pages_not_fitting"] += 1
            logger.info(
                "page does not fit the induced profile of its template, read generically: %s", url
            )
        article, rules = generic or extract_with_rules(
            html, url, now=now, content_type=content_type, timezone=self.timezone
        )
        if active is None and any(a.pattern == key for a in self.active.values()):
            # its URL pattern has profiles, none of its template: a redesign or another template
            self.counts["pages_not_fitting"] += 1
        self.counts["pages_generic"] += 1
        if active is None and article.page_type == "article":
            self._learn(key, Page(url, html, content_type, now), article, rules, sig)
        return Outcome(article, rules, key)

    def profile_for(self, html: bytes | str, url: str | None) -> _Active | None:
        """The induced profile of the page's own template, or None (read it generically).

        Its URL pattern, then the closest class/id signature among that pattern's profiles; a
        profile another worker shared is looked for now and then. Counts the page as met.
        """
        return self._profile_for(template_key(url), signature(html))

    def _profile_for(self, key: str, sig: frozenset[str]) -> _Active | None:
        active = self._match(key, sig)
        self.seen[key] += 1
        if active is None and self.lookup is not None and self.seen[key] % _LOOKUP_EVERY == 1:
            shared = self.lookup(key)
            if shared is not None and shared.key not in self.active and self.load(shared):
                self.counts["shared_profiles_loaded"] += 1
                active = self._match(key, sig)
        return active

    def _match(self, pattern: str, sig: frozenset[str]) -> _Active | None:
        """The profile of the page's own template: same URL pattern, the most similar signature."""
        return which_template(
            ((a.pattern, a.induced.signature, a) for a in self.active.values()),
            pattern,
            sig,
            self.limits.same_template,
        )

    def active_for(self, url: str) -> _Active | None:
        """The profile induced from the pages a page was learned with (run end: bring its record up).

        A page learned with its pattern's first template, whose profile came from disk or another
        worker instead, takes the pattern's only profile.
        """
        learned = self.learned_in.get(url, "")
        if learned in self.induced_from:
            return self.active.get(self.induced_from[learned])
        pattern = template_key(url)
        mine = [a for a in self.active.values() if a.pattern == pattern]
        return mine[0] if learned == pattern and len(mine) == 1 else None

    def _cluster(self, pattern: str, sig: frozenset[str]) -> str | None:
        """The learning key of the page's template: its URL pattern's key, then one per other template.

        A page joins the first template whose names (those most of its pages use) are like its own.
        """
        while len(self.cluster_names) >= _MAX_CLUSTERS:  # URL patterns without end (slugs)
            oldest = next(iter(self.cluster_names))
            if oldest in self.pending:
                break  # still learning: kept, and memory is bounded by the pending limit
            del self.cluster_names[oldest], self.cluster_pages[oldest]
        for i in range(_MAX_TEMPLATES_PER_PATTERN):
            key = pattern if i == 0 else f"{pattern}-{i}"
            names = self.cluster_names.setdefault(key, Counter())
            size = self.cluster_pages[key]
            usual = frozenset(n for n, c in names.items() if c * 2 >= size)
            if size == 0 or similarity(usual, sig) >= self.limits.same_template:
                names.update(sig)
                self.cluster_pages[key] += 1
                return key
        return None  # more templates than learned apart: this page stays generic

    def _audit(
        self,
        active: _Active,
        article: Article,
        html: bytes | str,
        url: str | None,
        now: datetime | None,
        content_type: str | None,
    ) -> None:
        generic, rules = extract_with_rules(
            html, url, now=now, content_type=content_type, timezone=self.timezone
        )
        # the engine's headline is a reference only where it agreed with the profile when it was induced
        trusted = active.induced.agreement.get("title", 0.0) >= self.limits.min_agreement
        agree = (
            _agrees(article, generic, rules if trusted else {})
            and article.title not in active.titles
        )
        self.counts["audits"] += 1
        self.counts["audits_disagreeing"] += not agree
        active.audits.append(agree)
        while len(active.audits) > self.limits.audit_window:
            active.audits.popleft()
        if len(active.audits) >= self.limits.audit_window // 2 and sum(
            active.audits
        ) < self.limits.min_audit_agreement * len(active.audits):
            active.retired = True
            self.counts["profiles_retired"] += 1
            logger.warning(
                "induced profile %s retired: %d of its last %d audits disagree with the generic engine",
                active.induced.key,
                len(active.audits) - sum(active.audits),
                len(active.audits),
            )

    def _learn(
        self,
        pattern: str,
        page: Page,
        article: Article,
        rules: dict[str, str],
        sig: frozenset[str] | None = None,
    ) -> None:
        """Keep an article page read generically for the induction of its template's profile.

        ``pattern``: its URL pattern's key; the page joins the template its signature is like.
        """
        sig = signature(page.html) if sig is None else sig
        key = self._cluster(pattern, sig)
        if key is None or self.attempts[key] >= _MAX_ATTEMPTS:
            return
        if page.url:
            self.learned_urls.add(page.url)
            self.learned_in[page.url] = key
        if key in self.inducing:
            return  # its profile is being induced from the pages already kept
        if key not in self.pending and len(self.pending) >= _MAX_PENDING_TEMPLATES:
            self.pending.pop(
                next(iter(self.pending))
            )  # the oldest learner gives way: memory stays bounded
        text, used, warnings = decode_html(
            page.html, content_type=page.content_type, where=page.url or "<input>"
        )
        root = parse(text)
        clean_tree(root)
        body = root.find(".//body")
        scope = body if body is not None else root
        group = self.pending.setdefault(key, [])
        group.append(
            Prepared(
                page,
                scope,
                article,
                rules,
                skeleton(scope),
                sig,
                encoding=clean_encoding(used, warnings),
            )
        )
        self.added[key] += 1
        if len(group) > self.limits.max_pages:
            del group[
                0
            ]  # parsed trees are large: a template that keeps failing keeps only its latest pages
        if (
            len(group) < self.limits.min_pages
            or self.added[key] - self.tried_at[key] < self.limits.min_pages
        ):
            return  # a failed induction is tried again only with as many pages more
        self.attempts[key] += 1
        self.tried_at[key] = self.added[key]
        self.inducing.add(key)
        largest = max(group_pages(group), key=len)

        def work() -> InducedProfile | None:
            return induce(largest, limits=self.limits, timezone=self.timezone, site=self.site)

        self.runner(work, lambda induced: self._induced(key, induced))

    def finish(self) -> None:
        """Run end: inductions still under way are done here, now (a late thread result is then ignored)."""
        for key in sorted(self.inducing):
            group = self.pending.get(key) or []
            largest = max(group_pages(group), key=len) if group else []
            self._induced(
                key,
                induce(largest, limits=self.limits, timezone=self.timezone, site=self.site)
                if largest
                else None,
            )

    def _induced(self, key: str, induced: InducedProfile | None) -> None:
        if key not in self.inducing:
            return  # already finished at run end
        self.inducing.discard(key)
        if induced is None:
            self.counts["inductions_failed"] += 1
            return
        # the crawl names a template by its URL pattern; another template under it by its signature too
        pattern = key.split("-", 1)[0]
        induced.key = (
            pattern
            if pattern not in self.active
            else signature_key(induced.url_pattern, induced.signature)
        )
        if not self.load(induced):
            self.counts["inductions_failed"] += 1
            return
        self.pending.pop(key, None)
        self.induced_from[key] = induced.key
        self.counts["profiles_induced"] += 1
        if self.on_induced is not None:
            self.on_induced(induced)

    def summary(self) -> dict[str, Any]:
        return {
            "profiles": {
                k: {
                    "pages_read": a.used,
                    "retired": a.retired,
                    "url_pattern": a.induced.url_pattern,
                }
                for k, a in self.active.items()
            },
            **dict(self.counts),
        }


def _guarded(
    html: bytes | str,
    url: str | None,
    active: _Active,
    now: datetime | None,
    content_type: str | None,
    timezone: str | None,
) -> tuple[Article, dict[str, str]] | None:
    """The profile's reading, or None when it cannot read the page (then the generic engine does)."""
    try:
        return extract_induced(
            html,
            url,
            profile=active.profile,
            crumbs=active.induced.crumbs,
            now=now,
            content_type=content_type,
            timezone=timezone,
        )
    except (
        etree.XPathError,
        ValueError,
        TypeError,
    ) as exc:  # an edited profile file: never lose the page
        logger.warning("induced profile %s failed on %s: %s", active.induced.key, url, exc)
        return None


def _agrees(profiled: Article, generic: Article, rules: dict[str, str]) -> bool:
    """An audit: the profile's title and date still match what the generic engine reads.

    A title the engine took from <title> (a column name on some portals), or any title of an engine
    that disagreed with the profile's pages from the start (no ``rules``), is no evidence;
    a headline the profile read on an earlier page (template text) is disagreement enough.
    """
    t1, t2 = profiled.title or "", generic.title or ""
    title_ok = bool(t1) and (
        rules.get("title") != "headline" or t1 == t2 or (bool(t2) and (t1 in t2 or t2 in t1))
    )
    date_ok = generic.published_at is None or profiled.published_at == generic.published_at
    return title_ok and date_ok
