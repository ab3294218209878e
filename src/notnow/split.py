"""Can it be split? Plan the urgent part first, then spread the rest so other clients keep room."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from notnow import coerce
from notnow.calendar import EPSILON, WorkCalendar, free_hours
from notnow.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

HORIZON_DAYS = 2 * 365  # a plan that needs longer than this is not a plan


@dataclass(frozen=True, init=False)
class Part:
    """A piece of the job: its name, its hours and whether the client needs it by the deadline."""

    name: str
    hours: float
    urgent: bool

    def __init__(self, name: str, hours: float, urgent: bool = False) -> None:
        object.__setattr__(self, "name", coerce.text("part_name", name, required=True, max_len=200))
        object.__setattr__(self, "hours", coerce.number("part_hours", hours, high=10_000, allow_zero=False))
        object.__setattr__(self, "urgent", bool(urgent))

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "hours": self.hours, "urgent": self.urgent}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Part:
        return cls(data.get("name", ""), data.get("hours", 0), bool(data.get("urgent", False)))


@dataclass(frozen=True)
class SplitPlan:
    """The day-by-day schedule (columns date, part, hours) and the dates that matter."""

    schedule: pd.DataFrame
    urgent_done: date | None
    all_done: date | None
    meets_deadline: bool
    deadline: date


def _checked_parts(parts: Iterable[Part]) -> list[Part]:
    checked = list(parts)
    if not checked:
        raise InputError("parts", "required")
    if not all(isinstance(p, Part) for p in checked):
        raise InputError("parts", "required")
    names = [p.name for p in checked]
    for name in names:
        if names.count(name) > 1:
            raise InputError("parts", "duplicate", value=name)
    return checked


def plan_split(
    cal: WorkCalendar, parts: Iterable[Part], received: datetime, deadline: datetime, spread: float = 0.5
) -> SplitPlan:
    """Urgent parts fill free hours from the first day of the window; the rest take at most
    `spread` × each later day's free hours, from the day after the urgent part is done.

    The urgent part makes the deadline when it is done by the deadline date and its hours fit the free hours
    before the deadline time (on the deadline day only the hours before the deadline count: `free_hours`).
    """
    checked = _checked_parts(parts)
    share = coerce.number("spread", spread, high=1, allow_zero=False)
    start, end = coerce.ordered(received, deadline)
    placer = _Placer(cal, start.date() + timedelta(days=1))
    urgent_done = placer.place([p for p in checked if p.urgent], placer.first_day, 1.0)
    rest_from = urgent_done + timedelta(days=1) if urgent_done else placer.first_day
    rest_done = placer.place([p for p in checked if not p.urgent], rest_from, share)
    return _plan(cal, checked, start, end, placer.rows, urgent_done, rest_done)


def plan_at_full_pace(cal: WorkCalendar, parts: Iterable[Part], received: datetime, deadline: datetime) -> SplitPlan:
    """The split done in one go: the urgent parts first, then the rest in the same free hours straight after
    (the same day when hours are left), so all is done on `earliest_finish` of the parts' hours.

    What a reply promises when it also offers the whole job by a date: those hours are promised anyway.
    """
    checked = _checked_parts(parts)
    start, end = coerce.ordered(received, deadline)
    placer = _Placer(cal, start.date() + timedelta(days=1))
    urgent = [p for p in checked if p.urgent]
    all_done = placer.place(urgent + [p for p in checked if not p.urgent], placer.first_day, 1.0)
    names = {p.name for p in urgent}
    urgent_days = [day for day, name, _hours in placer.rows if name in names]
    return _plan(cal, checked, start, end, placer.rows, max(urgent_days) if urgent_days else None, all_done)


class _Placer:
    """Puts parts' hours into the calendar's free hours day by day, keeping the rows (date, part, hours)."""

    def __init__(self, cal: WorkCalendar, first_day: date) -> None:
        self.cal = cal
        self.first_day = first_day
        self.rows: list[tuple[date, str, float]] = []

    def place(self, queue: list[Part], day: date, share_of_free: float) -> date | None:
        """Fill `queue` in order from `day`; return the day the last hour lands (None if empty)."""
        remaining = [(p.name, p.hours) for p in queue]
        last: date | None = None
        limit = self.first_day + timedelta(days=HORIZON_DAYS)
        taken: dict[date, float] = {}  # hours this placer already put on a day (full pace shares a day)
        for row_day, _name, hours in self.rows:
            taken[row_day] = taken.get(row_day, 0.0) + hours
        while remaining:
            if day > limit:
                raise InputError("parts", "does_not_fit", weeks=HORIZON_DAYS // 7)
            room = self.cal.free_on(day) * share_of_free - taken.get(day, 0.0)
            while remaining and room > EPSILON:
                name, left = remaining[0]
                take = min(left, room)
                self.rows.append((day, name, take))
                room -= take
                last = day
                if left - take <= EPSILON:
                    remaining.pop(0)
                else:
                    remaining[0] = (name, left - take)
            day += timedelta(days=1)
        return last


def _plan(
    cal: WorkCalendar,
    parts: list[Part],
    start: datetime,
    end: datetime,
    rows: list[tuple[date, str, float]],
    urgent_done: date | None,
    rest_done: date | None,
) -> SplitPlan:
    import pandas as pd  # late: pandas takes a second to import; the dashboard's first page has no plan

    urgent_hours = sum(p.hours for p in parts if p.urgent)
    done = [d for d in (urgent_done, rest_done) if d is not None]
    return SplitPlan(
        schedule=pd.DataFrame(rows, columns=["date", "part", "hours"]),
        urgent_done=urgent_done,
        all_done=max(done) if done else None,
        meets_deadline=urgent_done is None
        or (urgent_done <= end.date() and urgent_hours <= free_hours(cal, start, end) + EPSILON),
        deadline=end.date(),
    )


def weekly_load(cal: WorkCalendar, schedule: pd.DataFrame, first: date, last: date) -> pd.DataFrame:
    """Per week (Monday): booked hours, hours of this job and the free hours left (the split chart)."""
    import pandas as pd  # late: see plan_split

    days = pd.date_range(first, last, freq="D")
    job = schedule.groupby("date")["hours"].sum() if len(schedule) else pd.Series(dtype=float)
    frame = pd.DataFrame(
        {
            "day": days,
            "booked": [
                min(cal.booked.get(d.date(), 0.0), cal.hours_per_day) if cal.is_working_day(d.date()) else 0.0
                for d in days
            ],
            "job": [float(job.get(d.date(), 0.0)) for d in days],
            "free": [cal.free_on(d.date()) for d in days],
        }
    )
    frame["free"] = (frame["free"] - frame["job"]).clip(lower=0)
    frame["week"] = frame["day"].dt.to_period("W-SUN").dt.start_time.dt.date
    return frame.groupby("week")[["booked", "job", "free"]].sum().reset_index()
