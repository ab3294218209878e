"""The diary typed by hand, in the user's own date style, and written back so it reads the same.

Today is Monday 23 November 2026 in every test (so "26 nov" is this Thursday and "3 jan" is in 2027).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notnow import InputError
from notnow.diary import FIRST_DATE, LAST_DATE, format_booked, format_days, parse_booked, parse_days
from notnow.fmt import error_text

TODAY = date(2026, 11, 23)
THU = date(2026, 11, 26)


def booked(text: str, lang: str = "en") -> dict[date, float]:
    return parse_booked(text, lang, today=TODAY)


def days(text: str, lang: str = "en") -> set[date]:
    return parse_days(text, lang, today=TODAY)


def error(parse, text: str, lang: str = "en") -> InputError:
    with pytest.raises(InputError) as caught:
        parse(text, lang, today=TODAY)
    return caught.value


# --- booked hours ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "2026-11-26 5",
        "26-11-2026 5",
        "26/11/2026 5",
        "26/11 5",
        "26 nov: 5",
        "26 nov 5h",
        "26 Nov 5 hours",
        "26 November 2026 5",
        "nov 26 5",
        "Nov 26, 2026: 5",
        "26 nov = 5",
        "26.11.2026 5",
        "26/11/26 5",
    ],
)
def test_english_date_styles_all_mean_thursday_26_november(line):
    assert booked(line, "en") == {THU: 5.0}


@pytest.mark.parametrize(
    "line",
    [
        "2026-11-26 5",
        "26-11-2026 5",
        "26/11 5",
        "26 nov: 5",
        "26 nov 5u",
        "26 nov. 5 uur",
        "26 november 5",
        "26 november 2026 5",
    ],
)
def test_dutch_date_styles_all_mean_thursday_26_november(line):
    assert booked(line, "nl") == {THU: 5.0}


def test_decimal_comma_and_point_both_work():
    assert booked("26 nov 2,5", "nl") == {THU: 2.5}
    assert booked("26 nov 2.5", "en") == {THU: 2.5}


def test_month_names_follow_the_language():
    assert booked("30 mrt 1\n2 okt 4", "nl") == {date(2027, 3, 30): 1.0, date(2027, 10, 2): 4.0}
    assert booked("30 mar 1\n2 oct 4\n5 sept 2", "en") == {
        date(2027, 3, 30): 1.0,
        date(2027, 10, 2): 4.0,
        date(2027, 9, 5): 2.0,
    }
    assert error(parse_booked, "2 okt 4", "en").code == "diary_booked_line"  # "okt" is Dutch


def test_a_date_without_a_year_is_the_next_such_date_from_today():
    # 23 Nov 2026 is today (on or after counts), 22 Nov has passed → 2027, 29 Feb → the next leap year, 2028.
    assert booked("23 nov 1\n22 nov 2\n29 feb 3") == {TODAY: 1.0, date(2027, 11, 22): 2.0, date(2028, 2, 29): 3.0}


def test_numeric_dates_follow_the_locales_order_of_day_and_month():
    # en is British English: day first, like Dutch. 05/11 is 5 November (2027, as 5 Nov 2026 has passed).
    assert booked("05/11 1") == {date(2027, 11, 5): 1.0}
    assert booked("05-11 1", "nl") == {date(2027, 11, 5): 1.0}


def test_two_lines_for_one_day_add_up_and_blank_lines_are_skipped():
    assert booked("26/11 2\n\n   \n26 nov 3,5", "nl") == {THU: 5.5}


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("26 nov 2026", "diary_booked_line", 1),  # a date with no hours
        ("26 nov 5\nnext monday 6", "diary_booked_line", 2),
        ("26 nov\n", "diary_booked_line", 1),
        ("31/02/2026 4", "diary_no_such_date", 1),
        ("30 feb 4", "diary_no_such_date", 1),
        ("1/1/1999 4", "diary_date_bounds", 1),
        ("2101-01-01 4", "diary_date_bounds", 1),
        ("26 nov 25", "diary_hours", 1),
        ("\n26 nov 20\n26/11 5", "diary_day_full", 3),  # 20 + 5 = 25 h on one day
    ],
)
def test_a_bad_line_names_the_field_the_line_and_its_text(text, code, line):
    caught = error(parse_booked, text)
    assert (caught.field, caught.code, caught.params["line"]) == ("booked", code, line)
    bad_line = text.splitlines()[line - 1]
    assert caught.params["text"] == bad_line.strip()
    assert f"Line {line}" in error_text(caught, "en") and bad_line.strip() in error_text(caught, "en")
    assert f"Regel {line}" in error_text(caught, "nl")


def test_a_long_bad_line_is_shortened_in_the_message():
    caught = error(parse_booked, "x" * 500 + " 5")
    assert caught.params["text"] == "x" * 39 + "…"


def test_text_beyond_the_size_limit_is_refused():
    assert error(parse_booked, "26/11 1\n" * 20_000).code == "too_long"  # 160,000 characters > 100,000


# --- days off -------------------------------------------------------------------------------------------


def christmas_week() -> set[date]:
    return {date(2026, 12, 24) + timedelta(days=i) for i in range(8)}  # 24 … 31 December


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("24-12-2026 .. 31-12-2026", "en"),
        ("24/12/2026 to 31/12/2026", "en"),
        ("24 dec - 31 dec", "en"),
        ("dec 24 – 31", "en"),
        ("2026-12-24..2026-12-31", "nl"),
        ("24 t/m 31 dec", "nl"),
        ("24 december tot en met 31 december", "nl"),
    ],
)
def test_ranges_of_days_off(text, lang):
    assert days(text, lang) == christmas_week()


def test_a_range_may_cross_the_new_year():
    # 28 Dec 2026 … 3 Jan 2027: the end without a year is the next 3 January after the start.
    assert days("28 dec - 3 jan") == {date(2026, 12, 28) + timedelta(days=i) for i in range(7)}
    assert days("28 t/m 3 jan", "nl") == {date(2026, 12, 28) + timedelta(days=i) for i in range(7)}


def test_several_days_on_a_line_separated_by_commas_or_semicolons():
    assert days("2026-12-24, 2026-12-25; 26 dec") == {date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 26)}
    assert days("Dec 24, 2026, Dec 25, 2026") == {date(2026, 12, 24), date(2026, 12, 25)}  # commas before a year


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("31 dec 2026 - 24 dec 2026", "diary_range"),  # ends before it starts
        ("1 jan 2026 .. 2 jan 2027", "diary_range"),  # 367 days, more than a year
        ("holiday", "diary_days_line"),
        ("24 dec - ", "diary_days_line"),
        ("31 nov", "diary_no_such_date"),
    ],
)
def test_bad_days_off_name_the_days_off_field(text, code):
    caught = error(parse_days, "2026-12-01\n" + text)
    assert (caught.field, caught.code, caught.params["line"]) == ("days_off", code, 2)


# --- writing back ---------------------------------------------------------------------------------------


def test_booked_hours_are_written_in_the_languages_style():
    hours = {THU: 2.5, date(2026, 12, 1): 8.0}
    assert format_booked(hours, "nl") == "26-11-2026 2,5\n01-12-2026 8"
    assert format_booked(hours, "en") == "26/11/2026 2.5\n01/12/2026 8"


def test_days_off_are_written_as_ranges_where_they_run_on():
    off = christmas_week() | {date(2027, 1, 5)}
    assert format_days(off, "nl") == "24-12-2026 t/m 31-12-2026\n05-01-2027"
    assert format_days(off, "en") == "24/12/2026 to 31/12/2026\n05/01/2027"


def test_a_run_longer_than_a_year_is_written_as_ranges_that_read_back():
    long_leave = {date(2026, 1, 1) + timedelta(days=i) for i in range(400)}  # 400 days: 366 + 34
    text = format_days(long_leave, "en")
    assert len(text.splitlines()) == 2
    assert days(text) == long_leave


dates = st.dates(min_value=FIRST_DATE, max_value=LAST_DATE)
hours = st.floats(min_value=0, max_value=24, allow_nan=False, allow_infinity=False)


@given(st.dictionaries(dates, hours, max_size=20), st.sampled_from(["en", "nl"]))
def test_booked_hours_round_trip(entries, lang):
    assert parse_booked(format_booked(entries, lang), lang, today=TODAY) == entries


@given(st.sets(dates, max_size=40), st.sampled_from(["en", "nl"]))
def test_days_off_round_trip(off, lang):
    assert parse_days(format_days(off, lang), lang, today=TODAY) == off


@given(st.lists(st.integers(0, 600), max_size=20), st.sampled_from(["en", "nl"]))
def test_runs_of_days_off_round_trip(offsets, lang):
    off = {date(2026, 12, 1) + timedelta(days=i) for i in offsets} | christmas_week()
    assert parse_days(format_days(off, lang), lang, today=TODAY) == off


@given(
    st.text(alphabet=st.sampled_from("0123456789 -/.:,;=hu\nnovdecjantm"), max_size=60), st.sampled_from(["en", "nl"])
)
def test_any_typing_gives_a_diary_or_a_message_never_a_crash(text, lang):
    for parse, field in ((parse_booked, "booked"), (parse_days, "days_off")):
        try:
            parse(text, lang, today=TODAY)
        except InputError as caught:
            assert caught.field == field
            assert error_text(caught, lang)
