"""The diary typed by hand (booked hours per day, days off), in the date style of the user's language.

A line is read the way people write it: "26-11-2026 5", "26/11 5", "26 nov: 5", "nov 26 5h", "26 nov 2,5".
ISO dates (2026-11-26) always work; numeric dates follow the day/month order of the language's locale
(Babel); month names and their abbreviations come from Babel too. A date without a year is the next such date
on or after today. Days off also take ranges: "24-12-2026 .. 31-12-2026", "24 dec - 31 dec", "24 t/m 31 dec".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, get_date_format, get_month_names, parse_date
from babel.numbers import get_decimal_symbol

from notnow import coerce, content
from notnow.errors import InputError

FIRST_DATE = date(2000, 1, 1)
LAST_DATE = date(2100, 12, 31)
MAX_TEXT_CHARS = 100_000
MAX_RANGE_DAYS = 366
MAX_HOURS = 24.0
SHOWN_CHARS = 40  # how much of a bad line the message repeats

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC = re.compile(r"\d{1,2}[-/.]\d{1,2}(?:[-/.](?:\d{2}|\d{4}))?")
_TOKEN = re.compile(r"[^\W\d_]+|\d+")
_HOURS_AT_END = re.compile(
    r"(?P<date>.+?)(?:\s*[:=]\s*|\s+)(?P<hours>\d+(?:[.,]\d+)?)\s*(?:h|u|uur|uren|hrs?|hours?)?\.?", re.IGNORECASE
)
# Inclusive range words of both languages; a bare "-" only with spaces around it, as dates contain dashes.
_RANGE = re.compile(r"\s*(?:\.\.|–|—|\s-\s|\bt/m\b|\btot en met\b|\bto\b|\bthrough\b|\bthru\b)\s*", re.IGNORECASE)
# Several days on one line are split at ";" and at commas, except the comma in "Nov 26, 2026".
_ITEMS = re.compile(r";|,(?!\s*\d{4}(?![\d/.-]))")


class _Unreadable(Exception):
    """A line we cannot read; `code` picks the message."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class _Style:
    """How one language writes dates: Babel's locale, day/month order and month names."""

    locale: Locale
    day_first: bool
    months: Mapping[str, int]


@lru_cache(maxsize=len(content.LANGS))
def _style(lang: str) -> _Style:
    locale = Locale.parse(content.text(content.check_lang(lang), "fmt.locale"))
    pattern = get_date_format("short", locale=locale).pattern.lower()
    months: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for number, name in get_month_names(width, context, locale=locale).items():
                months[str(name).lower().rstrip(".")] = number
    wide = {str(name).lower(): number for number, name in get_month_names("wide", locale=locale).items()}
    for name, number in wide.items():  # "sept", "octo", "nove": any unambiguous start of a full name
        for size in range(3, len(name)):
            owners = {n for w, n in wide.items() if w.startswith(name[:size])}
            if owners == {number}:
                months.setdefault(name[:size], number)
    return _Style(locale=locale, day_first=pattern.index("d") < pattern.index("m"), months=months)


# --- reading ----------------------------------------------------------------------------------------------


def parse_booked(text: str, lang: str = "en", today: date | None = None) -> dict[date, float]:
    """Lines like "26-11-2026 5" or "26 nov: 2,5" → {date: hours}; blank lines are skipped.

    Two lines for the same day add up; a day can hold at most 24 hours.
    """
    style, today = _style(lang), _today(today)
    booked: dict[date, float] = {}
    for number, line in _lines(text, "booked"):
        try:
            match = _HOURS_AT_END.fullmatch(line)
            if match is None:
                raise _Unreadable("diary_date_line")
            day = _read_date(match["date"], style, today)
            hours = float(match["hours"].replace(",", "."))
            if hours > MAX_HOURS:  # "26 nov 2026" is a date with its hours missing, not 2026 hours
                raise _Unreadable("diary_date_line" if _reads_as_date(line, style, today) else "diary_hours")
            if booked.get(day, 0.0) + hours > MAX_HOURS:
                raise _Unreadable("diary_day_full")
        except _Unreadable as bad:
            code = "diary_booked_line" if bad.code == "diary_date_line" else bad.code
            raise _error("booked", code, number, line) from None
        booked[day] = booked.get(day, 0.0) + hours
    return booked


def parse_days(text: str, lang: str = "en", today: date | None = None) -> set[date]:
    """Dates or ranges, one or more a line ("24-12-2026 .. 31-12-2026", "24 t/m 31 dec") → the set of days."""
    style, today = _style(lang), _today(today)
    days: set[date] = set()
    for number, line in _lines(text, "days_off"):
        for item in _ITEMS.split(line):
            item = item.strip()
            if not item:
                continue
            try:
                days.update(_read_days(item, style, today))
            except _Unreadable as bad:
                code = "diary_days_line" if bad.code == "diary_date_line" else bad.code
                raise _error("days_off", code, number, line) from None
    return days


def _today(today: date | None) -> date:
    """The day year-less dates count from (a datetime counts as its date)."""
    return date.today() if today is None else coerce.a_date("today", today)


def _lines(text: object, field: str) -> Iterator[tuple[int, str]]:
    """The non-blank lines with their numbers (counted from 1, as the user sees them)."""
    if text is None:
        return
    if not isinstance(text, str):
        raise InputError(field, "date")
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(field, "too_long", max=MAX_TEXT_CHARS)
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield number, line.strip()


