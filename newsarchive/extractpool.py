"""Extraction off the crawl's event loop: worker processes with a per-page time and memory budget.

Extraction used to run inside Scrapy's reactor thread, so one hostile page (200k
attributes: 33 s) froze every download. Now article pages go to a small pool of worker
processes (``NEWSARCHIVE_EXTRACT_PROCESSES``, default 2), each fed from its own thread
of a dedicated thread pool; the reactor only waits for a Deferred.

List pages go there too (:func:`read_links`): their link discovery is as costly as an
extraction. A page of a template the crawl has induced a profile for is sent with that profile
(:class:`InducedJob`): the worker reads it by the profile and falls back to the generic
engine when it does not fit, so each page is extracted once, off the event loop.

Budgets, per page: ``NEWSARCHIVE_EXTRACT_TIMEOUT`` seconds (30) and
``NEWSARCHIVE_EXTRACT_MEMORY`` bytes of address space for the worker process (2 GiB, via
``RLIMIT_AS`` where the system has it). A page over budget gets its worker killed and
replaced; the page itself is already in the WARC, and the crawl writes a record for it
with a warning (``extraction over the time budget ...``), so it is never lost and
``reextract`` can rebuild it later.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from .exceptions import ExtractionError
from .extract import extract_with_rules
from .extract.core import EXTRACTOR_VERSION, content_hash
from .extract.profile import ExtractionProfile
from .extract.record import Article
from .induce.apply import extract_induced
from .links import PageLinks, UrlPatterns, discover_links
from .sites import SiteProfile

__all__ = [
    "ExtractionPool",
    "InducedJob",
    "Outcome",
    "over_budget_article",
    "read_links",
    "read_page",
]

logger = logging.getLogger(__name__)
_CONTEXT = multiprocessing.get_context(
    "spawn"
)  # no fork of a threaded reactor; the same on Windows


@dataclass(frozen=True)
class InducedJob:
    """An induced template profile to read a page with first; the generic engine when it does not fit."""

    name: str  # "induced:<template key>": what the record's provenance says made it
    profile: ExtractionProfile
    crumbs: str | None = None  # the induced breadcrumb element
    audit: bool = False  # also read the page generically: the crawl checks the profile still agrees


@dataclass
class Outcome:
    """What a worker gave back: (article, rules), an extraction error, or an exceeded budget.

    With an :class:`InducedJob`: ``profiled`` when the profile made the record, else
    ``not_fitting`` (the generic engine made it; ``profile_error`` when the profile raised),
    and ``audit`` the generic reading of a profiled page when the job asked for one.
    """

    article: Article | None = None
    rules: dict[str, str] = field(default_factory=dict)
    error: BaseException | None = None
    over_budget: str | None = None  # "time" or "memory"
    seconds: float = 0.0
    induced: str | None = None  # the InducedJob's name, when one was sent
    profiled: bool = False
    not_fitting: bool = False
    profile_error: str | None = None
    audit: tuple[Article, dict[str, str]] | None = None
    links: PageLinks | None = None  # a list page's links (read_links)


def read_links(
    html: bytes | str,
    url: str,
    *,
    profile: SiteProfile | None = None,
    content_type: str | None = None,
    patterns: UrlPatterns | None = None,
) -> Outcome:
    """A list page's links, as :func:`~newsarchive.links.discover_links` finds them."""
    links = discover_links(html, url, profile=profile, content_type=content_type, patterns=patterns)
    return Outcome(links=links)


_TASKS = {"page": "read_page", "links": "read_links"}


def read_page(
    html: bytes | str, url: str | None, *, induced: InducedJob | None = None, **kwargs: Any
) -> Outcome:
    """One page, extracted once: by ``induced`` when given and it fits, else by the generic engine.

    ``kwargs`` are :func:`~newsarchive.extract.extract_with_rules`'s. Raises its ExtractionError.
    """
    if induced is None:
        article, rules = extract_with_rules(html, url, **kwargs)
        return Outcome(article=article, rules=rules)
    error = None
    try:
        got = extract_induced(
            html,
            url,
            profile=induced.profile,
            crumbs=induced.crumbs,
            now=kwargs.get("now"),
            content_type=kwargs.get("content_type"),
            timezone=kwargs.get("timezone"),
        )
    except (
        etree.XPathError,
        ValueError,
        TypeError,
    ) as exc:  # an edited profile file: keep the page
        got, error = None, f"{type(exc).__name__}: {exc}"
    if got is None:
        article, rules = extract_with_rules(html, url, **kwargs)
        return Outcome(
            article=article,
            rules=rules,
            induced=induced.name,
            not_fitting=True,
            profile_error=error,
        )
    out = Outcome(article=got[0], rules=got[1], induced=induced.name, profiled=True)
    if induced.audit:
        try:
            out.audit = extract_with_rules(html, url, **kwargs)
        except ExtractionError:
            pass  # no audit for this page: the profile's record stands
    return out


