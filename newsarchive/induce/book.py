"""The templates of one site during a crawl: learn from the first pages, then read the rest by profile.

Pure (no Scrapy): the crawl's extension feeds it pages and reads its counts. A
template is a URL pattern and the class names and ids its pages use (their
signature): two templates under one pattern (``info/{n}/{n}.htm``) are learned apart
and each page is read only by the profile of its own template. A page goes to the
generic engine until its template has ``min_pages`` article pages; then a profile is
induced from them and used for the following pages of that template. A page the
profile does not fit goes to the generic engine; every ``audit_every``-th profiled page is also
read generically, and a profile whose audits stop agreeing is retired for the rest of the run.

The book extracts a page itself (:meth:`TemplateBook.extract`), or books the reading made
elsewhere (the crawl's extraction pool) with the same calls :meth:`TemplateBook.extract` makes:
:meth:`~TemplateBook.read_by_profile` (counts, audits, retiring) and
:meth:`~TemplateBook.read_generically` (counts, learning). How audits judge is an
:class:`AuditRules` of the book.
"""

from __future__ import annotations

import logging
from collections import Counter, deque
from collections.abc import Callable, Iterable
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

__all__ = ["CRAWL_AUDITS", "ActiveProfile", "AuditRules", "Outcome", "TemplateBook"]

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


@dataclass(frozen=True)
class AuditRules:
    """How a book's audits judge a profile (see :meth:`TemplateBook.audit`).

    ``same_article_ok``: a headline the profile read on a recent page is template text
    (disagreement) unless that page was the same article (same content hash: one article
    listed in several columns, which a crawl meets close together).
    ``full_window``: a profile is retired only on a full window of audits (``audit_window``),
    not on half of one: a crawl meets a column's pages together, so the first few audits
    may all fall on one column whose pages the generic engine misreads.
    """

    same_article_ok: bool = False
    full_window: bool = False


CRAWL_AUDITS = AuditRules(same_article_ok=True, full_window=True)  # the crawl's book, pooled or not


