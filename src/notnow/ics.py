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

import json
import logging
import math
import os
import signal
import subprocess
import sys
import threading
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar
import recurring_ical_events
import x_wr_timezone
from dateutil.rrule import rrulestr
from icalendar.timezone import tzp
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON
from icalendar.timezone.zoneinfo import ZONEINFO
from recurring_ical_events.selection.name import ComponentsWithName

from notnow import coerce
from notnow.errors import InputError

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_RANGE_DAYS = 3 * 366  # about three years: enough for any plan, small enough to stay fast
MAX_OCCURRENCES = 250_000  # upper bound of repeats we are willing to unfold; a real diary has a few thousand
PAD = timedelta(days=2)  # events are fetched a little wider than the range, then clipped exactly
SUB_DAILY = frozenset({"SECONDLY", "MINUTELY", "HOURLY"})
FILE = "diary_file"
# Zone names from a file are bounded before any of them meets the zone database (a 300-character TZID made
# zoneinfo raise "File name too long"). Olson names are at most 32 characters, Outlook's own about 60.
MAX_ZONE_NAME_CHARS = 128
MAX_ZONE_PARTS = 400  # STANDARD/DAYLIGHT blocks in one VTIMEZONE: a pair per year for two centuries
MAX_ZONE_DATES = 2000  # RDATEs in one VTIMEZONE (zones with a changing date each year list them)
SHOWN_NAME_CHARS = 40  # how much of a bad name an error message repeats
# The bounded reader (read_diary_bounded): a child process with these limits reads an uploaded file.
TIME_LIMIT_SECONDS = 10.0  # of CPU time in the child
# Wall-clock time the parent waits, as a multiple of the CPU limit: on a busy two-core server a file that
# needs 4 s of CPU can take 12 s on the clock, and should still be read. A child that stalls is killed then.
WALL_CLOCK_FACTOR = 3
MEMORY_LIMIT_MB = 400  # address space of the child; reading a year of 2,000 events needs under 60 MB
WORKER_MODULE = "notnow.ics_worker"

log = logging.getLogger("notnow")


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
    """Like read_busy, and also counts the events that mattered (the import screen shows that count).

    Whatever the file holds, the answer is a diary or an InputError: an error from deep inside the libraries
    (a date past the year 9999, a zone name the zone database trips on) means the file is broken.
    """
    settings = _checked_settings(start, end, day_start, hours_per_day, tz)
    with _ONE_READ_AT_A_TIME:  # icalendar's zone provider is one per process (see _BoundedZones)
        try:
            return _read(data, *settings)
        except InputError:
            raise
        except (ValueError, TypeError, KeyError, IndexError, OverflowError, AttributeError, OSError, RecursionError):
            raise InputError(FILE, "broken_calendar") from None


def _read(data: object, first: date, last: date, opening: time, length: timedelta, zone: ZoneInfo) -> BusyDiary:
    zones = _BoundedZones()
    tzp.use(zones)  # a fresh provider: no zone from an earlier file is remembered
    calendar = _parse(data, zones)
    _guard_repeats(calendar, last + PAD)
    occurrences = _unfold(calendar, first - PAD, last + PAD + timedelta(days=1))
    zones.raise_problem()

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
    zones.raise_problem()  # a zone looked up only while the times were converted

    merged = _merge(busy)
    ends = [finish for _, finish in merged]
    booked: dict[date, float] = {}
    for day, window in zip(days, windows, strict=True):
        hours = round(_overlap(window, merged, ends) / 3600, 2)
        if hours > 0:
            booked[day] = hours
    return BusyDiary(booked=booked, days_off=days_off, events=events)


_ONE_READ_AT_A_TIME = threading.Lock()


# --- reading in a child process with a time and memory limit ----------------------------------------------


