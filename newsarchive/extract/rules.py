"""Generic extraction rules as ordered data: first match wins, specific before generic.

A site profile (newsarchive/sites/*.toml, [extract] table) prepends its own
selectors to these lists; nothing here names a single portal.
"""

from __future__ import annotations

import re

# -- structured metadata: <meta> keys, most trusted first ---------------------------
TITLE_META = ("articletitle", "og:title", "twitter:title", "title")
DATE_META = (
    "article:published_time",
    "pubdate",
    "publishdate",
    "publish_date",
    "og:release_date",
    "datepublished",
    "weibo: article:create_at",
    "og:article:published_time",
    "dc.date",
    "dc.date.issued",
    "date",
    "firstpublishedtime",
)
SOURCE_META = ("contentsource", "source", "og:article:source", "article:source", "mediaid")
AUTHOR_META = ("author", "article:author", "og:article:author", "byline")
SITE_META = ("og:site_name", "sitename", "application-name", "twitter:site")
CANONICAL_META = ("og:url", "twitter:url")

# -- breadcrumb containers, matched against class and id ----------------------------
# a line ending a sentence (its last character), closing quotes and brackets included
SENTENCE_END = re.compile(r"[。！？!?.…”」』]$")
BREADCRUMB_ATTR = re.compile(
    r"crumb|bread|location|position|weizhi|wz\b|dqwz|curpos|current[-_]?(?:pos|loc|path)|"
    r"nav[-_]?path|navpath|lujing|\bpath\b|\bplace\b|channel[-_]?nav|\bsub[-_]?nav\b|\bnav[-_]?bar\b",
    re.IGNORECASE,
)
BREADCRUMB_TEXT = re.compile(
    r"^\s*(?:当前位置|您的位置|你的位置|您现在的位置|你现在的位置|所在位置|现在位置|位置)\s*[:：]?\s*"
)
BREADCRUMB_SPLIT = re.compile(r"\s*(?:>|＞|»|›|→|>>|\u00bb|\u2192|&gt;)\s*")

# -- where the headline lives ------------------------------------------------------
TITLE_ATTR = re.compile(
    r"title|headline|heading|biaoti|bt\b|tit\d?\b|hd\b|artical-?title|article-?title", re.IGNORECASE
)
TITLE_SPLIT = re.compile(r"\s*(?:_|\||｜|--|—{1,2}|–|-\s| - |:: |·\s)\s*")

# -- body containers: class/id words that raise or lower a block's score -------------
BODY_POSITIVE = re.compile(
    r"article|content|zoom|detail|text|body|main|post|entry|story|news[-_]?con|con[-_]?text|"
    r"neirong|zhengwen|wenzhang|show|view|rich|cont\b",
    re.IGNORECASE,
)
BODY_NEGATIVE = re.compile(
    r"comment|footer|foot\b|header|menu|nav|sidebar|side\b|aside|right|left[-_]?bar|share|"
    r"recommend|related|relate|hot|rank|tuijian|xiangguan|advert|\bad\b|ads\b|banner|copyright|"
    r"login|search|tool|pager|pagination|breadcrumb|crumb|position|location|footer|bottom|top[-_]?bar|"
    r"qrcode|ewm|erweima|print|list|tag",
    re.IGNORECASE,
)
# A labelled abstract above the text: the page's summary, not a lead paragraph of the body
SUMMARY_LABEL = re.compile(r"^[\s【\[(（]*(?:内容)?(?:摘\s*要|提\s*要|概\s*要)\s*[】\])）:：]")
# No table of body selectors: the class, id and itemprop words of a container (common
# words such as content, article, body, text; schema.org's articleBody) are a weak prior in
# BODY_POSITIVE/BODY_NEGATIVE, no CMS or portal names, weighed against the text itself. A site that needs a
# selector gets one in its profile ([extract] body = [...]).