@dataclass
class ActiveProfile:
    """An induced profile in use for its template, with what the book has seen it do."""

    induced: InducedProfile
    profile: ExtractionProfile
    used: int = 0
    audits: deque[bool] = field(default_factory=deque)
    # (headline, content hash) of the pages it read last: a headline that repeats is template text
    recent: deque[tuple[str, str | None]] = field(default_factory=lambda: deque(maxlen=8))
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
    # the profiles other workers induced under a URL pattern (its key): one, several or None
    lookup: Callable[[str], InducedProfile | Iterable[InducedProfile] | None] | None = None
    audit_rules: AuditRules = AuditRules()
    # name each induced profile by its template (pattern and signature), the first of a pattern too:
    # workers of a distributed crawl learn templates in any order, and may share one profiles folder
    name_by_template: bool = False
    counts: Counter[str] = field(default_factory=Counter)
    active: dict[str, ActiveProfile] = field(default_factory=dict)
    pending: dict[str, list[Prepared]] = field(default_factory=dict)
    attempts: Counter[str] = field(default_factory=Counter)
    seen: Counter[str] = field(default_factory=Counter)  # pages met per template
    # pages met per template with no profile of theirs, since its pattern's last new profile
    unmatched: Counter[str] = field(default_factory=Counter)
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
        A profile whose key another template's profile holds here (each worker names the first
        template it learns under a URL pattern by the pattern) takes its own template's name
        (``induced.key`` is changed): both stay in use.
        """
        held = self.active.get(induced.key)
        if held is not None and _template_of(held.induced) != _template_of(induced):
            induced.key = signature_key(induced.url_pattern, induced.signature)
        try:
            profile = induced.to_profile(self.timezone)
        except ProfileError as exc:
            self.counts["profiles_rejected"] += 1
            logger.warning(
                "induced profile %s refused, its pages are read generically: %s", induced.key, exc
            )
            return False
        active = self.active[induced.key] = ActiveProfile(induced, profile)
        self.pending.pop(induced.key, None)
        # its pattern's other templates: the next page without a profile looks for a shared one
        self.unmatched.pop(active.pattern, None)
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
        not_fitting = False
        if active is not None and not active.retired:
            got = _guarded(html, url, active, now, content_type, self.timezone)
            if got is not None:
                audit = None
                if (active.used + 1) % self.limits.audit_every == 0:
                    audit = extract_with_rules(
                        html, url, now=now, content_type=content_type, timezone=self.timezone
                    )
                self.read_by_profile(active, got[0], audit)
                return Outcome(got[0], got[1], key, active.induced.name)
            not_fitting = True
        article, rules = generic or extract_with_rules(
            html, url, now=now, content_type=content_type, timezone=self.timezone
        )
        page = Page(url, html, content_type, now)
        self.read_generically(page, article, rules, active, not_fitting=not_fitting, sig=sig)
        return Outcome(article, rules, key)

    def read_by_profile(
        self,
        active: ActiveProfile | None,
        article: Article,
        audit: tuple[Article, dict[str, str]] | None = None,
    ) -> None:
        """Book a page ``active`` read (``article``): counted, and audited when ``audit`` is given.

        ``audit`` is the generic engine's reading of the same page and its rules (see :meth:`audit`).
        ``active`` None: the profile that read it is no longer in use here; the page is still counted.
        """
        self.counts["pages_by_profile"] += 1
        if active is None:
            return
        active.used += 1
        if audit is not None and not active.retired:
            self.audit(active, article, *audit)
        active.recent.append((article.title or "", article.content_hash))

    def read_generically(
        self,
        page: Page,
        article: Article,
        rules: dict[str, str],
        active: ActiveProfile | None,
        *,
        not_fitting: bool = False,
        sig: frozenset[str] | None = None,
    ) -> None:
        """Book a page the generic engine read: counted, and learned from while its template has no profile.

        ``active``: its template's profile (:meth:`profile_for`), retired or not; ``not_fitting``: that
        profile could not read it (counted, logged). A page of a URL pattern with profiles, none of its
        template, is counted as not fitting too. A page whose template's profile arrived while it was
        read elsewhere (the crawl's pool) is brought up at run end with the pages it was learned from.
        """
        key = template_key(page.url)
        if not_fitting:
            self.counts["pages_not_fitting"] += 1
            logger.info(
                "page does not fit the induced profile of its template, read generically: %s",
                page.url,
            )
        elif active is None and any(a.pattern == key for a in self.active.values()):
            # its URL pattern has profiles, none of its template: a redesign or another template
            self.counts["pages_not_fitting"] += 1
        self.counts["pages_generic"] += 1
        if article.page_type != "article":
            return
        if active is None:
            self._learn(key, page, article, rules, sig)
        elif not active.retired and not not_fitting and page.url:
            self.learned_urls.add(page.url)
            # ... by that profile: active_for finds it through the learning key it came from
            self.learned_in[page.url] = next(
                (k for k, v in self.induced_from.items() if v == active.induced.key), key
            )

    def profile_for(self, html: bytes | str, url: str | None) -> ActiveProfile | None:
        """The induced profile of the page's own template, or None (read it generically).

        Its URL pattern, then the closest class/id signature among that pattern's profiles; a
        profile another worker shared is looked for now and then. Counts the page as met.
        """
        return self._profile_for(template_key(url), signature(html))

    def _profile_for(self, key: str, sig: frozenset[str]) -> ActiveProfile | None:
        active = self.match(key, sig)
        self.seen[key] += 1
        if active is not None or self.lookup is None:
            return active
        self.unmatched[key] += 1
        if self.unmatched[key] % _LOOKUP_EVERY != 1:
            return None
        found = self.lookup(key)
        offered = [found] if isinstance(found, InducedProfile) else list(found or ())
        # of the pattern's shared profiles, the page's own template's (never another's)
        shared = which_template(
            ((key, p.signature, p) for p in offered), key, sig, self.limits.same_template
        )
        if shared is not None and self.load(shared):
            self.counts["shared_profiles_loaded"] += 1
            return self.match(key, sig)
        return None

    def match(self, pattern: str, sig: frozenset[str]) -> ActiveProfile | None:
        """The profile of a page's own template: same URL pattern, the most similar signature.

        ``pattern``: the page's URL pattern key (:func:`template_key`), ``sig``: its :func:`signature`.
        Unlike :meth:`profile_for`, the page is not counted and no shared profile is looked for.
        """
        return which_template(
            ((a.pattern, a.induced.signature, a) for a in self.active.values()),
            pattern,
            sig,
            self.limits.same_template,
        )

    def active_for(self, url: str) -> ActiveProfile | None:
        """The profile induced from the pages a page was learned with (run end: bring its record up).

        A page whose template's profile came from disk or another worker instead takes the profile
        of its URL pattern whose signature is like the names most pages it was learned with use
        (never another template's: a pattern may hold several).
        """
        learned = self.learned_in.get(url, "")
        if learned in self.induced_from:
            return self.active.get(self.induced_from[learned])
        names, size = self.cluster_names.get(learned), self.cluster_pages[learned]
        if not names or not size:
            return None  # forgotten (URL patterns without end): left as the generic engine made it
        usual = frozenset(n for n, c in names.items() if c * 2 >= size)
        return self.match(template_key(url), usual)

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

    def audit(
        self,
        active: ActiveProfile,
        profiled: Article,
        generic: Article,
        rules: dict[str, str],
    ) -> bool:
        """Judge one audit of ``active``: its reading of a page against the generic engine's.

        Agreement: the title and date still match the engine's (:func:`_agrees`), and the headline
        is not one the profile read on a recent page (template text; with
        ``audit_rules.same_article_ok``, unless that page was the same article). The last
        ``audit_window`` audits are kept; when fewer than ``min_audit_agreement`` of them agree
        (over half a window, or a full one with ``audit_rules.full_window``) the profile is retired
        for the rest of the run (counted, logged). Returns whether this audit agreed.
        """
        limits = self.limits
        # the engine's headline is a reference only where it agreed with the profile when it was induced
        trusted = active.induced.agreement.get("title", 0.0) >= limits.min_agreement
        same_article_ok = self.audit_rules.same_article_ok
        repeated = any(
            title == profiled.title and not (same_article_ok and digest == profiled.content_hash)
            for title, digest in active.recent
        )
        agree = _agrees(profiled, generic, rules if trusted else {}) and not repeated
        self.counts["audits"] += 1
        self.counts["audits_disagreeing"] += not agree
        active.audits.append(agree)
        while len(active.audits) > limits.audit_window:
            active.audits.popleft()
        window = len(active.audits)
        judged = limits.audit_window if self.audit_rules.full_window else limits.audit_window // 2
        if window >= judged and sum(active.audits) < limits.min_audit_agreement * window:
            active.retired = True
            self.counts["profiles_retired"] += 1
            logger.warning(
                "induced profile %s retired: %d of its last %d audits disagree with the generic engine",
                active.induced.key,
                window - sum(active.audits),
                window,
            )
        return agree

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
        by_template = self.name_by_template or pattern in self.active
        induced.key = (
            signature_key(induced.url_pattern, induced.signature) if by_template else pattern
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


def _template_of(induced: InducedProfile) -> tuple[str, frozenset[str]]:
    return induced.url_pattern, induced.signature


def _guarded(
    html: bytes | str,
    url: str | None,
    active: ActiveProfile,
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