def read_busy_bounded(
    data: bytes,
    start: date,
    end: date,
    *,
    day_start: time = time(9),
    hours_per_day: float = 8,
    tz: str = "Europe/Amsterdam",
    time_limit: float | None = None,
    memory_mb: int | None = None,
) -> tuple[dict[date, float], set[date]]:
    """read_busy for a file from outside: the same answer, read by a child process that may use at most
    `time_limit` seconds of CPU and `memory_mb` MB (by default TIME_LIMIT_SECONDS and MEMORY_LIMIT_MB); past
    either, an InputError (the file is too slow / too big)."""
    diary = read_diary_bounded(
        data,
        start,
        end,
        day_start=day_start,
        hours_per_day=hours_per_day,
        tz=tz,
        time_limit=time_limit,
        memory_mb=memory_mb,
    )
    return diary.booked, diary.days_off


def read_diary_bounded(
    data: bytes,
    start: date,
    end: date,
    *,
    day_start: time = time(9),
    hours_per_day: float = 8,
    tz: str = "Europe/Amsterdam",
    time_limit: float | None = None,
    memory_mb: int | None = None,
) -> BusyDiary:
    """read_diary in a child process (`python -m notnow.ics_worker`), so no file can take this one with it.

    A subprocess, not a fork: a kernel runs threads, and a forked copy of a threaded process may hang. The
    child sets its own limits (memory as RLIMIT_AS, CPU seconds as RLIMIT_CPU) before it reads the file, and
    this side kills it after WALL_CLOCK_FACTOR × `time_limit` seconds on the clock.
    """
    first, last, opening, length, _zone = _checked_settings(start, end, day_start, hours_per_day, tz)
    payload = _checked_bytes(data)
    seconds = float(TIME_LIMIT_SECONDS if time_limit is None else time_limit)
    memory_mb = MEMORY_LIMIT_MB if memory_mb is None else memory_mb
    if not (math.isfinite(seconds) and seconds > 0) or not (isinstance(memory_mb, int) and memory_mb > 0):
        raise ValueError("time_limit and memory_mb must be positive")  # a programming error, not user input
    request = {
        "start": first.isoformat(),
        "end": last.isoformat(),
        "day_start": opening.isoformat(),
        "hours_per_day": length.total_seconds() / 3600,
        "tz": str(tz).strip(),
        "memory_mb": memory_mb,
        "cpu_seconds": math.ceil(seconds),
    }
    answer = _run_worker(json.dumps(request).encode() + b"\n" + payload, seconds, memory_mb)
    if "error" in answer:
        error = answer["error"]
        raise InputError(str(error["field"]), str(error["code"]), **dict(error.get("params", {})))
    return BusyDiary(
        booked={date.fromisoformat(day): float(hours) for day, hours in answer["booked"].items()},
        days_off={date.fromisoformat(day) for day in answer["days_off"]},
        events=int(answer["events"]),
    )


def _worker_command() -> list[str]:
    return [sys.executable, "-m", WORKER_MODULE]


