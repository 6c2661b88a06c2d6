"""reextract over WARCs holding compression bombs and brotli bodies: bounded, and every record rebuilt."""

from __future__ import annotations

import io
import json
import re
import tracemalloc
from pathlib import Path

import brotli
import pytest

from newsarchive.archive.payload import MAX_BODY, decode_content
from newsarchive.cli import main
from newsarchive.dataset import open_dataset

HTML = [("Content-Type", "text/html; charset=utf-8")]
README = Path(__file__).resolve().parents[2] / "README.md"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["reextract", *argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def page(gen, n: int) -> bytes:
    return gen.ARTICLE.replace("县里", f"第{n}县").encode()


@pytest.fixture
def hostile_warc(gen, tmp_path: Path) -> Path:
    """One WARC: plain, brotli, gzip/deflate/brotli bombs behind an article, a zero bomb, then plain again."""
    import gzip as gz

    site = "http://news.example.cn"
    responses = [
        (f"{site}/1.html", HTML, page(gen, 1)),
        (f"{site}/2.html", HTML + [("Content-Encoding", "br")], brotli.compress(page(gen, 2))),
        (f"{site}/3.html", HTML + [("Content-Encoding", "gzip")], gen.html_bomb(64 << 20, "gzip")),
        (
            f"{site}/4.html",
            HTML + [("Content-Encoding", "deflate")],
            gen.html_bomb(64 << 20, "deflate"),
        ),
        (f"{site}/5.html", HTML + [("Content-Encoding", "br")], gen.html_bomb(64 << 20, "br")),
        (
            f"{site}/6.html",
            HTML + [("Content-Encoding", "gzip")],
            gen.zeros_compressed(256 << 20, "gzip"),
        ),
        (f"{site}/7.html", HTML + [("Content-Encoding", "gzip")], gz.compress(page(gen, 7))),
        (f"{site}/8.html", HTML + [("Content-Encoding", "gzip")], b"this is not gzip"),
        (f"{site}/9.html", HTML, page(gen, 9)),
    ]
    root = tmp_path / "data"
    gen.write_warc(root / "example" / "warc" / "example-20261120080000-00000.warc.gz", responses)
    return root


def test_reextract_is_bounded_and_rebuilds_every_record(hostile_warc, tmp_path: Path):
    out = tmp_path / "rebuilt"
    tracemalloc.start()
    try:
        code, stdout, stderr = run(str(hostile_warc), "--out", str(out), "--json")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    report = json.loads(stdout)
    assert report["responses"] == 9
    assert peak < 8 * MAX_BODY  # a 10 GiB bomb once took 3.8 GB and MemoryError
    records = {r["url"].rsplit("/", 1)[1]: r for r in open_dataset(out, strict=True)}
    assert set(records) == {"1.html", "2.html", "3.html", "4.html", "5.html", "7.html", "9.html"}
    assert (
        records["2.html"]["title"] == "第2县召开会议"
    )  # brotli: warcio failed here and lost the rest
    assert records["9.html"]["title"] == "第9县召开会议"
    for name in ("3.html", "4.html", "5.html"):
        assert records[name]["title"] == "县里召开会议"
        assert any("cut at 16 MiB" in w for w in records[name]["warnings"]), name
    failures = "\n".join(report["failures"])
    assert (
        "6.html" in failures and "8.html" in failures
    )  # zeros and a bad gzip: reported, not fatal
    assert code == 1
    assert "Traceback" not in stderr


def test_decode_content_stops_at_the_limit(gen):
    for coding in ("gzip", "deflate", "br"):
        payload = decode_content(gen.zeros_compressed(64 << 20, coding), coding, limit=1 << 20)
        assert len(payload.body) == 1 << 20 and payload.cut, coding
    raw = decode_content(gen.zeros_compressed(4 << 20, "raw-deflate"), "deflate", limit=1 << 20)
    assert len(raw.body) == 1 << 20 and raw.cut


def test_readme_warcio_snippet_reads_a_brotli_record(gen, tmp_path: Path, monkeypatch, capsys):
    block = re.search(
        r"```python\n(import json\nfrom warcio.*?)```", README.read_text("utf-8"), re.DOTALL
    )
    assert block, "README lost its warcio snippet"
    warc = tmp_path / "data" / "demo" / "warc" / "demo-1.warc.gz"
    gen.write_warc(
        warc,
        [
            (
                "http://news.example.cn/2.html",
                HTML + [("Content-Encoding", "br")],
                brotli.compress(page(gen, 2)),
            )
        ],
    )
    rec = {"provenance": {"warc_file": "demo/warc/demo-1.warc.gz", "warc_offset": 0}}
    (tmp_path / "data" / "demo" / "articles").mkdir(parents=True)
    (tmp_path / "data" / "demo" / "articles" / "2021-01.jsonl").write_text(
        json.dumps(rec) + "\n", "utf-8"
    )
    monkeypatch.chdir(tmp_path)
    exec(compile(block.group(1), "README.md", "exec"), {})
    assert capsys.readouterr().out.strip() == f"http://news.example.cn/2.html {len(page(gen, 2))}"


def test_repair_keeps_brotli_and_bomb_records(gen, tmp_path: Path):
    """repair_warc read bodies through content_stream(): a br record looked damaged and was cut
    with everything after it, and a bomb was inflated in full."""
    from newsarchive.archive.warc import repair_warc

    warc = tmp_path / "x.warc.gz"
    gen.write_warc(
        warc,
        [
            (
                "http://news.example.cn/1.html",
                HTML + [("Content-Encoding", "br")],
                brotli.compress(page(gen, 1)),
            ),
            (
                "http://news.example.cn/2.html",
                HTML + [("Content-Encoding", "gzip")],
                gen.zeros_compressed(256 << 20, "gzip"),
            ),
            ("http://news.example.cn/3.html", HTML, page(gen, 3)),
        ],
    )
    whole = warc.stat().st_size
    with warc.open("ab") as fh:
        fh.write(
            gen.gzip.compress(b"WARC/1.1\r\nWARC-Type: response\r\n")[:40]
        )  # a torn last record
    tracemalloc.start()
    try:
        cut = repair_warc(warc)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert cut == 40 and warc.stat().st_size == whole
    assert peak < 64 << 20


def test_mutated_warcs_give_a_report_never_a_crash(gen, tmp_path: Path):
    """Bytes flipped, cut or inserted anywhere in a WARC: reextract reports, exits 0 or 1, never 'unexpected'."""
    import gzip as gz
    import random

    src = tmp_path / "src.warc.gz"
    gen.write_warc(
        src,
        [
            ("http://a.cn/1.html", HTML, page(gen, 1)),
            (
                "http://a.cn/2.html",
                HTML + [("Content-Encoding", "br")],
                brotli.compress(page(gen, 2)),
            ),
            (
                "http://a.cn/3.html",
                HTML + [("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")],
                gz.compress(page(gen, 3)),
            ),
        ],
    )
    data = src.read_bytes()
    rng = random.Random(12)
    for i in range(40):
        mutated = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            pos = rng.randrange(len(mutated))
            if rng.random() < 0.5:
                mutated[pos] = rng.randrange(256)
            else:
                del mutated[pos : pos + rng.randint(1, 40)]
        root = tmp_path / f"d{i}"
        (root / "s" / "warc").mkdir(parents=True)
        (root / "s" / "warc" / "s-1.warc.gz").write_bytes(bytes(mutated))
        code, _, stderr = run(str(root), "--out", str(tmp_path / f"o{i}"))
        assert code in (0, 1) and "unexpected" not in stderr, (i, stderr[-500:])
