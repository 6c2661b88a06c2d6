"""`newsarchive reextract PATH --out DIR`: rebuild records from the WARC archive, offline; count changes."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from ..archive.reextract import reextract
from ..console import Progress
from ..jsonl import dumps

if TYPE_CHECKING:
    from ..console import Env


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "path",
        metavar="PATH",
        help="the data dir (<site>/warc/*.warc.gz and <site>/articles/ below it)",
    )
    p.add_argument(
        "--out",
        required=True,
        metavar="DIR",
        help="write rebuilt records here as <site>/articles/YYYY-MM.jsonl (new or empty folder)",
    )
    p.add_argument("--json", action="store_true", help="print the report as one JSON line")


def run(args: argparse.Namespace, env: Env) -> int:
    progress = Progress(env.stderr, "reextract")
    try:
        report = reextract(Path(args.path), Path(args.out), progress=progress)
    finally:
        progress.close()
    if args.json:
        env.stdout.write(dumps(report.to_dict()) + "\n")
    else:
        report.write_text(env.stdout)
    if report.old_bad_lines:
        env.warn(
            f"{report.old_bad_lines} bad line(s) in the existing records were skipped; "
            f"`newsarchive validate {args.path}` names them"
        )
    return 1 if report.failures else 0
