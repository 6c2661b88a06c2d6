"""Settings switched by --redis / REDIS_URL / NEWSARCHIVE_REDIS_URL, without a Redis."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from scrapy.settings import Settings

from newsarchive.distributed import ENV_REDIS_URL, configure, safe_worker_id
from newsarchive.distributed.addon import DistributedAddon


def _settings(**values: object) -> Settings:
    settings = Settings()
    settings.setmodule("newsarchive.settings", priority="project")
    settings.setdict(values, priority="cmdline")
    return settings


def test_configure_switches_to_scrapy_redis() -> None:
    settings = _settings(NEWSARCHIVE_RUN_ID="20260101T000000Z", JOBDIR="data/x/job")
    configure(settings, "redis://127.0.0.1:6379/2", "host-1")
    assert settings["SCHEDULER"] == "newsarchive.distributed.scheduler.LeasingScheduler"
    assert settings["DUPEFILTER_CLASS"] == "scrapy_redis.dupefilter.RFPDupeFilter"
    assert settings.getbool("SCHEDULER_PERSIST") and settings["REDIS_URL"].endswith("/2")
    assert settings["NEWSARCHIVE_WORKER_ID"] == "host-1" and settings["JOBDIR"] is None
    assert settings["NEWSARCHIVE_RUN_ID"] == "20260101T000000Z.host-1"
    assert "newsarchive.distributed.seed.SeedOnceMiddleware" in settings.getdict(
        "SPIDER_MIDDLEWARES"
    )
    configure(
        settings, "redis://127.0.0.1:6379/2", "host-1"
    )  # idempotent (the add-on runs after the CLI)
    assert settings["NEWSARCHIVE_RUN_ID"] == "20260101T000000Z.host-1"


def test_addon_only_with_a_redis_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_REDIS_URL, raising=False)
    crawler = SimpleNamespace(
        spider=SimpleNamespace(profile=SimpleNamespace(allowed_domains=("a.gov.cn",)))
    )
    plain = _settings()
    DistributedAddon(crawler).update_settings(plain)  # type: ignore[arg-type]
    assert (
        "scrapy_redis" not in str(plain["SCHEDULER"]) and plain.getint("CONCURRENT_REQUESTS") == 16
    )

    monkeypatch.setenv(ENV_REDIS_URL, "redis://127.0.0.1:6379/0")
    worker = _settings(CONCURRENT_REQUESTS_PER_DOMAIN=3, NEWSARCHIVE_WORKER_ID="w9")
    DistributedAddon(crawler).update_settings(worker)  # type: ignore[arg-type]
    assert (
        worker["SCHEDULER"].endswith("LeasingScheduler") and worker["NEWSARCHIVE_WORKER_ID"] == "w9"
    )
    # a worker takes from the shared queue only what it downloads at once
    assert worker.getint("CONCURRENT_REQUESTS") == 3
    explicit = _settings(CONCURRENT_REQUESTS=12, NEWSARCHIVE_WORKER_ID="w9")
    DistributedAddon(crawler).update_settings(explicit)  # type: ignore[arg-type]
    assert explicit.getint("CONCURRENT_REQUESTS") == 12


def test_worker_ids_are_file_name_safe() -> None:
    assert safe_worker_id("crawler.lan/2") == "crawler-lan-2"
    with pytest.raises(ValueError, match="worker id"):
        safe_worker_id("../")
