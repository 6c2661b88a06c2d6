"""Credit lines read as text: labelled values, outlets, editors and personal names.

The credit stage (``credits``) decides which evidence wins; this module only says
what one line or one value holds and where a value ends: at the next label, at a
separator or a wide gap, at interface words (发表评论, 第1页/共1页), at a weekday, a
place or a person's name after an outlet.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import rules
from .dom import collapse

__all__ = [
    "byline_authors",
    "clean_editor",
    "clean_names",
    "clean_source",
    "closing_names",
    "closing_source",
    "credit_byline",
    "dateline_authors",
    "lead_source",
    "looks_like_person",
    "names_no_outlet",
    "parse_labels",
    "unlabeled_source",
]

_TRAILING_JUNK = re.compile(r"[\s:：,，;；。|｜/、\-—_·•)）\]】]+$")
_LEADING_JUNK = re.compile(r"^[\s:：,，;；。|｜/、\-—_·•\[【(（]+")
_DATE_IN_LINE = re.compile(
    r"(?:19|20)\d{2}\s*[-/年.]\s*\d{1,2}\s*[-/月.]\s*\d{1,2}\s*日?(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?"
    r"(?:\s*(?:AM|PM|上午|下午))?|\d{1,2}[:：]\d{2}(?:[:：]\d{2})?"
)
# Outlets on these portals are named in Han characters or Latin letters; Cyrillic or Hangul
# in the slot is mis-decoded text or another portal's interface.
_FOREIGN_SCRIPT = re.compile(r"[\u0400-\u04ff\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
_POSTER = re.compile(r"\S+\s*(?:发表于|发表|张贴|发布于|发贴|发帖|posted|@)", re.IGNORECASE)
_EDITION = re.compile(r"第\s*[0-9A-Z]{1,3}\s*版")
_OTHER_LABEL = re.compile(r"[\u4e00-\u9fffA-Za-z]{1,8}\s*[:：]\s*\S*")
_SPLIT_NAME = re.compile(
    r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff])\s([\u4e00-\u9fff])(?![\u4e00-\u9fff])"
)


def _label_matches(text: str) -> list[tuple[re.Match[str], str]]:
    matches = []
    for m in rules.LABEL_RE.finditer(text):
        label = re.sub(r"\s+", "", m.group("label") or m.group("bare"))
        if len(label) == 1 and m.start() > 0 and "\u4e00" <= text[m.start() - 1] <= "\u9fff":
            continue  # 原文： / 全文： are not the 文 label
        if label == "编辑" and m.start() > 0 and text[m.start() - 1] in "责任值班网络":
            continue
        matches.append((m, label))
    return matches


def parse_labels(text: str) -> list[tuple[str, str, str]]:
    """(field, value, label) for every label in a meta line, in order."""
    return list(_parse_labels(text))


@lru_cache(maxsize=4096)
def _parse_labels(text: str) -> tuple[tuple[str, str, str], ...]:
    # cached: the date, credit and body stages read the same meta lines (4 calls in 10 repeat one)
    if rules.SPACED_CREDITS.match(
        text
    ):  # 编辑 刘茜 校对 赵琳: labels and names parted by spaces only
        return tuple(
            (rules.FIELD_OF_LABEL.get(label, "stop"), value, label)
            for label, value in rules.SPACED_CREDIT_PAIR.findall(text)
        )
    out: list[tuple[str, str, str]] = []
    matches = _label_matches(text)
    for i, (m, label) in enumerate(matches):
        end = matches[i + 1][0].start() if i + 1 < len(matches) else len(text)
        raw = _LEADING_JUNK.sub(
            "", text[m.end() : end]
        )  # 来源：[ 人民网 ]: the bracket opens the value
        cut = rules.VALUE_END.search(raw)
        value = raw[: cut.start()] if cut else raw
        value = rules.VALUE_STOP.sub("", value)
        value = _TRAILING_JUNK.sub("", value).strip()
        value = _cut_junk(rules.GLUED_COUNTER.sub("", value))
        fieldname = rules.FIELD_OF_LABEL.get(label, "stop")
        if fieldname in (
            "author",
            "editor",
            "source",
        ):  # 文｜财新 张宇哲 王立彬2021年03月16日: the date ends it
            value = _DATE_IN_LINE.split(value, maxsplit=1)[0].strip()
        out.append((fieldname, value, label))
    return tuple(out)


def _cut_junk(value: str) -> str:
    tokens = value.split(" ")
    kept: list[str] = []
    for token in tokens:
        if token in rules.VALUE_JUNK or re.fullmatch(r"\d+(?:人参与|条评论|评论|次)?", token):
            break
        kept.append(token)
    return " ".join(kept)


def looks_like_person(value: str) -> bool:
    """尹娟, 欧阳修: two to four Han characters that start with a surname and end unlike an outlet."""
    if not re.fullmatch(r"[\u4e00-\u9fff]{2,4}", value) or rules.OUTLET_END.search(value):
        return False
    if value.startswith(rules.COMPOUND_SURNAMES):
        return len(value) >= 3
    return value[0] in rules.COMMON_SURNAMES and len(value) <= 3


def _is_place(token: str) -> bool:
    """上海, 北京市, 山东冠县: a place (a province's name opening a county's is one too)."""
    if token in rules.PLACES or (
        len(token) >= 3 and token[:-1] in rules.PLACES and token[-1] in "市省县区"
    ):
        return True
    return (
        len(token) <= 8
        and token[-1] in "市县区镇乡"
        and any(token.startswith(p) for p in rules.PLACES if len(p) >= 2)
    )


def _outlet_token_ok(token: str) -> bool:
    return not (
        rules.WEEKDAY.match(token)
        or _is_place(token)
        or looks_like_person(token)
        or token in rules.VALUE_JUNK
        or rules.NOT_AN_OUTLET.search(token)
    )


def clean_source(value: str | None) -> str | None:
    """The outlet in a source value, or None when the value names none (http, 互联网, a person)."""
    if not value:
        return None
    value = collapse(rules.VALUE_STOP.sub("", collapse(value)))
    value = re.sub(r"\s*(?:\d{4}[-/年]\d{1,2}[-/月]\d{1,2}.*)$", "", value)
    value = _TRAILING_JUNK.sub("", _LEADING_JUNK.sub("", value))
    tokens = value.split(" ")
    kept = tokens[:1]
    for token in tokens[
        1:
    ]:  # 江西统计 公众号 / China Daily continue the name; 上海, 星期二, 张三 do not
        latin = re.fullmatch(r"[A-Za-z][\w&.'-]*", token) and re.search(r"[A-Za-z]$", kept[-1])
        if not (rules.OUTLET_CONTINUATION.match(token) or latin):
            break
        kept.append(token)
    value = " ".join(kept)
    if re.fullmatch(r"《[^《》]+》", value):
        value = value[1:-1]
    if (
        not value
        or len(value) > 40
        or rules.NOT_AN_OUTLET.search(value)
        or value in rules.NOT_A_SOURCE
    ):
        return None
    if (
        rules.WEEKDAY.match(value)
        or _is_place(value)
        or looks_like_person(value)
        or _FOREIGN_SCRIPT.search(value)
    ):
        return None
    return value


def clean_editor(value: str | None) -> str | None:
    if not value:
        return None
    value = _SPLIT_NAME.sub(r"\1\2", collapse(re.sub(r"[、,，;；/]", " ", value)))
    names: list[str] = []
    for token in value.split(" "):
        token = rules.STAFF_CODE.sub("", token).strip()
        token = _TRAILING_JUNK.sub("", _LEADING_JUNK.sub("", token))
        if (
            names
            and re.fullmatch(r"[A-Za-z]{1,4}\d{2,}", token)
            and re.search(r"[\u4e00-\u9fff]", names[-1])
        ):
            continue  # 韩保林 PK155: a staff code after the name
        if token:
            names.append(token)
    value = " ".join(names)
    if not value or len(value) > 30 or re.search(r"\d{4}", value):
        return None
    return value


def _split_glued(token: str) -> list[str]:
    """罗科苏盈: four characters glued from two two-character names (both halves start with a surname)."""
    if (
        len(token) == 4
        and not token.startswith(rules.COMPOUND_SURNAMES)
        and token[0] in rules.COMMON_SURNAMES
        and token[2] in rules.COMMON_SURNAMES
    ):
        return [token[:2], token[2:]]
    return [token]


def clean_names(value: str) -> list[str]:
    """Names from a byline value: 记者 张三 李四 / 张三、李四 / 文/张三."""
    value = re.sub(r"(?:报道|報導|发自\S*|摄影?|摄|采写|整理|编译|综合)$", "", value.strip())
    value = re.sub(
        r"[\u4e00-\u9fff《》·]{0,12}?(?:记者|記者|通讯员|实习生)(?=\s|[:：]|[\u4e00-\u9fff]{2,4}(?:[\s、，,;；/／&＆]|$))",
        " ",
        value,
    )
    value = re.sub(r"(?:作者|撰文|撰稿|执笔人?|采写)\s*[:：/]?", " ", value)
    value = re.sub(r"[（(][^）)]*[）)]", " ", value)
    value = re.sub(r"(?:报道|報導|发自\S*|摄影?|摄|采写|整理|编译|综合)$", "", value.strip())
    value = _SPLIT_NAME.sub(r"\1\2", value)  # 杨 帆: a two-character name padded with a space
    names: list[str] = []
    for token in rules.NAME_SPLIT.split(value):
        token = rules.STAFF_CODE.sub("", token.strip("·. "))
        if (
            not token
            or token in rules.NOT_A_NAME
            or rules.ORGANISATION.search(token)
            or _is_place(token)
        ):
            continue
        if rules.WEEKDAY.match(token):
            continue
        if rules.CJK_NAME.match(token) or rules.LATIN_NAME.match(token):
            for name in _split_glued(token):
                if name not in names:
                    names.append(name)
    return names


def dateline_authors(paragraph: str) -> list[str]:
    lead = re.match(r"^【([^】]{2,60}?(?:记者|通讯员)[^】]{2,40})】", paragraph)
    if lead:
        return clean_names(lead.group(1))
    m = rules.DATELINE_RE.match(paragraph)
    if not m:
        return []
    names = m.group("names")
    if re.search(r"\d|[。，]", names):
        return []
    return clean_names(names)


def closing_names(paragraph: str) -> list[str]:
    """（王小明） or （姚峰 上海报道） closing the last paragraph, after its last sentence: a
    bracket that ends a phrase (计算机技术（专业学位）) is part of the text, not a credit."""
    if len(paragraph) < 20:
        return []
    m = rules.CLOSING_NAMES_RE.search(paragraph) or rules.CLOSING_REPORT.search(paragraph)
    if m is None or not rules.SENTENCE_END.search(paragraph[: m.start()].rstrip()):
        return []
    return clean_names(m.group("names") or m.group("credited"))


def byline_authors(paragraph: str, *, lone: bool = False) -> list[str] | None:
    """Names when a whole paragraph is a byline (文/张三, 记者 张三 通讯员 李四), else None.

    With ``lone`` (lines inside the text, where navigation words do not stand), a line of
    bare names is a byline too: 胡平 under an in-body title, （袁源） closing the text.
    """
    if len(paragraph) > 40:
        return None
    wrapped = re.fullmatch(r"[（(]\s*(.+?)\s*[)）]", paragraph)
    inner = wrapped.group(1) if wrapped else paragraph
    if lone and all(looks_like_person(t) for t in rules.NAME_SPLIT.split(inner) if t):
        return clean_names(inner) or None  # 胡平 under an in-body title, （袁源） closing the text
    if wrapped:  # （记者 张强 通讯员 王丽） closing the body
        if re.match(r"^[\u4e00-\u9fff]{0,8}?(?:记者|通讯员)|^(?:作者|文|撰稿)", inner):
            return clean_names(inner) or None
        return None
    m = rules.BYLINE_RE.match(paragraph)
    if not m:
        labelled = [v for f, v, _ in parse_labels(paragraph) if f == "author"]
        if labelled and re.match(r"^\S{0,8}?(?:作者|执笔|采写|撰文|撰稿|文|编译)", paragraph):
            return [n for v in labelled for n in clean_names(v)] or None
        return credit_byline(paragraph) or None
    return clean_names(paragraph) or None


def credit_byline(line: str) -> list[str]:
    """A short credit line naming reporters after their outlet: 整合 新华日报·交汇点记者 徐睿翔."""
    if len(line) > 40 or re.search(r"[，。！？；]", line):
        return []
    m = rules.CREDIT_BYLINE.search(line)
    return clean_names(m.group("names")) if m else []


def unlabeled_source(line: str) -> tuple[str | None, list[str]]:
    """An outlet named beside the date with no label ("2019-09-26 10:56:28 证券时报网"),
    and the names standing there too ("2004年7月16日08:19 [ 黄宇 ] 来源：…")."""
    if len(line) > 120 or not _DATE_IN_LINE.search(line) or _EDITION.search(line):
        return None, []  # 湖南日报 2023年06月12日 第02版: an e-paper's edition header, not a credit
    rest = line
    for _field, value, label in parse_labels(line):
        rest = (
            rest.replace(label, " ", 1).replace(value, " ", 1)
            if value
            else rest.replace(label, " ", 1)
        )
    rest = re.sub(
        r"[(（][^()（）]*[)）]", " ", rest
    )  # 查看旧版(2007年11月18号以前): an aside, never the outlet
    rest = _DATE_IN_LINE.sub(" ", rest)
    rest = _POSTER.sub(
        " ", rest
    )  # ggjjzhzz 发表于…, 由海姑娘张贴 @…: the poster's name, not an outlet
    rest = _OTHER_LABEL.sub(
        " ", rest
    )  # 文号： 兴建字〔2023〕8号: a label the table does not know, and its value
    rest = re.sub(r"https?://\S+|[:：]", " ", rest)
    names: list[str] = []
    outlet = None
    for token in (t for t in re.split(r"\s+|[|｜\[\]【】()（）]", rest) if t):
        if looks_like_person(token) and token not in rules.NOT_A_NAME:
            names.append(token)
            continue
        if (
            outlet
            or token in rules.VALUE_JUNK
            or token in rules.NOT_A_SOURCE
            or rules.VALUE_STOP.match(token)
        ):
            continue
        if (
            re.search(r"\d{2}|[，。！？、]|^\W+$|更新$", token)
            or rules.COUNTER_TOKEN.match(token)
            or not (2 <= len(token) <= 16)
        ):
            continue
        outlet = clean_source(token)
    return outlet, names


def names_no_outlet(line: str) -> bool:
    """A poster's line (ggjjzhzz 发表于…) or an e-paper's edition header (第02版): no outlet credit."""
    return bool(_POSTER.search(line) or _EDITION.search(line))


def lead_source(paragraph: str) -> str | None:
    """The outlet credited where the text begins: 【看中国…报道】, 据新华社报道, 新华社…电, 南方网讯."""
    m = rules.BRACKETED_SOURCE.search(paragraph[:80])
    if m:
        return clean_source(m.group("outlet"))
    for pattern in rules.LEAD_SOURCE:
        m = pattern.match(paragraph)
        if m:
            groups = m.groupdict()
            return clean_source(groups.get("quoted") or groups.get("outlet"))
    return None


def closing_source(line: str) -> str | None:
    """——《北京之春》1998年3月号, 转自《北京科技报》, （来源：新华网） closing the text."""
    if len(line) > 60:
        return None
    m = rules.CLOSING_SOURCE.match(line) or rules.BRACKETED_SOURCE.search(line)
    return clean_source(m.group("outlet")) if m else None
