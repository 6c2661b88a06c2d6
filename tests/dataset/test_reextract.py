"""reextract: records rebuilt offline from hand-written WARC files match, and changes are counted per field."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from newsarchive.cli import main
from newsarchive.dataset import open_dataset
from newsarchive.jsonl import dumps

CONTENT = (
    "title",
    "published_at",
    "source",
    "editor",
    "authors",
    "paragraphs",
    "text",
    "section",
    "content_hash",
)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["reextract", *argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def crawled(tmp_path: Path, fx) -> tuple[Path, list[dict]]:
    """A data dir as the crawl leaves it: WARCs per site (with a 404, a robots.txt, a list page) and records."""
    root = tmp_path / "data"
    pages = fx.sample_pages(9)
    records = []
    for site in fx.SITES:
        mine = [p for p in pages if p.site == site]
        extra = [
            (fx.SITES[site][1] + "/robots.txt", 200, "text/plain", b"User-agent: *\nDisallow:\n"),
            (fx.SITES[site][1] + "/gone.html", 404, "text/html", b"<html><body>404</body></html>"),
        ]
        records += fx.write_warc(root, site, mine[:2], extra=extra)
        records += fx.write_warc(
            root,
            site,
            mine[2:],
            name=f"{site}-20261120090000-00001.w1",
            fetched_at="2026-11-20T09:00:00Z",
        )
    fx.write_records(root, records)
    return root, records


def _has_rules(site: str) -> bool:
    from newsarchive.exceptions import ProfileError
    from newsarchive.extensions.templates import has_rules
    from newsarchive.sites import load_profile

    try:
        return has_rules(load_profile(site).extract)
    except ProfileError:
        return False


def test_rebuilds_the_same_records(crawled, tmp_path: Path) -> None:
    root, records = crawled
    out = tmp_path / "rebuilt"
    code, stdout, stderr = run(str(root), "--out", str(out))
    assert code == 0, stderr
    rebuilt = {r["url"]: r for r in open_dataset(out, strict=True)}
    assert len(rebuilt) == len(records) == 9
    for old in records:
        new = rebuilt[old["url"]]
        for name in CONTENT + ("site", "version"):
            assert new[name] == old[name], (old["url"], name)
        # the provenance is kept; a bundled site profile with [extract] rules now says it made the record
        made_by = new["provenance"].pop("extract_profile", None)
        assert new["provenance"] == old["provenance"], old["url"]
        assert made_by == (f"site:{old['site']}" if _has_rules(old["site"]) else None), old["url"]
    # same layout: <site>/articles/YYYY-MM.jsonl
    assert {p.relative_to(out).parts[1] for p in out.rglob("*.jsonl")} == {"articles"}
    assert "records written: 9 (9 matched to existing records, 0 new)" in stdout
    assert "matched records changed: 0 of 9" in stdout
    assert all("\\u" not in p.read_text(encoding="utf-8") for p in out.rglob("*.jsonl"))
    assert "1 HTTP 404" not in stdout and "3 HTTP 404" in stdout and "robots.txt" in stdout


def test_counts_changed_fields(crawled, tmp_path: Path) -> None:
    root, _records = crawled
    # pretend an older extractor got two titles and one editor wrong
    for path in root.rglob("*.jsonl"):
        lines = []
        for line in path.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            if rec["url"].endswith(("/0.html", "/4.html")):
                rec["title"] = "旧标题"
            if rec["url"].endswith("/4.html"):
                rec["editor"] = None
            lines.append(dumps(rec))
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, stdout, _ = run(str(root), "--out", str(tmp_path / "rebuilt"), "--json")
    assert code == 0
    report = json.loads(stdout)
    assert report["matched"] == 9 and report["changed"] == 2
    assert report["field_changes"]["title"] == 2
    assert report["field_changes"]["editor"] == 1
    assert report["field_changes"]["text"] == 0


def test_without_records_rebuilds_from_warc_alone(tmp_path: Path, fx) -> None:
    root = tmp_path / "data"
    pages = fx.sample_pages(6)
    expected = fx.write_warc(root, "xuchang", pages)  # no JSONL at all
    code, stdout, stderr = run(str(root), "--out", str(tmp_path / "rebuilt"))
    assert code == 0, stderr
    rebuilt = {r["url"]: r for r in open_dataset(tmp_path / "rebuilt", strict=True)}
    assert "6 new" in stdout
    for old in expected:
        new = rebuilt[old["url"]]
        assert all(new[n] == old[n] for n in CONTENT)
        assert new["version"] == 1
        assert new["provenance"]["warc_record_id"] == old["provenance"]["warc_record_id"]
        assert new["provenance"]["warc_offset"] == old["provenance"]["warc_offset"]


def test_recaptures_make_versions(tmp_path: Path, fx) -> None:
    root = tmp_path / "data"
    page = fx.Page("xuchang", "/a/1.html", "会议召开", fx.paragraphs(1, 3))
    fx.write_warc(root, "xuchang", [page], name="xuchang-20261120080000-00000")
    fx.write_warc(
        root,
        "xuchang",
        [page],
        name="xuchang-20261121080000-00000",
        fetched_at="2026-11-21T08:00:00Z",
    )
    page.paras = page.paras + ["（更新）会议还审议通过了有关文件。"]
    fx.write_warc(
        root,
        "xuchang",
        [page],
        name="xuchang-20261122080000-00000",
        fetched_at="2026-11-22T08:00:00Z",
    )
    code, stdout, _ = run(str(root), "--out", str(tmp_path / "rebuilt"))
    assert code == 0
    recs = sorted(open_dataset(tmp_path / "rebuilt"), key=lambda r: r["version"])
    assert [r["version"] for r in recs] == [1, 2]
    assert recs[1]["previous_hash"] == recs[0]["content_hash"]
    assert "1 unchanged recaptures" in stdout


def test_records_whose_warc_is_gone_are_reported(crawled, tmp_path: Path) -> None:
    root, _ = crawled
    for warc in (root / "shanxi" / "warc").glob("*.w1.warc.gz"):
        warc.unlink()
    code, stdout, _ = run(str(root), "--out", str(tmp_path / "rebuilt"))
    assert code == 0
    assert "existing records without a WARC response (not rebuilt): 1" in stdout


def test_refuses_bad_output_places(crawled, tmp_path: Path) -> None:
    root, _ = crawled
    code, _, err = run(str(root), "--out", str(root / "again"))
    assert code == 1 and "inside the data dir" in err
    code, _, err = run(str(tmp_path / "empty"), "--out", str(tmp_path / "x"))
    assert code == 1 and "not a data dir" in err


def test_a_torn_warc_costs_only_its_damaged_tail(crawled, tmp_path: Path) -> None:
    root, records = crawled
    warc = min((root / "yichun" / "warc").glob("*.w1.warc.gz"))
    data = warc.read_bytes()
    warc.write_bytes(data[: len(data) - 700])  # a writer killed in the middle of the last response
    code, stdout, _ = run(str(root), "--out", str(tmp_path / "rebuilt"), "--json")
    assert code == 1
    report = json.loads(stdout)
    assert any("damaged" in f and warc.name in f for f in report["failures"]), report["failures"]
    assert report["matched"] + report["unmatched_old"] == len(records)
    assert report["matched"] >= len(records) - 2


def test_one_article_fetched_under_two_addresses_is_one_record(tmp_path: Path, fx) -> None:
    """A mobile copy whose rel=canonical names the original, then the original itself (a crawl
    fetches both when they are in flight together): the crawl keeps one record (the second capture
    is unchanged), and so must reextract, rebuilding from the WARC alone or beside the records."""
    root = tmp_path / "data"
    page = fx.Page("xuchang", "/a/1.html", "会议召开", fx.paragraphs(1, 3))
    mobile = fx.SITES["xuchang"][1] + "/m/2021/0305/1.html"
    ctype = "text/html; charset=utf-8"
    fx.write_warc(
        root,
        "xuchang",
        [],
        extra=[(mobile, 200, ctype, page.html()), (page.url, 200, ctype, page.html())],
    )
    code, stdout, stderr = run(str(root), "--out", str(tmp_path / "alone"), "--json")
    assert code == 0, stderr
    report = json.loads(stdout)
    assert report["new"] == 1 and report["skipped"].get("unchanged recaptures") == 1
    (rec,) = open_dataset(tmp_path / "alone", strict=True)
    assert rec["url"] == mobile and rec["canonical_url"] == page.url and rec["version"] == 1

    # the crawl's record of it (the mobile capture's) beside the WARC: matched, nothing new
    fx.write_records(root, [rec])
    code, stdout, stderr = run(str(root), "--out", str(tmp_path / "beside"), "--json")
    assert code == 0, stderr
    report = json.loads(stdout)
    assert (report["matched"], report["new"], report["changed"]) == (1, 0, 0)
    assert [r["url"] for r in open_dataset(tmp_path / "beside", strict=True)] == [mobile]
