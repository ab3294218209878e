"""Free hours, overtime and the earliest finish, with numbers worked by hand."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from notnow import InputError, WorkCalendar, earliest_finish, free_hours, overtime_hours_available
from notnow.calendar import window_start
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


# --- the honest window: the deadline day counts only its hours before the deadline ----------------------------
# The example calendar, received Fri 20 Nov 10:00: Mon 23 has 2 h free, Tue 24 has 4 h free (8 − 4 booked);
# overtime 2 h per workday, 4 h per weekend day. The working day starts at 9:00 and ends at 17:00 (9 + 8 h).


@pytest.mark.parametrize(
    ("deadline", "free"),
    [
        (datetime(2026, 11, 24, 10, 0), 2 + 1),  # 9:00–10:00: 1 hour of Tuesday, not its 4 free hours
        (datetime(2026, 11, 24, 9, 0), 2 + 0),  # at the start of the day: none of Tuesday
        (datetime(2026, 11, 24, 7, 30), 2 + 0),  # before it: none either
        (datetime(2026, 11, 24, 12, 30), 2 + 3.5),  # 3.5 hours to the deadline, 4 free: 3.5
        (datetime(2026, 11, 24, 15, 0), 2 + 4),  # 6 hours to the deadline, but only 4 free that day
        (datetime(2026, 11, 24, 17, 0), 2 + 4),  # at the end of the working day: the whole day
        (datetime(2026, 11, 24, 21, 0), 2 + 4),  # after it: the whole day
    ],
)
def test_the_deadline_day_counts_only_its_hours_before_the_deadline(example_calendar, deadline, free):
    """min(free that day, hours from day_start to the deadline); 0 at or before day_start; all from the end on."""
    assert free_hours(example_calendar, RECEIVED, deadline) == pytest.approx(free)


def test_a_later_day_start_leaves_fewer_hours_before_the_deadline(example_calendar):
    """The working day's start comes from the set-up: starting at 8, Tuesday 10:00 leaves 2 hours, not 1."""
    early = example_calendar.replace(day_start=time(8))
    assert free_hours(early, RECEIVED, datetime(2026, 11, 24, 10, 0)) == 2 + 2
    late = example_calendar.replace(day_start="10:00")
    assert free_hours(late, RECEIVED, datetime(2026, 11, 24, 10, 0)) == 2 + 0
    # Starting at 10, the day ends at 18:00: at 17:00 the deadline day gives min(4 free, 7) = 4, no overtime.
    assert free_hours(late, RECEIVED, datetime(2026, 11, 24, 17, 0)) == 2 + 4
    assert overtime_hours_available(late, RECEIVED, datetime(2026, 11, 24, 17, 0)) == 4 + 4 + 2


def test_the_deadline_days_overtime_counts_only_from_the_end_of_its_working_day(example_calendar):
    """Sat 4 + Sun 4 + Mon 2 before Tuesday; Tuesday's 2 h of overtime only for a deadline at or after 17:00."""
    assert overtime_hours_available(example_calendar, RECEIVED, datetime(2026, 11, 24, 10, 0)) == 10
    assert overtime_hours_available(example_calendar, RECEIVED, datetime(2026, 11, 24, 16, 59)) == 10
    assert overtime_hours_available(example_calendar, RECEIVED, datetime(2026, 11, 24, 17, 0)) == 12
    # A weekend deadline follows the same rule: Sunday 12:00 is before 17:00, so only Saturday's 4 h.
    assert overtime_hours_available(example_calendar, RECEIVED, datetime(2026, 11, 22, 12, 0)) == 4
    assert overtime_hours_available(example_calendar, RECEIVED, datetime(2026, 11, 22, 18, 0)) == 8


def test_the_window_starts_the_day_after_the_request():
    """The received day is already planned: the window opens the next day, whatever the hour."""
    assert window_start(datetime(2026, 12, 2, 23, 59)) == date(2026, 12, 3)
    assert window_start(datetime(2026, 12, 2, 0, 0)) == date(2026, 12, 3)


def test_day_start_is_kept_with_the_calendar_and_defaults_to_nine(example_calendar):
    """Saved as "HH:MM"; a calendar saved before it existed loads with 9:00."""
    cal = example_calendar.replace(day_start=time(8, 30))
    assert cal.to_dict()["day_start"] == "08:30"
    assert WorkCalendar.from_dict(cal.to_dict()) == cal
    old = {k: v for k, v in cal.to_dict().items() if k != "day_start"}
    assert WorkCalendar.from_dict(old).day_start == time(9)
    assert WorkCalendar().day_start == time(9)


@pytest.mark.parametrize("value", ["25:00", "nine", 9, None])
def test_a_bad_day_start_names_the_field(value):
    with pytest.raises(InputError) as caught:
        WorkCalendar(day_start=value)
    assert (caught.value.field, caught.value.code) == ("day_start", "time")


def test_the_next_working_day_skips_weekends_holidays_and_days_off():
    """Tue 22 Dec 2026 in a 21–24 Dec leave: Christmas (Fri 25, Sat 26) and Sunday 27 follow, so Mon 28."""
    cal = WorkCalendar(days_off={date(2026, 12, d) for d in range(21, 25)})
    assert cal.next_working_day(date(2026, 12, 22)) == date(2026, 12, 28)
    assert cal.next_working_day(date(2026, 12, 18)) == date(2026, 12, 18)  # a working Friday: itself
