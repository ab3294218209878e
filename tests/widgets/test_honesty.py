"""The honesty step: a reason held against the calendar; flags warn, they never block."""

from __future__ import annotations

import pytest

from notnow import Assessment, WorkCalendar
from notnow.ui.model import CaseModel
from notnow.ui.steps.honesty import HonestyStep


@pytest.fixture
def model() -> CaseModel:
    return CaseModel(Assessment.example("en"))


@pytest.fixture
def step(model: CaseModel) -> HonestyStep:
    return HonestyStep(model)


def test_the_example_reason_holds_up_against_its_calendar(step):
    # 12 free hours before the deadline, 16 asked: "fully booked" is true.
    assert step._reason.value == "fully_booked"
    assert step._detail.value == Assessment.example("en").reason_detail
    assert "Your reason holds up against your calendar." in step._flags.value
    assert "Honest when your calendar really has no room" in step._explain.value
    assert step.valid


def test_the_options_are_the_six_reasons_with_their_labels(step):
    assert [label for label, _ in step._reason.options] == [
        "Fully booked", "A special occasion", "Planned leave", "No longer my focus",
        "I don't want this kind of work", "Another reason"]


def test_fully_booked_with_room_in_the_calendar_is_flagged_but_not_blocked(step, model):
    model.assessment.calendar = WorkCalendar()  # nothing booked: 24 free hours Mon–Wed
    model.changed()
    assert "nn-flag-calendar_has_room" in step._flags.value
    assert "Your calendar still has 24 free hours before Wednesday, 25 November 2026" in step._flags.value
    assert step.valid


def test_choosing_leave_without_days_off_in_the_window_shows_a_warning(step, model):
    step._reason.value = "leave"
    assert model.assessment.reason == "leave"
    assert "Your calendar shows no leave or day off between Saturday, 21 November 2026 and Wednesday, 25 November " \
           "2026" in step._flags.value
    assert "Time off is a perfectly good reason" in step._explain.value
    assert step.valid


def test_a_vague_other_reason_asks_to_be_made_concrete_until_the_detail_is(step, model):
    step._detail.value = ""
    step._reason.value = "other"
    assert "Make the reason concrete." in step._flags.value
    step._detail.value = "My mother moves house that week"
    assert model.assessment.reason_detail == "My mother moves house that week"
    assert "Make the reason concrete." not in step._flags.value
    assert "holds up" in step._flags.value


def test_a_blank_case_is_invalid_until_a_reason_is_chosen(model):
    model.replace(Assessment.blank("en"))
    step = HonestyStep(model)
    assert step._reason.value is None
    assert not step.valid
    assert "Choose the reason that is true for you." in step._explain.value
    step._reason.value = "dont_want"
    assert step.valid
    assert model.assessment.reason == "dont_want"


def test_switching_language_relabels_and_keeps_the_choice_and_detail(step, model):
    step._reason.value = "leave"
    step._detail.value = "Two weeks in Portugal"
    model.lang = "nl"
    assert step._reason.value == "leave"
    assert step._detail.value == "Two weeks in Portugal"
    assert ("Geplande vrije dagen", "leave") in step._reason.options
    assert "In je agenda staat tussen zaterdag 21 november 2026 en woensdag 25 november 2026" in step._flags.value
    assert "Maak het concreet" in step._detail_field._label.value
    assert "Zeg liever" in step._tips.value
    assert model.assessment.reason == "leave"


def test_a_too_long_detail_shows_a_message_beside_the_field_and_blocks(step, model):
    step._detail.value = "word " * 500
    assert "at most 2000 characters" in step._detail_field._message.value
    assert model.assessment.reason_detail == Assessment.example("en").reason_detail
    assert not step.valid


def test_the_tips_and_flags_show_user_detail_only_as_text(step, model):
    assert "I don't" in step._tips.value or "I don&#x27;t" in step._tips.value
    assert "Never put a lie in your reply" in step._tips.value
    step._detail.value = "<script>alert(1)</script> is my reason"
    assert "<script>" not in step._flags.value + step._explain.value
