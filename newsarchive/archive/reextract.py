"""Rebuild records from a data dir's WARC files with the current extractor, offline, and count what changed.

Every gzipped WARC under ``<data-dir>/<site>/warc/`` is read with warcio's
``ArchiveIterator``; bodies are decoded by :func:`~newsarchive.archive.payload.read_payload`
(gzip, deflate, br, cut at the crawl's 16 MiB with a warning in the record, so a
compression bomb stays bounded). Each 2xx HTML ``response`` record goes through
:func:`newsarchive.extract.extract` (body, ``WARC-Target-URI``, the HTTP
``Content-Type``, ``now`` = the capture's ``WARC-Date`` so that 3小时前 means
what it meant then, and the site profile's extraction rules when ``<site>`` is a
bundled profile). A response is matched to the existing record whose
``provenance.warc_record_id`` names it, else to a record of the same ``url``
fetched in the same second, else to the earliest version of that ``url`` that
names no WARC record; the rebuilt record keeps that record's ``site``, ``version`` and
``provenance``. Responses no record points at become records only when they are
articles whose content differs from the previous capture of that URL (the same
rule the crawl uses for versions). Old records keep only a fingerprint per field
in memory, so memory grows with the number of records, not their size.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from lxml import etree

from ..dataset import BadLine, open_dataset
from ..dataset.schema import FIELDS
from ..exceptions import DatasetError, ExtractionError, NewsArchiveError
from ..jsonl import dumps
from .payload import read_payload

__all__ = [
    "COMPARED_FIELDS",
    "ReextractReport",
    "iter_warc_responses",
    "read_warc_response",
    "reextract",
]

# Carried over from the matched record, or set by dataset tools: not the extractor's output.
_NOT_COMPARED = {"site", "version", "previous_hash", "provenance", "duplicate_of", "cluster_id"}
COMPARED_FIELDS: tuple[str, ...] = tuple(f for f in FIELDS if f not in _NOT_COMPARED)


def _fingerprint(rec: dict[str, Any]) -> bytes:
    return b"".join(
        hashlib.blake2b(dumps(rec.get(f)).encode("utf-8"), digest_size=8).digest()
        for f in COMPARED_FIELDS
    )


@dataclass
class _Old:
    fingerprint: bytes
    site: str | None
    version: int | None
    previous_hash: str | None
    provenance: dict[str, Any] | None
    url: str | None
    matched: bool = False


@dataclass
class ReextractReport:
    warc_files: int = 0
    responses: int = 0
    written: int = 0
    matched: int = 0
    new: int = 0
    changed: int = 0  # matched records with any compared field different
    field_changes: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(
        default_factory=Counter
    )  # reason -> responses not turned into records
    failures: list[str] = field(default_factory=list)  # "file@offset url: reason"
    unmatched_old: int = 0  # existing records no WARC response was found for
    unmatched_examples: list[str] = field(default_factory=list)
    old_bad_lines: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "warc_files": self.warc_files,
            "responses": self.responses,
            "written": self.written,
            "matched": self.matched,
            "new": self.new,
            "changed": self.changed,
            "field_changes": {f: self.field_changes.get(f, 0) for f in COMPARED_FIELDS},
            "skipped": dict(self.skipped),
            "failures": self.failures,
            "unmatched_old": self.unmatched_old,
            "old_bad_lines": self.old_bad_lines,
        }

    def write_text(self, out: IO[str]) -> None:
        w = out.write
        w(f"WARC files: {self.warc_files}; responses: {self.responses}\n")
        w(
            f"records written: {self.written} ({self.matched} matched to existing records, {self.new} new)\n"
        )
        if self.skipped:
            w(
                "responses not made into records: "
                + ", ".join(f"{n} {why}" for why, n in self.skipped.most_common())
                + "\n"
            )
        if self.failures:
            w(f"extraction failures: {len(self.failures)}\n")
            for line in self.failures[:20]:
                w(f"  {line}\n")
        if self.unmatched_old:
            w(f"existing records without a WARC response (not rebuilt): {self.unmatched_old}\n")
            for url in self.unmatched_examples:
                w(f"  {url}\n")
        w(f"matched records changed: {self.changed} of {self.matched}\n")
        w("changes per field (matched records):\n")
        for f in COMPARED_FIELDS:
            w(f"  {f:<20} {self.field_changes.get(f, 0)}\n")


def _warc_files(data_dir: Path) -> list[Path]:
    found = [p for pattern in ("*/warc/*.warc.gz", "*/warc/*.warc") for p in data_dir.glob(pattern)]
    return sorted(set(found), key=lambda p: (p.parent.parent.name, p.name))


@dataclass
class Response:
    warc_file: str  # relative to the data dir
    offset: int
    record_id: str
    url: str
    date: str  # WARC-Date
    status: int
    content_type: str | None
    body: bytes
    warnings: list[str] = field(
        default_factory=list
    )  # from decoding the body (cut bomb, corrupt gzip)


def iter_warc_responses(data_dir: Path, path: Path) -> Iterator[Response]:
    """The HTTP response records of one WARC file, with their byte offsets."""
    from warcio.archiveiterator import ArchiveIterator

    rel = path.relative_to(data_dir).as_posix()
    with path.open("rb") as fh:
        it = ArchiveIterator(fh, check_digests=True)
        records = iter(it)
        while True:
            try:
                rec = next(records)
                if rec.rec_type != "response" or rec.http_headers is None:
                    continue
                payload = read_payload(rec)  # bounded, and brotli that warcio cannot read
            except StopIteration:
                return
            except (
                Exception
            ) as exc:  # a torn gzip member or header (a killed writer): the rest is unreadable
                raise DamagedWarc(
                    f"{rel}: damaged after byte {it.offset}: {type(exc).__name__}: {exc}"
                ) from exc
            # warcio ends quietly at a torn last record: a body shorter than its record is damage
            short = getattr(rec.raw_stream, "limit", 0)
            if short or rec.digest_checker.passed is False:
                why = f"{short} bytes missing" if short else "; ".join(rec.digest_checker.problems)
                raise DamagedWarc(
                    f"{rel}: damaged record at byte {it.get_record_offset()} "
                    f"({rec.rec_headers.get_header('WARC-Target-URI')}): {why}"
                )
            status = int(rec.http_headers.get_statuscode() or 0)
            yield Response(
                rel,
                it.get_record_offset(),
                rec.rec_headers.get_header("WARC-Record-ID") or "",
                rec.rec_headers.get_header("WARC-Target-URI") or "",
                rec.rec_headers.get_header("WARC-Date") or "",
                status,
                rec.http_headers.get_header("Content-Type"),
                payload.body,
                payload.warnings,
            )


def read_warc_response(data_dir: Path, warc_file: str, offset: int) -> Response | None:
    """The response record at ``offset`` of one WARC file (a record's provenance names both), or None."""
    from warcio.archiveiterator import ArchiveIterator

    path = Path(data_dir) / warc_file
    try:
        with path.open("rb") as fh:
            fh.seek(offset)
            for rec in ArchiveIterator(fh):
                if rec.rec_type != "response" or rec.http_headers is None:
                    return None
                payload = read_payload(rec)  # bounded, and brotli that warcio cannot read
                return Response(
                    warc_file,
                    offset,
                    rec.rec_headers.get_header("WARC-Record-ID") or "",
                    rec.rec_headers.get_header("WARC-Target-URI") or "",
                    rec.rec_headers.get_header("WARC-Date") or "",
                    int(rec.http_headers.get_statuscode() or 0),
                    rec.http_headers.get_header("Content-Type"),
                    payload.body,
                    payload.warnings,
                )
    except Exception:  # a missing file or a damaged record: the record is left as it is
        return None
    return None


class DamagedWarc(DatasetError):
    """A WARC file cannot be read past some offset."""


def _profile_for(site: str, cache: dict[str, Any]) -> Any:
    if site not in cache:
        try:
            from ..sites import load_profile

            cache[site] = load_profile(site)
        except (ImportError, NewsArchiveError):
            cache[site] = None  # ad-hoc crawl (host name) or no profiles installed: generic rules
    return cache[site]


def _induced_for(site_dir: Path, profile: Any) -> dict[str, Any]:
    """The site's induced profiles by template key; none when the site profile has its own rules (they outrank)."""
    from ..induce.apply import has_rules
    from ..induce.store import load_induced

    if profile is not None and has_rules(profile.extract):
        return {}
    timezone = profile.timezone if profile else None
    return {p.key: (p, p.to_profile(timezone)) for p in load_induced(site_dir)}


def _extract(
    resp: Response, now: datetime | None, profile: Any, induced: dict[str, Any]
) -> tuple[Any, dict[str, str]]:
    """Site profile > the induced profile of the page's template (when the page fits it) > generic."""
    from ..extract import extract
    from ..induce.apply import extract_induced, has_rules
    from ..induce.template import pattern_key, signature, template_key, which_template

    timezone = profile.timezone if profile else None
    if profile is not None and has_rules(profile.extract):
        return (
            extract(
                resp.body,
                resp.url,
                now=now,
                content_type=resp.content_type,
                profile=profile.extract,
                timezone=timezone,
            ),
            {"extract_profile": f"site:{profile.name}"},
        )
    # the profile of the page's own template: its URL pattern, then the closest class/id signature
    template, rules = which_template(
        ((pattern_key(t.url_pattern), t.signature, (t, r)) for t, r in induced.values()),
        template_key(resp.url),
        signature(resp.body),
    ) or (None, None)
    if template is not None and rules is not None:
        try:
            got = extract_induced(
                resp.body,
                resp.url,
                profile=rules,
                crumbs=template.crumbs,
                now=now,
                content_type=resp.content_type,
                timezone=timezone,
            )
        except (
            etree.XPathError,
            TypeError,
        ):  # an edited profile file: the generic engine reads the page
            got = None
        if got is not None:
            return got[0], {"extract_profile": template.name}
    return extract(
        resp.body, resp.url, now=now, content_type=resp.content_type, timezone=timezone
    ), {}


def _made_by(provenance: dict[str, Any] | None, made_by: dict[str, str]) -> dict[str, Any] | None:
    """The old provenance, saying which profile (if any) made the rebuilt record."""
    if provenance is None:
        return None
    out = {k: v for k, v in provenance.items() if k != "extract_profile"}
    out.update(made_by)
    return out


def _index_old(
    data_dir: Path, report: ReextractReport
) -> tuple[dict[str, _Old], dict[str, list[_Old]]]:
    by_id: dict[str, _Old] = {}
    by_url: dict[str, list[_Old]] = {}

    def count_bad(_: BadLine) -> None:
        report.old_bad_lines += 1

    try:
        ds = open_dataset(data_dir, on_bad=count_bad)
    except DatasetError:
        return by_id, by_url  # no records yet: everything is rebuilt from the WARC files alone
    for rec in ds:
        prov = rec.get("provenance") or {}
        old = _Old(
            _fingerprint(rec),
            rec.get("site"),
            rec.get("version"),
            rec.get("previous_hash"),
            prov or None,
            rec.get("url"),
        )
        if prov.get("warc_record_id"):
            by_id[prov["warc_record_id"]] = old
        if old.url:
            by_url.setdefault(old.url, []).append(old)
    return by_id, by_url


def reextract(data_dir: Path, out: Path, *, progress: Any = None) -> ReextractReport:
    """Write rebuilt records to ``out`` in the data-dir layout; return what was done and changed."""
    from .records import partition_name

    data_dir, out = Path(data_dir), Path(out)
    if not data_dir.is_dir():
        raise DatasetError(f"{data_dir}: not a data dir (expected <site>/warc/*.warc.gz below it)")
    if out.resolve().is_relative_to(data_dir.resolve()):
        raise DatasetError(
            f"--out {out}: inside the data dir {data_dir}; it would be read back as part of it"
        )
    if out.exists() and any(out.rglob("*.jsonl")):
        raise DatasetError(f"--out {out}: already holds .jsonl files; give a new or empty folder")
    files = _warc_files(data_dir)
    if not files:
        raise DatasetError(f"{data_dir}: no WARC files under <site>/warc/")
    report = ReextractReport(warc_files=len(files))
    by_id, by_url = _index_old(data_dir, report)
    profiles: dict[str, Any] = {}
    induced: dict[str, dict[str, Any]] = {}  # site -> template key -> its induced profile
    last_hash: dict[
        str, tuple[int, str | None]
    ] = {}  # article key (_article_key) -> (version, content_hash) produced last
    handles: dict[Path, IO[str]] = {}
    try:
        for path in files:
            site = path.parent.parent.name
            profile = _profile_for(site, profiles)
            if site not in induced:
                induced[site] = _induced_for(data_dir / site, profile)
            for resp in _guarded(iter_warc_responses(data_dir, path), report):
                report.responses += 1
                if progress is not None:
                    progress.update(report.responses, written=report.written)
                why = _unusable(resp)
                if why:
                    report.skipped[why] += 1
                    continue
                try:
                    now = datetime.fromisoformat(resp.date) if resp.date else None
                    article, made_by = _extract(resp, now, profile, induced.get(site) or {})
                    article.warnings[:0] = resp.warnings
                except (ExtractionError, ValueError) as exc:
                    report.failures.append(f"{resp.warc_file}@{resp.offset} {resp.url}: {exc}")
                    continue
                except Exception as exc:
                    report.failures.append(
                        f"{resp.warc_file}@{resp.offset} {resp.url}: "
                        f"extractor crashed: {type(exc).__name__}: {exc}"
                    )
                    continue
                rec = article.to_dict()
                old = by_id.get(resp.record_id) or _match_by_url(by_url.get(resp.url), resp)
                key = _article_key(rec, resp.url)
                prev = last_hash.get(key)
                if old is not None:
                    old.matched = True
                    report.matched += 1
                    rec["site"] = old.site or site
                    rec["version"] = old.version
                    rec["previous_hash"] = (
                        prev[1]
                        if prev and old.version and prev[0] == old.version - 1
                        else old.previous_hash
                    )
                    rec["provenance"] = _made_by(old.provenance, made_by)
                    diff = [
                        f
                        for f, a, b in zip(
                            COMPARED_FIELDS, _chunks(old.fingerprint), _chunks(_fingerprint(rec))
                        )
                        if a != b
                    ]
                    report.field_changes.update(diff)
                    report.changed += bool(set(diff) - {"extractor_version"})
                else:
                    if rec["page_type"] != "article":
                        report.skipped[f"page_type={rec['page_type']} pages"] += 1
                        continue
                    if prev is not None and prev[1] == rec["content_hash"]:
                        report.skipped["unchanged recaptures"] += 1
                        continue
                    report.new += 1
                    rec["site"] = site
                    rec["version"] = prev[0] + 1 if prev else 1
                    rec["previous_hash"] = prev[1] if prev else None
                    rec["provenance"] = {
                        "fetched_at": resp.date,
                        "http_status": resp.status,
                        "warc_file": resp.warc_file,
                        "warc_offset": resp.offset,
                        "warc_record_id": resp.record_id,
                        **made_by,
                    }
                last_hash[key] = (rec["version"] or 1, rec["content_hash"])
                target = (
                    out / str(rec["site"]) / "articles" / partition_name(rec.get("published_date"))
                )
                fh = handles.get(target)
                if fh is None:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    fh = handles[target] = target.open("w", encoding="utf-8", newline="\n")
                fh.write(dumps(rec) + "\n")
                report.written += 1
    finally:
        for fh in handles.values():
            fh.close()
    for olds in by_url.values():
        for old in olds:
            if not old.matched:
                report.unmatched_old += 1
                if len(report.unmatched_examples) < 10:
                    report.unmatched_examples.append(str(old.url))
    return report


def _guarded(responses: Iterator[Response], report: ReextractReport) -> Iterator[Response]:
    """The responses up to a damaged spot; the damage goes into the report, the other files still count."""
    try:
        yield from responses
    except DamagedWarc as exc:
        report.failures.append(str(exc))


def _unusable(resp: Response) -> str | None:
    if not 200 <= resp.status < 300:
        return f"HTTP {resp.status}" if resp.status else "no HTTP status"
    ctype = (resp.content_type or "").split(";")[0].strip().lower()
    if ctype and "html" not in ctype and ctype not in ("text/plain", "application/octet-stream"):
        return f"{ctype} responses"
    if resp.url.endswith("/robots.txt"):
        return "robots.txt"
    if not resp.body.strip():
        return "empty bodies"
    return None


def _article_key(rec: dict[str, Any], url: str) -> str:
    """The address the crawl files an article under: its rel=canonical on the same host, else its URL.

    One article fetched under two addresses (a mobile copy naming the original) is one record in
    the crawl (the spider keys records by the canonical URL): its second capture, unchanged, is a
    recapture here too, not a new record.
    """
    canonical = rec.get("canonical_url")
    if canonical and urlsplit(str(canonical)).netloc == urlsplit(url).netloc:
        return str(canonical)
    return url


def _match_by_url(olds: list[_Old] | None, resp: Response) -> _Old | None:
    """Same URL and the same fetch second; else the earliest version that names no WARC record at all."""
    candidates = [o for o in olds or () if not o.matched]
    for o in candidates:
        fetched = str((o.provenance or {}).get("fetched_at") or "")
        if fetched and resp.date and fetched[:19] == resp.date[:19]:
            return o
    loose = [o for o in candidates if not (o.provenance or {}).get("warc_record_id")]
    return min(loose, key=lambda o: o.version or 0) if loose else None


def _chunks(fp: bytes) -> Iterator[bytes]:
    for i in range(0, len(fp), 8):
        yield fp[i : i + 8]
