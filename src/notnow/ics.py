"""Read the user's real diary from a calendar export (.ics from Google, Outlook or Apple) as busy hours.

The rules, so the numbers can be checked by hand:

- each day's working window is [day_start, day_start + hours_per_day) in wall-clock time of `tz`; a window may
  run past midnight (a night shift from 22:00 for 8 h), and then its hours still belong to the day it starts;
- a timed event books the part of it inside a window; overlapping events are merged first, so an hour is never
  counted twice; UTC and TZID times are converted to `tz`, floating times are taken as `tz` (unless the file
  names its own zone in X-WR-TIMEZONE, as Google exports do: then they are taken in that zone);
- events marked TRANSP:TRANSPARENT ("free") or STATUS:CANCELLED book nothing;
- an opaque all-day event makes each of its days (DTEND exclusive) a day off;
- repeats follow RRULE, RDATE, EXDATE and RECURRENCE-ID overrides (recurring-ical-events);
- booked hours per day are rounded to 0.01 h (36 seconds), and days with nothing booked are left out.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar
import recurring_ical_events
import x_wr_timezone
from dateutil.rrule import rrulestr
from icalendar.timezone import tzp
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON
from recurring_ical_events.selection.name import ComponentsWithName

from notnow import coerce
from notnow.errors import InputError

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_RANGE_DAYS = 3 * 366  # about three years: enough for any plan, small enough to stay fast
MAX_OCCURRENCES = 250_000  # upper bound of repeats we are willing to unfold; a real diary has a few thousand
PAD = timedelta(days=2)  # events are fetched a little wider than the range, then clipped exactly
SUB_DAILY = frozenset({"SECONDLY", "MINUTELY", "HOURLY"})
FILE = "diary_file"


@dataclass(frozen=True)
class BusyDiary:
    """What a calendar file says about the user's days, plus how many events it took to say so."""

    booked: dict[date, float]
    days_off: set[date]
    events: int  # occurrences that booked time in a window or made a day off


def read_busy(
    data: bytes,
    start: date,
    end: date,
    *,
    day_start: time = time(9),
    hours_per_day: float = 8,
    tz: str = "Europe/Amsterdam",
) -> tuple[dict[date, float], set[date]]:
    """Booked hours per day and days off from `start` to `end` (both included), read from .ics bytes."""
    diary = read_diary(data, start, end, day_start=day_start, hours_per_day=hours_per_day, tz=tz)
    return diary.booked, diary.days_off


def read_diary(
    data: bytes,
    start: date,
    end: date,
    *,
    day_start: time = time(9),
    hours_per_day: float = 8,
    tz: str = "Europe/Amsterdam",
) -> BusyDiary:
    """Like read_busy, and also counts the events that mattered (the import screen shows that count)."""
    first, last, opening, length, zone = _checked_settings(start, end, day_start, hours_per_day, tz)
    calendar = _parse(data)
    try:
        _guard_repeats(calendar, last + PAD)
        occurrences = _unfold(calendar, first - PAD, last + PAD + timedelta(days=1))
    except InputError:
        raise
    except (ValueError, TypeError, KeyError, OverflowError, AttributeError):  # a property that can't be read
        raise InputError(FILE, "broken_calendar") from None

    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    windows = [_window(day, opening, length, zone) for day in days]
    busy: list[tuple[float, float]] = []
    days_off: set[date] = set()
    events = 0
    for event in occurrences:
        if not event.books:
            continue
        begin, finish = event.start, event.end
        if isinstance(begin, datetime) and isinstance(finish, datetime):
            interval = (_timestamp(begin, zone), _timestamp(finish, zone))
            if interval[1] > interval[0] and _touches_a_window(interval, windows, days, first, zone):
                busy.append(interval)
                events += 1
        else:
            off = _all_day(begin, finish, first, last)
            days_off |= off
            events += bool(off)

    merged = _merge(busy)
    ends = [finish for _, finish in merged]
    booked: dict[date, float] = {}
    for day, window in zip(days, windows, strict=True):
        hours = round(_overlap(window, merged, ends) / 3600, 2)
        if hours > 0:
            booked[day] = hours
    return BusyDiary(booked=booked, days_off=days_off, events=events)


