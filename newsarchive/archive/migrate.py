"""Rewrite schema-v1 JSON Lines files as schema v2 in place: atomic per file, resumable, nothing lost on kill -9.

Each file that holds v1 records is copied line by line to a hidden temporary file
beside it (v1 records upgraded, every other line kept byte for byte, bad lines
included), synced, and renamed over the original. Until that rename the original
is untouched; after it, the new file is complete. A run killed at any moment
leaves each file either all old or all new, plus perhaps a temporary file that
the next run removes before it starts over. Files with no v1 record are left
alone, so running again finishes the job and then does nothing.

A site folder (``<site>/articles/``) is migrated under the crawl's site lock, after
the crawl's own recovery has settled writes a killed crawl left in flight: those
are noted by byte offset, which the rewrite would move.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..dataset.read import find_jsonl_files
from ..dataset.upgrade import needs_upgrade, upgrade_record
from ..jsonl import dumps
from .lock import SiteLock

__all__ = ["TEMP_SUFFIX", "MigrateReport", "migrate", "migrate_file"]

TEMP_SUFFIX = ".migrating"  # not *.jsonl: readers never see a half-written copy


@dataclass
class MigrateReport:
    files: int = 0  # .jsonl files looked at
    rewritten: int = 0  # files that held v1 records and were replaced
    upgraded: int = 0  # records turned from v1 into v2
    kept: int = 0  # lines copied unchanged (already v2, or not a record)
    leftovers_removed: int = (
        0  # temporary files of an interrupted run, removed before starting over
    )

    def to_dict(self) -> dict[str, int]:
        return asdict(self)


def _temp_for(path: Path) -> Path:
    return path.with_name(f".{path.name}{TEMP_SUFFIX}")


def _upgraded_lines(path: Path, counts: MigrateReport) -> Iterator[bytes]:
    with path.open("rb") as fh:
        for raw in fh:
            record = _parse(raw)
            if needs_upgrade(record):
                counts.upgraded += 1
                yield (
                    dumps(upgrade_record(record)) + ("\n" if raw.endswith(b"\n") else "")
                ).encode("utf-8")
            else:
                counts.kept += 1
                yield raw


def _parse(raw: bytes) -> Any:
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    try:
        return json.loads(body)
    except ValueError:  # bad JSON or bad UTF-8: copied unchanged, `validate` names it
        return None


def migrate_file(path: Path, report: MigrateReport) -> bool:
    """Migrate one file; True if it was rewritten."""
    report.files += 1
    temp = _temp_for(path)
    if temp.exists():
        temp.unlink()
        report.leftovers_removed += 1
    counts = MigrateReport()
    with temp.open("wb") as out:
        for line in _upgraded_lines(path, counts):
            out.write(line)
        out.flush()
        os.fsync(out.fileno())
    if not counts.upgraded:
        temp.unlink()
        report.kept += counts.kept
        return False
    os.chmod(temp, path.stat().st_mode & 0o7777)
    os.replace(temp, path)
    _sync_dir(path.parent)
    report.upgraded += counts.upgraded
    report.kept += counts.kept
    report.rewritten += 1
    return True


def _sync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)  # the rename itself survives a power cut
    finally:
        os.close(fd)


def _site_dir(path: Path) -> Path | None:
    return path.parent.parent if path.parent.name == "articles" else None


def _settle_site(site_dir: Path, stack: ExitStack) -> None:
    """Hold every crawl lock of the site and let the crawl's recovery settle in-flight writes."""
    from .records import RecordWriter
    from .state import StateStore

    for state_file in sorted(site_dir.glob("state*.sqlite")):
        parts = state_file.name.split(".")
        worker = parts[1] if len(parts) == 3 else None
        stack.enter_context(SiteLock(site_dir, worker=worker))
        state = StateStore(state_file)
        try:
            if state.pending():
                RecordWriter(site_dir.parent, site_dir.name, state, worker=worker).recover()
        finally:
            state.close()
    if not any(site_dir.glob("state*.sqlite")):
        stack.enter_context(SiteLock(site_dir))


def migrate(root: Path, *, on_file: Callable[[Path, bool], None] | None = None) -> MigrateReport:
    """Migrate every ``*.jsonl`` file below ``root`` (or ``root`` itself)."""
    report = MigrateReport()
    for leftover in [] if root.is_file() else root.rglob(f"*{TEMP_SUFFIX}"):
        if leftover.name.startswith(".") and leftover.name.endswith(f".jsonl{TEMP_SUFFIX}"):
            leftover.unlink()
            report.leftovers_removed += 1
    files = find_jsonl_files(root)
    by_site: dict[Path | None, list[Path]] = {}
    for path in files:
        by_site.setdefault(_site_dir(path), []).append(path)
    for site_dir, paths in by_site.items():
        with ExitStack() as stack:
            if site_dir is not None:
                _settle_site(site_dir, stack)
            for path in paths:
                changed = migrate_file(path, report)
                if on_file is not None:
                    on_file(path, changed)
    return report
