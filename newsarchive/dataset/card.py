"""The dataset card written beside every export (Markdown with a Hugging Face YAML header) and a CITATION.cff."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .._version import __version__
from ..jsonl import dumps
from .export import CSV_LIST_SEPARATOR, DISPLAY_ZONE, PROVENANCE_FIELDS
from .schema import FIELDS, load_schema
from .stats import COVERAGE_FIELDS, Summary

__all__ = ["FIELD_MEANINGS", "card_path", "citation_path", "write_card", "write_citation"]

FIELD_MEANINGS: dict[str, str] = {
    "url": "address the page was fetched from",
    "canonical_url": "absolute address from `<link rel=canonical>` or `og:url`",
    "title": "the headline above the body (not the `<title>` with its site suffix)",
    "published_date": "the day of publication as the page shows it (page-local), whenever any date is known",
    "published_at": "the instant of publication, only when the page gives a time (RFC 3339 with offset in "
    "JSON/CSV, e.g. `2021-03-16T07:30:00+08:00`); null for date-only pages: a day is never "
    "turned into midnight",
    "published": "the publication time at the precision the page shows it (`published_date` at day "
    "precision, else `published_at`): a text column for reading; use the two typed ones for analysis",
    "published_at_raw": "the text the date was read from",
    "published_precision": "`day` (only `published_date`), `minute` or `second`: what the page shows",
    "source": "credited outlet (来源 / 稿源 / 文章来源 / 信息来源 / 出处), label removed",
    "editor": "responsible editor (责任编辑 / 编辑 / 责编), staff codes removed",
    "authors": "writers and reporters (作者 / 记者 / 文 / 通讯员), in page order",
    "paragraphs": "body paragraphs in order, without share bars, related links, copyright lines or captions",
    "text": "`paragraphs` joined by blank lines",
    "images": "body images: list of `{url, caption}`",
    "section": 'the breadcrumb, e.g. `["首页", "许昌", "社会"]`',
    "site_name": "the portal's own name",
    "language": "`<html lang>` or detected (`zh`)",
    "page_type": "`article`, `list` or `other`",
    "warnings": "what the extractor did not find or doubts (missing date, wrong charset, ...)",
    "content_hash": "`sha256:` of whitespace-free NFKC title + text: equal hash, equal content",
    "extractor_version": "`newsarchive/X.Y.Z` that made the record",
    "schema_version": "record schema version",
    "site": "site profile or host the crawl filed the record under",
    "version": "1 for the first capture of a URL, +1 each time its content changed",
    "previous_hash": "`content_hash` of the version this one replaces",
    "provenance": "capture: `fetched_at` (UTC), `http_status`, `warc_file` (relative to the data dir), "
    "`warc_offset`, `warc_record_id`; `file` for records extracted from a saved file",
    "duplicate_of": "`canonical_url` (or `url`) of the earliest record this one duplicates (`newsarchive dedupe`)",
    "cluster_id": "near-duplicate cluster shared by all copies of one story (`newsarchive dedupe`)",
}

_PARQUET_TYPES = {
    "authors": "list<string>",
    "paragraphs": "list<string>",
    "section": "list<string>",
    "warnings": "list<string>",
    "images": "list<struct<url, caption>>",
    "provenance": "struct",
    "version": "int64",
    "published_date": "date32",
}


def card_path(out: Path) -> Path:
    """``articles.parquet`` → ``articles.parquet.md`` (one card per exported file, never clobbering another)."""
    return out.with_name(out.name + ".md")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _load_snippets(name: str, fmt: str, zone: str = DISPLAY_ZONE) -> str:
    if fmt == "parquet":
        return f"""```python
import pandas as pd
df = pd.read_parquet("{name}")                      # pyarrow; lists, structs, date32 and timestamps kept

import duckdb
duckdb.sql("SELECT site, count(*) FROM read_parquet('{name}') GROUP BY site").show()

from datasets import load_dataset                    # Hugging Face
ds = load_dataset("parquet", data_files="{name}", split="train")
```"""
    if fmt == "csv":
        return f"""```python
import pandas as pd
df = pd.read_csv("{name}", dtype=str, keep_default_na=False)
df["authors"] = df["authors"].str.split("{CSV_LIST_SEPARATOR}")     # lists are joined, see below
df["published_date"] = pd.to_datetime(df["published_date"], format="%Y-%m-%d")
df["published_at"] = pd.to_datetime(df["published_at"].replace("", None), utc=True, format="ISO8601")

import duckdb
duckdb.sql("SELECT site, count(*) FROM read_csv('{name}', all_varchar=true) GROUP BY site").show()

from datasets import load_dataset
ds = load_dataset("csv", data_files="{name}", split="train")
```"""
    return f"""```python
import pandas as pd
df = pd.read_json("{name}", lines=True, dtype=False)   # dtype=False keeps strings as strings
df["published_date"] = pd.to_datetime(df["published_date"], format="%Y-%m-%d")
df["published_at"] = pd.to_datetime(df["published_at"], utc=True, format="ISO8601")  # NaT: date-only

import duckdb
duckdb.sql("SELECT site, count(*) FROM read_json_auto('{name}') GROUP BY site").show()

from datasets import Value, load_dataset
ds = load_dataset("json", data_files="{name}", split="train")
# the json builder reads published_at as a zone-less UTC timestamp and the day as a timestamp:
ds = ds.cast_column("published_at", Value("timestamp[s, tz={zone}]"))  # the instant, zone-aware
ds = ds.cast_column("published_date", Value("date32"))
```"""


def citation_path(out: Path) -> Path:
    """``CITATION.cff`` in the export's folder (the name GitHub, Zenodo and Hugging Face look for)."""
    return out.with_name("CITATION.cff")


