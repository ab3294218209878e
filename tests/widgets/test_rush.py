"""The rush step: tiers, premium and minimum in; the quote, the verdict and the price chart out."""

from __future__ import annotations

import html
import re
from decimal import Decimal

import ipywidgets as widgets
import pytest

from notnow import Assessment, RushPolicy, RushTier
from notnow.ui.find import find, message_beside
from notnow.ui.state import CaseState
from notnow.ui.steps.rush import RushStep
from tests.widgets.handles import cell, page_text, row_message, row_values, rows

PNG = b"\x89PNG"

# The worked example: 16 h at €95, received Fri 20 Nov 10:00, deadline Wed 25 Nov 17:00 (5 days 7 hours),
# 12 free hours (Mon 2 + Tue 4 + Wed 6), tiers <1 d 100 %, <3 d 50 %, <7 d 25 %, overtime premium 50 %.
# Base 16 × 95 = €1,520; surcharge 25 % = €380; overtime 16 − 12 = 4 h × €95 × 50 % = €190; total €2,090;
# extra per evening hour (380 + 190) / 4 = €142.50. Overtime accepted: 2 h × 3 workdays + 4 h × 2 weekend days = 14.


@pytest.fixture
def step() -> RushStep:
    return RushStep(CaseState(Assessment.example("en")))


def row_value(step: RushStep, name: str) -> str:
    """The shown value of one quote row (e.g. "total"), as text."""
    table = str(find(step, "nn-rush-quote").value)
    match = re.search(rf"<tr class='nn-quote-{name}'[^>]*>.*?<td[^>]*>.*?</td><td[^>]*>(.*?)</td></tr>", table)
    if match is None:
        raise LookupError(f"no quote row {name!r}")
    return html.unescape(match.group(1))


def quote_rows(step: RushStep) -> list[str]:
    return re.findall(r"<tr class='nn-quote-([a-z-]+)'", str(find(step, "nn-rush-quote").value))


def minimum(step: RushStep) -> widgets.Text:
    return find(step, "nn-min-extra-per-overtime-hour", widgets.Text)


def premium(step: RushStep) -> widgets.Text:
    return find(step, "nn-overtime-premium-pct", widgets.Text)


def verdict(step: RushStep) -> str:
    return str(find(step, "nn-rush-verdict").value)


def tier_rows(step: RushStep) -> list[widgets.Widget]:
    return rows(step, "tier")


def test_the_inputs_start_from_the_case(step):
    assert minimum(step).value == "100"
    assert premium(step).value == "50"
    assert row_values(step, "tier", "under-days", "surcharge-pct") == [("1", "100"), ("3", "50"), ("7", "25")]


def test_the_example_quote_matches_the_hand_worked_figures(step):
    assert row_value(step, "notice") == "5 days 7 hours"
    assert row_value(step, "surcharge") == "25%"
    assert row_value(step, "base-fee") == "€1,520.00"
    assert row_value(step, "rush-fee") == "€380.00"
    assert row_value(step, "free-hours") == "12 hours"
    assert row_value(step, "overtime-hours") == "4 hours"
    assert row_value(step, "overtime-available") == "14 hours"
    assert row_value(step, "overtime-fee") == "€190.00"
    assert row_value(step, "total") == "€2,090.00"
    assert row_value(step, "extra-per-hour") == "€142.50"
    assert "Each evening hour earns you €142.50 extra, which meets your own minimum." in verdict(step)
    assert "A rush rate does one of two things." in page_text(step)
    assert "Trust your expertise." in page_text(step)
    assert bytes(find(step, "nn-rush-chart", widgets.Image).value).startswith(PNG)
    assert step.valid


def test_the_habit_line_follows_the_relationship(step):
    assert "if last-minute requests are becoming a habit" in find(step, "nn-rush-habit").value
    step.state.update_request(relationship="new")
    assert "A new client: a rush rate sets expectations" in find(step, "nn-rush-habit").value


def test_a_higher_minimum_turns_the_verdict_to_not_worth_it(step):
    minimum(step).value = "150"  # €142.50 an evening hour is below €150
    assert step.state.case.min_extra_per_overtime_hour == Decimal("150")
    assert "earns you only €142.50 extra: below your own minimum" in verdict(step)


def test_a_higher_overtime_premium_raises_the_overtime_fee(step):
    premium(step).value = "100"  # 4 h × €95 × 100 % = €380; total 1,520 + 380 + 380
    assert step.state.case.policy.overtime_premium_pct == 100
    assert row_value(step, "overtime-fee") == "€380.00"
    assert row_value(step, "total") == "€2,280.00"


def test_editing_a_tier_changes_the_surcharge_and_the_case_policy(step):
    cell(tier_rows(step)[2], "tier", "surcharge-pct").value = "40"  # 40 % of €1,520
    assert step.state.case.policy.tiers[2] == RushTier(7, 40)
    assert row_value(step, "rush-fee") == "€608.00"


def test_removing_the_tier_that_applies_drops_the_surcharge(step):
    find(tier_rows(step)[2], "nn-tier-remove", widgets.Button).click()  # 5.3 days is not under 1 or 3
    assert len(step.state.case.policy.tiers) == 2
    assert row_value(step, "surcharge") == "0%"
    assert row_value(step, "rush-fee") == "€0.00"


