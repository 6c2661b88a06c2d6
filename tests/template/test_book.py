"""The crawl's template book: learn, switch to the profile, fall back, retire, share."""

from __future__ import annotations

from dataclasses import replace

import pytest
from lxml import etree
from sitegen import article_html, other_shell

from newsarchive.exceptions import ProfileError
from newsarchive.induce.apply import extract_induced
from newsarchive.induce.book import TemplateBook
from newsarchive.induce.learn import InducedProfile
from newsarchive.induce.limits import INDUCE
from newsarchive.induce.template import signature_key

BASE = "http://127.0.0.1"
LIMITS = replace(INDUCE, min_pages=8, audit_every=2, audit_window=4)


def _feed(book: TemplateBook, numbers, **kw):
    out = []
    for n in numbers:
        g = article_html(n, **kw)
        out.append((g, book.extract(g.html.encode(), BASE + g.path)))
    return out


def test_first_pages_generic_then_the_profile() -> None:
    seen: list[InducedProfile] = []
    book = TemplateBook(site="t", limits=LIMITS, on_induced=seen.append)
    first = _feed(book, range(1, 9))
    assert all(o.made_by is None for _, o in first)
    assert len(seen) == 1 and book.counts["profiles_induced"] == 1
    assert {BASE + g.path for g, _ in first} == book.learned_urls  # to be brought up at run end
    later = _feed(book, range(9, 15))
    assert all(o.made_by == f"induced:{seen[0].key}" for _, o in later)
    assert all(o.article.title == g.title and o.article.editor == g.editor for g, o in later)
    assert book.counts["pages_by_profile"] == 6 and book.counts["pages_generic"] == 8


def test_a_page_that_no_longer_fits_is_read_generically_and_counted() -> None:
    book = TemplateBook(site="t", limits=LIMITS)
    _feed(book, range(1, 9))
    ((_g, out),) = _feed(book, [30], variant="redesign")
    assert out.made_by is None and out.article.paragraphs
    assert book.counts["pages_not_fitting"] == 1


def test_audits_that_stop_agreeing_retire_the_profile() -> None:
    book = TemplateBook(site="t", limits=LIMITS)
    _feed(book, range(1, 9))
    ((_key, active),) = book.active.items()
    # a redesign that keeps the old classes but puts the column name where the headline was: the
    # XPaths still match, the text now repeats on every page
    for n in range(40, 52):
        g = article_html(n)
        html = g.html.replace(g.title, "工作动态")
        book.extract(html.encode(), BASE + g.path)
    assert active.retired and book.counts["profiles_retired"] == 1
    ((_, out),) = _feed(book, [60])
    assert out.made_by is None  # generic from now on


def test_a_profile_from_another_worker_is_used_instead_of_learning() -> None:
    donor = TemplateBook(site="t", limits=LIMITS)
    shared: list[InducedProfile] = []
    donor.on_induced = shared.append
    _feed(donor, range(1, 9))
    lookups: list[str] = []

    def lookup(key: str) -> InducedProfile | None:
        lookups.append(key)
        return next((p for p in shared if p.key == key), None)

    book = TemplateBook(site="t", limits=LIMITS, lookup=lookup)
    ((g, out),) = _feed(book, [20])
    assert out.made_by == f"induced:{shared[0].key}" and out.article.title == g.title
    assert book.counts["shared_profiles_loaded"] == 1 and lookups == [shared[0].key]


def test_induction_may_finish_later() -> None:
    queued = []
    book = TemplateBook(
        site="t", limits=LIMITS, runner=lambda work, done: queued.append((work, done))
    )
    _feed(book, range(1, 12))  # pages 9-11 arrive while the induction runs
    assert len(queued) == 1 and not book.active and len(book.learned_urls) == 11
    work, done = queued[0]
    done(work())
    ((_, out),) = _feed(book, [12])
    assert out.made_by is not None


def test_a_profile_that_cannot_evaluate_falls_back_to_generic() -> None:
    book = TemplateBook(site="t", limits=LIMITS)
    _feed(book, range(1, 9))
    (induced,) = [a.induced for a in book.active.values()]
    # XPath 1.0 core only and valid syntax, yet a type error (count() of a number): only evaluation
    # fails (a hand-edited profile file the load-time checks cannot tell apart from a good one)
    broken = InducedProfile.from_toml(
        induced.to_toml().replace('title = ["', 'title = ["count(1) | ', 1)
    )
    assert book.load(broken)
    g = article_html(30)
    with pytest.raises(etree.XPathError):
        extract_induced(g.html.encode(), BASE + g.path, profile=broken.to_profile())
    ((_g, out),) = _feed(book, [30])
    assert out.made_by is None and out.article.paragraphs and book.counts["pages_not_fitting"] == 1