# -- labels in meta lines and trailers ---------------------------------------------
# Each label maps to a field; "stop" labels only end the previous value.
LABELS: tuple[tuple[str, str], ...] = (
    ("文章来源", "source"),
    ("信息来源", "source"),
    ("新闻来源", "source"),
    ("稿件来源", "source"),
    ("内容来源", "source"),
    ("本文来源", "source"),
    ("来源", "source"),
    ("稿源", "source"),
    ("出处", "source"),
    ("来自", "source"),
    ("来源于", "source"),
    ("责任编辑", "editor"),
    ("值班编辑", "editor"),
    ("网络编辑", "editor"),
    ("编辑", "editor"),
    ("责编", "editor"),
    ("编 辑", "editor"),
    ("小编", "editor"),
    ("作者", "author"),
    ("撰文", "author"),
    ("执笔", "author"),
    ("采写", "author"),
    ("文字", "author"),
    ("撰稿", "author"),
    ("撰稿人", "author"),
    ("记者", "author"),
    ("通讯员", "author"),
    ("文", "author"),
    ("供稿", "stop"),
    ("发布时间", "date"),
    ("发布日期", "date"),
    ("发表时间", "date"),
    ("更新时间", "date"),
    ("时间", "date"),
    ("日期", "date"),
    ("发布", "date"),
    ("审核", "stop"),
    ("审校", "stop"),
    ("校对", "stop"),
    ("终审", "stop"),
    ("初审", "stop"),
    ("复审", "stop"),
    ("监制", "stop"),
    ("统筹", "stop"),
    ("摄影", "stop"),
    ("摄像", "stop"),
    ("图片", "stop"),
    ("图", "stop"),
    ("视频", "stop"),
    ("字号", "stop"),
    ("字体", "stop"),
    ("浏览次数", "stop"),
    ("浏览量", "stop"),
    ("浏览", "stop"),
    ("点击数", "stop"),
    ("阅读次数", "stop"),
    ("阅读数", "stop"),
    ("点击率", "stop"),
    ("人气", "stop"),
    ("次数", "stop"),
    ("点击量", "stop"),
    ("点击", "stop"),
    ("阅读量", "stop"),
    ("阅读", "stop"),
    ("访问量", "stop"),
    ("分享到", "stop"),
    ("分享", "stop"),
    ("打印", "stop"),
    ("关闭", "stop"),
    ("评论", "stop"),
    ("字数", "stop"),
    ("原标题", "stop"),
    ("标签", "stop"),
    ("关键词", "stop"),
    ("访问次数", "stop"),
    ("发布机构", "stop"),
    ("发文机关", "stop"),
    ("索引号", "stop"),
    ("主题分类", "stop"),
    # credits (issue 8): writers credited as 执笔人/编译/記者, the weekday a value runs into
    ("执笔人", "author"),
    ("编译", "author"),
    ("記者", "author"),
    ("作者單位", "stop"),
    ("选稿", "stop"),
)
FIELD_OF_LABEL = dict(LABELS)
_LABEL_ALT = "|".join(
    re.escape(k).replace(r"\ ", r"\s*") for k, _ in sorted(LABELS, key=lambda kv: -len(kv[0]))
)
# A label is followed by a colon (full or half width), a bar or a slash; a few
# unambiguous ones may stand right before the value after a separator ("| 来源CSDN|").
_BARE = "来源|来自|作者|责编|责任编辑"
LABEL_RE = re.compile(
    r"(?P<label>" + _LABEL_ALT + r")\s*(?:[:：]|[|｜/／](?!/))\s*"
    r"|(?<=[\s|｜\d])(?P<bare>" + _BARE + r")(?=[\u4e00-\u9fffA-Za-z])"
)
# Text after which a value stops: another label, wide gaps, separators, brackets.
VALUE_END = re.compile(r"\s{2,}|[|｜丨【】\[\]()（）<>《》]|\u3000|$")

# Datelines: 中新河南网3月16日电(李麦囤 徐嘉), 新华社北京9月7日电（记者唐霁）, 本报讯（记者 张三）
# The reporter's name in brackets closing the last paragraph: ...实现轻松换新iPhone。(李楠)
CLOSING_NAMES_RE = re.compile(
    r"[（(]\s*(?P<names>[\u4e00-\u9fff]{2,4}(?:[\s、，,]+[\u4e00-\u9fff]{2,4}){0,3})\s*[)）]\s*$"
)
DATELINE_RE = re.compile(
    r"^[^。！？\n]{0,40}?(?:电|讯|消息)\s*[（(]\s*(?P<names>[^（）()]{2,60}?)\s*[）)]"
)
# Bylines at the top of the body: 文/张三, 记者 张三 李四, ■记者 张三
BYLINE_RE = re.compile(
    r"^[\s■●◆▲★□☆]*(?:[\u4e00-\u9fff]{2,8}?(?=[记記]者))?(?:(?:文|图文|文图|作者|撰文|撰稿)\s*[/／:：]|(?:本报|本台|本网|本報)?[记記]者\s*[:：]?|通讯员\s*[:：]?)\s*"
)

