"""Step 4: can it be split? An editable parts table, the spread, and the plan the logic makes of it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import ipywidgets as widgets
from markupsafe import Markup

from notnow.errors import InputError
from notnow.fmt import format_date, format_hours
from notnow.split import Part, SplitPlan, plan_split, weekly_load
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
    reads = frozenset({"parts", "spread", "request", "calendar", "lang"})

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
        self.on(self._rows, lambda _change: self._update_valid(), "valid")
        return [
            self._parts_help,
            self._rows,
            spread,
            self._spread_help,
            self._note,
            self._dates,
            self._schedule_heading,
            self._schedule,
            self._chart,
        ]

    def _write_parts(self, parts: tuple[Part, ...]) -> None:
        """Into the case only when the logic can plan them (an InputError shows under the table)."""
        if parts:
            r = self.case.request
            plan_split(self.case.calendar, parts, r.received, r.deadline, self.case.spread)
        self._state.update(parts=parts)
        self._update_valid()

    def _own_valid(self) -> bool:
        return self._rows.valid

    # --- StepView ----------------------------------------------------------------------------------
    def _relabel(self) -> None:
        self._parts_help.value = markdown_html(self.t("split.parts_help"))
        self._schedule_heading.value = Markup("<h4>{}</h4>").format(self.t("ui.split.schedule_heading"))
        self._rows.relabel(self.lang)

    def _on_case(self, changed: frozenset[str]) -> None:
        if "*" in changed or "parts" in changed:
            self._rows.set_items(self.case.parts, force="*" in changed)
        super()._on_case(changed)

    def _refresh(self) -> None:
        pct = round(float(self.case.spread) * 100)
        self._spread_help.value = Markup("<small>{}</small>").format(self.t("split.spread_help", pct=pct))
        self._plan = None
        if not self.case.parts:
            self._show_note(self.t("ui.split.optional_note"), "#555")
        else:
            try:
                plan = self.case.split_plan()
            except InputError:  # e.g. the calendar changed and it no longer fits: say so under the table
                plan = None
            if plan is None:
                self._show_note(self.t("ui.split.fix_note"), ERROR_COLOUR)
            else:
                self._plan = plan
                self._note.value = ""
                self._show_plan(plan)
        self.later(self._draw_chart)

    def _show_note(self, text: str, colour: str) -> None:
        self._note.value = Markup("<p style='color:{}'><i>{}</i></p>").format(colour, text)
        self._dates.value = ""
        self._schedule.value = ""
        self._schedule_heading.layout.display = "none"

    def _show_plan(self, plan: SplitPlan) -> None:
        """One verdict per result: the urgent part's date is green when it makes the deadline, red when not."""
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
