"""The split step: an editable parts table, the spread, and the plan the logic makes of them."""

from __future__ import annotations

import pytest

from notnow import Assessment, Part
from notnow.ui.model import CaseModel
from notnow.ui.steps.split import SplitStep

PNG = b"\x89PNG"


@pytest.fixture
def model() -> CaseModel:
    return CaseModel(Assessment.example("en"))


@pytest.fixture
def step(model: CaseModel) -> SplitStep:
    return SplitStep(model)


def test_the_rows_start_with_the_case_parts(step):
    rows = [(r.name.value, r.hours.value, r.urgent.value) for r in step._rows]
    assert rows == [("Landing page", "6", True), ("Product pages", "10", False)]
    assert step._spread.value == 0.5
    assert "50%" in step._spread_help.value


def test_the_example_plan_shows_its_dates_schedule_and_chart(step):
    # Landing page 6 h: Mon 2 + Tue 4 → Tue 24 Nov; product pages 10 h at half the free hours: 3 + 4 + 3 → Fri 27.
    dates = step._dates.value
    assert "The urgent part is done on Tuesday, 24 November 2026." in dates
    assert "Everything is done on Friday, 27 November 2026." in dates
    assert "The urgent part makes the deadline." in dates
    schedule = step._schedule.value
    assert schedule.count("<tr>") == 6  # header + five days
    assert "Monday, 23 November 2026" in schedule
    assert bytes(step._chart.value).startswith(PNG)
    assert step.valid


def test_more_urgent_hours_than_fit_say_the_deadline_is_missed(step, model):
    step._rows[0].hours.value = "14"  # 2 + 4 + 6 by Wednesday is 12: the last 2 h land on Thursday
    assert model.assessment.parts[0] == Part("Landing page", 14, True)
    assert "The urgent part is done on Thursday, 26 November 2026." in step._dates.value
    assert "does not make Wednesday, 25 November 2026" in step._dates.value
    assert step.valid  # missing the deadline is a result, not an input error


def test_a_wider_spread_finishes_sooner(step, model):
    step._spread.value = 1.0  # the rest takes all free hours: Wed 6 + Thu 4
    assert model.assessment.spread == 1.0
    assert "Everything is done on Thursday, 26 November 2026." in step._dates.value
    assert "100%" in step._spread_help.value


def test_hours_that_are_not_a_number_show_a_message_beside_the_row(step, model):
    step._rows[1].hours.value = "abc"
    assert "Enter a number for hours for this part." in step._rows[1].field._message.value
    assert step._rows[0].field._message.value == ""
    assert model.assessment.parts[1].hours == 10  # the case keeps the last valid parts
    assert not step.valid
    assert "Fix what is marked above" in step._note.value
    step._rows[1].hours.value = "8,5"
    assert model.assessment.parts[1].hours == 8.5
    assert step._rows[1].field._message.value == ""
    assert step.valid


def test_an_empty_name_shows_a_message_beside_the_row(step):
    step._rows[0].name.value = "  "
    assert "This field is still empty: part name." in step._rows[0].field._message.value
    assert not step.valid


def test_a_repeated_name_shows_a_message_beside_the_row_that_repeats_it(step, model):
    step._rows[1].name.value = "Landing page"
    assert "“Landing page” appears more than once in parts." in step._rows[1].field._message.value
    assert step._rows[0].field._message.value == ""
    assert [p.name for p in model.assessment.parts] == ["Landing page", "Product pages"]
    assert not step.valid


def test_adding_a_part_asks_for_its_name_then_plans_it(step, model):
    step._add.click()
    assert len(step._rows) == 3
    assert "This field is still empty" in step._rows[2].field._message.value
    assert not step.valid
    step._rows[2].name.value = "Blog post"
    step._rows[2].hours.value = "2"
    assert step.valid
    assert model.assessment.parts[2] == Part("Blog post", 2, False)
    assert "Blog post" in step._schedule.value


def test_removing_every_part_says_splitting_is_optional_and_stays_valid(step, model):
    for _ in range(2):
        step._rows[0].remove.click()
    assert model.assessment.parts == []
    assert "Splitting is optional" in step._note.value
    assert step._dates.value == ""
    assert step._chart.layout.display == "none"
    assert step.valid


def test_part_names_in_the_schedule_are_shown_as_text(step):
    step._rows[0].name.value = "<img src=x onerror=alert(1)>"
    assert "<img" not in step._schedule.value
    assert "&lt;img src=x onerror=alert(1)&gt;" in step._schedule.value


def test_switching_language_relabels_and_keeps_the_parts(step, model):
    step._rows[1].hours.value = "abc"
    model.lang = "nl"
    assert step._rows[1].hours.value == "abc"
    assert "Vul bij uren voor dit onderdeel een getal in." in step._rows[1].field._message.value
    step._rows[1].hours.value = "10"
    assert "Het dringende deel is klaar op dinsdag 24 november 2026." in step._dates.value
    assert step._add.description == "Onderdeel toevoegen"
    assert "Naam" in step._col_name.value


def test_opening_another_case_rebuilds_the_rows(step, model):
    other = Assessment.example("en")
    other.parts = [Part("Chapter 1", 2, True)]
    other.spread = 0.25
    model.replace(other)
    assert [(r.name.value, r.hours.value) for r in step._rows] == [("Chapter 1", "2")]
    assert step._spread.value == 0.25
    assert "The urgent part is done on Monday, 23 November 2026." in step._dates.value
