"""Your set-up, entered once: the panel that edits the profile every new case starts from.

Same rules as the steps: each input is bound to one field of the profile (validated; the message beside it),
and every change is saved (debounced) by the app shell. Two buttons carry a set-up across: put it into the open
case, or keep the open case's set-up as yours.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import ipywidgets as widgets
from markupsafe import Markup

from notnow.assessment import ADDRESS_FORMS, VAT_CHOICES
from notnow.profile import Profile
from notnow.referral import Colleague
from notnow.rush import RushPolicy, RushTier
from notnow.ui.base import BoundView, markdown_html, note_html, tr
from notnow.ui.editors import CalendarEditor, currency_options
from notnow.ui.guard import Reporter, guarded
from notnow.ui.rows import EditableRows
from notnow.ui.state import ProfileState
from notnow.ui.steps.referral import COLLEAGUE_COLUMNS, colleague_values, parse_colleague
from notnow.ui.steps.rush import tier_rows

DIARY_DAYS = 365  # the set-up's diary: the coming year
NARROW = widgets.Layout(width="120px")
WIDE = widgets.Layout(width="360px")


def _text(value: float) -> str:
    return f"{value:g}"


class ProfilePanel(BoundView):
    """Edits a `ProfileState`; `on_use` puts the set-up into the open case, `on_keep` takes the case's."""

    def __init__(self, state: ProfileState, lang: Callable[[], str], reporter: Reporter | None = None) -> None:
        super().__init__(state, lang, reporter)
        self._state = state
        self.add_class("nn-profile")
        self.on_use: Callable[[], None] = lambda: None
        self.on_keep: Callable[[], None] = lambda: None
        p = state

        def bind_p(
            name: str,
            control: widgets.Widget,
            get: Callable[[Profile], Any],
            field: str | None = None,
            parse: Callable[[Any], Any] | None = None,
        ) -> widgets.Widget:
            key = field or name
            return self.bind(name, control, get, lambda v: p.update(**{key: parse(v) if parse else v}))

        self._address = widgets.ToggleButtons(options=list(ADDRESS_FORMS))
        self._vat = widgets.ToggleButtons(options=list(VAT_CHOICES))
        self._language = widgets.ToggleButtons(options=[("Nederlands", "nl"), ("English", "en")])
        self._currency = widgets.Dropdown(options=currency_options(), layout=NARROW)
        self._title = widgets.HTML()
        self._intro = widgets.HTML()
        self._heading_you = widgets.HTML()
        self._heading_week = widgets.HTML()
        self._heading_money = widgets.HTML()
        self._heading_colleagues = widgets.HTML()
        you = [
            bind_p("sender", widgets.Text(layout=WIDE), lambda q: q.name, "name"),
            bind_p("business", widgets.Text(layout=WIDE), lambda q: q.business),
            bind_p(
                "signature",
                widgets.Textarea(layout=widgets.Layout(width="360px", height="50px")),
                lambda q: q.signature,
            ),
            bind_p("profile_language", self._language, lambda q: q.lang, "lang"),
            bind_p("address", self._address, lambda q: q.address),
            bind_p("main_skill", widgets.Text(layout=WIDE), lambda q: q.skill, "skill"),
        ]
        # The same calendar editor as the request step's, on the set-up's calendar ("24 Dec": the next one).
        self._calendar = CalendarEditor(self, lambda q: q.calendar, p.update_calendar, lang, date.today)
        cal = self._calendar.fields
        week = [
            cal["hours_per_day"],
            cal["workdays"],
            bind_p("day_start", widgets.Text(layout=NARROW), lambda q: q.day_start.strftime("%H:%M")),
            cal["country"],
            cal["overtime_per_workday"],
            cal["overtime_per_weekend_day"],
            cal["booked"],
            cal["days_off"],
        ]
        money = [
            bind_p("rate", widgets.Text(layout=NARROW), lambda q: str(q.rate) if q.rate else ""),
            bind_p("currency", self._currency, lambda q: q.currency),
            bind_p("vat", self._vat, lambda q: q.vat),
            bind_p(
                "min_extra_per_overtime_hour", widgets.Text(layout=NARROW), lambda q: str(q.min_extra_per_overtime_hour)
            ),
            self.bind(
                "overtime_premium_pct",
                widgets.Text(layout=NARROW),
                lambda q: _text(q.policy.overtime_premium_pct),
                lambda v: p.update(policy=RushPolicy(p.profile.policy.tiers, v)),
            ),
        ]
        self._tiers = tier_rows("profile-tier", self._write_tiers, lang(), reporter)
        self._colleagues = EditableRows(
            "profile-colleague",
            COLLEAGUE_COLUMNS,
            parse_colleague,
            colleague_values,
            self._write_colleagues,
            "ui.referral.add",
            "ui.referral.remove",
            lang(),
            reporter,
        )
        # The diary import is built when opened: it needs the day's start and length as they are then.
        self._diary_box = widgets.Accordion(children=[widgets.VBox()], selected_index=None)
        self._diary_box.add_class("nn-profile-diary")
        self.on(
            self._diary_box, lambda change: self._open_diary() if change["new"] is not None else None, "selected_index"
        )
        self._use = widgets.Button(icon="arrow-down", layout=widgets.Layout(width="auto"))
        self._use.add_class("nn-profile-use")
        self._keep = widgets.Button(icon="arrow-up", layout=widgets.Layout(width="auto"))
        self._keep.add_class("nn-profile-keep")
        self._use_note = widgets.HTML()  # what "use my set-up here" would change in the open case
        self._use_note.add_class("nn-profile-use-note")
        self._use.on_click(guarded(lambda _b: self.on_use(), reporter))
        self._keep.on_click(guarded(lambda _b: self.on_keep(), reporter))
        self.children = [
            self._title,
            self._intro,
            widgets.HBox([self._use, self._keep]),
            self._use_note,
            self._heading_you,
            *you,
            self._heading_week,
            *week,
            self._diary_box,
            self._heading_money,
            *money,
            self._tiers,
            self._heading_colleagues,
            self._colleagues,
        ]
        state.watch(guarded(self._on_profile, reporter))
        self.relabel()
        self._show(force=True)

    def show_use_note(self, text: str, can_use: bool) -> None:
        """Say what putting the set-up into the open case would change (or that it follows by itself)."""
        self._use_note.value = note_html(text, "#555", "ℹ")
        self._use.disabled = not can_use

    def _open_diary(self) -> None:
        """A fresh import for the coming year, with the set-up's working day as it is now."""
        from notnow.ui.diary import DiaryImport, merged_calendar  # late: icalendar costs ~90 ms; opened on demand

        p = self._state.profile
        start = date.today()
        end = start + timedelta(days=DIARY_DAYS)
        importer = DiaryImport(
            self._lang_of(),
            day_start=p.day_start,
            hours_per_day=p.calendar.hours_per_day,
            tz=p.timezone,
            start=start,
            end=end,
            workdays=p.calendar.workdays,
        )
        importer.observe(
            guarded(
                lambda change: self._state.update(
                    calendar=merged_calendar(self._state.profile.calendar, change["new"], start, end)
                ),
                self._reporter,
            ),
            "result",
        )
        self._diary_box.children[0].children = [importer]

    def _write_tiers(self, tiers: tuple[RushTier, ...]) -> None:
        self._state.update(policy=RushPolicy(tiers, self._state.profile.policy.overtime_premium_pct))

    def _write_colleagues(self, colleagues: tuple[Colleague, ...]) -> None:
        self._state.update(colleagues=colleagues)

    def _show(self, force: bool = False) -> None:
        profile = self._state.profile
        self._load_bindings(force=force)
        self._tiers.set_items(profile.policy.tiers, force=force)
        self._colleagues.set_items(profile.colleagues, force=force)

    def _on_profile(self, changed: frozenset[str]) -> None:
        self._show(force="*" in changed)

    def relabel(self) -> None:
        lang = self._lang_of()
        t: Callable[..., str] = lambda key, **v: tr(lang, key, **v)  # noqa: E731 — a short local alias
        self._title.value = Markup("<h3>{}</h3>").format(t("ui.profile.title"))
        self._intro.value = markdown_html(t("ui.profile.intro"))
        for heading, key in (
            (self._heading_you, "you"),
            (self._heading_week, "week"),
            (self._heading_money, "money"),
            (self._heading_colleagues, "colleagues"),
        ):
            heading.value = Markup("<h4>{}</h4>").format(t(f"ui.profile.heading_{key}"))
        self._use.description = t("ui.profile.use")
        self._diary_box.set_title(0, t("diary.title"))
        for importer in self._diary_box.children[0].children:
            importer.set_language(lang)
        self._keep.description = t("ui.profile.keep")
        with self._quietly():
            self._address.options = [(t(f"ui.profile.address_{a}"), a) for a in ADDRESS_FORMS]
            self._address.value = self._state.profile.address
            self._calendar.relabel(lang, self._state.profile.calendar.country)
            self._vat.options = [(t(f"ui.reply_lang.vat_{v}"), v) for v in VAT_CHOICES]
            self._vat.value = self._state.profile.vat
            self._currency.options = currency_options(self._state.profile.currency)
            self._currency.value = self._state.profile.currency
        for f in self._fields:
            f.relabel(lang)
        self._tiers.relabel(lang)
        self._colleagues.relabel(lang)
