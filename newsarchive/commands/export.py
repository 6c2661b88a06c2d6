"""`newsarchive export PATH --format parquet|csv|jsonl --out FILE|-`, with a dataset card beside a file."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from ..console import ExitStatus
from ..dataset.card import card_path, citation_path, write_card
from ..dataset.export import DISPLAY_ZONE, FORMATS, export, export_stream, is_special
from ..exceptions import DatasetError, UsageError
from .args import time_zone
from .dataset_args import (
    BadLineReport,
    add_filters,
    add_path,
    binary_stdout,
    filter_values,
    open_filtered,
)

if TYPE_CHECKING:
    from ..console import Env


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_path(p)
    add_filters(p)
    p.add_argument(
        "--format",
        choices=FORMATS,
        help="output format (default: from the --out suffix; jsonl for -)",
    )
    p.add_argument(
        "--out",
        required=True,
        metavar="FILE",
        help="the file to write (replaced if it exists; a device or FIFO is written to, never replaced); "
        "- writes to standard output (no card)",
    )
    p.add_argument(
        "--no-card",
        action="store_true",
        help="do not write the FILE.md dataset card and CITATION.cff",
    )
    p.add_argument(
        "--excel",
        action="store_true",
        help="csv: start with a UTF-8 byte-order mark so Excel on Windows shows Chinese text",
    )
    p.add_argument(
        "--timezone",
        type=time_zone,
        default=DISPLAY_ZONE,
        help=f"parquet: zone the published_at timestamps are shown in (default {DISPLAY_ZONE}; "
        "the instant is the same in any zone)",
    )


def run(args: argparse.Namespace, env: Env) -> int:
    to_stdout = args.out == "-"
    out = Path(args.out)
    fmt = args.format or ("jsonl" if to_stdout else out.suffix.lstrip(".").lower())
    if fmt not in FORMATS:
        raise UsageError(
            f"--out {out}: cannot tell the format from the suffix; give --format "
            f"({', '.join(FORMATS)}), e.g. --format parquet"
        )
    if args.excel and fmt != "csv":
        raise UsageError(f"--excel: only for --format csv (got {fmt}); e.g. --format csv --excel")
    report = BadLineReport(env, args.path)
    ds = open_filtered(args, env, report=report)
    if to_stdout:
        summary = export_stream(
            ds, fmt, env.stdout, lambda: binary_stdout(env), excel=args.excel, zone=args.timezone
        )
        _report(
            env,
            f"export: {summary.records} record(s) to standard output ({fmt}, no card)",
            ds.last_pass.bad_count,
            report,
        )
        return ExitStatus.INVALID_DATA if ds.last_pass.bad_count else ExitStatus.SUCCESS
    source = Path(args.path).resolve()
    if (
        args.path != "-"
        and out.resolve().is_relative_to(source)
        and source.is_dir()
        and fmt == "jsonl"
    ):
        raise DatasetError(
            f"--out {out}: inside the dataset {args.path}; it would be read back as part of it"
        )
    if out.is_file() and any(out.samefile(f) for f in ds.files):
        raise DatasetError(f"--out {out}: is one of the dataset's own files; give another name")
    summary = export(ds, out, fmt, excel=args.excel, zone=args.timezone)
    bad = ds.last_pass.bad_count
    msg = f"export: {summary.records} record(s) to {out} ({fmt})"
    if not args.no_card and not is_special(out):  # no FILE.md beside /dev/stdout or a pipe
        write_card(
            out,
            fmt,
            summary,
            source=Path(args.path),
            filters=filter_values(args),
            bad_lines=bad,
            zone=args.timezone,
            excel=args.excel,
        )
        msg += f", card {card_path(out)}, {citation_path(out)}"
    _report(env, msg, bad, report)
    return ExitStatus.INVALID_DATA if bad else ExitStatus.SUCCESS  # the export lacks those lines


def _report(env: Env, msg: str, bad: int, report: BadLineReport) -> None:
    if bad:
        msg += f"; {bad} bad line(s) skipped"
    report.finish()
    print(msg, file=env.stderr)
