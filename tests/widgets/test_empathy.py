"""The empathy step: three prompts, each answer bound to the case, and a live preview of the reply's opening."""

from __future__ import annotations

import ipywidgets as widgets
import pytest
from markupsafe import escape

from notnow import Assessment
from notnow.reply import compose_opening
from notnow.ui.find import find, find_all, message_beside
from notnow.ui.state import CaseState
from notnow.ui.steps.empathy import EmpathyStep
from tests.widgets.handles import page_text

PROMPTS = ("why_soon", "at_stake", "in_their_place")


@pytest.fixture
def step() -> EmpathyStep:
    return EmpathyStep(CaseState(Assessment.example("en")))


def answer(step: EmpathyStep, prompt_id: str) -> widgets.Textarea:
    return find(step, f"nn-empathy-{prompt_id.replace('_', '-')}", widgets.Textarea)


def preview(step: EmpathyStep) -> str:
    return str(find(step, "nn-empathy-preview").value)


def note(step: EmpathyStep) -> str:
    return str(find(step, "nn-empathy-note").value)


def test_the_three_prompts_show_the_case_answers_with_hints_as_placeholders(step):
    example = Assessment.example("en")
    for prompt_id in PROMPTS:
        assert answer(step, prompt_id).value == example.empathy[prompt_id]
    assert answer(step, "why_soon").placeholder == "e.g. your spring campaign goes live on 1 December"
    questions = find_all(step, "nn-empathy-question")
    assert len(questions) == 3
    assert "Why does your client want this done soon?" in questions[0].value
    assert step.valid


def test_the_preview_is_the_greeting_and_opening_paragraph_of_the_reply(step):
    answer(step, "why_soon").value = "your spring campaign goes live on 1 December"
    shown = preview(step)
    # Exactly what the reply will open with (whoever it greets), shown as text.
    assert escape(compose_opening(step.state.case, "en")) in shown
    assert "Dear " in shown
    assert "I see why it can&#39;t wait: your spring campaign goes live on 1 December" in shown
    assert "genuinely sorry" not in shown  # the offers say "not quite yes" themselves: no regret line
    assert "My diary is full" not in shown  # the reason paragraph comes later


def test_typing_an_answer_replaces_the_case_and_updates_the_preview(step):
    revision = step.state.revision
    answer(step, "why_soon").value = "your board meets on Monday"
    assert step.state.case.empathy["why_soon"] == "your board meets on Monday"
    assert "I see why it can&#39;t wait: your board meets on Monday" in preview(step)
    assert step.state.revision == revision + 1


def test_clearing_every_answer_shows_a_gentle_note_and_stays_valid(step):
    for prompt_id in PROMPTS:
        answer(step, prompt_id).value = "  "
    assert dict(step.state.case.empathy) == {}
    assert "general sentence" in note(step)
    assert "I can imagine you&#39;d rather not wait long." in preview(step)
    assert step.valid


def test_answers_in_the_preview_are_shown_as_text_not_markup(step):
    answer(step, "at_stake").value = "<img src=x onerror=alert(1)>"
    assert "<img" not in preview(step)
    assert "&lt;img src=x onerror=alert(1)&gt;" in preview(step)


def test_a_too_long_answer_shows_a_message_beside_its_field_and_keeps_the_case(step):
    answer(step, "why_soon").value = "x" * 2001
    assert "Keep empathy answers to at most 2000 characters." in message_beside(step, "nn-empathy-why-soon")
    assert step.state.case.empathy["why_soon"] == Assessment.example("en").empathy["why_soon"]
    assert not step.valid
    answer(step, "why_soon").value = "short again"
    assert message_beside(step, "nn-empathy-why-soon") == ""
    assert step.valid


def test_switching_language_relabels_and_keeps_the_answers(step):
    answer(step, "in_their_place").value = "a clear date"
    answer(step, "why_soon").value = "your launch is on Monday"
    step.state.update(lang="nl")
    assert answer(step, "in_their_place").value == "a clear date"
    assert answer(step, "why_soon").value == "your launch is on Monday"
    assert "Waarom wil je klant" in find_all(step, "nn-empathy-question")[0].value
    # The page's language changes labels only: the reply (and its preview) keeps its own language.
    assert "Dear Maaike" in preview(step) and "Beste " not in preview(step)
    assert "Zo begint je antwoord" in page_text(step)


def test_opening_another_case_fills_the_answers_from_it(step):
    step.state.replace(Assessment.blank("en"))
    assert all(answer(step, prompt_id).value == "" for prompt_id in PROMPTS)
    assert "general sentence" in note(step)


def test_an_answer_written_elsewhere_shows_in_its_input(step):
    step.state.update(empathy={"at_stake": "their launch"})
    assert answer(step, "at_stake").value == "their launch"
    assert answer(step, "why_soon").value == ""
    assert "their launch" in preview(step)
