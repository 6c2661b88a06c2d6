"""Read newsarchive JSON Lines as one lazily streamed, validated, filterable dataset.

``open_dataset(path)`` takes a data dir, a site folder or one ``.jsonl`` file.
Every ``*.jsonl`` below a folder (recursively, distributed part files such as
``2021-03.w1.jsonl`` included) is part of the dataset, read in path order, one
line at a time: memory does not grow with the dataset. Each line is checked
against ``newsarchive/schema/article-v2.json`` (schema-v1 lines against v1, then
upgraded to v2 as they are read); a bad line (truncated, invalid
UTF-8, not JSON, missing field, wrong type) is skipped and counted, and a
:class:`~newsarchive.exceptions.DatasetWarning` names the count and the first
places after each pass, or, with ``strict=True``, raises
:class:`~newsarchive.exceptions.RecordValidationError`.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..exceptions import DatasetError, DatasetWarning, RecordValidationError
from .read import BadLine, Located, find_jsonl_files, folder_site, read_jsonl
from .schema import FIELDS, load_schema, record_problem

if TYPE_CHECKING:
    import pandas

__all__ = [
    "FIELDS",
    "BadLine",
    "Dataset",
    "Filters",
    "Located",
    "find_jsonl_files",
    "load_schema",
    "open_dataset",
    "parse_date_bound",
    "read_jsonl",
    "record_problem",
]

Record = dict[str, Any]
_DATE_BOUND = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def parse_date_bound(text: str) -> str:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` checked against the calendar (no 2021-13, no 2021-02-30)."""
    value = str(text).strip()
    if not _DATE_BOUND.match(value):
        raise DatasetError(
            f"expected YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2021-03 or 2021-03-16; got {text!r}"
        )
    parts = [int(p) for p in value.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError as exc:
        raise DatasetError(
            f"not a calendar date {text!r} ({exc}); expected YYYY, YYYY-MM or YYYY-MM-DD, "
            "e.g. 2021-03-16"
        ) from None
    return value


def _date_bound(value: str | date | None, name: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    try:
        return parse_date_bound(value)
    except DatasetError as exc:
        raise DatasetError(f"{name}: {exc}") from None


def _names(value: str | Iterable[str] | None) -> frozenset[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return frozenset([value])
    return frozenset(value)


@dataclass(frozen=True)
class Filters:
    """Record filters; every given one must match (AND).

    - ``sites``: the record's ``site`` (or, for records without one, the folder
      ``<site>/articles/`` it is filed in) is one of these.
    - ``sections``: one of these is an element of the breadcrumb ``section``.
    - ``since`` / ``until``: inclusive bounds on the page's local publication day
      (``published_date``); ``"2021"`` and ``"2021-03"`` mean the whole year or
      month. Undated records never match a date bound.
    - ``text``: case-insensitive substring of the title or the body text.
    - ``no_duplicates``: leave out records marked ``duplicate_of`` (``newsarchive dedupe``).
    """

    sites: frozenset[str] | None = None
    sections: frozenset[str] | None = None
    since: str | None = None
    until: str | None = None
    text: str | None = None
    no_duplicates: bool = False

    @classmethod
    def make(
        cls,
        *,
        site: str | Iterable[str] | None = None,
        section: str | Iterable[str] | None = None,
        since: str | date | None = None,
        until: str | date | None = None,
        text: str | None = None,
        no_duplicates: bool = False,
    ) -> Filters:
        return cls(
            sites=_names(site),
            sections=_names(section),
            since=_date_bound(since, "since"),
            until=_date_bound(until, "until"),
            text=text.casefold() if text else None,
            no_duplicates=no_duplicates,
        )

    def __bool__(self) -> bool:
        return self.no_duplicates or any(
            v is not None for v in (self.sites, self.sections, self.since, self.until, self.text)
        )

    def merge(self, other: Filters) -> Filters:
        """Both filters at once (intersection of name sets, tighter date bounds)."""

        def both(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
            return b if a is None else a if b is None else a & b

        since = max(filter(None, (self.since, other.since)), default=None)
        until = min(filter(None, (self.until, other.until)), default=None)
        if self.text and other.text and self.text != other.text:
            raise DatasetError(f"only one text search at a time: {self.text!r} and {other.text!r}")
        return Filters(
            both(self.sites, other.sites),
            both(self.sections, other.sections),
            since,
            until,
            other.text or self.text,
            self.no_duplicates or other.no_duplicates,
        )

    def match(self, record: Record, folder_site: str | None = None) -> bool:
        if self.no_duplicates and record.get("duplicate_of"):
            return False
        if self.sites is not None and (record.get("site") or folder_site) not in self.sites:
            return False
        if self.sections is not None and self.sections.isdisjoint(record.get("section") or ()):
            return False
        if self.since is not None or self.until is not None:
            day = record.get("published_date") or ""
            if not day:
                return False
            if self.since is not None and day < self.since:
                return False
            if self.until is not None and day[: len(self.until)] > self.until:
                return False
        if self.text is not None:
            haystack = f"{record.get('title') or ''}\n{record.get('text') or ''}".casefold()
            if self.text not in haystack:
                return False
        return True


@dataclass
class _Pass:
    """Counts of one pass over the files; kept on the dataset as ``last_pass``."""

    lines: int = 0
    records: int = 0
    matched: int = 0
    bad: list[BadLine] = field(default_factory=list)
    bad_count: int = 0


class Dataset:
    """A lazily read set of records; iterate it, ``filter`` it, ``count`` it.

    Each iteration reads the files again (nothing is cached), so a dataset can be
    iterated many times, and memory stays bounded whatever its size. After a
    pass, ``last_pass.bad_count`` / ``last_pass.bad`` hold the skipped lines.
    With ``latest_only`` each pass is preceded by a quick pass that notes the
    highest ``version`` per page (memory: one entry per page address).
    """

    MAX_BAD_KEPT = 1000

    def __init__(
        self,
        files: list[Path],
        *,
        root: Path,
        filters: Filters | None = None,
        strict: bool = False,
        validate: bool = True,
        on_bad: Callable[[BadLine], None] | None = None,
        latest_only: bool = False,
    ) -> None:
        self.files = list(files)
        self.latest_only = latest_only
        self.root = root
        self.filters = filters or Filters()
        self.strict = strict
        self.validate = validate
        self.on_bad = on_bad
        self.last_pass = _Pass()

    def __repr__(self) -> str:
        return f"<Dataset {self.root} files={len(self.files)} filters={self.filters}>"

    def filter(
        self,
        *,
        site: str | Iterable[str] | None = None,
        section: str | Iterable[str] | None = None,
        since: str | date | None = None,
        until: str | date | None = None,
        text: str | None = None,
        no_duplicates: bool = False,
    ) -> Dataset:
        """A new dataset with these filters added (see :class:`Filters`)."""
        new = Filters.make(
            site=site,
            section=section,
            since=since,
            until=until,
            text=text,
            no_duplicates=no_duplicates,
        )
        return self.with_options(filters=self.filters.merge(new))

    def latest(self) -> Dataset:
        """Only the highest ``version`` of each page (``canonical_url``, else ``url``): one row per page."""
        return self.with_options(latest_only=True)

    def with_options(self, **changes: Any) -> Dataset:
        """A copy with other ``filters`` / ``strict`` / ``validate`` / ``on_bad`` / ``latest_only``."""
        opts: dict[str, Any] = {
            "filters": self.filters,
            "strict": self.strict,
            "validate": self.validate,
            "on_bad": self.on_bad,
            "latest_only": self.latest_only,
        }
        opts.update(changes)
        return Dataset(self.files, root=self.root, **opts)

    def __iter__(self) -> Iterator[Record]:
        for located in self.iter_located():
            yield located.record

    def iter_located(self) -> Iterator[Located]:
        """Matching records with their file and line."""
        newest = self._newest_versions() if self.latest_only else None
        stats = self.last_pass = _Pass()
        filters = self.filters if self.filters else None
        try:
            for path in self.files:
                site = folder_site(path)
                for lineno, record, problem in read_jsonl(path, validate=self.validate):
                    stats.lines += 1
                    if record is None:
                        self._bad(BadLine(path, lineno, problem or "bad line"), stats)
                        continue
                    stats.records += 1
                    if newest is not None and (record.get("version") or 1) < newest.get(
                        _page_key(record), 0
                    ):
                        continue
                    if filters is None or filters.match(record, site):
                        stats.matched += 1
                        yield Located(path, lineno, record)
        finally:
            if stats.bad_count and not self.strict and self.on_bad is None:
                first = "; ".join(str(b) for b in stats.bad[:3])
                warnings.warn(
                    DatasetWarning(
                        f"skipped {stats.bad_count} bad line(s) of {stats.lines} in {self.root} "
                        f"(first: {first}); `newsarchive validate {self.root}` lists them all"
                    ),
                    stacklevel=3,
                )

    def _newest_versions(self) -> dict[str, int]:
        newest: dict[str, int] = {}
        for path in self.files:
            for _, record, _ in read_jsonl(path, validate=self.validate):
                if record is not None:
                    key, version = _page_key(record), record.get("version") or 1
                    if version > newest.get(key, 0):
                        newest[key] = version
        return newest

    def _bad(self, bad: BadLine, stats: _Pass) -> None:
        if self.strict:
            raise RecordValidationError(str(bad))
        stats.bad_count += 1
        if len(stats.bad) < self.MAX_BAD_KEPT:
            stats.bad.append(bad)
        if self.on_bad is not None:
            self.on_bad(bad)

    def count(self) -> int:
        """Number of matching records (one pass over the files)."""
        return sum(1 for _ in self.iter_located())

    def head(self, n: int = 5) -> list[Record]:
        out: list[Record] = []
        for rec in self:
            out.append(rec)
            if len(out) >= n:
                break
        return out

    def iter_batches(self, size: int = 10_000) -> Iterator[list[Record]]:
        batch: list[Record] = []
        for rec in self:
            batch.append(rec)
            if len(batch) >= size:
                yield batch
                batch = []
        if batch:
            yield batch

    def to_arrow(self, columns: Iterable[str] | None = None) -> Any:
        """A ``pyarrow.Table`` with nested fields typed (needs pyarrow)."""
        from .export import arrow_table

        return arrow_table(self, columns=list(columns) if columns else None)

    def to_pandas(self, columns: Iterable[str] | None = None) -> pandas.DataFrame:
        """All matching records as a DataFrame; lists and dicts stay Python objects.

        ``published_date`` comes out as ``datetime64`` days, ``published_at`` as
        zone-aware timestamps (shown in Asia/Shanghai; NaT on date-only pages).
        Loads everything matching into memory: filter first, or pick ``columns``.
        """
        import pandas as pd

        from .export import DISPLAY_ZONE

        cols = list(columns) if columns else list(FIELDS)
        rows = ([rec.get(c) for c in cols] for rec in self)
        df = pd.DataFrame.from_records(rows, columns=cols)
        if "published_date" in df:
            df["published_date"] = pd.to_datetime(df["published_date"], format="%Y-%m-%d")
        if "published_at" in df:
            df["published_at"] = pd.to_datetime(
                df["published_at"], utc=True, format="ISO8601"
            ).dt.tz_convert(DISPLAY_ZONE)
        return df


def _page_key(record: Record) -> str:
    return str(record.get("canonical_url") or record.get("url") or "")


def open_dataset(
    path: str | PathLike[str],
    *,
    strict: bool = False,
    validate: bool = True,
    site: str | Iterable[str] | None = None,
    section: str | Iterable[str] | None = None,
    since: str | date | None = None,
    until: str | date | None = None,
    text: str | None = None,
    no_duplicates: bool = False,
    latest_only: bool = False,
    on_bad: Callable[[BadLine], None] | None = None,
) -> Dataset:
    """Open a data dir, a site folder or a ``.jsonl`` file as a :class:`Dataset`.

    Filters given here are the same as ``Dataset.filter``. ``strict=True``
    raises on the first bad line instead of skipping it; ``validate=False``
    skips the schema check (lines must still be JSON objects). ``latest_only``
    keeps the highest ``version`` of each page; ``no_duplicates`` leaves out
    records marked ``duplicate_of``.
    """
    p = Path(path)
    files = find_jsonl_files(p)
    filters = Filters.make(
        site=site, section=section, since=since, until=until, text=text, no_duplicates=no_duplicates
    )
    return Dataset(
        files,
        root=p,
        filters=filters,
        strict=strict,
        validate=validate,
        on_bad=on_bad,
        latest_only=latest_only,
    )
