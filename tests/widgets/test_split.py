"""The split step: an editable parts table, the spread, and the plan the logic makes of them."""

from __future__ import annotations

import ipywidgets as widgets
import pytest

from notnow import Assessment, Part
from notnow.ui.find import find
from notnow.ui.state import CaseState
from notnow.ui.steps.split import SplitStep
from tests.widgets.handles import all_html, cell, page_text, row_message, row_values, rows, table_message

PNG = b"\x89PNG"

# The worked example: window Sat 21 – Wed 25 Nov 2026, free Mon 2, Tue 4, Wed 6, then 8 a day.
# Landing page 6 h urgent: Mon 2 + Tue 4 → done Tue 24. Product pages 10 h from Wed at half the free hours:
# Wed 3 + Thu 4 + Fri 3 → all done Fri 27. That is the plan when the reply offers the split alone (the fixture);
# the example as shipped also offers the whole job by Thu 26, and then the step shows the rest as the reply
# promises it: at full pace, Wed 6 + Thu 4 → Thu 26 (test_the_step_shows_the_rest_as_the_reply_promises_it).


@pytest.fixture
def step() -> SplitStep:
    return SplitStep(CaseState(Assessment.example("en").replace(offers=("split",))))


def part_rows(step: SplitStep) -> list[widgets.Widget]:
    return rows(step, "part")


def hours_of(step: SplitStep, index: int) -> widgets.Text:
    return cell(part_rows(step)[index], "part", "hours")


def name_of(step: SplitStep, index: int) -> widgets.Text:
    return cell(part_rows(step)[index], "part", "name")


def dates(step: SplitStep) -> str:
    return str(find(step, "nn-split-dates").value)


def schedule(step: SplitStep) -> str:
    return str(find(step, "nn-split-schedule").value)


def test_the_rows_start_with_the_case_parts(step):
    assert row_values(step, "part", "name", "hours", "urgent") == [
        ("Landing page", "6", True),
        ("Product pages", "10", False),
    ]
    assert find(step, "nn-spread", widgets.FloatSlider).value == 0.5
    assert "50%" in find(step, "nn-spread-help").value


def test_the_example_plan_shows_its_dates_schedule_and_chart(step):
    assert (
        "The urgent part is ready on Tuesday, 24 November 2026, in time for your client's deadline "
        "(Wednesday, 25 November 2026)."
    ).replace("'", "&#39;") in dates(step)
    assert "Everything is done on Friday, 27 November 2026." in dates(step)
    assert schedule(step).count("<tr>") == 6  # the header and five days: Mon, Tue, Wed, Thu, Fri
    assert "Monday, 23 November 2026" in schedule(step)
    chart = find(step, "nn-split-chart", widgets.Image)
    assert bytes(chart.value).startswith(PNG)
    assert chart.layout.display != "none"
    assert step.valid


def test_the_step_shows_the_rest_as_the_reply_promises_it():
    """Offering split and the whole job, the step shows the full-pace plan the mail and the .ics promise."""
    step = SplitStep(CaseState(Assessment.example("en")))  # offers split, later, rush, referral
    assert "Everything is done on Thursday, 26 November 2026." in dates(step)
    assert "Friday, 27 November 2026" not in dates(step) + schedule(step)
    assert "at full pace" in dates(step)
    assert schedule(step).count("<tr>") == 5  # the header and four days: Mon 2, Tue 4, Wed 6, Thu 4
    step.state.update(offers=("split",))  # the split alone keeps its spread pace
    assert "Everything is done on Friday, 27 November 2026." in dates(step)
    assert "at full pace" not in dates(step)


