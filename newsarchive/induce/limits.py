"""Thresholds of template induction, in one place (the engine's own live in ``extract.limits``)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["INDUCE", "InduceLimits"]


@dataclass(frozen=True, slots=True)
class InduceLimits:
    min_pages: int = 20  # article pages of a template before a profile is induced
    max_pages: int = 60  # pages read per template when inducing (evenly spread)
    candidates: int = 12  # XPaths tried per field (the ones most pages suggest)
    min_support: int = 3  # pages that must show a rule's value: never a rule from one page
    min_agreement: float = 0.8  # share of pages where a field rule agrees with the generic engine
    min_hits: float = 0.9  # share of pages where a title/body rule must match at all
    min_distinct: float = 0.8  # share of distinct headlines: text that repeats is template
    repeated_block: float = 0.8  # share of pages showing the same block text: a drop rule
    same_body: float = 0.9  # bigram F1 of two readings of a body that agree
    same_template: float = 0.5  # skeleton similarity (Jaccard) of pages of one template
    skeleton_depth: int = 3  # levels of styled ancestors in a skeleton path
    audit_every: int = 10  # crawl: every n-th page read by a profile is also read generically
    audit_window: int = 10  # crawl: audits remembered per profile
    min_audit_agreement: float = (
        0.7  # crawl: below this share of agreeing audits a profile is retired
    )


INDUCE = InduceLimits()
