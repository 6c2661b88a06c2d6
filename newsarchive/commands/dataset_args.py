"""Arguments and helpers shared by the dataset commands (validate, stats, export, dedupe, reextract)."""
from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from ..dataset import BadLine, Dataset, open_dataset

if TYPE_CHECKING:
    from ..console import Env

__all__ = ["BadLineReport", "add_filters", "add_path", "filter_values", "open_filtered"]


def add_path(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", metavar="PATH", help="a data dir, a site folder or a .jsonl file")


def add_filters(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("filters (all given must match)")
    g.add_argument("--site", action="append", metavar="NAME", help="record's site (repeatable: any of them)")
    g.add_argument("--section", action="append", metavar="NAME",
                   help="a breadcrumb element, e.g. 社会 (repeatable: any of them)")
    g.add_argument("--since", metavar="DATE", help="published on or after YYYY[-MM[-DD]]")
    g.add_argument("--until", metavar="DATE", help="published on or before YYYY[-MM[-DD]] (inclusive)")
    g.add_argument("--search", metavar="TEXT", help="case-insensitive text in the title or body")
    g.add_argument("--latest-only", action="store_true",
                   help="only the highest version of each page (one record per address)")
    g.add_argument("--no-duplicates", action="store_true",
                   help="leave out records marked duplicate_of (see `newsarchive dedupe`)")
    g.add_argument("--strict", action="store_true", help="stop at the first bad line instead of skipping it")


def filter_values(args: argparse.Namespace) -> dict[str, Any]:
    return {"site": args.site, "section": args.section, "since": args.since, "until": args.until,
            "search": args.search, "latest_only": args.latest_only, "no_duplicates": args.no_duplicates}


class BadLineReport:
    """Names the first ``shown`` skipped lines on stderr and counts the rest (1M bad lines: 11 lines, not 1M)."""

    def __init__(self, env: Env, path: str, shown: int = 10) -> None:
        self.env = env
        self.path = path
        self.shown = shown
        self.count = 0

    def __call__(self, bad: BadLine) -> None:
        self.count += 1
        if self.count <= self.shown:
            self.env.warn(f"skipped {bad}")

    def finish(self) -> None:
        """The closing line: how many were not shown, and the command that lists them all."""
        if self.count > self.shown:
            self.env.warn(f"... and {self.count - self.shown} more bad line(s); "
                          f"`newsarchive validate {self.path}` lists them all")


def open_filtered(args: argparse.Namespace, env: Env, *, report_bad: bool = True,
                  report: BadLineReport | None = None) -> Dataset:
    """The dataset at args.path with the filters; the first skipped lines are named on stderr."""
    on_bad = (report or BadLineReport(env, args.path)) if report_bad else _ignore
    return open_dataset(args.path, strict=args.strict, site=args.site, section=args.section,
                        since=args.since, until=args.until, text=args.search,
                        latest_only=args.latest_only, no_duplicates=args.no_duplicates,
                        on_bad=on_bad)


def _ignore(bad: BadLine) -> None:
    """The command reports the count itself."""
