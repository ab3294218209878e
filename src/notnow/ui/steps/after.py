"""Step 9: after the reply — rehearse for pushback, reflect on the seven reasons for no, plan the aftercare."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from notnow import coerce, content
from notnow.ui.base import StepView, markdown_html

CARD_STYLE = "border:1px solid #c9d6e3;border-radius:6px;padding:8px 14px;background:#f7fafc;max-width:760px"


def _ids(lang: str, key: str) -> list[str]:
    return [str(item["id"]) for item in content.get(lang, key)]


class AfterStep(StepView):
    """Pushback checklist, the reflection card, a check-in date and boundary notes."""

    key = "after"

    def _build(self) -> list[widgets.Widget]:
        self._quiet = False
        self._rule_ids = _ids(self.lang, "pushback.rules")
        self._pushback_title = widgets.HTML()
        self._pushback_intro = widgets.HTML()
        self._rule_boxes: dict[str, widgets.Checkbox] = {}
        self._rule_tips: dict[str, widgets.HTML] = {}
        rule_rows = []
        for rule in self._rule_ids:
            box = widgets.Checkbox(indent=False, layout=widgets.Layout(width="auto"))
            box.add_class(f"nn-pushback-{rule.replace('_', '-')}")
            box.observe(self._on_rule, "value")
            tip = widgets.HTML(layout=widgets.Layout(margin="0 0 6px 24px"))
            self._rule_boxes[rule], self._rule_tips[rule] = box, tip
            rule_rows.append(widgets.VBox([box, tip]))
        self._rules = widgets.VBox(rule_rows)
        self._rules.add_class("nn-pushback-rules")
        self._rehearsed = widgets.HTML()
        self._rehearsed.add_class("nn-pushback-count")

        self._no_reasons = widgets.HTML()
        self._no_reasons.add_class("nn-no-reasons")

        self._aftercare_title = widgets.HTML()
        self._aftercare_intro = widgets.HTML()
        self._actions = widgets.HTML()
        self._actions.add_class("nn-aftercare-actions")

        self._follow_up = widgets.DatePicker()
        self._follow_up_field = self.field("follow_up", self._follow_up)
        self._follow_up.observe(self._on_follow_up, "value")
        self._two_weeks = widgets.Button(icon="calendar", layout=widgets.Layout(width="auto"))
        self._two_weeks.add_class("nn-follow-up-two-weeks")
        self._two_weeks.on_click(self._on_two_weeks)
        self._follow_up_help = widgets.HTML()

        self._boundaries_title = widgets.HTML()
        self._boundaries_help = widgets.HTML()
        self._boundary_notes = widgets.Textarea(layout=widgets.Layout(width="520px", height="110px"))
        self._notes_field = self.field("boundary_notes", self._boundary_notes, label_key="ui.after.boundary_notes")
        self._boundary_notes.observe(self._on_notes, "value")
        self._examples_title = widgets.HTML()
        self._boundary_ids = _ids(self.lang, "aftercare.boundaries")
        self._example_texts = {b: widgets.HTML(layout=widgets.Layout(width="520px")) for b in self._boundary_ids}
        self._use_buttons: dict[str, widgets.Button] = {}
        example_rows = []
        for boundary in self._boundary_ids:
            button = widgets.Button(icon="plus", layout=widgets.Layout(width="auto"))
            button.add_class(f"nn-use-boundary-{boundary.replace('_', '-')}")
            button.on_click(lambda _b, boundary=boundary: self._use_example(boundary))
            self._use_buttons[boundary] = button
            example_rows.append(widgets.HBox([self._example_texts[boundary], button]))

        return [self._pushback_title, self._pushback_intro, self._rules, self._rehearsed,
                self._no_reasons,
                self._aftercare_title, self._aftercare_intro, self._actions,
                widgets.HBox([self._follow_up_field, self._two_weeks]), self._follow_up_help,
                self._boundaries_title, self._boundaries_help, self._notes_field, self._examples_title,
                *example_rows]

    # --- texts --------------------------------------------------------------------------------
    def _items(self, key: str) -> dict[str, Any]:
        return {str(item["id"]): item for item in content.get(self.lang, key)}

    def _relabel(self) -> None:
        rules = self._items("pushback.rules")
        self._pushback_title.value = f"<h4>{html.escape(self.t('ui.after.pushback_title'))}</h4>"
        self._pushback_intro.value = markdown_html(self.t("pushback.intro"))
        for rule, box in self._rule_boxes.items():
            box.description = str(rules[rule]["title"])
            self._rule_tips[rule].value = f"<small>{html.escape(str(rules[rule]['tip']))}</small>"

        reasons = "".join(f"<li><b>{html.escape(str(r['title']))}.</b> {html.escape(str(r['text']))}</li>"
                          for r in content.get(self.lang, "no_reasons"))
        self._no_reasons.value = (f'<div style="{CARD_STYLE}"><h4>{html.escape(self.t("ui.after.no_reasons_title"))}'
                                  f"</h4><ol>{reasons}</ol></div>")

        self._aftercare_title.value = f"<h4>{html.escape(self.t('ui.after.aftercare_title'))}</h4>"
        self._aftercare_intro.value = markdown_html(self.t("aftercare.intro"))
        actions = "".join(f"<li><b>{html.escape(str(a['title']))}:</b> {html.escape(str(a['text']))}</li>"
                          for a in content.get(self.lang, "aftercare.actions"))
        self._actions.value = f"<b>{html.escape(self.t('ui.after.actions_title'))}</b><ul>{actions}</ul>"
        self._two_weeks.description = self.t("ui.after.follow_up_two_weeks")
        self._follow_up_help.value = f"<small>{html.escape(self.t('aftercare.follow_up_help'))}</small>"

        self._boundaries_title.value = f"<h4>{html.escape(self.t('ui.after.boundaries_title'))}</h4>"
        self._boundaries_help.value = markdown_html(self.t("aftercare.boundaries_help"))
        self._examples_title.value = f"<b>{html.escape(self.t('ui.after.examples_title'))}</b>"
        boundaries = self._items("aftercare.boundaries")
        for boundary, box in self._example_texts.items():
            box.value = f"<i>“{html.escape(str(boundaries[boundary]['text']))}”</i>"
            self._use_buttons[boundary].description = self.t("ui.after.use_this")

    # --- case → inputs ------------------------------------------------------------------------
    def _load(self) -> None:
        case = self.case
        with self._quietly():
            for rule, box in self._rule_boxes.items():
                box.value = rule in case.pushback_checked
            self._follow_up.value = case.follow_up
            self._boundary_notes.value = case.boundary_notes

    # --- inputs → case ------------------------------------------------------------------------
    def _on_rule(self, _change: object) -> None:
        if self._quiet:
            return
        checked = [rule for rule, box in self._rule_boxes.items() if box.value]

        def write() -> None:
            self.case.pushback_checked = checked

        if self.attempt(None, write):
            self.commit()
        self._show_count()

    def _on_follow_up(self, _change: object) -> None:
        if self._quiet:
            return
        value = self._follow_up.value

        def write() -> None:
            self.case.follow_up = None if value is None else coerce.a_date("follow_up", value)

        if self.attempt(self._follow_up_field, write):
            self.commit()

    def _on_two_weeks(self, _button: object) -> None:
        self._follow_up.value = self.case.suggested_follow_up()

    def _on_notes(self, _change: object) -> None:
        if self._quiet:
            return
        value = self._boundary_notes.value

        def write() -> None:
            self.case.boundary_notes = coerce.text("boundary_notes", value, max_len=5000)

        if self.attempt(self._notes_field, write):
            self.commit()

    def _use_example(self, boundary: str) -> None:
        """Append the example to the notes (once)."""
        text = str(self._items("aftercare.boundaries")[boundary]["text"])
        current = self._boundary_notes.value.rstrip()
        if text in current:
            return
        self._boundary_notes.value = f"{current}\n\n{text}" if current else text

    # --- results ------------------------------------------------------------------------------
    def _refresh(self) -> None:
        self._show_count()
        self._set_valid(True)  # nothing here is required

    def _show_count(self) -> None:
        done = sum(1 for box in self._rule_boxes.values() if box.value)
        count = self.t("ui.after.rehearsed", done=done, total=len(self._rule_boxes))
        self._rehearsed.value = f"<small>{html.escape(count)}</small>"
