"""Step 5: when can it be done? The earliest finish within normal hours, set against the deadline."""

from __future__ import annotations

import html
import inspect
from datetime import date, timedelta

import ipywidgets as widgets
from babel import Locale

from notnow import content
from notnow.calendar import WorkCalendar, earliest_finish
from notnow.errors import InputError
from notnow.fmt import error_text, format_date, format_hours
from notnow.ui.base import StepView

HORIZON_WEEKS: int = inspect.signature(earliest_finish).parameters["horizon_weeks"].default


def count_text(lang: str, key: str, n: float) -> str:
    """"1 day" / "6 days", "1 dag" / "6 dagen": CLDR's plural rule picks <key>_one or <key>_other."""
    form = Locale.parse(content.text(lang, "fmt.locale")).plural_form(n)
    return content.text(lang, f"ui.when.{key}_{'one' if form == 'one' else 'other'}", n=format_hours(n, lang))


def span_text(lang: str, days: int) -> str:
    """A distance in calendar days; in weeks (one decimal) from two weeks on."""
    if days < 14:
        return count_text(lang, "day", days)
    return count_text(lang, "week", round(days / 7, 1))


def working_days_between(cal: WorkCalendar, after: date, through: date) -> int:
    """The user's working days after `after` up to and including `through`."""
    return sum(cal.is_working_day(after + timedelta(days=i)) for i in range(1, (through - after).days + 1))


class WhenStep(StepView):
    """Read-only: the date `case.earliest()` gives, how far off it is, and how it compares to the deadline."""

    key = "when"

    def _build(self) -> list[widgets.Widget]:
        self._heading = widgets.HTML()
        self._date = widgets.HTML()
        self._date.add_class("nn-when-date")
        self._distance = widgets.HTML()
        self._distance.add_class("nn-when-distance")
        self._compare_html = widgets.HTML()
        self._compare_html.add_class("nn-when-compare")
        return [self._heading, self._date, self._distance, self._compare_html]

    def _relabel(self) -> None:
        self._heading.value = f"<h4>{html.escape(self.t('ui.when.earliest_heading'))}</h4>"

    def _refresh(self) -> None:
        self._set_valid(True)
        lang = self.lang
        request = self.case.request
        try:
            earliest = self.case.earliest()
        except InputError as error:
            self._show("", error_text(error, lang), "", "#b00020")
            return
        if earliest is None:
            self._show("—", "", self.t("ui.when.does_not_fit", weeks=count_text(lang, "week", HORIZON_WEEKS)),
                       "#b00020")
            return
        received = request.received.date()
        deadline = request.deadline.date()
        distance = self.t("ui.when.after_request", days=span_text(lang, (earliest - received).days),
                          working_days=count_text(lang, "working_day",
                                                       working_days_between(self.case.calendar, received, earliest)))
        shown_deadline = format_date(deadline, lang)
        if earliest < deadline:
            compare = self.t("ui.when.before_deadline", days=span_text(lang, (deadline - earliest).days),
                             deadline=shown_deadline)
            colour = "#1b5e20"
        elif earliest == deadline:
            compare, colour = self.t("ui.when.on_deadline", deadline=shown_deadline), "#1b5e20"
        else:
            compare = self.t("ui.when.after_deadline", days=span_text(lang, (earliest - deadline).days),
                             deadline=shown_deadline)
            colour = "#6d4c00"
        self._show(format_date(earliest, lang), distance, compare, colour)

    def _show(self, day: str, distance: str, compare: str, colour: str) -> None:
        self._date.value = (f"<div style='font-size:2em;font-weight:600;margin:4px 0 8px'>{html.escape(day)}</div>"
                            if day else "")
        self._distance.value = f"<p>{html.escape(distance)}</p>" if distance else ""
        self._compare_html.value = f"<p style='color:{colour}'><b>{html.escape(compare)}</b></p>" if compare else ""
