"""Arguments and helpers shared by the dataset commands (validate, stats, export, dedupe, migrate)."""

from __future__ import annotations

import argparse
import atexit
import os
import shutil
import tempfile
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ..dataset import BadLine, Dataset, Filters, open_dataset
from ..dataset.read import folder_site
from ..exceptions import UsageError
from .args import day_bound

if TYPE_CHECKING:
    from ..console import Env

__all__ = [
    "BadLineReport",
    "add_filters",
    "add_path",
    "binary_stdout",
    "check_sites",
    "dataset_path",
    "filter_values",
    "open_filtered",
]


def add_path(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "path",
        metavar="PATH",
        help="a data dir, a site folder or a .jsonl file; - reads standard input",
    )


def add_filters(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("filters (all given must match)")
    g.add_argument(
        "--site", action="append", metavar="NAME", help="record's site (repeatable: any of them)"
    )
    g.add_argument(
        "--section",
        action="append",
        metavar="NAME",
        help="a breadcrumb element, e.g. 社会 (repeatable: any of them)",
    )
    g.add_argument(
        "--since", type=day_bound, metavar="DATE", help="published on or after YYYY[-MM[-DD]]"
    )
    g.add_argument(
        "--until",
        type=day_bound,
        metavar="DATE",
        help="published on or before YYYY[-MM[-DD]] (inclusive)",
    )
    g.add_argument("--search", metavar="TEXT", help="case-insensitive text in the title or body")
    g.add_argument(
        "--latest-only",
        action="store_true",
        help="only the highest version of each page (one record per address)",
    )
    g.add_argument(
        "--no-duplicates",
        action="store_true",
        help="leave out records marked duplicate_of (see `newsarchive dedupe`)",
    )
    g.add_argument(
        "--strict", action="store_true", help="stop at the first bad line instead of skipping it"
    )


def filter_values(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "site": args.site,
        "section": args.section,
        "since": args.since,
        "until": args.until,
        "search": args.search,
        "latest_only": args.latest_only,
        "no_duplicates": args.no_duplicates,
    }


def dataset_path(name: str, env: Env) -> Path:
    """``name`` as a path; ``-`` spools standard input to a temporary .jsonl (datasets are read more than once)."""
    if name != "-":
        return Path(name)
    if env.stdin is None:
        raise UsageError("PATH -: no standard input to read")
    folder = tempfile.mkdtemp(prefix="newsarchive-stdin-")
    atexit.register(shutil.rmtree, folder, True)
    path = Path(folder) / "stdin.jsonl"
    with path.open("wb") as fh:
        shutil.copyfileobj(env.stdin, fh, 1 << 20)
    return path


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
            self.env.warn(
                f"... and {self.count - self.shown} more bad line(s); "
                f"`newsarchive validate {self.path}` lists them all"
            )


def open_filtered(
    args: argparse.Namespace,
    env: Env,
    *,
    report_bad: bool = True,
    report: BadLineReport | None = None,
) -> Dataset:
    """The dataset at args.path with the filters; the first skipped lines are named on stderr."""
    on_bad = (report or BadLineReport(env, args.path)) if report_bad else _ignore
    path = dataset_path(args.path, env)
    ds = open_dataset(
        path,
        strict=args.strict,
        site=args.site,
        section=args.section,
        since=args.since,
        until=args.until,
        text=args.search,
        latest_only=args.latest_only,
        no_duplicates=args.no_duplicates,
        on_bad=on_bad,
    )
    check_sites(ds, args.site, args.path)
    return ds


def check_sites(ds: Dataset, sites: list[str] | None, shown: str | os.PathLike[str]) -> None:
    """Refuse ``--site`` names that nothing in the dataset holds (a typo would give 0 records)."""
    if not sites:
        return
    found = {folder_site(f) for f in ds.files}
    if None in found:
        # files outside the <site>/articles/ layout: their records name the site; one quick pass
        found = {
            rec.get("site")
            for rec in ds.with_options(
                filters=Filters(), validate=False, on_bad=_ignore, latest_only=False
            )
        }
    here = sorted(str(s) for s in found if s)
    unknown = sorted(set(sites) - set(here))
    if unknown:
        raise UsageError(
            f"--site {unknown[0]}: no such site in {shown} (sites here: "
            f"{', '.join(here) or 'none'}); e.g. --site {here[0] if here else 'NAME'}"
        )


def binary_stdout(env: Env) -> IO[bytes]:
    """The byte stream under ``env.stdout`` (Parquet and PNG are not text)."""
    env.stdout.flush()
    buffer = getattr(env.stdout, "buffer", None)
    if buffer is None:
        raise UsageError("- as output needs a byte stream; this standard output takes text only")
    return buffer  # type: ignore[no-any-return]


def _ignore(bad: BadLine) -> None:
    """The command reports the count itself."""
