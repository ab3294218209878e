"""Step 4: can it be split? An editable parts table, the spread, and the plan the logic makes of it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import ipywidgets as widgets
from markupsafe import Markup

from notnow.errors import InputError
from notnow.fmt import format_date, format_hours, format_hours_unit
from notnow.reply import split_as_promised
from notnow.split import Part, SplitPlan, follow_hours, parts_add_up, plan_split, same_thing, urgent_name, weekly_load
from notnow.ui.base import CAUTION_COLOUR, ERROR_COLOUR, OK_COLOUR, StepView, markdown_html, note_html
from notnow.ui.charts import ChartImage, weeks_chart, weeks_chart_alt
from notnow.ui.rows import Column, EditableRows

PART_COLUMNS = (
    Column("name", "text", "240px", "ui.split.col_name", "ui.split.name_placeholder"),
    Column("hours", "text", "80px", "ui.split.col_hours", "ui.split.hours_placeholder"),
    Column("urgent", "check", "90px", "ui.split.col_urgent", default=False),
)


def part_values(part: Part) -> dict[str, Any]:
    return {"name": part.name, "hours": f"{part.hours:g}", "urgent": part.urgent}


def parse_part(values: dict[str, Any]) -> Part:
    return Part(values["name"], values["hours"], bool(values["urgent"]))


class SplitStep(StepView):
    """Parts and spread go into the case only when every row holds and the logic can plan them."""

    key = "split"
    reads = frozenset({"parts", "spread", "request", "calendar", "lang", "offers", "reason", "outcome"})

    def _build(self) -> list[widgets.Widget]:
        self._plan: SplitPlan | None = None
        self._parts_help = widgets.HTML()
        self._rows = EditableRows(
            "part",
            PART_COLUMNS,
            parse_part,
            part_values,
            self._write_parts,
            "ui.split.add_part",
            "ui.split.remove_part",
            self.lang,
            self._state.report,
        )
        self._spread = widgets.FloatSlider(
            min=0.1,
            max=1.0,
            step=0.05,
            readout_format=".0%",
            continuous_update=False,
            layout=widgets.Layout(width="360px"),
        )
        spread = self.bind(
            "spread", self._spread, lambda case: float(case.spread), lambda value: self._state.update(spread=value)
        )
        self._spread_help = widgets.HTML()
        self._spread_help.add_class("nn-spread-help")
        self._note = widgets.HTML()
        self._note.add_class("nn-split-note")
        self._dates = widgets.HTML()
        self._dates.add_class("nn-split-dates")
        self._schedule_heading = widgets.HTML()
        self._schedule = widgets.HTML()
        self._schedule.add_class("nn-split-schedule")
        self._chart = ChartImage(format="png", layout=widgets.Layout(max_width="720px", display="none"))
        self._chart.add_class("nn-split-chart")
        self._rows.set_items(self._state.case.parts)
        self._rows.new_row_values = self._first_row
        self.on(self._rows, lambda _change: self._update_valid(), "valid")
        self._add_up_note = widgets.HTML()
        self._add_up_button = widgets.Button(layout=widgets.Layout(width="auto"))
        self._add_up_button.add_class("nn-split-add-up")
        self.on_click(self._add_up_button, self._add_up)
        self._add_up_box = widgets.HBox(
            [self._add_up_note, self._add_up_button], layout=widgets.Layout(align_items="center", display="none")
        )
        self._add_up_box.add_class("nn-split-sum")
        return [
            self._parts_help,
            self._rows,
            self._add_up_box,
            spread,
            self._spread_help,
            self._note,
            self._dates,
            self._schedule_heading,
            self._schedule,
            self._chart,
        ]

    def _write_parts(self, parts: tuple[Part, ...]) -> None:
        """Into the case only when the logic can plan them (an InputError shows under the table). Edited parts
        no longer follow the hours; a new name for the first urgent part is the request's urgent part too."""
        case = self.case
        r = case.request
        if parts:
            plan_split(case.calendar, parts, r.received, r.deadline, case.spread)
        changes: dict[str, Any] = {"parts": parts, "parts_edited": True}
        old, new = urgent_name(case.parts), urgent_name(parts)
        if new is not None and old is not None and old != new and same_thing(old, r.urgent_part):
            changes["request"] = r.replace(urgent_part=new)  # the part named as the request named it: one fact
        self._state.update(**changes)
        self._update_valid()

    def _first_row(self, index: int) -> dict[str, Any]:
        """The first part of an empty table is the request's urgent part, named as step 1 named it."""
        urgent = self.case.request.urgent_part.strip()
        if index == 0 and urgent:
            return {"name": urgent[:1].upper() + urgent[1:], "urgent": True}
        return {}

    def _add_up(self) -> None:
        """One click: the parts resized to the request's hours (urgent parts keep theirs)."""
        self._state.update(parts=follow_hours(self.case.parts, self.case.request.hours))

    def _own_valid(self) -> bool:
        return self._rows.valid

    def error_entries(self) -> list[tuple[str, widgets.Widget]]:
        return [*super().error_entries(), *self._rows.error_entries()]

    # --- StepView ----------------------------------------------------------------------------------
    def _relabel(self) -> None:
        self._parts_help.value = markdown_html(self.t("split.parts_help"))
        self._schedule_heading.value = Markup("<h4>{}</h4>").format(self.t("ui.split.schedule_heading"))
        self._rows.relabel(self.lang)
        self._add_up_button.description = self.t("ui.split.add_up")

    def _on_case(self, changed: frozenset[str]) -> None:
        if "*" in changed or "parts" in changed:
            self._rows.set_items(self.case.parts, force="*" in changed)
        super()._on_case(changed)

    def _refresh(self) -> None:
        self._show_sum()
        pct = round(float(self.case.spread) * 100)
        self._spread_help.value = Markup("<small>{}</small>").format(self.t("split.spread_help", pct=pct))
        self._plan = None
        if not self.case.parts:
            self._show_note(self.t("ui.split.optional_note"), "#555")
        else:
            full_pace = False
            try:  # the plan the reply promises (one truth with the mail, the summary and the .ics)
                plan, promised = split_as_promised(self.case)
                full_pace = promised.rest_at_full_pace and "split" in promised.offers
            except InputError:  # e.g. the calendar changed and it no longer fits: say so under the table
                plan = None
            if plan is None:
                self._show_note(self.t("ui.split.fix_note"), ERROR_COLOUR)
            else:
                self._plan = plan
                self._note.value = ""
                self._show_plan(plan, full_pace)
        self.later(self._draw_chart)

    def _show_sum(self) -> None:
        """Parts that no longer make up the job say so, with the one click that makes them add up."""
        parts, hours = self.case.parts, self.case.request.hours
        if not parts or parts_add_up(parts, hours):
            self._add_up_box.layout.display = "none"
            return
        self._add_up_note.value = note_html(
            self.t(
                "ui.split.sum_differs",
                parts=format_hours_unit(sum(p.hours for p in parts), self.lang),
                hours=format_hours_unit(hours, self.lang),
            ),
            CAUTION_COLOUR,
            "⚠",
        )
        self._add_up_box.layout.display = None

    def _show_note(self, text: str, colour: str) -> None:
        self._note.value = Markup("<p style='color:{}'><i>{}</i></p>").format(colour, text)
        self._dates.value = ""
        self._schedule.value = ""
        self._schedule_heading.layout.display = "none"

    def _show_plan(self, plan: SplitPlan, full_pace: bool = False) -> None:
        """One verdict per result: the urgent part's date is green when it makes the deadline, red when not.
        `full_pace`: the reply promises the rest by the whole-job date, so the spread does not apply."""
        lang = self.lang
        lines: list[Markup] = []
        if plan.urgent_done is None:
            lines.append(note_html(self.t("split.nothing_urgent")))
        else:
            key, colour, mark = (
                ("ui.split.urgent_in_time", OK_COLOUR, "✔")
                if plan.meets_deadline
                else ("ui.split.urgent_late", ERROR_COLOUR, "⚠")
            )
            dates = {"date": format_date(plan.urgent_done, lang), "deadline": format_date(plan.deadline, lang)}
            lines.append(note_html(self.t(key, **dates), colour, mark))
        if plan.all_done is not None:
            colour = OK_COLOUR if plan.meets_deadline else CAUTION_COLOUR
            lines.append(note_html(self.t("split.all_done", date=format_date(plan.all_done, lang)), colour))
            if full_pace:
                lines.append(note_html(self.t("ui.split.rest_full_pace", date=format_date(plan.all_done, lang))))
        self._dates.value = Markup("").join(lines)
        head = Markup("").join(
            Markup("<th style='text-align:left;padding:2px 10px'>{}</th>").format(self.t(f"ui.split.{c}"))
            for c in ("col_date", "col_name", "col_hours")
        )
        body = Markup("").join(
            Markup(
                "<tr><td style='padding:2px 10px'>{}</td>"
                "<td style='padding:2px 10px'>{}</td>"
                "<td style='padding:2px 10px;text-align:right'>{}</td></tr>"
            ).format(format_date(day, lang), str(name), format_hours(float(hours), lang))
            for day, name, hours in plan.schedule[["date", "part", "hours"]].itertuples(index=False, name=None)
        )
        self._schedule_heading.layout.display = None
        self._schedule.value = Markup(
            "<div style='max-height:320px;overflow-y:auto'><table><thead><tr>{}</tr></thead>"
            "<tbody>{}</tbody></table></div>"
        ).format(head, body)

    def _draw_chart(self) -> None:
        plan = self._plan
        if plan is None:
            self._chart.layout.display = "none"
            return
        schedule = plan.schedule
        first = (
            min(schedule["date"])
            if len(schedule)  # from the first planned day: earlier hours are gone
            else self.case.request.received.date() + timedelta(days=1)
        )
        end = max(plan.all_done or plan.deadline, plan.deadline)
        last = end + timedelta(days=6 - end.weekday())  # to the end of that week
        try:
            frame = weekly_load(self.case.calendar, schedule, first, last)
        except InputError:  # drawn later: the case may have changed meanwhile
            self._chart.layout.display = "none"
            return
        self._chart.value = weeks_chart(frame, self.lang)
        self._chart.tooltip = weeks_chart_alt(frame, self.lang)  # the image's title: its alt text
        self._chart.layout.display = None
