"""`newsarchive dedupe PATH --out DIR|-`: copy a dataset with duplicate_of / cluster_id marked."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ..console import ExitStatus
from ..dataset.dedupe import (
    DEFAULT_NUM_PERM,
    DEFAULT_SHINGLE,
    DEFAULT_THRESHOLD,
    apply_mark,
    find_duplicates,
)
from ..exceptions import DatasetError
from ..jsonl import dumps
from .args import fraction, positive_int
from .dataset_args import add_path, dataset_path

if TYPE_CHECKING:
    from ..console import Env
    from ..dataset import Dataset
    from ..dataset.dedupe import DedupeResult


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_path(p)
    p.add_argument(
        "--out",
        required=True,
        metavar="DIR",
        help="write the marked records here, same file layout (must be empty or new); "
        "- writes them all to standard output as JSON Lines",
    )
    p.add_argument(
        "--threshold",
        type=fraction,
        default=DEFAULT_THRESHOLD,
        help=f"estimated Jaccard similarity of shingle sets that makes a near-duplicate, 0-1 "
        f"(default {DEFAULT_THRESHOLD})",
    )
    p.add_argument(
        "--shingle",
        type=positive_int,
        default=DEFAULT_SHINGLE,
        help=f"characters per shingle (default {DEFAULT_SHINGLE})",
    )
    p.add_argument(
        "--num-perm",
        type=positive_int,
        default=DEFAULT_NUM_PERM,
        help=f"MinHash permutations (default {DEFAULT_NUM_PERM})",
    )
    p.add_argument(
        "--strict", action="store_true", help="stop at the first bad line instead of skipping it"
    )
    p.add_argument(
        "--json",
        action="store_true",
        help="print the report as one JSON line (on stderr with --out -)",
    )


def run(args: argparse.Namespace, env: Env) -> int:
    from ..dataset import BadLine, open_dataset

    def quiet(bad: BadLine) -> None:  # counted below, once, instead of once per pass
        pass

    source = dataset_path(args.path, env)
    ds = open_dataset(source, strict=args.strict, on_bad=quiet)
    to_stdout = args.out == "-"
    out = Path(args.out)
    if not to_stdout:
        if out.exists() and any(out.rglob("*.jsonl")):
            raise DatasetError(
                f"--out {out}: already holds .jsonl files; give a new or empty folder"
            )
        if out.resolve().is_relative_to(source.resolve()) and source.is_dir():
            raise DatasetError(
                f"--out {out}: inside the dataset {source}; it would be read back as part of it"
            )
    result = find_duplicates(
        ds, threshold=args.threshold, shingle=args.shingle, num_perm=args.num_perm
    )
    bad_count = ds.last_pass.bad_count
    if to_stdout:
        for index, located in enumerate(ds.iter_located()):
            env.stdout.write(dumps(apply_mark(located.record, result.marks.get(index))) + "\n")
        env.stdout.flush()
    else:
        _write_tree(ds, result, source, out)
    _report(
        env,
        args,
        result,
        "standard output" if to_stdout else str(out),
        env.stderr if to_stdout else env.stdout,
    )
    if bad_count:
        env.warn(
            f"{bad_count} bad line(s) skipped and not copied; `newsarchive validate {args.path}` names them"
        )
        return ExitStatus.INVALID_DATA
    return ExitStatus.SUCCESS


def _write_tree(ds: Dataset, result: DedupeResult, source: Path, out: Path) -> None:
    handles: dict[Path, IO[str]] = {}
    base = source if source.is_dir() else source.parent
    try:
        for index, located in enumerate(ds.iter_located()):
            target = out / located.path.relative_to(base)
            fh = handles.get(target)
            if fh is None:
                target.parent.mkdir(parents=True, exist_ok=True)
                fh = handles[target] = target.open("w", encoding="utf-8", newline="\n")
            fh.write(dumps(apply_mark(located.record, result.marks.get(index))) + "\n")
    finally:
        for fh in handles.values():
            fh.close()


def _report(env: Env, args: argparse.Namespace, result: Any, where: str, stream: IO[str]) -> None:
    """The report goes to stdout, unless stdout carries the records (--out -): then to stderr."""
    if args.json:
        stream.write(
            dumps(
                {
                    "records": result.records,
                    "compared": result.compared,
                    "exact_duplicates": result.exact_duplicates,
                    "near_duplicates": result.near_duplicates,
                    "threshold": result.threshold,
                    "clusters": result.clusters,
                    "marked": result.marked,
                    "boilerplate_paragraphs": result.boilerplate_paragraphs,
                    "out": where,
                }
            )
            + "\n"
        )
        return
    w = stream.write
    w(f"records: {result.records} ({result.compared} articles with text compared)\n")
    w(f"exact duplicates (same content_hash as the original): {result.exact_duplicates}\n")
    w(
        f"near-duplicates (Jaccard >= {result.threshold} over {args.shingle}-character shingles): "
        f"{result.near_duplicates}\n"
    )
    w(f"clusters: {result.clusters}; records marked duplicate_of: {result.marked}\n")
    w(f"template paragraphs ignored: {result.boilerplate_paragraphs}\n")
    w(f"written to {where}\n")
