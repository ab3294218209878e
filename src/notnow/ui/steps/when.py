"""Step 5: when can it be done? The earliest finish within normal hours, set against the deadline."""

from __future__ import annotations

import inspect
from datetime import date, timedelta

import ipywidgets as widgets
from markupsafe import Markup

from notnow.calendar import WorkCalendar, earliest_finish
from notnow.errors import InputError
from notnow.fmt import count, error_text, format_date
from notnow.reply import fits_before_deadline, promises
from notnow.ui.base import CAUTION_COLOUR, ERROR_COLOUR, OK_COLOUR, StepView

HORIZON_WEEKS: int = inspect.signature(earliest_finish).parameters["horizon_weeks"].default


def span_text(lang: str, days: int) -> str:
    """A distance in calendar days; in weeks (one decimal) from two weeks on."""
    if days < 14:
        return count(lang, "day", days)
    return count(lang, "week", round(days / 7, 1))


def working_days_between(cal: WorkCalendar, after: date, through: date) -> int:
    """The user's working days after `after` up to and including `through`."""
    return sum(cal.is_working_day(after + timedelta(days=i)) for i in range(1, (through - after).days + 1))


class WhenStep(StepView):
    """Read-only: the whole-job date the reply would promise (`promises`, the earliest finish in normal hours),
    how far off it is, and how it compares to the deadline (up to its time: the free hours before it)."""

    key = "when"
    reads = frozenset({"request", "calendar", "lang"})

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
        self._heading.value = Markup("<h4>{}</h4>").format(self.t("ui.when.earliest_heading"))

    def _refresh(self) -> None:
        lang = self.lang
        request = self.case.request
        try:
            # the date a "later" offer promises; when the job fits before the deadline nothing is promised "later",
            # and the date is the same earliest finish the promise would read
            earliest = promises(self.case, offers=("later",)).whole_done or self.case.earliest()
            fits = fits_before_deadline(self.case)
        except InputError as error:
            self._show("", error_text(error, lang), "", ERROR_COLOUR)
            return
        if earliest is None:
            self._show("—", "", self.t("ui.when.does_not_fit", weeks=count(lang, "week", HORIZON_WEEKS)), ERROR_COLOUR)
            return
        received = request.received.date()
        deadline = request.deadline.date()
        distance = self.t(
            "ui.when.after_request",
            days=span_text(lang, (earliest - received).days),
            working_days=count(lang, "working_day", working_days_between(self.case.calendar, received, earliest)),
        )
        shown_deadline = format_date(deadline, lang)
        if earliest < deadline:
            compare = self.t(
                "ui.when.before_deadline", days=span_text(lang, (deadline - earliest).days), deadline=shown_deadline
            )
            colour = OK_COLOUR
        elif earliest == deadline and fits:
            compare, colour = self.t("ui.when.on_deadline", deadline=shown_deadline), OK_COLOUR
        elif earliest == deadline:  # the deadline day's hours after the deadline time don't count
            compare = self.t(
                "ui.when.deadline_day_too_late", deadline=shown_deadline, time=request.deadline.strftime("%H:%M")
            )
            colour = CAUTION_COLOUR
        else:
            compare = self.t(
                "ui.when.after_deadline", days=span_text(lang, (earliest - deadline).days), deadline=shown_deadline
            )
            colour = CAUTION_COLOUR
        self._show(format_date(earliest, lang), distance, compare, colour)

    def _show(self, day: str, distance: str, compare: str, colour: str) -> None:
        self._date.value = (
            Markup("<div style='font-size:2em;font-weight:600;margin:4px 0 8px'>{}</div>").format(day) if day else ""
        )
        self._distance.value = Markup("<p>{}</p>").format(distance) if distance else ""
        self._compare_html.value = (
            Markup("<p style='color:{}'><b>{}</b></p>").format(colour, compare) if compare else ""
        )
