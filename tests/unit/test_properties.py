"""Properties that must hold for any input (hypothesis)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notnow import (
    InputError,
    Part,
    Request,
    WorkCalendar,
    check_honesty,
    content,
    earliest_finish,
    plan_split,
    quote_rush,
)
from tests.conftest import examples

DAYS = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31))
MOMENTS = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31))
HOURS = st.floats(min_value=0.25, max_value=120, allow_nan=False)

calendars = st.builds(
    WorkCalendar,
    hours_per_day=st.floats(min_value=1, max_value=12),
    workdays=st.sets(st.integers(0, 6), min_size=1).map(tuple),
    booked=st.dictionaries(DAYS, st.floats(min_value=0, max_value=12), max_size=20),
    days_off=st.sets(DAYS, max_size=10),
    country=st.sampled_from(["NL", "BE", "DE", "GB", "US"]),
    overtime_per_workday=st.floats(min_value=0, max_value=4),
    overtime_per_weekend_day=st.floats(min_value=0, max_value=8),
)
FAST = settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(
    calendars,
    st.decimals(min_value=0, max_value=500, places=2),
    HOURS,
    MOMENTS,
    st.floats(min_value=0.01, max_value=40),
)
def test_a_quote_total_is_never_below_its_base_fee(cal, rate, hours, received, notice_days):
    q = quote_rush(rate, hours, received, received + timedelta(days=notice_days), cal)
    assert q.total >= q.base_fee
    assert q.total == q.base_fee + q.rush_fee + q.overtime_fee


@FAST
@given(
    calendars,
    st.lists(st.tuples(HOURS, st.booleans()), min_size=1, max_size=5),
    MOMENTS,
    st.floats(min_value=0.1, max_value=30),
    st.floats(min_value=0.05, max_value=1),
)
def test_a_plan_hours_add_up_to_the_parts(cal, specs, received, notice_days, spread):
    parts = [Part(f"part {i}", h, u) for i, (h, u) in enumerate(specs)]
    try:
        plan = plan_split(cal, parts, received, received + timedelta(days=notice_days), spread)
    except InputError as error:
        assert error.code == "does_not_fit"  # a thin calendar and a big job: a clear message, no plan
        return
    planned = plan.schedule.groupby("part")["hours"].sum()
    for part in parts:
        assert abs(planned[part.name] - part.hours) < 1e-6
    if plan.urgent_done is not None:
        assert plan.all_done is not None and plan.all_done >= plan.urgent_done


@FAST
@given(calendars, HOURS, st.floats(min_value=0, max_value=40), MOMENTS)
def test_earliest_finish_never_moves_earlier_when_hours_grow(cal, hours, more, received):
    sooner = earliest_finish(cal, hours, received)
    later = earliest_finish(cal, hours + more, received)
    if sooner is None:
        assert later is None
    elif later is not None:
        assert later >= sooner


anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(),
    st.text(max_size=12),
    st.dates(),
    st.datetimes(),
    st.lists(st.integers(-2, 9), max_size=3),
)


@settings(max_examples=examples(300), deadline=None)
@given(
    anything,
    anything,
    anything,
    anything,
    anything,
    anything,
    st.sampled_from(["quote", "plan", "earliest", "calendar", "request", "honesty", "part"]),
)
def test_no_input_raises_anything_but_input_error(a, b, c, d, e, f, call):
    try:
        if call == "quote":
            quote_rush(a, b, c, d, WorkCalendar())
        elif call == "plan":
            plan_split(WorkCalendar(), [Part("x", 1, True)], a, b, c)  # type: ignore[arg-type]
        elif call == "earliest":
            earliest_finish(WorkCalendar(), a, b, c)  # type: ignore[arg-type]
        elif call == "calendar":
            WorkCalendar(a, b, None, (), "NL", c, d)  # type: ignore[arg-type]
        elif call == "request":
            Request(a, b, c, d, e, f)  # type: ignore[arg-type]
        elif call == "honesty":
            check_honesty(a, WorkCalendar(), Request("x", 1, datetime(2026, 1, 1), datetime(2026, 1, 5)), b)
        else:
            Part(a, b, c)  # type: ignore[arg-type]
    except InputError as error:
        # Bad input is fine, as long as it can be explained beside its field, in both languages.
        for lang in content.LANGS:
            assert error.code in content.load(lang)["errors"]
            assert error.field in content.load(lang)["fields"]
