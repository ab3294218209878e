"""The rush quote: tiers, overtime, rounding and the verdict, worked by hand."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from notnow import InputError, RushPolicy, WorkCalendar, quote_rush
from notnow.rush import price_by_notice, verdict
from tests.conftest import DEADLINE, RECEIVED


def test_example_quote(example_calendar):
    # 16 h × €95 = €1,520; notice 5 d 7 h → 25 % = €380; free 12 h so 4 h overtime × €95 × 50 % = €190.
    q = quote_rush(95, 16, RECEIVED, DEADLINE, example_calendar, min_extra_per_overtime_hour=100)
    assert q.notice_days == pytest.approx(5 + 7 / 24)
    assert q.surcharge_pct == 25
    assert q.base_fee == Decimal("1520.00")
    assert q.rush_fee == Decimal("380.00")
    assert q.overtime_hours == 4
    assert q.overtime_fee == Decimal("190.00")
    assert q.total == Decimal("2090.00")
    # (380 + 190) / 4 = 142.50 per evening hour, above the €100 minimum.
    assert q.extra_per_overtime_hour == Decimal("142.50")
    assert q.feasible
    assert q.worth_it


def test_not_worth_it_below_own_minimum(example_calendar):
    q = quote_rush(95, 16, RECEIVED, DEADLINE, example_calendar, min_extra_per_overtime_hour=150)
    assert q.feasible
    assert not q.worth_it


def test_fits_in_free_hours_needs_no_overtime(example_calendar):
    # 10 h ≤ 12 free: no overtime, worth it whatever the minimum.
    q = quote_rush(95, 10, RECEIVED, DEADLINE, example_calendar, min_extra_per_overtime_hour=10_000)
    assert q.overtime_hours == 0
    assert q.overtime_fee == 0
    assert q.extra_per_overtime_hour is None
    assert q.total == Decimal("1187.50")  # 950 + 25 % (237.50)
    assert q.worth_it


def test_infeasible_when_even_overtime_is_not_enough(example_calendar):
    # 40 h > 12 free + 14 overtime = 26.
    q = quote_rush(95, 40, RECEIVED, DEADLINE, example_calendar)
    assert not q.feasible
    assert not q.worth_it
    assert q.overtime_hours == 28


def test_a_morning_deadline_counts_only_the_hours_before_it(example_calendar):
    """Deadline Tue 24 Nov 10:00: Tuesday gives 1 hour and none of its overtime (DESIGN.md "Free hours")."""
    # 12 h × €95 = €1,140; notice exactly 4 days → 25 % = €285. Free: Mon 2 + Tue 1 (9:00–10:00) = 3, so 9 h
    # overtime × €95 × 50 % = €427.50; total €1,852.50. Overtime available: Sat 4 + Sun 4 + Mon 2 = 10 ≥ 9.
    q = quote_rush(95, 12, RECEIVED, datetime(2026, 11, 24, 10, 0), example_calendar)
    assert (q.free_hours, q.overtime_available, q.overtime_hours) == (3, 10, 9)
    assert q.total == Decimal("1852.50")
    assert q.feasible
    # 14 h: 3 free + 10 overtime = 13 < 14, so it can't be done by Tuesday 10:00 (by 17:00 it could: 6 + 12).
    assert not quote_rush(95, 14, RECEIVED, datetime(2026, 11, 24, 10, 0), example_calendar).feasible
    assert quote_rush(95, 14, RECEIVED, datetime(2026, 11, 24, 17, 0), example_calendar).feasible


def test_same_day_deadline_is_double_and_infeasible_without_overtime():
    # 8 h notice → 100 %: 4 h × €80 = 320, rush 320, all 4 h overtime: 4 × 80 × 50 % = 160 → €800.
    received = datetime(2026, 11, 23, 9)
    q = quote_rush(80, 4, received, received + timedelta(hours=8), WorkCalendar(overtime_per_workday=2))
    assert q.surcharge_pct == 100
    assert q.total == Decimal("800.00")
    assert not q.feasible  # the window after today is empty, so no overtime either


@pytest.mark.parametrize(
    ("notice", "pct"),
    [
        (timedelta(hours=23, minutes=59), 100),
        (timedelta(days=1), 50),
        (timedelta(days=2, hours=23), 50),
        (timedelta(days=3), 25),
        (timedelta(days=6, hours=23), 25),
        (timedelta(days=7), 0),
        (timedelta(days=30), 0),
    ],
)
def test_tier_edges(notice, pct):
    start = datetime(2026, 11, 2, 9)
    q = quote_rush(100, 1, start, start + notice, WorkCalendar())
    assert q.surcharge_pct == pct


def test_money_rounds_half_up_to_cents():
    # €10.125 × 1 h = 10.125 → 10.13 (half up; banker's rounding would give 10.12); 25 % of 10.13 = 2.5325 → 2.53.
    start = datetime(2026, 11, 2, 9)
    q = quote_rush("10.125", 1, start, start + timedelta(days=5), WorkCalendar())
    assert q.base_fee == Decimal("10.13")
    assert q.rush_fee == Decimal("2.53")
    assert q.total == Decimal("12.66")


def test_custom_tiers_and_premium(example_calendar):
    policy = RushPolicy(tiers=[(10, 40)], overtime_premium_pct=100)
    q = quote_rush(100, 16, RECEIVED, DEADLINE, example_calendar, policy)
    # 1600 + 40 % (640) + 4 h × 100 × 100 % (400) = 2640.
    assert q.total == Decimal("2640.00")


def test_default_tiers_come_from_data():
    tiers = RushPolicy().tiers
    assert [(t.under_days, t.surcharge_pct) for t in tiers] == [(1, 100), (3, 50), (7, 25)]


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ((-1, 8), "rate"),
        (("abc", 8), "rate"),
        ((90, 0), "hours"),
        ((90, float("nan")), "hours"),
    ],
)
def test_bad_numbers_name_the_field(args, field):
    with pytest.raises(InputError) as caught:
        quote_rush(*args, RECEIVED, DEADLINE, WorkCalendar())
    assert caught.value.field == field


def test_deadline_not_after_received_is_an_input_error_not_a_quote():
    with pytest.raises(InputError) as caught:
        quote_rush(90, 8, RECEIVED, RECEIVED, WorkCalendar())
    assert caught.value.field == "deadline"
    assert caught.value.code == "deadline_not_after_received"


def test_price_curve_steps_down_with_notice():
    points = dict(price_by_notice(100, 10, max_days=8))
    assert points[0.5] == Decimal("2000.00")
    assert points[2.0] == Decimal("1500.00")
    assert points[5.0] == Decimal("1250.00")
    assert points[8.0] == Decimal("1000.00")


def test_price_curve_with_the_calendar_is_the_full_quote(example_calendar):
    points = dict(price_by_notice(95, 16, max_days=8, cal=example_calendar, received=RECEIVED))
    # 5.3 days: the same window as the example's 5 d 7 h → €2,090.00 (25 % and 4 overtime hours).
    assert points[5.3] == Decimal("2090.00")
    # 7 days (deadline Fri 27 Nov 10:00): 28 free hours, no surcharge, no overtime → 16 × 95.
    assert points[7.0] == Decimal("1520.00")


# --- the verdict: one per quote ------------------------------------------------------------------
# The example: 16 h asked, 12 h free before Wed 25 Nov (2 + 4 + 6 on Mon–Wed), so 4 h of overtime;
# 14 h of overtime accepted (2 h × 3 working days + 4 h × 2 weekend days). Rush €380 + overtime €190 over
# 4 evening hours = €142.50 per hour.


def test_verdict_worth_it_when_the_evening_hour_earns_the_minimum(example):
    assert verdict(example.quote()) == "worth_it"  # 142.50 ≥ 100


def test_verdict_not_worth_it_below_the_minimum(example):
    assert verdict(example.replace(min_extra_per_overtime_hour=150).quote()) == "not_worth_it"


def test_verdict_fits_when_no_overtime_is_needed(example):
    assert verdict(example.replace(request=example.request.replace(hours=12)).quote()) == "fits"


def test_verdict_impossible_when_even_overtime_is_not_enough(example):
    no_overtime = example.calendar.replace(overtime_per_workday=0, overtime_per_weekend_day=0)
    assert verdict(example.replace(calendar=no_overtime).quote()) == "impossible"
