"""Step 7, referral: the skill, the colleagues table, the A–D case with its script, and the four options."""

from __future__ import annotations

from datetime import date

import ipywidgets as widgets
import pytest

from notnow import Assessment, Colleague, available_offers
from notnow.ui.find import find, message_beside
from notnow.ui.state import CaseState
from notnow.ui.steps.referral import ReferralStep
from tests.widgets.handles import all_html, as_text, cell, option_labels, row_message, row_named, row_values, rows

XSS = "<img src=x onerror=alert(1)>"

# The worked example asks for copywriting. Sanne de Vries (copywriting, editing; trusted; available),
# Tom Bakker (copywriting; untested; available), Priya Shah (design; trusted; not available).


@pytest.fixture
def step() -> ReferralStep:
    return ReferralStep(CaseState(Assessment.example("en")))


def colleague(step: ReferralStep, name: str) -> widgets.Widget:
    return row_named(step, "colleague", name)


def result(step: ReferralStep) -> str:
    return str(find(step, "nn-referral-result").value)


def skill(step: ReferralStep) -> widgets.Text:
    return find(step, "nn-skill", widgets.Text)


def test_the_example_is_case_a_with_sanne_and_her_script(step):
    assert [name for (name,) in row_values(step, "colleague", "name")] == ["Sanne de Vries", "Tom Bakker", "Priya Shah"]
    assert skill(step).value == "copywriting"
    assert "A — a colleague you trust has room" in result(step)
    assert "Who: Sanne de Vries" in result(step)
    assert "it&#39;s Sanne de Vries" in result(step)  # the case A script with her name
    assert step.valid


def test_removing_sanne_gives_case_b_with_tom(step):
    find(colleague(step, "Sanne de Vries"), "nn-colleague-remove", widgets.Button).click()
    assert [c.name for c in step.state.case.colleagues] == ["Tom Bakker", "Priya Shah"]
    assert step.state.case.referral().case == "B"
    assert "B — a colleague has room" in result(step)
    assert "Tom Bakker" in result(step)
    assert len(rows(step, "colleague")) == 2


def test_trust_and_availability_change_the_case(step):
    cell(colleague(step, "Sanne de Vries"), "colleague", "available").value = False
    assert step.state.case.referral().case == "B"  # Tom, untested, is left
    cell(colleague(step, "Tom Bakker"), "colleague", "trust").value = "unsuitable"
    assert step.state.case.referral().case == "C"
    assert "C — the colleague with room isn" in result(step)
    cell(colleague(step, "Tom Bakker"), "colleague", "available").value = False
    assert "D — there is probably someone" in result(step)
    # Nobody available has the skill; the one who came closest is named, not put forward.
    assert "Sanne de Vries has the skill but isn't available right now." in as_text(result(step))


def test_an_empty_colleague_name_shows_a_message_beside_the_row(step):
    tom = colleague(step, "Tom Bakker")
    cell(tom, "colleague", "name").value = ""
    assert "This field is still empty: colleague&#39;s name." in row_message(tom)
    # The case keeps the last list that held: Tom is still in it.
    assert [c.name for c in step.state.case.colleagues] == ["Sanne de Vries", "Tom Bakker", "Priya Shah"]
    assert row_message(colleague(step, "Sanne de Vries")) == ""
    cell(tom, "colleague", "name").value = "Tom Bakker"
    assert row_message(tom) == ""
    assert [c.name for c in step.state.case.colleagues] == ["Sanne de Vries", "Tom Bakker", "Priya Shah"]


def test_a_colleague_without_a_name_keeps_the_step_from_moving_on(step):
    cell(colleague(step, "Tom Bakker"), "colleague", "name").value = ""
    assert not step.valid


def test_a_new_row_is_quiet_until_edited_then_joins_the_case(step):
    find(step, "nn-add-colleague", widgets.Button).click()
    new = rows(step, "colleague")[-1]
    assert row_message(new) == ""
    cell(new, "colleague", "skills").value = "editing, copywriting"
    assert "colleague&#39;s name" in row_message(new)  # touched: now the empty name is pointed out
    cell(new, "colleague", "name").value = "Lotte Jansen"
    cell(new, "colleague", "trust").value = "trusted"
    assert row_message(new) == ""
    added = step.state.case.colleagues[-1]
    assert (added.name, added.skills, added.trust, added.available) == (
        "Lotte Jansen",
        ("editing", "copywriting"),
        "trusted",
        False,  # new behaviour: nobody has room until the user asked them
    )
    assert "Lotte Jansen" not in result(step)
    cell(new, "colleague", "available").value = True
    assert "Sanne de Vries and Lotte Jansen" in result(step)


def test_a_colleague_name_with_html_is_shown_escaped(step):
    for _ in range(3):
        find(rows(step, "colleague")[0], "nn-colleague-remove", widgets.Button).click()
    find(step, "nn-add-colleague", widgets.Button).click()
    row = rows(step, "colleague")[0]
    cell(row, "colleague", "name").value = XSS
    cell(row, "colleague", "skills").value = "copywriting"
    cell(row, "colleague", "trust").value = "trusted"
    assert step.state.case.colleagues[0].name == XSS
    assert "&lt;img src=x onerror=alert(1)&gt;" in result(step)
    assert "<img" not in all_html(step)


def test_editing_the_skill_writes_a_new_request(step):
    before = step.state.case.request
    skill(step).value = "design"
    after = step.state.case.request
    assert after.skill == "design"
    assert (after.client, after.hours, after.deadline, after.rate) == (
        before.client,
        before.hours,
        before.deadline,
        before.rate,
    )
    assert step.state.case.referral().case == "D"  # Priya designs, but has no room
    skill(step).value = "Editing"
    assert "Who: Sanne de Vries" in result(step)


