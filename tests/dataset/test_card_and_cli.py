"""Dataset card (Hub YAML header, rights, CITATION.cff), plots, `-` for stdin/stdout, --json, bad values (exit 2)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml

from newsarchive.cli import ExitStatus, main
from newsarchive.dataset import open_dataset
from newsarchive.dataset.stats import Summary, monthly_series, plot_months


def run(*argv: str, stdin: bytes = b"") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err, stdin=io.BytesIO(stdin))
    return code, out.getvalue(), err.getvalue()


def test_card_has_a_hub_yaml_header_rights_and_a_citation_file(
    data_dir: Path, tmp_path: Path
) -> None:
    from huggingface_hub import DatasetCard

    out = tmp_path / "x.parquet"
    code, _, err = run("export", str(data_dir), "--out", str(out))
    assert code == 0, err
    text = (tmp_path / "x.parquet.md").read_text("utf-8")
    meta = DatasetCard(text).data.to_dict()
    assert meta["language"] == ["zh"] and meta["license"] == "other"
    assert meta["configs"] == [
        {"config_name": "default", "data_files": [{"split": "train", "path": "x.parquet"}]}
    ]
    assert meta["size_categories"] == ["n<1K"]
    assert "## Rights and licence" in text and "copyright" in text
    cff = yaml.safe_load((tmp_path / "CITATION.cff").read_text("utf-8"))
    assert cff["cff-version"] == "1.2.0" and cff["type"] == "dataset"
    assert cff["authors"] and "12 news records" in cff["title"]
    assert cff["version"] == "sha256:" + text.split("sha256 `")[1].split("`")[0]


def test_plot_shows_every_month_from_zero(tmp_path: Path, data_dir: Path) -> None:
    summary = Summary()
    for rec in open_dataset(data_dir):
        if rec["published_date"] < "2021-02":  # leave February empty: a gap, not continuity
            summary.add(rec)
        elif rec["published_date"] >= "2021-03":
            summary.add(dict(rec, published_date="2021-05" + rec["published_date"][7:]))
    data = monthly_series(summary)
    assert data.months == ["2021-01", "2021-02", "2021-03", "2021-04", "2021-05"]
    assert data.series["all sites"][1:4] == [0, 0, 0]
    per_site = monthly_series(summary, per_site=True)
    assert set(per_site.series) == {"xuchang", "yichun", "shanxi"}
    assert all(len(v) == 5 for v in per_site.series.values())
    png = tmp_path / "p.png"
    bottom, top = plot_months(summary, str(png), per_site=True)
    assert bottom == 0 and top >= max(max(v) for v in per_site.series.values())
    assert png.read_bytes().startswith(b"\x89PNG")
    code, out, _ = run("stats", str(data_dir), "--json")
    assert code == 0 and out.count("\n") == 1 and json.loads(out)["records"] == 12


@pytest.mark.parametrize(
    ("argv", "option", "example"),
    [
        (["stats", "{d}", "--since", "2021-13"], "--since", "2021-03-16"),
        (["stats", "{d}", "--since", "2021-02-30"], "--since", "2021-03-16"),
        (["export", "{d}", "--until", "2021-02-29", "--out", "-"], "--until", "2021-03-16"),
        (["stats", "{d}", "--site", "nosuch"], "--site nosuch", "--site shanxi"),
        (["extract", "-", "--timezone", "Mars/Base"], "--timezone", "Asia/Shanghai"),
        (["extract", "-", "--now", "yesterday"], "--now", "2021-03-16T20:00:00+08:00"),
        (["crawl", "--demo", "--log-level", "BOGUS"], "--log-level", "INFO"),
        (["crawl", "--demo", "--max-error-rate", "1.5"], "--max-error-rate", "0.25"),
        (["crawl", "--demo", "--max-error-rate", "-0.1"], "--max-error-rate", "0.25"),
        (["crawl", "--demo", "--max-pages", "-1"], "--max-pages", "e.g. 3"),
        (["crawl", "--demo", "--max-depth", "-1"], "--max-depth", "3"),
        (["crawl", "--demo", "--since", "2021-02-30"], "--since", "2021-03-16"),
        (["dedupe", "{d}", "--out", "-", "--threshold", "1.2"], "--threshold", "0.25"),
        (["dedupe", "{d}", "--out", "-", "--num-perm", "-5"], "--num-perm", "100"),
        (["export", "{d}", "--out", "x.xlsx"], "--out", "--format parquet"),
    ],
)
def test_bad_values_exit_2_naming_the_option_and_an_example(
    data_dir: Path, argv: list[str], option: str, example: str
) -> None:
    code, out, err = run(*[a.format(d=data_dir) for a in argv])
    assert code == ExitStatus.USAGE == 2, err
    assert option in err and example in err, err
    assert out == "" and "Traceback" not in err


def test_dash_means_stdin_and_stdout(data_dir: Path, tmp_path: Path) -> None:
    code, jsonl, err = run("export", str(data_dir), "--out", "-")
    assert code == 0 and "standard output" in err
    assert len(jsonl.splitlines()) == 12 and not (Path.cwd() / "-").exists()
    code, out, _ = run("stats", "-", "--json", stdin=jsonl.encode("utf-8"))
    assert code == 0 and json.loads(out)["records"] == 12
    code, out, err = run("validate", "-", "--json", stdin=jsonl.encode("utf-8"))
    assert code == 0 and json.loads(out) == {
        "files": 1,
        "lines": 12,
        "bad": 0,
        "schema_v1": 0,
        "problems": [],
    }
    code, marked, err = run("dedupe", "-", "--out", "-", "--json", stdin=jsonl.encode("utf-8"))
    assert (
        code == 0
        and len(marked.splitlines()) == 12
        and json.loads(err.splitlines()[0])["records"] == 12
    )


def test_binary_outputs_pipe_through_a_real_stdout(data_dir: Path, tmp_path: Path) -> None:
    cmd = [sys.executable, "-m", "newsarchive"]
    parquet = subprocess.run(
        [*cmd, "export", str(data_dir), "--format", "parquet", "--out", "-"],
        capture_output=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert parquet.returncode == 0, parquet.stderr
    (tmp_path / "p.parquet").write_bytes(parquet.stdout)
    assert pq.read_table(tmp_path / "p.parquet").num_rows == 12
    png = subprocess.run(
        [*cmd, "stats", str(data_dir), "--plot", "-"],
        capture_output=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert png.returncode == 0 and png.stdout.startswith(b"\x89PNG")
    html = (
        '<html><body><div class="article"><h1>早间新闻</h1><div class="info">发布时间：2021-03-02 10:00</div>'
        '<div class="content"><p>'
        + "市委召开会议，推进乡村振兴项目建设。" * 6
        + "</p></div></div></body></html>"
    ).encode("utf-8")
    ext = subprocess.run(
        [*cmd, "extract", "-", "-o", "-"],
        input=html,
        capture_output=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert ext.returncode == 0 and json.loads(ext.stdout)["published_date"] == "2021-03-02"
    assert not (tmp_path / "-").exists() and list(tmp_path.glob("-*")) == []


def test_a_missing_optional_package_names_its_extra(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import builtins

    real_import = builtins.__import__

    def no_redis(name: str, *args, **kwargs):
        if name.split(".")[0] in ("redis", "scrapy_redis"):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_redis)
    code, _, err = run(
        "crawl",
        "--start-url",
        "http://127.0.0.1:1/",
        "--data-dir",
        str(tmp_path),
        "--redis",
        "redis://127.0.0.1:1/0",
    )
    assert code == ExitStatus.MISSING_DEPENDENCY == 6
    assert (
        err
        == "newsarchive: error: this needs the optional package 'redis': pip install 'newsarchive[redis]'\n"
    )


def test_a_site_no_record_names_is_refused_in_a_lone_file_too(
    data_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "all.jsonl"
    assert run("export", str(data_dir), "--out", str(out))[0] == 0
    code, _, err = run("stats", str(out), "--site", "xuchan")
    assert code == 2 and "--site xuchan: no such site" in err and "--site shanxi" in err
    code, report, _ = run("stats", str(out), "--site", "xuchang", "--json")
    assert code == 0 and json.loads(report)["records"] == 4
