"""Body: the container is found from the text itself, without a table of portal selectors.

Each case is a layout where density alone used to go wrong (or a selector hid it): a
disclaimer longer than the article, the article after a stray ``</html>``, the text
printed twice in one container, a lead set beside the container, a caption after ``<br>``,
the headline reworded or split over lines atop the text; and the cases those rules must
leave alone (a refrain, a digest, a labelled summary, a line opening a list).
"""

from __future__ import annotations

from newsarchive import extract
from newsarchive.extract import extract_with_rules

SENTENCE = "记者了解到，这件事情引起了广泛关注，专家表示，应当认真研究，妥善处理。"


def _prose(n: int, word: str = "正文") -> list[str]:
    return [f"第{i}段{word}，{SENTENCE}" for i in range(n)]


def _ps(paragraphs: list[str]) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)


HEAD = "<h1>某地召开安全生产工作推进会</h1><div>2020-07-09 10:00</div>"


def test_a_disclaimer_longer_than_the_article_does_not_pull_the_body_up():
    text = _prose(2)
    disclaimer = (
        "<div class='statement'><p>特别声明：以上内容(如有图片或视频亦包括在内)为自媒体平台"
        "用户上传并发布，本平台仅提供信息存储服务。</p></div>"
    )
    side = "<div class='author'><div>科技狐</div><div>专注科技资讯</div></div>"
    page = f"<html><body><div class='main'>{HEAD}<div class='box'>{_ps(text)}</div>{disclaimer}{side}</div></body></html>"
    article, rules = extract_with_rules(page, None)
    assert rules["body"] == "density"
    assert article.paragraphs == text


def test_a_meta_grid_above_a_short_text_is_not_body_evidence():
    grid = (
        "<table><tr><td>索引号</td><td>011040304/2020-03152</td><td>主题分类</td><td>安全生产监管</td></tr>"
        "<tr><td>发布机构</td><td>某区应急管理局</td><td>发文日期</td><td>2020年07月09日</td></tr>"
        "<tr><td>标 题</td><td>某地召开安全生产工作推进会</td></tr></table>"
    )
    meta = "<div>发布日期：2020-07-09 来源：某区应急管理局 【字体：大 中 小】 【打印】</div>"
    text = _prose(3)
    page = (
        f"<html><body><div class='article-box'>{grid}<h1>某地召开安全生产工作推进会</h1>{meta}"
        f"<div class='article-content'><div class='TRS_UEDITOR'>{_ps(text)}</div>"
        "<p>编辑：胡 静 审核：王海波</p></div></div></body></html>"
    )
    assert extract(page).paragraphs == text


def test_an_article_after_a_stray_closing_html_tag_is_found():
    text = _prose(5)
    page = (
        "<html><head><title>某地召开安全生产工作推进会</title></head><body><div>首页 | 登录</div>"
        f"</body></html><div class='content'><div class='pages'>{_ps(text)}</div></div>"
    )
    article = extract(page)
    assert article.paragraphs == text
    assert article.page_type == "article"


def test_the_text_printed_twice_in_one_container_is_kept_once():
    text = _prose(6)  # over 200 characters: a copy, not a refrain
    page = f"<html><body>{HEAD}<div class='pare'>{_ps(text)}{_ps(text)}</div></body></html>"
    assert extract(page).paragraphs == text


def test_a_paragraph_or_a_short_line_repeated_inside_the_text_stays():
    refrain = "这是一句反复出现的话。"
    text = [*_prose(2), refrain, *_prose(2, "中间"), refrain, _prose(1)[0], *_prose(2, "结尾")]
    page = f"<html><body>{HEAD}<div class='content'>{_ps(text)}</div></body></html>"
    assert extract(page).paragraphs == text


def test_a_lead_set_beside_the_container_opens_the_body():
    lead = (
        "各位好，欢迎收听报纸摘要。法国总统下星期访问莫斯科和基辅。报纸说，总统星期一在莫斯科会面，"
        "星期二和另一位总统会谈。两场会谈都是一对一地谈，目的是缓和局势，避免冲突升级。"
    )
    text = _prose(4)
    page = (
        f"<html><body><article><h1>总统星期一在莫斯科会面</h1><div>发表时间：2022-02-06 13:48</div>"
        f"<p class='chapo'>{lead}</p><div class='body'>{_ps(text)}</div></article></body></html>"
    )
    assert extract(page).paragraphs == [lead, *text]


