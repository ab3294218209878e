"""The user's standing set-up, entered once: every new case starts from it.

Who you are (name, business, signature), how you work (calendar, the hour your day starts, the overtime you
accept), what you charge (rate, currency, rush tiers, overtime premium, the minimum an evening must earn),
how you write (language, Dutch `je` or `u`) and who you could refer a client to. Kept in the store, per
participant in a workshop; a case takes a copy, so a saved case keeps the set-up it was answered with.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from notnow import coerce, content
from notnow.assessment import ADDRESS_FORMS, VAT_CHOICES, Assessment
from notnow.calendar import WorkCalendar
from notnow.errors import InputError
from notnow.referral import Colleague
from notnow.request import Request
from notnow.rush import RushPolicy

PROFILE_SCHEMA = 1
DEFAULT_TIMEZONE = "Europe/Amsterdam"
PLACEHOLDER_CLIENT = "?"  # a new case's request before the user names the client (never saved as such)
DEFAULT_NOTICE = timedelta(days=7)


def _timezone(value: object) -> str:
    name = value.strip() if isinstance(value, str) else ""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError("timezone", "unknown_timezone", value=value) from None
    return name


def _day_start(value: object) -> time:
    if isinstance(value, time):
        moment = value
    elif isinstance(value, str):
        try:
            moment = time.fromisoformat(value.strip())
        except ValueError:
            raise InputError("day_start", "time") from None
    else:
        raise InputError("day_start", "time")
    return moment.replace(second=0, microsecond=0, tzinfo=None)


@dataclass(frozen=True)
class Profile:
    """Everything a freelancer would otherwise retype for every request. Validated on creation."""

    name: str = ""
    business: str = ""
    signature: str = ""
    lang: str = "en"
    address: str = "je"
    currency: str = "EUR"
    rate: Decimal = Decimal(0)
    skill: str = ""
    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    day_start: time = time(9)
    timezone: str = DEFAULT_TIMEZONE
    policy: RushPolicy = field(default_factory=RushPolicy)
    min_extra_per_overtime_hour: Decimal = Decimal(0)
    colleagues: Sequence[Colleague] = ()
    vat: str = "excl"  # amounts in a reply: excluding or including VAT

    def __post_init__(self) -> None:
        def put(name: str, value: object) -> None:
            object.__setattr__(self, name, value)

        put("name", coerce.text("sender", self.name, max_len=200))
        put("business", coerce.text("business", self.business, max_len=200))
        put("signature", coerce.text("signature", self.signature, max_len=1000))
        put("lang", content.check_lang(self.lang))
        put("address", coerce.choice("address", self.address, ADDRESS_FORMS))
        # The request checks currency and rate the same way a case will.
        probe = Request(
            PLACEHOLDER_CLIENT,
            1,
            datetime(2026, 1, 1),
            datetime(2026, 1, 2),
            skill=self.skill,
            rate=self.rate,
            currency=self.currency,
        )
        put("currency", probe.currency)
        put("rate", probe.rate)
        put("skill", probe.skill)
        if not isinstance(self.calendar, WorkCalendar):
            raise InputError("calendar", "required")
        put("day_start", _day_start(self.day_start))
        if self.calendar.day_start != self.day_start:  # the calendar counts the deadline day from this hour
            put("calendar", self.calendar.replace(day_start=self.day_start))
        put("timezone", _timezone(self.timezone))
        if not isinstance(self.policy, RushPolicy):
            raise InputError("tiers", "required")
        put(
            "min_extra_per_overtime_hour", coerce.money("min_extra_per_overtime_hour", self.min_extra_per_overtime_hour)
        )
        colleagues = tuple(self.colleagues) if isinstance(self.colleagues, Sequence) else None
        if colleagues is None or not all(isinstance(c, Colleague) for c in colleagues):
            raise InputError("colleagues", "required")
        put("colleagues", colleagues)
        put("vat", coerce.choice("vat", self.vat, VAT_CHOICES))

    def replace(self, **changes: Any) -> Profile:
        """A copy with some settings changed, validated as a whole."""
        return dataclasses.replace(self, **changes)

    # --- cases ---------------------------------------------------------------------------------

    def new_case(self, now: datetime | None = None, lang: str | None = None) -> Assessment:
        """A fresh case that starts from this set-up: received now, due in a week (at the end of that working day)
        until the user says when."""
        start = (now or datetime.now()).replace(second=0, microsecond=0)
        request = Request(
            PLACEHOLDER_CLIENT,
            8,
            start,
            self.calendar.end_of_day(start.date() + DEFAULT_NOTICE),
            skill=self.skill,
            rate=self.rate,
            currency=self.currency,
        )
        page = content.check_lang(lang or self.lang)
        # The page may speak another language; the reply speaks the set-up's (`lang`: "language of your replies").
        return Assessment(request=request, lang=page, reply_lang=self.lang, **self.case_settings())

    def case_settings(self) -> dict[str, Any]:
        """The case fields this set-up fills in: the calendar, the rush terms, the colleagues, who signs."""
        return {
            "calendar": self.calendar,
            "policy": self.policy,
            "min_extra_per_overtime_hour": self.min_extra_per_overtime_hour,
            "colleagues": self.colleagues,
            "sender": self.name,
            "business": self.business,
            "signature": self.signature,
            "address": self.address,
            "vat": self.vat,
        }

    @classmethod
    def from_case(cls, case: Assessment, base: Profile | None = None) -> Profile:
        """This case's set-up kept as the profile (what a first-time user filled in, saved for next time)."""
        base = base or cls()
        r = case.request
        return base.replace(
            name=case.sender or base.name,
            business=case.business or base.business,
            signature=case.signature or base.signature,
            lang=case.reply_lang,
            address=case.address,
            currency=r.currency,
            rate=r.rate or base.rate,
            skill=base.skill or r.skill,
            calendar=case.calendar,
            day_start=case.calendar.day_start,
            policy=case.policy,
            min_extra_per_overtime_hour=case.min_extra_per_overtime_hour,
            colleagues=case.colleagues,
            vat=case.vat,
        )

    # --- saving ---------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": PROFILE_SCHEMA,
            "name": self.name,
            "business": self.business,
            "signature": self.signature,
            "lang": self.lang,
            "address": self.address,
            "currency": self.currency,
            "rate": str(self.rate),
            "skill": self.skill,
            "calendar": self.calendar.to_dict(),
            "day_start": self.day_start.strftime("%H:%M"),
            "timezone": self.timezone,
            "policy": self.policy.to_dict(),
            "min_extra_per_overtime_hour": str(self.min_extra_per_overtime_hour),
            "colleagues": [c.to_dict() for c in self.colleagues],
            "vat": self.vat,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Profile:
        if not isinstance(data, Mapping) or int(data.get("schema", PROFILE_SCHEMA)) > PROFILE_SCHEMA:
            raise InputError("profile", "bad_json")
        defaults = cls()
        try:
            return cls(
                name=data.get("name", ""),
                business=data.get("business", ""),
                signature=data.get("signature", ""),
                lang=data.get("lang", defaults.lang),
                address=data.get("address", defaults.address),
                currency=data.get("currency", defaults.currency),
                rate=data.get("rate", "0"),
                skill=data.get("skill", ""),
                calendar=WorkCalendar.from_dict(data.get("calendar") or {}),
                day_start=data.get("day_start", "09:00"),
                timezone=data.get("timezone", DEFAULT_TIMEZONE),
                policy=RushPolicy.from_dict(data.get("policy") or {}),
                min_extra_per_overtime_hour=data.get("min_extra_per_overtime_hour", "0"),
                colleagues=tuple(Colleague.from_dict(c) for c in data.get("colleagues") or ()),
                vat=data.get("vat") or "excl",
            )
        except (TypeError, AttributeError):
            raise InputError("profile", "bad_json") from None

    @classmethod
    def from_json(cls, text: str) -> Profile:
        try:
            data = json.loads(text)
        except (TypeError, ValueError):
            raise InputError("profile", "bad_json") from None
        return cls.from_dict(data)