def test_a_profile_with_a_refused_xpath_is_not_loaded_and_its_pages_stay_generic() -> None:
    donor = TemplateBook(site="t", limits=LIMITS)
    _feed(donor, range(1, 9))
    (induced,) = [a.induced for a in donor.active.values()]
    # an extension function: refused when the profile is read from a file ...
    text = induced.to_toml().replace('title = ["', 'title = ["nosuch(1) | ', 1)
    with pytest.raises(ProfileError, match="nosuch"):
        InducedProfile.from_toml(text)
    # ... and when a profile holding one reaches the book some other way (shared, induced)
    bad = replace(
        induced,
        extract={**induced.extract, "title": ["nosuch(1) | " + induced.extract["title"][0]]},
    )
    book = TemplateBook(site="t", limits=LIMITS, lookup=lambda key: bad)
    ((_g, out),) = _feed(book, [30])
    assert out.made_by is None and out.article.paragraphs and not book.active
    assert book.counts["profiles_rejected"] == 1 and book.counts["shared_profiles_loaded"] == 0
    assert book.counts["pages_generic"] == 1


def test_shared_profiles_are_looked_up_now_and_then_not_on_every_page() -> None:
    lookups: list[str] = []
    book = TemplateBook(
        site="t", limits=replace(LIMITS, min_pages=100), lookup=lambda key: lookups.append(key)
    )  # type: ignore[func-returns-value]
    _feed(book, range(1, 21))
    assert len(lookups) == 4  # pages 1, 6, 11, 16


def test_a_template_that_never_induces_is_tried_three_times_with_bounded_memory() -> None:
    limits = replace(LIMITS, min_pages=5, max_pages=7)
    book = TemplateBook(site="t", limits=limits)
    for n in range(1, 40):
        g = article_html(n)
        # every page a different layout: no rule has support, no profile
        html = g.html.replace('class="art-', f'class="v{n}-')
        book.extract(html.encode(), BASE + g.path)
    assert book.counts["inductions_failed"] == 3 and not book.active
    assert all(len(group) <= 7 for group in book.pending.values())


def test_a_second_template_under_the_same_url_pattern_gets_its_own_profile() -> None:
    seen: list[InducedProfile] = []
    book = TemplateBook(site="t", limits=LIMITS, on_induced=seen.append)
    _feed(book, range(1, 9))  # template A: learned, profile A
    assert len(seen) == 1
    # template B: the profile A's XPaths would read it, but its skeleton is another template's
    b_pages = [other_shell(article_html(n)) for n in range(100, 116)]
    outs = [book.extract(g.html.encode(), BASE + g.path) for g in b_pages]
    learning, after = outs[:8], outs[8:]
    assert all(o.made_by is None for o in learning)  # never A's profile
    assert len(seen) == 2 and seen[1].key != seen[0].key
    assert seen[1].url_pattern == seen[0].url_pattern and seen[1].pages == 8
    assert all(o.made_by == f"induced:{seen[1].key}" for o in after)
    assert all(
        (o.article.title, o.article.editor) == (g.title, g.editor)
        for g, o in zip(b_pages[8:], after, strict=True)
    )
    # both keep their own pages, interleaved
    for n in range(20, 24):
        ((_, a_out),) = _feed(book, [n])
        b = other_shell(article_html(200 + n))
        b_out = book.extract(b.html.encode(), BASE + b.path)
        assert (a_out.made_by, b_out.made_by) == (seen[0].name, seen[1].name)
    # the same choice for a caller that extracts the page elsewhere (the crawl's worker pool)
    b = other_shell(article_html(300))
    assert book.profile_for(b.html.encode(), BASE + b.path).induced.key == seen[1].key
    a = article_html(301)
    assert book.profile_for(a.html.encode(), BASE + a.path).induced.key == seen[0].key
    # a record learned before its template's profile is brought up with its own template's profile
    assert book.active_for(BASE + b_pages[0].path).induced.key == seen[1].key
    assert book.active_for(BASE + article_html(1).path).induced.key == seen[0].key


def test_two_templates_learning_at_once_do_not_mix() -> None:
    seen: list[InducedProfile] = []
    book = TemplateBook(site="t", limits=LIMITS, on_induced=seen.append)
    for n in range(1, 9):  # A and B pages alternate from the first page on
        _feed(book, [n])
        b = other_shell(article_html(100 + n))
        book.extract(b.html.encode(), BASE + b.path)
    assert len(seen) == 2 and {p.pages for p in seen} == {8}
    assert seen[0].signature != seen[1].signature


def test_the_template_signature_survives_the_profile_file() -> None:
    seen: list[InducedProfile] = []
    book = TemplateBook(site="t", limits=LIMITS, on_induced=seen.append)
    _feed(book, range(1, 9))
    again = InducedProfile.from_toml(seen[0].to_toml())
    assert again.signature == seen[0].signature and "class:art-title" in again.signature


