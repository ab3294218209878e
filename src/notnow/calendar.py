"""The user's real calendar: which days they work, what is booked, and the free hours that leaves."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from notnow import coerce
from notnow.errors import InputError

EPSILON = 1e-9  # hours are floats; compare sums with a little slack


DEFAULT_COUNTRY = "NL"  # where the method comes from; a new set-up starts here
DEFAULT_DAY_START = time(9)


def _day_start(value: object) -> time:
    """The hour the working day starts, from a time or "HH:MM" (a saved case); seconds and zones dropped."""
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0, tzinfo=None)
    if isinstance(value, str):
        try:
            return time.fromisoformat(value.strip()).replace(second=0, microsecond=0, tzinfo=None)
        except ValueError:
            pass
    raise InputError("day_start", "time")


def _hours_into_day(moment: time) -> float:
    return moment.hour + moment.minute / 60 + moment.second / 3600 + moment.microsecond / 3_600_000_000


@lru_cache(maxsize=1)
def _registry() -> dict[str, str]:
    """Every code the holidays package knows (ISO alpha-2, alpha-3 and its own aliases) → the alpha-2 code.

    Read from its static registry: asking `holidays.list_supported_countries()` imports all 250 country
    modules (about a second), which the dashboard's first page must not pay for.
    """
    import holidays  # late: ~50 ms to import; a first page with no dates yet asks no country

    codes: dict[str, str] = {}
    for entry in holidays.registry.COUNTRIES.values():
        alpha2 = entry[1]
        for code in entry[1:]:
            if code.isupper() and code.isalpha():
                codes.setdefault(code, alpha2)
    return codes


def supported_countries() -> frozenset[str]:
    """Country codes the holidays package knows, aliases included (so older saved cases still load)."""
    return frozenset(_registry())


@lru_cache(maxsize=1)
def country_codes() -> tuple[str, ...]:
    """The real countries to choose from: the ISO 3166 alpha-2 codes the holidays package knows, no aliases."""
    return tuple(sorted(set(_registry().values())))


@lru_cache(maxsize=256)
def public_holidays(country: str, year: int) -> frozenset[date]:
    """Public holidays of one country and year, from the holidays package (never a hand-written list)."""
    import holidays  # late: ~50 ms to import; only a case with dates needs holidays

    return frozenset(holidays.country_holidays(country, years=year).keys())


@dataclass(frozen=True, init=False, eq=True)
class WorkCalendar:
    """Working hours, booked hours and days off; validated on construction, never changed after
    (a change is a new calendar, so nothing can hold a stale copy that it writes back)."""

    hours_per_day: float
    workdays: tuple[int, ...]
    booked: Mapping[date, float]
    days_off: frozenset[date]
    country: str
    overtime_per_workday: float
    overtime_per_weekend_day: float
    day_start: time

    def __init__(
        self,
        hours_per_day: float = 8,
        workdays: Iterable[int] = (0, 1, 2, 3, 4),
        booked: Mapping[Any, Any] | None = None,
        days_off: Iterable[Any] = (),
        country: str = DEFAULT_COUNTRY,
        overtime_per_workday: float = 0,
        overtime_per_weekend_day: float = 0,
        day_start: time | str = DEFAULT_DAY_START,
    ) -> None:
        def put(name: str, value: object) -> None:
            object.__setattr__(self, name, value)

        put("hours_per_day", coerce.number("hours_per_day", hours_per_day, high=24, allow_zero=False))
        try:
            days = sorted(set(workdays))
        except TypeError:
            raise InputError("workdays", "no_workdays") from None
        if not days or any(isinstance(d, bool) or d not in range(7) for d in days):
            raise InputError("workdays", "no_workdays")
        put("workdays", tuple(days))
        booked_hours: dict[date, float] = {}
        if not isinstance(booked or {}, Mapping):
            raise InputError("booked", "date")
        for day, hours in (booked or {}).items():
            when = coerce.a_date("booked", day)
            booked_hours[when] = booked_hours.get(when, 0.0) + coerce.number("booked", hours, high=24)
            if booked_hours[when] > 24:
                raise InputError("booked", "at_most", max=24)
        put("booked", MappingProxyType(dict(sorted(booked_hours.items()))))
        try:
            put("days_off", frozenset(coerce.a_date("days_off", d) for d in days_off))
        except TypeError:
            raise InputError("days_off", "date") from None
        code = country.strip().upper() if isinstance(country, str) else ""
        # the default needs no look-up (tests/unit/test_calendar.py checks holidays knows it): a first page
        # with a fresh case then never imports holidays
        if code != DEFAULT_COUNTRY and code not in supported_countries():
            raise InputError("country", "unknown_country", value=country)
        put("country", code)
        put("overtime_per_workday", coerce.number("overtime_per_workday", overtime_per_workday, high=24))
        put("overtime_per_weekend_day", coerce.number("overtime_per_weekend_day", overtime_per_weekend_day, high=24))
        if self.hours_per_day + self.overtime_per_workday > 24:
            raise InputError("overtime_per_workday", "day_too_full")
        put("day_start", _day_start(day_start))
        # Sums over a window, remembered: the calendar never changes, and every step asks for the same ones.
        put("_totals", {})

    def totals(self, first: date, last: date) -> tuple[float, float]:
        """(free hours, overtime accepted) over the days from `first` to `last`, both included."""
        key = (first, last)
        cache: dict[tuple[date, date], tuple[float, float]] = self._totals  # type: ignore[attr-defined]
        if key not in cache:
            free = overtime = 0.0
            day = first
            while day <= last:
                free += self.free_on(day)
                overtime += self.overtime_on(day)
                day += timedelta(days=1)
            cache[key] = (free, overtime)
        return cache[key]

    def deadline_day_hours(self, deadline: datetime) -> tuple[float, float]:
        """(free hours, overtime) the deadline's own day adds to a window (DESIGN.md "Free hours", "Overtime").

        Only its working hours before the deadline time count: min(free that day, hours from `day_start` to the
        deadline), 0 when the deadline is at or before `day_start`, the whole day when it is at or after the end
        of the working day (`day_start` + hours per day); that day's overtime only in the last case.
        """
        day = deadline.date()
        start = _hours_into_day(self.day_start)
        until = _hours_into_day(deadline.time())
        if until >= start + self.hours_per_day - EPSILON:
            return self.free_on(day), self.overtime_on(day)
        if until <= start:
            return 0.0, 0.0
        return min(self.free_on(day), until - start), 0.0

    def replace(self, **changes: Any) -> WorkCalendar:
        """A copy with some settings changed, validated like a new one."""
        return WorkCalendar(**{**{k: getattr(self, k) for k in _CALENDAR_FIELDS}, **changes})

    def is_holiday(self, day: date) -> bool:
        return day in public_holidays(self.country, day.year)

    def is_working_day(self, day: date) -> bool:
        """A working weekday that is neither a public holiday nor a day off."""
        return day.weekday() in self.workdays and day not in self.days_off and not self.is_holiday(day)

    def is_weekend_day(self, day: date) -> bool:
        """A day that is not one of the user's working weekdays (so Saturday and Sunday by default)."""
        return day.weekday() not in self.workdays

    def next_working_day(self, day: date, within_days: int = 366) -> date | None:
        """The first working day on or after `day` (None when none falls within `within_days`)."""
        for offset in range(within_days):
            candidate = day + timedelta(days=offset)
            if self.is_working_day(candidate):
                return candidate
        return None

    def free_on(self, day: date) -> float:
        """Hours per working day minus booked hours, never below 0; 0 on other days."""
        if not self.is_working_day(day):
            return 0.0
        return max(0.0, self.hours_per_day - self.booked.get(day, 0.0))

    def overtime_on(self, day: date) -> float:
        """The overtime the user accepts on this day (none on holidays and days off)."""
        if self.is_working_day(day):
            return self.overtime_per_workday
        if self.is_weekend_day(day) and day not in self.days_off and not self.is_holiday(day):
            return self.overtime_per_weekend_day
        return 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "hours_per_day": self.hours_per_day,
            "workdays": list(self.workdays),
            "booked": {d.isoformat(): h for d, h in sorted(self.booked.items())},
            "days_off": sorted(d.isoformat() for d in self.days_off),
            "country": self.country,
            "overtime_per_workday": self.overtime_per_workday,
            "overtime_per_weekend_day": self.overtime_per_weekend_day,
            "day_start": self.day_start.strftime("%H:%M"),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> WorkCalendar:
        return cls(**{k: data[k] for k in _CALENDAR_FIELDS if k in data})


