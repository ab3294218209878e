"""The honesty step: a reason held against the calendar; flags warn, they never block."""

from __future__ import annotations

import ipywidgets as widgets
import pytest

from notnow import Assessment, WorkCalendar, content
from notnow.ui.find import find, message_beside
from notnow.ui.state import CaseState
from notnow.ui.steps.honesty import HonestyStep
from tests.widgets.handles import all_html, as_text, label_of, option_labels

CAREER_FIT = content.text("en", "method.career_fit.title")


@pytest.fixture
def step() -> HonestyStep:
    return HonestyStep(CaseState(Assessment.example("en")))


def reason(step: HonestyStep) -> widgets.RadioButtons:
    return find(step, "nn-reason", widgets.RadioButtons)


def detail(step: HonestyStep) -> widgets.Textarea:
    return find(step, "nn-detail", widgets.Textarea)


def shown(step: HonestyStep, css: str) -> str:
    return str(find(step, css).value)


def test_the_example_reason_is_flagged_as_only_partly_true(step):
    """New behaviour: "fully booked" with at least a quarter of the hours free is flagged (the reply then
    states the measured hours); before, only a calendar with room for all of it was."""
    # 2 + 4 + 6 = 12 free hours before the deadline: less than the 16 asked, but at least 16 / 4 = 4.
    assert reason(step).value == "fully_booked"
    assert detail(step).value == Assessment.example("en").reason_detail
    flags = shown(step, "nn-honesty-flags")
    assert "nn-flag-partly_free" in flags
    assert "your calendar still has 12 hours free: at least a quarter of the 16 hours" in flags
    assert "Honest when your calendar really has no room" in shown(step, "nn-reason-explain")
    assert step.valid  # a flag warns, it never blocks


def test_fully_booked_holds_up_when_less_than_a_quarter_is_free(step):
    step.state.update_calendar(booked={"2026-11-23": 8, "2026-11-24": 8, "2026-11-25": 6})  # 2 h free < 4
    assert "Your reason holds up against your calendar." in shown(step, "nn-honesty-flags")


def test_the_options_are_the_six_reasons_with_their_labels(step):
    assert option_labels(reason(step)) == [
        "Fully booked",
        "A special occasion",
        "Planned leave",
        "No longer my focus",
        "I don't want this kind of work",
        "Another reason",
    ]


def test_fully_booked_with_room_in_the_calendar_is_flagged_but_not_blocked(step):
    step.state.update(calendar=WorkCalendar())  # nothing booked: Mon–Wed 3 × 8 = 24 free hours, 16 asked
    flags = shown(step, "nn-honesty-flags")
    assert "nn-flag-calendar_has_room" in flags
    assert "Your calendar still has 24 free hours before Wednesday, 25 November 2026" in flags
    assert step.valid


def test_choosing_leave_without_days_off_in_the_window_shows_a_warning(step):
    reason(step).value = "leave"
    assert step.state.case.reason == "leave"
    # The window runs from the day after Friday 20 Nov to the deadline day; the only day off is 24 Dec.
    assert (
        "Your calendar shows no leave or day off between Saturday, 21 November 2026 and Wednesday, 25 November 2026"
    ) in shown(step, "nn-honesty-flags")
    assert "Time off is a perfectly good reason" in shown(step, "nn-reason-explain")
    assert step.valid


def test_a_vague_other_reason_asks_to_be_made_concrete_until_the_detail_is(step):
    detail(step).value = ""
    reason(step).value = "other"
    assert "Make the reason concrete." in shown(step, "nn-honesty-flags")
    detail(step).value = "My mother moves house that week"
    assert step.state.case.reason_detail == "My mother moves house that week"
    assert "Make the reason concrete." not in shown(step, "nn-honesty-flags")
    assert "holds up" in shown(step, "nn-honesty-flags")


def test_a_case_without_a_reason_is_invalid_until_one_is_chosen():
    state = CaseState(Assessment.blank("en"))
    step = HonestyStep(state)
    assert reason(step).value is None
    assert not step.valid
    assert "Choose the reason that is true for you." in shown(step, "nn-reason-explain")
    reason(step).value = "dont_want"
    assert step.valid
    assert state.case.reason == "dont_want"


def test_a_no_to_the_work_itself_shows_the_career_fit_move(step):
    assert shown(step, "nn-method") == ""
    reason(step).value = "not_my_focus"
    assert CAREER_FIT in shown(step, "nn-method")
    reason(step).value = "leave"
    assert shown(step, "nn-method") == ""


def test_switching_language_relabels_and_keeps_the_choice_and_detail(step):
    reason(step).value = "leave"
    detail(step).value = "Two weeks in Portugal"
    step.state.update(lang="nl")
    assert reason(step).value == "leave"
    assert detail(step).value == "Two weeks in Portugal"
    assert "Geplande vrije dagen" in option_labels(reason(step))
    assert "In je agenda staat tussen zaterdag 21 november 2026 en woensdag 25 november 2026" in shown(
        step, "nn-honesty-flags"
    )
    assert "Maak het concreet" in label_of(step, "nn-detail")
    assert "Zeg liever" in shown(step, "nn-honesty-tips")
    assert step.state.case.reason == "leave"


def test_a_too_long_detail_shows_a_message_beside_the_field_and_blocks(step):
    detail(step).value = "word " * 500  # 2,500 characters, 2,499 once stripped
    assert "Keep detail to at most 2000 characters." in message_beside(step, "nn-detail")
    assert step.state.case.reason_detail == Assessment.example("en").reason_detail
    assert not step.valid


def test_the_tips_and_flags_show_user_detail_only_as_text(step):
    tips = as_text(shown(step, "nn-honesty-tips"))
    assert "Say “I don't” rather than “I can't”." in tips
    assert "Never put a lie in your reply" in tips
    detail(step).value = "<script>alert(1)</script> is my reason"
    reason(step).value = "other"
    assert "<script>" not in all_html(step)
