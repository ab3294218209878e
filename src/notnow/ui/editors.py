"""Editors shared by the set-up and the request step: the calendar's inputs, the weekday toggles, the country
and currency choices. One editor, so the two places ask for a calendar in the same words and checks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import ipywidgets as widgets
import traitlets

from notnow.calendar import WorkCalendar, country_codes
from notnow.diary import format_booked, format_days, parse_booked, parse_days
from notnow.fmt import locale, weekday_names
from notnow.ui.base import BoundView, Field, tr

CURRENCIES = ("EUR", "USD", "GBP", "CHF", "DKK", "NOK", "SEK", "PLN", "CZK", "CAD", "AUD")
FIRST_COUNTRY = "NL"  # the Netherlands first: where notnow's users are; then the rest by name
NARROW = widgets.Layout(width="120px")
WIDE = widgets.Layout(width="360px")


def country_options(lang: str) -> list[tuple[str, str]]:
    """Real countries (no aliases) by their name in the user's language, the Netherlands first."""
    names = locale(lang).territories
    others = sorted((c for c in country_codes() if c != FIRST_COUNTRY), key=lambda c: str(names.get(c, c)).casefold())
    return [(str(names.get(c, c)), c) for c in (FIRST_COUNTRY, *others) if c in country_codes()]


def currency_options(extra: str = "") -> list[str]:
    return list(CURRENCIES) + ([extra] if extra and extra not in CURRENCIES else [])


class WeekdayPicker(widgets.HBox):
    """Seven toggles, Monday first; `value` is the tuple of weekday numbers switched on."""

    value = traitlets.Tuple()

    def __init__(self) -> None:
        self._toggles = [widgets.ToggleButton(layout=widgets.Layout(width="56px")) for _ in range(7)]
        super().__init__(self._toggles)
        self._syncing = False
        for toggle in self._toggles:
            toggle.observe(self._from_toggles, "value")

    def relabel(self, lang: str) -> None:
        for toggle, name in zip(self._toggles, weekday_names(lang), strict=True):
            toggle.description = name

    def _from_toggles(self, _change: object) -> None:
        if not self._syncing:
            self.value = tuple(day for day, toggle in enumerate(self._toggles) if toggle.value)

    @traitlets.observe("value")
    def _to_toggles(self, change: dict[str, Any]) -> None:
        self._syncing = True
        try:
            for day, toggle in enumerate(self._toggles):
                toggle.value = day in change["new"]
        finally:
            self._syncing = False


def _text(value: float) -> str:
    return f"{value:g}"


class CalendarEditor:
    """The calendar's inputs bound into `view`: hours per day, working days, booked hours, days off, country
    and accepted overtime. `calendar(value)` reads the calendar from the view's value (a case, a set-up);
    `write(**changes)` writes calendar fields back; `lang()` and `today()` give how dates are typed."""

    def __init__(
        self,
        view: BoundView,
        calendar: Callable[[Any], WorkCalendar],
        write: Callable[..., object],
        lang: Callable[[], str],
        today: Callable[[], date],
    ) -> None:
        self.country = widgets.Dropdown(layout=WIDE)
        self.workdays = WeekdayPicker()

        def bind(name: str, control: widgets.Widget, get: Callable[[Any], Any], parse: Any = None) -> Field:
            return view.bind(
                name, control, lambda value: get(calendar(value)), lambda v: write(**{name: parse(v) if parse else v})
            )

        self.fields: dict[str, Field] = {
            "hours_per_day": bind("hours_per_day", widgets.Text(layout=NARROW), lambda c: _text(c.hours_per_day)),
            "workdays": bind("workdays", self.workdays, lambda c: tuple(c.workdays)),
            "country": bind("country", self.country, lambda c: c.country),
            "overtime_per_workday": bind(
                "overtime_per_workday", widgets.Text(layout=NARROW), lambda c: _text(c.overtime_per_workday)
            ),
            "overtime_per_weekend_day": bind(
                "overtime_per_weekend_day", widgets.Text(layout=NARROW), lambda c: _text(c.overtime_per_weekend_day)
            ),
            "booked": bind(
                "booked",
                widgets.Textarea(layout=widgets.Layout(width="360px", height="80px")),
                lambda c: format_booked(c.booked, lang()),
                lambda text: parse_booked(text, lang(), today()),
            ),
            "days_off": bind(
                "days_off",
                widgets.Textarea(layout=widgets.Layout(width="360px", height="60px")),
                lambda c: format_days(c.days_off, lang()),
                lambda text: parse_days(text, lang(), today()),
            ),
        }

    def relabel(self, lang: str, country: str) -> None:
        """Options and placeholders in `lang`; the country list keeps `country` chosen."""
        self.country.options = country_options(lang)
        self.country.value = country if country in country_codes() else FIRST_COUNTRY
        self.workdays.relabel(lang)
        for name in ("booked", "days_off"):
            self.fields[name].control.placeholder = tr(lang, f"diary.{name}_placeholder")
