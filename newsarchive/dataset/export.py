"""Stream a dataset to Parquet (nested and date types kept), CSV (lists flattened) or JSON Lines."""

from __future__ import annotations

import csv
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ..exceptions import DatasetError
from ..jsonl import dumps
from .schema import FIELDS
from .stats import Summary

if TYPE_CHECKING:
    from . import Dataset

__all__ = [
    "CSV_LIST_SEPARATOR",
    "DISPLAY_ZONE",
    "FORMATS",
    "arrow_schema",
    "arrow_table",
    "csv_columns",
    "export",
    "export_stream",
    "is_special",
]

FORMATS = ("parquet", "csv", "jsonl")
LIST_FIELDS = ("authors", "paragraphs", "section", "warnings")
PROVENANCE_FIELDS: tuple[tuple[str, str], ...] = (
    ("fetched_at", "string"),
    ("http_status", "int64"),
    ("warc_file", "string"),
    ("warc_offset", "int64"),
    ("warc_record_id", "string"),
    ("file", "string"),
)
CSV_LIST_SEPARATOR = " | "
# Parquet's published_at holds the exact instant (UTC inside the file); this zone is the one readers
# show it in, so a page's local time and day read as on the page. The portals are Chinese.
DISPLAY_ZONE = "Asia/Shanghai"
BATCH = 1000  # records turned into Python lists at a time
ROW_GROUP = 5000  # Parquet rows per row group (~25-50 MB of news text before compression)


def arrow_schema(columns: list[str] | None = None, *, zone: str = DISPLAY_ZONE) -> Any:
    """The Arrow schema of a record: lists as list<string>, images as list<struct>, provenance a struct.

    ``published_date`` is a ``date32``, ``published_at`` a ``timestamp[s, tz=zone]``
    (the instant; ``zone`` only chooses how readers display it). Provenance keys
    other than the documented ones go, as a JSON object, into ``provenance.extra``
    so nothing is lost.
    """
    import pyarrow as pa

    prov = pa.struct(
        [pa.field(n, pa.string() if t == "string" else pa.int64()) for n, t in PROVENANCE_FIELDS]
        + [pa.field("extra", pa.string())]
    )
    special = {
        "version": pa.int64(),
        "published_date": pa.date32(),
        "published_at": pa.timestamp("s", tz=zone),
        "images": pa.list_(
            pa.struct([pa.field("url", pa.string()), pa.field("caption", pa.string())])
        ),
        "provenance": prov,
    }
    names = columns or list(FIELDS)
    return pa.schema(
        [
            pa.field(n, special.get(n, pa.list_(pa.string()) if n in LIST_FIELDS else pa.string()))
            for n in names
        ]
    )


def _provenance(value: Any) -> dict[str, Any] | None:
    if not isinstance(value, dict):
        return None
    known = {n for n, _ in PROVENANCE_FIELDS}
    row = {n: value.get(n) for n in known}
    extra = {k: v for k, v in value.items() if k not in known}
    row["extra"] = json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else None
    return row


def _arrow_batch(records: list[dict[str, Any]], schema: Any) -> Any:
    """One RecordBatch, built column by column (twice as fast as from_pylist on records)."""
    import pyarrow as pa

    columns = []
    for f in schema:
        if f.name == "provenance":
            values = [_provenance(rec.get("provenance")) for rec in records]
        elif f.name in _PARSERS:
            parse = _PARSERS[f.name]
            values = [_typed(parse, rec, f.name) for rec in records]
        else:
            values = [rec.get(f.name) for rec in records]
        columns.append(pa.array(values, type=f.type))
    return pa.RecordBatch.from_arrays(columns, schema=schema)


_PARSERS: dict[str, Callable[[str], Any]] = {
    "published_date": date.fromisoformat,
    "published_at": datetime.fromisoformat,
}


def _typed(parse: Callable[[str], Any], rec: dict[str, Any], name: str) -> Any:
    value = rec.get(name)
    if value is None:
        return None
    try:
        return parse(value)
    except (TypeError, ValueError) as exc:
        # the schema's pattern let through a non-date such as 2021-02-30
        raise DatasetError(
            f"record {rec.get('url')!r}: field {name!r}: {value!r} is not a valid date: {exc}"
        ) from exc


def arrow_table(ds: Dataset, columns: list[str] | None = None) -> Any:
    import pyarrow as pa

    schema = arrow_schema(columns)
    batches = [_arrow_batch(b, schema) for b in ds.iter_batches(BATCH)]
    return pa.Table.from_batches(batches, schema=schema)


def csv_columns() -> list[str]:
    cols = []
    for name in FIELDS:
        if name == "paragraphs":
            continue  # `text` holds the same paragraphs, separated by blank lines
        if name == "provenance":
            cols += [f"provenance_{n}" for n, _ in PROVENANCE_FIELDS] + ["provenance_extra"]
        else:
            cols.append(name)
    return cols


