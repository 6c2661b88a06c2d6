"""Duplicates: exact copies by content hash, syndicated copies by MinHash/LSH, template text not joining stories."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from newsarchive.cli import main
from newsarchive.dataset import open_dataset
from newsarchive.dataset.dedupe import apply_mark, find_duplicates, normalize_text, shingles

TEMPLATE = [
    (
        "编者按：为深入学习宣传贯彻党的二十大精神，全面展示全市各地各部门推动高质量发展的新举措新成效，本网即日起开设"
        "“奋进新征程 建功新时代”专栏，集中报道基层一线的生动实践和典型经验，敬请关注。"
    ),
    (
        "征稿启事：本专栏长期面向全市广大干部群众征集反映基层治理、产业发展、乡村振兴、民生改善等方面的新闻线索和稿件，"
        "来稿请注明作者姓名、单位和联系方式，一经采用即付稿酬，期待您的参与和支持。"
    ),
    (
        "温馨提示：本网所有专栏稿件均经编辑部审核后发布，如发现稿件内容存在事实错误或表述不当之处，欢迎读者朋友通过网站留言板"
        "或者新闻热线及时向我们反映，我们将认真核实并及时予以更正，感谢您的监督与支持。"
    ),
    (
        "专栏说明：本专栏稿件由市委宣传部、市融媒体中心联合组织采写，各县市区融媒体中心协助供稿，栏目将持续推出系列报道，"
        "展现广大干部群众干事创业的精神风貌和担当作为，欢迎社会各界积极参与。"
    ),
]


def jaccard(a: str, b: str) -> float:
    x, y = shingles(normalize_text(a)), shingles(normalize_text(b))
    return len(x & y) / len(x | y)


@pytest.fixture
def syndicated(fx) -> list[dict]:
    """One 新华社 story on three portals (own chrome, editor, time), a repost, plus unrelated stories."""
    story = fx.paragraphs(42, 5)
    title = "我国粮食总产量连续九年稳定在1.3万亿斤以上"
    copies = [
        fx.Page(
            "shanxi", "/news/2021/03/xh1.html", title, story, date="2021-03-06 08:15", editor="赵磊"
        ),
        fx.Page(
            "xuchang",
            "/news/2021/03/xh2.html",
            title,
            story,
            date="2021-03-05 21:40",
            editor="王芳",
        ),
        fx.Page(
            "yichun",
            "/news/2021/03/xh3.html",
            title + "（转载）",
            story + ["（来源：新华社）"],
            date="2021-03-06 10:02",
            editor="陈静",
            source="宜春日报",
        ),
    ]
    repost = fx.Page(
        "xuchang",
        "/news/2021/03/xh2-repost.html",
        title,
        story,
        date="2021-03-07 09:00",
        editor="刘洋",
    )  # same text, another editor line: an exact copy
    others = fx.sample_pages(6, seed=7)
    return [fx.record(p) for p in copies + [repost] + others]


def test_syndicated_copies_form_one_cluster(syndicated) -> None:
    result = find_duplicates(syndicated)
    assert result.clusters == 1
    members = sorted(result.marks)
    assert members == [0, 1, 2, 3]
    original = syndicated[1]  # the earliest publication (2021-03-05 21:40)
    assert result.marks[1].duplicate_of is None
    for i in (0, 2, 3):
        assert result.marks[i].duplicate_of == original["canonical_url"]
    assert len({m.cluster_id for m in result.marks.values()}) == 1
    assert (
        syndicated[0]["content_hash"] == syndicated[1]["content_hash"]
    )  # chrome and editor differ only
    assert result.exact_duplicates == 2  # shanxi's copy and the repost
    assert result.near_duplicates == 1  # yichun's copy with its own title suffix and source line
    assert result.marked == 3


def test_cluster_ids_are_stable_and_input_order_free(syndicated) -> None:
    a = find_duplicates(syndicated)
    b = find_duplicates(list(reversed(syndicated)))
    n = len(syndicated)
    assert {i: m for i, m in a.marks.items()} == {n - 1 - i: m for i, m in b.marks.items()}


def test_different_articles_sharing_template_paragraphs_stay_apart(fx) -> None:
    recs = [
        fx.record(
            fx.Page(
                "xuchang",
                f"/zl/{i}.html",
                f"奋进新征程：基层实践第{i}篇",
                [fx.paragraphs(100 + i, 1)[0][:40]],
                boilerplate=TEMPLATE,
            )
        )
        for i in range(5)
    ]
    assert all(len(r["paragraphs"]) == 5 for r in recs), (
        "the template must survive extraction for this test"
    )
    assert jaccard(recs[0]["text"], recs[1]["text"]) > 0.8, "a real trap: whole texts look alike"
    result = find_duplicates(recs)
    assert result.clusters == 0 and not result.marks
    assert result.boilerplate_paragraphs == len(TEMPLATE)
    # without the template filter these distinct stories would be merged
    assert find_duplicates(recs, boilerplate_min=0).clusters == 1


def test_same_template_story_syndicated_is_still_found(fx) -> None:
    """Template paragraphs are ignored, but the story itself is still compared."""
    story = fx.paragraphs(5, 3)
    recs = [
        fx.record(
            fx.Page(
                "xuchang",
                f"/zl/{i}.html",
                f"专栏第{i}篇",
                fx.paragraphs(200 + i, 2),
                boilerplate=TEMPLATE,
            )
        )
        for i in range(4)
    ]
    recs.append(fx.record(fx.Page("xuchang", "/zl/s1.html", "同一篇", story, boilerplate=TEMPLATE)))
    recs.append(
        fx.record(fx.Page("shanxi", "/zl/s2.html", "同一篇", story, date="2021-03-08 10:00"))
    )
    result = find_duplicates(recs)
    assert result.clusters == 1 and sorted(result.marks) == [4, 5]


def test_distinct_articles_are_not_joined(fx) -> None:
    recs = [fx.record(p) for p in fx.sample_pages(30, seed=3)]
    assert find_duplicates(recs).clusters == 0


def test_versions_of_one_url_share_a_cluster_but_are_not_duplicates(fx) -> None:
    page = fx.Page("xuchang", "/a/v.html", "更新的新闻", fx.paragraphs(9, 4))
    v1 = fx.record(page, fetched_at="2026-11-20T08:00:00Z")
    page.paras = page.paras + ["（记者补充报道）当天下午，相关部门再次召开会议。"]
    v2 = fx.record(page, fetched_at="2026-11-21T08:00:00Z", version=2)
    result = find_duplicates([v1, v2])
    assert result.clusters == 1
    assert all(m.duplicate_of is None for m in result.marks.values())


def test_threshold_is_checked(syndicated) -> None:
    with pytest.raises(ValueError, match="threshold"):
        find_duplicates(syndicated, threshold=0)


def test_apply_mark_clears_stale_marks(syndicated) -> None:
    stale = dict(syndicated[5], duplicate_of="http://old", cluster_id="cold")
    out = apply_mark(stale, None)
    assert out["duplicate_of"] is None and out["cluster_id"] is None


def test_dedupe_command_writes_a_marked_valid_copy(tmp_path: Path, syndicated, fx) -> None:
    src = tmp_path / "data"
    fx.write_records(src, syndicated)
    out = tmp_path / "marked"
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(["dedupe", str(src), "--out", str(out)], stdout=stdout, stderr=stderr)
    assert code == 0, stderr.getvalue()
    assert "clusters: 1; records marked duplicate_of: 3" in stdout.getvalue()
    assert sorted(p.relative_to(out) for p in out.rglob("*.jsonl")) == sorted(
        p.relative_to(src) for p in src.rglob("*.jsonl")
    )
    marked = list(open_dataset(out, strict=True))
    assert len(marked) == len(syndicated)
    assert sum(1 for r in marked if r["duplicate_of"]) == 3
    assert len({r["cluster_id"] for r in marked if r["cluster_id"]}) == 1
    # refuses to write into a folder that already holds records
    code = main(["dedupe", str(src), "--out", str(out)], stdout=io.StringIO(), stderr=stderr)
    assert code == 1 and "already holds" in stderr.getvalue()
