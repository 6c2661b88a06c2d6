"""Template induction in the crawl: learn each template's profile from its first pages, use it for the rest.

The extension gives the spider a :class:`~newsarchive.extensions.pooledbook.PooledTemplateBook`
(``spider.templates``; article pages are read by their template's profile in the extraction
pool, see :func:`induced_job`) unless the site profile has its own ``[extract]`` rules,
which always outrank induced ones. Induced profiles are written to
``<site>/profiles/induced-<key>.toml`` (and loaded from there by later runs), shared
through Redis in a distributed crawl, and at the end of the run the records
extracted generically while their template was still being learned are rebuilt
from their WARC responses with the profile (no refetch) and replaced in place, so
the dataset is consistent. Counts go to the stats (``newsarchive/templates/*``)
and the run summary.

Settings: ``NEWSARCHIVE_INDUCE`` (default on), ``NEWSARCHIVE_INDUCE_MIN_PAGES``
(article pages of a template before a profile is induced, default 20).
"""

from __future__ import annotations

import logging
import os
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

from ..archive.records import partition_name
from ..archive.reextract import read_warc_response
from ..extract import extract_with_rules
from ..extract.profile import ExtractionProfile
from ..extract.record import Article
from ..extractpool import InducedJob, Outcome
from ..induce.apply import extract_induced, has_rules
from ..induce.learn import InducedProfile
from ..induce.limits import INDUCE
from ..induce.store import load_induced, save_induced
from ..jsonl import dumps, loads
from .archive import archive_session
from .pooledbook import PooledTemplateBook

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["TemplateInduction", "extract_for", "has_rules", "induced_job"]

logger = logging.getLogger(__name__)


def induced_job(spider: Any, body: bytes, url: str) -> InducedJob | None:
    """The induced profile the extraction pool should read this article page with (None: generic).

    Asked once per page, before it goes to the pool; :func:`extract_for` settles the outcome.
    """
    book = getattr(spider, "templates", None)
    profile = getattr(spider, "profile", None)
    if not isinstance(book, PooledTemplateBook) or profile is None or has_rules(profile.extract):
        return None
    return book.plan(body, url)


def extract_for(
    spider: Any,
    body: bytes,
    url: str,
    *,
    now: datetime,
    content_type: str | None,
    done: Outcome | None = None,
) -> tuple[Article, dict[str, str], dict[str, str]]:
    """The spider's extraction: site profile, else the template book, else generic.

    ``done`` is the extraction pool's reading of the page (generic with the site profile, or by
    the :func:`induced_job` profile); without it the page is extracted here.
    Returns the article, the rule per field and what goes into the record's provenance.
    """
    profile = spider.profile
    book: PooledTemplateBook | None = getattr(spider, "templates", None)
    if book is None or has_rules(profile.extract):
        article, rules = (
            (done.article, done.rules)
            if done is not None and done.article is not None
            else extract_with_rules(
                body,
                url,
                now=now,
                content_type=content_type,
                profile=profile.extract,
                timezone=profile.timezone,
            )
        )
        made_by = {"extract_profile": f"site:{profile.name}"} if has_rules(profile.extract) else {}
        return article, rules, made_by
    if done is not None and done.article is not None:
        out = book.settle(body, url, done, now=now, content_type=content_type)
    else:
        out = book.extract(body, url, now=now, content_type=content_type)
    return out.article, out.rules, ({"extract_profile": out.made_by} if out.made_by else {})