def test_a_labelled_summary_beside_the_container_is_not_body():
    summary = "摘要：2014年8月22日，第三届安全论坛在北京举行，活动吸引了国内众多安全组织和科技媒体的参与，参会人数众多。"
    text = _prose(4)
    page = (
        f"<html><body><div class='news'>{HEAD}<p class='abstract'>{summary}</p>"
        f"<div class='news_content'>{_ps(text)}</div></div></body></html>"
    )
    assert extract(page).paragraphs == text


def test_a_centred_line_after_an_image_and_br_is_a_caption():
    text = _prose(3)
    figure = (
        "<p align='center'><img src='/a.jpg'><br>我不要你觉得，我就要我觉得。横批：明言明语</p>"
    )
    body = f"<p>{text[0]}</p>{figure}<p>{text[1]}</p><p>{text[2]}</p>"
    page = f"<html><body>{HEAD}<div class='content'>{body}</div></body></html>"
    article = extract(page, "http://example.org/a.html")
    assert article.paragraphs == text
    assert (
        article.images and article.images[0].caption == "我不要你觉得，我就要我觉得。横批：明言明语"
    )


def test_a_digest_the_text_repeats_is_not_a_lead():
    digest = (
        "受整体环境、进口和国产车更替的影响，今年以来，这家公司的销量开始大幅下降。"
        "今年前5月，其在华累计销量下降23%，成为豪车阵营里面的重灾区，经销商的处境可谓相当艰难。"
    )
    text = [*_prose(3), f"不过这样的辉煌并未持续太久。{digest}", *_prose(2, "结尾")]
    page = (
        f"<html><body><div class='post'>{HEAD}<p class='ep-summary'>{digest}</p>"
        f"<div class='end-text'>{_ps(text)}</div></div></body></html>"
    )
    assert extract(page).paragraphs == text


def test_the_headline_reworded_atop_the_text_is_not_a_paragraph():
    title = "姚明对周琦说了啥？周琦上下半场判若两人"
    text = _prose(4)
    page = (
        f"<html><body><h1>{title}</h1><div>2019-09-07 10:00</div><div class='post_text'>"
        f"<p>姚明对周琦说了啥？大魔王上下半场判若两人</p>{_ps(text)}</div></body></html>"
    )
    article = extract(page)
    assert article.title == title
    assert article.paragraphs == text


def test_a_line_opening_a_list_is_no_headline_however_like_it():
    title = "2020年研究生国奖奖学金获得者公示"
    text = ["2020年研究生国家奖学金获得者如下：", "博士：段茉然", *_prose(3)]
    page = (
        f"<html><body><h1>{title}</h1><div>2020-11-07 10:00</div><div class='content'>"
        f"{_ps(text)}</div></body></html>"
    )
    assert extract(page).paragraphs == text


def test_one_line_of_a_headline_split_atop_the_text_is_not_taken_for_it():
    # the first line shares all its pairs with the headline but is a third of it: only the
    # whole headline, or one with a word changed, counts as a restatement
    title = "关于中北大学大数据学院第一期成长向导模范的评选结果公示"
    text = ["关于中北大学大数据学院", *_prose(4)]
    page = (
        f"<html><body><h1>{title}</h1><div>2021-01-07 10:00</div><div class='content'>"
        f"{_ps(text)}</div></body></html>"
    )
    assert extract(page).paragraphs == text


def test_a_headline_printed_over_several_lines_atop_the_text_is_not_body():
    lines = [
        "全国人民代表大会常务委员会",
        "关于批准发行特别国债购买外汇及",
        "调整年末国债余额限额的决议",
    ]
    text = _prose(4)
    page = (
        f"<html><head><title>{''.join(lines)}</title></head><body><div class='content'>"
        f"<p><b>{'<br>'.join(lines)}</b></p>{_ps(text)}</div></body></html>"
    )
    article = extract(page)
    assert article.title == "".join(lines)
    assert article.paragraphs == text


