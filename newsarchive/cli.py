"""Command-line entry point: `newsarchive COMMAND ...`, exceptions mapped to exit codes."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import sys
from collections.abc import Sequence
from typing import IO

from . import __version__
from .console import Env, ExitStatus
from .exceptions import (
    CrawlError,
    DatasetError,
    LockHeldError,
    MissingDependencyError,
    NewsArchiveError,
    ProfileError,
    UsageError,
)

__all__ = ["Env", "ExitStatus", "main"]


# name -> (module under newsarchive.commands, one-line help). A command's module
# provides add_arguments(parser) and run(args, env) -> int.
COMMANDS: dict[str, tuple[str, str]] = {
    "extract": ("extract", "extract article records from saved HTML files"),
    "crawl": ("crawl", "crawl a portal (site profile or start URLs) into the data dir"),
    "sites": ("sites", "list the bundled site profiles"),
    "validate": ("validate", "check JSON Lines records against the schema"),
    "stats": ("stats", "summarize a dataset (per site and month, field coverage)"),
    "export": ("export", "export a dataset to parquet, csv or jsonl with a dataset card"),
    "reextract": ("reextract", "rebuild records from the WARC archive with the current extractor"),
    "dedupe": ("dedupe", "mark exact and near-duplicate records"),
    "migrate": (
        "migrate",
        "rewrite schema-v1 record files as schema v2, in place (safe to interrupt)",
    ),
    "profile": ("profile", "induce a template's extraction profile; test a profile against pages"),
}

# Top-level modules of packages left out of the default install -> the extra that brings them.
OPTIONAL_EXTRAS: dict[str, str] = {
    "scrapy_redis": "redis",
    "redis": "redis",
    "gne": "bench",
    "trafilatura": "bench",
    "duckdb": "test",
    "datasets": "test",
}


def missing_extra(exc: ModuleNotFoundError) -> str | None:
    """The one-line hint for a missing optional package, or None if it is not one."""
    top = (exc.name or "").split(".")[0]
    extra = OPTIONAL_EXTRAS.get(top)
    if extra is None:
        return None
    return f"this needs the optional package {top!r}: pip install 'newsarchive[{extra}]'"


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, object]]:
    parser = argparse.ArgumentParser(
        prog="newsarchive",
        description="Scrape, extract and archive regional news portals.",
    )
    parser.add_argument("--version", action="version", version=f"newsarchive {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules: dict[str, object] = {}
    for name, (modname, help_text) in COMMANDS.items():
        try:
            module = importlib.import_module(f"newsarchive.commands.{modname}")
        except ModuleNotFoundError as exc:
            if exc.name == f"newsarchive.commands.{modname}":
                continue  # command not built into this install
            raise
        p = sub.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(p)  # type: ignore[attr-defined]
        modules[name] = module
    return parser, modules


def program(args: argparse.Namespace, modules: dict[str, object], env: Env) -> int:
    module = modules[args.command]
    return int(module.run(args, env))  # type: ignore[attr-defined]


def main(
    argv: Sequence[str] | None = None,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
    stdin: IO[bytes] | None = None,
) -> int:
    env = Env(
        stdout=stdout if stdout is not None else sys.stdout,
        stderr=stderr if stderr is not None else sys.stderr,
        stdin=stdin if stdin is not None else sys.stdin.buffer,
    )
    parser, modules = build_parser()
    try:
        # argparse prints --help and usage errors itself: to the streams this run was given
        with contextlib.redirect_stdout(env.stdout), contextlib.redirect_stderr(env.stderr):
            args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help and usage errors
        return int(exc.code or 0)
    if not args.command:
        parser.print_help(env.stderr)
        return ExitStatus.USAGE
    try:
        return program(args, modules, env)
    except KeyboardInterrupt:
        env.error("interrupted")
        return ExitStatus.INTERRUPTED
    except BrokenPipeError:
        return ExitStatus.ERROR
    except ModuleNotFoundError as exc:
        hint = missing_extra(exc)
        env.error(hint or f"unexpected ModuleNotFoundError: {exc}")
        return ExitStatus.MISSING_DEPENDENCY if hint else ExitStatus.ERROR
    except NewsArchiveError as exc:
        env.error(str(exc))
        return next(status for cls, status in _STATUS if isinstance(exc, cls))
    except Exception as exc:  # the one catch-all, at the boundary
        env.error(f"unexpected {type(exc).__name__}: {exc}")
        return ExitStatus.ERROR


# Most specific first; every NewsArchiveError ends at the last row.
_STATUS: tuple[tuple[type[NewsArchiveError], ExitStatus], ...] = (
    (UsageError, ExitStatus.USAGE),
    (MissingDependencyError, ExitStatus.MISSING_DEPENDENCY),
    (LockHeldError, ExitStatus.LOCKED),
    (CrawlError, ExitStatus.CRAWL_FAILED),
    (ProfileError, ExitStatus.ERROR),
    (DatasetError, ExitStatus.ERROR),
    (NewsArchiveError, ExitStatus.ERROR),
)

if __name__ == "__main__":
    sys.exit(main())