def test_reextract_reads_each_page_with_its_own_template_s_profile(tmp_path) -> None:
    from newsarchive.archive.reextract import Response, _extract, _induced_for
    from newsarchive.induce.store import save_induced

    seen: list[InducedProfile] = []
    book = TemplateBook(site="t", limits=LIMITS, on_induced=seen.append)
    _feed(book, range(1, 9))
    for n in range(100, 108):
        b = other_shell(article_html(n))
        book.extract(b.html.encode(), BASE + b.path)
    assert len(seen) == 2
    for p in seen:
        save_induced(tmp_path, p)
    induced = _induced_for(tmp_path, None)  # as reextract loads them from <site>/profiles
    for g, want in ((article_html(40), seen[0]), (other_shell(article_html(140)), seen[1])):
        resp = Response("w.warc.gz", 0, "id", BASE + g.path, "", 200, None, g.html.encode())
        article, made_by = _extract(resp, None, None, induced)
        assert made_by == {"extract_profile": want.name} and article.title == g.title


def test_two_workers_profiles_named_alike_are_both_used() -> None:
    """Each worker names the first template it learns under a URL pattern by the pattern."""
    one = TemplateBook(site="t", limits=LIMITS)
    _feed(one, range(1, 9))  # template A
    two = TemplateBook(site="t", limits=LIMITS)
    for n in range(100, 108):  # template B
        b = other_shell(article_html(n))
        two.extract(b.html.encode(), BASE + b.path)
    ((a_key, a),) = one.active.items()
    ((b_key, b),) = two.active.items()
    assert a_key == b_key
    shared = InducedProfile.from_toml(b.induced.to_toml())  # as it comes from Redis
    book = TemplateBook(site="t", limits=LIMITS, lookup=lambda key: [a.induced, shared])
    assert book.load(a.induced)
    for n in range(20, 24):  # B's pages from the first on by B's profile (renamed), A's by A's
        ((_, a_out),) = _feed(book, [n])
        g = other_shell(article_html(200 + n))
        b_out = book.extract(g.html.encode(), BASE + g.path)
        assert a_out.made_by == a.induced.name and b_out.made_by == shared.name != a.induced.name
        assert b_out.article.title == g.title
    assert shared.key != b_key and book.counts["shared_profiles_loaded"] == 1


def test_workers_sharing_a_profiles_folder_name_each_template_by_itself(tmp_path) -> None:
    """Two distributed workers on one data dir learn A and B first: two files, not one overwritten."""
    from newsarchive.induce.store import load_induced, save_induced

    one = TemplateBook(site="t", limits=LIMITS, name_by_template=True)
    two = TemplateBook(site="t", limits=LIMITS, name_by_template=True)
    one.on_induced = two.on_induced = lambda p: save_induced(tmp_path, p)
    _feed(one, range(1, 9))
    for n in range(100, 108):
        b = other_shell(article_html(n))
        two.extract(b.html.encode(), BASE + b.path)
    on_disk = {p.key: p for p in load_induced(tmp_path)}
    assert set(on_disk) == set(one.active) | set(two.active) and len(on_disk) == 2
    for p in on_disk.values():
        assert p.key == signature_key(p.url_pattern, p.signature)


def test_a_page_learned_before_a_shared_profile_is_brought_up_only_by_its_own_template_s() -> None:
    donor_a, donor_b = TemplateBook(site="t", limits=LIMITS), TemplateBook(site="t", limits=LIMITS)
    _feed(donor_a, range(1, 9))
    for n in range(100, 108):
        b = other_shell(article_html(n))
        donor_b.extract(b.html.encode(), BASE + b.path)
    ((a,),) = [list(donor_a.active.values())]
    ((b,),) = [list(donor_b.active.values())]
    offered = [a.induced]  # another worker shared A only, so far
    book = TemplateBook(site="t", limits=LIMITS, lookup=lambda key: list(offered))
    ((_, out),) = _feed(book, [20])
    assert out.made_by == a.induced.name
    b_pages = [other_shell(article_html(n)) for n in range(200, 204)]
    for g in b_pages:  # B: learning (too few pages to induce), never read by A's profile
        assert book.extract(g.html.encode(), BASE + g.path).made_by is None
    assert all(book.active_for(BASE + g.path) is None for g in b_pages)  # nor brought up by A's
    offered.append(b.induced)  # now B is shared too: found on a later page of B
    later = [other_shell(article_html(n)) for n in range(204, 207)]
    made = [book.extract(g.html.encode(), BASE + g.path).made_by for g in later]
    assert made[-1] == b.induced.name
    assert all(book.active_for(BASE + g.path) is book.active[b.induced.key] for g in b_pages)
