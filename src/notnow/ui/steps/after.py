"""Step 9: after the reply — rehearse for pushback, reflect on the seven reasons for no, plan the aftercare."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

import ipywidgets as widgets
import traitlets
from markupsafe import Markup

from notnow import content
from notnow.assessment import OUTCOMES
from notnow.errors import InputError
from notnow.fmt import format_date
from notnow.ui.base import CAUTION_COLOUR, StepView, markdown_html, method_box, method_html, note_html

CARD_STYLE = "border:1px solid #c9d6e3;border-radius:6px;padding:8px 14px;background:#f7fafc;max-width:760px"


def _ids(lang: str, key: str) -> list[str]:
    return [str(item["id"]) for item in content.get(lang, key)]


class RuleChecklist(widgets.VBox):
    """The nine pushback rules as checkboxes with their tips; `value` is the tuple of ticked rule ids."""

    value = traitlets.Tuple()

    def __init__(self, rule_ids: list[str]) -> None:
        self.boxes: dict[str, widgets.Checkbox] = {}
        self.tips: dict[str, widgets.HTML] = {}
        rows = []
        for rule in rule_ids:
            box = widgets.Checkbox(indent=False, layout=widgets.Layout(width="auto"))
            box.add_class(f"nn-pushback-{rule.replace('_', '-')}")
            box.observe(self._from_boxes, "value")
            tip = widgets.HTML(layout=widgets.Layout(margin="0 0 6px 24px"))
            self.boxes[rule], self.tips[rule] = box, tip
            rows.append(widgets.VBox([box, tip]))
        super().__init__(rows)
        self._syncing = False

    def _from_boxes(self, _change: object) -> None:
        if not self._syncing:
            self.value = tuple(rule for rule, box in self.boxes.items() if box.value)

    @traitlets.observe("value")
    def _to_boxes(self, change: dict[str, Any]) -> None:
        self._syncing = True
        try:
            for rule, box in self.boxes.items():
                box.value = rule in change["new"]
        finally:
            self._syncing = False


class AfterStep(StepView):
    """Pushback checklist, the reflection card, what the client chose and the plan that follows from it (the
    .ics), a check-in date and boundary notes."""

    key = "after"
    reads = None  # the plan follows the offers, the outcome, the dates and the calendar

    def _build(self) -> list[widgets.Widget]:
        s = self._state
        self._pushback_title = widgets.HTML()
        self._pushback_intro = widgets.HTML()
        self._rules = RuleChecklist(_ids(self.lang, "pushback.rules"))
        self._rules.add_class("nn-pushback-rules")
        rules = self.bind(
            "pushback_checked",
            self._rules,
            lambda case: tuple(case.pushback_checked),
            lambda value: s.update(pushback_checked=value),
            label_key="",
        )
        self._rehearsed = widgets.HTML()
        self._rehearsed.add_class("nn-pushback-count")
        self._no_reasons = widgets.HTML()
        self._no_reasons.add_class("nn-no-reasons")
        self._method = method_box()
        self._aftercare_title = widgets.HTML()
        self._aftercare_intro = widgets.HTML()
        self._actions = widgets.HTML()
        self._actions.add_class("nn-aftercare-actions")
        self._follow_up = widgets.DatePicker(min=date(2000, 1, 1), max=date(2100, 12, 31))
        follow_up = self.bind(
            "follow_up", self._follow_up, lambda case: case.follow_up, lambda value: s.update(follow_up=value)
        )
        self._two_weeks = widgets.Button(icon="calendar", layout=widgets.Layout(width="auto"))
        self._two_weeks.add_class("nn-follow-up-two-weeks")
        self.on_click(
            self._two_weeks,  # past 2100-12-31 it is bad input: shown beside the date, not a failure
            lambda: self.attempt(follow_up, lambda: s.update(follow_up=s.case.suggested_follow_up())),
        )
        self._follow_up_help = widgets.HTML()
        self._follow_up_note = widgets.HTML()
        self._follow_up_note.add_class("nn-follow-up-note")
        self._outcome = widgets.Dropdown(options=[("", "")], value="", layout=widgets.Layout(width="300px"))
        outcome = self.bind(
            "chosen_outcome",
            self._outcome,
            lambda case: case.outcome,
            lambda value: s.update(outcome=value or ""),
            label_key="ui.after.outcome",
            help_key="ui.after.outcome_help",
        )
        self._plan_title = widgets.HTML()
        self._plan = widgets.HTML()
        self._plan.add_class("nn-after-plan")
        self._boundaries_title = widgets.HTML()
        self._boundaries_help = widgets.HTML()
        notes = self.bind(
            "boundary_notes",
            widgets.Textarea(layout=widgets.Layout(width="520px", height="110px")),
            lambda case: case.boundary_notes,
            lambda text: s.update(boundary_notes=text),
            label_key="ui.after.boundary_notes",
        )
        self._examples_title = widgets.HTML()
        self._boundary_ids = _ids(self.lang, "aftercare.boundaries")
        self._example_texts = {b: widgets.HTML(layout=widgets.Layout(width="520px")) for b in self._boundary_ids}
        self._use_buttons: dict[str, widgets.Button] = {}
        example_rows = []
        for boundary in self._boundary_ids:
            button = widgets.Button(icon="plus", layout=widgets.Layout(width="auto"))
            button.add_class(f"nn-use-boundary-{boundary.replace('_', '-')}")
            self.on_click(button, partial(self._use_example, boundary))
            self._use_buttons[boundary] = button
            example_rows.append(widgets.HBox([self._example_texts[boundary], button]))
        return [
            self._pushback_title,
            self._pushback_intro,
            rules,
            self._rehearsed,
            self._no_reasons,
            self._method,
            self._aftercare_title,
            self._aftercare_intro,
            self._actions,
            outcome,
            self._plan_title,
            self._plan,
            widgets.HBox([follow_up, self._two_weeks]),
            self._follow_up_note,
            self._follow_up_help,
            self._boundaries_title,
            self._boundaries_help,
            notes,
            self._examples_title,
            *example_rows,
        ]

    # --- texts --------------------------------------------------------------------------------
    def _items(self, key: str) -> dict[str, Any]:
        return {str(item["id"]): item for item in content.get(self.lang, key)}

    def _relabel(self) -> None:
        rules = self._items("pushback.rules")
        self._pushback_title.value = Markup("<h4>{}</h4>").format(self.t("ui.after.pushback_title"))
        self._pushback_intro.value = markdown_html(self.t("pushback.intro"))
        for rule, box in self._rules.boxes.items():
            box.description = str(rules[rule]["title"])
            self._rules.tips[rule].value = Markup("<small>{}</small>").format(str(rules[rule]["tip"]))
        reasons = Markup("").join(
            Markup("<li><b>{}.</b> {}</li>").format(str(r["title"]), str(r["text"]))
            for r in content.get(self.lang, "no_reasons")
        )
        self._no_reasons.value = Markup(f'<div style="{CARD_STYLE}"><h4>{{}}</h4><ol>{{}}</ol></div>').format(
            self.t("ui.after.no_reasons_title"), reasons
        )
        self._method.value = method_html(self.lang, ["no_earns_more", "extra_mile"])
        self._aftercare_title.value = Markup("<h4>{}</h4>").format(self.t("ui.after.aftercare_title"))
        self._aftercare_intro.value = markdown_html(self.t("aftercare.intro"))
        actions = Markup("").join(
            Markup("<li><b>{}:</b> {}</li>").format(str(a["title"]), str(a["text"]))
            for a in content.get(self.lang, "aftercare.actions")
        )
        self._actions.value = Markup("<b>{}</b><ul>{}</ul>").format(self.t("ui.after.actions_title"), actions)
        self._two_weeks.description = self.t("ui.after.follow_up_two_weeks")
        self._follow_up_help.value = Markup("<small>{}</small>").format(self.t("aftercare.follow_up_help"))
        self._plan_title.value = Markup("<b>{}</b>").format(self.t("ui.after.plan_title"))
        with self._quietly():
            self._outcome.options = [(f"— {self.t('ui.reply.not_decided')} —", "")] + [
                (self.t(f"outcomes.{o}"), o) for o in OUTCOMES
            ]
            self._outcome.value = self.case.outcome
        self._boundaries_title.value = Markup("<h4>{}</h4>").format(self.t("ui.after.boundaries_title"))
        self._boundaries_help.value = markdown_html(self.t("aftercare.boundaries_help"))
        self._examples_title.value = Markup("<b>{}</b>").format(self.t("ui.after.examples_title"))
        boundaries = self._items("aftercare.boundaries")
        for boundary, box in self._example_texts.items():
            box.value = Markup("<i>“{}”</i>").format(str(boundaries[boundary]["text"]))
            self._use_buttons[boundary].description = self.t("ui.after.use_this")

    def _use_example(self, boundary: str) -> None:
        """Append the example to the notes (once)."""
        text = str(self._items("aftercare.boundaries")[boundary]["text"])
        current = self.case.boundary_notes.rstrip()
        if text in current:
            return
        self.attempt(
            self.field_named("boundary_notes"),  # too long together: the message shows beside the notes
            lambda: self._state.update(boundary_notes=f"{current}\n\n{text}" if current else text),
        )

    # --- results ------------------------------------------------------------------------------
    def _refresh(self) -> None:
        done = len(self.case.pushback_checked)
        count = self.t("ui.after.rehearsed", done=done, total=len(self._rules.boxes))
        self._rehearsed.value = Markup("<small>{}</small>").format(count)
        self._show_follow_up_note()
        self._show_plan()

    def _show_follow_up_note(self) -> None:
        """A check-in typed on a day the user doesn't work gets a note beside it (the date stays theirs)."""
        case = self.case
        lines = []
        if case.follow_up is not None and not case.calendar.is_working_day(case.follow_up):
            day_off = self.t("ui.after.follow_up_day_off", date=format_date(case.follow_up, self.lang))
            lines.append(note_html(day_off, CAUTION_COLOUR, "⚠"))
        if case.follow_up is None:
            try:
                suggested = format_date(case.suggested_follow_up(), self.lang)
            except (InputError, ValueError):  # past the last date Babel or notnow takes: nothing to suggest
                suggested = ""
            if suggested:
                lines.append(Markup("<small>{}</small>").format(self.t("ui.after.follow_up_suggested", date=suggested)))
        self._follow_up_note.value = Markup("").join(lines)

    def _show_plan(self) -> None:
        """The plan the .ics holds: the offered alternatives as options until the client's choice is recorded,
        then that plan alone, confirmed; the check-in always. A download link for the user's calendar."""
        from notnow.outbox import data_uri, plan_entries, plan_ics  # late: icalendar is needed only here
        from notnow.ui.steps.reply import BUTTON_STYLE, download_filename

        case = self.case
        try:
            entries = plan_entries(case, self.lang)
            ics = data_uri(plan_ics(entries, lang=self.lang), "text/calendar") if entries else ""
        except InputError:  # a date past what notnow takes: the step that holds it explains it
            entries, ics = [], ""
        rows = Markup("").join(
            Markup("<li>{}: {} <small>({})</small></li>").format(
                format_date(entry.day, self.lang),
                entry.title,
                self.t("ui.after.plan_option" if entry.status == "TENTATIVE" else "ui.after.plan_confirmed"),
            )
            for entry in entries
        )
        undecided = (
            Markup("<small>{}</small>").format(self.t("ui.after.plan_undecided"))
            if any(entry.status == "TENTATIVE" for entry in entries)
            else Markup("")
        )
        link = (
            Markup(
                f'<a class="nn-after-download-plan" style="{BUTTON_STYLE}" download="{{}}" href="{{}}">{{}}</a>'
            ).format(download_filename(case.request.client, "ics"), ics, self.t("ui.after.download_plan"))
            if ics
            else Markup("")
        )
        self._plan.value = Markup("<ul>{}</ul>{}<div>{}</div>").format(rows, undecided, link)
