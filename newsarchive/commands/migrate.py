"""`newsarchive migrate DATA_DIR`: rewrite schema-v1 record files as schema v2 in place (safe to interrupt)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from ..archive.migrate import migrate
from ..jsonl import dumps

if TYPE_CHECKING:
    from ..console import Env


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", metavar="DATA_DIR", help="a data dir, a site folder or one .jsonl file")
    p.add_argument("--json", action="store_true", help="print the counts as one JSON line")
    p.add_argument(
        "-q", "--quiet", action="store_true", help="do not name each rewritten file on stderr"
    )


def run(args: argparse.Namespace, env: Env) -> int:
    def on_file(path: Path, changed: bool) -> None:
        if changed and not args.quiet:
            print(f"migrate: {path}: rewritten as schema v2", file=env.stderr, flush=True)

    report = migrate(Path(args.path), on_file=on_file)
    if args.json:
        env.stdout.write(dumps(report.to_dict()) + "\n")
    else:
        env.stdout.write(
            f"migrate: {report.files} file(s), {report.rewritten} rewritten, {report.upgraded} "
            f"record(s) upgraded to schema v2, {report.kept} line(s) kept as they were"
            + (
                f", {report.leftovers_removed} leftover(s) of an interrupted run removed"
                if report.leftovers_removed
                else ""
            )
            + "\n"
        )
    return 0
