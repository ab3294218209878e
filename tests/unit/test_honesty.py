"""The honesty check holds the reason against the calendar."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from notnow import InputError, Request, WorkCalendar, check_honesty
from notnow.honesty import fullness
from tests.conftest import DEADLINE, RECEIVED


def request(hours: float) -> Request:
    return Request("Bloom", hours, RECEIVED, DEADLINE)


def codes(flags):
    return [f.code for f in flags]


def test_fully_booked_with_room_is_flagged(example_calendar):
    # 12 free hours before the deadline cover a 10-hour request.
    flags = check_honesty("fully_booked", example_calendar, request(10))
    assert codes(flags) == ["calendar_has_room"]
    assert "12" in flags[0].message


def test_fully_booked_with_a_quarter_or_more_free_is_partly_free(example_calendar):
    # 12 free hours (Mon 2 + Tue 4 + Wed 6) against 16 asked: short of 16, but more than 16 / 4 = 4.
    flags = check_honesty("fully_booked", example_calendar, request(16))
    assert codes(flags) == ["partly_free"]
    assert "12 hours" in flags[0].message and "16 hours" in flags[0].message


def test_a_morning_deadline_leaves_less_room_than_the_whole_day(example_calendar):
    """Tue 24 Nov 10:00: Mon 2 + 1 hour of Tuesday = 3 free, short of 6 h (by 17:00 Tuesday's 4 would cover it)."""
    morning = Request("Bloom", 6, RECEIVED, datetime(2026, 11, 24, 10, 0))
    evening = Request("Bloom", 6, RECEIVED, datetime(2026, 11, 24, 17, 0))
    assert codes(check_honesty("fully_booked", example_calendar, morning)) == ["partly_free"]  # 3 ≥ 6 / 4
    assert codes(check_honesty("fully_booked", example_calendar, evening)) == ["calendar_has_room"]  # 6 ≥ 6


@pytest.mark.parametrize(("hours", "expected"), [(48, ["partly_free"]), (49, [])])
def test_a_quarter_free_is_the_edge_of_fully_booked(example_calendar, hours, expected):
    # 12 free: 48 / 4 = 12 is still a quarter free; 49 / 4 = 12.25 is more than what's free, so "full" holds.
    assert codes(check_honesty("fully_booked", example_calendar, request(hours))) == expected


@pytest.mark.parametrize(
    ("free", "hours", "state"),
    [
        (16, 16, "room"),
        (20, 16, "room"),
        (4, 16, "partly"),
        (15.5, 16, "partly"),
        (3.5, 16, "little"),
        (0, 16, "none"),
    ],
)
def test_fullness_names_how_full_the_diary_is(free, hours, state):
    assert fullness(free, hours) == state


def test_leave_without_a_day_off_in_the_window_is_flagged(example_calendar):
    assert codes(check_honesty("leave", example_calendar, request(16))) == ["no_leave_in_window"]


def test_leave_with_a_day_off_in_the_window_holds():
    cal = WorkCalendar(days_off={date(2026, 11, 24)})
    assert check_honesty("leave", cal, request(16)) == []


def test_day_off_on_the_received_day_is_outside_the_window():
    cal = WorkCalendar(days_off={date(2026, 11, 20)})
    assert codes(check_honesty("leave", cal, request(16))) == ["no_leave_in_window"]


@pytest.mark.parametrize("detail", ["", "busy", "other things"])
def test_other_without_real_detail_is_vague(example_calendar, detail):
    assert codes(check_honesty("other", example_calendar, request(16), detail)) == ["vague"]


def test_other_with_a_concrete_detail_holds(example_calendar):
    detail = "My father has surgery that week and I am with him"
    assert check_honesty("other", example_calendar, request(16), detail) == []


@pytest.mark.parametrize("reason", ["special_occasion", "not_my_focus", "dont_want"])
def test_reasons_the_calendar_cannot_contradict_pass(example_calendar, reason):
    assert check_honesty(reason, example_calendar, request(1)) == []


def test_flag_messages_come_in_dutch(example_calendar):
    en = check_honesty("fully_booked", example_calendar, request(10), lang="en")[0].message
    nl = check_honesty("fully_booked", example_calendar, request(10), lang="nl")[0].message
    assert en != nl
    assert "woensdag 25 november 2026" in nl
    partly = check_honesty("fully_booked", example_calendar, request(16), lang="nl")[0].message
    assert "12 uur vrij" in partly


def test_unknown_reason_names_the_field(example_calendar):
    with pytest.raises(InputError) as caught:
        check_honesty("too_tired", example_calendar, request(1))
    assert caught.value.field == "reason"
