"""Step 9, after the reply: the pushback checklist, the reflection card, a check-in date and boundary notes."""

from __future__ import annotations

from datetime import date, datetime

import ipywidgets as widgets
import pytest

from notnow import Assessment
from notnow.ui.find import find, message_beside, walk
from notnow.ui.state import CaseState
from notnow.ui.steps.after import AfterStep
from tests.widgets.handles import page_text

RULES = (
    "stay_calm",
    "businesslike",
    "count_to_ten",
    "keep_listening",
    "meet_halfway",
    "culture",
    "promise_nothing",
    "no_aggression",
    "leave_opening",
)


@pytest.fixture
def step() -> AfterStep:
    return AfterStep(CaseState(Assessment.example("en")))


def rule(step: AfterStep, rule_id: str) -> widgets.Checkbox:
    return find(step, f"nn-pushback-{rule_id.replace('_', '-')}", widgets.Checkbox)


def rehearsed(step: AfterStep) -> str:
    return str(find(step, "nn-pushback-count").value)


def notes(step: AfterStep) -> widgets.Textarea:
    return find(step, "nn-boundary-notes", widgets.Textarea)


def use(step: AfterStep, boundary: str) -> widgets.Button:
    return find(step, f"nn-use-boundary-{boundary}", widgets.Button)


def test_the_nine_rules_are_a_checklist(step):
    checklist = find(step, "nn-pushback-rules")
    boxes = [w for w in walk(checklist) if isinstance(w, widgets.Checkbox)]
    assert boxes == [rule(step, r) for r in RULES]  # nine, one per rule, in the rules' order
    assert rule(step, "stay_calm").description == "Stay calm"
    assert all(not rule(step, r).value for r in RULES)
    assert "Breathe out" in page_text(checklist)
    assert "0 of 9 rules rehearsed." in rehearsed(step)
    rule(step, "leave_opening").value = True
    rule(step, "stay_calm").value = True
    assert tuple(step.state.case.pushback_checked) == ("stay_calm", "leave_opening")  # in the rules' order
    assert "2 of 9 rules rehearsed." in rehearsed(step)
    rule(step, "stay_calm").value = False
    assert tuple(step.state.case.pushback_checked) == ("leave_opening",)
    assert step.valid


def test_the_seven_reasons_for_no_are_a_reflection_card(step):
    card = str(find(step, "nn-no-reasons").value)
    assert card.count("<li>") == 7
    assert "No brings balance" in card
    assert "Your yes is worth more" in card


def test_aftercare_lists_the_six_actions(step):
    actions = str(find(step, "nn-aftercare-actions").value)
    assert actions.count("<li>") == 6
    assert "Report damage yourself" in actions
    assert "client care" in page_text(step)


def test_the_follow_up_date_is_saved_and_can_be_suggested_or_cleared(step):
    picker = find(step, "nn-follow-up", widgets.DatePicker)
    assert picker.value == date(2026, 12, 8)
    picker.value = date(2026, 12, 1)
    assert step.state.case.follow_up == date(2026, 12, 1)
    find(step, "nn-follow-up-two-weeks", widgets.Button).click()  # deadline Wed 25 Nov 2026 + 14 days
    assert step.state.case.follow_up == date(2026, 12, 9)
    assert picker.value == date(2026, 12, 9)
    picker.value = None
    assert step.state.case.follow_up is None
    assert "check in" in page_text(step)


def test_use_this_appends_an_example_once(step):
    before = step.state.case.boundary_notes
    use(step, "scope").click()
    after = step.state.case.boundary_notes
    assert after.startswith(before)
    assert after.endswith("I'll send you a short quote.")
    assert notes(step).value == after
    use(step, "scope").click()
    assert step.state.case.boundary_notes == after
    notes(step).value = ""
    use(step, "availability").click()
    assert step.state.case.boundary_notes.startswith("I answer emails on working days")


def test_too_long_notes_show_a_message_and_keep_the_case(step):
    before = step.state.case.boundary_notes
    notes(step).value = "x" * 5001
    assert "Keep boundary notes to at most 5000 characters." in message_beside(step, "nn-boundary-notes")
    assert step.state.case.boundary_notes == before
    assert not step.valid
    notes(step).value = "Short."
    assert message_beside(step, "nn-boundary-notes") == ""
    assert step.state.case.boundary_notes == "Short."
    assert step.valid


