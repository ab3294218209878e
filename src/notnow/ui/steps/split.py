"""Step 4: can it be split? An editable parts table, the spread, and the plan the logic makes of it."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import ipywidgets as widgets

from notnow import coerce
from notnow.errors import InputError
from notnow.fmt import format_date, format_hours
from notnow.split import Part, SplitPlan, weekly_load
from notnow.ui.base import Field, StepView, markdown_html
from notnow.ui.charts import weeks_chart


class PartRow:
    """One row of the parts table: name, hours, urgent, remove; its message shows right under it."""

    def __init__(self, on_change: Callable[[object], None], on_remove: Callable[[PartRow], None]) -> None:
        self.name = widgets.Text(layout=widgets.Layout(width="240px"))
        self.name.add_class("nn-part-name")
        self.hours = widgets.Text(layout=widgets.Layout(width="80px"))
        self.hours.add_class("nn-part-hours")
        self.urgent = widgets.Checkbox(indent=False, layout=widgets.Layout(width="70px"))
        self.urgent.add_class("nn-part-urgent")
        self.remove = widgets.Button(icon="trash", layout=widgets.Layout(width="40px"))
        self.remove.add_class("nn-part-remove")
        self.field = Field("part", widgets.HBox([self.name, self.hours, self.urgent, self.remove]),
                           label_key="ui.split.part_label")
        for control in (self.name, self.hours, self.urgent):
            control.observe(on_change, "value")
        self.remove.on_click(lambda _b: on_remove(self))

    def fill(self, part: Part) -> None:
        self.name.value = part.name
        self.hours.value = f"{part.hours:g}"
        self.urgent.value = part.urgent

    def part(self) -> Part:
        """The row as a Part, or InputError (part_name / part_hours) from the logic."""
        hours: Any = self.hours.value  # text: Part checks and converts it
        return Part(self.name.value, hours, bool(self.urgent.value))

    def close(self) -> None:
        """Free the row's widgets in the kernel (and in the page) once it is removed."""
        def close_tree(widget: Any) -> None:
            for child in getattr(widget, "children", ()):
                close_tree(child)
            widget.close()

        close_tree(self.field)

    def relabel(self, lang: str, t: Callable[[str], str]) -> None:
        self.name.placeholder = t("ui.split.name_placeholder")
        self.hours.placeholder = t("ui.split.hours_placeholder")
        self.remove.tooltip = t("ui.split.remove_part")
        self.field.relabel(lang)


