"""What the saved cases tell you: outcome counts, rush income, notice, per client, check-ins due.

Five cases, every figure worked by hand. The example request: 16 h at €95, received Fri 20 Nov 2026 10:00;
8 h days Mon–Fri with 6/4/2 h booked on 23/24/25 Nov; overtime 2 h per workday, 4 h per weekend day.

    case  client        outcome        deadline            notice (days)       rush_total  follow_up
    A     Bloom & Co    accepted_rush  Wed 25 Nov 17:00    127 h / 24 = 5.2917  2,090.00    Tue 8 Dec
    B     Acme          accepted_rush  Tue 24 Nov 17:00    103 h / 24 = 4.2917  2,375.00    Mon 30 Nov
    C     Acme          declined       Mon 23 Nov 10:00    3                    —           (Mon 7 Dec)
    D     BLOOM & CO    (undecided)    Sat 21 Nov 04:00    18 h / 24 = 0.75     —           Fri 20 Nov
    E     Zed           referred       Fri 4 Dec 10:00     14                   —           Tue 15 Dec

B's quote: base 16 × 95 = 1,520.00; 4.29 days' notice → the "under 7 days" tier, 25 % = 380.00; free hours in the
window (Sat 21 … Tue 24, the deadline at the end of Tuesday's working day): Mon 8 − 6 = 2, Tue 8 − 4 = 4 → 6, so
10 overtime hours × 95 × 50 % = 475.00; total 1,520 + 380 + 475 = 2,375.00. It can be done: 6 free + overtime
Sat 4 + Sun 4 + Mon 2 + Tue 2 = 18 ≥ 16, so the reply promised that price. A's total is the example's 2,090.00.
(B's deadline was Tuesday 10:00 before the window counted the deadline day only up to the deadline: then only
1 hour of Tuesday and none of its overtime count, 3 + 10 < 16, the rush is impossible and the reply promises no
price, so the history would hold none.)
C has no check-in typed: the history holds the suggested one, two weeks after Mon 23 Nov: Mon 7 Dec, a working day.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from notnow import OUTCOMES, Assessment, InputError, RushPolicy, Store, history


def case(client: str, outcome: str, deadline: str, follow_up: str | None) -> Assessment:
    data = Assessment.example("en").to_dict()
    data["request"]["client"] = client
    data["request"]["deadline"] = deadline
    data["outcome"] = outcome
    data["follow_up"] = follow_up
    return Assessment.from_dict(data)


CASES = [
    case("Bloom & Co", "accepted_rush", "2026-11-25T17:00:00", "2026-12-08"),  # A
    case("Acme", "accepted_rush", "2026-11-24T17:00:00", "2026-11-30"),  # B
    case("Acme", "declined", "2026-11-23T10:00:00", None),  # C
    case("BLOOM & CO", "", "2026-11-21T04:00:00", "2026-11-20"),  # D
    case("Zed", "referred", "2026-12-04T10:00:00", "2026-12-15"),  # E
]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "cases.sqlite3") as s:
        yield s


@pytest.fixture
def cases(store: Store) -> pd.DataFrame:
    for a in CASES:
        store.save(a)
    return store.cases()


@pytest.fixture
def empty(store: Store) -> pd.DataFrame:
    return store.cases()


# --- outcomes --------------------------------------------------------------------------------------


def test_outcome_counts_lists_every_outcome_and_undecided_with_zeros(cases):
    counts = history.outcome_counts(cases)
    assert list(counts["outcome"]) == [*OUTCOMES, ""]
    assert dict(zip(counts["outcome"], counts["count"], strict=True)) == {
        "accepted": 0,
        "accepted_rush": 2,
        "split": 0,
        "later": 0,
        "referred": 1,
        "declined": 1,
        "": 1,
    }


def test_outcome_counts_of_an_empty_store_are_all_zero(empty):
    counts = history.outcome_counts(empty)
    assert len(counts) == len(OUTCOMES) + 1
    assert counts["count"].sum() == 0


def test_unknown_or_missing_outcomes_count_as_undecided():
    frame = pd.DataFrame({"outcome": ["declined", None, "None", "maybe", float("nan")]})
    counts = dict(zip(*(history.outcome_counts(frame)[c] for c in ("outcome", "count")), strict=True))
    assert counts["declined"] == 1
    assert counts[""] == 4


# --- rush income -----------------------------------------------------------------------------------


def test_rush_income_adds_the_totals_of_the_cases_accepted_at_the_rush_rate(cases):
    assert history.rush_income(cases) == Decimal("4465.00")  # 2,090.00 + 2,375.00
    assert isinstance(history.rush_income(cases), Decimal)


def test_rush_income_of_an_empty_store_is_zero_cents(empty):
    assert history.rush_income(empty) == Decimal("0.00")


def test_rush_income_is_exact_in_cents_not_float_sums():
    frame = pd.DataFrame({"rush_total": [0.1, 0.2, None, float("nan")]})
    assert history.rush_income(frame) == Decimal("0.30")


# --- notice ----------------------------------------------------------------------------------------


def test_notice_summary_median_mean_minimum(cases):
    notice = history.notice_summary(cases)
    assert notice.count == 5
    # sorted: 0.75, 3, 103/24, 127/24, 14 → median 103/24 = 4.2917; mean (0.75 + 3 + 103/24 + 127/24 + 14) / 5
    assert notice.median == pytest.approx(103 / 24)
    assert notice.mean == pytest.approx((0.75 + 3 + 103 / 24 + 127 / 24 + 14) / 5)
    assert notice.mean == pytest.approx(5.466667, abs=1e-6)
    assert notice.minimum == pytest.approx(0.75)


def test_notice_bands_follow_the_rush_tiers_and_their_under_rule(cases):
    bins = history.notice_summary(cases).bins
    assert list(bins["low"]) == [0, 1, 3, 7]
    assert list(bins["high"]) == [1, 3, 7, math.inf]
    # under 1: D (0.75) · 1–3: none · 3–7: C (exactly 3 is not "under 3"), B (4.29), A (5.29) · 7+: E (14)
    assert list(bins["count"]) == [1, 0, 3, 1]


def test_notice_summary_of_an_empty_store(empty):
    notice = history.notice_summary(empty)
    assert (notice.count, notice.median, notice.mean, notice.minimum) == (0, None, None, None)
    assert notice.band_counts() == [0, 0, 0, 0]


def test_notice_bands_use_the_given_policy():
    policy = RushPolicy([(2, 80), (5, 20)])
    assert history.notice_edges(policy) == [0, 2, 5, math.inf]
    frame = pd.DataFrame({"notice_days": [0.5, 2.0, 4.99, 5.0, 30.0]})
    assert history.notice_summary(frame, policy).band_counts() == [1, 2, 2]


def test_notice_band_labels_read_naturally_in_both_languages():
    assert history.notice_band_label(0, 1, "en") == "under 1 day"
    assert history.notice_band_label(0, 3, "en") == "under 3 days"
    assert history.notice_band_label(3, 7, "en") == "3–7 days"
    assert history.notice_band_label(7, math.inf, "en") == "7 days or more"
    assert history.notice_band_label(0, 1, "nl") == "minder dan 1 dag"
    assert history.notice_band_label(0.5, 1.5, "nl") == "0,5–1,5 dagen"


@given(st.lists(st.floats(min_value=0.01, max_value=400), max_size=40))
def test_every_notice_lands_in_exactly_one_band(values):
    notice = history.notice_summary(pd.DataFrame({"notice_days": values}))
    assert sum(notice.band_counts()) == notice.count == len(values)


# --- per client ------------------------------------------------------------------------------------


def test_per_client_counts_cases_outcomes_and_rush_income(cases):
    clients = history.per_client(cases)
    assert list(clients["client"]) == ["Acme", "BLOOM & CO", "Zed"]  # most cases first, then by name
    rows = {r["client"]: r for r in clients.to_dict("records")}
    assert rows["Acme"]["cases"] == 2
    assert (rows["Acme"]["accepted_rush"], rows["Acme"]["declined"], rows["Acme"]["undecided"]) == (1, 1, 0)
    assert rows["Acme"]["rush_income"] == Decimal("2375.00")
    # "Bloom & Co" and "BLOOM & CO" are one client, shown as last saved (D after A)
    assert rows["BLOOM & CO"]["cases"] == 2
    assert (rows["BLOOM & CO"]["accepted_rush"], rows["BLOOM & CO"]["undecided"]) == (1, 1)
    assert rows["BLOOM & CO"]["rush_income"] == Decimal("2090.00")
    assert rows["Zed"]["referred"] == 1
    assert rows["Zed"]["rush_income"] == Decimal("0.00")
    assert clients["cases"].sum() == len(CASES)
    outcome_columns = [*OUTCOMES, "undecided"]
    assert (clients[outcome_columns].sum(axis=1) == clients["cases"]).all()


def test_per_client_of_an_empty_store_is_an_empty_table_with_the_columns(empty):
    clients = history.per_client(empty)
    assert clients.empty
    assert {"client", "cases", "undecided", "rush_income", "last_saved", *OUTCOMES} <= set(clients.columns)


# --- follow-ups ------------------------------------------------------------------------------------


def test_follow_ups_due_within_a_week_including_overdue_soonest_first(cases):
    due = history.follow_ups_due(cases, date(2026, 11, 25))  # the window ends Wed 2 Dec
    assert list(due["client"]) == ["BLOOM & CO", "Acme"]  # D (20 Nov, overdue), B (30 Nov)
    assert list(due["days"]) == [-5, 5]
    assert list(due["follow_up"]) == [date(2026, 11, 20), date(2026, 11, 30)]
    assert list(due["outcome"]) == ["", "accepted_rush"]


def test_a_follow_up_exactly_a_week_ahead_is_due(cases):
    due = history.follow_ups_due(cases, date(2026, 12, 1))  # the window ends Tue 8 Dec: A's date
    # D (20 Nov), B (30 Nov), C's suggested check-in (Mon 7 Dec), A (8 Dec)
    assert list(due["client"]) == ["BLOOM & CO", "Acme", "Acme", "Bloom & Co"]
    assert list(due["days"]) == [-11, -1, 6, 7]
    assert "Zed" not in set(due["client"])  # 15 Dec is 14 days ahead


def test_no_follow_ups_due_in_an_empty_store(empty):
    due = history.follow_ups_due(empty, date(2026, 11, 25))
    assert due.empty
    assert list(due.columns) == ["id", "client", "outcome", "follow_up", "days"]


# --- a client's habit ------------------------------------------------------------------------------


def test_client_habit_counts_requests_and_short_notice_per_client(cases):
    # Every case came in Fri 20 Nov 2026. Bloom & Co: A (5.29 days) and D (0.75 days, typed "BLOOM & CO"), both
    # under 7 days. Acme: B (4.29) and C (3), both under 7. Zed: E (14), not short.
    today = date(2026, 11, 23)
    assert history.client_habit(cases, " bloom &  co", today=today) == history.Habit(2, 2)
    assert history.client_habit(cases, "Acme", today=today) == history.Habit(2, 2)
    assert history.client_habit(cases, "Zed", today=today) == history.Habit(1, 0)
    assert history.client_habit(cases, "Nobody", today=today) == history.Habit(0, 0)


def test_client_habit_leaves_out_the_case_being_answered(cases):
    case_a = cases.loc[cases["notice_days"].round(2) == 5.29, "id"].item()
    assert history.client_habit(cases, "Bloom & Co", today=date(2026, 11, 23), exclude_id=case_a) == history.Habit(1, 1)


def test_client_habit_looks_back_only_within_the_period(cases):
    # 20 Nov 2026 is 376 days before 1 Dec 2027: outside a year, inside 400 days.
    assert history.client_habit(cases, "Acme", today=date(2027, 12, 1)) == history.Habit(0, 0)
    assert history.client_habit(cases, "Acme", within_days=400, today=date(2027, 12, 1)) == history.Habit(2, 2)


def test_client_habit_short_notice_follows_the_under_rule():
    frame = pd.DataFrame(
        {"client": ["Acme"] * 4, "received": ["2026-11-01T09:00"] * 4, "notice_days": [6.99, 7.0, float("nan"), 2]}
    )
    # Under 7: 6.99 and 2; exactly 7 is not under; an unknown notice counts as a request only.
    assert history.client_habit(frame, "acme", today=date(2026, 11, 23)) == history.Habit(4, 2)
    assert history.client_habit(frame, "acme", short_notice_days=3, today=date(2026, 11, 23)) == history.Habit(4, 1)


def test_client_habit_of_an_empty_store_is_nothing(empty):
    assert history.client_habit(empty, "Acme") == history.Habit(0, 0)


def test_client_habit_refuses_a_period_of_no_days(cases):
    with pytest.raises(InputError) as caught:
        history.client_habit(cases, "Acme", within_days=0)
    assert caught.value.field == "within_days"


def test_habit_text_reads_in_both_languages():
    assert history.habit_text(history.Habit(3, 2), "Acme", "en") == (
        "In the past 365 days, Acme sent you 3 requests, 2 of them with a deadline within 7 days."
    )
    assert history.habit_text(history.Habit(1, 0), "Acme", "nl") == (
        "De afgelopen 365 dagen stuurde Acme je 1 aanvraag, geen daarvan met een deadline binnen 7 dagen."
    )
    assert history.habit_text(history.Habit(0, 0), "Acme", "en") == (
        "In the past 365 days, Acme sent you no other requests."
    )
