"""The when step: the earliest finish within normal hours, how far off it is, and the deadline."""

from __future__ import annotations

from datetime import datetime

import pytest

from notnow import Assessment
from notnow.ui.find import find
from notnow.ui.state import CaseState
from notnow.ui.steps.when import WhenStep
from tests.widgets.handles import page_text


@pytest.fixture
def step() -> WhenStep:
    return WhenStep(CaseState(Assessment.example("en")))


def shown(step: WhenStep, part: str) -> str:
    return str(find(step, f"nn-when-{part}").value)


def test_the_example_finishes_on_thursday_a_day_after_the_deadline(step):
    # Free hours Mon 2 + Tue 4 + Wed 6 = 12, Thu +8 = 20 ≥ 16. Fri 20 → Thu 26 is 6 days, Mon–Thu 4 working days.
    assert "Thursday, 26 November 2026" in shown(step, "date")
    assert "That is 6 days after the request came in (4 working days)." in shown(step, "distance")
    assert "That is 1 day after your client&#39;s deadline of Wednesday, 25 November 2026." in shown(step, "compare")
    assert step.valid


def test_a_later_deadline_says_the_job_fits_before_it(step):
    step.state.update_request(deadline=datetime(2026, 11, 30, 17, 0))  # Thu 26 → Mon 30: 4 days
    assert "That is 4 days before your client&#39;s deadline of Monday, 30 November 2026" in shown(step, "compare")


def test_finishing_on_the_deadline_day_says_so(step):
    step.state.update_request(hours=12)  # exactly the free hours up to Wednesday
    assert "Wednesday, 25 November 2026" in shown(step, "date")
    assert "That is the deadline day itself" in shown(step, "compare")


def test_a_job_that_does_not_fit_in_26_weeks_gets_a_clear_message(step):
    step.state.update_request(hours=2000)  # 26 weeks of 40 h is at most 1,040 h
    assert "—" in shown(step, "date")
    assert "doesn&#39;t fit into your free hours within the next 26 weeks" in shown(step, "compare")
    assert shown(step, "distance") == ""
    assert step.valid


def test_long_waits_are_counted_in_weeks(step):
    step.state.update_request(hours=100)
    # 12 h to Wed, 20 by Thu 26, 28 by Fri 27, 68 by Fri 4 Dec, then 76, 84, 92, 100 on Thu 10 Dec.
    # Fri 20 Nov → Thu 10 Dec is 20 days = 2.9 weeks; 5 + 5 + 4 = 14 working days.
    assert "That is 2.9 weeks after the request came in (14 working days)." in shown(step, "distance")
    assert "10 December 2026" in shown(step, "date")


def test_switching_language_shows_dutch_dates_and_words(step):
    step.state.update(lang="nl")
    assert "donderdag 26 november 2026" in shown(step, "date")
    assert "Dat is 6 dagen na binnenkomst van de aanvraag (4 werkdagen)." in shown(step, "distance")
    assert "Dat is 1 dag na de deadline van je klant" in shown(step, "compare")
    assert "Het vroegst" in page_text(step)


def test_a_hidden_step_catches_up_when_shown_again(step):
    step.activate(False)
    step.state.update_request(hours=12)
    assert "Thursday, 26 November 2026" in shown(step, "date")  # not redrawn while hidden
    step.activate(True)
    assert "Wednesday, 25 November 2026" in shown(step, "date")


def test_the_deadline_day_after_the_deadline_time_is_not_in_time(step):
    """Due Wed 25 Nov 11:00: the free hours 2 + 4 + 6 reach 12 on Wednesday, but before 11:00 only 2 + 4 + 2 = 8."""
    step.state.update_request(hours=12, deadline=datetime(2026, 11, 25, 11, 0))
    assert "Wednesday, 25 November 2026" in shown(step, "date")
    assert "but after the deadline time: before 11:00 your free hours" in shown(step, "compare")
    step.state.update_request(deadline=datetime(2026, 11, 25, 17, 0))  # the end of the working day: all 12 count
    assert "the whole job just fits" in shown(step, "compare")
