"""`newsarchive crawl SITE | --start-url URL... | --demo`: crawl into the data dir, print the run summary."""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..archive.lock import SiteLock
from ..exceptions import CrawlError, ProfileError
from ..jsonl import dumps
from .args import day, fraction, log_level, nonnegative_float, nonnegative_int

if TYPE_CHECKING:
    from ..console import Env
    from ..sites import SiteProfile

DEMO_PORT = 8734  # a fixed port keeps demo URLs (and so the state store) stable between runs


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "site",
        nargs="?",
        help="bundled site profile name or a profile .toml path (see `newsarchive sites`)",
    )
    p.add_argument(
        "--start-url",
        action="append",
        default=[],
        metavar="URL",
        help="crawl from this URL without a profile (repeatable); files under the first URL's host",
    )
    p.add_argument(
        "--demo",
        action="store_true",
        help="build the bundled sample portal, serve it on 127.0.0.1 and crawl it (offline)",
    )
    p.add_argument("--data-dir", help="output root (default: $NEWSARCHIVE_DATA_DIR, else data)")
    p.add_argument(
        "--max-pages",
        type=nonnegative_int,
        metavar="N",
        help="stop after N responses (0: no limit; --start-url crawls default to 10000)",
    )
    p.add_argument(
        "--max-depth",
        type=nonnegative_int,
        metavar="N",
        help="follow links at most N hops from the start pages (0: only the start pages; "
        "--start-url crawls default to 500)",
    )
    p.add_argument(
        "--strict",
        action="store_true",
        help="exit 3 when the run has warnings (e.g. lists full of items but no article archived)",
    )
    p.add_argument(
        "--probe-budget",
        type=nonnegative_int,
        metavar="N",
        help="same-site links no rule or list classifies that may be fetched for the engine "
        "to judge, per run (default 200)",
    )
    p.add_argument(
        "--since",
        type=day,
        metavar="DATE",
        help="skip articles older than YYYY-MM-DD; stop paginating past them",
    )
    p.add_argument(
        "--revisit-after",
        type=nonnegative_float,
        metavar="HOURS",
        help="re-request archived articles fetched this long ago (conditional GET); default: never",
    )
    p.add_argument(
        "--jobdir",
        metavar="DIR",
        help="Scrapy JOBDIR for pause/resume (default: <data-dir>/<site>/job)",
    )
    p.add_argument("--no-jobdir", action="store_true", help="do not keep a resumable job directory")
    p.add_argument(
        "--max-error-rate",
        type=fraction,
        metavar="FRACTION",
        help="fail the run (exit 3) above this share of failed fetches (default 0.25)",
    )
    p.add_argument(
        "--contact",
        metavar="URL_OR_EMAIL",
        help="contact shown in the User-Agent (default: $NEWSARCHIVE_CONTACT)",
    )
    p.add_argument(
        "-s",
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a Scrapy setting (repeatable), e.g. -s DOWNLOAD_DELAY=2",
    )
    p.add_argument(
        "--log-level",
        type=log_level,
        default="WARNING",
        help="log level on stderr (the log file gets INFO)",
    )
    p.add_argument("--json", action="store_true", help="print the summary as one JSON line")
    p.add_argument(
        "--redis",
        metavar="URL",
        help="join the shared crawl of this site in Redis as one worker (redis://HOST:PORT/DB); "
        "default: $NEWSARCHIVE_REDIS_URL; see README: distributed crawling",
    )
    p.add_argument(
        "--worker-id",
        metavar="ID",
        help="with --redis: this worker's name in part files and Redis (default: <host>-<n>, "
        "the first free on this data dir)",
    )


def run(args: argparse.Namespace, env: Env) -> int:
    from ..console import ExitStatus

    if sum(bool(x) for x in (args.site, args.start_url, args.demo)) != 1:
        env.error("crawl: give exactly one of SITE, --start-url URL or --demo")
        return ExitStatus.USAGE
    if args.since:
        try:
            date.fromisoformat(args.since)
        except ValueError:
            env.error(f"--since: not a YYYY-MM-DD date: {args.since!r}")
            return ExitStatus.USAGE
    overrides: dict[str, Any] = {}
    for item in args.set:
        name, sep, value = item.partition("=")
        if not sep or not name.isupper():
            env.error(f"--set: expected NAME=VALUE with an UPPER_CASE Scrapy setting, got {item!r}")
            return ExitStatus.USAGE
        overrides[name] = value
    if args.demo:
        return _demo(args, env, overrides)
    if args.start_url:
        from ..sites import adhoc_profile

        try:
            profile = adhoc_profile(args.start_url)
        except ProfileError as exc:  # a bad --start-url is a usage error
            env.error(str(exc))
            return ExitStatus.USAGE
    else:
        profile = _profile(args)
    return crawl(profile, args, env, overrides)


def _profile(args: argparse.Namespace) -> SiteProfile:
    from ..sites import adhoc_profile, load_profile

    if args.site:
        return load_profile(args.site)
    return adhoc_profile(args.start_url)