def over_budget_article(url: str, budget: str, detail: str) -> Article:
    """The record of a page whose extraction went over budget: no fields, one warning, reextract later."""
    article = Article(
        url=url,
        page_type="other",
        extractor_version=EXTRACTOR_VERSION,
        warnings=[
            (
                f"extraction over the {budget} budget ({detail}); "
                "the response is in the WARC: rebuild it with reextract"
            )
        ],
    )
    article.content_hash = content_hash(None, "")
    return article


_WARM_UP = (
    "<html><head><title>标题</title></head><body><h1>标题</h1><p>发布时间：2021年3月16日 10:20</p>"
    "<div><p>" + "正文，" * 40 + "</p></div></body></html>"
).encode()
START_TIMEOUT = 120.0


def _worker(conn: Any, memory: int) -> None:
    """Worker process: extract each job sent, answer, exit when the pipe closes."""
    if memory > 0:
        try:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        except (ImportError, ValueError, OSError):  # Windows, or a hard limit lower than ours
            pass
    # warm up (lazy imports such as dateparser's take seconds) before saying ready: not a page's cost
    extract_with_rules(_WARM_UP, "http://localhost/2021/03/16/t20210316_1.html")
    conn.send("ready")
    while True:
        try:
            task, args, kwargs = conn.recv()
        except (EOFError, OSError):
            return
        started = time.monotonic()
        try:
            out = globals()[_TASKS[task]](*args, **kwargs)
        except Exception as exc:
            # the engine reports a MemoryError as an ExtractionError caused by it: over the budget
            if isinstance(exc, MemoryError) or isinstance(exc.__cause__, MemoryError):
                conn.send(Outcome(over_budget="memory", seconds=time.monotonic() - started))
                return  # a fresh process after a MemoryError: the heap may be left fragmented
            out = Outcome(
                error=exc if _picklable(exc) else RuntimeError(f"{type(exc).__name__}: {exc}")
            )
        out.seconds = time.monotonic() - started
        conn.send(out)


def _picklable(exc: BaseException) -> bool:
    import pickle

    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return False
    return True


class _Slot:
    """One worker process and its pipe; killed and replaced when a page goes over budget."""

    def __init__(self, memory: int):
        self.memory = memory
        self.process: Any = None
        self.conn: Any = None

    def ensure(self) -> None:
        if self.process is not None and self.process.is_alive():
            return
        self.kill()
        parent, child = _CONTEXT.Pipe()
        self.process = _CONTEXT.Process(
            target=_worker, args=(child, self.memory), daemon=True, name="newsarchive-extract"
        )
        self.process.start()
        child.close()
        self.conn = parent
        try:
            ready = parent.poll(START_TIMEOUT) and parent.recv() == "ready"
        except (EOFError, OSError):
            ready = False
        if not ready:
            self.kill()
            raise RuntimeError("the extraction worker process did not start")

    def run(self, job: tuple[str, tuple[Any, ...], dict[str, Any]], timeout: float) -> Outcome:
        self.ensure()
        started = time.monotonic()
        try:
            self.conn.send(job)
            if not self.conn.poll(timeout if timeout > 0 else None):
                self.kill()
                return Outcome(over_budget="time", seconds=time.monotonic() - started)
            result: Outcome = self.conn.recv()
            return result
        except (EOFError, OSError, BrokenPipeError):
            # the worker died: the memory limit hit inside C code (lxml), or it was killed by the OS
            self.kill()
            return Outcome(over_budget="memory", seconds=time.monotonic() - started)

    def kill(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None
        if self.process is not None:
            if self.process.is_alive():
                self.process.kill()
            self.process.join(timeout=5)
            self.process = None


class ExtractionPool:
    """``run(html, url, **kwargs) -> Outcome``, blocking; call it from a thread, never from the reactor.

    ``task="page"`` (default) runs :func:`read_page`, ``task="links"`` :func:`read_links`.
    """

    def __init__(self, processes: int = 2, timeout: float = 30.0, memory: int = 2 * 1024**3):
        self.timeout = timeout
        self._slots: queue.Queue[_Slot] = queue.Queue()
        self._all = [_Slot(memory) for _ in range(max(1, processes))]
        for slot in self._all:
            self._slots.put(slot)
        self._closed = threading.Event()

    def run(self, *args: Any, task: str = "page", **kwargs: Any) -> Outcome:
        if self._closed.is_set():
            raise RuntimeError("extraction pool closed")
        slot = self._slots.get()
        try:
            try:
                slot.ensure()  # a worker's start-up is not part of a page's budget
            except RuntimeError as exc:
                return Outcome(error=ExtractionError(str(exc)))
            return slot.run((task, args, kwargs), self.timeout)
        finally:
            self._slots.put(slot)

    def close(self) -> None:
        self._closed.set()
        for slot in self._all:
            slot.kill()


def default_processes() -> int:
    return max(1, min(2, os.cpu_count() or 1))