def _size_category(n: int) -> str:
    for limit, label in (
        (1_000, "n<1K"),
        (10_000, "1K<n<10K"),
        (100_000, "10K<n<100K"),
        (1_000_000, "100K<n<1M"),
        (10_000_000, "1M<n<10M"),
    ):
        if n < limit:
            return label
    return "10M<n<100M"


def _yaml_header(out: Path, fmt: str, s: Summary) -> list[str]:
    """The Hugging Face Hub's metadata block (rename the card to README.md when uploading)."""
    builder = {"parquet": "parquet", "csv": "csv", "jsonl": "json"}[fmt]
    sites = ", ".join(s.by_site) or "-"
    return [
        "---",
        f"pretty_name: {dumps(f'newsarchive: {sites} ({s.records} records)')}",
        "language:",
        "- zh",
        "license: other",
        "license_name: publishers-copyright",
        "license_details: >-",
        "  The articles remain the copyright of the portals and outlets that published them;",
        "  this archive is made for research (text and data mining) and grants no licence to republish.",
        "task_categories:",
        "- text-classification",
        "- text-generation",
        "tags:",
        "- news",
        "- web-archive",
        "- chinese",
        "size_categories:",
        f"- {_size_category(s.records)}",
        "configs:",
        "- config_name: default",
        "  data_files:",
        "  - split: train",
        f"    path: {dumps(out.name)}",
        f"# loaded with the {builder!r} builder",
        "---",
        "",
    ]


def _rights(s: Summary) -> list[str]:
    sites = ", ".join(f"`{x}`" for x in s.by_site) or "-"
    return [
        "## Rights and licence",
        "",
        (
            f"- The texts, titles and images belong to the portals they were collected from ({sites}) and to "
            "the outlets credited in `source` and `authors`. Their copyright is not changed by this archive."
        ),
        (
            "- Purpose: a research archive of public regional news (text and data mining, scholarship, "
            "preservation of pages that change or disappear). Quote within the limits of fair use / 合理使用; "
            "republishing whole articles needs the publisher's permission."
        ),
        (
            "- The metadata the tool derived (dates, hashes, provenance, counts) and this card may be reused "
            "freely with a citation. The newsarchive software is MIT-licensed."
        ),
        (
            "- To have a page removed, contact whoever distributes this file; the WARC provenance names the "
            "exact capture."
        ),
        "",
    ]


