"""Free hours, overtime and the earliest finish, with numbers worked by hand."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from notnow import InputError, WorkCalendar, earliest_finish, free_hours, overtime_hours_available
from tests.conftest import DEADLINE, RECEIVED

# King's Day 2026 is Monday 27 April; the window Sat 25 – Wed 29 April has working days Tue 28 and Wed 29.
KINGS_WEEK = (datetime(2026, 4, 24, 9, 0), datetime(2026, 4, 29, 17, 0))


def test_kings_day_is_not_a_working_day():
    cal = WorkCalendar()
    assert not cal.is_working_day(date(2026, 4, 27))
    assert cal.is_working_day(date(2026, 4, 28))


def test_free_hours_skip_weekend_and_kings_day():
    # Tue 28 and Wed 29 April: 2 × 8 h, minus 3 h booked on Tuesday = 13 h.
    cal = WorkCalendar(booked={date(2026, 4, 28): 3})
    assert free_hours(cal, *KINGS_WEEK) == 13


def test_a_day_off_takes_its_hours_out_of_the_window():
    cal = WorkCalendar(booked={date(2026, 4, 28): 3}, days_off={date(2026, 4, 29)})
    assert free_hours(cal, *KINGS_WEEK) == 5


def test_received_day_is_already_planned_and_deadline_day_counts(example_calendar):
    # Window Sat 21 – Wed 25 Nov: free 2 + 4 + 6 = 12 h (Friday 20, the received day, is not counted).
    assert free_hours(example_calendar, RECEIVED, DEADLINE) == 12


def test_overbooked_day_gives_zero_not_negative():
    cal = WorkCalendar(hours_per_day=6, booked={date(2026, 11, 23): 9})
    assert free_hours(cal, datetime(2026, 11, 20, 9), datetime(2026, 11, 23, 17)) == 0


def test_same_day_deadline_has_no_free_hours():
    cal = WorkCalendar()
    assert free_hours(cal, datetime(2026, 11, 23, 9), datetime(2026, 11, 23, 17)) == 0


def test_other_countries_use_their_own_holidays():
    # 26 November 2026 is Thanksgiving in the US and an ordinary Thursday in the Netherlands.
    assert WorkCalendar(country="US").free_on(date(2026, 11, 26)) == 0
    assert WorkCalendar(country="NL").free_on(date(2026, 11, 26)) == 8


def test_overtime_counts_workdays_and_weekend_days(example_calendar):
    # Sat 21 + Sun 22 at 4 h, Mon 23 – Wed 25 at 2 h: 8 + 6 = 14 h.
    assert overtime_hours_available(example_calendar, RECEIVED, DEADLINE) == 14


def test_no_overtime_on_a_public_holiday():
    # Sat 25 + Sun 26 April at 5 h, Tue 28 + Wed 29 at 2 h, King's Day 0: 10 + 4 = 14 h.
    cal = WorkCalendar(overtime_per_workday=2, overtime_per_weekend_day=5)
    assert overtime_hours_available(cal, *KINGS_WEEK) == 14


def test_a_four_day_week_makes_friday_a_weekend_day():
    cal = WorkCalendar(workdays=(0, 1, 2, 3), overtime_per_weekend_day=3)
    # Fri 27 Nov – Sun 29 Nov: three weekend days of 3 h; free hours none.
    window = (datetime(2026, 11, 26, 18), datetime(2026, 11, 29, 18))
    assert overtime_hours_available(cal, *window) == 9
    assert free_hours(cal, *window) == 0


def test_earliest_finish_is_the_day_the_free_hours_add_up(example_calendar):
    # Free after Fri 20 Nov: Mon 2, Tue 4 (6), Wed 6 (12), Thu 8 (20 ≥ 16) → Thursday 26 November.
    assert earliest_finish(example_calendar, 16, RECEIVED) == date(2026, 11, 26)


def test_earliest_finish_exactly_on_the_hour(example_calendar):
    assert earliest_finish(example_calendar, 12, RECEIVED) == date(2026, 11, 25)


def test_earliest_finish_beyond_horizon_is_none(example_calendar):
    # One week (21–27 Nov) holds 2 + 4 + 6 + 8 + 8 = 28 free hours, not 30.
    assert earliest_finish(example_calendar, 30, RECEIVED, horizon_weeks=1) is None
    assert earliest_finish(example_calendar, 28, RECEIVED, horizon_weeks=1) == date(2026, 11, 27)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"hours_per_day": 0}, "hours_per_day"),
        ({"hours_per_day": 25}, "hours_per_day"),
        ({"workdays": ()}, "workdays"),
        ({"workdays": (0, 7)}, "workdays"),
        ({"booked": {"2026-11-23": -1}}, "booked"),
        ({"booked": {"not a date": 1}}, "booked"),
        ({"country": "XX"}, "country"),
        ({"overtime_per_workday": -2}, "overtime_per_workday"),
        ({"hours_per_day": 20, "overtime_per_workday": 5}, "overtime_per_workday"),
    ],
)
def test_bad_calendar_input_names_the_field(kwargs, field):
    with pytest.raises(InputError) as caught:
        WorkCalendar(**kwargs)
    assert caught.value.field == field


def test_deadline_before_received_is_an_input_error():
    with pytest.raises(InputError) as caught:
        free_hours(WorkCalendar(), DEADLINE, RECEIVED)
    assert caught.value.field == "deadline"


def test_calendar_round_trips_through_a_dict(example_calendar):
    assert WorkCalendar.from_dict(example_calendar.to_dict()) == example_calendar


def test_the_country_list_is_the_holidays_packages_own_without_aliases():
    import holidays

    from notnow.calendar import country_codes, supported_countries

    assert country_codes() == tuple(sorted(holidays.list_supported_countries(include_aliases=False)))
    assert supported_countries() == frozenset(holidays.list_supported_countries())
    assert "UK" in supported_countries() and "UK" not in country_codes()  # an alias: accepted, never listed


def test_the_default_country_is_one_the_holidays_package_knows():
    # WorkCalendar takes the default without asking the registry (a fresh first page skips importing holidays)
    from notnow.calendar import DEFAULT_COUNTRY, supported_countries

    assert DEFAULT_COUNTRY == "NL"
    assert DEFAULT_COUNTRY in supported_countries()