def test_a_new_tier_counts_once_filled_in(step):
    """New behaviour: the blank new row shows no message until the user edits it."""
    find(step, "nn-add-tier", widgets.Button).click()
    assert len(tier_rows(step)) == 4
    assert row_message(tier_rows(step)[3]) == ""
    cell(tier_rows(step)[3], "tier", "under-days").value = "14"
    assert "This field is still empty: rush tiers." in row_message(tier_rows(step)[3])
    cell(tier_rows(step)[3], "tier", "surcharge-pct").value = "10"
    assert row_message(tier_rows(step)[3]) == ""
    assert step.valid
    assert RushTier(14, 10) in step.state.case.policy.tiers


@pytest.mark.parametrize(
    ("css", "typed", "message"),
    [
        ("nn-min-extra-per-overtime-hour", "abc", "Enter a number for minimum extra per overtime hour."),
        ("nn-min-extra-per-overtime-hour", "-5", "The value for minimum extra per overtime hour must be 0 or more."),
        ("nn-overtime-premium-pct", "lots", "Enter a number for overtime premium (%)."),
    ],
)
def test_a_bad_value_shows_a_message_beside_its_field_and_keeps_the_case(step, css, typed, message):
    """New behaviour: the case keeps its last good values, so the quote for those stays shown (the old step
    replaced it by a "fix first" note)."""
    before = step.state.case
    find(step, css, widgets.Text).value = typed
    assert message in message_beside(step, css)
    assert step.state.case is before
    assert not step.valid
    assert row_value(step, "total") == "€2,090.00"


def test_a_bad_tier_shows_its_message_beside_that_tier(step):
    cell(tier_rows(step)[1], "tier", "under-days").value = "0"
    assert "The value for rush tiers must be more than 0." in row_message(tier_rows(step)[1])
    assert row_message(tier_rows(step)[0]) == ""
    assert step.state.case.policy.tiers[1] == RushTier(3, 50)


def test_a_bad_tier_keeps_the_step_from_moving_on(step):
    cell(tier_rows(step)[1], "tier", "under-days").value = "0"
    assert not step.valid


def test_without_accepted_overtime_the_verdict_is_promise_nothing_and_no_price(step):
    step.state.update_calendar(overtime_per_workday=0, overtime_per_weekend_day=0)  # 16 h asked, 12 free
    assert "this can&#39;t be done by the deadline" in verdict(step)
    assert "total" not in quote_rows(step)  # no price for what cannot be done
    assert row_value(step, "overtime-available") == "0 hours"


def test_a_job_that_fits_in_free_hours_only_pays_the_surcharge(step):
    step.state.update_request(hours=10)  # 10 ≤ 12 free: no overtime; 10 × 95 = €950, 25 % = €237.50
    assert "It fits in your normal free hours" in verdict(step)
    assert row_value(step, "extra-per-hour") == "—"
    assert row_value(step, "total") == "€1,187.50"


def test_switching_language_shows_dutch_money_and_keeps_the_inputs(step):
    minimum(step).value = "120"  # €142.50 still meets €120
    step.state.update(lang="nl")
    assert minimum(step).value == "120"
    assert row_value(step, "total") == "€ 2.090,00"
    assert "Elk avonduur levert je € 142,50 extra op" in verdict(step)
    assert find(step, "nn-add-tier", widgets.Button).description == "Staffel toevoegen"


def test_tiers_set_elsewhere_redraw_the_table(step):
    step.state.update(policy=RushPolicy([(2, 80)], 50))
    assert row_values(step, "tier", "under-days", "surcharge-pct") == [("2", "80")]
    assert row_value(step, "surcharge") == "0%"  # 5.3 days is not under 2


def test_a_tier_keeps_its_place_while_its_threshold_is_typed(step):
    """Typing "14" over "10" in the last tier: after the "1" the row stays last (same widgets, the text as
    typed), so the "4" lands in it; the policy ends 2/75, 5/40, 14/20 (before: the rows were redrawn sorted
    after the "1" and the "4" went into another tier)."""
    step.state.update(policy=RushPolicy([(2, 75), (5, 40), (10, 20)], 50))
    before = tier_rows(step)
    under = cell(before[2], "tier", "under-days")
    for typed in ("1", "14"):
        under.value = typed
        assert tier_rows(step) == before
        assert row_values(step, "tier", "under-days", "surcharge-pct") == [("2", "75"), ("5", "40"), (typed, "20")]
    assert step.state.case.policy.tiers == (RushTier(2, 75), RushTier(5, 40), RushTier(14, 20))


def test_a_tier_with_an_error_keeps_the_text_typed(step):
    """A threshold typed wrong stays as typed, with its message, and the case keeps the last good tiers."""
    cell(tier_rows(step)[2], "tier", "under-days").value = "7x"
    assert row_values(step, "tier", "under-days", "surcharge-pct")[2] == ("7x", "25")
    assert "Enter a number for rush tiers." in row_message(tier_rows(step)[2])
    assert step.state.case.policy.tiers[2] == RushTier(7, 25)