def write_card(
    out: Path,
    fmt: str,
    summary: Summary,
    *,
    source: Path,
    filters: dict[str, Any],
    bad_lines: int = 0,
    zone: str = DISPLAY_ZONE,
    excel: bool = False,
) -> Path:
    """Write the card for the export ``out`` (and ``CITATION.cff`` beside it); return the card's path."""
    s = summary
    digest = _sha256(out)
    lines = _yaml_header(out, fmt, s)
    lines += [f"# Dataset card: {out.name}", ""]
    lines += _facts(out, fmt, s, digest, source, filters, bad_lines)
    lines += _coverage(s)
    lines += _fields(fmt, zone)
    lines += _format_notes(fmt, excel)
    lines += ["## Loading", "", _load_snippets(out.name, fmt, zone), ""]
    lines += _rights(s)
    lines += [
        "## How it was made",
        "",
        (
            "Pages were fetched by the newsarchive crawler, every raw HTTP response kept in a WARC file "
            "(`provenance.warc_file` / `warc_offset`), and turned into records by the extractor named in "
            "`extractor_version`. `newsarchive reextract` rebuilds the records from those WARC files offline. "
            "Dates are as the page shows them, in its own zone; `published_precision` says how much it shows."
        ),
        "",
    ]
    sites = ", ".join(s.by_site) or "-"
    lines += [
        "## Citing",
        "",
        (
            f"> newsarchive export `{out.name}` ({s.records:,} records from {sites}; published "
            f"{s.first_date or '-'} to {s.last_date or '-'}; crawled {(s.first_fetch or '-')[:10]} to "
            f"{(s.last_fetch or '-')[:10]}), sha256 `{digest[:16]}…`, made with newsarchive {__version__}."
        ),
        "",
        (
            "Quote the sha256 above in full in a data-availability statement; it pins these exact bytes. "
            f"`{citation_path(out).name}` beside this card holds the same in Citation File Format."
        ),
        "",
    ]
    path = card_path(out)
    path.write_text("\n".join(lines), encoding="utf-8")
    write_citation(out, s, digest)
    return path


def _facts(
    out: Path,
    fmt: str,
    s: Summary,
    digest: str,
    source: Path,
    filters: dict[str, Any],
    bad_lines: int,
) -> list[str]:
    active = {k: v for k, v in filters.items() if v}
    lines = [
        f"- **File**: `{out.name}` ({fmt}, {out.stat().st_size:,} bytes, sha256 `{digest}`)",
        f"- **Records**: {s.records:,}",
        (
            f"- **Exported**: {datetime.now(UTC).replace(microsecond=0).isoformat()} "
            f"by newsarchive {__version__} from `{source}`"
        ),
        f"- **Filters**: {', '.join(f'{k}={v}' for k, v in active.items()) if active else 'none (all records)'}",
    ]
    if bad_lines:
        lines.append(
            f"- **Skipped**: {bad_lines} invalid line(s) in the source (see `newsarchive validate {source}`)"
        )
    schema = load_schema()
    lines += [
        f"- **Publication dates**: {s.first_date or '-'} to {s.last_date or '-'} (page-local days)",
        f"- **Crawled** (provenance.fetched_at, UTC): {s.first_fetch or '-'} to {s.last_fetch or '-'}",
        f"- **Extractor version(s)**: {', '.join(f'`{v}` ({n})' for v, n in s.extractor_versions.most_common())}",
        (
            f"- **Schema version(s)**: {', '.join(f'`{v}` ({n})' for v, n in s.schema_versions.most_common())}"
            f" — `{schema.get('$id', 'article-v2.json')}`, shipped as `newsarchive/schema/article-v2.json`"
        ),
        (
            f"- **Duplicates**: {s.exact_duplicates} exact (same `content_hash`), {s.marked_duplicates} marked "
            f"`duplicate_of`, {len(s.clusters)} near-duplicate clusters"
        ),
        (
            f"- **Versions**: {s.later_versions} record(s) are later versions of a page already in the file "
            "(`version` > 1; keep the highest `version` per `url` for one row per page)"
        ),
        "",
    ]
    return lines


