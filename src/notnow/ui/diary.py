"""DiaryImport: read a calendar export (.ics), show the user what it says, and hand it on only when they agree.

A standalone component: private child widgets wired with observe, one read-only result, nothing displayed
from the constructor. The rules for reading live in `notnow.ics`; this module only lays them out.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, time, timedelta
from typing import Any

import ipywidgets as widgets
import traitlets
from babel import Locale
from babel.dates import format_date
from markupsafe import Markup

from notnow import content
from notnow.calendar import WorkCalendar
from notnow.errors import InputError
from notnow.fmt import error_text, format_hours, format_hours_unit, locale
from notnow.ics import BusyDiary, check_settings, read_diary_bounded

log = logging.getLogger("notnow")

TABLE_STYLE = "border-collapse:collapse;margin:4px 0 10px;font-size:0.95em"
CELL_STYLE = "border:1px solid #d0d7de;padding:3px 8px;text-align:right;white-space:nowrap"
HEAD_STYLE = CELL_STYLE + ";background:#f1f5fb"
OFF_STYLE = CELL_STYLE + ";background:#fff3e0"
SCROLL_STYLE = "max-height:420px;overflow-y:auto"


def merged_calendar(calendar: WorkCalendar, result: dict[str, Any], start: date, end: date) -> WorkCalendar:
    """The calendar with the imported days from `start` to `end` in place of what it held for them
    (days outside that range keep what the user typed)."""
    booked = {d: h for d, h in calendar.booked.items() if not start <= d <= end}
    booked.update({date.fromisoformat(d): float(h) for d, h in result.get("booked", {}).items()})
    days_off = {d for d in calendar.days_off if not start <= d <= end}
    days_off.update(date.fromisoformat(d) for d in result.get("days_off", ()))
    return calendar.replace(booked=booked, days_off=days_off)


def working_hours(diary: BusyDiary) -> dict[date, float]:
    """The booked hours on days that are not off (a meeting on a day off takes no working time)."""
    return {day: hours for day, hours in diary.booked.items() if hours and day not in diary.days_off}


class DiaryImport(widgets.VBox):
    """Upload an .ics file, check the week view, press "Use these": `result` then holds the busy days.

    `result` is {"booked": {iso_date: hours}, "days_off": [iso_date, …]}; it stays empty until the user agrees.
    """

    result = traitlets.Dict(read_only=True)

    def __init__(
        self,
        lang: str = "en",
        *,
        day_start: time = time(9),
        hours_per_day: float = 8.0,
        tz: str = "Europe/Amsterdam",
        start: date,
        end: date,
        workdays: Iterable[int] = (0, 1, 2, 3, 4),
    ) -> None:
        super().__init__()
        check_settings(start, end, day_start=day_start, hours_per_day=hours_per_day, tz=tz)
        self._lang = content.check_lang(lang)
        self._settings: dict[str, Any] = {
            "start": start,
            "end": end,
            "day_start": day_start,
            "hours_per_day": hours_per_day,
            "tz": tz,
        }
        self._workdays = frozenset(d for d in workdays if d in range(7)) or frozenset(range(5))
        self._diary: BusyDiary | None = None
        self._error: InputError | None = None
        self._failed = False
        self._used = False

        self._title = widgets.HTML()
        self._intro = widgets.HTML()
        # Its own width: the label in full ("Kies .ics-bestand", not "Kies .ics-bestan…")
        self._upload = widgets.FileUpload(accept=".ics", multiple=False, layout=widgets.Layout(width="auto"))
        self._message = widgets.HTML()
        self._which_days = widgets.ToggleButtons(
            options=["work", "all"], value="work", style={"button_width": "auto"}
        )  # labels: _relabel
        self._count = widgets.HTML()
        self._weeks = widgets.HTML()
        self._use = widgets.Button(disabled=True, button_style="primary", icon="check")
        self._status = widgets.HTML()
        for control, name in (
            (self._upload, "upload"),
            (self._message, "message"),
            (self._which_days, "days"),
            (self._count, "count"),
            (self._weeks, "week"),
            (self._use, "use"),
            (self._status, "status"),
        ):
            control.add_class(f"nn-diary-{name}")
        self.add_class("nn-diary")

        self._upload.observe(self._on_upload, "value")
        self._which_days.observe(self._on_which_days, "value")
        self._use.on_click(self._on_use)
        self.children = [
            self._title,
            self._intro,
            widgets.HBox([self._upload, self._message]),
            self._which_days,
            self._count,
            self._weeks,
            self._use,
            self._status,
        ]
        self._relabel()

    # --- public ------------------------------------------------------------------------------------------

    @property
    def lang(self) -> str:
        return self._lang

    def set_language(self, lang: str) -> None:
        """Relabel everything (and redraw the week view) in `lang`; what was read stays."""
        self._lang = content.check_lang(lang)
        self._relabel()

    # --- callbacks: never let an exception out ----------------------------------------------------------

    def _on_upload(self, change: dict[str, Any]) -> None:
        files = change.get("new") or ()
        if not files:
            return  # the upload was cleared
        self._diary, self._error, self._failed, self._used = None, None, False, False
        try:
            data = bytes(files[0]["content"])
            self._diary = read_diary_bounded(data, **self._settings)  # a child process, bounded in time and memory
        except InputError as error:
            self._error = error
        except Exception:
            log.exception("reading an uploaded calendar file failed")
            self._failed = True
        self._show()

    def _on_which_days(self, _change: object) -> None:
        self._show()

    def _on_use(self, _button: object) -> None:
        try:
            if self._diary is None:
                return
            self.set_trait(
                "result",
                {
                    "booked": {day.isoformat(): hours for day, hours in sorted(self._diary.booked.items())},
                    "days_off": sorted(day.isoformat() for day in self._diary.days_off),
                },
            )
            self._used = True
        except Exception:
            log.exception("handing on the imported diary failed")
            self._failed = True
        self._show()

    def _show(self) -> None:
        """Redraw from a callback: a drawing bug is logged, never raised into the page."""
        try:
            self._redraw()
        except Exception:
            log.exception("drawing the diary import failed")

    # --- drawing ---------------------------------------------------------------------------------------

    def _t(self, key: str, **values: object) -> str:
        return content.text(self._lang, f"diary.{key}", **values)

    def _relabel(self) -> None:
        self._title.value = Markup("<h4>{}</h4>").format(self._t("title"))
        self._intro.value = Markup("<p>{}</p>").format(self._t("intro"))
        self._upload.description = self._t("upload")
        self._use.description = self._t("use")
        keep = self._which_days.value or "work"
        self._which_days.options = [(self._t("show_workdays"), "work"), (self._t("show_all"), "all")]
        self._which_days.value = keep
        self._redraw()

    def _redraw(self) -> None:
        if self._error is not None:
            message = error_text(self._error, self._lang)
        elif self._failed:
            message = self._t("failed")
        else:
            message = ""
        self._message.value = Markup('<span style="color:#b00020">⚠ {}</span>').format(message) if message else ""
        diary = self._diary
        self._use.disabled = diary is None
        self._which_days.layout.display = None if diary is not None else "none"
        self._count.value = Markup("<p><b>{}</b></p>").format(self._count_line(diary)) if diary is not None else ""
        self._weeks.value = self._week_view(diary) if diary is not None else ""
        self._status.value = Markup("<p>✔ {}</p>").format(self._t("used")) if self._used else ""

    def _count_line(self, diary: BusyDiary) -> str:
        """The count line ("23 events → 41.5 hours booked on 12 days, 3 days off"), plurals by CLDR's rules.
        Hours on a day off are not counted: the day is off, as the week view shows it."""
        booked = working_hours(diary)
        return self._t(
            "count",
            events=self._plural("events", diary.events),
            hours=format_hours_unit(sum(booked.values()), self._lang),
            days=self._plural("days", len(booked)),
            days_off=self._plural("days_off", len(diary.days_off)),
        )

    def _plural(self, key: str, n: int) -> str:
        form = self._locale().plural_form(n)
        return self._t(f"{key}_one" if form == "one" else f"{key}_other", n=n)

    def _locale(self) -> Locale:
        return locale(self._lang)

    def _week_view(self, diary: BusyDiary) -> Markup:
        """A table per week (Monday to Sunday) that has something in it (booked hours or a day off on a day
        shown), up to the end of the period read; booked hours per day, days off marked as off and left out
        of the week's total; all text escaped."""
        first, last = self._settings["start"], self._settings["end"]
        shown = sorted(self._workdays) if self._which_days.value == "work" else list(range(7))
        booked = working_hours(diary)
        locale = self._locale()
        monday = first - timedelta(days=first.weekday())
        tables = []
        while monday <= last:
            days = [monday + timedelta(days=d) for d in shown]
            inside = [day for day in days if first <= day <= last]
            if not any(day in booked or day in diary.days_off for day in inside):
                monday += timedelta(days=7)
                continue
            heads = [str(format_date(day, "EEE d MMM", locale=locale)) for day in days]
            cells = [self._cell(day, diary, first, last) for day in days]
            total = sum(booked.get(day, 0.0) for day in inside)
            week = monday.isocalendar().week
            head = Markup(f"<th style='{HEAD_STYLE}'>{{}}</th>")  # style: our constant
            head_row = Markup("").join(head.format(h) for h in heads) + head.format(self._t("total"))
            total_cell = Markup(f"<td style='{CELL_STYLE}'><b>{{}}</b></td>").format(format_hours(total, self._lang))
            body_row = Markup("").join(cells) + total_cell
            tables.append(
                Markup(
                    f"<table class='nn-diary-weektable' style='{TABLE_STYLE}'>"
                    "<caption style='text-align:left'>{}</caption>"
                    "<thead><tr>{}</tr></thead><tbody><tr>{}</tr></tbody></table>"
                ).format(self._t("week", number=week), head_row, body_row)
            )
            monday += timedelta(days=7)
        if not tables:
            return Markup("<p class='nn-diary-empty'>{}</p>").format(self._t("empty_period"))
        return Markup(f"<div style='{SCROLL_STYLE}'>{{}}</div>").format(Markup("").join(tables))

    def _cell(self, day: date, diary: BusyDiary, first: date, last: date) -> Markup:
        if not first <= day <= last:
            return Markup(f"<td class='nn-diary-outside' style='{CELL_STYLE}'></td>")
        if day in diary.days_off:
            return Markup(f"<td class='nn-diary-off' style='{OFF_STYLE}'>{{}}</td>").format(self._t("off"))
        hours = working_hours(diary).get(day, 0.0)
        text = format_hours(hours, self._lang) if hours else self._t("nothing")
        return Markup(f"<td class='nn-diary-day' data-date='{{}}' style='{CELL_STYLE}'>{{}}</td>").format(
            day.isoformat(), text
        )
