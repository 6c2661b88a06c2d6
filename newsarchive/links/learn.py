"""URL shapes learned from the site itself: what the engine confirmed, generalised.

An article page the engine confirms at ``/info/1094/5587.htm`` teaches the shape
``host/info/{n}/{n}.htm``; once a few pages of a shape agree, links of that shape are
classified without looking at their list (or fetching them to find out). The counts
live in the site's state store (reused by the next run) and, for distributed crawls,
in Redis (shared by the workers).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import parse_qsl, urlsplit

__all__ = ["LEARN_LIMITS", "LearnLimits", "UrlPatterns", "url_shape"]

_DIGITS = re.compile(r"\d+")
# an opaque id: 10+ letters and digits mixed, or 16+ hex digits (after digits became {n})
_OPAQUE = re.compile(r"^(?=[^/]*\d)(?=[^/]*[A-Za-z])[0-9A-Za-z_-]{10,}$|^[0-9a-f]{16,}$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+){2,}$")  # three or more words joined by hyphens


@dataclass(frozen=True)
class LearnLimits:
    min_pages: int = 3  # confirmations before a shape is used
    agreement: float = 0.9  # share of confirmations that must agree


LEARN_LIMITS = LearnLimits()


def _segment(seg: str) -> str:
    stem, dot, ext = seg.rpartition(".") if "." in seg else (seg, "", "")
    if _OPAQUE.match(stem):
        stem = "{id}"
    elif _SLUG.match(stem):
        stem = "{slug}"
    else:
        stem = _DIGITS.sub("{n}", stem)
    return f"{stem}{dot}{ext}"


@lru_cache(maxsize=16384)  # the same links are looked up on every page of a portal
def url_shape(url: str) -> str | None:
    """``host/info/{n}/{n}.htm``, ``host/show.php?id={n}``: the URL with its ids generalised.

    None when nothing in the URL varies (a single named page is not a pattern).
    """
    parts = urlsplit(url)
    if not parts.hostname:
        return None
    segments = [_segment(s) for s in parts.path.split("/")]
    query = sorted(
        f"{k}={{n}}" if v.isdigit() else f"{k}=" + ("{id}" if _OPAQUE.match(v) else v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
    )
    shape = f"{parts.hostname}{'/'.join(segments)}" + (f"?{'&'.join(query)}" if query else "")
    return shape if "{" in shape else None


@dataclass
class UrlPatterns:
    """Counts of confirmed articles and lists per URL shape; ``pending`` holds unsaved increments."""

    counts: dict[str, list[int]] = field(default_factory=dict)  # shape -> [articles, lists]
    pending: dict[str, list[int]] = field(default_factory=dict)
    limits: LearnLimits = LEARN_LIMITS

    def learn(self, url: str, kind: str) -> str | None:
        """Count one confirmed page (kind "article" or "list"); return the shape counted."""
        shape = url_shape(url)
        if shape is None or kind not in ("article", "list"):
            return None
        slot = 0 if kind == "article" else 1
        for table in (self.counts, self.pending):
            table.setdefault(shape, [0, 0])[slot] += 1
        return shape

    def kind(self, url: str) -> str | None:
        """ "article" or "list" when enough confirmed pages of this URL's shape agree, else None."""
        shape = url_shape(url)
        if shape is None:
            return None
        articles, lists = self.counts.get(shape, (0, 0))
        total = articles + lists
        if total < self.limits.min_pages:
            return None
        if articles >= self.limits.agreement * total:
            return "article"
        if lists >= self.limits.agreement * total:
            return "list"
        return None

    def merge(self, counts: dict[str, tuple[int, int]]) -> None:
        """Take counts saved elsewhere (the state store, other workers), keeping unsaved ones on top."""
        self.counts = {shape: [a, b] for shape, (a, b) in counts.items()}
        for shape, (a, b) in self.pending.items():
            row = self.counts.setdefault(shape, [0, 0])
            row[0] += a
            row[1] += b

    def take_pending(self) -> dict[str, tuple[int, int]]:
        out = {shape: (a, b) for shape, (a, b) in self.pending.items()}
        self.pending = {}
        return out
