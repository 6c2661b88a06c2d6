"""Publication dates: fast patterns first, dateparser for relative and odd forms."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

__all__ = ["DEFAULT_TZ", "FoundDate", "date_from_url", "find_dates", "parse_date", "resolve_zone"]

DEFAULT_TZ = "Asia/Shanghai"

_ABS = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})(?:\s*(?P<s1>[-/年.])\s*|\s+(?=\d{1,2}[-/]\d))(?P<m>\d{1,2})\s*[-/月.]\s*(?P<d>\d{1,2})(?!\d)\s*日?"
    r"(?:\s*(?:T|\s|日)?\s*(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{1,2})(?:\s*[:：分]\s*(?P<S>\d{1,2}))?(?:\s*秒)?"
    r"(?:\.\d+)?\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?)?"
)
_COMPACT = re.compile(r"(?<!\d)(?P<y>20\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)(?P<H>[0-2]\d)?(?P<M>[0-5]\d)?(?P<S>[0-5]\d)?(?!\d)")
_SHORT_YEAR = re.compile(r"(?<![\d\-/])(?P<y>[012]\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\s*(?P<H>[0-2]\d):(?P<M>[0-5]\d)(?![\d:])")
_MONTH_DAY = re.compile(
    r"(?<![\d年])(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日(?:\s*(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{2}))?"
)
_MD_DASH = re.compile(r"(?<![\d\-/])(?P<m>[01]?\d)-(?P<d>[0-3]\d|[1-9])\s*(?P<H>[0-2]?\d):(?P<M>[0-5]\d)(?![\d])")
_RELATIVE = re.compile(
    r"(?P<n>\d+|[一二两三四五六七八九十]+)\s*(?P<unit>秒|分钟|小时|天|周|个月)前|刚刚|(?P<day>今天|昨天|前天)\s*(?P<H>\d{1,2})[:：](?P<M>\d{2})"
)
# The day an article URL spells out; the engine's last resort and the crawler's --since.
_URL_DATE = (
    re.compile(r"/(?P<y>(?:19|20)\d{2})[-_/]?(?P<m>[01]\d)[-_/]?(?P<d>[0-3]\d)/"),   # /2021/0316/ /2021-03/16/
    re.compile(r"[/_tT](?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)[_/.\-]"),   # t20210316_1.html
    re.compile(r"/(?P<y>(?:19|20)\d{2})[-/](?P<m>[01]?\d)[-/](?P<d>[0-3]?\d)/"),     # /art/2021/3/16/
    re.compile(r"/(?P<y>(?:19|20)\d{2})_(?P<m>[01]\d)_(?P<d>[0-3]\d)_"),             # /2019_09_07_516891
    re.compile(r"/(?P<y>\d{2})/(?P<m>[01]\d)(?P<d>[0-3]\d)/"),                      # 163: /19/0907/09/
)


@dataclass(slots=True)
class FoundDate:
    value: datetime  # naive wall-clock time in the page's zone, unless aware
    precision: str  # day | minute | second
    raw: str
    start: int = 0

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
    try:
        return ZoneInfo(name or DEFAULT_TZ)
    except Exception:
        return timezone(timedelta(hours=8))


def _mk(y: int, m: int, d: int, H=None, M=None, S=None, tz: str | None = None) -> tuple[datetime, str] | None:
    try:
        if H is None or M is None:
            return datetime(y, m, d), "day"
        S_ = int(S) if S is not None else 0
        dt = datetime(y, m, d, int(H), int(M), S_)
    except ValueError:
        return None
    if tz:
        if tz == "Z":
            dt = dt.replace(tzinfo=UTC)
        else:
            sign = 1 if tz[0] == "+" else -1
            hh, mm = int(tz[1:3]), int(tz[-2:])
            dt = dt.replace(tzinfo=timezone(sign * timedelta(hours=hh, minutes=mm)))
    return dt, ("second" if S is not None else "minute")


def find_dates(text: str, *, now: datetime | None = None, relative: bool = True,
               year_hint: int | None = None) -> list[FoundDate]:
    """Every plausible date in ``text``, in order of appearance.

    A date shown without its year (3月16日, 09-30 22:46) takes ``year_hint`` (a year
    the page states elsewhere), else the latest year that does not put it after ``now``.
    """
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for m in _ABS.finditer(text):
        made = _mk(int(m["y"]), int(m["m"]), int(m["d"]), m["H"], m["M"], m["S"], m["tz"])
        if made and 1990 <= made[0].year <= 2100:
            found.append(FoundDate(made[0], made[1], m.group(0).strip(), m.start()))
            taken.append(m.span())
    base = now or datetime.now()

    def free(span: tuple[int, int]) -> bool:
        return not any(a < span[1] and span[0] < b for a, b in taken)

    for m in _SHORT_YEAR.finditer(text):
        if free(m.span()) and (made := _mk(2000 + int(m["y"]), int(m["m"]), int(m["d"]), m["H"], m["M"])):
            found.append(FoundDate(made[0], made[1], m.group(0).strip(), m.start()))
            taken.append(m.span())

    for m in _MONTH_DAY.finditer(text):
        if not free(m.span()):
            continue
        if year_hint:
            made = _mk(year_hint, int(m["m"]), int(m["d"]), m["H"], m["M"])
            if made:
                found.append(FoundDate(made[0], made[1], m.group(0).strip(), m.start()))
                taken.append(m.span())
            continue
        year = base.year
        made = _mk(year, int(m["m"]), int(m["d"]), m["H"], m["M"])
        if made and made[0].replace(tzinfo=None) > base.replace(tzinfo=None) + timedelta(days=2):
            made = _mk(year - 1, int(m["m"]), int(m["d"]), m["H"], m["M"])
        if made:
            found.append(FoundDate(made[0], made[1], m.group(0).strip(), m.start()))
            taken.append(m.span())
    for m in _MD_DASH.finditer(text):
        if not free(m.span()):
            continue
        made = _mk(year_hint or base.year, int(m["m"]), int(m["d"]), m["H"], m["M"])
        if made and not year_hint and made[0] > base.replace(tzinfo=None) + timedelta(days=2):
            made = _mk(base.year - 1, int(m["m"]), int(m["d"]), m["H"], m["M"])
        if made:
            found.append(FoundDate(made[0], made[1], m.group(0).strip(), m.start()))
            taken.append(m.span())
    if relative:
        for m in _RELATIVE.finditer(text):
            if not free(m.span()):
                continue
            parsed = _relative(m, base)
            if parsed:
                found.append(FoundDate(parsed[0], parsed[1], m.group(0).strip(), m.start()))
    found.sort(key=lambda f: f.start)
    return found


_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"秒": timedelta(seconds=1), "分钟": timedelta(minutes=1), "小时": timedelta(hours=1),
          "天": timedelta(days=1), "周": timedelta(weeks=1), "个月": timedelta(days=30)}
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

    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month", "year"]}
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