def _csv_row(rec: dict[str, Any]) -> list[Any]:
    out: list[Any] = []
    for name in FIELDS:
        value = rec.get(name)
        if name == "paragraphs":
            continue
        if name == "provenance":
            prov = _provenance(value) or {}
            out += [prov.get(n) for n, _ in PROVENANCE_FIELDS] + [prov.get("extra")]
        elif name == "images":
            out.append(json.dumps(value, ensure_ascii=False) if value else "")
        elif name in LIST_FIELDS:
            out.append(CSV_LIST_SEPARATOR.join(value or ()))
        else:
            out.append(value)
    return out


def export(
    ds: Dataset,
    out: Path,
    fmt: str,
    *,
    on_record: Callable[[dict[str, Any]], None] | None = None,
    summary: Summary | None = None,
    excel: bool = False,
    zone: str = DISPLAY_ZONE,
) -> Summary:
    """Write the dataset's matching records to ``out``; returns the summary of what was written.

    The file appears complete or not at all: it is written beside ``out`` under a
    temporary name and renamed at the end. A device or FIFO (``/dev/stdout``, a named
    pipe) is written to directly, never replaced by a file. ``excel`` starts a CSV with a
    UTF-8 byte-order mark (Excel on Windows reads it as UTF-8 only then).
    """
    if fmt not in FORMATS:
        raise DatasetError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    summary = summary or Summary()
    if is_special(out):
        tmp = out
    else:
        if out.is_dir():
            raise DatasetError(f"--out {out}: is a directory; give a file name")
        tmp = out.with_name(f".{out.name}.part")
        out.parent.mkdir(parents=True, exist_ok=True)
    records = _counted(ds, summary, on_record)
    try:
        if fmt == "parquet":
            with tmp.open("wb") as binary:
                _write_parquet(records, binary, zone)
        else:
            with tmp.open(
                "w", encoding="utf-8-sig" if excel and fmt == "csv" else "utf-8", newline=""
            ) as fh:
                _write_text(records, fh, fmt)
        if tmp != out:
            os.replace(tmp, out)
    except (
        OSError
    ) as exc:  # /dev/full, a closed pipe, a read-only folder: one line, not a traceback
        raise DatasetError(f"--out {out}: cannot write: {exc.strerror or exc}") from exc
    finally:
        if tmp != out and tmp.exists():
            tmp.unlink()
    return summary


def export_stream(
    ds: Dataset,
    fmt: str,
    text: IO[str],
    binary: Callable[[], IO[bytes]],
    *,
    excel: bool = False,
    zone: str = DISPLAY_ZONE,
) -> Summary:
    """The same export to a stream (``--out -``); Parquet is assembled in a temporary file first."""
    if fmt not in FORMATS:
        raise DatasetError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    summary = Summary()
    if fmt != "parquet":
        if excel and fmt == "csv":
            text.write("\ufeff")
        _write_text(_counted(ds, summary, None), text, fmt)
        text.flush()
        return summary
    with tempfile.TemporaryDirectory(prefix="newsarchive-export-") as folder:
        path = Path(folder) / "out.parquet"
        export(ds, path, fmt, summary=summary, zone=zone)
        with path.open("rb") as fh:
            shutil.copyfileobj(fh, binary(), 1 << 20)
    return summary


def _counted(
    ds: Dataset, summary: Summary, on_record: Callable[[dict[str, Any]], None] | None
) -> Iterator[dict[str, Any]]:
    for located in ds.iter_located():
        summary.add(located)
        if on_record is not None:
            on_record(located.record)
        yield located.record


def _write_text(records: Iterable[dict[str, Any]], fh: IO[str], fmt: str) -> None:
    if fmt == "csv":
        _write_csv(records, fh)
        return
    for rec in records:
        fh.write(dumps(rec) + "\n")


def is_special(path: Path) -> bool:
    """An existing path that is not a regular file or a folder: a device, FIFO or socket."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _write_parquet(
    records: Iterable[dict[str, Any]], path: Path | IO[bytes], zone: str = DISPLAY_ZONE
) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema(zone=zone)
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        batch: list[dict[str, Any]] = []
        group: list[Any] = []  # Arrow batches of the row group being filled
        rows = 0
        for rec in records:
            batch.append(rec)
            if len(batch) >= BATCH:
                group.append(_arrow_batch(batch, schema))
                rows += len(batch)
                batch = []
                if rows >= ROW_GROUP:
                    writer.write_table(
                        pa.Table.from_batches(group, schema=schema), row_group_size=rows
                    )
                    group, rows = [], 0
        if batch:
            group.append(_arrow_batch(batch, schema))
            rows += len(batch)
        if group:
            writer.write_table(pa.Table.from_batches(group, schema=schema), row_group_size=rows)


def _write_csv(records: Iterable[dict[str, Any]], fh: IO[str]) -> None:
    writer = csv.writer(fh, lineterminator="\n")
    writer.writerow(csv_columns())
    for rec in records:
        writer.writerow(_csv_row(rec))
