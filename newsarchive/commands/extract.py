"""`newsarchive extract FILE...`: one JSON record per input, in input order."""

from __future__ import annotations

import argparse
import os
from contextlib import suppress
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING

from ..console import Progress
from ..exceptions import ExtractionError, NewsArchiveError
from ..extract import extract
from ..jsonl import dumps
from .args import time_zone

if TYPE_CHECKING:
    from ..console import Env

MAX_INPUT_BYTES = 64 * 1024 * 1024


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "files", nargs="+", metavar="FILE", help="saved HTML files; - reads standard input"
    )
    p.add_argument("--url", help="the page's address (resolves relative links, canonical URL)")
    p.add_argument("--encoding", help="force this encoding instead of detecting it")
    p.add_argument(
        "--timezone",
        type=time_zone,
        help="zone for dates the page gives without one (default Asia/Shanghai)",
    )
    p.add_argument(
        "--now", help="ISO date-time that relative dates (3小时前) count from; default: now"
    )
    p.add_argument(
        "--pretty", action="store_true", help="indent each record instead of one line each"
    )
    p.add_argument(
        "-o",
        "--output",
        help="write records to this file instead of standard output (- or no -o: standard output)",
    )


def run(args: argparse.Namespace, env: Env) -> int:
    from ..console import ExitStatus

    now = None
    if args.now:
        try:
            now = datetime.fromisoformat(args.now)
        except ValueError:
            env.error(
                f"--now: not an ISO date-time: {args.now!r}; e.g. --now 2021-03-16T20:00:00+08:00"
            )
            return ExitStatus.USAGE
    if args.output and args.output != "-" and _is_an_input(args.output, args.files):
        env.error(f"-o {args.output}: is also an input; it would be truncated before it is read")
        return ExitStatus.USAGE
    to_file = bool(args.output) and args.output != "-"
    out = open(args.output, "w", encoding="utf-8") if to_file else env.stdout
    failures = 0
    progress = Progress(env.stderr, "extract", enabled=None if len(args.files) > 1 else False)
    try:
        for n, name in enumerate(args.files, 1):
            try:
                data = _read(name, env)
                article = extract(
                    data, args.url, now=now, encoding=args.encoding, timezone=args.timezone
                )
            except (OSError, ExtractionError) as exc:
                failures += 1
                if isinstance(exc, ExtractionError):
                    message = (
                        str(exc)
                        .removeprefix("<input>: ")
                        .removeprefix(f"{args.url}: " if args.url else "")
                    )
                else:
                    message = exc.strerror or str(exc)
                env.error(message if message.startswith(name) else f"{name}: {message}")
                continue
            record = article.to_dict()
            if name != "-":
                record["provenance"] = {"file": str(Path(name))}
            _emit(out, dumps(record, pretty=args.pretty) + "\n", args.output)
            progress.update(n, len(args.files), failed=failures)
    finally:
        progress.close()
        if to_file:
            with suppress(OSError):  # a write error was already reported
                out.close()
    return ExitStatus.ERROR if failures else ExitStatus.SUCCESS


def _emit(out: IO[str], text: str, output: str | None) -> None:
    try:
        out.write(text)
        out.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:  # /dev/full, a full disk: one clear line instead of a traceback
        raise NewsArchiveError(
            f"{output or 'standard output'}: cannot write: {exc.strerror or exc}"
        ) from exc


def _is_an_input(output: str, files: list[str]) -> bool:
    """``output`` names the same file as one of the inputs (also through links or ``./``)."""
    for name in files:
        try:
            if name != "-" and os.path.samefile(name, output):
                return True
        except OSError:  # either does not exist (yet): they cannot be the same file
            continue
    return False


def _read(name: str, env: Env) -> bytes:
    if name == "-":
        assert env.stdin is not None
        data = env.stdin.read(MAX_INPUT_BYTES + 1)
    else:
        path = Path(name)
        if path.is_dir():
            raise ExtractionError(f"{name}: is a directory")
        with path.open("rb") as fh:
            data = fh.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise ExtractionError(
            f"{name}: larger than {MAX_INPUT_BYTES // (1024 * 1024)} MiB; not read"
        )
    return data
