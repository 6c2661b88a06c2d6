"""`newsarchive dedupe PATH --out DIR`: copy a dataset with duplicate_of / cluster_id marked."""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import IO, TYPE_CHECKING

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
from .dataset_args import add_path

if TYPE_CHECKING:
    from ..console import Env


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_path(p)
    p.add_argument("--out", required=True, metavar="DIR",
                   help="write the marked records here, same file layout (must be empty or new)")
    p.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD,
                   help=f"estimated Jaccard similarity of shingle sets that makes a near-duplicate "
                        f"(default {DEFAULT_THRESHOLD})")
    p.add_argument("--shingle", type=int, default=DEFAULT_SHINGLE,
                   help=f"characters per shingle (default {DEFAULT_SHINGLE})")
    p.add_argument("--num-perm", type=int, default=DEFAULT_NUM_PERM,
                   help=f"MinHash permutations (default {DEFAULT_NUM_PERM})")
    p.add_argument("--strict", action="store_true", help="stop at the first bad line instead of skipping it")


def run(args: argparse.Namespace, env: Env) -> int:
    from ..dataset import BadLine, open_dataset

    def quiet(bad: BadLine) -> None:  # counted below, once, instead of once per pass
        pass

    ds = open_dataset(args.path, strict=args.strict, on_bad=quiet)
    out = Path(args.out)
    source = Path(args.path)
    if out.exists() and any(out.rglob("*.jsonl")):
        raise DatasetError(f"--out {out}: already holds .jsonl files; give a new or empty folder")
    if out.resolve().is_relative_to(source.resolve()) and source.is_dir():
        raise DatasetError(f"--out {out}: inside the dataset {source}; it would be read back as part of it")
    result = find_duplicates(ds, threshold=args.threshold, shingle=args.shingle, num_perm=args.num_perm)
    bad_count = ds.last_pass.bad_count
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
    w = env.stdout.write
    w(f"records: {result.records} ({result.compared} articles with text compared)\n")
    w(f"exact duplicates (same content_hash as the original): {result.exact_duplicates}\n")
    w(f"near-duplicates (Jaccard >= {result.threshold} over {args.shingle}-character shingles): "
      f"{result.near_duplicates}\n")
    w(f"clusters: {result.clusters}; records marked duplicate_of: {result.marked}\n")
    w(f"template paragraphs ignored: {result.boilerplate_paragraphs}\n")
    w(f"written to {out}\n")
    if bad_count:
        env.warn(f"{bad_count} bad line(s) skipped and not copied; `newsarchive validate {args.path}` names them")
        return ExitStatus.INVALID_DATA
    return ExitStatus.SUCCESS
