"""notnow.fmt: how amounts, dates, counts and error messages read in each language."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from notnow import InputError
from notnow.fmt import (
    count,
    error_text,
    format_date,
    format_hours,
    format_hours_unit,
    format_money,
    format_notice,
    format_pct,
    join_names,
    plural,
)


def test_money_is_written_british_in_english_and_dutch_in_dutch():
    assert format_money(Decimal("2090"), "EUR", "en") == "€2,090.00"
    assert format_money(Decimal("2090"), "EUR", "nl") == "€ 2.090,00"


def test_long_dates_name_the_weekday():
    assert format_date(date(2026, 11, 25), "en") == "Wednesday, 25 November 2026"
    assert format_date(date(2026, 11, 25), "nl") == "woensdag 25 november 2026"


def test_hours_drop_needless_decimals_and_use_the_decimal_comma_in_dutch():
    assert format_hours(12.0, "en") == "12"
    assert format_hours(12.5, "en") == "12.5"
    assert format_hours(12.5, "nl") == "12,5"


@pytest.mark.parametrize(
    ("n", "en", "nl"),
    [
        (1, "1 day", "1 dag"),
        (2, "2 days", "2 dagen"),
        (0, "0 days", "0 dagen"),
    ],
)
def test_plural_follows_the_languages_rule(n, en, nl):
    assert count("en", "day", n) == en
    assert count("nl", "day", n) == nl


def test_one_day_off_is_singular_in_dutch():
    assert count("nl", "day_off", 1) == "1 vrije dag"
    assert count("nl", "day_off", 3) == "3 vrije dagen"


def test_hour_units():
    assert format_hours_unit(1, "en") == "1 hour"
    assert format_hours_unit(2.5, "en") == "2.5 hours"
    assert format_hours_unit(2.5, "nl") == "2,5 uur"


def test_plural_passes_extra_placeholders_through():
    assert plural("en", "fmt.hour", 3) == "3 hours"


@pytest.mark.parametrize(
    ("days", "en", "nl"),
    [
        # 5.31 days = 127.44 h → 127 h = 5 days and 7 hours
        (5.31, "5 days 7 hours", "5 dagen en 7 uur"),
        (1.0, "1 day", "1 dag"),
        (0.125, "3 hours", "3 uur"),
        (2 + 1 / 24, "2 days 1 hour", "2 dagen en 1 uur"),
    ],
)
def test_notice_is_days_and_hours_never_raw_decimals(days, en, nl):
    assert format_notice(days, "en") == en
    assert format_notice(days, "nl") == nl


def test_percentages():
    assert format_pct(50, "en") == "50%"
    assert format_pct(12.5, "nl") == "12,5%"


def test_names_are_joined_with_the_languages_and():
    assert join_names(["Sanne", "Tom", "Priya"], "en") == "Sanne, Tom and Priya"
    assert join_names(["Sanne", "Tom"], "nl") == "Sanne en Tom"
    assert join_names(["Sanne"], "nl") == "Sanne"


def test_an_error_reads_with_the_fields_name_in_each_language():
    error = InputError("rate", "not_negative")
    assert error_text(error, "en") == "The value for hourly rate must be 0 or more."
    assert "uurtarief" in error_text(error, "nl")


def test_an_unknown_error_code_still_gives_a_sentence_naming_the_field():
    assert error_text(InputError("rate", "no_such_code"), "en") == "Check hourly rate."
