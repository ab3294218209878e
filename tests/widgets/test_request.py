"""The request step, driven from Python: values in, messages beside fields, the case updated."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from notnow import Assessment
from notnow.ui.model import CaseModel
from notnow.ui.steps.request import RequestStep


@pytest.fixture
def step() -> RequestStep:
    return RequestStep(CaseModel(Assessment.example("en")))


def messages(step: RequestStep) -> dict[str, str]:
    return {f.name: f._message.value for f in step._fields if f.error is not None}


def test_example_loads_valid(step):
    assert step.valid
    assert step._client.value == "Bloom & Co"
    assert "12 hours free" in step._summary.value


def test_changing_hours_updates_the_case(step):
    step._hours.value = "20"
    assert step.case.request.hours == 20
    # 20 h at €95 = €1,900 base; 8 h beyond the 12 free.
    assert step.case.quote().base_fee == Decimal("1900.00")


def test_bad_hours_show_a_message_beside_the_field_and_keep_the_last_good_case(step):
    step._hours.value = "abc"
    assert not step.valid
    assert set(messages(step)) == {"hours"}
    assert "number" in messages(step)["hours"]
    assert step.case.request.hours == 16


def test_several_bad_fields_each_get_their_own_message(step):
    step._client.value = "   "
    step._rate.value = "-3"
    assert set(messages(step)) == {"client", "rate"}


def test_deadline_before_received_is_shown_at_the_deadline(step):
    step._deadline.value = datetime(2026, 11, 19, 9, 0)
    assert set(messages(step)) == {"deadline"}


def test_calendar_lines_are_parsed(step):
    step._booked.value = "2026-11-23 8\n2026-11-24: 8"
    # Mon and Tue fully booked: only Wednesday's 8 h are free before the deadline.
    assert "8 hours free" in step._summary.value
    step._days_off.value = "2026-11-25"
    assert "0 hours free" in step._summary.value


def test_bad_calendar_line_names_the_booked_field(step):
    step._booked.value = "next monday 6"
    assert set(messages(step)) == {"booked"}


def test_no_workday_is_an_error(step):
    for box in step._workday_boxes:
        box.value = False
    assert set(messages(step)) == {"workdays"}


def test_language_switch_relabels_and_keeps_answers(step):
    step._client.value = "Studio Noord"
    step._model.lang = "nl"
    assert step._client.value == "Studio Noord"
    assert step._example.description == "Vul het uitgewerkte voorbeeld in"
    assert step._workday_boxes[0].description.lower().startswith("ma")


def test_messages_follow_the_language(step):
    step._hours.value = "abc"
    english = messages(step)["hours"]
    step._model.lang = "nl"
    assert messages(step)["hours"] != english


def test_user_text_in_html_is_escaped(step):
    step._client.value = "<img src=x onerror=alert(1)>"
    step._hours.value = "x<script>"
    assert "<script>" not in "".join(messages(step).values())
    assert "<img" not in step._summary.value