def _coverage(s: Summary) -> list[str]:
    lines = [
        "## Sites",
        "",
        "| site | records | first month | last month |",
        "| --- | ---: | --- | --- |",
    ]
    for site, n in s.by_site.most_common():
        months = sorted(m for m in s.by_site_month[site] if m != "undated")
        lines.append(
            f"| {site} | {n:,} | {months[0] if months else '-'} | {months[-1] if months else '-'} |"
        )
    lines += ["", "## Field coverage", "", "| field | records with a value |", "| --- | ---: |"]
    lines += [f"| `{name}` | {s.coverage(name):.1f}% |" for name in COVERAGE_FIELDS]
    lines.append("")
    return lines


def _fields(fmt: str, zone: str) -> list[str]:
    schema = load_schema()
    lines = ["## Fields", "", "| field | type | meaning |", "| --- | --- | --- |"]
    for name in FIELDS:
        if fmt == "csv" and name == "paragraphs":
            continue
        if fmt == "parquet":
            ftype = (
                f"timestamp[s, tz={zone}]"
                if name == "published_at"
                else _PARQUET_TYPES.get(name, "string")
            )
        else:
            ftype = _json_type(schema, name)
        meaning = FIELD_MEANINGS.get(name, schema["properties"][name].get("description", ""))
        lines.append(f"| `{name}` | {ftype} | {meaning} |")
    lines.append("")
    return lines


def _format_notes(fmt: str, excel: bool) -> list[str]:
    if fmt == "csv":
        return [
            "## CSV flattening",
            "",
            f"- `authors`, `section`, `warnings`: list items joined by `{CSV_LIST_SEPARATOR}`; empty list = empty cell.",
            (
                "- `paragraphs` is left out: `text` holds the same paragraphs separated by blank lines "
                '(`text.split("\\n\\n")`).'
            ),
            "- `images`: a JSON array of `{url, caption}` objects in one cell (empty when none).",
            "- `provenance` becomes the columns "
            + ", ".join(f"`provenance_{n}`" for n, _ in PROVENANCE_FIELDS)
            + "; other provenance keys, if any, as a JSON object in `provenance_extra`.",
            (
                f"- UTF-8 {'with a byte-order mark (for Excel)' if excel else 'without BOM (`--excel` adds one)'}, "
                "RFC 4180 quoting (body text contains newlines inside quoted cells)."
            ),
            "",
        ]
    if fmt == "parquet":
        return [
            "`published_date` is a `date32` (the page's own day); `published_at` a time-zone-aware timestamp "
            "holding the exact instant, null for date-only pages. Nested fields keep their types. "
            "`provenance` is a struct of "
            + ", ".join(f"`{n}`" for n, _ in PROVENANCE_FIELDS)
            + " and `extra` (other provenance keys as a JSON object, usually null).",
            "",
        ]
    return [
        (
            "`published_date` is `YYYY-MM-DD`; `published_at` an RFC 3339 timestamp with its offset, or null "
            "when the page gives no time."
        ),
        "",
    ]


def write_citation(out: Path, s: Summary, digest: str) -> Path:
    """``CITATION.cff`` (Citation File Format 1.2.0) for the export ``out``."""
    sites = ", ".join(s.by_site) or "-"
    today = datetime.now(UTC).date().isoformat()
    abstract = (
        f"Articles published {s.first_date or '-'} to {s.last_date or '-'}, crawled "
        f"{(s.first_fetch or '-')[:10]} to {(s.last_fetch or '-')[:10]}, archived with WARC provenance "
        f"by newsarchive {__version__}. The texts remain the copyright of their publishers."
    )
    lines = [
        "cff-version: 1.2.0",
        'message: "If you use this dataset, please cite it as below."',
        "type: dataset",
        f"title: {dumps(f'newsarchive export {out.name}: {s.records} news records from {sites}')}",
        "authors:",
        '  - name: "newsarchive"',
        f"version: {dumps(f'sha256:{digest}')}",
        f"date-released: {dumps(today)}",
        f"abstract: {dumps(abstract)}",
        "keywords:",
        "  - news",
        "  - web archive",
        "  - Chinese",
        "",
    ]
    path = citation_path(out)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _json_type(schema: dict[str, Any], name: str) -> str:
    t = schema["properties"][name].get("type")
    if t is None:
        return "enum"
    return " or ".join(t) if isinstance(t, list) else str(t)
