"""The crawl's template book when the extraction pool reads the pages: plan, read in the worker, settle.

The worker's reading (``extractpool.read_page``) is run inline here: the same function the
pool's processes run. Each page must come out as ``TemplateBook.extract`` makes it, read once.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from types import SimpleNamespace

from sitegen import article_html, other_shell

from newsarchive.extensions.pooledbook import PooledTemplateBook
from newsarchive.extensions.templates import extract_for, induced_job
from newsarchive.extract.profile import ExtractionProfile
from newsarchive.extractpool import read_page
from newsarchive.induce.book import TemplateBook
from newsarchive.induce.limits import INDUCE

BASE = "http://127.0.0.1"
LIMITS = replace(INDUCE, min_pages=8, audit_every=2, audit_window=4)


def _pooled(book: PooledTemplateBook, html: str, url: str):
    job = book.plan(html.encode(), url)
    done = read_page(html.encode(), url, induced=job)
    return job, done, book.settle(html.encode(), url, done)


def test_pooled_pages_come_out_as_the_book_reads_them() -> None:
    plain = TemplateBook(site="t", limits=LIMITS)
    pooled = PooledTemplateBook(site="t", limits=LIMITS)
    for n in range(1, 17):
        g = article_html(n)
        url = BASE + g.path
        want = plain.extract(g.html.encode(), url)
        job, done, got = _pooled(pooled, g.html, url)
        assert (job is not None) == (n > 8)  # the profile is used from the page after its induction
        assert done.profiled == (n > 8) and not done.not_fitting
        assert got.made_by == want.made_by
        assert got.article.to_dict() == want.article.to_dict()
        assert got.rules == want.rules
    assert pooled.counts == plain.counts
    assert pooled.counts["pages_by_profile"] == 8 and pooled.counts["audits"] == 4
    assert pooled.learned_urls == plain.learned_urls


def test_a_page_that_does_not_fit_is_read_generically_in_the_worker_and_counted() -> None:
    book = PooledTemplateBook(site="t", limits=LIMITS)
    for n in range(1, 9):
        g = article_html(n)
        _pooled(book, g.html, BASE + g.path)
    g = article_html(30, variant="redesign")
    job, done, out = _pooled(book, g.html, BASE + g.path)
    # its class/id names are another template's: read generically, counted as not fitting
    assert job is None and not done.profiled
    assert out.made_by is None and out.article.paragraphs
    assert book.counts["pages_not_fitting"] == 1 and book.counts["pages_generic"] == 9


def test_a_page_in_the_pool_when_its_profile_arrives_is_brought_up_later() -> None:
    book = PooledTemplateBook(site="t", limits=LIMITS)
    pages = [article_html(n) for n in range(1, 10)]
    for g in pages[:7]:
        _pooled(book, g.html, BASE + g.path)
    late = pages[8]
    late_job = book.plan(
        late.html.encode(), BASE + late.path
    )  # sent to the pool before the 8th page induced the profile
    _pooled(book, pages[7].html, BASE + pages[7].path)
    assert late_job is None and book.active
    done = read_page(late.html.encode(), BASE + late.path, induced=late_job)
    out = book.settle(late.html.encode(), BASE + late.path, done)
    assert out.made_by is None and BASE + late.path in book.learned_urls
    # the run-end bring-up finds the profile it is brought up with (the crawl lost it at random)
    ((_key, active),) = book.active.items()
    assert book.active_for(BASE + late.path) is active


def test_audits_read_in_the_worker_retire_a_profile_that_stops_agreeing() -> None:
    book = PooledTemplateBook(site="t", limits=LIMITS)
    for n in range(1, 9):
        g = article_html(n)
        _pooled(book, g.html, BASE + g.path)
    ((_key, active),) = book.active.items()
    audited = 0
    for n in range(40, 52):
        g = article_html(n)
        job, done, _out = _pooled(book, g.html.replace(g.title, "工作动态"), BASE + g.path)
        audited += done.audit is not None
        if active.retired:
            break
    assert active.retired and book.counts["profiles_retired"] == 1 and audited >= 2
    g = article_html(60)
    assert book.plan(g.html.encode(), BASE + g.path) is None  # generic from now on


def test_one_article_listed_in_two_columns_is_no_evidence_against_the_profile() -> None:
    book = PooledTemplateBook(site="t", limits=LIMITS)
    for n in range(1, 9):
        g = article_html(n)
        _pooled(book, g.html, BASE + g.path)
    ((_key, active),) = book.active.items()
    for n in range(40, 52):  # each article met twice in a row, under two URLs of the template
        g = article_html(n)
        _pooled(book, g.html, BASE + g.path)
        _pooled(book, g.html, BASE + g.path.replace("/info/", "/info/9"))
    assert book.counts["audits"] >= 10 and book.counts["audits_disagreeing"] == 0
    assert not active.retired


def test_two_templates_under_one_url_pattern_each_read_by_their_own_profile() -> None:
    """As TemplateBook reads them: B's pages never go to the worker with A's profile."""
    plain = TemplateBook(site="t", limits=LIMITS)
    pooled = PooledTemplateBook(site="t", limits=LIMITS)
    pages = [article_html(n) for n in range(1, 9)]
    pages += [other_shell(article_html(n)) for n in range(100, 116)]
    pages += [
        p for n in range(20, 24) for p in (article_html(n), other_shell(article_html(200 + n)))
    ]
    jobs = []
    for g in pages:
        url = BASE + g.path
        want = plain.extract(g.html.encode(), url)
        job, _done, got = _pooled(pooled, g.html, url)
        jobs.append(job)
        assert got.made_by == want.made_by
        assert got.article.to_dict() == want.article.to_dict()
    assert pooled.counts == plain.counts
    names = {a.induced.name for a in pooled.active.values()}
    assert len(names) == 2
    assert {j.name for j in jobs[-8:] if j is not None} == names  # both templates in use
    assert all(j is None for j in jobs[8:16])  # B's first pages: learned, never read by A's profile


def test_the_crawl_book_counts_alike_read_inline_or_in_the_pool() -> None:
    """Start pages (and a crawl without a pool) are read inline: audits, misfits and retiring as in the pool."""
    inline = PooledTemplateBook(site="t", limits=LIMITS)
    pooled = PooledTemplateBook(site="t", limits=LIMITS)
    pages = [(n, article_html(n).html) for n in range(1, 9)]
    pages.append((30, article_html(30, variant="redesign").html))  # another template: not fitting
    # the same headline on every page (template text): the profile's audits disagree from now on
    pages += [
        (n, article_html(n).html.replace(article_html(n).title, "工作动态")) for n in range(40, 52)
    ]
    retired_after = {}
    for name, book in (("inline", inline), ("pooled", pooled)):
        for n, html in pages:
            url = f"{BASE}/info/1001/{n}.htm"
            if name == "inline":
                book.extract(html.encode(), url)
            else:
                _pooled(book, html, url)
            if any(a.retired for a in book.active.values()):
                retired_after.setdefault(name, n)
    assert inline.counts == pooled.counts
    assert inline.counts["profiles_retired"] == 1 and inline.counts["pages_not_fitting"] == 1
    # a full window of audits (4) before retiring, both ways: 8 profiled pages, every 2nd audited
    assert retired_after == {"inline": 47, "pooled": 47}


def test_a_site_profile_with_rules_outranks_the_books_induced_profile() -> None:
    """Even with an induced profile in the spider's book (a profile file from an earlier run)."""
    book = PooledTemplateBook(site="t", limits=LIMITS)
    for n in range(1, 9):
        g = article_html(n)
        _pooled(book, g.html, BASE + g.path)
    assert book.active
    site = SimpleNamespace(
        name="gen",
        timezone=None,
        extract=ExtractionProfile.from_mapping({"title": ["//h1"]}),
    )
    spider = SimpleNamespace(profile=site, templates=book)
    g = article_html(20)
    url, body = BASE + g.path, g.html.encode()
    now = datetime(2021, 3, 30, tzinfo=UTC)
    assert induced_job(spider, body, url) is None  # the pool reads it with the site profile
    pooled = read_page(body, url, profile=site.extract, now=now)
    for done in (pooled, None):  # read in the pool, or inline
        article, _rules, made_by = extract_for(
            spider, body, url, now=now, content_type=None, done=done
        )
        assert made_by == {"extract_profile": "site:gen"} and article.title == "某某县人民政府"
    assert book.counts["pages_by_profile"] == 0 and book.counts["pages_generic"] == 8
