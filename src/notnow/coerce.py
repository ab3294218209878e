"""Turn raw input (widgets, JSON, callers) into checked values, or raise InputError naming the field."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from notnow.errors import InputError

CENT = Decimal("0.01")
# Every date the user can enter lies in this range: wide enough for any real request, narrow enough that no
# value makes a calendar walk slow (and no date arithmetic overflows).
EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
MAX_NOTICE_DAYS = 730  # a deadline more than two years out is not a request to say "not now" to


def number(
    field: str, value: object, *, low: float | None = 0, high: float | None = None, allow_zero: bool = True
) -> float:
    """A finite float within [low, high] (low 0 by default); `allow_zero=False` makes 0 an error."""
    if isinstance(value, bool) or value is None:
        raise InputError(field, "number")
    if isinstance(value, str):
        value = value.strip().replace(",", ".")
        if not value:
            raise InputError(field, "required")
    try:
        result = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        raise InputError(field, "number") from None
    if not math.isfinite(result):
        raise InputError(field, "number")
    if not allow_zero and result <= 0:
        raise InputError(field, "positive")
    if low is not None and high is not None and not low <= result <= high:
        raise InputError(field, "between", min=_plain(low), max=_plain(high))
    if low is not None and result < low:
        raise InputError(field, "not_negative")
    if high is not None and result > high:
        raise InputError(field, "at_most", max=_plain(high))
    return result


def money(field: str, value: object) -> Decimal:
    """A non-negative amount as Decimal (exact from strings; floats via their shortest repr)."""
    if isinstance(value, bool) or value is None:
        raise InputError(field, "number")
    try:
        if isinstance(value, Decimal):
            amount = value
        elif isinstance(value, int | float):
            amount = Decimal(repr(float(value))) if isinstance(value, float) else Decimal(value)
        elif isinstance(value, str):
            text = value.strip().replace(",", ".")
            if not text:
                raise InputError(field, "required")
            amount = Decimal(text)
        else:
            raise InputError(field, "number")
    except InvalidOperation:
        raise InputError(field, "number") from None
    if not amount.is_finite():
        raise InputError(field, "number")
    if amount < 0:
        raise InputError(field, "not_negative")
    if amount > Decimal("1000000"):
        raise InputError(field, "at_most", max="1000000")
    return amount


def cents(amount: Decimal) -> Decimal:
    """Round money to cents, half up (the rule for every amount we show)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def in_range(field: str, day: date) -> date:
    """The day itself when it lies between EARLIEST and LATEST; otherwise InputError naming the range."""
    if not EARLIEST <= day <= LATEST:
        raise InputError(field, "date_range", min=EARLIEST.isoformat(), max=LATEST.isoformat())
    return day


def a_date(field: str, value: object) -> date:
    """A date (from a date, a datetime or an ISO string) between EARLIEST and LATEST."""
    if isinstance(value, datetime):
        return in_range(field, value.date())
    if isinstance(value, date):
        return in_range(field, value)
    if isinstance(value, str):
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            raise InputError(field, "date") from None
        return in_range(field, day)
    raise InputError(field, "date")


def a_datetime(field: str, value: object) -> datetime:
    """A datetime (from a datetime, a date taken as 00:00, or an ISO string) between EARLIEST and LATEST."""
    if isinstance(value, datetime):
        in_range(field, value.date())
        return value
    if isinstance(value, date):
        return datetime.combine(in_range(field, value), time())
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            raise InputError(field, "datetime") from None
        in_range(field, moment.date())
        return moment
    raise InputError(field, "datetime")


def ordered(received: object, deadline: object) -> tuple[datetime, datetime]:
    """Received and deadline as datetimes, with the deadline strictly after the received moment."""
    start = a_datetime("received", received)
    end = a_datetime("deadline", deadline)
    if (start.tzinfo is None) != (end.tzinfo is None):
        raise InputError("deadline", "mixed_timezones")
    if end <= start:
        raise InputError("deadline", "deadline_not_after_received")
    if (end - start).days > MAX_NOTICE_DAYS:
        raise InputError("deadline", "too_far_ahead", days=MAX_NOTICE_DAYS)
    return start, end


def choice(field: str, value: object, allowed: Iterable[str]) -> str:
    """One of the allowed codes."""
    options = tuple(allowed)
    if not isinstance(value, str) or value not in options:
        raise InputError(field, "choice", allowed=", ".join(options))
    return value


def well_formed(value: str) -> str:
    """The text with each lone surrogate (half an emoji, which a browser can send) as U+FFFD, as browsers do:
    such text can't be saved or encoded; a proper pair of halves becomes the one character it stands for."""
    return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def text(field: str, value: object, *, required: bool = False, max_len: int = 2000) -> str:
    """Stripped text, at most max_len characters."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InputError(field, "required" if required else "too_long", max=max_len)
    value = well_formed(value).strip()
    if required and not value:
        raise InputError(field, "required")
    if len(value) > max_len:
        raise InputError(field, "too_long", max=max_len)
    return value


def _plain(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)