# What "use my set-up here" changes in a case: the case fields, then the request's money (rate, currency).
SETUP_FIELDS: tuple[str, ...] = (
    "calendar",
    "policy",
    "min_extra_per_overtime_hour",
    "colleagues",
    "sender",
    "business",
    "signature",
    "address",
    "rate",
    "currency",
)


def setup_changes(profile: Profile, case: Assessment) -> dict[str, Any]:
    """The case fields the set-up would change in `case` (as `Assessment.replace` takes them): the settings
    that differ, and a new request when the rate or currency differ (a rate of 0 in the set-up leaves it)."""
    changes = {k: v for k, v in profile.case_settings().items() if getattr(case, k) != v}
    request = case.request
    money: dict[str, Any] = {}
    if profile.rate and request.rate != profile.rate:
        money["rate"] = profile.rate
    if request.currency != profile.currency:
        money["currency"] = profile.currency
    if money:
        changes["request"] = request.replace(**money)
    return changes


def setup_change_names(profile: Profile, case: Assessment) -> tuple[str, ...]:
    """What `setup_changes` would change, by name (SETUP_FIELDS order): for the sentence that says so."""
    changes = setup_changes(profile, case)
    names = set(changes) - {"request"}
    if "request" in changes:
        names |= {k for k in ("rate", "currency") if getattr(changes["request"], k) != getattr(case.request, k)}
    return tuple(name for name in SETUP_FIELDS if name in names)