_CALENDAR_FIELDS = (
    "hours_per_day",
    "workdays",
    "booked",
    "days_off",
    "country",
    "overtime_per_workday",
    "overtime_per_weekend_day",
    "day_start",
)


def window(received: object, deadline: object) -> Iterator[date]:
    """The days after the received date up to and including the deadline date.

    The received day is already planned; the deadline day is still usable (up to the deadline time: see
    `WorkCalendar.deadline_day_hours`).
    """
    start, end = coerce.ordered(received, deadline)
    day = start.date() + timedelta(days=1)
    while day <= end.date():
        yield day
        day += timedelta(days=1)


def window_start(received: object) -> date:
    """The first day of a request's window: the day after it came in ("from tomorrow", never "now")."""
    return coerce.a_datetime("received", received).date() + timedelta(days=1)


def _window_totals(cal: WorkCalendar, received: object, deadline: object) -> tuple[float, float]:
    """(free hours, overtime) in the window: the whole days before the deadline day, then the deadline day's
    hours before the deadline time. A deadline on the received day leaves an empty window."""
    start, end = coerce.ordered(received, deadline)
    first, last = start.date() + timedelta(days=1), end.date()
    if last < first:
        return 0.0, 0.0
    free, overtime = cal.totals(first, last - timedelta(days=1))
    day_free, day_overtime = cal.deadline_day_hours(end)
    return free + day_free, overtime + day_overtime


def free_hours(cal: WorkCalendar, received: datetime, deadline: datetime) -> float:
    """Free hours in the request's window, the deadline day only up to the deadline time."""
    return _window_totals(cal, received, deadline)[0]


def overtime_hours_available(cal: WorkCalendar, received: datetime, deadline: datetime) -> float:
    """Accepted overtime per working day × working days + per weekend day × weekend days, in the window; the
    deadline day's only when the deadline is at or after the end of its working day."""
    return _window_totals(cal, received, deadline)[1]


def days_off_in_window(cal: WorkCalendar, received: datetime, deadline: datetime) -> list[date]:
    """The user's own days off (leave) that fall in the window."""
    return [day for day in window(received, deadline) if day in cal.days_off]


def earliest_finish(cal: WorkCalendar, hours: float, received: datetime, horizon_weeks: int = 26) -> date | None:
    """The first working day after `received` on which the cumulative free hours reach `hours`.

    None when the job does not fit within the horizon.
    """
    needed = coerce.number("hours", hours, high=100_000, allow_zero=False)
    weeks = int(coerce.number("horizon_weeks", horizon_weeks, high=520, allow_zero=False))
    start = coerce.a_datetime("received", received).date()
    total = 0.0
    for offset in range(1, weeks * 7 + 1):
        day = start + timedelta(days=offset)
        total += cal.free_on(day)
        if total >= needed - EPSILON:
            return day
    return None
