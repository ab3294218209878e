"""Step 9, after the reply: the pushback checklist, the reflection card, a check-in date and boundary notes."""

from __future__ import annotations

from datetime import date

import pytest

from notnow import Assessment
from notnow.ui.model import CaseModel
from notnow.ui.steps.after import AfterStep


@pytest.fixture
def model() -> CaseModel:
    return CaseModel(Assessment.example("en"))


@pytest.fixture
def step(model: CaseModel) -> AfterStep:
    return AfterStep(model)


def test_the_nine_rules_are_a_checklist(step, model):
    assert len(step._rule_boxes) == 9
    assert step._rule_boxes["stay_calm"].description == "Stay calm"
    assert "Breathe out" in step._rule_tips["stay_calm"].value
    assert "0 of 9 rules rehearsed." in step._rehearsed.value
    step._rule_boxes["leave_opening"].value = True
    step._rule_boxes["stay_calm"].value = True
    assert model.assessment.pushback_checked == ["stay_calm", "leave_opening"]
    assert "2 of 9 rules rehearsed." in step._rehearsed.value
    step._rule_boxes["stay_calm"].value = False
    assert model.assessment.pushback_checked == ["leave_opening"]
    assert step.valid


def test_the_seven_reasons_for_no_are_a_reflection_card(step):
    card = step._no_reasons.value
    assert card.count("<li>") == 7
    assert "No brings balance" in card
    assert "Your yes is worth more" in card


def test_aftercare_lists_the_six_actions(step):
    assert step._actions.value.count("<li>") == 6
    assert "Report damage yourself" in step._actions.value
    assert "client care" in step._aftercare_intro.value


def test_follow_up_date_is_saved_and_can_be_suggested_or_cleared(step, model):
    assert step._follow_up.value == date(2026, 12, 8)
    step._follow_up.value = date(2026, 12, 1)
    assert model.assessment.follow_up == date(2026, 12, 1)
    step._two_weeks.click()  # deadline Wed 25 Nov 2026 + 14 days
    assert model.assessment.follow_up == date(2026, 12, 9)
    assert step._follow_up.value == date(2026, 12, 9)
    step._follow_up.value = None
    assert model.assessment.follow_up is None
    assert "check in" in step._follow_up_help.value


def test_use_this_appends_an_example_once(step, model):
    before = model.assessment.boundary_notes
    step._use_buttons["scope"].click()
    notes = model.assessment.boundary_notes
    assert notes.startswith(before)
    assert notes.endswith("I'll send you a short quote.")
    step._use_buttons["scope"].click()
    assert model.assessment.boundary_notes == notes
    step._boundary_notes.value = ""
    step._use_buttons["availability"].click()
    assert model.assessment.boundary_notes.startswith("I answer emails on working days")


def test_too_long_notes_show_a_message_and_keep_the_case(step, model):
    before = model.assessment.boundary_notes
    step._boundary_notes.value = "x" * 5001
    assert "5000" in step._notes_field._message.value
    assert model.assessment.boundary_notes == before
    step._boundary_notes.value = "Short."
    assert step._notes_field._message.value == ""
    assert model.assessment.boundary_notes == "Short."


def test_switching_language_relabels_and_keeps_the_answers(step, model):
    step._rule_boxes["count_to_ten"].value = True
    step._boundary_notes.value = "My note."
    model.lang = "nl"
    assert step._rule_boxes["count_to_ten"].value
    assert step._rule_boxes["stay_calm"].description != "Stay calm"
    assert "1 van 9" in step._rehearsed.value
    assert step._boundary_notes.value == "My note."
    assert step._use_buttons["scope"].description == "Gebruik dit"
    assert step._two_weeks.description == "Twee weken na de deadline"
    step._use_buttons["scope"].click()
    assert model.assessment.boundary_notes.startswith("My note.\n\nDit valt buiten")


def test_opening_another_case_fills_the_step(step, model):
    other = Assessment.example("en")
    other.pushback_checked = ["businesslike", "culture"]
    other.follow_up = None
    other.boundary_notes = ""
    model.replace(other)
    assert [r for r, box in step._rule_boxes.items() if box.value] == ["businesslike", "culture"]
    assert "2 of 9" in step._rehearsed.value
    assert step._follow_up.value is None
    assert step._boundary_notes.value == ""