# --- checking the arguments -----------------------------------------------------------------------------


def check_settings(
    start: date, end: date, *, day_start: time = time(9), hours_per_day: float = 8, tz: str = "Europe/Amsterdam"
) -> None:
    """Raise InputError for settings read_busy would refuse, before any file is chosen."""
    _checked_settings(start, end, day_start, hours_per_day, tz)


def _checked_settings(
    start: object, end: object, day_start: object, hours_per_day: object, tz: object
) -> tuple[date, date, time, timedelta, ZoneInfo]:
    first, last = _checked_range(start, end)
    opening = _checked_time(day_start)
    length = timedelta(hours=coerce.number("hours_per_day", hours_per_day, high=24, allow_zero=False))
    return first, last, opening, length, _checked_zone(tz)


def _checked_range(start: object, end: object) -> tuple[date, date]:
    first = coerce.a_date("diary_start", start)
    last = coerce.a_date("diary_end", end)
    if last < first:
        raise InputError("diary_end", "end_before_start")
    if (last - first).days + 1 > MAX_RANGE_DAYS:
        raise InputError("diary_end", "range_too_long", max=MAX_RANGE_DAYS)
    return first, last


def _checked_time(value: object) -> time:
    if isinstance(value, time):
        return value.replace(tzinfo=None)  # the window is wall-clock time in `tz`
    if isinstance(value, str):
        try:
            return time.fromisoformat(value.strip())
        except ValueError:
            pass
    raise InputError("day_start", "time")


def _checked_zone(name: object) -> ZoneInfo:
    if isinstance(name, str) and 0 < len(name) <= 64:
        try:
            return ZoneInfo(name.strip())
        except (ZoneInfoNotFoundError, ValueError):
            pass
    raise InputError("time_zone", "unknown_timezone", value=str(name)[:64])


def _parse(data: object) -> icalendar.Calendar:
    if isinstance(data, bytearray | memoryview):
        data = bytes(data)
    if not isinstance(data, bytes):
        raise InputError(FILE, "not_calendar")
    if len(data) > MAX_FILE_BYTES:
        raise InputError(FILE, "file_too_big", max_mb=MAX_FILE_BYTES // (1024 * 1024))
    if not data.strip():
        raise InputError(FILE, "file_empty")
    _prefer_olson_zones_for_windows_names()
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):  # icalendar trips on some odd files
        raise InputError(FILE, "not_calendar") from None
    if not isinstance(calendar, icalendar.Calendar) or calendar.name != "VCALENDAR":
        raise InputError(FILE, "not_calendar")
    return calendar


@lru_cache(maxsize=1)
def _prefer_olson_zones_for_windows_names() -> None:
    """Read Outlook's "W. Europe Standard Time" as the Olson zone it stands for (Europe/Berlin, same rules).

    Outlook ships a VTIMEZONE block for such names, and icalendar would build a zone from it whose every UTC
    offset walks the block's rules from the year 1601: a year of Outlook events took seconds. Asking
    icalendar for each Windows name once caches its own Windows→Olson match first, so that zone is used.
    """
    for name in WINDOWS_TO_OLSON:
        tzp.timezone(name)


def _guard_repeats(calendar: icalendar.Calendar, last: date) -> None:
    """Refuse rules that would unfold into an absurd amount of work, before unfolding them.

    The rule engine walks every period from DTSTART, so the budget counts the periods up to the range's end.
    Repeats more often than daily are refused. A rule that can never produce a date (such as 30 February)
    would make the engine search up to the year 9999, so it is dropped and the event keeps only its first
    occurrence (RFC 5545: DTSTART always is one).
    """
    total = 0
    for event in calendar.walk("VEVENT"):
        total += 1 + len(_dates_in(event.get("RDATE")))
        rules = _rules(event)
        for rule in rules:
            freq = str((rule.get("FREQ") or ["DAILY"])[0]).upper()
            if freq in SUB_DAILY or any(len(rule.get(part, ())) > 1 for part in ("BYHOUR", "BYMINUTE", "BYSECOND")):
                raise InputError(FILE, "repeats_too_often")
            total += _walk_length(rule, freq, _first_day(event), last)
            if total > MAX_OCCURRENCES:
                raise InputError(FILE, "too_many_events", max=MAX_OCCURRENCES)
        if any(_may_never_occur(rule) for rule in rules) and not _occurs_at_all(event, rules):
            del event["RRULE"]