def test_a_too_long_skill_shows_a_message_and_keeps_the_case(step):
    skill(step).value = "x" * 201
    assert "Keep skill asked to at most 200 characters." in message_beside(step, "nn-skill")
    assert step.state.case.request.skill == "copywriting"
    skill(step).value = "copywriting"
    assert message_beside(step, "nn-skill") == ""


def test_the_skill_follows_a_change_made_in_the_request_step(step):
    step.state.update_request(skill="editing")
    assert skill(step).value == "editing"
    assert "Who: Sanne de Vries" in result(step)  # only she edits


def test_reversal_is_only_possible_once_confirmed(step):
    find(
        step, "nn-reversal-example", widgets.Textarea
    ).value = "A colleague's client came to me for a brochure, and stayed for three years."
    assert "reversal" not in available_offers(step.state.case)
    assert "Only with a true example" in find(step, "nn-reversal-script").value
    find(step, "nn-reversal-confirmed", widgets.Checkbox).value = True
    assert step.state.case.reversal_confirmed
    assert "reversal" in available_offers(step.state.case)
    script = find(step, "nn-reversal-script").value
    assert "stayed for three years." in script
    assert "You can offer this in your reply." in script


def test_a_reversal_example_is_escaped_in_the_script(step):
    find(step, "nn-reversal-example", widgets.Textarea).value = XSS
    find(step, "nn-reversal-confirmed", widgets.Checkbox).value = True
    assert "&lt;img" in find(step, "nn-reversal-script").value
    assert "<img" not in all_html(step)


def test_senior_hours_fill_the_script_and_the_input_keeps_them_in_bounds(step):
    """New behaviour: the senior-hours input is a bounded number box (0–200), so a negative entry is clamped
    to 0 by the input itself instead of shown as an error."""
    senior = find(step, "nn-senior-hours", widgets.BoundedFloatText)
    senior.value = 3
    assert step.state.case.senior_hours == 3
    assert "Say 3 hours a month" in find(step, "nn-senior-script").value
    senior.value = -2
    assert senior.value == 0
    assert step.state.case.senior_hours == 0
    senior.value = 1e9
    assert step.state.case.senior_hours == 200
    assert message_beside(step, "nn-senior-hours") == ""
    assert step.valid  # a referral is optional: the step never blocks


def test_tips_and_the_four_options_are_shown(step):
    tips = find(step, "nn-referral-tips").value
    assert "four seconds" in tips
    assert "talk about “we”" in tips
    assert "Say what feels awkward" in find(step, "nn-option-name-what-is").value
    assert "It works the other way round too" in find(step, "nn-option-reversal").value
    assert "A senior role" in find(step, "nn-option-senior-role").value
    assert "Give me a day" in find(step, "nn-option-ask-time").value


def test_switching_language_relabels_and_keeps_the_answers(step):
    cell(colleague(step, "Tom Bakker"), "colleague", "trust").value = "trusted"
    find(step, "nn-senior-hours", widgets.BoundedFloatText).value = 2
    step.state.update(lang="nl")
    assert find(step, "nn-add-colleague", widgets.Button).description == "Collega toevoegen"
    trust = cell(colleague(step, "Tom Bakker"), "colleague", "trust")
    assert trust.value == "trusted"
    assert trust.label == "Vertrouwd"
    assert option_labels(trust) == ["Vertrouwd", "Nog niet mee gewerkt", "Niet geschikt"]
    assert skill(step).value == "copywriting"
    assert find(step, "nn-senior-hours", widgets.BoundedFloatText).value == 2
    assert "Sanne de Vries en Tom Bakker" in result(step)
    assert [c.trust for c in step.state.case.colleagues] == ["trusted", "trusted", "trusted"]


def test_opening_another_case_reloads_the_table(step):
    other = Assessment.example("en")
    step.state.replace(other.replace(colleagues=other.colleagues[1:2]))
    assert row_values(step, "colleague", "name") == [("Tom Bakker",)]
    assert "B — a colleague has room" in result(step)


def test_a_new_colleague_starts_unticked_and_ticking_remembers_the_day(step):
    """Availability is something the user asked: a new row starts unticked; ticking it dates it today and
    says so beside the box ("asked on …"); unticking forgets the date."""
    find(step, "nn-add-colleague", widgets.Button).click()
    new = rows(step, "colleague")[-1]
    box = cell(new, "colleague", "available")
    assert box.value is False
    cell(new, "colleague", "name").value = "Lotte Jansen"
    assert step.state.case.colleagues[-1].asked_on is None
    box.value = True
    today = date.today()
    assert step.state.case.colleagues[-1].asked_on == today
    assert box.description == f"has room (asked on {today.day} {today.strftime('%b')})"
    box.value = False
    assert step.state.case.colleagues[-1].asked_on is None
    assert box.description == "has room"


def test_a_tick_keeps_its_day_when_the_row_is_edited_later():
    """A colleague asked on 2 Dec stays "asked on 2 Dec" when their skills are edited afterwards."""
    case = Assessment.example("en")
    sanne = case.colleagues[0]
    asked = Colleague(sanne.name, sanne.skills, sanne.trust, True, date(2026, 12, 2))
    step = ReferralStep(CaseState(case.replace(colleagues=(asked, *case.colleagues[1:]))))
    row = rows(step, "colleague")[0]
    assert cell(row, "colleague", "available").description == "has room (asked on 2 Dec)"
    cell(row, "colleague", "skills").value = "copywriting, editing, proofreading"
    assert step.state.case.colleagues[0].asked_on == date(2026, 12, 2)
    assert cell(row, "colleague", "available").description == "has room (asked on 2 Dec)"