NAME_SPLIT = re.compile(r"[\s,，、;；/／&＆和及]+")
CJK_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,4}$")
LATIN_NAME = re.compile(r"^[A-Za-z][A-Za-z .'\-]{1,40}$")
# Departments and outlets that stand in a credit beside the names: 研究室 李明, 县委宣传部 王五
# (three characters or more, and no suffix that also ends personal names: 会, 科, 华 ...)
ORGANISATION = re.compile(
    r"^[\u4e00-\u9fff]{2,12}(?:室|办|部|局|处|厅|委|中心|站|所|队|社|台|报|网)$"
)
STAFF_CODE = re.compile(
    r"(?<=[\u4e00-\u9fff])\s*[_＿\-]?\s*[A-Za-z]{1,4}\d{2,}$|\s*[_＿]\s*[A-Za-z0-9]+$"
)
# Words that look like names but are roles, places or boilerplate.
NOT_A_NAME = frozenset(
    [
        "记者",
        "通讯员",
        "编辑",
        "责任编辑",
        "作者",
        "本报",
        "本台",
        "本网",
        "实习生",
        "特约",
        "摄影",
        "供图",
        "报道",
        "综合",
        "整理",
        "编译",
        "来源",
        "新华社",
        "新华网",
        "中新社",
        "中新网",
        "人民网",
        "央视",
        "央视网",
        "实习",
        "见习",
        "通讯",
        "见习记者",
        "实习记者",
        "首席记者",
        "发自",
        "联合",
        "采写",
        "图片",
        "视频",
        "制图",
        "发布",
        "据悉",
        "本文",
        "出品",
        "原创",
        "转载",
        "整合",
        "查看更多",
        "更多",
        "返回",
        "未知",
        "网络",
        "佚名",
        "admin",
        "管理员",
        "职工",
        "作者",
        "执笔",
        "编译",
        "综述",
        "本站",
        "出自",
    ]
)

# Words that stand beside the date but are not an outlet.
NOT_A_SOURCE = frozenset(
    [
        "记者",
        "通讯员",
        "编辑",
        "责任编辑",
        "作者",
        "原创",
        "转载",
        "网络",
        "未知",
        "佚名",
        "本站",
        "admin",
        "管理员",
        "发布",
        "阅读",
        "评论",
        "分享",
        "举报",
        "收藏",
        "关注",
        "订阅",
        "字号",
        "打印",
        "来源",
        "更多",
        "返回",
        "首页",
        "正文",
        "昨天",
        "今天",
        "前天",
        "刚刚",
        "星期一",
        "星期二",
        "星期三",
        "星期四",
        "星期五",
        "星期六",
        "星期日",
        "星期天",
        "周一",
        "周二",
        "周三",
        "周四",
        "周五",
        "周六",
        "周日",
        "上午",
        "下午",
        "中午",
        "晚上",
        "凌晨",
        "早上",
        "傍晚",
        "农历",
        "发表",
        "发表于",
        "发布于",
        "更新",
        "浏览",
        "点击",
        "次",
        "人",
        "阅读数",
    ]
)


# -- paragraphs that are never body ----------------------------------------------------
class KeyedPattern:
    """A pattern each of whose matches holds one of ``keys``, or is made only of ``only``
    characters: ``search`` skips the regex (which sre tries at every position) otherwise."""

    def __init__(self, pattern: re.Pattern[str], keys: tuple[str, ...], only: str = ""):
        self.pattern, self.keys, self.only = pattern, keys, only

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text) if self._may_match(text) else None

    def sub(self, repl: str, text: str) -> str:
        return self.pattern.sub(repl, text) if self._may_match(text) else text

    def _may_match(self, text: str) -> bool:
        return any(key in text for key in self.keys) or bool(
            self.only and not text.strip(self.only)
        )


_WHITESPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace())
BOILERPLATE_PARAGRAPH = KeyedPattern(
    re.compile(
        r"^[\s(（【\[]*(?:责任编辑|责编|编辑|值班编辑|审核|审校|校对|监制|终审|来源|稿源|文章来源|原标题|"
        r"本文来源|作者|分享到|分享|扫一扫|扫描二维码|打印本页|打印|关闭窗口|关闭|返回顶部|【?字号|"
        r"上一篇|下一篇|相关链接|附件)\s*[:：]|"
        r"版权所有|Copyright|©|ICP备|ICP证|京公网安备|公网安备|备案号|违法和不良信息|举报电话|举报邮箱|"
        r"^.{0,12}(?:责任编辑|责编)\s*[:：|｜].{0,20}$|"
        r"^(?:关键字|关键词|标签|tags?)\s*[:：]|"
        r"仅代表(?:该)?作者.{0,12}观点|不代表.{0,16}(?:立场|观点)|仅提供信息(?:发布|存储)|"
        r"尽在.{0,10}(?:APP|App|app|客户端)|下载.{0,8}(?:APP|App|客户端).{0,10}$|"
        r"^(?:\d+\s+)+(?:下一页|下页|末页|尾页|>>?)\s*$|^(?:上一页|首页)(?:\s+\d+)+|"
        r"^.{0,15}(?:扫一扫|扫描.{0,8}二维码|长按.{0,6}二维码|识别二维码|微信扫码).{0,20}$|"
        r"^(?:评论|跟帖|留言)\s*[（(]\d+[)）]$|^已输入\d+字|"
        r"客服热线|热线电话|投稿邮箱|未经授权|不得转载|禁止转载|转载请注明|免责声明|"
        r"^(?:热线|信箱|邮箱)\s*[:：]|"
        r"^[\[【(（]?\s*(?:责任编辑|编辑)\s*[:：].{0,20}[\]】)）]?$|"
        r"^\s*(?:点击|扫码|长按)(?:进入|关注|识别|下载|查看)|"
        r"^(?:返回|打印|关闭|收藏|分享|字号|大|中|小|【|】|\s)+$",
        re.IGNORECASE,
    ),
    # one per alternative: its label's colon, a word it cannot do without, or (the last one) a
    # line of nothing but 返回/打印/大中小 ... (Copyright and ICP: their p, which folds only to P)
    keys=(
        ":",
        "：",
        "版权所有",
        "p",
        "P",
        "©",
        "备",
        "证",
        "违法和不良信息",
        "举报",
        "责",
        "代表",
        "仅提供信息",
        "尽在",
        "下载",
        "页",
        ">",
        "扫",
        "二维码",
        "评论",
        "跟帖",
        "留言",
        "已输入",
        "热线",
        "邮箱",
        "未经授权",
        "转载",
        "免责声明",
        "点击",
        "长按",
    ),
    only="返回打印关闭收藏分享字号大中小【】" + _WHITESPACE,
)
# Headings after which the rest is navigation: the body stops there.
STOP_HEADINGS = re.compile(
    r"^[\s【\[]*(?:推荐阅读|相关阅读|相关新闻|相关文章|相关报道|延伸阅读|热点推荐|热门推荐|猜你喜欢|"
    r"为您推荐|精彩推荐|更多精彩|热点新闻|热门文章|今日推荐|最新新闻|往期回顾|往期推荐|"
    r"相关稿件|关联稿件|大家都在看|网友评论|我要评论|热门评论|精彩评论|上一篇|下一篇|"
    r"(?:延伸|相关|热门|精彩|更多)\s*[·•]\s*\S{1,4}$)",
)
CAPTION_HINT = re.compile(
    r"caption|pic[-_]?(?:txt|text|info|desc|note|tit|intro)|img[-_]?(?:txt|text|desc|note|title)|figcaption|photo[-_]?(?:txt|desc)|imgtext|tpzs",
    re.IGNORECASE,
)


# Photo credits close a caption: "雨游黄鹤楼照样开心。城市摄影队 周斌 摄", "...报道截图。"
class EndPattern:
    """A pattern that matches only at the end of a text (``(...)[。.]?\\s*$``), with the characters
    its matches end on before that: ``search`` skips the regex (which sre tries at every
    position) when the text ends otherwise and holds none of ``anywhere``."""

    def __init__(self, pattern: re.Pattern[str], ends: str, anywhere: tuple[str, ...] = ()):
        self.pattern, self.ends, self.anywhere = pattern, frozenset(ends), anywhere

    def search(self, text: str) -> re.Match[str] | None:
        tail = text.rstrip()
        if tail.endswith(("。", ".")):
            tail = tail[:-1]
        if (tail and tail[-1] in self.ends) or any(key in text for key in self.anywhere):
            return self.pattern.search(text)
        return None


