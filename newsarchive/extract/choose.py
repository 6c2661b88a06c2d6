"""Candidates and the one chooser every field stage uses.

A stage runs an ordered table of named strategies; each yields :class:`Candidate`
values with a score. :func:`choose` keeps the best score, earlier table rows
winning ties, and returns the winner with the short id of its rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

__all__ = ["Candidate", "choose"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Candidate(Generic[T]):
    value: T
    rule: str  # short rule id, e.g. "meta-line", "label:来源"
    score: float = 0.0
    evidence: tuple[str, ...] = field(default=())  # what agreed with it (for debugging)


def choose(candidates: Iterable[Candidate[T]]) -> Candidate[T] | None:
    """The highest-scoring candidate; the first one wins a tie."""
    best: Candidate[T] | None = None
    for cand in candidates:
        if best is None or cand.score > best.score:
            best = cand
    return best