class TemplateInduction:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.min_pages = crawler.settings.getint("NEWSARCHIVE_INDUCE_MIN_PAGES", INDUCE.min_pages)
        self.book: PooledTemplateBook | None = None
        self.learning: dict[
            str, dict[str, Any]
        ] = {}  # URL -> its record's location, while its template learns
        self.shared: Any = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TemplateInduction:
        if not crawler.settings.getbool("NEWSARCHIVE_INDUCE", True):
            raise NotConfigured("NEWSARCHIVE_INDUCE is off")
        return cls(crawler)

    def spider_opened(self, spider: Any) -> None:
        profile = getattr(spider, "profile", None)
        if profile is None:
            return
        if has_rules(profile.extract):
            logger.info("site profile %s has [extract] rules: no template induction", profile.name)
            return
        session = archive_session(self.crawler)
        self.site_dir = session.site_dir
        self.data_dir = session.data_dir
        self.worker = self.crawler.settings.get("NEWSARCHIVE_WORKER_ID")
        self.shared = self._redis(profile.name)
        self.book = PooledTemplateBook(
            site=profile.name,
            timezone=profile.timezone,
            limits=replace(INDUCE, min_pages=max(self.min_pages, INDUCE.min_support)),
            on_induced=self._induced,
            lookup=self.shared.under if self.shared else None,  # the pattern's templates
            name_by_template=self.shared is not None,  # one name for a template on every worker
            runner=_in_thread,
        )
        for induced in load_induced(self.site_dir):
            if self.book.load(
                induced
            ):  # a refused profile is counted by the book (profiles_rejected)
                self._inc("loaded")
        spider.templates = self.book

    def _redis(self, site: str) -> Any:
        if not self.crawler.settings.get("REDIS_URL"):
            return None
        from scrapy_redis.connection import get_redis_from_settings

        from ..distributed.profiles import SharedProfiles

        return SharedProfiles(get_redis_from_settings(self.crawler.settings), site)

    def _induced(self, induced: InducedProfile) -> None:
        path = save_induced(self.site_dir, induced)
        if self.shared is not None:
            self.shared.publish(induced)
        self._inc("induced")
        logger.info(
            "induced a profile for template %s (%s) from %d pages: %s",
            induced.key,
            induced.url_pattern,
            induced.pages,
            path,
        )

    def item_scraped(self, item: Any, response: Any = None, spider: Any = None) -> None:
        if self.book is None or not isinstance(item, dict):
            return
        prov = item.get("provenance") or {}
        url = item.get("url")
        if url in self.book.learned_urls and "extract_profile" not in prov:
            self.book.learned_urls.discard(url)
            self.learning[url] = {
                "id": prov.get("warc_record_id"),
                "published_date": item.get("published_date"),  # names its JSONL file
            }

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.book is None:
            return
        self.book.finish()
        for name, value in self.book.counts.items():
            self._inc(name, value)
        try:
            updated = self._bring_up(spider)
        except OSError as exc:
            logger.error(
                "records learned before their template's profile were not updated: %s", exc
            )
            updated = 0
        self._inc("records_brought_up", updated)

    def _inc(self, name: str, by: int = 1) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"newsarchive/templates/{name}", by)

    # -- end of run: the records made before their template's profile ------------------------------------------
    def _bring_up(self, spider: Any) -> int:
        assert self.book is not None
        archive_session(self.crawler).records.flush()  # the JSONL files hold every record
        targets: dict[str, tuple[InducedProfile, ExtractionProfile]] = {}
        files: set[str] = set()
        for url, where in self.learning.items():
            active = self.book.active_for(url)  # its own template's, of those under its URL pattern
            if active is not None and not active.retired and where["id"]:
                targets[where["id"]] = (active.induced, active.profile)
                files.add(partition_name(where["published_date"], self.worker))
        updated = 0
        for name in sorted(files):
            updated += self._rewrite(self.site_dir / "articles" / name, targets, spider)
        if updated:
            logger.info(
                "%d records learned before their template's profile rebuilt from the WARC with it",
                updated,
            )
        return updated

    def _rewrite(
        self, path: Path, targets: dict[str, tuple[InducedProfile, ExtractionProfile]], spider: Any
    ) -> int:
        if not path.exists():
            return 0
        kept: list[str] = []
        moved: dict[Path, list[str]] = {}
        updated = 0
        for line in path.read_text(encoding="utf-8").splitlines():
            rec = loads(line) if line.strip() else None
            target = targets.get(((rec or {}).get("provenance") or {}).get("warc_record_id") or "")
            new = self._rebuilt(rec, *target, spider) if rec is not None and target else None
            if new is None:
                kept.append(line)
                continue
            updated += 1
            dest = path.parent / partition_name(new.get("published_date"), self.worker)
            (kept if dest == path else moved.setdefault(dest, [])).append(dumps(new))
        if updated:
            _replace(path, kept)
            for dest, lines in moved.items():
                with dest.open("a", encoding="utf-8", newline="\n") as fh:
                    fh.write("".join(x + "\n" for x in lines))
        return updated

    def _rebuilt(
        self, rec: dict[str, Any], induced: InducedProfile, profile: ExtractionProfile, spider: Any
    ) -> dict[str, Any] | None:
        prov = rec["provenance"]
        resp = read_warc_response(self.data_dir, prov["warc_file"], int(prov["warc_offset"]))
        if resp is None:
            return None
        now = (
            datetime.fromisoformat(resp.date.replace("Z", "+00:00"))
            if resp.date
            else datetime.now(UTC)
        )
        got = extract_induced(
            resp.body,
            rec.get("url"),
            profile=profile,
            crumbs=induced.crumbs,
            now=now,
            content_type=resp.content_type,
            timezone=spider.profile.timezone,
        )
        if got is None:
            return None
        new = got[0].to_dict()
        for key in ("site", "version", "previous_hash"):
            new[key] = rec.get(key)
        new["provenance"] = {**prov, "extract_profile": induced.name}
        state = archive_session(self.crawler).state
        key = spider._record_key(new.get("canonical_url"), rec["url"])
        if (
            not getattr(archive_session(self.crawler), "closed", False)
            and new["content_hash"] != rec["content_hash"]
        ):
            # revisits compare against the state's hash: it must be the hash the record now has
            state.commit_version(
                key,
                content_hash=new["content_hash"],
                version=rec["version"],
                published_at=new.get("published_at") or new.get("published_date"),
            )
        return new


def _in_thread(work: Any, done: Any) -> None:
    """Induce off the reactor thread: a second or two of XPath scoring must not stall the downloads."""
    from twisted.internet.threads import deferToThread

    def failed(failure: Any) -> None:
        logger.error("template induction failed: %s", failure.getErrorMessage())
        done(None)

    deferToThread(work).addCallbacks(done, failed)


def _replace(path: Path, lines: list[str]) -> None:
    tmp = path.with_suffix(".jsonl.tmp")
    with tmp.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("".join(x + "\n" for x in lines))
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
