"""`newsarchive export PATH --format parquet|csv|jsonl --out FILE`, with a dataset card beside it."""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from ..console import ExitStatus
from ..dataset.card import card_path, write_card
from ..dataset.export import FORMATS, export, is_special
from ..exceptions import DatasetError
from .dataset_args import BadLineReport, add_filters, add_path, filter_values, open_filtered

if TYPE_CHECKING:
    from ..console import Env


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_path(p)
    add_filters(p)
    p.add_argument("--format", choices=FORMATS, help="output format (default: from the --out suffix)")
    p.add_argument("--out", required=True, metavar="FILE", help="the file to write (replaced if it exists; a device or FIFO is written to, never replaced)")
    p.add_argument("--no-card", action="store_true", help="do not write the FILE.md dataset card")


def run(args: argparse.Namespace, env: Env) -> int:
    out = Path(args.out)
    fmt = args.format or out.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise DatasetError(f"--out {out}: cannot tell the format from the suffix; give --format "
                           f"({', '.join(FORMATS)})")
    report = BadLineReport(env, args.path)
    ds = open_filtered(args, env, report=report)
    source = Path(args.path).resolve()
    if out.resolve().is_relative_to(source) and source.is_dir() and fmt == "jsonl":
        raise DatasetError(f"--out {out}: inside the dataset {args.path}; it would be read back as part of it")
    if out.is_file() and any(out.samefile(f) for f in ds.files):
        raise DatasetError(f"--out {out}: is one of the dataset's own files; give another name")
    summary = export(ds, out, fmt)
    bad = ds.last_pass.bad_count
    msg = f"export: {summary.records} record(s) to {out} ({fmt})"
    if not args.no_card and not is_special(out):   # no FILE.md beside /dev/stdout or a pipe
        write_card(out, fmt, summary, source=Path(args.path), filters=filter_values(args), bad_lines=bad)
        msg += f", card {card_path(out)}"
    if bad:
        msg += f"; {bad} bad line(s) skipped"
    report.finish()
    print(msg, file=env.stderr)
    return ExitStatus.INVALID_DATA if bad else ExitStatus.SUCCESS  # the export lacks those lines