class SplitStep(StepView):
    """The case's parts and spread change only when every row is valid and the logic can plan them."""

    key = "split"

    def _build(self) -> list[widgets.Widget]:
        self._loading = False
        self._input_ok = True
        self._plan: SplitPlan | None = None
        self._rows: list[PartRow] = []
        self._parts_help = widgets.HTML()
        self._col_name = widgets.HTML(layout=widgets.Layout(width="240px"))
        self._col_hours = widgets.HTML(layout=widgets.Layout(width="80px"))
        self._col_urgent = widgets.HTML(layout=widgets.Layout(width="70px"))
        self._parts_field = self.field("parts", widgets.HBox([self._col_name, self._col_hours, self._col_urgent]),
                                       label_key="ui.split.parts_label")
        self._rows_box = widgets.VBox()
        self._rows_box.add_class("nn-part-rows")
        self._add = widgets.Button(icon="plus", layout=widgets.Layout(width="auto", margin="2px 0 2px 214px"))
        self._add.add_class("nn-add-part")
        self._add.on_click(lambda _b: self._add_row())
        self._spread = widgets.FloatSlider(min=0.1, max=1.0, step=0.05, value=0.5, readout_format=".0%",
                                           continuous_update=True, layout=widgets.Layout(width="360px"))
        self._spread_field = self.field("spread", self._spread)
        self._spread.observe(self._on_change, "value")
        self._spread_help = widgets.HTML()
        self._spread_help.add_class("nn-spread-help")
        self._note = widgets.HTML()
        self._note.add_class("nn-split-note")
        self._dates = widgets.HTML()
        self._dates.add_class("nn-split-dates")
        self._schedule_heading = widgets.HTML()
        self._schedule = widgets.HTML()
        self._schedule.add_class("nn-split-schedule")
        self._chart = widgets.Image(format="png", layout=widgets.Layout(max_width="720px", display="none"))
        self._chart.add_class("nn-split-chart")
        return [self._parts_help, self._parts_field, self._rows_box, self._add, self._spread_field,
                self._spread_help, self._note, self._dates, self._schedule_heading, self._schedule, self._chart]

    # --- the parts table ---------------------------------------------------------------------------
    def _new_row(self) -> PartRow:
        row = PartRow(self._on_change, self._remove_row)
        row.relabel(self.lang, self.t)
        self._rows.append(row)
        return row

    def _show_rows(self) -> None:
        self._rows_box.children = [row.field for row in self._rows]

    def _add_row(self) -> None:
        self._new_row()
        self._show_rows()
        self._apply()

    def _remove_row(self, row: PartRow) -> None:
        if row in self._rows:
            self._rows.remove(row)
            self._show_rows()
            row.close()
            self._apply()

    # --- StepView ----------------------------------------------------------------------------------
    def _relabel(self) -> None:
        self._parts_help.value = markdown_html(self.t("split.parts_help"))
        self._col_name.value = f"<b>{html.escape(self.t('ui.split.col_name'))}</b>"
        self._col_hours.value = f"<b>{html.escape(self.t('ui.split.col_hours'))}</b>"
        self._col_urgent.value = f"<b>{html.escape(self.t('ui.split.col_urgent'))}</b>"
        self._add.description = self.t("ui.split.add_part")
        self._schedule_heading.value = f"<h4>{html.escape(self.t('ui.split.schedule_heading'))}</h4>"
        for row in self._rows:
            row.relabel(self.lang, self.t)

    def _load(self) -> None:
        self._loading = True
        try:
            old, self._rows = self._rows, []
            for part in self.case.parts:
                self._new_row().fill(part)
            self._show_rows()
            for row in old:
                row.close()
            self._spread.value = min(max(float(self.case.spread), self._spread.min), self._spread.max)
        finally:
            self._loading = False
        self._input_ok = True
        self._set_valid(True)

    def _on_change(self, _change: object) -> None:
        if not self._loading:
            self._apply()

    def _apply(self) -> None:
        """Check every row; when all hold, let the logic plan them before they go into the case."""
        parts: list[Part] = []
        rows_ok = True
        for row in self._rows:
            try:
                parts.append(row.part())
            except InputError as error:
                row.field.show(error, self.lang)
                rows_ok = False
            else:
                row.field.show(None, self.lang)
        if not rows_ok:
            self._parts_field.show(None, self.lang)
            self._input_ok = False
            self._refresh()
            return
        spread = self._spread.value
        case = self.case

        def write() -> None:
            old_parts, old_spread = case.parts, case.spread
            case.parts, case.spread = parts, coerce.number("spread", spread, high=1, allow_zero=False)
            try:
                case.split_plan()
            except InputError:
                case.parts, case.spread = old_parts, old_spread
                raise

        self._input_ok = self.attempt(self._parts_field, write)
        shown = self._parts_field.error
        if shown is not None and shown.code == "duplicate":  # beside the row that repeats the name
            repeated = [row for row, part in zip(self._rows, parts, strict=True) if part.name == shown.params["value"]]
            repeated[-1].field.show(shown, self.lang)
            self._parts_field.show(None, self.lang)
        if self._input_ok:
            self.commit()
        else:
            self._refresh()

    def _refresh(self) -> None:
        pct = round(float(self._spread.value) * 100)
        self._spread_help.value = f"<small>{html.escape(self.t('split.spread_help', pct=pct))}</small>"
        self._plan = None
        if not self._input_ok:
            self._show_note(self.t("ui.split.fix_note"), warn=True)
        elif not self.case.parts:
            self._show_note(self.t("ui.split.optional_note"))
        else:
            try:
                self._plan = self.case.split_plan()
            except InputError as error:  # e.g. the calendar changed and it no longer fits
                self._parts_field.show(error, self.lang)
                self._show_note(self.t("ui.split.fix_note"), warn=True)
            else:
                self._parts_field.show(None, self.lang)
                self._note.value = ""
                self._show_plan(self._plan)
        self._set_valid(self._input_ok and (self._plan is not None or not self.case.parts))
        self.later(self._draw_chart)

    def _show_note(self, text: str, warn: bool = False) -> None:
        colour = "#b00020" if warn else "#555"
        self._note.value = f"<p style='color:{colour}'><i>{html.escape(text)}</i></p>"
        self._dates.value = ""
        self._schedule.value = ""
        self._schedule_heading.layout.display = "none"

    def _show_plan(self, plan: SplitPlan) -> None:
        lang = self.lang
        ok, bad = "#1b5e20", "#b00020"
        lines: list[tuple[str, str]] = []
        if plan.urgent_done is not None:
            lines.append(("✔ " + self.t("split.urgent_done", date=format_date(plan.urgent_done, lang)), ok))
        else:
            lines.append((self.t("split.nothing_urgent"), "inherit"))
        if plan.all_done is not None:
            lines.append(("✔ " + self.t("split.all_done", date=format_date(plan.all_done, lang)), ok))
        if plan.urgent_done is not None and plan.meets_deadline:
            lines.append(("✔ " + self.t("split.meets_deadline"), ok))
        elif plan.urgent_done is not None:
            lines.append(("⚠ " + self.t("split.misses_deadline", deadline=format_date(plan.deadline, lang)), bad))
        self._dates.value = "".join(f"<p style='margin:2px 0;color:{colour}'>{html.escape(text)}</p>"
                                    for text, colour in lines)
        head = "".join(f"<th style='text-align:left;padding:2px 10px'>{html.escape(self.t(f'ui.split.{c}'))}</th>"
                       for c in ("col_date", "col_name", "col_hours"))
        body = "".join(
            f"<tr><td style='padding:2px 10px'>{html.escape(format_date(day, lang))}</td>"
            f"<td style='padding:2px 10px'>{html.escape(str(name))}</td>"
            f"<td style='padding:2px 10px;text-align:right'>{html.escape(format_hours(float(hours), lang))}</td></tr>"
            for day, name, hours in plan.schedule[["date", "part", "hours"]].itertuples(index=False, name=None))
        self._schedule_heading.layout.display = None
        self._schedule.value = (f"<div style='max-height:320px;overflow-y:auto'><table><thead><tr>{head}</tr></thead>"
                                f"<tbody>{body}</tbody></table></div>")

    def _draw_chart(self) -> None:
        plan = self._plan
        if plan is None:
            self._chart.layout.display = "none"
            return
        schedule = plan.schedule
        first = (min(schedule["date"]) if len(schedule)  # from the first planned day: earlier hours are gone
                 else self.case.request.received.date() + timedelta(days=1))
        end = max(plan.all_done or plan.deadline, plan.deadline)
        last = end + timedelta(days=6 - end.weekday())  # to the end of that week
        try:
            frame = weekly_load(self.case.calendar, schedule, first, last)
        except InputError:  # drawn later: the case may have changed meanwhile
            self._chart.layout.display = "none"
            return
        self._chart.value = weeks_chart(frame, self.lang)
        self._chart.layout.display = None
