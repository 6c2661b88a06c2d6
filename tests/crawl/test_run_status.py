"""The run summary's status on its own: dead links are not errors, failures of existing pages are."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from newsarchive.extensions.summary import summarize


def _summary(**counts: int) -> dict[str, Any]:
    # responses by status are Scrapy's own downloader stats; the rest are newsarchive's counters
    stats = {
        (
            f"downloader/response_status_count/{k[len('http_status__') :]}"
            if k.startswith("http_status__")
            else f"newsarchive/{k.replace('__', '/')}"
        ): v
        for k, v in counts.items()
    }
    return summarize(
        stats,
        site="s",
        run_id="r",
        started_at=datetime.now(UTC),
        data_dir="d",
        reason="finished",
        max_error_rate=0.25,
        log_file=None,
        warc_files=[],
    )


def test_dead_links_do_not_count_as_errors() -> None:
    # 70 pages answered 200, 30 links led to 404s (as on the live site): a fine run
    run = _summary(http_status__200=70, http_status__404=30, dead_links=30)
    assert (
        run["status"] == "ok"
        and run["errors"] == 0
        and run["error_rate"] == 0.0
        and run["dead_links"] == 30
    )


def test_failures_of_existing_pages_are_errors() -> None:
    # 60 answered, 20 answered 503 after retries, 20 got no answer at all
    run = _summary(
        http_status__200=60,
        http_status__503=20,
        errors=40,
        errors__http_503=20,
        errors__TimeoutError=20,
        dead_links=0,
    )
    assert run["errors"] == 40 and run["error_rate"] == 0.4 and run["status"] == "failed"
    # the same failures among many dead links: the rate is over the pages that exist
    run = _summary(
        http_status__200=60,
        http_status__503=20,
        http_status__404=500,
        dead_links=500,
        errors=40,
        errors__http_503=20,
        errors__TimeoutError=20,
    )
    assert run["error_rate"] == 0.4 and run["status"] == "failed"


def test_full_lists_without_articles_warn() -> None:
    run = _summary(http_status__200=30, pages__list=30, lists__items=300, dead_links=0)
    assert (
        run["status"] == "ok" and len(run["warnings"]) == 1 and "no articles" in run["warnings"][0]
    )
    assert _summary(http_status__200=30, lists__items=300, articles__new=1)["warnings"] == []
    assert (
        _summary(http_status__200=30, lists__items=300, articles__skipped_known=300)["warnings"]
        == []
    )


def test_template_counters_are_reported_when_zero() -> None:
    # a run where nothing was induced still says so: 0, not a missing key
    run = _summary(http_status__200=5)
    assert run["templates"] == {
        "induced": 0,
        "loaded": 0,
        "pages_by_profile": 0,
        "pages_generic": 0,
        "pages_not_fitting": 0,
        "audits": 0,
        "profiles_retired": 0,
        "records_brought_up": 0,
    }
    run = _summary(http_status__200=5, templates__induced=1, templates__profiles_rejected=2)
    assert run["templates"]["induced"] == 1 and run["templates"]["pages_generic"] == 0
    assert run["templates"]["profiles_rejected"] == 2  # other counters are kept beside them
