"""`newsarchive stats PATH`: records per site and month, field coverage, date range, duplicates."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ..dataset.stats import Summary, plot_months, write_text
from ..jsonl import dumps
from .dataset_args import add_filters, add_path, binary_stdout, open_filtered

if TYPE_CHECKING:
    from ..console import Env


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_path(p)
    add_filters(p)
    p.add_argument("--json", action="store_true", help="print the figures as one JSON line")
    p.add_argument(
        "--plot",
        metavar="FILE.png",
        help="also draw records per month (every month, zero baseline) to this PNG; - writes "
        "the PNG to standard output instead of the report",
    )
    p.add_argument(
        "--per-site", action="store_true", help="with --plot: one line per site (the 12 largest)"
    )


def run(args: argparse.Namespace, env: Env) -> int:
    ds = open_filtered(args, env, report_bad=False)
    summary = Summary()
    for located in ds.iter_located():
        summary.add(located)
    bad = ds.last_pass.bad_count
    if args.plot == "-":  # the PNG is the data on stdout; the report would corrupt it
        plot_months(summary, binary_stdout(env), per_site=args.per_site)
    elif args.json:
        data = summary.to_dict()
        data["bad_lines"] = bad
        env.stdout.write(dumps(data) + "\n")
    else:
        write_text(summary, env.stdout, bad_lines=bad)
    if bad:
        env.warn(f"{bad} bad line(s) skipped; `newsarchive validate {args.path}` names them")
    if args.plot and args.plot != "-":
        plot_months(summary, args.plot, per_site=args.per_site)
        print(f"stats: plot written to {args.plot}", file=env.stderr)
    return 0
