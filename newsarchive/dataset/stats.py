"""One-pass summary of a dataset: per site and month, field coverage, dates, duplicates."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import IO, Any

from .read import Located, folder_site

__all__ = [
    "COVERAGE_FIELDS",
    "MonthlySeries",
    "Summary",
    "month_range",
    "monthly_series",
    "plot_months",
    "write_text",
]

COVERAGE_FIELDS = (
    "published_date",
    "published_at",
    "source",
    "editor",
    "authors",
    "title",
    "section",
    "images",
)
UNDATED = "undated"


@dataclass
class Summary:
    """Counts gathered record by record; memory grows with distinct hashes, not with text."""

    records: int = 0
    by_site: Counter[str] = field(default_factory=Counter)
    by_site_month: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    filled: Counter[str] = field(default_factory=Counter)
    page_types: Counter[str] = field(default_factory=Counter)
    extractor_versions: Counter[str] = field(default_factory=Counter)
    schema_versions: Counter[str] = field(default_factory=Counter)
    first_date: str | None = None
    last_date: str | None = None
    first_fetch: str | None = None
    last_fetch: str | None = None
    marked_duplicates: int = 0
    later_versions: int = 0
    clusters: set[str] = field(default_factory=set)
    _hashes: Counter[str] = field(default_factory=Counter)

    def add(self, item: Located | dict[str, Any]) -> None:
        if isinstance(item, Located):
            rec, site = item.record, item.record.get("site") or folder_site(item.path)
        else:
            rec, site = item, item.get("site")
        site = site or "(none)"
        self.records += 1
        self.by_site[site] += 1
        day = rec.get("published_date") or ""
        self.by_site_month[site][day[:7] or UNDATED] += 1
        if day:
            d = day[:10]
            if self.first_date is None or d < self.first_date:
                self.first_date = d
            if self.last_date is None or d > self.last_date:
                self.last_date = d
        for name in COVERAGE_FIELDS:
            if rec.get(name):
                self.filled[name] += 1
        self.page_types[str(rec.get("page_type"))] += 1
        self.extractor_versions[str(rec.get("extractor_version"))] += 1
        self.schema_versions[str(rec.get("schema_version"))] += 1
        fetched = (rec.get("provenance") or {}).get("fetched_at")
        if isinstance(fetched, str):
            if self.first_fetch is None or fetched < self.first_fetch:
                self.first_fetch = fetched
            if self.last_fetch is None or fetched > self.last_fetch:
                self.last_fetch = fetched
        h = rec.get("content_hash")
        if h and (rec.get("text") or rec.get("title")):
            self._hashes[h] += 1
        if rec.get("duplicate_of"):
            self.marked_duplicates += 1
        if (rec.get("version") or 1) > 1:
            self.later_versions += 1
        if rec.get("cluster_id"):
            self.clusters.add(rec["cluster_id"])

    def coverage(self, name: str) -> float:
        return 100.0 * self.filled[name] / self.records if self.records else 0.0

    @property
    def exact_duplicates(self) -> int:
        """Records whose content hash an earlier record already had."""
        return sum(n - 1 for n in self._hashes.values() if n > 1)

    @property
    def exact_duplicate_groups(self) -> int:
        return sum(1 for n in self._hashes.values() if n > 1)

    def months(self) -> list[str]:
        """Every month from the first to the last dated one (empty months too), then ``undated``."""
        found = {m for c in self.by_site_month.values() for m in c}
        dated = sorted(found - {UNDATED})
        return (month_range(dated[0], dated[-1]) if dated else []) + (
            [UNDATED] if UNDATED in found else []
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "records": self.records,
            "sites": dict(self.by_site.most_common()),
            "per_site_month": {
                s: dict(sorted(c.items())) for s, c in sorted(self.by_site_month.items())
            },
            "coverage_percent": {n: round(self.coverage(n), 1) for n in COVERAGE_FIELDS},
            "date_range": [self.first_date, self.last_date],
            "fetched_range": [self.first_fetch, self.last_fetch],
            "page_types": dict(self.page_types),
            "extractor_versions": dict(self.extractor_versions),
            "schema_versions": dict(self.schema_versions),
            "exact_duplicates": self.exact_duplicates,
            "exact_duplicate_groups": self.exact_duplicate_groups,
            "marked_duplicates": self.marked_duplicates,
            "later_versions": self.later_versions,
            "near_duplicate_clusters": len(self.clusters),
        }


def write_text(s: Summary, out: IO[str], *, bad_lines: int = 0) -> None:
    """The human-readable report of ``newsarchive stats``."""
    w = out.write
    w(f"records: {s.records}" + (f"  (bad lines skipped: {bad_lines})" if bad_lines else "") + "\n")
    w(f"date range: {s.first_date or '-'} .. {s.last_date or '-'}\n")
    if s.first_fetch:
        w(f"fetched: {s.first_fetch} .. {s.last_fetch}\n")
    w("\nfield coverage (% of records with a value):\n")
    for name in COVERAGE_FIELDS:
        w(f"  {name:<14} {s.coverage(name):5.1f}%  ({s.filled[name]})\n")
    w("\nduplicates:\n")
    w(
        f"  exact (same content_hash): {s.exact_duplicates} records in {s.exact_duplicate_groups} groups\n"
    )
    w(
        f"  marked duplicate_of: {s.marked_duplicates}; near-duplicate clusters: {len(s.clusters)}"
        f"{'' if s.marked_duplicates or s.clusters else ' (run `newsarchive dedupe` to mark them)'}\n"
    )
    w(f"  later versions of a page (version > 1): {s.later_versions}\n")
    w("\nrecords per site and month:\n")
    months = s.months()
    sites = [site for site, _ in s.by_site.most_common()]
    width = max([len(m) for m in months] + [7])
    w(
        f"  {'month':<{width}} "
        + " ".join(f"{x:>{max(len(x), 6)}}" for x in sites)
        + f" {'total':>7}\n"
    )
    for m in months:
        cells = [s.by_site_month[x].get(m, 0) for x in sites]
        w(
            f"  {m:<{width}} "
            + " ".join(f"{c:>{max(len(x), 6)}}" for c, x in zip(cells, sites))
            + f" {sum(cells):>7}\n"
        )
    w(
        f"  {'total':<{width}} "
        + " ".join(f"{s.by_site[x]:>{max(len(x), 6)}}" for x in sites)
        + f" {s.records:>7}\n"
    )


def month_range(first: str, last: str) -> list[str]:
    """Every ``YYYY-MM`` from ``first`` to ``last`` inclusive, so an empty month shows as a zero."""
    year, month = int(first[:4]), int(first[5:7])
    out: list[str] = []
    while f"{year:04d}-{month:02d}" <= last[:7]:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


@dataclass
class MonthlySeries:
    """What a monthly plot shows: every month in the range, one count list per line."""

    months: list[str]
    series: dict[str, list[int]]
    undated: int = 0


def monthly_series(s: Summary, *, per_site: bool = False, max_sites: int = 12) -> MonthlySeries:
    """All sites as one line, or one line per site (the ``max_sites`` largest); zeros for empty months."""
    months = [m for m in s.months() if m != UNDATED]
    series: dict[str, list[int]] = {}
    if per_site:
        for site, _ in s.by_site.most_common(max_sites):
            series[site] = [s.by_site_month[site].get(m, 0) for m in months]
    else:
        series["all sites"] = [sum(c.get(m, 0) for c in s.by_site_month.values()) for m in months]
    return MonthlySeries(months, series, sum(c.get(UNDATED, 0) for c in s.by_site_month.values()))


def plot_months(s: Summary, out: str | IO[bytes], *, per_site: bool = False) -> tuple[float, float]:
    """Records per month as a PNG from a zero baseline; returns the y axis limits.

    Matplotlib's Agg backend: no display needed. ``out`` is a path or a binary stream.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    data = monthly_series(s, per_site=per_site)
    months = data.months
    fig, ax = plt.subplots(figsize=(max(6.0, 0.35 * len(months) + 3), 4.5), dpi=100)
    try:
        for label, ys in data.series.items():
            ax.plot(range(len(months)), ys, marker="o", markersize=3, label=label)
        ax.set_xticks(range(len(months)))
        ax.set_xticklabels(months, rotation=60, ha="right", fontsize=7)
        # a zero baseline: a y axis starting above zero exaggerates every dip
        ax.set_ylim(
            bottom=0, top=max([max(ys, default=0) for ys in data.series.values()] + [1]) * 1.05
        )
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylabel("records")
        ax.set_title(
            f"records per month ({s.records} records"
            + (f", {data.undated} undated not shown)" if data.undated else ")")
        )
        if per_site and data.series:
            ax.legend(fontsize=7, loc="upper left")
        fig.tight_layout()
        fig.savefig(out, format="png")
        bottom, top = ax.get_ylim()
    finally:
        plt.close(fig)
    return float(bottom), float(top)
