"""Step 1: the request, and the calendar it is held against (taken from your set-up, editable per case)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
from markupsafe import Markup

from notnow.assessment import Assessment
from notnow.calendar import free_hours
from notnow.coerce import LATEST
from notnow.errors import InputError
from notnow.fmt import count, format_hours_unit, format_notice, locale, weekday_names
from notnow.reply import input_example, register_slip_note
from notnow.request import RELATIONSHIPS
from notnow.ui.base import OK_COLOUR, StepView, method_html, note_html
from notnow.ui.editors import CalendarEditor, currency_options
from notnow.ui.intake import MailIntake

NARROW = widgets.Layout(width="120px")
WIDE = widgets.Layout(width="360px")
DIARY_DAYS = 182  # a case's diary: from the request to half a year on, the earliest-finish horizon

if TYPE_CHECKING:
    from notnow.ui.diary import DiaryImport


def _text(value: float) -> str:
    return f"{value:g}"


class RequestStep(StepView):
    """Intake of the request and the calendar; each input writes only its own field, validated."""

    key = "request"
    reads = frozenset({"request", "calendar", "lang"})

    def _build(self) -> list[widgets.Widget]:
        self._entered: set[str] = set()  # of a new case: the required inputs the user has filled in
        self._shown_once = False
        self._relationship = widgets.Dropdown(layout=WIDE)
        self._currency: widgets.Dropdown | None = None
        self._editor: CalendarEditor | None = None  # the calendar's inputs, built when first opened
        self._importer: DiaryImport | None = None
        self._deadline = widgets.NaiveDatetimePicker(min=datetime(2000, 1, 1), max=datetime(2100, 12, 31, 23, 59))
        blank = self._blank_text

        request_field = self._request_field
        fields = [
            request_field("client", widgets.Text(layout=WIDE), lambda c: blank(c, c.request.client)),
            request_field(
                "contact", widgets.Text(layout=WIDE), lambda c: c.request.contact, help_key="ui.request.contact_help"
            ),
            request_field("relationship", self._relationship, lambda c: c.request.relationship),
            request_field(
                "asked",
                widgets.Textarea(layout=widgets.Layout(width="360px", height="60px")),
                lambda c: c.request.asked,
                help_key="reply_inputs.asked.help",
                label_key="reply_inputs.asked.label",
            ),
            request_field("hours", widgets.Text(layout=NARROW), lambda c: blank(c, _text(c.request.hours), "hours")),
            request_field(
                "urgent_part",
                widgets.Text(layout=WIDE),
                lambda c: c.request.urgent_part,
                help_key="reply_inputs.urgent_part.help",
                label_key="reply_inputs.urgent_part.label",
            ),
            request_field("deadline", self._deadline, lambda c: c.request.deadline.replace(tzinfo=None)),
            request_field("rate", widgets.Text(layout=NARROW), lambda c: str(c.request.rate) if c.request.rate else ""),
        ]
        self._by_name = {f.name: f for f in fields}

        self._calendar_help: widgets.HTML | None = None  # built with the calendar's inputs, below
        self._calendar_summary = widgets.HTML()
        self._calendar_summary.add_class("nn-calendar-summary")
        # The calendar's inputs are built when the user first opens them: most cases take the calendar from
        # the set-up, and every widget left out of the first page makes it appear sooner.
        self._more = widgets.Accordion(children=[widgets.VBox()], selected_index=None)
        self._more.add_class("nn-more-details")
        self.on(self._more, lambda change: self._open_more() if change["new"] is not None else None, "selected_index")
        self._calendar_box = widgets.Accordion(children=[widgets.VBox()], selected_index=None)
        self._calendar_box.add_class("nn-calendar")
        self.on(
            self._calendar_box,
            lambda change: self._open_calendar() if change["new"] is not None else None,
            "selected_index",
        )
        self._summary = widgets.HTML()
        self._summary.add_class("nn-request-summary")

        # The step opens with the client's mail: what it says fills the empty fields (notnow.ui.intake).
        def field_of(name: str) -> Any:
            return next((f for f in self._fields if f.name == name), None)

        def filled_in() -> None:
            self._leave_fresh()
            self._update_valid()

        mail = MailIntake(self._state, field_of, lambda: self._entered, filled_in)
        return [mail, *fields, self._more, self._calendar_summary, self._calendar_box, self._summary]

    def _intro_more(self) -> Markup:
        """The automatic-yes reflex (a move of the method), then the heading of the request's inputs."""
        method = method_html(self.lang, ["auto_yes"]) if self.show_method else Markup("")
        return method + Markup("<h4>{}</h4>").format(self.t("ui.request.heading_request"))

    def _request_field(
        self, name: str, control: widgets.Widget, get: Any, help_key: str | None = None, label_key: str | None = None
    ) -> Any:
        def put(value: Any) -> None:
            entered = name in self._entered
            self._entered.add(name)  # first: the stepper's hint, redrawn by this change, reads what is missing
            try:
                self._state.update_request(**{name: value})
            except InputError:
                if not entered:
                    self._entered.discard(name)
                raise
            self._leave_fresh()

        return self.bind(name, control, get, put, help_key=help_key, label_key=label_key)

    def _open_more(self) -> None:
        """When it came in, the currency and the skill asked: usually right as they come (now, and from your
        set-up), so they are built when the user opens them."""
        if self._more.children[0].children:
            return
        self._currency = widgets.Dropdown(options=currency_options(self.case.request.currency), layout=NARROW)
        received = widgets.NaiveDatetimePicker(min=datetime(2000, 1, 1), max=datetime(2100, 12, 31, 23, 59))
        more = [
            self._request_field("received", received, lambda c: c.request.received.replace(tzinfo=None)),
            self._request_field("currency", self._currency, lambda c: c.request.currency),
            self._request_field(
                "skill", widgets.Text(layout=WIDE), lambda c: c.request.skill, help_key="ui.referral.skill_help"
            ),
        ]
        for f in more:
            f.relabel(self.lang)
        self.field_named("skill").control.placeholder = self.t("ui.request.skill_placeholder")
        self._load_bindings(force=True)
        self._more.children[0].children = more

    def _open_calendar(self) -> None:
        if self._calendar_box.children[0].children:
            return
        editor = CalendarEditor(
            self,
            lambda case: case.calendar,
            self._state.update_calendar,
            lambda: self.lang,
            lambda: self.case.request.received.date(),  # "24 Dec" means the next 24 Dec after the request
        )
        self._editor = editor
        self._calendar_help = widgets.HTML()
        order = ("hours_per_day", "workdays", "booked", "days_off", "country", "overtime_per_workday")
        calendar = [editor.fields[name] for name in (*order, "overtime_per_weekend_day")]
        for f in calendar:
            f.relabel(self.lang)
        self._importer = self._diary_import()
        self._relabel_calendar()
        self._load_bindings(force=True)
        self._calendar_box.children[0].children = [self._calendar_help, *calendar, self._importer]

    def _diary_import(self) -> DiaryImport:
        """Import a calendar export for this case: from the request to half a year on (the plan's horizon)."""
        from notnow.ui.diary import DiaryImport, merged_calendar  # late: icalendar costs ~90 ms; opened on demand

        case = self.case
        start = case.request.received.date()
        end = min(start + timedelta(days=DIARY_DAYS), LATEST)  # no diary past the last date notnow takes
        importer = DiaryImport(
            self.lang, start=start, end=end, hours_per_day=case.calendar.hours_per_day, workdays=case.calendar.workdays
        )
        self.on(
            importer,
            lambda change: self._state.update(calendar=merged_calendar(self.case.calendar, change["new"], start, end)),
            "result",
        )
        return importer

    # --- a new case ----------------------------------------------------------------------------
    def _blank_text(self, case: Assessment, text: str, name: str = "client") -> str:
        """A new case shows empty client and hours inputs until the user fills them in."""
        return "" if self._state.fresh and name not in self._entered else text

    def _leave_fresh(self) -> None:
        if self._state.fresh and {"client", "hours"} <= self._entered:
            self._state.fresh = False
            self._refresh()  # the summary was drawn blank while the case was still fresh

    def _own_valid(self) -> bool:
        return not self._state.fresh

    def missing(self) -> list[str]:
        """A new case goes on once its client and hours are filled in: those still empty, by their label."""
        if not self._state.fresh:
            return []
        return [self.t(f"fields.{name}") for name in ("client", "hours") if name not in self._entered]

    def _on_case(self, changed: frozenset[str]) -> None:
        if "*" in changed:
            self._entered = set()
        super()._on_case(changed)

    # --- texts ---------------------------------------------------------------------------------
    def _relabel(self) -> None:
        self._calendar_box.set_title(0, self.t("ui.request.heading_calendar"))
        with self._quietly():
            self._relationship.options = [(self.t(f"ui.request.relationship_{r}"), r) for r in RELATIONSHIPS]
            self._relationship.value = self.case.request.relationship
            if self._currency is not None:
                self._currency.options = currency_options(self.case.request.currency)
                self._currency.value = self.case.request.currency
        self._relabel_calendar()
        self._more.set_title(0, self.t("ui.request.more_details"))
        for name in ("client", "contact", "hours", "rate"):
            self.field_named(name).control.placeholder = self.t(f"ui.request.{name}_placeholder")
        for name in ("asked", "urgent_part"):  # an example in the form the reply uses it
            self.field_named(name).control.placeholder = self.t(
                "ui.example_hint", example=input_example(self.case.reply_lang, name, self.case.address)
            )

    def _relabel_calendar(self) -> None:
        if self._editor is None or self._importer is None or self._calendar_help is None:
            return  # not opened yet
        self._calendar_help.value = Markup("<br>").join(
            self.t(k) for k in ("diary.booked_help", "diary.days_off_help", "ui.request.overtime_help")
        )
        with self._quietly():
            self._editor.relabel(self.lang, self.case.calendar.country)
        self._importer.set_language(self.lang)

    # --- results -------------------------------------------------------------------------------
    def _refresh(self) -> None:
        case = self.case
        r, cal = case.request, case.calendar
        for name in ("asked", "urgent_part"):  # a "je" typed into a "u" case: a note beside the field
            note = register_slip_note(getattr(r, name), case.address, case.reply_lang, self.lang)
            self.field_named(name).set_note(note)
        lang = self.lang
        booked = sum(h for d, h in cal.booked.items() if r.received.date() < d <= r.deadline.date())
        self._calendar_summary.value = note_html(
            self.t(
                "ui.request.calendar_summary",
                hours=format_hours_unit(cal.hours_per_day, lang),
                days=", ".join(weekday_names(lang)[d] for d in cal.workdays),
                booked=format_hours_unit(booked, lang),
                days_off=count(lang, "day_off", len(cal.days_off)),
                country=str(locale(lang).territories.get(cal.country, cal.country)),
            )
        )
        if self._state.fresh:
            self._summary.value = ""
            return
        if self._shown_once:
            self._show_ready()
        else:  # public holidays load on first use: not before the page shows
            self._shown_once = True
            self.later(self._show_ready, delay=0.05)

    def _show_ready(self) -> None:
        r, lang = self.case.request, self.lang
        try:
            free = free_hours(self.case.calendar, r.received, r.deadline)
        except InputError:
            return
        self._summary.value = note_html(
            self.t(
                "ui.request.ready",
                hours=format_hours_unit(r.hours, lang),
                free=format_hours_unit(free, lang),
                notice=format_notice(r.notice_days, lang),
            ),
            OK_COLOUR,
            "✔",
        )
