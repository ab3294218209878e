"""The honesty check: hold the reason the user gives against their real calendar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from notnow import coerce, content
from notnow.calendar import EPSILON, days_off_in_window, free_hours
from notnow.fmt import format_date, format_hours

if TYPE_CHECKING:
    from notnow.calendar import WorkCalendar
    from notnow.request import Request

REASONS: tuple[str, ...] = ("fully_booked", "special_occasion", "leave", "not_my_focus", "dont_want", "other")
MIN_DETAIL_WORDS = 4  # fewer words than this is not yet a concrete reason


@dataclass(frozen=True)
class Flag:
    """Something in the reason that does not hold up, and what to do about it."""

    code: str
    message: str


def check_honesty(reason: str, cal: WorkCalendar, request: Request, detail: str = "",
                  lang: str = "en") -> list[Flag]:
    """Flags for the chosen reason: calendar_has_room, no_leave_in_window or vague. Empty means it holds."""
    code = coerce.choice("reason", reason, REASONS)
    said = coerce.text("detail", detail, max_len=2000)
    content.check_lang(lang)
    flags: list[Flag] = []
    if code == "fully_booked":
        free = free_hours(cal, request.received, request.deadline)
        if free + EPSILON >= request.hours:
            flags.append(Flag("calendar_has_room", content.text(
                lang, "honesty.flags.calendar_has_room", free=format_hours(free, lang),
                hours=format_hours(request.hours, lang), deadline=format_date(request.deadline.date(), lang))))
    elif code == "leave":
        if not days_off_in_window(cal, request.received, request.deadline):
            first = request.received.date() + timedelta(days=1)
            flags.append(Flag("no_leave_in_window", content.text(
                lang, "honesty.flags.no_leave_in_window", start=format_date(first, lang),
                end=format_date(request.deadline.date(), lang))))
    elif code == "other" and len(said.split()) < MIN_DETAIL_WORDS:
        flags.append(Flag("vague", content.text(lang, "honesty.flags.vague")))
    return flags