CAPTION_END = EndPattern(
    re.compile(
        r"(?:\s摄|[^\s]{1,12}\s?摄|摄影|供图|截图|资料图片?|视觉中国|新华社发|图片来源[:：]?\S{0,20}|[（(]图[)）]|"
        r"(?:记者|摄影师|通讯员)\s*[\u4e00-\u9fff]{2,4}\s*图|[（(](?:新华社|中新社|视觉中国|人民图片|IC photo)[^)）]{0,8}[)）])[。.]?\s*$"
    ),
    ends="摄影图片国发)）",
    anywhere=("图片来源",),  # its value (\S{0,20}) may end on anything
)
# Interface words that stand alone as a line: never a paragraph.
UI_WORDS = frozenset(
    [
        "关注",
        "已关注",
        "分享",
        "收藏",
        "评论",
        "点赞",
        "在看",
        "举报",
        "打印",
        "关闭",
        "返回",
        "顶部",
        "返回顶部",
        "更多",
        "展开",
        "收起",
        "全文",
        "阅读全文",
        "展开全文",
        "查看全文",
        "点击查看",
        "摘要",
        "分享让更多人看到",
        "下载",
        "上一页",
        "下一页",
        "首页",
        "尾页",
        "纠错",
        "字号",
        "大",
        "中",
        "小",
        "默认",
    ]
)
CREDIT_CUT_LABELS = frozenset(
    (
        "编辑",
        "责任编辑",
        "责编",
        "值班编辑",
        "网络编辑",
        "校对",
        "审核",
        "审校",
        "终审",
        "初审",
        "复审",
        "监制",
        "统筹",
    )
)
CAPTION_TEXT = re.compile(
    r"^(?:图[为：:]|图\s*\d+|▲|△|（图片来源|\(图片来源|图片来源|图/|资料图|图片：|摄影：)"
)

# Publication time in inline script data, a last resort before the URL:
# var ct = "1581517074", "publishDate":"2019-09-07T00:31:40Z", publish_time: '2020-02-11 18:47'
SCRIPT_DATE_RE = re.compile(
    r"""(?:\b(?:var\s+)?ct|publish_?time|publishDate|pubDate|pub_time|datePublished|publish_at|create_?time)"""
    r"""["']?\s*[:=]\s*["']?(?P<value>1[0-9]{9}(?:[0-9]{3})?(?![0-9])|(?:19|20)[0-9]{2}-[01][0-9]-[0-3][0-9](?:[ T][0-2][0-9]:[0-5][0-9](?::[0-5][0-9])?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?)""",
)
# Where a SCRIPT_DATE_RE match can start (a `ct` key may have `var ` before it): this pattern
# opens with plain letters, which the regex engine scans for fast; SCRIPT_DATE_RE does not.
SCRIPT_DATE_START = re.compile(r"""publish|pubDate|pub_time|datePublished|create|ct["']?\s*[:=]""")

# Which editor label wins when a page names several: the page's responsible editor
# (责任编辑) over an editing credit carried inside a republished text (编辑).
EDITOR_RANK = {
    "责任编辑": 0,
    "责编": 0,
    "值班编辑": 1,
    "网络编辑": 1,
    "编辑": 2,
    "编 辑": 2,
    "小编": 3,
}


# -- vocabulary the field modules match against ---------------------------------------------
# Badges and labels glued to a headline: 原创最不愁吃肉的国家, 标题：某市出台新政策
TITLE_BADGE = re.compile(r"^(?:原创|独家|转载|置顶|热|荐|推荐|视频|图集|专题)\s*")
TITLE_LABEL = re.compile(r"^(?:标\s*题|题\s*目|文章标题)\s*[:：]\s*")
# Inline styles that centre a line (headlines in table layouts, captions under photos)
CENTRED = KeyedPattern(re.compile(r"text-align\s*:\s*center", re.IGNORECASE), keys=(":",))

# Credit lines parted by spaces only: 编辑 刘茜 校对 赵琳
_CREDIT_WORDS = "编辑|责编|责任编辑|校对|审核|审校|监制|记者|作者|摄影|通讯员"
SPACED_CREDITS = re.compile(
    r"^(?:(?:" + _CREDIT_WORDS + r")\s+[\u4e00-\u9fff]{2,4}(?:\s+[\u4e00-\u9fff]{2,4})?\s*)+$"
)
SPACED_CREDIT_PAIR = re.compile(
    r"("
    + _CREDIT_WORDS
    + r")\s+([\u4e00-\u9fff]{2,4}(?:\s+(?!(?:"
    + _CREDIT_WORDS
    + r")(?:\s|$))[\u4e00-\u9fff]{2,4})?)(?=\s|$)"
)

# 观察者网阅读 35.6万: a counter run into the value by adjacent inline elements
GLUED_COUNTER = re.compile(
    r"\s*(?:阅读|浏览|点击|评论|参与)(?:量|数|次数)?\s*[:：]?\s*[\d.]+\s*[万千]?\+?.*$"
)
VALUE_JUNK = frozenset(
    [
        "举报",
        "分享",
        "打印",
        "收藏",
        "评论",
        "关注",
        "订阅",
        "字号",
        "纠错",
        "手机看",
        "扫一扫",
        "A+",
        "A-",
        "大",
        "中",
        "小",
        "默认",
        "原创",
        "参与",
        "我要评论",
        "我要分享",
        "复制链接",
        "手机阅读",
        "微信",
        "微博",
        "QQ空间",
        "参与互动",
        "阅读",
        "浏览",
        "点击",
    ]
)

