"""`newsarchive validate PATH...`: name every line that is not a valid schema-v1 record."""
from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ..dataset import find_jsonl_files, read_jsonl

if TYPE_CHECKING:
    from ..cli import Env


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="data dirs, site folders or .jsonl files")
    p.add_argument("-q", "--quiet", action="store_true", help="only the summary line, not each bad line")


def run(args: argparse.Namespace, env: Env) -> int:
    from ..cli import ExitStatus

    files = lines = bad = 0
    for root in args.paths:
        for path in find_jsonl_files(root):
            files += 1
            for lineno, record, problem in read_jsonl(path):
                lines += 1
                if record is None:
                    bad += 1
                    if not args.quiet:
                        env.stdout.write(f"{path}:{lineno}: {problem}\n")
    env.stdout.flush()
    verdict = "all valid" if not bad else f"{bad} bad"
    print(f"validate: {lines} line(s) in {files} file(s): {verdict}", file=env.stderr)
    return ExitStatus.INVALID_DATA if bad else ExitStatus.SUCCESS