def _demo(args: argparse.Namespace, env: Env, overrides: dict[str, Any]) -> int:
    from ..samples import PortalServer, build_portal
    from ..sites import adhoc_profile

    workdir = Path(tempfile.mkdtemp(prefix="newsarchive-demo-"))
    try:
        build_portal(workdir, articles=60, extras=False, script_lists=True)
        try:
            server = PortalServer(workdir, port=DEMO_PORT)
        except OSError:
            server = PortalServer(workdir)
        with server:
            env.stderr.write(f"newsarchive: demo portal served at {server.url}/ (from {workdir})\n")
            profile = replace(
                adhoc_profile([f"{server.url}/index.html"]), name="demo", title="示例日报 (demo)"
            )
            # loopback: no need to be gentle with our own server
            demo_settings = {
                "AUTOTHROTTLE_ENABLED": False,
                "DOWNLOAD_DELAY": 0,
                "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
            }
            demo_settings.update(overrides)
            return crawl(profile, args, env, demo_settings)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def crawl(
    profile: SiteProfile, args: argparse.Namespace, env: Env, overrides: dict[str, Any]
) -> int:
    """Run one crawl of ``profile`` in this process; map the outcome to an exit status."""
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    from ..spiders.portal import PortalSpider

    data_dir = Path(args.data_dir or os.environ.get("NEWSARCHIVE_DATA_DIR") or "data")
    site_dir = data_dir / profile.name
    run_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    settings = Settings()
    settings.setmodule("newsarchive.settings", priority="project")
    cmdline: dict[str, Any] = {
        "NEWSARCHIVE_DATA_DIR": str(data_dir),
        "NEWSARCHIVE_RUN_ID": run_id,
        "NEWSARCHIVE_LOCK": False,  # held below, for the whole run
        "NEWSARCHIVE_PROGRESS": True,
        "LOG_LEVEL": args.log_level.upper(),
        "LOG_INSTALL_ROOT_HANDLER": True,
    }
    if not args.no_jobdir:
        cmdline["JOBDIR"] = str(Path(args.jobdir) if args.jobdir else site_dir / "job")
    if getattr(args, "probe_budget", None) is not None:
        cmdline["NEWSARCHIVE_PROBE_BUDGET"] = args.probe_budget
    if args.max_pages is not None:  # 0: no limit (ad-hoc crawls otherwise get a default one)
        cmdline["CLOSESPIDER_PAGECOUNT"] = args.max_pages
    if args.max_error_rate is not None:
        cmdline["NEWSARCHIVE_MAX_ERROR_RATE"] = args.max_error_rate
    if args.contact:
        cmdline["NEWSARCHIVE_CONTACT"] = (
            args.contact
        )  # the User-Agent is built from it (newsarchive.addons)
    settings.setdict(overrides, priority="cmdline")
    settings.setdict(cmdline, priority="cmdline")

    spider_args: dict[str, Any] = {"profile": profile}
    if args.since:
        spider_args["since"] = args.since
    if args.max_depth is not None:
        spider_args["max_depth"] = args.max_depth
    if args.revisit_after is not None:
        spider_args["revisit_after"] = args.revisit_after * 3600

    from ..distributed import WorkerLock, configure, ping_redis, redis_url_from_env

    redis_url = getattr(args, "redis", None) or overrides.get("REDIS_URL") or redis_url_from_env()
    if redis_url:
        ping_redis(redis_url)
    lock = (
        WorkerLock(site_dir, getattr(args, "worker_id", None)) if redis_url else SiteLock(site_dir)
    )
    with lock:
        if redis_url and isinstance(lock, WorkerLock) and lock.worker:
            configure(
                settings, redis_url, lock.worker
            )  # scrapy-redis frontier, per-worker part files
        process = CrawlerProcess(settings)
        crawler = process.create_crawler(PortalSpider)
        process.crawl(crawler, **spider_args)
        process.start()
    summary = _run_summary(crawler)
    if summary is None:
        raise CrawlError(f"{profile.name}: the crawl did not start; see the messages above")
    return _report(summary, profile.name, args, env)


def _report(summary: dict[str, Any], name: str, args: argparse.Namespace, env: Env) -> int:
    """Print the run summary; map its status (and, with --strict, its warnings) to an exit status."""
    from ..console import ExitStatus

    if args.json:
        env.stdout.write(dumps(summary) + "\n")
    else:
        env.stdout.write(dumps(summary, pretty=True) + "\n")
    env.stdout.flush()
    if summary["status"] == "interrupted":
        env.error(f"{name}: interrupted; run the same command again to resume")
        return ExitStatus.INTERRUPTED
    if summary["status"] == "failed":
        raise CrawlError(f"{name}: crawl failed: {summary['failure']} (log: {summary['log_file']})")
    for warning in summary.get("warnings", ()):
        env.warn(f"{name}: {warning}")
    if summary.get("warnings") and getattr(args, "strict", False):
        return ExitStatus.CRAWL_FAILED
    return ExitStatus.SUCCESS


def _run_summary(crawler: Any) -> dict[str, Any] | None:
    """What the RunSummary extension wrote, or None when the crawl stopped before its extensions existed."""
    from ..extensions.summary import RunSummary

    try:
        ext = crawler.get_extension(RunSummary)
    except RuntimeError:  # the crawl failed before the extension manager was built
        return None
    return getattr(ext, "summary", None)


__all__ = ["ProfileError", "add_arguments", "crawl", "run"]
