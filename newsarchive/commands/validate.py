"""`newsarchive validate PATH...`: name every line that is not a valid record (schema v2, or v1 in old files)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from ..dataset import find_jsonl_files, read_jsonl
from ..dataset.upgrade import needs_upgrade
from ..jsonl import dumps
from .dataset_args import dataset_path

if TYPE_CHECKING:
    from ..console import Env


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="data dirs, site folders or .jsonl files; - reads standard input",
    )
    p.add_argument(
        "-q", "--quiet", action="store_true", help="only the summary line, not each bad line"
    )
    p.add_argument(
        "--check-hash",
        action="store_true",
        help="also recompute content_hash from title and text, and check text == paragraphs joined",
    )
    p.add_argument(
        "--json", action="store_true", help="print one JSON line: counts and the first 100 problems"
    )


def run(args: argparse.Namespace, env: Env) -> int:
    from ..console import ExitStatus

    files = lines = bad = old = 0
    problems: list[dict[str, Any]] = []
    for root in args.paths:
        for path in find_jsonl_files(dataset_path(root, env)):
            files += 1
            for lineno, record, problem in read_jsonl(path, upgrade=False):
                lines += 1
                old += needs_upgrade(record)
                if record is not None and args.check_hash:
                    problem = _integrity(record)
                    record = None if problem else record
                if record is None:
                    bad += 1
                    shown = "-" if root == "-" else str(path)
                    if args.json:
                        if len(problems) < 100:
                            problems.append({"file": shown, "line": lineno, "problem": problem})
                    elif not args.quiet:
                        env.stdout.write(f"{shown}:{lineno}: {problem}\n")
    if args.json:
        env.stdout.write(
            dumps(
                {"files": files, "lines": lines, "bad": bad, "schema_v1": old, "problems": problems}
            )
            + "\n"
        )
    env.stdout.flush()
    verdict = "all valid" if not bad else f"{bad} bad"
    print(f"validate: {lines} line(s) in {files} file(s): {verdict}", file=env.stderr)
    if old:
        print(
            f"validate: {old} valid record(s) are schema v1 (readers upgrade them as they read; "
            f"`newsarchive migrate {' '.join(args.paths)}` rewrites them as v2)",
            file=env.stderr,
        )
    return ExitStatus.INVALID_DATA if bad else ExitStatus.SUCCESS


def _integrity(record: dict[str, Any]) -> str | None:
    """Checks the schema cannot express: the hash and the text follow from the other fields."""
    from ..extract import content_hash

    if record["text"] != "\n\n".join(record["paragraphs"]):
        return "field 'text': differs from the paragraphs joined by blank lines"
    expected = content_hash(record["title"], record["text"])
    if record["content_hash"] is not None and record["content_hash"] != expected:
        return f"field 'content_hash': {record['content_hash']} does not match title and text ({expected})"
    return None
