"""The when step: the earliest finish within normal hours, how far off it is, and the deadline."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import pytest

from notnow import Assessment
from notnow.ui.model import CaseModel
from notnow.ui.steps.when import WhenStep


@pytest.fixture
def model() -> CaseModel:
    return CaseModel(Assessment.example("en"))


@pytest.fixture
def step(model: CaseModel) -> WhenStep:
    return WhenStep(model)


def change_request(model: CaseModel, **changes: object) -> None:
    case = model.assessment
    case.request = dataclasses.replace(case.request, **changes)
    model.changed()


def test_the_example_finishes_on_thursday_a_day_after_the_deadline(step):
    # Free hours Mon 2 + Tue 4 + Wed 6 = 12, Thu +8 = 20 ≥ 16.
    assert "Thursday, 26 November 2026" in step._date.value
    assert "That is 6 days after the request came in (4 working days)." in step._distance.value
    assert "That is 1 day after your client&#x27;s deadline of Wednesday, 25 November 2026." in step._compare_html.value
    assert step.valid


def test_a_later_deadline_says_the_job_fits_before_it(step, model):
    change_request(model, deadline=datetime(2026, 11, 30, 17, 0))
    assert "That is 4 days before your client&#x27;s deadline of Monday, 30 November 2026" in step._compare_html.value


def test_finishing_on_the_deadline_day_says_so(step, model):
    change_request(model, hours=12)  # exactly the free hours up to Wednesday
    assert "Wednesday, 25 November 2026" in step._date.value
    assert "That is the deadline day itself" in step._compare_html.value


def test_a_job_that_does_not_fit_in_26_weeks_gets_a_clear_message(step, model):
    change_request(model, hours=2000)
    assert "—" in step._date.value
    assert "doesn&#x27;t fit into your free hours within the next 26 weeks" in step._compare_html.value
    assert step._distance.value == ""
    assert step.valid


def test_long_waits_are_counted_in_weeks(step, model):
    change_request(model, hours=100)  # 12 h this week, then 40 h a week: done in the third week after
    assert "weeks after the request came in" in step._distance.value


def test_switching_language_shows_dutch_dates_and_words(step, model):
    model.lang = "nl"
    assert "donderdag 26 november 2026" in step._date.value
    assert "Dat is 6 dagen na binnenkomst van de aanvraag (4 werkdagen)." in step._distance.value
    assert "Dat is 1 dag na de deadline van je klant" in step._compare_html.value
    assert "Het vroegst" in step._heading.value