# Class/id words of blocks inside a body container that are never body text
SKIP_BLOCK_ATTR = re.compile(
    r"share|comment|recommend|related|relate|tuijian|xiangguan|advert|\bads?\b|banner|copyright|"
    r"qrcode|ewm|erweima|\bprint\b|pager|page[-_]?nav|pagination|\btools?\b|footer|editor[-_]?info|"
    r"\bhot|rank|\bbreadcrumb|crumb|statement|disclaimer|promo",
    re.IGNORECASE,
)
# Link text run onto a paragraph's end: 返回搜狐，查看更多
TRAILING_PROMO = KeyedPattern(
    re.compile(
        r"\s*(?:返回\S{1,6}[，,]\s*查看更多|点击进入专题[:：]?.{0,20}|（?来源[:：]\s*网络）?)\s*$"
    ),
    keys=("查看更多", "点击进入专题", "网络"),
)

# Under the headline: the block naming the outlet or account (weak words), and elements
# whose class names it outright (strong words first)
ACCOUNT_ATTR = re.compile(
    r"source|author|name|account|media|from|pgc|nick|profile|meta|info|laiyuan|ly\b", re.IGNORECASE
)
# Class or id words naming the outlet (first) or the publishing account (second).
SOURCE_ATTRS = (
    re.compile(
        r"source|nick|account[-_]?name|js_name|media[-_]?name|laiyuan|wemedia", re.IGNORECASE
    ),
    re.compile(r"author[-_]?name|pgc", re.IGNORECASE),
)
NOT_SOURCE_ATTR = re.compile(r"img|pic|caption|photo|image", re.IGNORECASE)

# Labels that introduce a publication date
DATE_LABEL = re.compile(
    r"(?:发布|发表|发文|成文|生成|更新|上传|录入)?(?:时间|日期)\s*[:：]|发布于?\s*[:：]?|发表于|publish(?:ed)?\s*(?:on|at|:)?",
    re.IGNORECASE,
)


# == credits: source, editor, authors (issue 8) ====================================# Kept together so that the credit stage's vocabulary is read (and merged) in one place.

