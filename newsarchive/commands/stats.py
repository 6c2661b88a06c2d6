"""`newsarchive stats PATH`: records per site and month, field coverage, date range, duplicates."""
from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ..dataset.stats import Summary, plot_months, write_text
from ..jsonl import dumps
from .dataset_args import add_filters, add_path, open_filtered

if TYPE_CHECKING:
    from ..console import Env


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_path(p)
    add_filters(p)
    p.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    p.add_argument("--plot", metavar="FILE.png", help="also draw records per month per site to this PNG")


def run(args: argparse.Namespace, env: Env) -> int:
    ds = open_filtered(args, env, report_bad=False)
    summary = Summary()
    for located in ds.iter_located():
        summary.add(located)
    bad = ds.last_pass.bad_count
    if args.json:
        data = summary.to_dict()
        data["bad_lines"] = bad
        env.stdout.write(dumps(data, pretty=True) + "\n")
    else:
        write_text(summary, env.stdout, bad_lines=bad)
    if bad:
        env.warn(f"{bad} bad line(s) skipped; `newsarchive validate {args.path}` names them")
    if args.plot:
        plot_months(summary, args.plot)
        print(f"stats: plot written to {args.plot}", file=env.stderr)
    return 0
