"""The honesty check holds the reason against the calendar."""

from __future__ import annotations

from datetime import date

import pytest

from notnow import InputError, Request, WorkCalendar, check_honesty
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


def test_fully_booked_holds_when_hours_exceed_free_time(example_calendar):
    assert check_honesty("fully_booked", example_calendar, request(16)) == []


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


def test_unknown_reason_names_the_field(example_calendar):
    with pytest.raises(InputError) as caught:
        check_honesty("too_tired", example_calendar, request(1))
    assert caught.value.field == "reason"
