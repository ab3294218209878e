"""Step 1: the request and the user's calendar, each field with its message beside it."""

from __future__ import annotations

import html
from datetime import datetime, timedelta
from typing import Any

import ipywidgets as widgets
from babel import Locale
from babel.dates import get_day_names

from notnow import content
from notnow.assessment import Assessment
from notnow.calendar import WorkCalendar, free_hours, supported_countries
from notnow.diary import format_booked, format_days, parse_booked, parse_days
from notnow.errors import InputError
from notnow.reply import format_hours, format_hours_unit
from notnow.request import RELATIONSHIPS, Request, request_errors
from notnow.ui.base import StepView

CURRENCIES = ("EUR", "USD", "GBP", "CHF", "DKK", "NOK", "SEK", "PLN", "CZK", "CAD", "AUD")
COMMON_COUNTRIES = ("NL", "BE", "DE", "FR", "GB", "IE", "LU", "AT", "CH", "DK", "SE", "NO", "ES", "IT", "PT",
                    "PL", "US", "CA", "AU", "NZ")
REQUEST_FIELDS = ("client", "relationship", "asked", "hours", "urgent_part", "received", "deadline", "rate",
                  "currency", "skill")


class RequestStep(StepView):
    """Intake of the request and the calendar; the case changes only when every field is valid."""

    key = "request"

    def _build(self) -> list[widgets.Widget]:
        wide = widgets.Layout(width="360px")
        self._client = widgets.Text(layout=wide)
        self._relationship = widgets.Dropdown(layout=wide)
        self._asked = widgets.Textarea(layout=widgets.Layout(width="360px", height="60px"))
        self._hours = widgets.Text(layout=widgets.Layout(width="120px"))
        self._urgent_part = widgets.Text(layout=wide)
        self._received = widgets.NaiveDatetimePicker()
        self._deadline = widgets.NaiveDatetimePicker()
        self._rate = widgets.Text(layout=widgets.Layout(width="120px"))
        self._currency = widgets.Dropdown(options=CURRENCIES, value="EUR", layout=widgets.Layout(width="120px"))
        self._skill = widgets.Text(layout=wide)
        self._hours_per_day = widgets.Text(layout=widgets.Layout(width="120px"))
        self._workday_boxes = [widgets.ToggleButton(layout=widgets.Layout(width="56px")) for _ in range(7)]
        self._workdays = widgets.HBox(self._workday_boxes)
        self._booked = widgets.Textarea(layout=widgets.Layout(width="360px", height="80px"))
        self._days_off = widgets.Textarea(layout=widgets.Layout(width="360px", height="60px"))
        self._country = widgets.Dropdown(layout=wide)
        self._overtime_per_workday = widgets.Text(layout=widgets.Layout(width="120px"))
        self._overtime_per_weekend_day = widgets.Text(layout=widgets.Layout(width="120px"))
        self._example = widgets.Button(icon="magic", layout=widgets.Layout(width="auto"))
        self._example.add_class("nn-load-example")
        self._heading_request = widgets.HTML()
        self._heading_calendar = widgets.HTML()
        self._calendar_help = widgets.HTML()
        self._summary = widgets.HTML()
        self._summary.add_class("nn-request-summary")
        self._loading = False

        controls: dict[str, widgets.Widget] = {name: getattr(self, f"_{name}") for name in REQUEST_FIELDS}
        controls |= {name: getattr(self, f"_{name}") for name in (
            "hours_per_day", "workdays", "booked", "days_off", "country", "overtime_per_workday",
            "overtime_per_weekend_day")}
        self._by_name = {name: self.field(name, control) for name, control in controls.items()}
        for name, control in controls.items():
            if name == "workdays":
                for box in self._workday_boxes:
                    box.observe(self._on_change, "value")
            else:
                control.observe(self._on_change, "value")
        self._example.on_click(self._load_example)
        f = self._by_name
        return [
            self._example,
            self._heading_request,
            *(f[name] for name in REQUEST_FIELDS),
            self._heading_calendar,
            self._calendar_help,
            *(f[name] for name in ("hours_per_day", "workdays", "booked", "days_off", "country",
                                   "overtime_per_workday", "overtime_per_weekend_day")),
            self._summary,
        ]

    def _relabel(self) -> None:
        lang = self.lang
        locale = Locale.parse(content.text(lang, "reply.locale"))
        self._example.description = self.t("ui.request.load_example")
        self._heading_request.value = f"<h4>{html.escape(self.t('ui.request.heading_request'))}</h4>"
        self._heading_calendar.value = f"<h4>{html.escape(self.t('ui.request.heading_calendar'))}</h4>"
        self._calendar_help.value = "<br>".join(
            html.escape(self.t(f"ui.request.{k}")) for k in ("booked_help", "days_off_help", "overtime_help"))
        keep = self._relationship.value
        self._loading = True
        try:
            self._relationship.options = [(self.t(f"ui.request.relationship_{r}"), r) for r in RELATIONSHIPS]
            self._relationship.value = keep or "regular"
            country = self._country.value or self.case.calendar.country
            codes = sorted(supported_countries() & set(COMMON_COUNTRIES),
                           key=lambda c: str(locale.territories.get(c, c)))
            codes += sorted(supported_countries() - set(codes))
            self._country.options = [(f"{locale.territories.get(c, c)} ({c})", c) for c in codes]
            self._country.value = country
        finally:
            self._loading = False
        names = get_day_names("abbreviated", locale=locale)
        for day, box in enumerate(self._workday_boxes):
            box.description = str(names[day])
        for name, placeholder in (("client", "client_placeholder"), ("asked", "asked_placeholder"),
                                  ("hours", "hours_placeholder"), ("urgent_part", "urgent_placeholder"),
                                  ("skill", "skill_placeholder"), ("rate", "rate_placeholder"),
                                  ("booked", "booked_placeholder"), ("days_off", "days_off_placeholder")):
            getattr(self, f"_{name}").placeholder = self.t(f"ui.request.{placeholder}")

    def _load(self) -> None:
        a: Assessment = self.case
        r, cal = a.request, a.calendar
        fresh = bool(getattr(self._model, "fresh", False))
        self._loading = True
        try:
            self._client.value = "" if fresh else r.client
            self._relationship.value = r.relationship
            self._asked.value = r.asked
            self._hours.value = "" if fresh else f"{r.hours:g}"
            self._urgent_part.value = r.urgent_part
            self._received.value = r.received.replace(tzinfo=None)
            self._deadline.value = r.deadline.replace(tzinfo=None)
            self._rate.value = "" if fresh or not r.rate else str(r.rate)
            self._currency.value = r.currency if r.currency in CURRENCIES else "EUR"
            self._skill.value = r.skill
            self._hours_per_day.value = f"{cal.hours_per_day:g}"
            for day, box in enumerate(self._workday_boxes):
                box.value = day in cal.workdays
            self._booked.value = format_booked(cal.booked)
            self._days_off.value = format_days(cal.days_off)
            if cal.country in supported_countries():
                self._country.value = cal.country
            self._overtime_per_workday.value = f"{cal.overtime_per_workday:g}"
            self._overtime_per_weekend_day.value = f"{cal.overtime_per_weekend_day:g}"
        finally:
            self._loading = False
        self._apply(commit=False)

    def _raw_request(self) -> dict[str, Any]:
        return {name: getattr(self, f"_{name}").value for name in REQUEST_FIELDS}

    def _calendar(self, errors: list[InputError]) -> WorkCalendar | None:
        """The calendar from the inputs, collecting the error of each field that is wrong."""
        parsed: dict[str, Any] = {}
        for name, parse in (("booked", parse_booked), ("days_off", parse_days)):
            try:
                parsed[name] = parse(getattr(self, f"_{name}").value)
            except InputError as error:
                errors.append(error)
        if errors and any(e.field in ("booked", "days_off") for e in errors):
            return None
        try:
            return WorkCalendar(
                hours_per_day=self._hours_per_day.value,  # text: the logic checks it
                workdays=[day for day, box in enumerate(self._workday_boxes) if box.value],
                booked=parsed["booked"],
                days_off=parsed["days_off"],
                country=self._country.value or "",
                overtime_per_workday=self._overtime_per_workday.value,
                overtime_per_weekend_day=self._overtime_per_weekend_day.value,
            )
        except InputError as error:
            errors.append(error)
            return None

    def _on_change(self, _change: object) -> None:
        if not self._loading:
            self._apply(commit=True)

    def _apply(self, commit: bool) -> None:
        raw = self._raw_request()
        errors = request_errors(**raw)
        calendar = self._calendar(errors)
        shown = {e.field: e for e in errors}
        for name, f in self._by_name.items():
            f.show(shown.get(name), self.lang)
        if errors or calendar is None:
            self._set_valid(False)
            self._summary.value = f"<i>{html.escape(self.t('fix_first'))}</i>" if any(
                v for k, v in raw.items() if k in ("client", "hours")) else ""
            return
        request = Request(**raw)
        self.case.request = request
        self.case.calendar = calendar
        self._model.fresh = False
        self._set_valid(True)
        if commit:
            self.commit()
        else:
            self._refresh()

    def _refresh(self) -> None:
        if not self.valid:
            return
        r = self.case.request
        free = free_hours(self.case.calendar, r.received, r.deadline)
        self._summary.value = "<p>✔ " + html.escape(self.t(
            "ui.request.ready", hours=format_hours_unit(r.hours, self.lang), free=format_hours_unit(free, self.lang),
            notice=format_hours(round(r.notice_days, 1), self.lang))) + "</p>"

    def _load_example(self, _button: object) -> None:
        example = Assessment.example(self.lang)
        self._model.fresh = False
        self._model.replace(example)

    @staticmethod
    def default_window(now: datetime | None = None) -> tuple[datetime, datetime]:
        start = (now or datetime.now()).replace(second=0, microsecond=0)
        return start, start + timedelta(days=7)