def test_microdata_naming_the_body_is_a_prior_not_a_selector():
    first, second = _prose(3, "甲"), _prose(3, "乙")
    page = (
        f"<html><body>{HEAD}<div>{_ps(first)}</div>"
        f"<div itemprop='articleBody'>{_ps(second)}</div></body></html>"
    )
    article, rules = extract_with_rules(page, None)
    assert rules["body"] == "density"
    assert article.paragraphs == second
    # a short articleBody is outweighed by the text beside it
    page = (
        f"<html><body>{HEAD}<div>{_ps(_prose(8, '甲'))}</div>"
        f"<div itemprop='articleBody'><p>{second[0]}</p></div></body></html>"
    )
    assert extract(page).paragraphs == _prose(8, "甲")


def _table(rows: list[list[str]], attrs: str = "") -> str:
    cells = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table{attrs}>{cells}</table>"


ROWS = [
    ["专业名称", "研究方向", "指导教师", "招生人数"],
    ["050401 艺术学", "01 艺术学原理", "刘梦溪", "7"],
    ["050402 美术学", "02 中国美术史", "张晓凌", "5"],
    ["050403 设计学", "03 环境艺术", "王明旨", "6"],
    ["050404 音乐学", "04 中国音乐史", "田青", "4"],
    ["050405 戏剧学", "05 戏曲理论", "刘祯", "3"],
]


def _with_table(after: str) -> str:
    text = _ps(_prose(4))
    return (
        f"<html><body>{HEAD}<table><tr><td><table><tr><td>{text}</td></tr></table>"
        f"{after}</td></tr></table></body></html>"
    )


def test_a_data_table_right_after_the_text_belongs_to_it():
    article = extract(_with_table(_table(ROWS)))
    assert article.paragraphs == [*_prose(4), *(" ".join(row) for row in ROWS)]


def test_a_table_of_links_or_a_sidebar_table_after_the_text_does_not():
    links = [
        [f"<a href='/n{i}.html'>相关新闻标题第{i}条在这里</a>", "2020-01-01"] for i in range(5)
    ]
    assert extract(_with_table(_table(links))).paragraphs == _prose(4)
    assert extract(_with_table(_table(ROWS, " class='sidebar'"))).paragraphs == _prose(4)


def test_a_self_promotion_box_inside_the_text_is_left_out():
    text = _prose(4)
    promo = "<div class='o-self-promo'><div>下载本站应用程序跟踪国际时事</div></div>"
    body = f"{_ps(text[:2])}{promo}{_ps(text[2:])}"
    page = f"<html><body>{HEAD}<div class='content'>{body}</div></body></html>"
    assert extract(page).paragraphs == text


def test_a_line_opened_by_br_in_a_span_runs_on_into_the_next_span() -> None:
    # word-processor markup: the first characters after <br> sit in one span, the rest of
    # the sentence in the next; the text's weight belongs to the cell holding both
    first = (
        "月8日下午，《电力系统分析》国家级精品资源共享课负责人应邀访问我院，并为师生作了一场报告。"
        "报告会由我院教学院长主持，我院部分师生参加了报告会。"
        "他介绍了典型电力企业，并就热点就业单位介绍了近几年招聘考试笔试的大纲、考核出发点和试题侧重方向。"
        "最后，他根据个人担任招聘面试考官的感受，对学生进行面试环节给予了有益的建议。"
    )
    second = "张家安老师指出我国国民经济将在较长时期内处于中高速发展，国民经济对电力需求旺盛，电力行业对人才需求旺盛。"
    html = (
        "<html><head><title>来访</title></head><body><h3>张家安老师来访我校</h3>"
        "<div class='Information'><table><tr><td><p>"
        f"<span><br> 4</span><span>{first}<br></span></p>"
        f"<p><span>{second}</span></p></td></tr></table></div>"
        "<div class='footer'>Email : webmaster@example.edu.cn</div></body></html>"
    )
    article = extract(html, None)
    assert article.paragraphs == ["4" + first, second]
    assert article.page_type == "article"