def test_switching_language_relabels_and_keeps_the_answers(step):
    rule(step, "count_to_ten").value = True
    notes(step).value = "My note."
    step.state.update(lang="nl")
    assert rule(step, "count_to_ten").value
    assert rule(step, "stay_calm").description != "Stay calm"
    assert "1 van 9" in rehearsed(step)
    assert notes(step).value == "My note."
    assert use(step, "scope").description == "Gebruik dit"
    assert find(step, "nn-follow-up-two-weeks", widgets.Button).description == "Twee weken na de deadline"
    use(step, "scope").click()
    assert step.state.case.boundary_notes.startswith("My note.\n\nDit valt buiten")


def test_opening_another_case_fills_the_step(step):
    other = Assessment.example("en").replace(
        pushback_checked=("businesslike", "culture"), follow_up=None, boundary_notes=""
    )
    step.state.replace(other)
    assert [r for r in RULES if rule(step, r).value] == ["businesslike", "culture"]
    assert "2 of 9" in rehearsed(step)
    assert find(step, "nn-follow-up", widgets.DatePicker).value is None
    assert notes(step).value == ""


def test_two_weeks_after_a_deadline_late_in_2100_is_explained_beside_the_date():
    """Found by the fuzz's edge cases: the suggestion (deadline + 14 days) can pass the last date notnow takes;
    that is bad input to show beside the field, not an unexpected failure."""
    example = Assessment.example("en")
    late = example.replace(
        request=example.request.replace(received=datetime(2100, 12, 20, 10, 0), deadline=datetime(2100, 12, 24, 17, 0)),
        calendar=example.calendar.replace(booked={}),
        follow_up=None,
    )
    step = AfterStep(CaseState(late))
    find(step, "nn-follow-up-two-weeks", widgets.Button).click()  # 24 Dec 2100 + 14 days = 7 Jan 2101
    assert step.state.problem == ""
    assert step.state.case.follow_up is None
    assert "Enter a date for check-in date between 2000-01-01 and 2100-12-31." in message_beside(step, "nn-follow-up")


def test_an_example_that_would_make_the_notes_too_long_is_explained_beside_them(step):
    """Found by the fuzz: appending an example to notes near the 5,000-character limit is bad input to show
    beside the notes, not an unexpected failure."""
    notes(step).value = "x" * 4990  # 4,990 + two line breaks + the example is over 5,000
    use(step, "scope").click()
    assert step.state.problem == ""
    assert step.state.case.boundary_notes == "x" * 4990
    assert "Keep boundary notes to at most 5000 characters." in message_beside(step, "nn-boundary-notes")


def test_a_check_in_on_a_day_off_gets_a_note_beside_it(step):
    """The user's own date stays; a weekend, holiday or day off is pointed out, in both languages."""
    picker = find(step, "nn-follow-up", widgets.DatePicker)
    note = find(step, "nn-follow-up-note")
    assert note.value == ""  # Tue 8 Dec is a working day
    picker.value = date(2026, 12, 25)  # Christmas Day
    assert step.state.case.follow_up == date(2026, 12, 25)
    assert "Friday, 25 December 2026 is not one of your working days" in str(note.value)
    step.state.update(lang="nl")
    assert "vrijdag 25 december 2026 is geen werkdag voor jou" in str(note.value)
    picker.value = date(2026, 12, 28)  # a Monday
    assert note.value == ""


def test_the_suggested_check_in_skips_the_days_off():
    """Deadline Tue 8 Dec, leave 21–24 Dec: two weeks on is Tue 22 Dec; Christmas and a Sunday follow: Mon 28 Dec."""
    example = Assessment.example("en")
    case = example.replace(
        request=example.request.replace(deadline=datetime(2026, 12, 8, 17, 0)),
        calendar=example.calendar.replace(days_off={date(2026, 12, d) for d in range(21, 25)}),
        follow_up=None,
    )
    step = AfterStep(CaseState(case))
    assert "Suggested: Monday, 28 December 2026" in str(find(step, "nn-follow-up-note").value)
    find(step, "nn-follow-up-two-weeks", widgets.Button).click()
    assert step.state.case.follow_up == date(2026, 12, 28)


def test_recording_the_clients_choice_confirms_that_plan_alone(step):
    """Until the client chooses the offers are options; the outcome turns the plan into the chosen one, confirmed."""
    plan = find(step, "nn-after-plan")
    assert "Option: Deliver the rush job to Bloom &amp; Co" in str(plan.value)
    assert "nn-after-download-plan" in str(plan.value)
    find(step, "nn-chosen-outcome", widgets.Dropdown).value = "accepted_rush"
    assert step.state.case.outcome == "accepted_rush"
    shown = page_text(plan)
    assert "Wednesday, 25 November 2026: Deliver the rush job to Bloom & Co (confirmed)" in shown
    assert "Option" not in shown and "urgent part" not in shown
    assert "Tuesday, 8 December 2026: Check in with Bloom & Co (confirmed)" in shown