def test_urgent_hours_after_the_deadline_time_miss_it():
    """On the deadline day only the hours before the deadline time count for the urgent part."""
    example = Assessment.example("en")
    # Deadline Wed 25 Nov 11:00, the day starting at 9: Wednesday gives min(6 free, 2) = 2 hours, so the urgent
    # 10 h (Mon 2 + Tue 4 + Wed 4) end on Wednesday but need 4 of its hours: after 11:00.
    late = example.replace(
        request=example.request.replace(deadline=example.request.deadline.replace(hour=11)),
        parts=(Part("Landing page", 10, True), Part("Product pages", 6)),
        offers=(),
    )
    step = SplitStep(CaseState(late))
    assert "The urgent part is only ready on Wednesday, 25 November 2026" in dates(step)


def test_more_urgent_hours_than_fit_say_the_deadline_is_missed(step):
    hours_of(step, 0).value = "14"  # 2 + 4 + 6 = 12 by Wednesday: the last 2 h land on Thursday
    assert step.state.case.parts[0] == Part("Landing page", 14, True)
    assert "The urgent part is only ready on Thursday, 26 November 2026" in dates(step)
    assert "after your client&#39;s deadline (Wednesday, 25 November 2026)" in dates(step)
    assert step.valid  # missing the deadline is a result, not an input error


def test_a_wider_spread_finishes_sooner(step):
    find(step, "nn-spread", widgets.FloatSlider).value = 1.0  # the rest takes all free hours: Wed 6 + Thu 4
    assert step.state.case.spread == 1.0
    assert "Everything is done on Thursday, 26 November 2026." in dates(step)
    assert "100%" in find(step, "nn-spread-help").value


def test_hours_that_are_not_a_number_show_a_message_beside_the_row(step):
    """New behaviour: the case keeps its last valid parts, so the plan of those stays shown (the old step hid
    it behind a "fix first" note); the row's message says what to fix."""
    hours_of(step, 1).value = "abc"
    assert "Enter a number for hours for this part." in row_message(part_rows(step)[1])
    assert row_message(part_rows(step)[0]) == ""
    assert step.state.case.parts[1].hours == 10
    assert "Everything is done on Friday, 27 November 2026." in dates(step)
    hours_of(step, 1).value = "8,5"
    assert step.state.case.parts[1].hours == 8.5
    assert row_message(part_rows(step)[1]) == ""
    assert step.valid


def test_an_empty_name_shows_a_message_beside_the_row(step):
    name_of(step, 0).value = "  "
    assert "This field is still empty: part name." in row_message(part_rows(step)[0])


def test_a_repeated_name_shows_a_message_beside_the_row_that_repeats_it(step):
    name_of(step, 1).value = "Landing page"
    assert "“Landing page” appears more than once in parts." in row_message(part_rows(step)[1])
    assert row_message(part_rows(step)[0]) == ""
    assert [p.name for p in step.state.case.parts] == ["Landing page", "Product pages"]
    name_of(step, 1).value = "Product pages"
    assert row_message(part_rows(step)[1]) == ""
    assert step.valid


def test_parts_that_do_not_fit_the_calendar_are_explained_under_the_table(step):
    hours_of(step, 1).value = "5000"  # 5,000 h is years of work: no plan within the horizon
    assert "doesn&#39;t fit into your calendar" in table_message(step, "part")
    assert step.state.case.parts[1].hours == 10
    hours_of(step, 1).value = "10"
    assert table_message(step, "part") == ""
    assert step.valid


def test_a_new_part_blocks_quietly_until_edited_then_is_planned(step):
    """New behaviour: a freshly added blank row shows no message until the user types in it (the old step
    scolded at once)."""
    find(step, "nn-add-part", widgets.Button).click()
    assert len(part_rows(step)) == 3
    assert row_message(part_rows(step)[2]) == ""
    hours_of(step, 2).value = "2"
    assert "This field is still empty: part name." in row_message(part_rows(step)[2])
    name_of(step, 2).value = "Blog post"
    assert step.valid
    assert step.state.case.parts[2] == Part("Blog post", 2, False)
    assert "Blog post" in schedule(step)


