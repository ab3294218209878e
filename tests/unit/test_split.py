"""Splitting the job: urgent first, the rest spread, with the example calendar worked by hand."""

from __future__ import annotations

from datetime import date

import pytest

from notnow import InputError, Part, plan_split
from notnow.split import plan_at_full_pace, weekly_load
from tests.conftest import DEADLINE, RECEIVED

# Free hours after Fri 20 Nov: Mon 23: 2, Tue 24: 4, Wed 25: 6, Thu 26: 8, Fri 27: 8.
PARTS = [Part("Landing page", 6, urgent=True), Part("Product pages", 10)]


def rows(plan):
    return [(r.date, r.part, r.hours) for r in plan.schedule.itertuples()]


def test_urgent_first_then_half_of_each_day(example_calendar):
    plan = plan_split(example_calendar, PARTS, RECEIVED, DEADLINE)
    # Urgent 6 h: Mon 2 + Tue 4. Rest 10 h at ≤ 50 %: Wed 3, Thu 4, Fri 3.
    assert rows(plan) == [
        (date(2026, 11, 23), "Landing page", 2),
        (date(2026, 11, 24), "Landing page", 4),
        (date(2026, 11, 25), "Product pages", 3),
        (date(2026, 11, 26), "Product pages", 4),
        (date(2026, 11, 27), "Product pages", 3),
    ]
    assert plan.urgent_done == date(2026, 11, 24)
    assert plan.all_done == date(2026, 11, 27)
    assert plan.meets_deadline


def test_full_spread_finishes_sooner(example_calendar):
    plan = plan_split(example_calendar, PARTS, RECEIVED, DEADLINE, spread=1.0)
    # Rest 10 h from Wed: 6 + 4 → Thursday 26.
    assert plan.all_done == date(2026, 11, 26)


def test_nothing_urgent_starts_spreading_on_the_first_day(example_calendar):
    plan = plan_split(example_calendar, [Part("All of it", 10)], RECEIVED, DEADLINE)
    # 1 + 2 + 3 + 4 = 10 → Thursday 26; no urgent part, so the deadline is met by definition.
    assert plan.urgent_done is None
    assert plan.all_done == date(2026, 11, 26)
    assert plan.meets_deadline


def test_urgent_part_too_big_misses_the_deadline(example_calendar):
    plan = plan_split(example_calendar, [Part("Everything now", 14, urgent=True)], RECEIVED, DEADLINE)
    # 2 + 4 + 6 = 12 by Wednesday; the last 2 h land on Thursday 26 > deadline 25.
    assert plan.urgent_done == date(2026, 11, 26)
    assert not plan.meets_deadline


def test_urgent_hours_after_the_deadline_time_miss_the_deadline(example_calendar):
    """Done on the deadline day is not enough: its hours must fit before the deadline time."""
    # Deadline Wed 25 Nov 11:00, the day starting at 9: the urgent 10 h take Mon 2 + Tue 4 + Wed 4, but before
    # 11:00 Wednesday gives only 2 hours: 2 + 4 + 2 = 8 < 10. At 13:00 it gives 4: 2 + 4 + 4 = 10, in time.
    parts = [Part("Landing page", 10, urgent=True)]
    early = plan_split(example_calendar, parts, RECEIVED, DEADLINE.replace(hour=11))
    assert early.urgent_done == date(2026, 11, 25)
    assert not early.meets_deadline
    assert plan_split(example_calendar, parts, RECEIVED, DEADLINE.replace(hour=13)).meets_deadline


def test_at_full_pace_the_rest_follows_the_urgent_part_in_the_same_hours(example_calendar):
    """The plan a reply promises beside the whole job: one queue, urgent first, no spread, no gap day."""
    # Urgent 6 h: Mon 2 + Tue 4 → Tue 24. Rest 10 h straight on: Wed 6 + Thu 4 → Thu 26 (= earliest finish of 16 h).
    plan = plan_at_full_pace(example_calendar, PARTS, RECEIVED, DEADLINE)
    assert rows(plan) == [
        (date(2026, 11, 23), "Landing page", 2),
        (date(2026, 11, 24), "Landing page", 4),
        (date(2026, 11, 25), "Product pages", 6),
        (date(2026, 11, 26), "Product pages", 4),
    ]
    assert (plan.urgent_done, plan.all_done, plan.meets_deadline) == (date(2026, 11, 24), date(2026, 11, 26), True)
    # Urgent 5 h ends Tue with 1 h left that day: at full pace the rest starts in that hour (Tue 1 + Wed 6 +
    # Thu 3 → Thu 26), where plan_split would start it on Wednesday.
    parts = [Part("Landing page", 5, urgent=True), Part("Product pages", 10)]
    assert plan_at_full_pace(example_calendar, parts, RECEIVED, DEADLINE).schedule["hours"].tolist() == [2, 3, 1, 6, 3]


def test_urgent_parts_keep_their_order(example_calendar):
    parts = [Part("First", 3, urgent=True), Part("Second", 2, urgent=True)]
    plan = plan_split(example_calendar, parts, RECEIVED, DEADLINE)
    # Mon: First 2; Tue: First 1, Second 2.
    assert rows(plan) == [
        (date(2026, 11, 23), "First", 2),
        (date(2026, 11, 24), "First", 1),
        (date(2026, 11, 24), "Second", 2),
    ]


def test_plan_hours_add_up_to_the_parts(example_calendar):
    plan = plan_split(example_calendar, PARTS, RECEIVED, DEADLINE)
    assert plan.schedule.groupby("part")["hours"].sum().to_dict() == {"Landing page": 6, "Product pages": 10}


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda cal: plan_split(cal, [], RECEIVED, DEADLINE), "parts"),
        (lambda cal: plan_split(cal, PARTS, RECEIVED, DEADLINE, spread=0), "spread"),
        (lambda cal: plan_split(cal, PARTS, RECEIVED, DEADLINE, spread=1.5), "spread"),
        (lambda cal: plan_split(cal, [Part("A", 1), Part("A", 2)], RECEIVED, DEADLINE), "parts"),
        (lambda cal: Part("", 3), "part_name"),
        (lambda cal: Part("x", -3), "part_hours"),
    ],
)
def test_bad_split_input_names_the_field(example_calendar, call, field):
    with pytest.raises(InputError) as caught:
        call(example_calendar)
    assert caught.value.field == field


def test_weekly_load_adds_booked_job_and_free(example_calendar):
    plan = plan_split(example_calendar, PARTS, RECEIVED, DEADLINE)
    weeks = weekly_load(example_calendar, plan.schedule, date(2026, 11, 23), date(2026, 11, 29))
    assert len(weeks) == 1
    week = weeks.iloc[0]
    # Booked 6 + 4 + 2 = 12; job 16; free 40 − 12 − 16 = 12.
    assert (week["booked"], week["job"], week["free"]) == (12, 16, 12)
