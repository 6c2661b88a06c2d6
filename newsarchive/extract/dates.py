"""Publication dates: fast patterns first, dateparser for relative and odd forms."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["DEFAULT_TZ", "FoundDate", "date_from_url", "find_dates", "parse_date", "resolve_zone"]

DEFAULT_TZ = "Asia/Shanghai"

# A weekday, a half-day word and a clock suffix or zone that may stand around the time:
# 2021年3月16日 星期二 下午3:20, 7/5/2005 9:23:57 PM, 2005-07-05 13:23 GMT, 週二 上午 10:05
_WEEKDAY = r"(?:\s*[（(]?\s*(?:星期|週|周|礼拜|禮拜)[一二三四五六日天]\s*[）)]?)?"
_CLOCK = (
    r"(?P<ap>上午|下午|中午|晚上|凌晨|早上|傍晚|晚間|晚间)?\s*(?P<H>\d{1,2})\s*[:：时時]\s*(?P<M>\d{1,2})"
    r"(?:\s*[:：分]\s*(?P<S>\d{1,2}))?(?:\s*秒)?(?:\.\d+)?"
    r"\s*(?P<ampm>[AaPp]\.?[Mm]\.?(?![A-Za-z]))?"
    r"(?:\s*[（(]?\s*(?P<tz>Z|[+-]\d{2}:?\d{2}|(?:GMT|UTC)(?:\s*[+-]\d{1,2}(?::?\d{2})?)?))?"
)
_ABS = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})(?:\s*(?P<s1>[-/年.])\s*|\s+(?=\d{1,2}[-/]\d))(?P<m>\d{1,2})\s*[-/月.]\s*(?P<d>\d{1,2})(?!\d)\s*日?"
    + _WEEKDAY
    + r"(?:\s*(?:T|\s|日)?\s*"
    + _CLOCK
    + ")?"
)
# US order, month first (a day over 12 first means day first): 7/5/2005 9:23:57 PM
_US = re.compile(
    r"(?<![\d/])(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>(?:19|20)\d{2})(?![\d/])"
    + _WEEKDAY
    + r"(?:\s+"
    + _CLOCK
    + ")?"
)
_COMPACT = re.compile(
    r"(?<!\d)(?P<y>20\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)(?P<H>[0-2]\d)?(?P<M>[0-5]\d)?(?P<S>[0-5]\d)?(?!\d)"
)
_SHORT_YEAR = re.compile(
    r"(?<![\d\-/])(?P<y>[012]\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\s*(?P<H>[0-2]\d):(?P<M>[0-5]\d)(?![\d:])"
)
_MONTH_DAY = re.compile(
    r"(?<![\d年])(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日(?:\s*(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{2}))?"
)
_MD_DASH = re.compile(
    r"(?<![\d\-/])(?P<m>[01]?\d)-(?P<d>[0-3]\d|[1-9])\s*(?P<H>[0-2]?\d):(?P<M>[0-5]\d)(?![\d])"
)
_RELATIVE = re.compile(
    r"(?P<n>\d+|[一二两三四五六七八九十]+)\s*(?P<unit>秒|分钟|小时|天|周|个月)前|刚刚|(?P<day>今天|昨天|前天)\s*(?P<H>\d{1,2})[:：](?P<M>\d{2})"
)
# The day an article URL spells out; the engine's last resort and the crawler's --since.
_URL_DATE = (
    re.compile(
        r"/(?P<y>(?:19|20)\d{2})[-_/]?(?P<m>[01]\d)[-_/]?(?P<d>[0-3]\d)/"
    ),  # /2021/0316/ /2021-03/16/
    re.compile(
        r"[/_tT](?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)[_/.\-]"
    ),  # t20210316_1.html
    re.compile(r"/(?P<y>(?:19|20)\d{2})[-/](?P<m>[01]?\d)[-/](?P<d>[0-3]?\d)/"),  # /art/2021/3/16/
    re.compile(r"/(?P<y>(?:19|20)\d{2})_(?P<m>[01]\d)_(?P<d>[0-3]\d)_"),  # /2019_09_07_516891
    re.compile(r"/(?P<y>\d{2})/(?P<m>[01]\d)(?P<d>[0-3]\d)/"),  # 163: /19/0907/09/
)


@dataclass(slots=True)
class FoundDate:
    value: datetime  # naive wall-clock time in the page's zone, unless aware
    precision: str  # day | minute | second
    raw: str
    start: int = 0
    ambiguous: bool = False  # 06/02/2022: month and day could be read either way

    def swapped(self) -> FoundDate | None:
        """The other reading of an ambiguous numeric date (day first instead of month first)."""
        if not self.ambiguous:
            return None
        try:
            value = self.value.replace(month=self.value.day, day=self.value.month)
        except ValueError:
            return None
        return FoundDate(value, self.precision, self.raw, self.start)

    def iso(self, zone: tzinfo) -> str:
        if self.precision == "day":
            return self.value.strftime("%Y-%m-%d")
        dt = self.value
        if dt.tzinfo is None:
            dt = dt.replace(tzinfo=zone)
        else:
            dt = dt.astimezone(zone)
        if self.precision == "minute":
            dt = dt.replace(second=0)
        return dt.replace(microsecond=0).isoformat()


def resolve_zone(name: str | None) -> tzinfo:
    """The zone called ``name`` (default Asia/Shanghai); ValueError when the name is unknown.

    A misspelt zone must not read every date silently as UTC+8. Only the default falls
    back to a fixed +08:00, on a machine without a zone database (no tzdata).
    """
    if not name:
        try:
            return ZoneInfo(DEFAULT_TZ)
        except (ZoneInfoNotFoundError, ValueError):
            return timezone(timedelta(hours=8))
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ValueError(
            f"unknown time zone {name!r}: expected an IANA name, e.g. Asia/Shanghai or UTC"
        ) from None


def _mk(
    y: int, m: int, d: int, H=None, M=None, S=None, tz: str | None = None, half: str | None = None
) -> tuple[datetime, str] | None:
    try:
        if H is None or M is None:
            return datetime(y, m, d), "day"
        hour = _clock_hour(int(H), half)
        dt = datetime(y, m, d, hour, int(M), int(S) if S is not None else 0)
    except ValueError:
        return None
    if tz:
        dt = dt.replace(tzinfo=_zone_of(tz))
    return dt, ("second" if S is not None else "minute")


_AFTERNOON = ("下午", "晚上", "傍晚", "晚間", "晚间", "pm", "p.m.", "p.m", "pm.")
_MORNING = ("上午", "凌晨", "早上", "am", "a.m.", "a.m", "am.")


def _clock_hour(hour: int, half: str | None) -> int:
    """A 12-hour clock read with its half-day word: 下午3:20 and 9:23 PM are afternoon times."""
    half = (half or "").lower()
    if half in _AFTERNOON and hour < 12:
        return hour + 12
    if half == "中午" and hour < 6:  # 中午1:00 is 13:00
        return hour + 12
    if half in _MORNING and hour == 12:
        return 0
    return hour


def _zone_of(tz: str) -> tzinfo:
    """Z, +08:00, GMT, GMT+8, UTC-05:00 as a fixed offset."""
    if tz == "Z" or tz in ("GMT", "UTC"):
        return UTC
    m = re.search(r"([+-])(\d{1,2})(?::?(\d{2}))?$", tz)
    if not m:
        return UTC
    sign = 1 if m.group(1) == "+" else -1
    return timezone(sign * timedelta(hours=int(m.group(2)), minutes=int(m.group(3) or 0)))


def _from_match(m: re.Match[str]) -> tuple[datetime, str] | None:
    """A full date match (_ABS or _US) made into a datetime; day-first when the month is over 12."""
    month, day = int(m["m"]), int(m["d"])
    if month > 12 and day <= 12:
        month, day = day, month
    made = _mk(int(m["y"]), month, day, m["H"], m["M"], m["S"], m["tz"], m["ap"] or m["ampm"])
    return made if made and 1990 <= made[0].year <= 2100 else None


@dataclass(frozen=True, slots=True)
class _Reading:
    """What a pattern's match means, given the page's year and ``now``."""

    year_hint: int | None
    base: datetime


def _read_full(m: re.Match[str], r: _Reading) -> FoundDate | None:
    made = _from_match(m)
    if made is None:
        return None
    ambiguous = m.re is _US and int(m["m"]) <= 12 and int(m["d"]) <= 12 and m["m"] != m["d"]
    return FoundDate(made[0], made[1], m.group(0).strip(), m.start(), ambiguous)


def _read_short_year(m: re.Match[str], r: _Reading) -> FoundDate | None:
    made = _mk(2000 + int(m["y"]), int(m["m"]), int(m["d"]), m["H"], m["M"])
    return FoundDate(made[0], made[1], m.group(0).strip(), m.start()) if made else None


def _read_year_less(m: re.Match[str], r: _Reading) -> FoundDate | None:
    # a date without its year takes the page's year (URL, metadata, a dated line): never today's
    if not r.year_hint:
        return None
    made = _mk(r.year_hint, int(m["m"]), int(m["d"]), m["H"], m["M"])
    return FoundDate(made[0], made[1], m.group(0).strip(), m.start()) if made else None


def _read_relative(m: re.Match[str], r: _Reading) -> FoundDate | None:
    parsed = _relative(m, r.base)
    return FoundDate(parsed[0], parsed[1], m.group(0).strip(), m.start()) if parsed else None


# (pattern, reader, relative): tried in order; a later pattern never reads text an earlier one took
_READERS: tuple[
    tuple[re.Pattern[str], Callable[[re.Match[str], _Reading], FoundDate | None], bool], ...
] = (
    (_ABS, _read_full, False),
    (_US, _read_full, False),
    (_SHORT_YEAR, _read_short_year, False),
    (_MONTH_DAY, _read_year_less, False),
    (_MD_DASH, _read_year_less, False),
    (_RELATIVE, _read_relative, True),
)


def find_dates(
    text: str, *, now: datetime | None = None, relative: bool = True, year_hint: int | None = None
) -> list[FoundDate]:
    """Every plausible date in ``text``, in order of appearance.

    A date shown without its year (3月16日, 09-30 22:46) takes ``year_hint`` (a year the
    page states elsewhere); without one it is no date (never today's year). Relative
    forms (3小时前, 昨天 18:52) are read against ``now`` when ``relative`` is true.
    """
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    reading = _Reading(year_hint, now or datetime.now())
    for pattern, reader, is_relative in _READERS:
        if is_relative and not relative:
            continue
        for m in pattern.finditer(text):
            span = m.span()
            if any(a < span[1] and span[0] < b for a, b in taken):
                continue
            date = reader(m, reading)
            if date is not None:
                found.append(date)
                taken.append(span)
    found.sort(key=lambda f: f.start)
    return found


_CN_DIGITS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {
    "秒": timedelta(seconds=1),
    "分钟": timedelta(minutes=1),
    "小时": timedelta(hours=1),
    "天": timedelta(days=1),
    "周": timedelta(weeks=1),
    "个月": timedelta(days=30),
}
_DAYS_BACK = {"今天": 0, "昨天": 1, "前天": 2}


def _cn_number(text: str) -> int:
    """3, 十, 十二, 二十, 二十三: the small numbers relative times use."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _CN_DIGITS.get(tens, 1) * 10 + _CN_DIGITS.get(ones, 0)
    return _CN_DIGITS.get(text, 0)


def _relative(m: re.Match[str], base: datetime) -> tuple[datetime, str] | None:
    """3小时前, 昨天 18:52, 刚刚 resolved against ``base`` (the pattern already split them)."""
    base = base.replace(tzinfo=None, microsecond=0)
    if m["day"]:
        day = base - timedelta(days=_DAYS_BACK[m["day"]])
        try:
            return day.replace(hour=int(m["H"]), minute=int(m["M"]), second=0), "minute"
        except ValueError:
            return None
    if not m["unit"]:  # 刚刚
        return base.replace(second=0), "minute"
    when = base - _cn_number(m["n"]) * _UNITS[m["unit"]]
    if m["unit"] == "秒":
        return when, "second"
    if m["unit"] in ("分钟", "小时"):
        return when.replace(second=0), "minute"
    return datetime(when.year, when.month, when.day), "day"


def _dateparser(value: str, now: datetime | None) -> FoundDate | None:
    """The rest: forms no pattern here knows (Tue, 16 Mar 2021 10:20:00 GMT; March 16, 2021)."""
    if not re.search(r"\d", value) or len(value) > 64:
        return None
    import dateparser  # imported lazily: slow to load, and rarely needed

    settings: dict[str, object] = {
        "PREFER_DATES_FROM": "past",
        "REQUIRE_PARTS": ["day", "month", "year"],
    }
    if now is not None:
        settings["RELATIVE_BASE"] = now.replace(tzinfo=None)
    try:
        dt = dateparser.parse(value, settings=settings)  # type: ignore[arg-type]
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    if dt is None:
        return None
    clock = re.search(r"\d{1,2}:\d{2}(:\d{2})?", value)
    precision = ("second" if clock.group(1) else "minute") if clock else "day"
    if precision == "day":
        dt = datetime(dt.year, dt.month, dt.day)
    return FoundDate(dt, precision, value)


def parse_date(value: str, *, now: datetime | None = None) -> FoundDate | None:
    """The first date in a short string (a <meta> value, a JSON-LD field)."""
    value = value.strip()
    if not value:
        return None
    dates = find_dates(value, now=now)
    if dates:
        return dates[0]
    m = _COMPACT.search(value)
    if m:
        made = _mk(int(m["y"]), int(m["m"]), int(m["d"]), m["H"], m["M"], m["S"])
        if made:
            return FoundDate(made[0], made[1], value)
    if value.isdigit() and len(value) in (10, 13):  # epoch seconds / milliseconds
        secs = int(value) / (1000 if len(value) == 13 else 1)
        dt = datetime.fromtimestamp(secs, tz=UTC)
        return FoundDate(dt, "second", value)
    return _dateparser(value, now)


def date_from_url(url: str | None) -> FoundDate | None:
    if not url:
        return None
    for pattern in _URL_DATE:
        m = pattern.search(url)
        if m:
            y = int(m["y"])
            if y < 100:
                y += 2000
            try:
                return FoundDate(datetime(y, int(m["m"]), int(m["d"])), "day", m.group(0))
            except ValueError:
                continue
    return None
