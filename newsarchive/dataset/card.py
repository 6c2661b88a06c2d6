"""The Markdown dataset card written beside every export: what is in it, how it was made, how to load it."""
from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .._version import __version__
from .export import CSV_LIST_SEPARATOR, PROVENANCE_FIELDS
from .schema import FIELDS, load_schema
from .stats import COVERAGE_FIELDS, Summary

__all__ = ["FIELD_MEANINGS", "card_path", "write_card"]

FIELD_MEANINGS: dict[str, str] = {
    "url": "address the page was fetched from",
    "canonical_url": "absolute address from `<link rel=canonical>` or `og:url`",
    "title": "the headline above the body (not the `<title>` with its site suffix)",
    "published_at": "ISO 8601 in the page's zone: `YYYY-MM-DD` when the page shows only a day, "
                    "else `YYYY-MM-DDTHH:MM:SS+08:00`",
    "published_at_raw": "the text the date was read from",
    "published_precision": "`day`, `minute` or `second`: what the page shows (no invented 00:00)",
    "source": "credited outlet (来源 / 稿源 / 文章来源 / 信息来源 / 出处), label removed",
    "editor": "responsible editor (责任编辑 / 编辑 / 责编), staff codes removed",
    "authors": "writers and reporters (作者 / 记者 / 文 / 通讯员), in page order",
    "paragraphs": "body paragraphs in order, without share bars, related links, copyright lines or captions",
    "text": "`paragraphs` joined by blank lines",
    "images": "body images: list of `{url, caption}`",
    "section": "the breadcrumb, e.g. `[\"首页\", \"许昌\", \"社会\"]`",
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

_PARQUET_TYPES = {"authors": "list<string>", "paragraphs": "list<string>", "section": "list<string>",
                  "warnings": "list<string>", "images": "list<struct<url, caption>>",
                  "provenance": "struct", "version": "int64"}


def card_path(out: Path) -> Path:
    """``articles.parquet`` → ``articles.parquet.md`` (one card per exported file, never clobbering another)."""
    return out.with_name(out.name + ".md")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _load_snippets(name: str, fmt: str) -> str:
    if fmt == "parquet":
        return f"""```python
import pandas as pd
df = pd.read_parquet("{name}")                      # pyarrow; lists and structs kept

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

import duckdb
duckdb.sql("SELECT site, count(*) FROM read_csv('{name}', all_varchar=true) GROUP BY site").show()

from datasets import load_dataset
ds = load_dataset("csv", data_files="{name}", split="train")
```"""
    return f"""```python
import pandas as pd
df = pd.read_json("{name}", lines=True, dtype=False)   # dtype=False keeps strings as strings

import duckdb
duckdb.sql("SELECT site, count(*) FROM read_json_auto('{name}') GROUP BY site").show()

from datasets import load_dataset
ds = load_dataset("json", data_files="{name}", split="train")
```"""


def write_card(out: Path, fmt: str, summary: Summary, *, source: Path, filters: dict[str, Any],
               bad_lines: int = 0) -> Path:
    """Write the card for the export ``out`` and return its path."""
    s = summary
    schema = load_schema()
    lines: list[str] = []
    add = lines.append
    add(f"# Dataset card: {out.name}")
    add("")
    digest = _sha256(out)
    add(f"- **File**: `{out.name}` ({fmt}, {out.stat().st_size:,} bytes, sha256 `{digest}`)")
    add(f"- **Records**: {s.records:,}")
    add(f"- **Exported**: {datetime.now(UTC).replace(microsecond=0).isoformat()} "
        f"by newsarchive {__version__} from `{source}`")
    active = {k: v for k, v in filters.items() if v}
    add(f"- **Filters**: {', '.join(f'{k}={v}' for k, v in active.items()) if active else 'none (all records)'}")
    if bad_lines:
        add(f"- **Skipped**: {bad_lines} invalid line(s) in the source (see `newsarchive validate {source}`)")
    add(f"- **Publication dates**: {s.first_date or '-'} to {s.last_date or '-'} (page-local days)")
    add(f"- **Crawled** (provenance.fetched_at, UTC): {s.first_fetch or '-'} to {s.last_fetch or '-'}")
    add(f"- **Extractor version(s)**: {', '.join(f'`{v}` ({n})' for v, n in s.extractor_versions.most_common())}")
    add(f"- **Schema version(s)**: {', '.join(f'`{v}` ({n})' for v, n in s.schema_versions.most_common())}"
        f" — `{schema.get('$id', 'article-v1.json')}`, shipped as `newsarchive/schema/article-v1.json`")
    add(f"- **Duplicates**: {s.exact_duplicates} exact (same `content_hash`), {s.marked_duplicates} marked "
        f"`duplicate_of`, {len(s.clusters)} near-duplicate clusters")
    add(f"- **Versions**: {s.later_versions} record(s) are later versions of a page already in the file "
        "(`version` > 1; keep the highest `version` per `url` for one row per page)")
    add("")
    add("## Sites")
    add("")
    add("| site | records | first month | last month |")
    add("| --- | ---: | --- | --- |")
    for site, n in s.by_site.most_common():
        months = sorted(m for m in s.by_site_month[site] if m != "undated")
        add(f"| {site} | {n:,} | {months[0] if months else '-'} | {months[-1] if months else '-'} |")
    add("")
    add("## Field coverage")
    add("")
    add("| field | records with a value |")
    add("| --- | ---: |")
    for name in COVERAGE_FIELDS:
        add(f"| `{name}` | {s.coverage(name):.1f}% |")
    add("")
    add("## Fields")
    add("")
    add("| field | type | meaning |")
    add("| --- | --- | --- |")
    for name in FIELDS:
        ftype = _PARQUET_TYPES.get(name, "string") if fmt == "parquet" else _json_type(schema, name)
        if fmt == "csv" and name == "paragraphs":
            continue
        add(f"| `{name}` | {ftype} | {FIELD_MEANINGS.get(name, schema['properties'][name].get('description', ''))} |")
    add("")
    if fmt == "csv":
        add("## CSV flattening")
        add("")
        add(f"- `authors`, `section`, `warnings`: list items joined by `{CSV_LIST_SEPARATOR}`; empty list = empty cell.")
        add("- `paragraphs` is left out: `text` holds the same paragraphs separated by blank lines "
            "(`text.split(\"\\n\\n\")`).")
        add("- `images`: a JSON array of `{url, caption}` objects in one cell (empty when none).")
        add("- `provenance` becomes the columns " + ", ".join(f"`provenance_{n}`" for n, _ in PROVENANCE_FIELDS)
            + "; other provenance keys, if any, as a JSON object in `provenance_extra`.")
        add("- UTF-8 without BOM, RFC 4180 quoting (body text contains newlines inside quoted cells).")
        add("")
    if fmt == "parquet":
        add("Nested fields keep their types. `provenance` is a struct of "
            + ", ".join(f"`{n}`" for n, _ in PROVENANCE_FIELDS)
            + " and `extra` (other provenance keys as a JSON object, usually null).")
        add("")
    add("## Loading")
    add("")
    add(_load_snippets(out.name, fmt))
    add("")
    add("## How it was made")
    add("")
    add("Pages were fetched by the newsarchive crawler, every raw HTTP response kept in a WARC file "
        "(`provenance.warc_file` / `warc_offset`), and turned into records by the extractor named in "
        "`extractor_version`. `newsarchive reextract` rebuilds the records from those WARC files offline. "
        "Dates are as the page shows them, in its own zone; `published_precision` says how much it shows.")
    add("")
    add("## Citing")
    add("")
    sites = ", ".join(s.by_site) or "-"
    add(f"> newsarchive export `{out.name}` ({s.records:,} records from {sites}; published "
        f"{s.first_date or '-'} to {s.last_date or '-'}; crawled {(s.first_fetch or '-')[:10]} to "
        f"{(s.last_fetch or '-')[:10]}), sha256 `{digest[:16]}…`, made with newsarchive {__version__}.")
    add("")
    add("Quote the sha256 above in full in a data-availability statement; it pins these exact bytes.")
    add("")
    path = card_path(out)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _json_type(schema: dict[str, Any], name: str) -> str:
    t = schema["properties"][name].get("type")
    if t is None:
        return "enum"
    return " or ".join(t) if isinstance(t, list) else str(t)
