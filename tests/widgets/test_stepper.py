"""The stepper: Back / Next, status, jumping back, language switch, reset."""

from __future__ import annotations

import pytest

from notnow import STEPS, Assessment
from notnow.ui import Workbook


@pytest.fixture
def workbook() -> Workbook:
    return Workbook(Assessment.example("en"))


def test_a_new_case_starts_on_the_request_with_next_disabled():
    w = Workbook()
    assert w.step == "request"
    assert w._next.disabled
    assert w._back.disabled


def test_next_walks_every_step_and_back_returns(workbook):
    seen = [workbook.step]
    while not workbook._next.disabled:
        workbook._next.click()
        seen.append(workbook.step)
    assert seen == list(STEPS)
    workbook._back.click()
    assert workbook.step == "reply"


def test_next_stays_disabled_while_the_step_is_invalid(workbook):
    workbook.current()._hours.value = "-1"
    assert workbook._next.disabled
    workbook._next.click()
    assert workbook.step == "request"
    workbook.current()._hours.value = "16"
    assert not workbook._next.disabled


def test_later_steps_cannot_be_jumped_to_before_they_are_reached(workbook):
    assert workbook._nav_buttons["rush"].disabled
    workbook.go("rush")
    assert workbook.step == "request"


def test_jump_back_to_a_completed_step(workbook):
    for _ in range(4):
        workbook._next.click()
    assert workbook.step == "when"
    workbook._nav_buttons["empathy"].click()
    assert workbook.step == "empathy"
    assert workbook._nav_buttons["when"].description.startswith("✓")


def test_progress_shows_the_position(workbook):
    workbook._next.click()
    assert workbook._progress.value == 2
    assert workbook._progress_label.value == "Step 2 of 9"


def test_language_switch_changes_labels_and_keeps_answers(workbook):
    workbook.current()._client.value = "Studio Noord"
    workbook._language.value = "nl"
    assert workbook._next.description == "Verder"
    assert workbook._progress_label.value == "Stap 1 van 9"
    assert workbook.assessment.request.client == "Studio Noord"
    assert workbook.assessment.lang == "nl"


def test_the_workbook_marks_the_language_shown_for_the_page_banner(workbook):
    assert "nn-lang-en" in workbook._dom_classes
    workbook._language.value = "nl"
    assert "nn-lang-nl" in workbook._dom_classes
    assert "nn-lang-en" not in workbook._dom_classes


def test_reset_needs_a_second_click_and_starts_blank(workbook):
    workbook._next.click()
    workbook._reset.click()
    assert workbook.step == "empathy"  # first click only asks
    workbook._reset.click()
    assert workbook.step == "request"
    assert workbook.current()._client.value == ""
    assert workbook._next.disabled


def test_reset_keeps_the_language(workbook):
    workbook.set_language("nl")
    workbook._reset.click()
    workbook._reset.click()
    assert workbook._next.description == "Verder"
