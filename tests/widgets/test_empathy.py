"""The empathy step: three prompts, answers into the case, and a live preview of the reply's opening."""

from __future__ import annotations

import pytest

from notnow import Assessment
from notnow.ui.model import CaseModel
from notnow.ui.steps.empathy import EmpathyStep


@pytest.fixture
def model() -> CaseModel:
    return CaseModel(Assessment.example("en"))


@pytest.fixture
def step(model: CaseModel) -> EmpathyStep:
    return EmpathyStep(model)


def test_the_three_prompts_show_the_case_answers_with_hints_as_placeholders(step, model):
    for prompt_id in ("why_soon", "at_stake", "in_their_place"):
        assert step._answers[prompt_id].value == model.assessment.empathy[prompt_id]
    assert step._answers["why_soon"].placeholder == "your campaign launches on Monday"
    assert "Why does your client want this done soon?" in step._questions["why_soon"].value
    assert step.valid


def test_the_preview_is_the_greeting_and_opening_paragraph_of_the_reply(step, model):
    step._answers["why_soon"].value = "your spring campaign goes live on 1 December"
    preview = step._preview.value
    assert "Dear Bloom &amp; Co," in preview
    assert "I understand why this can&#x27;t wait: your spring campaign goes live on 1 December." in preview
    assert "I&#x27;m genuinely sorry that my answer isn&#x27;t a straightforward yes." in preview
    assert "My diary is full" not in preview  # the reason paragraph comes later


def test_typing_an_answer_updates_the_case_and_the_preview(step, model):
    revision = model.revision
    step._answers["why_soon"].value = "your board meets on Monday"
    assert model.assessment.empathy["why_soon"] == "your board meets on Monday"
    assert "I understand why this can&#x27;t wait: your board meets on Monday." in step._preview.value
    assert model.revision > revision


def test_clearing_every_answer_shows_a_gentle_note_and_stays_valid(step, model):
    for answer in step._answers.values():
        answer.value = "  "
    assert model.assessment.empathy == {}
    assert "general sentence" in step._note.value
    assert "I can well imagine that you don&#x27;t want to wait long for this." in step._preview.value
    assert step.valid


def test_answers_in_the_preview_are_shown_as_text_not_markup(step):
    step._answers["at_stake"].value = "<img src=x onerror=alert(1)>"
    assert "<img" not in step._preview.value
    assert "&lt;img src=x onerror=alert(1)&gt;" in step._preview.value


def test_a_too_long_answer_shows_a_message_beside_its_field_and_keeps_the_case(step, model):
    step._answers["why_soon"].value = "x" * 2001
    message = step._answer_fields["why_soon"]._message.value
    assert "at most 2000 characters" in message
    assert model.assessment.empathy["why_soon"] == Assessment.example("en").empathy["why_soon"]
    assert not step.valid
    step._answers["why_soon"].value = "short again"
    assert step._answer_fields["why_soon"]._message.value == ""
    assert step.valid


def test_switching_language_relabels_and_keeps_the_answers(step, model):
    step._answers["in_their_place"].value = "a clear date"
    step._answers["why_soon"].value = "your launch is on Monday"
    model.lang = "nl"
    assert step._answers["in_their_place"].value == "a clear date"
    assert step._answers["why_soon"].value == "your launch is on Monday"
    assert "Waarom wil je klant" in step._questions["why_soon"].value
    assert "Beste Bloom &amp; Co," in step._preview.value
    assert "Zo begint je antwoord" in step._preview_heading.value


def test_opening_another_case_fills_the_answers_from_it(step, model):
    model.replace(Assessment.blank("en"))
    assert all(answer.value == "" for answer in step._answers.values())
    assert "general sentence" in step._note.value
