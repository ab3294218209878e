"""Step 7, referral: the skill, the colleagues table, the A–D case with its script, and the four options."""

from __future__ import annotations

import ipywidgets as widgets
import pytest

from notnow import Assessment, available_offers
from notnow.ui.model import CaseModel
from notnow.ui.steps.referral import ReferralStep

XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture
def model() -> CaseModel:
    return CaseModel(Assessment.example("en"))


@pytest.fixture
def step(model: CaseModel) -> ReferralStep:
    return ReferralStep(model)


def all_widgets(root: widgets.Widget) -> list[widgets.Widget]:
    found = [root]
    for child in getattr(root, "children", ()):
        found += all_widgets(child)
    return found


def html_values(step: ReferralStep) -> str:
    return "\n".join(w.value for w in all_widgets(step) if isinstance(w, widgets.HTML))


def row_named(step: ReferralStep, name: str):
    return next(row for row in step._rows if row.name.value == name)


def test_the_example_is_case_a_with_sanne_and_her_script(step):
    assert [row.name.value for row in step._rows] == ["Sanne de Vries", "Tom Bakker", "Priya Shah"]
    assert step._skill.value == "copywriting"
    assert "A — a colleague you trust has room" in step._result.value
    assert "Who: Sanne de Vries" in step._result.value
    assert "it&#x27;s Sanne de Vries" in step._result.value  # the case A script with her name
    assert step.valid


def test_removing_sanne_gives_case_b_with_tom(step, model):
    row_named(step, "Sanne de Vries").remove.click()
    assert [c.name for c in model.assessment.colleagues] == ["Tom Bakker", "Priya Shah"]
    assert model.assessment.referral().case == "B"
    assert "B — a colleague has room" in step._result.value
    assert "Tom Bakker" in step._result.value
    assert len(step._rows_box.children) == 2


def test_trust_and_availability_change_the_case(step, model):
    row_named(step, "Sanne de Vries").available.value = False
    assert model.assessment.referral().case == "B"
    row_named(step, "Tom Bakker").trust.value = "unsuitable"
    assert model.assessment.referral().case == "C"
    assert "C — the colleague with room isn" in step._result.value
    row_named(step, "Tom Bakker").available.value = False
    assert "D — there is probably someone" in step._result.value
    assert "Nobody to put forward yet." in step._result.value


def test_empty_colleague_name_shows_a_message_beside_the_row(step, model):
    row = row_named(step, "Tom Bakker")
    row.name.value = ""
    assert row.message.layout.display is None
    assert "This field is still empty: colleague&#x27;s name." in row.message.value
    assert [c.name for c in model.assessment.colleagues] == ["Sanne de Vries", "Priya Shah"]
    other = row_named(step, "Sanne de Vries")
    assert other.message.value == ""
    row.name.value = "Tom Bakker"
    assert row.message.value == ""
    assert row.message.layout.display == "none"
    assert [c.name for c in model.assessment.colleagues] == ["Sanne de Vries", "Tom Bakker", "Priya Shah"]


def test_a_new_row_is_quiet_until_edited_then_joins_the_case(step, model):
    step._add_colleague.click()
    new = step._rows[-1]
    assert new.message.value == ""
    new.skills.value = "editing, copywriting"
    assert "colleague&#x27;s name" in new.message.value  # touched: now the empty name is pointed out
    new.name.value = "Lotte Jansen"
    new.trust.value = "trusted"
    assert new.message.value == ""
    added = model.assessment.colleagues[-1]
    assert (added.name, added.skills, added.trust, added.available) == (
        "Lotte Jansen", ("editing", "copywriting"), "trusted", True)
    assert "Sanne de Vries and Lotte Jansen" in step._result.value


def test_a_colleague_name_with_html_is_shown_escaped(step, model):
    for row in list(step._rows):
        row.remove.click()
    step._add_colleague.click()
    row = step._rows[0]
    row.name.value = XSS
    row.skills.value = "copywriting"
    row.trust.value = "trusted"
    assert model.assessment.colleagues[0].name == XSS
    assert "&lt;img src=x onerror=alert(1)&gt;" in step._result.value
    assert "<img" not in html_values(step)


def test_editing_the_skill_writes_a_new_request(step, model):
    before = model.assessment.request
    step._skill.value = "design"
    after = model.assessment.request
    assert after.skill == "design"
    assert (after.client, after.hours, after.deadline, after.rate) == (
        before.client, before.hours, before.deadline, before.rate)
    assert model.assessment.referral().case == "D"  # Priya designs, but has no room
    step._skill.value = "Editing"
    assert "Who: Sanne de Vries" in step._result.value


def test_a_too_long_skill_shows_a_message_and_keeps_the_case(step, model):
    step._skill.value = "x" * 201
    assert "at most 200 characters" in step._skill_field._message.value
    assert model.assessment.request.skill == "copywriting"
    step._skill.value = "copywriting"
    assert step._skill_field._message.value == ""


def test_the_skill_follows_a_change_made_in_the_request_step(step, model):
    from notnow import Request

    r = model.assessment.request
    model.assessment.request = Request(**{**r.to_dict(), "skill": "editing"})
    model.changed()
    assert step._skill.value == "editing"


def test_reversal_is_only_possible_once_confirmed(step, model):
    step._reversal_example.value = "A colleague's client came to me for a brochure, and stayed for three years."
    assert "reversal" not in available_offers(model.assessment)
    assert "Only with a true example" in step._reversal_script.value
    step._reversal_confirmed.value = True
    assert model.assessment.reversal_confirmed
    assert "reversal" in available_offers(model.assessment)
    assert "stayed for three years." in step._reversal_script.value
    assert "You can offer this in your reply." in step._reversal_script.value


def test_reversal_example_is_escaped_in_the_script(step):
    step._reversal_example.value = XSS
    step._reversal_confirmed.value = True
    assert "&lt;img" in step._reversal_script.value
    assert "<img" not in html_values(step)


def test_senior_hours_fill_the_script_and_bad_values_show_a_message(step, model):
    step._senior_hours.value = 3
    assert model.assessment.senior_hours == 3
    assert "Say 3 hours a month" in step._senior_script.value
    step._senior_hours.value = -2
    assert model.assessment.senior_hours == 3
    assert "senior hours per month" in step._senior_field._message.value
    assert step.valid  # a referral is optional: the step never blocks


def test_tips_and_the_four_options_are_shown(step):
    assert "four seconds" in step._tips.value
    assert "talk about “we”" in step._tips.value
    labels = [w.value for w in step._option_texts.values()]
    assert "Say what feels awkward" in labels[0]
    assert "It works the other way round too" in labels[1]
    assert "A senior role" in labels[2]
    assert "Give me a day" in labels[3]


def test_switching_language_relabels_and_keeps_the_answers(step, model):
    row_named(step, "Tom Bakker").trust.value = "trusted"
    step._senior_hours.value = 2
    model.lang = "nl"
    assert step._add_colleague.description == "Collega toevoegen"
    tom = row_named(step, "Tom Bakker")
    assert tom.trust.value == "trusted"
    assert tom.trust.label != "Trusted"
    assert step._skill.value == "copywriting"
    assert step._senior_hours.value == 2
    assert "Sanne de Vries en Tom Bakker" in step._result.value
    assert [c.trust for c in model.assessment.colleagues] == ["trusted", "trusted", "trusted"]


def test_opening_another_case_reloads_the_table(step, model):
    other = Assessment.example("en")
    other.colleagues = other.colleagues[1:2]
    model.replace(other)
    assert [row.name.value for row in step._rows] == ["Tom Bakker"]
    assert "B — a colleague has room" in step._result.value
