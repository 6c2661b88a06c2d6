"""Exact duplicates (same ``content_hash``) and near-duplicates (MinHash/LSH over character shingles).

A near-duplicate is the same story published twice: a 新华社 wire syndicated on
several portals, or a repost with another editor line. Two article records are
near-duplicates when the estimated Jaccard similarity of their sets of
``shingle``-character shingles (default 5) is at least ``threshold`` (default
0.8). Shingles are taken from the body text after NFKC folding, with whitespace
and punctuation removed, and without *template paragraphs*: a paragraph found in
``boilerplate_min`` (default 3) or more different articles of one site (by
content hash) is the site's boilerplate (copyright notes, 扫码关注 lines) and would
otherwise make unrelated short articles look alike. A record with fewer than
``min_chars`` (default 30) characters left is only compared exactly.

Duplicates are joined transitively into clusters. The earliest record of a
cluster (publication time, then fetch time, then reading order) is its original:
the others get ``duplicate_of`` = its ``canonical_url`` (else ``url``); every
member gets the same ``cluster_id`` (``c`` + 12 hex digits derived from the
original's address, stable across runs). Records of the same address (versions
of one page) share the cluster but are not marked ``duplicate_of`` themselves.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

__all__ = [
    "DEFAULT_NUM_PERM",
    "DEFAULT_SHINGLE",
    "DEFAULT_THRESHOLD",
    "DedupeResult",
    "Mark",
    "apply_mark",
    "find_duplicates",
    "normalize_text",
    "shingles",
]

DEFAULT_THRESHOLD = 0.8
DEFAULT_SHINGLE = 5
DEFAULT_NUM_PERM = 128
DEFAULT_BOILERPLATE_MIN = 3
DEFAULT_MIN_CHARS = 30
_PRUNE_AT = 4_000_000  # paragraph counters kept before one-off entries are dropped

Record = dict[str, Any]


_NOT_WORD = re.compile(r"[\W_]+")


def normalize_text(text: str) -> str:
    """NFKC, case-folded, with whitespace, punctuation and symbols removed (letters, digits, CJK kept)."""
    kept = _NOT_WORD.sub("", text)
    if not unicodedata.is_normalized(
        "NFKC", kept
    ):  # fullwidth digits and letters, compatibility forms
        kept = _NOT_WORD.sub("", unicodedata.normalize("NFKC", kept))
    return kept.casefold()


def shingles(text: str, k: int = DEFAULT_SHINGLE) -> set[str]:
    """Overlapping ``k``-character substrings of already normalized text."""
    if len(text) <= k:
        return {text} if text else set()
    return {text[i : i + k] for i in range(len(text) - k + 1)}


def _h32(s: str) -> int:
    return zlib.crc32(s.encode("utf-8"))


@dataclass(frozen=True)
class Mark:
    duplicate_of: str | None
    cluster_id: str | None


@dataclass
class DedupeResult:
    """Marks by record position (reading order), for records in a cluster of two or more."""

    marks: dict[int, Mark] = field(default_factory=dict)
    records: int = 0
    compared: int = 0  # article records with text
    exact_duplicates: int = 0  # marked records with the same content_hash as their original
    near_duplicates: int = 0  # marked records whose content differs from their original
    clusters: int = 0
    boilerplate_paragraphs: int = 0
    threshold: float = DEFAULT_THRESHOLD

    @property
    def marked(self) -> int:
        return sum(1 for m in self.marks.values() if m.duplicate_of)


def apply_mark(record: Record, mark: Mark | None) -> Record:
    """The record with ``duplicate_of`` / ``cluster_id`` set (cleared when ``mark`` is None)."""
    out = dict(record)
    out["duplicate_of"] = mark.duplicate_of if mark else None
    out["cluster_id"] = mark.cluster_id if mark else None
    return out


def _site_of(rec: Record) -> str:
    if rec.get("site"):
        return str(rec["site"])
    url = rec.get("canonical_url") or rec.get("url") or ""
    m = re.match(r"^[a-z]+://([^/]+)", url)
    return m.group(1) if m else str(rec.get("site_name") or "")


def _paragraph_keys(rec: Record) -> set[int]:
    site = _site_of(rec)
    keys = set()
    for para in rec.get("paragraphs") or ():
        norm = normalize_text(para)
        if norm:
            digest = hashlib.blake2b(f"{site}\x00{norm}".encode(), digest_size=8).digest()
            keys.add(int.from_bytes(digest, "little"))
    return keys


def _comparable(rec: Record) -> bool:
    return rec.get("page_type") == "article" and bool(rec.get("text"))


def _time_key(rec: Record, index: int) -> tuple[float, str, int]:
    raw = rec.get("published_at") or rec.get("published_date") or ""
    ts = float("inf")
    if raw:
        try:
            dt = datetime.fromisoformat(raw if "T" in raw else raw + "T00:00:00+08:00")
            ts = dt.timestamp()
        except ValueError:
            pass
    fetched = (rec.get("provenance") or {}).get("fetched_at") or "~"
    return ts, str(fetched), index


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        root = x
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while self.parent.get(x, x) != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _boilerplate(records: Iterable[Record], min_records: int) -> set[int]:
    counts: Counter[int] = Counter()
    seen_hashes: set[str] = set()
    for rec in records:
        if not _comparable(rec):
            continue
        h = rec.get("content_hash") or ""
        if h in seen_hashes:
            continue  # an exact copy says nothing about templates
        seen_hashes.add(h)
        counts.update(_paragraph_keys(rec))
        if len(counts) > _PRUNE_AT:
            counts = Counter({k: n for k, n in counts.items() if n > 1})
    return {k for k, n in counts.items() if n >= min_records}


def find_duplicates(
    records: Iterable[Record],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    shingle: int = DEFAULT_SHINGLE,
    num_perm: int = DEFAULT_NUM_PERM,
    boilerplate_min: int = DEFAULT_BOILERPLATE_MIN,
    min_chars: int = DEFAULT_MIN_CHARS,
) -> DedupeResult:
    """Find exact and near-duplicate records.

    ``records`` is read twice (a list, or a :class:`~newsarchive.dataset.Dataset`,
    which re-reads its files); a one-shot iterator is materialized first. Memory
    per compared record is one MinHash signature (``num_perm`` × 8 bytes) plus
    the LSH index entries.
    """
    from datasketch import MinHash, MinHashLSH

    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold={threshold!r}: expected 0 < threshold <= 1")
    if iter(records) is records:  # a one-shot iterator cannot be read twice
        records = list(records)
    template = _boilerplate(records, boilerplate_min) if boilerplate_min > 0 else set()
    result = DedupeResult(boilerplate_paragraphs=len(template), threshold=threshold)

    seed = MinHash(num_perm=num_perm, hashfunc=_h32)
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    signatures: dict[int, Any] = {}
    first_by_hash: dict[str, int] = {}
    info: dict[int, tuple[str | None, tuple[float, str, int], str | None]] = {}
    uf = _UnionFind()

    for index, rec in enumerate(_iterate(records)):
        result.records += 1
        if not _comparable(rec):
            continue
        result.compared += 1
        h = rec.get("content_hash")
        info[index] = (rec.get("canonical_url") or rec.get("url"), _time_key(rec, index), h)
        if h:
            if h in first_by_hash:
                uf.union(first_by_hash[h], index)
                continue  # its signature would equal the first copy's
            first_by_hash[h] = index
        body = _body_without_template(rec, template)
        if len(body) < min_chars:
            continue
        m = MinHash(
            num_perm=num_perm, hashfunc=_h32, permutations=seed.permutations, scheme=seed.scheme
        )
        m.update_batch(shingles(body, shingle))
        for other in lsh.query(m):
            if uf.find(other) != uf.find(index) and m.jaccard(signatures[other]) >= threshold:
                uf.union(other, index)
        lsh.insert(index, m, check_duplication=False)
        signatures[index] = m

    clusters: dict[int, list[int]] = {}
    for index in info:
        clusters.setdefault(uf.find(index), []).append(index)
    for members in clusters.values():
        if len(members) < 2:
            continue
        result.clusters += 1
        original = min(members, key=lambda i: info[i][1])
        orig_key = info[original][0]
        cid = "c" + hashlib.sha256((orig_key or f"#{original}").encode()).hexdigest()[:12]
        for i in members:
            key = info[i][0]
            dup_of = orig_key if i != original and key != orig_key else None
            result.marks[i] = Mark(dup_of, cid)
            if dup_of:
                if info[i][2] and info[i][2] == info[original][2]:
                    result.exact_duplicates += 1
                else:
                    result.near_duplicates += 1
    return result


def _iterate(records: Iterable[Record]) -> Iterator[Record]:
    yield from records


def _body_without_template(rec: Record, template: set[int]) -> str:
    if not template or not rec.get("paragraphs"):
        return normalize_text(rec.get("text") or "")
    site = _site_of(rec)
    kept = []
    for para in rec.get("paragraphs") or ():
        norm = normalize_text(para)
        key = int.from_bytes(
            hashlib.blake2b(f"{site}\x00{norm}".encode(), digest_size=8).digest(), "little"
        )
        if norm and key not in template:
            kept.append(norm)
    return "".join(kept)
