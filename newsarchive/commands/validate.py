"""`newsarchive validate PATH...`: name every line that is not a valid schema-v1 record."""
from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from ..dataset import find_jsonl_files, read_jsonl

if TYPE_CHECKING:
    from ..console import Env


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="data dirs, site folders or .jsonl files")
    p.add_argument("-q", "--quiet", action="store_true", help="only the summary line, not each bad line")
    p.add_argument("--check-hash", action="store_true",
                   help="also recompute content_hash from title and text, and check text == paragraphs joined")


def run(args: argparse.Namespace, env: Env) -> int:
    from ..console import ExitStatus

    files = lines = bad = 0
    for root in args.paths:
        for path in find_jsonl_files(root):
            files += 1
            for lineno, record, problem in read_jsonl(path):
                lines += 1
                if record is not None and args.check_hash:
                    problem = _integrity(record)
                    record = None if problem else record
                if record is None:
                    bad += 1
                    if not args.quiet:
                        env.stdout.write(f"{path}:{lineno}: {problem}\n")
    env.stdout.flush()
    verdict = "all valid" if not bad else f"{bad} bad"
    print(f"validate: {lines} line(s) in {files} file(s): {verdict}", file=env.stderr)
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
