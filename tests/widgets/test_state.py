"""One state model: the case is replaced on every change, each input writes only its own field, and a value
changed in one step is never overwritten by a stale copy in another."""

from __future__ import annotations

from datetime import datetime

import ipywidgets as widgets
import pytest

from notnow import Assessment, InputError
from notnow.ui import Workbook
from notnow.ui.find import find, message_beside
from notnow.ui.state import ALL, CaseState


@pytest.fixture
def workbook() -> Workbook:
    return Workbook(Assessment.example("en"))


def walk_to(wb: Workbook, key: str) -> None:
    while wb.step != key:
        wb.stepper.move(+1)


def test_update_replaces_the_case_and_names_the_changed_fields():
    state = CaseState(Assessment.example("en"))
    before = state.case
    seen: list[frozenset[str]] = []
    state.watch(seen.append)
    changed = state.update(reason="leave", channel="email")  # email is what it already was
    assert changed == {"reason"}
    assert seen == [frozenset({"reason"})]
    assert state.case is not before and before.reason == "fully_booked"  # the old case is untouched
    assert state.case.reason == "leave"


def test_a_bad_value_leaves_the_case_as_it_was():
    state = CaseState(Assessment.example("en"))
    before = state.case
    with pytest.raises(InputError) as caught:
        state.update_request(deadline=datetime(2026, 11, 19))  # before the request came in (20 Nov)
    assert caught.value.field == "deadline"
    assert state.case is before


def test_a_listener_for_some_fields_hears_only_those():
    state = CaseState(Assessment.example("en"))
    heard: list[frozenset[str]] = []
    state.watch(heard.append, {"parts"})
    state.update(reason="leave")
    state.update(spread=0.3)
    assert heard == []
    state.replace(Assessment.example("nl"))
    assert heard == [ALL]


def test_skill_changed_in_referral_survives_an_edit_in_the_request_step(workbook):
    walk_to(workbook, "referral")
    find(workbook, "nn-skill", widgets.Text).value = "editing"
    workbook.go("request")
    find(workbook, "nn-hours", widgets.Text).value = "18"
    assert workbook.assessment.request.skill == "editing"
    assert workbook.assessment.request.hours == 18
    find(workbook, "nn-more-details", widgets.Accordion).selected_index = 0
    assert find(workbook, "nn-skill", widgets.Text).value == "editing"
    workbook.go("referral")
    assert find(workbook, "nn-skill", widgets.Text).value == "editing"
    # Sanne de Vries is trusted, available and edits: case A, not D.
    assert workbook.assessment.referral().case == "A"


def test_every_field_shown_in_two_steps_follows_the_other(workbook):
    find(workbook, "nn-more-details", widgets.Accordion).selected_index = 0
    find(workbook, "nn-skill", widgets.Text).value = "design"  # in the request step
    walk_to(workbook, "referral")
    assert find(workbook, "nn-skill", widgets.Text).value == "design"


def test_a_step_once_reached_stays_open_after_an_earlier_typo_and_after_a_resume(workbook):
    walk_to(workbook, "after")
    workbook.go("request")
    hours = find(workbook, "nn-hours", widgets.Text)
    hours.value = "abc"  # a typo: the request step is not valid now
    assert not workbook.current().valid
    assert workbook.stepper.reachable("after")
    hours.value = "16"
    workbook.go("after")
    assert workbook.step == "after"
    resumed = Workbook(workbook.assessment)
    assert resumed.step == "after"
    assert all(resumed.stepper.reachable(key) for key in ("request", "reply", "after"))


def test_typing_is_kept_while_the_case_holds_the_parsed_value(workbook):
    hours = find(workbook, "nn-hours", widgets.Text)
    hours.value = "12,5"  # a Dutch decimal comma: the case holds 12.5, the input keeps what was typed
    assert workbook.assessment.request.hours == 12.5
    assert hours.value == "12,5"


def test_a_bad_entry_keeps_its_message_when_another_field_changes(workbook):
    hours = find(workbook, "nn-hours", widgets.Text)
    hours.value = "lots"
    find(workbook, "nn-client", widgets.Text).value = "Bloom and Co"
    assert hours.value == "lots"
    assert "Enter a number for estimated hours." in message_beside(workbook, "nn-hours")
    assert workbook.assessment.request.hours == 16  # the case kept its last good value


def test_each_input_keeps_its_own_width_with_its_label_beside_it():
    wb = Workbook()
    find(wb, "nn-more-details", widgets.Accordion).selected_index = 0
    # 360 px wide inputs and 120 px narrow ones, each plus the 210 px label column (the layouts in
    # steps/request.py are shared between inputs: widening one must not widen the others)
    assert {find(wb, css).layout.width for css in ("nn-client", "nn-contact", "nn-skill")} == {"570px"}
    assert {find(wb, css).layout.width for css in ("nn-hours", "nn-rate")} == {"330px"}


def test_a_text_area_keeps_its_height_when_its_label_moves_beside_it():
    wb = Workbook(Assessment.example("en").replace(step="reply", reached="reply"))
    reply = find(wb, "nn-reply-text", widgets.Textarea)
    assert (reply.layout.width, reply.layout.height) == ("890px", "460px")  # 680 px + the 210 px label column


def test_watch_returns_the_call_that_stops_listening():
    """A panel that goes away unsubscribes: after the call it hears nothing more, other listeners still do."""
    state = CaseState(Assessment.example("en"))
    first: list[frozenset[str]] = []
    second: list[frozenset[str]] = []
    stop = state.watch(first.append)
    state.watch(second.append)
    state.update(reason="leave")
    stop()
    state.update(spread=0.3)
    assert first == [frozenset({"reason"})]
    assert second == [frozenset({"reason"}), frozenset({"spread"})]


def test_a_case_is_touched_by_work_on_it_not_by_language_or_step():
    """The set-up flows into a case nobody worked on: switching language or step is not work, typing is."""
    state = CaseState(Assessment.example("en"))
    state.update(lang="nl", step="empathy")
    assert not state.touched
    state.update(reason="leave")
    assert state.touched
    state.replace(Assessment.example("en"))
    assert not state.touched