def _error(field: str, code: str, line_number: int, line: str) -> InputError:
    shown = line if len(line) <= SHOWN_CHARS else line[: SHOWN_CHARS - 1] + "…"
    return InputError(field, code, line=line_number, text=shown)


def _read_days(item: str, style: _Style, today: date) -> list[date]:
    parts = _RANGE.split(item)
    if len(parts) == 1:
        return [_read_date(item, style, today)]
    if len(parts) != 2 or not all(p.strip() for p in parts):
        raise _Unreadable("diary_date_line")
    left, right = (p.strip() for p in parts)
    if left.isdigit():  # "24 t/m 31 dec": the first day borrows month and year from the last
        last = _read_date(right, style, today)
        first = _shift_to_day(last, int(left), before=True)
    else:
        first = _read_date(left, style, today)
        last = _shift_to_day(first, int(right), before=False) if right.isdigit() else _read_date(right, style, first)
    if last < first or (last - first).days + 1 > MAX_RANGE_DAYS:
        raise _Unreadable("diary_range")
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _shift_to_day(anchor: date, day: int, *, before: bool) -> date:
    """Day `day` in the anchor's month; the month before (or after) when that would pass the anchor."""
    year, month = anchor.year, anchor.month
    if before and day > anchor.day:
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    elif not before and day < anchor.day:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return _checked(year, month, day)


def _read_date(text: str, style: _Style, today: date) -> date:
    """One date in ISO, the locale's numeric order, or with a month name; a missing year means the next one."""
    s = text.strip().lower().rstrip(",")
    if match := _ISO.fullmatch(s):
        return _checked(*(int(g) for g in match.groups()))
    if _NUMERIC.fullmatch(s):
        numbers = [int(n) for n in re.findall(r"\d+", s)]
        if len(numbers) == 2:
            day, month = numbers if style.day_first else reversed(numbers)
            return _next(month, day, today)
        try:
            return _within_bounds(parse_date(s, locale=style.locale, format="short"))
        except (ValueError, IndexError):
            raise _Unreadable("diary_no_such_date") from None
    tokens = _TOKEN.findall(s)
    if _TOKEN.sub("", s).strip(" ,.") or len(tokens) not in (2, 3):
        raise _Unreadable("diary_date_line")
    if tokens[0].isdigit():  # "26 nov [2026]"
        day_text, month_text, *rest = tokens
    else:  # "nov 26[, 2026]"
        month_text, day_text, *rest = tokens
    named_month = style.months.get(month_text)
    if named_month is None or not day_text.isdigit() or len(day_text) > 2 or any(len(y) != 4 for y in rest):
        raise _Unreadable("diary_date_line")
    if not rest:
        return _next(named_month, int(day_text), today)
    if not rest[0].isdigit():
        raise _Unreadable("diary_date_line")
    return _checked(int(rest[0]), named_month, int(day_text))


def _reads_as_date(text: str, style: _Style, today: date) -> bool:
    try:
        _read_date(text, style, today)
    except _Unreadable:
        return False
    return True


def _next(month: int, day: int, today: date) -> date:
    """The next `day` of `month` on or after today (29 February may be a few years away)."""
    for year in range(today.year, today.year + 9):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate >= today:
            return _within_bounds(candidate)
    raise _Unreadable("diary_no_such_date")


def _checked(year: int, month: int, day: int) -> date:
    try:
        return _within_bounds(date(year, month, day))
    except ValueError:
        raise _Unreadable("diary_no_such_date") from None


def _within_bounds(day: date) -> date:
    if not FIRST_DATE <= day <= LAST_DATE:
        raise _Unreadable("diary_date_bounds")
    return day


# --- writing ----------------------------------------------------------------------------------------------


def format_date_short(day: date, lang: str = "en") -> str:
    """26/11/2026 (en) or 26-11-2026 (nl): the numeric style the parser reads back."""
    return str(format_date(day, "short", locale=_style(lang).locale))


def format_hours_exact(hours: float, lang: str = "en") -> str:
    """Hours with the language's decimal sign and every digit the float needs (so parsing gives it back)."""
    text = format(Decimal(repr(float(hours))), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", str(get_decimal_symbol(_style(lang).locale)))


def format_booked(booked: Mapping[date, float], lang: str = "en") -> str:
    """The inverse of parse_booked: one "date hours" line a day, in the user's style."""
    return "\n".join(f"{format_date_short(d, lang)} {format_hours_exact(h, lang)}" for d, h in sorted(booked.items()))


def format_days(days: Iterable[date], lang: str = "en") -> str:
    """The inverse of parse_days: one line a day, runs of days as a range ("24-12-2026 t/m 31-12-2026")."""
    joiner = content.text(lang, "diary.range_joiner")
    lines = []
    for first, last in _runs(sorted(set(days))):
        if first == last:
            lines.append(format_date_short(first, lang))
        else:
            lines.append(f"{format_date_short(first, lang)} {joiner} {format_date_short(last, lang)}")
    return "\n".join(lines)


def _runs(days: list[date]) -> Iterator[tuple[date, date]]:
    """Consecutive days as (first, last), each run at most MAX_RANGE_DAYS long so it reads back."""
    index = 0
    while index < len(days):
        end = index
        while (
            end + 1 < len(days) and days[end + 1] - days[end] == timedelta(days=1) and end + 1 - index < MAX_RANGE_DAYS
        ):
            end += 1
        yield days[index], days[end]
        index = end + 1
