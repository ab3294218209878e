"""Step 2: the client's side first — three prompts and the opening paragraph they turn into."""

from __future__ import annotations

from functools import partial

import ipywidgets as widgets
from markupsafe import Markup

from notnow import content
from notnow.assessment import EMPATHY_PROMPTS, Assessment
from notnow.errors import InputError
from notnow.fmt import error_text
from notnow.reply import compose_opening, input_example, register_slip_note
from notnow.ui.base import CAUTION_COLOUR, StepView, note_html

REPLY_FORMS = frozenset({"why_soon", "at_stake"})  # the answers the reply quotes


def _answer_of(prompt_id: str, case: Assessment) -> str:
    return case.empathy.get(prompt_id, "")


class EmpathyStep(StepView):
    """Each answer is bound to `case.empathy[id]`; the preview shows the reply's greeting and opening."""

    key = "empathy"
    reads = frozenset({"empathy", "request", "lang", "reply_lang", "address", "sender"})

    def _build(self) -> list[widgets.Widget]:
        self._questions: dict[str, widgets.HTML] = {}
        children: list[widgets.Widget] = []
        for prompt_id in EMPATHY_PROMPTS:
            question = widgets.HTML()
            question.add_class("nn-empathy-question")
            answer = widgets.Textarea(layout=widgets.Layout(width="480px", height="64px"))
            in_reply = prompt_id in REPLY_FORMS  # asked in the form the reply uses it
            field = self.bind(
                f"empathy_{prompt_id}",
                answer,
                partial(_answer_of, prompt_id),
                partial(self._answer, prompt_id),
                label_key=f"ui.empathy.label_{prompt_id}",
                help_key=f"reply_inputs.{prompt_id}.help" if in_reply else None,
            )
            self._questions[prompt_id] = question
            children += [question, field]
        self._own_note = widgets.HTML()
        self._preview_heading = widgets.HTML()
        self._preview = widgets.HTML()
        self._preview.add_class("nn-empathy-preview")
        self._note = widgets.HTML()
        self._note.add_class("nn-empathy-note")
        return [*children, self._own_note, self._preview_heading, self._preview, self._note]

    def _answer(self, prompt_id: str, text: str) -> None:
        answers = dict(self.case.empathy)
        answers[prompt_id] = text
        self._state.update(empathy={k: v for k, v in answers.items() if v and v.strip()})

    def _relabel(self) -> None:
        prompts = {str(p["id"]): p for p in content.get(self.lang, "empathy.prompts")}
        for prompt_id, question in self._questions.items():
            prompt = prompts[prompt_id]
            question.value = Markup("<div style='margin-top:8px'>{}</div>").format(prompt["question"])
            field = self.field_named(f"empathy_{prompt_id}")
            field.control.placeholder = (
                self.t("ui.example_hint", example=input_example(self.case.reply_lang, prompt_id, self.case.address))
                if prompt_id in REPLY_FORMS
                else prompt["hint"]
            )
        self._own_note.value = Markup("<small><i>{}</i></small>").format(self.t("ui.empathy.in_their_place_note"))
        self._preview_heading.value = Markup("<h4>{}</h4>").format(self.t("ui.empathy.preview_heading"))

    def opening(self) -> str:
        """The greeting and opening paragraph of the reply as it would be composed now (plain text)."""
        return compose_opening(self.case)  # in the reply's own language, not the page's

    def _refresh(self) -> None:
        try:
            opening = self.opening()
        except InputError as error:
            opening = error_text(error, self.lang)
        self._preview.value = Markup(
            "<blockquote style='border-left:3px solid #90caf9;margin:4px 0;padding:4px 12px;"
            "white-space:pre-wrap'>{}</blockquote>"
        ).format(opening)
        for prompt_id in REPLY_FORMS:  # a "je" typed into a "u" case: a note beside the field
            text = self.case.empathy.get(prompt_id, "")
            note = register_slip_note(text, self.case.address, self.case.reply_lang, self.lang)
            self.field_named(f"empathy_{prompt_id}").set_note(note)
        self._note.value = (
            "" if any(self.case.empathy.values()) else note_html(self.t("ui.empathy.empty_note"), CAUTION_COLOUR, "ℹ")
        )