def _worker_environment() -> dict[str, str]:
    """Only what the child needs to find notnow and the zone data: none of the server's tokens or secrets."""
    package_root = str(Path(__file__).resolve().parents[1])
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": package_root, "LC_ALL": "C.UTF-8"}
    env.update({name: os.environ[name] for name in ("PYTHONTZPATH", "TZDIR") if name in os.environ})
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def _run_worker(request: bytes, seconds: float, memory_mb: int) -> dict[str, Any]:
    """The child's JSON answer, or an InputError when it was stopped by a limit."""
    child = subprocess.Popen(  # our own interpreter and module: no shell, no user text in argv
        _worker_command(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_worker_environment(),
        close_fds=True,
    )
    try:
        out, err = child.communicate(request, timeout=seconds * WALL_CLOCK_FACTOR)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        raise InputError(FILE, "calendar_too_slow", seconds=_plain(seconds)) from None
    except BaseException:
        child.kill()  # interrupted (a kernel interrupt): the child goes with it
        child.communicate()
        raise
    if child.returncode in (-signal.SIGXCPU, -signal.SIGKILL):  # the child's CPU limit, soft then hard
        raise InputError(FILE, "calendar_too_slow", seconds=_plain(seconds))
    try:
        answer = json.loads(out)
    except ValueError:
        answer = None
    if isinstance(answer, dict) and answer.get("stopped") == "memory":
        raise InputError(FILE, "calendar_too_big", max_mb=memory_mb)
    if child.returncode != 0 or not isinstance(answer, dict):
        log.warning(
            "the calendar reader stopped with exit code %s: %s", child.returncode, err[-2000:].decode(errors="replace")
        )
        raise RuntimeError(f"the calendar reader stopped with exit code {child.returncode}")
    return answer


def _plain(seconds: float) -> str:
    return str(int(seconds)) if float(seconds).is_integer() else f"{seconds:g}"  # "10", not "10.0"


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
        except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: 64 emoji are too long for a file name
            pass
    raise InputError("time_zone", "unknown_timezone", value=str(name)[:64])


def _checked_bytes(data: object) -> bytes:
    """The file's bytes, refused at once when it is empty, too big or no bytes at all."""
    if isinstance(data, bytearray | memoryview):
        data = bytes(data)
    if not isinstance(data, bytes):
        raise InputError(FILE, "not_calendar")
    if len(data) > MAX_FILE_BYTES:
        raise InputError(FILE, "file_too_big", max_mb=MAX_FILE_BYTES // (1024 * 1024))
    if not data.strip():
        raise InputError(FILE, "file_empty")
    return data


def _parse(data: object, zones: _BoundedZones) -> icalendar.Calendar:
    data = _checked_bytes(data)
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):  # icalendar trips on some odd files
        zones.raise_problem()  # when it tripped over a zone we refused, say that
        raise InputError(FILE, "not_calendar") from None
    zones.raise_problem()
    if not isinstance(calendar, icalendar.Calendar) or calendar.name != "VCALENDAR":
        raise InputError(FILE, "not_calendar")
    return calendar


class _BoundedZones(ZONEINFO):
    """icalendar's zoneinfo provider, with bounds on what a file can make it do.

    icalendar asks its provider for every TZID while it parses, and builds a zone from each VTIMEZONE that
    names no known zone; those rules are walked from their DTSTART at every UTC offset asked, so a rule that
    repeats every second takes forever and all memory. Here:

    - a zone name longer than MAX_ZONE_NAME_CHARS is refused before it meets the zone database, and a name the
      database trips on (OSError, ValueError) is simply unknown;
    - a VTIMEZONE whose STANDARD/DAYLIGHT rules change the clock more often than yearly, with an INTERVAL
      below 1, or with more parts or dates than a real zone has, is refused;
    - Outlook's Windows names ("W. Europe Standard Time") count as known, so icalendar uses the Olson zone
      they stand for instead of the block of rules Outlook ships (walked from 1601 at every offset: slow).

    Refusing happens inside icalendar's parser, which may swallow exceptions, so the first problem is kept
    and raised by raise_problem() when the parser is done. One instance per read (tzp.use), so a zone from
    one file is never used for another.
    """

    def __init__(self) -> None:
        super().__init__()
        self._problem: InputError | None = None

    def raise_problem(self) -> None:
        if self._problem is not None:
            raise self._problem

    def _refuse(self, code: str, **params: object) -> None:
        if self._problem is None:
            self._problem = InputError(FILE, code, **params)

    def timezone(self, name: str) -> tzinfo | None:
        if not _plain_zone_name(name):
            self._refuse("calendar_zone", value=_shown(name))
            return None
        try:
            return super().timezone(name)
        except (OSError, ValueError):  # too long for a file name in bytes, a NUL, a path: not a zone we know
            return None

    def knows_timezone_id(self, tzid: str) -> bool:
        if not _plain_zone_name(tzid):
            return False
        return bool(super().knows_timezone_id(tzid)) or tzid in WINDOWS_TO_OLSON

    # icalendar's own ZONEINFO has this signature; its abstract base declares another (icalendar's typing).
    def create_timezone(self, tz: icalendar.Timezone) -> tzinfo:  # type: ignore[override]
        problem = _zone_problem(tz)
        if problem is not None:
            self._refuse(problem[0], **problem[1])
            return UTC  # a stand-in, never used: the read is refused when the parser is done
        return super().create_timezone(tz)


def _plain_zone_name(name: object) -> bool:
    return isinstance(name, str) and 0 < len(name) <= MAX_ZONE_NAME_CHARS


def _shown(name: object) -> str:
    text = str(name)
    return text if len(text) <= SHOWN_NAME_CHARS else text[: SHOWN_NAME_CHARS - 1] + "…"


def _zone_problem(zone: icalendar.Component) -> tuple[str, dict[str, object]] | None:
    """Why a VTIMEZONE can't be used (an error code and its parameters), or None when it is a plain zone."""
    name = zone.get("TZID")
    if not _plain_zone_name(str(name) if name is not None else ""):
        return "calendar_zone", {"value": _shown(name)}
    parts = zone.subcomponents
    if len(parts) > MAX_ZONE_PARTS or sum(len(_dates_in(part.get("RDATE"))) for part in parts) > MAX_ZONE_DATES:
        return "zone_repeats", {}
    for part in parts:
        for rule in _rules(part):
            bad_interval = _bad_interval(rule)
            if bad_interval is not None:
                return "repeat_interval", {"value": bad_interval}
            freq = str((rule.get("FREQ") or [""])[0]).upper()
            if freq != "YEARLY" or any(len(rule.get(p, ())) > 1 for p in ("BYHOUR", "BYMINUTE", "BYSECOND")):
                return "zone_repeats", {}
    return None


def _bad_interval(rule: Any) -> str | None:
    """The INTERVAL as written when it is below 1 (every 0 days never moves on: the rule engine loops)."""
    values = rule.get("INTERVAL") or [1]
    value = values[0] if isinstance(values, list) else values
    try:
        number = int(value)
    except (TypeError, ValueError):
        return str(value)[:SHOWN_NAME_CHARS]
    return None if number >= 1 else str(number)


def _guard_repeats(calendar: icalendar.Calendar, last: date) -> None:
    """Refuse rules that would unfold into an absurd amount of work, before unfolding them.

    The rule engine walks every period from DTSTART, so the budget counts the periods up to the range's end.
    Repeats more often than daily are refused, and so is an INTERVAL below 1 (the engine would never move
    on). A rule that can never produce a date (such as 30 February) would make the engine search up to the
    year 9999, so it is dropped and the event keeps only its first occurrence (RFC 5545: DTSTART always is
    one).
    """
    total = 0
    for event in calendar.walk("VEVENT"):
        total += 1 + len(_dates_in(event.get("RDATE")))
        rules = _rules(event)
        for rule in rules:
            bad_interval = _bad_interval(rule)
            if bad_interval is not None:
                raise InputError(FILE, "repeat_interval", value=bad_interval)
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
    standard = x_wr_timezone.to_standard(calendar, timezone=_file_zone(calendar))
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


def _file_zone(calendar: icalendar.Calendar) -> tzinfo | None:
    """The zone the file names in X-WR-TIMEZONE (Google), looked up like any TZID: bounded, or an InputError."""
    names = calendar.get("X-WR-TIMEZONE")
    if names is None:
        return None
    name = str(names[0] if isinstance(names, list) and names else names).strip()
    zone = tzp.timezone(name) if _plain_zone_name(name) else None
    if zone is None:
        raise InputError(FILE, "calendar_zone", value=_shown(name))
    return zone


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
