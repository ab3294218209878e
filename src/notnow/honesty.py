"""The honesty check: hold the reason the user gives against their real calendar."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from notnow import coerce, content
from notnow.calendar import EPSILON, days_off_in_window, free_hours, window_start
from notnow.fmt import format_date, format_hours, format_hours_unit

if TYPE_CHECKING:
    from notnow.calendar import WorkCalendar
    from notnow.request import Request

REASONS: tuple[str, ...] = ("fully_booked", "special_occasion", "leave", "not_my_focus", "dont_want", "other")
WORK_REFUSALS: tuple[str, ...] = ("not_my_focus", "dont_want")  # a no to the work itself, not to the timing
MIN_DETAIL_WORDS = 4  # fewer words than this is not yet a concrete reason
PARTLY_FREE_SHARE = 0.25  # from a quarter of the hours free, "fully booked" is no longer true
FULLNESS: tuple[str, ...] = ("none", "little", "partly", "room")


@dataclass(frozen=True)
class Flag:
    """Something in the reason that does not hold up, and what to do about it."""

    code: str
    message: str


def fullness(free: float, hours: float) -> str:
    """How full the diary is for a job: "room" (the free hours cover it), "partly" (at least a quarter),
    "little" (some, under a quarter) or "none". Only "little" and "none" may be called a full diary."""
    if free + EPSILON >= hours:
        return "room"
    if free + EPSILON >= hours * PARTLY_FREE_SHARE:
        return "partly"
    return "little" if free > EPSILON else "none"


def is_vague(detail: str) -> bool:
    """Fewer than MIN_DETAIL_WORDS words do not yet say what, when or how long."""
    return len(detail.split()) < MIN_DETAIL_WORDS


def check_honesty(reason: str, cal: WorkCalendar, request: Request, detail: str = "", lang: str = "en") -> list[Flag]:
    """Flags for the chosen reason: calendar_has_room or partly_free (fully booked while the calendar
    has all, or at least a quarter, of the hours free), no_leave_in_window, or vague. Empty means it holds."""
    code = coerce.choice("reason", reason, REASONS)
    said = coerce.text("detail", detail, max_len=2000)
    content.check_lang(lang)
    flags: list[Flag] = []
    if code == "fully_booked":
        free = free_hours(cal, request.received, request.deadline)
        state = fullness(free, request.hours)
        values = {
            "free": format_hours(free, lang),
            "hours": format_hours(request.hours, lang),
            "deadline": format_date(request.deadline.date(), lang),
        }
        if state == "room":
            flags.append(Flag("calendar_has_room", content.text(lang, "honesty.flags.calendar_has_room", **values)))
        elif state == "partly":
            flags.append(
                Flag(
                    "partly_free",
                    content.text(
                        lang,
                        "honesty.flags.partly_free",
                        deadline=values["deadline"],
                        free=format_hours_unit(free, lang),
                        hours=format_hours_unit(request.hours, lang),
                    ),
                )
            )
    elif code == "leave":
        if not days_off_in_window(cal, request.received, request.deadline):
            first = window_start(request.received)  # the window opens the day after the request
            flags.append(
                Flag(
                    "no_leave_in_window",
                    content.text(
                        lang,
                        "honesty.flags.no_leave_in_window",
                        start=format_date(first, lang),
                        end=format_date(request.deadline.date(), lang),
                    ),
                )
            )
    elif code == "other" and is_vague(said):
        flags.append(Flag("vague", content.text(lang, "honesty.flags.vague")))
    return flags