def _first_day(event: icalendar.Component) -> date | None:
    moment = getattr(event.get("DTSTART"), "dt", None)
    return moment.date() if isinstance(moment, datetime) else moment if isinstance(moment, date) else None


def _walk_length(rule: Any, freq: str, first: date | None, last: date) -> int:
    """An upper bound of the dates the rule engine produces from DTSTART to `last` (a daily-or-slower rule)."""
    unit_days = {"DAILY": 1, "WEEKLY": 7, "MONTHLY": 31, "YEARLY": 366}.get(freq, 1)
    interval = max(1, int((rule.get("INTERVAL") or [1])[0]))
    span_days = max(0, (last - first).days) + 1 if first else MAX_RANGE_DAYS
    periods = span_days // (unit_days * interval) + 1
    days = [str(day) for day in rule.get("BYDAY", ())]
    if freq == "DAILY":
        per_period = 1
    elif freq == "WEEKLY":
        per_period = len(days)
    else:
        plain_weekday_count = 5 if freq == "MONTHLY" else 53  # "every Monday" of a month or a year
        per_period = sum(1 if day[:1] in "+-0123456789" else plain_weekday_count for day in days)
        per_period += len(rule.get("BYMONTHDAY", ())) * (1 if freq == "MONTHLY" else 12)
        per_period += len(rule.get("BYYEARDAY", ())) + 7 * len(rule.get("BYWEEKNO", ()))
        per_period = max(per_period, len(rule.get("BYMONTH", ())))
    walked = periods * max(1, min(unit_days, per_period))
    count = rule.get("COUNT")
    return min(walked, int(count[0])) if count and not _may_never_occur(rule) else walked


def _rules(event: icalendar.Component) -> list[Any]:
    rules = event.get("RRULE")
    if rules is None:
        return []
    return list(rules) if isinstance(rules, list) else [rules]


def _dates_in(value: object) -> list[Any]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [d for item in items for d in getattr(item, "dts", [item])]


def _may_never_occur(rule: Any) -> bool:
    """Rule parts that can filter out every date (30 February, the 6th Monday, a 5th Friday in week 1…)."""
    ordinal_weekday = any(str(day)[:1] in "+-0123456789" for day in rule.get("BYDAY", ()))
    return ordinal_weekday or any(rule.get(part) for part in ("BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYSETPOS"))


def _occurs_at_all(event: icalendar.Component, rules: list[Any]) -> bool:
    """Whether each rule has a date in the last eight years the rule engine knows (a bounded, fast search)."""
    first = getattr(event.get("DTSTART"), "dt", None)
    if not isinstance(first, date):
        return False
    moment = first if isinstance(first, datetime) else datetime.combine(first, time())
    # Eight years hold every leap-year pattern a diary needs (9992 and 9996 are leap years).
    probe = moment.replace(tzinfo=None, year=9991, month=1, day=1)
    for rule in rules:
        text = rule.to_ical().decode()
        text = ";".join(p for p in text.split(";") if not p.upper().startswith(("UNTIL=", "COUNT=")))
        try:
            if next(iter(rrulestr(text, dtstart=probe)), None) is None:
                return False
        except (ValueError, TypeError, OverflowError):
            return False
    return True


# --- events to busy intervals ---------------------------------------------------------------------------


class _Span:
    """What read_diary needs of one occurrence: when it is, and whether it takes time."""

    __slots__ = ("books", "end", "start")

    def __init__(self, start: date, end: date, books: bool) -> None:
        self.start, self.end, self.books = start, end, books

    def __setitem__(self, key: str, value: object) -> None:
        """The library may stamp a SEQUENCE on what it hands back; a span has no use for it."""


