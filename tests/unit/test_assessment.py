"""The case that flows through the steps: example, derived results and the JSON round trip."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime
from decimal import Decimal

import pytest

from notnow import Assessment, InputError, Part


def test_example_derives_the_worked_numbers(example):
    assert example.quote().total == Decimal("2090.00")
    assert example.earliest() == date(2026, 11, 26)
    plan = example.split_plan()
    assert plan is not None
    assert (plan.urgent_done, plan.all_done) == (date(2026, 11, 24), date(2026, 11, 27))
    assert example.referral().case == "A"
    # 16 h asked, 12 free (Mon 2 + Tue 4 + Wed 6): short of 16, but at least a quarter (4), so not "full".
    assert [f.code for f in example.honesty_flags()] == ["partly_free"]


def test_think_date_is_the_next_working_day(example):
    # Received Friday 20 November → Monday 23 November.
    assert example.think_date() == date(2026, 11, 23)


def test_think_date_skips_a_day_off(example):
    """A day off on Monday 23 Nov: the next working day is Tuesday 24, still before the Wednesday deadline."""
    off = example.replace(calendar=example.calendar.replace(days_off={date(2026, 11, 23)}))
    assert off.think_date() == date(2026, 11, 24)


def test_think_date_is_the_same_day_when_the_next_working_day_is_the_deadlines(example):
    """Received Fri 20 Nov, due Mon 23 Nov 17:00: Monday is the deadline day, so the answer comes on Friday."""
    r = example.request
    monday = example.replace(request=r.replace(deadline=r.deadline.replace(day=23)))
    assert monday.think_date() == date(2026, 11, 20)


def test_json_round_trip_is_equal(example):
    assert Assessment.from_json(example.to_json()) == example


def test_json_uses_stable_field_names(example):
    data = json.loads(example.to_json())
    assert {"schema", "request", "calendar", "parts", "offers", "outcome", "follow_up", "step"} <= data.keys()
    assert data["request"]["rate"] == "95"
    assert data["calendar"]["booked"]["2026-11-23"] == 6


def test_dutch_example_has_dutch_texts(example_nl):
    assert example_nl.lang == "nl"
    assert example_nl.quote().total == Decimal("2090.00")


@pytest.mark.parametrize("text", ["", "not json", "[]", '{"request": 3}', '{"schema": 99, "request": {}}'])
def test_bad_saved_case_is_an_input_error(text):
    with pytest.raises(InputError) as caught:
        Assessment.from_json(text)
    assert caught.value.field == "saved_case"


def test_bad_value_inside_saved_case_names_its_field(example):
    data = json.loads(example.to_json())
    data["request"]["hours"] = -3
    with pytest.raises(InputError) as caught:
        Assessment.from_dict(data)
    assert caught.value.field == "hours"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"offers": ["bribe"]}, "offers"),
        ({"outcome": "won"}, "outcome"),
        ({"step": "nine"}, "step"),
        ({"lang": "de"}, "language"),
        ({"spread": 0}, "spread"),
    ],
)
def test_bad_assessment_field_is_named(example, change, field):
    with pytest.raises(InputError) as caught:
        example.replace(**change)
    assert caught.value.field == field


def test_no_parts_means_no_plan(example):
    example = example.replace(parts=[])
    assert example.split_plan() is None


def test_parts_survive_the_round_trip(example):
    example = example.replace(parts=[Part("Só ürgent «quoted»", 1.5, True)])
    assert Assessment.from_json(example.to_json()).parts == example.parts


def test_suggested_follow_up_is_two_weeks_after_the_deadline(example):
    # Deadline Wednesday 25 November 2026 + 14 days = Wednesday 9 December 2026.
    assert example.suggested_follow_up() == date(2026, 12, 9)


@pytest.mark.parametrize(
    ("deadline", "check_in"),
    [
        # Tue 8 Dec + 14 = Tue 22 Dec: inside the 21–24 Dec days off; Christmas Fri 25 and Sat 26, Sun 27 → Mon 28.
        ((2026, 12, 8, 17, 0), date(2026, 12, 28)),
        # Fri 11 Dec + 14 = Fri 25 Dec, Christmas: Boxing Day Sat 26, Sun 27 → Mon 28.
        ((2026, 12, 11, 17, 0), date(2026, 12, 28)),
        # Wed 2 Dec + 14 = Wed 16 Dec, a working day: itself.
        ((2026, 12, 2, 17, 0), date(2026, 12, 16)),
    ],
)
def test_the_suggested_check_in_is_a_working_day(example, deadline, check_in):
    """Two weeks after the deadline, moved to the next working day off a weekend, holiday or day off."""
    leave = example.calendar.replace(days_off={date(2026, 12, d) for d in range(21, 25)})
    case = example.replace(calendar=leave, request=example.request.replace(deadline=datetime(*deadline)))
    assert case.suggested_follow_up() == check_in


def test_a_case_cannot_be_changed_in_place(example):
    with pytest.raises(dataclasses.FrozenInstanceError):
        example.reason = "leave"  # type: ignore[misc]


def test_replace_validates_and_leaves_the_original(example):
    changed = example.replace(reason="leave")
    assert (changed.reason, example.reason) == ("leave", "fully_booked")
    with pytest.raises(InputError) as caught:
        example.replace(follow_up="1999-12-31")
    assert (caught.value.field, caught.value.code) == ("follow_up", "date_range")


def test_results_are_worked_out_once_per_case(example):
    assert example.quote() is example.quote()
    assert example.replace(min_extra_per_overtime_hour=150).quote() is not example.quote()
