"""Finding a dataset's JSON Lines files and reading them line by line into records or reasons."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Any

from .. import safejson
from ..exceptions import DatasetError
from .schema import record_problem
from .upgrade import needs_upgrade, upgrade_record

__all__ = ["BadLine", "Located", "find_jsonl_files", "folder_site", "read_jsonl"]

Record = dict[str, Any]


@dataclass(frozen=True)
class BadLine:
    """A line that is not a valid record: where it is and why."""

    path: Path
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}"


@dataclass(frozen=True)
class Located:
    """A valid record with the file and 1-based line it came from."""

    path: Path
    line: int
    record: Record


def find_jsonl_files(path: str | PathLike[str]) -> list[Path]:
    """The dataset's files: ``path`` itself, or every ``*.jsonl`` below it in path order."""
    p = Path(path)
    if p.is_file():
        return [p]
    if not p.exists():
        raise DatasetError(f"{p}: no such file or directory")
    if not p.is_dir():
        raise DatasetError(f"{p}: not a file or directory")
    found = sorted(
        (f for f in p.rglob("*.jsonl") if f.is_file()), key=lambda f: f.relative_to(p).parts
    )
    if not found:
        raise DatasetError(f"{p}: no *.jsonl files below this folder")
    return found


def folder_site(path: Path) -> str | None:
    """``<site>`` for a file in the data-dir layout ``<site>/articles/*.jsonl``."""
    return path.parent.parent.name or None if path.parent.name == "articles" else None


def read_jsonl(
    path: Path, *, validate: bool = True, upgrade: bool = True
) -> Iterator[tuple[int, Record | None, str | None]]:
    """``(line number, record, None)`` per good line, ``(line number, None, reason)`` per bad one.

    Schema-v1 records come out upgraded to v2 (as they are, with ``upgrade=False``). Whitespace-only lines are not records and are passed over. A final line
    without a newline is accepted when it parses; otherwise it is reported as
    truncated.
    """
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise DatasetError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    with fh:
        for lineno, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield lineno, None, _not_utf8(raw, exc)
                continue
            try:
                record = safejson.loads(line)
            except ValueError as exc:  # bad JSON, too deep, a 5,000-digit number, a lone surrogate
                if not raw.endswith(b"\n") and str(exc).startswith("invalid JSON"):
                    yield (
                        lineno,
                        None,
                        (
                            f"truncated last line ({len(raw)} bytes, no newline at end of file): "
                            f"{str(exc).removeprefix('invalid JSON: ')}"
                        ),
                    )
                else:
                    yield lineno, None, str(exc)
                continue
            if validate:
                problem = record_problem(record)
                if problem is not None:
                    yield lineno, None, problem
                    continue
            elif not isinstance(record, dict):
                yield lineno, None, f"not a JSON object (got {type(record).__name__})"
                continue
            if upgrade and needs_upgrade(record):
                record = upgrade_record(
                    record
                )  # v1 files read as v2 (`newsarchive migrate` rewrites them)
            yield lineno, record, None


def _not_utf8(raw: bytes, exc: UnicodeDecodeError) -> str:
    reason = f"invalid UTF-8 at byte {exc.start} ({raw[exc.start : exc.start + 4]!r})"
    try:
        safejson.loads(raw.decode("gb18030"))
    except (UnicodeDecodeError, ValueError):
        return reason
    return (
        reason
        + "; the line is GB18030 (GBK) JSON: convert the file with `iconv -f GB18030 -t UTF-8`"
    )