class _SpanAdapter(recurring_ical_events.EventAdapter):  # type: ignore[misc]  # the library is untyped
    """Hands back a _Span per occurrence instead of a copied VEVENT.

    recurring-ical-events lets callers swap the adapter (ComponentsWithName's `adapter`); copying every
    occurrence was a third of the time of a year-long import.
    """

    def as_component(
        self, start: date | None = None, stop: date | None = None, keep_recurrence_attributes: bool = True
    ) -> _Span:
        event = self._component
        transparent = str(event.get("TRANSP", "OPAQUE")).strip().upper() == "TRANSPARENT"
        cancelled = str(event.get("STATUS", "")).strip().upper() == "CANCELLED"
        begin = self.start if start is None else start
        finish = self.end if stop is None else stop
        if isinstance(begin, datetime) and not isinstance(finish, datetime):
            finish = datetime.combine(finish, time(), tzinfo=begin.tzinfo)
        return _Span(begin, finish, books=not (transparent or cancelled))


_EVENTS_AS_SPANS = ComponentsWithName("VEVENT", adapter=_SpanAdapter)
_REPEAT_PARTS = ("RRULE", "RDATE", "EXDATE", "RECURRENCE-ID")


def _unfold(calendar: icalendar.Calendar, begin: date, end: date) -> list[_Span]:
    """Every occurrence between `begin` and `end`; single events wherever they are (they are clipped later).

    Events that do not repeat (most of a diary) skip the series machinery of recurring-ical-events, a sixth
    of the import time. X-WR-TIMEZONE (Google) is read into every time first, as the library itself does.
    """
    standard = x_wr_timezone.to_standard(calendar)
    events = standard.walk("VEVENT")
    uids = Counter(str(event.get("UID", id(event))) for event in events)
    repeating = icalendar.Calendar()
    if "CALSCALE" in standard:
        repeating["CALSCALE"] = standard["CALSCALE"]
    singles: list[_Span] = []
    for event in events:
        if uids[str(event.get("UID", id(event)))] == 1 and not any(part in event for part in _REPEAT_PARTS):
            singles.append(_SpanAdapter(event).as_component())
        else:
            repeating.add_component(event)
    repeats: list[_Span] = recurring_ical_events.of(repeating, components=[_EVENTS_AS_SPANS]).between(begin, end)
    return singles + repeats


def _all_day(begin: date, finish: date, first: date, last: date) -> set[date]:
    """The days of an all-day event inside the range (DTEND is exclusive)."""
    if isinstance(finish, datetime):
        finish = finish.date()
    if finish <= begin:
        finish = begin + timedelta(days=1)
    lo, hi = max(begin, first), min(finish - timedelta(days=1), last)
    return {lo + timedelta(days=i) for i in range((hi - lo).days + 1)}


def _timestamp(moment: datetime, zone: tzinfo) -> float:
    """Seconds since the epoch; a floating time is taken as wall-clock time in the user's zone."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(UTC).timestamp()


def _window(day: date, opening: time, length: timedelta, zone: tzinfo) -> tuple[float, float]:
    """One day's working window in wall-clock time, so a DST change shifts it with the clock."""
    begin = datetime.combine(day, opening)
    return _timestamp(begin, zone), _timestamp(begin + length, zone)


def _touches_a_window(
    interval: tuple[float, float], windows: list[tuple[float, float]], days: list[date], first: date, zone: tzinfo
) -> bool:
    """Whether the event overlaps any working window in the range (only those count as events)."""
    begin_day = datetime.fromtimestamp(interval[0], zone).date() - timedelta(days=1)
    end_day = datetime.fromtimestamp(interval[1], zone).date()
    lo = max(0, (begin_day - first).days)
    hi = min(len(days) - 1, (end_day - first).days)
    return any(_overlap(windows[i], [interval], [interval[1]]) > 0 for i in range(lo, hi + 1))


def _merge(intervals: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    """Overlapping or touching intervals joined, sorted: an hour in two meetings is booked once."""
    merged: list[tuple[float, float]] = []
    for begin, finish in sorted(intervals):
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], finish))
        else:
            merged.append((begin, finish))
    return merged


def _overlap(window: tuple[float, float], merged: list[tuple[float, float]], ends: list[float]) -> float:
    """Seconds of `merged` (sorted, disjoint, with `ends` their ends) inside `window`."""
    begin, finish = window
    total = 0.0
    for lo, hi in merged[bisect_right(ends, begin) :]:
        if lo >= finish:
            break
        total += min(hi, finish) - max(lo, begin)
    return total