@pytest.mark.parametrize(
    ("index", "column", "typed"),
    [
        (1, "hours", "abc"),
        (0, "name", "  "),
        (1, "name", "Landing page"),
        (1, "hours", "5000"),
        (None, "", ""),
    ],
)
def test_a_row_with_a_message_keeps_the_step_from_moving_on(step, index, column, typed):
    if index is None:
        find(step, "nn-add-part", widgets.Button).click()  # a blank new row
    else:
        cell(part_rows(step)[index], "part", column).value = typed
    assert not step.valid


def test_unticking_urgent_spreads_the_whole_job(step):
    cell(part_rows(step)[0], "part", "urgent").value = False
    # Nothing urgent: all 16 h from Mon at half the free hours: Mon 1, Tue 2, Wed 3, Thu 4, Fri 4 = 14, Mon 30 the
    # last 2.
    assert step.state.case.parts[0] == Part("Landing page", 6, False)
    assert "No part is marked urgent" in dates(step)
    assert "Everything is done on Monday, 30 November 2026." in dates(step)


def test_removing_every_part_says_splitting_is_optional_and_stays_valid(step):
    for _ in range(2):
        find(part_rows(step)[0], "nn-part-remove", widgets.Button).click()
    assert tuple(step.state.case.parts) == ()
    assert "Splitting is optional" in find(step, "nn-split-note").value
    assert dates(step) == ""
    assert find(step, "nn-split-chart").layout.display == "none"
    assert step.valid


def test_part_names_in_the_schedule_are_shown_as_text(step):
    name_of(step, 0).value = "<img src=x onerror=alert(1)>"
    assert "&lt;img src=x onerror=alert(1)&gt;" in schedule(step)
    assert "<img" not in all_html(step)


def test_switching_language_relabels_and_keeps_the_parts(step):
    hours_of(step, 1).value = "abc"
    step.state.update(lang="nl")
    assert hours_of(step, 1).value == "abc"
    assert "Vul bij uren voor dit onderdeel een getal in." in row_message(part_rows(step)[1])
    hours_of(step, 1).value = "10"
    assert "dinsdag 24 november 2026" in dates(step)
    assert find(step, "nn-add-part", widgets.Button).description == "Onderdeel toevoegen"
    assert "Naam" in page_text(step)


def test_opening_another_case_rebuilds_the_rows(step):
    other = Assessment.example("en").replace(parts=(Part("Chapter 1", 2, True),), spread=0.25)
    step.state.replace(other)
    assert row_values(step, "part", "name", "hours") == [("Chapter 1", "2")]
    assert find(step, "nn-spread", widgets.FloatSlider).value == 0.25
    assert "The urgent part is ready on Monday, 23 November 2026" in dates(step)  # 2 h fit Monday's 2 free


def test_a_shorter_working_day_set_in_the_request_step_moves_the_plan(step):
    step.state.update_calendar(hours_per_day=2)
    # Mon–Wed are booked beyond 2 h: nothing free until Thu. Urgent 6 h: Thu 2, Fri 2, Mon 30 Nov 2 → late.
    # The other 10 h from Tue 1 Dec at half of 2 h = 1 h a working day: the tenth is Mon 14 Dec.
    assert "The urgent part is only ready on Monday, 30 November 2026" in dates(step)
    assert "Everything is done on Monday, 14 December 2026." in dates(step)
    assert [p.name for p in step.state.case.parts] == ["Landing page", "Product pages"]


def test_parts_that_no_longer_fit_after_a_change_elsewhere_say_to_fix_them(step):
    step.state.update(parts=(Part("Everything", 5000),))  # e.g. a loaded case: 5,000 h fit in no two years
    assert row_values(step, "part", "name", "hours") == [("Everything", "5000")]
    assert "Fix what is marked above to see the plan." in find(step, "nn-split-note").value
    assert dates(step) == ""
    assert find(step, "nn-split-chart").layout.display == "none"