# Interface words and counters that run onto a labelled value: the value stops before them.
# Glued ones stop it anywhere; the short ones only after a space (人民网评论 is a name).
VALUE_STOP = re.compile(
    r"(?:发表评论|查看评论|网友评论|我来说两句|我要评论|第\s*\d+\s*页|共\s*\d+\s*页|【?字号|打印本页|进入.{1,6}论坛|"
    r"(?<=\s)(?:网友|评论|选稿|打印|点击|浏览|收藏|分享|更新|发布)|https?:|www\.).*$"
)
# A value's tail that continues an outlet's name after a space: 江西统计 公众号
OUTLET_CONTINUATION = re.compile(r"^(?:微信)?(?:公众号|客户端|APP|App|官方微博|官微|频道|网|报)$")
# Strings that are never an outlet although they stand where one does.
NOT_AN_OUTLET = re.compile(
    r"^(?:https?|www|互联网|网络|网络转载|转载|转载文章|转自网络|原创|本站|本网|未知|佚名|综合|网友|"
    r"不详|其他|其它|无|admin|null|none|网络整理|来源网络|整理)$|"
    r"^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$|"  # a host name: AUTO.SOHU.COM, biz.163.com
    r"[=<>\"]|"  # template debris: size="20"
    r"查看|进入|返回|旧版|导航|排行|登录|注册|首页|搜索|订阅|放大|缩小|默认|上一|下一|更多|推荐",  # interface words
    re.IGNORECASE,
)
# Outlets end so; a two- or three-character value that starts with a surname and does
# not end so is more likely a person (来源: 尹娟) than an outlet.
OUTLET_END = re.compile(
    r"(?:报|网|社|刊|台|志|讯|闻|局|办|部|委|院|校|会|馆|所|厅|处|站|中心|集团|公司|频道|号)$"
)
COMMON_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康"
    "施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成"
    "苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫"
    "费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝茉"
)
COMPOUND_SURNAMES = (
    "欧阳",
    "司马",
    "上官",
    "诸葛",
    "东方",
    "皇甫",
    "令狐",
    "慕容",
    "尉迟",
    "公孙",
    "司徒",
    "夏侯",
    "端木",
)
# Places that follow an outlet or a reporter's name (姚峰 上海报道): never a source or an author.
PLACES = frozenset(
    [
        "北京",
        "上海",
        "天津",
        "重庆",
        "河北",
        "山西",
        "辽宁",
        "吉林",
        "黑龙江",
        "江苏",
        "浙江",
        "安徽",
        "福建",
        "江西",
        "山东",
        "河南",
        "湖北",
        "湖南",
        "广东",
        "海南",
        "四川",
        "贵州",
        "云南",
        "陕西",
        "甘肃",
        "青海",
        "台湾",
        "内蒙古",
        "广西",
        "西藏",
        "宁夏",
        "新疆",
        "香港",
        "澳门",
        "石家庄",
        "太原",
        "沈阳",
        "长春",
        "哈尔滨",
        "南京",
        "杭州",
        "合肥",
        "福州",
        "南昌",
        "济南",
        "郑州",
        "武汉",
        "长沙",
        "广州",
        "海口",
        "成都",
        "贵阳",
        "昆明",
        "西安",
        "兰州",
        "西宁",
        "呼和浩特",
        "南宁",
        "拉萨",
        "银川",
        "乌鲁木齐",
        "深圳",
        "大连",
        "青岛",
        "宁波",
        "厦门",
        "苏州",
        "无锡",
        "台北",
        "华盛顿",
        "纽约",
        "伦敦",
        "巴黎",
        "东京",
        "莫斯科",
        "柏林",
        "首尔",
        "北京市",
        "上海市",
        "天津市",
        "重庆市",
    ]
)
WEEKDAY = re.compile(r"^(?:星期|礼拜|週|周)[一二三四五六日天]$")
# Source labels beyond the ones in LABELS that need no colon: (来源：新华网) in brackets.
BRACKETED_SOURCE = re.compile(
    r"[（(]\s*(?:来源|稿源|来自|转自|摘自)\s*[:：]\s*(?P<outlet>[^（）()]{2,30}?)\s*[)）]"
)
# The outlet credited where the text begins: 【看中国2005年07月03日报道】, 据新华社报道,
# 新华社拉萨2月12日电, 南方网讯: it must end like an outlet (or stand in 《》).
_OUTLET = r"(?:《(?P<quoted>[^》]{2,16})》|(?P<outlet>[\u4e00-\u9fffA-Za-z0-9·]{1,14}?(?:社|网|报|台|电视台|日报|晚报|周刊|新闻|客户端)))"
LEAD_SOURCE = (
    re.compile(
        r"^[【\[]\s*(?P<outlet>[^】\]\d\s]{2,12}?)\s*(?:\d{4}年)?\d{1,2}月\d{1,2}日?\s*(?:电|讯|报道|消息)\s*[】\]]"
    ),
    re.compile(
        r"^[【\[(（]?\s*据\s*"
        + _OUTLET
        + r"[\u4e00-\u9fff]{0,8}?(?:\d{1,2}月\d{1,2}日)?\s*(?:电|报道|消息)"
    ),
    re.compile(r"^[【\[]?\s*" + _OUTLET + r"[\u4e00-\u9fff]{0,8}?(?:\d{1,2}月\d{1,2}日)\s*电"),
    re.compile(r"^[【\[]?\s*(?!本)" + _OUTLET + r"讯"),
)
# A closing credit naming the periodical: ——《北京之春》1998年3月号, 转自《北京科技报》
CLOSING_SOURCE = re.compile(
    r"^\s*(?:(?:——|--|—|-)\s*(?:转自|摘自|选自|原载|原载于|转载自|刊于|来源于)?|(?:转自|摘自|选自|原载|原载于|转载自|刊于|来源于))"
    r"\s*《(?P<outlet>[^》]{2,16})》"
    r"(?:\s*(?:\d{4}\s*年)?\s*(?:第?\s*\d{1,4}\s*[期月号版]|\d{1,2}\s*月\s*\d{1,2}\s*日)?[^，。]{0,12})?\s*$"
)
# An editor credit in brackets after the outlet: （松花江网编辑 孙桂芳）
BRACKETED_EDITOR = re.compile(
    r"^[（(]\s*[\u4e00-\u9fffA-Za-z]{0,10}?(?:责任编辑|编辑|责编)\s*[:：]?\s*(?P<names>[^（）()]{2,20}?)\s*[)）]$"
)
# A byline anywhere in a short credit line: 整合 新华日报·交汇点记者 徐睿翔, 新华网黑龙江频道 记者 伊琳 李清芬
CREDIT_BYLINE = re.compile(
    r"(?:^|[\s·])(?:[\u4e00-\u9fff·]{0,14}?)(?:记者|通讯员|記者|特约撰稿人?)\s*[:：]?\s*"
    r"(?P<names>[\u4e00-\u9fff]{2,4}(?:[\s、，,]+[\u4e00-\u9fff]{2,4}){0,4})"
    r"\s*(?:(?:/?文|报道|報導|发自\S{0,6}|摄)(?=\s|$|\S{0,8}(?:供图|摄))|(?=\s|$))"
)
# Reporter credits closing the last paragraph: （姚峰 上海报道）, (记者 胡晓蓉)
CLOSING_REPORT = re.compile(
    r"[（(]\s*(?:[\u4e00-\u9fff]{0,8}?[记記]者\s*)?(?P<names>[\u4e00-\u9fff]{2,4}(?:[\s、，,]+[\u4e00-\u9fff]{2,4}){0,3})"
    r"\s*[/／]?\s*(?:[\u4e00-\u9fff]{2,4}\s*)?(?:报道|報導|发自[\u4e00-\u9fff]{2,6})\s*[)）]\s*$|"
    # (文/图 刘玺东 易赛楠), （作者：张三）
    r"[（(]\s*(?:文|图|文/图|图/文|文图|图文|作者|撰文)\s*[/／:：]?\s*(?:图\s*)?"
    r"(?P<credited>[\u4e00-\u9fff]{2,4}(?:[\s、，,]+[\u4e00-\u9fff]{2,4}){0,3})\s*[)）]\s*$"
)
# Extra labels for authors that the shared LABELS table lacks.
AUTHOR_LABELS = re.compile(r"(?:执笔人|撰稿人|编译|记者|通讯员|作者|文|記者)\s*[:：/／]\s*")
# Separators of a breadcrumb line under the headline (its items are columns, not outlets)
CRUMB_SEPARATOR = re.compile(r"\s*(?:>>|>|＞|»|›|→|/)\s*")
# An element in the meta line whose class names the writer (con1_author, writer): its text is
# an author, not the outlet beside the date. author-name / pgc name a platform's account instead.
AUTHOR_CLASS = re.compile(r"author|writer|zuozhe", re.IGNORECASE)
# Counters beside the date: 0人参与评论, 37评论, 1665次
COUNTER_TOKEN = re.compile(r"^\d+\s*(?:人|条|次|个|赞)")
# -- headline and meta line (title.py, published.py) -------------------------------------
# Markup escaped into a <meta> or <title> value: never part of a title.
MARKUP_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
# <meta> keys that name the site or the column: never the headline.
NAME_META = (
    "og:site_name",
    "sitename",
    "site_name",
    "application-name",
    "columnname",
    "column",
    "channel",
)
# A meta line: a full date, a US-order date, or a credit label with its colon.
META_LINE_HINT = re.compile(
    r"(?:19|20)\d{2}\s*[-/年.]\s*\d{1,2}\s*[-/月.]\s*\d{1,2}|\b\d{1,2}/\d{1,2}/(?:19|20)\d{2}\b|"
    r"(?:来源|作者|编辑|记者|发布|时间|日期|浏览|点击|稿源|出处|通讯员|供稿)\s*[:：]"
)
META_LINE_LABEL = re.compile(
    r"(?:来源|作者|编辑|记者|发布|时间|日期|浏览|点击|稿源|出处|通讯员|供稿)\s*[:：]"
)
SENTENCE_PUNCT = re.compile(r"[，。！？；]")
FONT_SIZE_PX = re.compile(r"font-size\s*:\s*(\d+(?:\.\d+)?)\s*px", re.IGNORECASE)
# A breadcrumb or a "首页 - 栏目" line: navigation, never a headline.
CRUMB_LINE = re.compile(
    r"^\s*(?:首页|主页|网站首页|当前位置|您的位置|你的位置|您现在的位置)\s*(?:[-:：>＞»›→/|]|$)|\s(?:>>?|＞|»|›|→)\s"
)
# <title> parts when looking for column and site names: a bare hyphen parts them too
# (学院新闻-通知公告-某大学), but not inside a number range (13-15岁).
TITLE_PART_SPLIT = re.compile(r"\s*(?:_|\||｜|--|—{1,2}|–|(?<!\d)-(?!\d)|:: |·\s|>)\s*")
TITLE_PART_SPLIT_KEEP = re.compile("(" + TITLE_PART_SPLIT.pattern + ")")
WORD_CHAR = re.compile(r"[\w\u4e00-\u9fff]")
