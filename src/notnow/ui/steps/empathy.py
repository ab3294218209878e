"""Step 2: the client's side first — three prompts and the opening paragraph they turn into."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from notnow import coerce, content
from notnow.assessment import EMPATHY_PROMPTS
from notnow.errors import InputError
from notnow.fmt import error_text
from notnow.reply import compose_opening
from notnow.ui.base import Field, StepView

MAX_ANSWER = 2000  # as Assessment checks it


class EmpathyStep(StepView):
    """Answers go to `case.empathy[id]`; the preview shows the reply's greeting and opening paragraph."""

    key = "empathy"

    def _build(self) -> list[widgets.Widget]:
        self._loading = False
        self._questions: dict[str, Any] = {}
        self._answers: dict[str, Any] = {}
        self._answer_fields: dict[str, Field] = {}
        children: list[widgets.Widget] = []
        for prompt_id in EMPATHY_PROMPTS:
            question = widgets.HTML()
            question.add_class("nn-empathy-question")
            answer = widgets.Textarea(layout=widgets.Layout(width="480px", height="64px"))
            answer.observe(lambda _c, p=prompt_id: self._on_answer(p), "value")
            self._questions[prompt_id] = question
            self._answers[prompt_id] = answer
            self._answer_fields[prompt_id] = self.field(f"empathy_{prompt_id}", answer,
                                                        label_key=f"ui.empathy.label_{prompt_id}")
            children += [question, self._answer_fields[prompt_id]]
        self._own_note = widgets.HTML()
        self._preview_heading = widgets.HTML()
        self._preview = widgets.HTML()
        self._preview.add_class("nn-empathy-preview")
        self._note = widgets.HTML()
        self._note.add_class("nn-empathy-note")
        return [*children, self._own_note, self._preview_heading, self._preview, self._note]

    def _prompts(self) -> dict[str, dict[str, str]]:
        return {str(p["id"]): p for p in content.get(self.lang, "empathy.prompts")}

    def _relabel(self) -> None:
        prompts = self._prompts()
        for prompt_id in EMPATHY_PROMPTS:
            prompt = prompts[prompt_id]
            self._questions[prompt_id].value = f"<div style='margin-top:8px'>{html.escape(prompt['question'])}</div>"
            self._answers[prompt_id].placeholder = prompt["hint"]
        self._own_note.value = f"<small><i>{html.escape(self.t('ui.empathy.in_their_place_note'))}</i></small>"
        self._preview_heading.value = f"<h4>{html.escape(self.t('ui.empathy.preview_heading'))}</h4>"

    def _load(self) -> None:
        self._loading = True
        try:
            for prompt_id, answer in self._answers.items():
                answer.value = self.case.empathy.get(prompt_id, "")
        finally:
            self._loading = False
        self._set_valid(True)

    def _on_answer(self, prompt_id: str) -> None:
        if self._loading:
            return
        text = self._answers[prompt_id].value
        empathy: dict[str, str] = self.case.empathy

        def write() -> None:
            answer = coerce.text("empathy", text, max_len=MAX_ANSWER)
            if answer:
                empathy[prompt_id] = answer
            else:
                empathy.pop(prompt_id, None)

        written = self.attempt(self._answer_fields[prompt_id], write)
        self._set_valid(all(f.error is None for f in self._answer_fields.values()))
        if written:
            self.commit()

    def opening(self) -> str:
        """The greeting and opening paragraph of the reply as it would be composed now (plain text)."""
        return compose_opening(self.case, self.lang)

    def _refresh(self) -> None:
        try:
            opening = self.opening()
        except InputError as error:  # a case the request step has not made valid yet
            opening = error_text(error, self.lang)
        self._preview.value = (
            "<blockquote style='border-left:3px solid #90caf9;margin:4px 0;padding:4px 12px;"
            f"white-space:pre-wrap'>{html.escape(opening)}</blockquote>")
        self._note.value = "" if any(self.case.empathy.values()) else (
            f"<p style='color:#6d4c00'>ℹ {html.escape(self.t('ui.empathy.empty_note'))}</p>")
