"""The case that flows through the steps: example, derived results and the JSON round trip."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
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
