"""The rush step: tiers, premium and minimum in; the quote, the verdict and the price chart out."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from notnow.ui.model import CaseModel

from notnow import Assessment, RushTier, WorkCalendar
from notnow.ui.steps.rush import RushStep

PNG = b"\x89PNG"


@pytest.fixture
def model() -> CaseModel:
    return CaseModel(Assessment.example("en"))


@pytest.fixture
def step(model: CaseModel) -> RushStep:
    return RushStep(model)


def row_value(step: RushStep, name: str) -> str:
    """The shown value of one quote row (e.g. "total")."""
    html = step._quote_table.value
    row = html.split(f"nn-quote-{name}", 1)[1].split("</tr>", 1)[0]
    return row.rsplit("text-align:right'>", 1)[1].split("</td>", 1)[0]


def test_the_inputs_start_from_the_case(step):
    assert step._min_extra.value == "100"
    assert step._premium.value == "50"
    assert [(r.under.value, r.pct.value) for r in step._rows] == [("1", "100"), ("3", "50"), ("7", "25")]


def test_the_example_quote_matches_the_hand_worked_figures(step):
    # 16 h × €95 = €1,520; 5.3 days' notice → 25 % = €380; 16 − 12 free = 4 h overtime × €95 × 50 % = €190.
    assert row_value(step, "chart-x") == "5.29"
    assert row_value(step, "surcharge") == "25%"
    assert row_value(step, "base-fee") == "€1,520.00"
    assert row_value(step, "rush-fee") == "€380.00"
    assert row_value(step, "free-hours") == "12 hours"
    assert row_value(step, "overtime-hours") == "4 hours"
    assert row_value(step, "overtime-fee") == "€190.00"
    assert row_value(step, "total") == "€2,090.00"
    assert row_value(step, "extra-per-hour") == "€142.50"  # (380 + 190) / 4
    assert "Each evening hour earns you €142.50 extra, which meets your own minimum." in step._verdict.value
    assert "A rush rate does one of two things." in step._teaching.value
    assert "Trust your expertise." in step._teaching.value
    assert bytes(step._chart.value).startswith(PNG)
    assert step.valid


def test_a_higher_minimum_turns_the_verdict_to_not_worth_it(step, model):
    step._min_extra.value = "150"
    assert model.assessment.min_extra_per_overtime_hour == Decimal("150")
    assert "earns you only €142.50 extra: below your own minimum" in step._verdict.value


def test_a_higher_overtime_premium_raises_the_overtime_fee(step, model):
    step._premium.value = "100"
    assert model.assessment.policy.overtime_premium_pct == 100
    assert row_value(step, "overtime-fee") == "€380.00"
    assert row_value(step, "total") == "€2,280.00"


def test_editing_a_tier_changes_the_surcharge_and_the_case_policy(step, model):
    step._rows[2].pct.value = "40"
    assert model.assessment.policy.tiers[2] == RushTier(7, 40)
    assert row_value(step, "rush-fee") == "€608.00"


def test_removing_the_tier_that_applies_drops_the_surcharge(step, model):
    step._rows[2].remove.click()
    assert len(model.assessment.policy.tiers) == 2
    assert row_value(step, "surcharge") == "0%"
    assert row_value(step, "rush-fee") == "€0.00"


def test_a_new_tier_must_be_filled_in_before_it_counts(step, model):
    step._add.click()
    assert "This field is still empty" in step._rows[3].field._message.value
    assert not step.valid
    step._rows[3].under.value = "14"
    step._rows[3].pct.value = "10"
    assert step.valid
    assert RushTier(14, 10) in model.assessment.policy.tiers


@pytest.mark.parametrize(("control", "text", "message"), [
    ("_min_extra", "abc", "Enter a number for minimum extra per overtime hour."),
    ("_min_extra", "-5", "The value for minimum extra per overtime hour must be 0 or more."),
    ("_premium", "lots", "Enter a number for overtime premium (%)."),
])
def test_a_bad_value_shows_a_message_beside_its_field_and_keeps_the_case(step, model, control, text, message):
    before = model.assessment.to_dict()
    getattr(step, control).value = text
    field = step._min_extra_field if control == "_min_extra" else step._premium_field
    assert message in field._message.value
    assert model.assessment.to_dict() == before
    assert not step.valid
    assert "Fix what is marked above" in step._quote_table.value


def test_a_bad_tier_shows_its_message_beside_that_tier(step):
    step._rows[1].under.value = "0"
    assert "The value for rush tiers must be more than 0." in step._rows[1].field._message.value
    assert step._rows[0].field._message.value == ""
    assert not step.valid


def test_without_accepted_overtime_the_verdict_is_promise_nothing(step, model):
    case = model.assessment
    case.calendar = WorkCalendar(booked=case.calendar.booked)  # no overtime accepted
    model.changed()
    assert "this can&#x27;t be done by the deadline" in step._verdict.value


def test_a_job_that_fits_in_free_hours_only_pays_the_surcharge(step, model):
    case = model.assessment
    case.request = dataclasses.replace(case.request, hours=10)
    model.changed()
    assert "It fits in your normal free hours" in step._verdict.value
    assert row_value(step, "extra-per-hour") == "—"


def test_switching_language_shows_dutch_money_and_keeps_the_inputs(step, model):
    step._min_extra.value = "120"
    model.lang = "nl"
    assert step._min_extra.value == "120"
    assert row_value(step, "total") == "€ 2.090,00"
    assert "Elk avonduur levert je € 142,50 extra op" in step._verdict.value
    assert step._add.description == "Staffel toevoegen"
