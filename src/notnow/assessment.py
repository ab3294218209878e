"""The case flowing through every step: what the user entered, and what the logic makes of it.

Serialised by stable field names (never widget ids), so it can be saved, resumed and compared.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from notnow import coerce, content
from notnow.calendar import WorkCalendar, earliest_finish
from notnow.errors import InputError
from notnow.honesty import REASONS, Flag, check_honesty
from notnow.referral import Colleague, Referral, classify_referral
from notnow.request import Request
from notnow.rush import RushPolicy, RushQuote, quote_rush
from notnow.split import Part, SplitPlan, plan_split

SCHEMA_VERSION = 2  # 2: sender, business, signature, address, reached; Request.contact
STEPS: tuple[str, ...] = ("request", "empathy", "honesty", "split", "when", "rush", "referral", "reply", "after")
OFFERS: tuple[str, ...] = ("split", "later", "rush", "referral", "think", "senior", "reversal")
OUTCOMES: tuple[str, ...] = ("accepted", "accepted_rush", "split", "later", "referred", "declined")
CHANNELS: tuple[str, ...] = ("email", "phone")
FOLLOW_UP_DAYS = 14  # aftercare: check in a fortnight after the deadline
EMPATHY_PROMPTS: tuple[str, ...] = ("why_soon", "at_stake", "in_their_place")
VAT_CHOICES: tuple[str, ...] = ("excl", "incl")  # amounts in the reply: excluding or including VAT
ADDRESS_FORMS: tuple[str, ...] = ("je", "u")  # how the Dutch reply addresses the client: informal or formal
MAX_LISTED = 50  # ticked rules and offers: more than any list we show


@dataclass(frozen=True)
class Assessment:
    """One client request and the user's answers to every step. Validated on creation and on load.

    Frozen: a change is a new Assessment (`replace`), validated as a whole, so no step can keep a stale copy
    of a field and write it back, and whoever holds the case can tell exactly which fields changed.
    """

    request: Request
    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    lang: str = "en"
    sender: str = ""
    business: str = ""
    signature: str = ""
    address: str = "je"
    empathy: Mapping[str, str] = field(default_factory=dict)
    reason: str = ""
    reason_detail: str = ""
    parts: Sequence[Part] = ()
    spread: float = 0.5
    policy: RushPolicy = field(default_factory=RushPolicy)
    min_extra_per_overtime_hour: Decimal = Decimal(0)
    colleagues: Sequence[Colleague] = ()
    reversal_example: str = ""
    reversal_confirmed: bool = False
    senior_hours: float = 1.0
    offers: Sequence[str] = ()
    channel: str = "email"
    reply_text: str = ""
    outcome: str = ""
    follow_up: date | None = None
    boundary_notes: str = ""
    pushback_checked: Sequence[str] = ()
    step: str = "request"
    reached: str = "request"
    case_id: str = ""
    # The user has edited the split's parts: from then on they no longer follow the request's hours by
    # themselves (the split step offers "make them add up" instead).
    parts_edited: bool = False
    # The reply's own language ("" on creation: the case's language); the page's language never changes it.
    reply_lang: str = ""
    vat: str = "excl"  # amounts in the reply: excluding or including VAT (VAT_CHOICES)
    detail_reason: str = ""  # the reason reason_detail was written for ("" on creation: the reason chosen)
    # What the logic makes of the case, remembered: the case never changes, and each step asks again.
    _results: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)
    # The client's mail this case answers (notnow.intake): where the reply goes, and the thread it goes back in.
    client_email: str = ""
    mail_subject: str = ""
    message_id: str = ""

    def __post_init__(self) -> None:
        def put(name: str, value: object) -> None:
            object.__setattr__(self, name, value)

        content.check_lang(self.lang)
        if not isinstance(self.request, Request):
            raise InputError("request", "required")
        if not isinstance(self.calendar, WorkCalendar):
            raise InputError("calendar", "required")
        if not isinstance(self.policy, RushPolicy):
            raise InputError("tiers", "required")
        put("sender", coerce.text("sender", self.sender, max_len=200))
        put("business", coerce.text("business", self.business, max_len=200))
        put("signature", coerce.text("signature", self.signature, max_len=1000))
        put("address", coerce.choice("address", self.address, ADDRESS_FORMS))
        answers = self.empathy if isinstance(self.empathy, Mapping) else {}
        put(
            "empathy",
            MappingProxyType(
                {k: coerce.text("empathy", answers.get(k, ""), max_len=2000) for k in EMPATHY_PROMPTS if answers.get(k)}
            ),
        )
        if self.reason:
            coerce.choice("reason", self.reason, REASONS)
        put("reason_detail", coerce.text("detail", self.reason_detail))
        put("parts", _items("parts", self.parts, Part))
        put("spread", coerce.number("spread", self.spread, high=1, allow_zero=False))
        put(
            "min_extra_per_overtime_hour", coerce.money("min_extra_per_overtime_hour", self.min_extra_per_overtime_hour)
        )
        put("colleagues", _items("colleagues", self.colleagues, Colleague))
        put("reversal_example", coerce.text("reversal_example", self.reversal_example))
        put("reversal_confirmed", bool(self.reversal_confirmed))
        put("senior_hours", coerce.number("senior_hours", self.senior_hours, high=200))
        offers = dict.fromkeys(_items("offers", self.offers, str))
        put("offers", tuple(coerce.choice("offers", o, OFFERS) for o in offers))
        coerce.choice("channel", self.channel, CHANNELS)
        if self.outcome:
            coerce.choice("outcome", self.outcome, OUTCOMES)
        if self.follow_up is not None:
            put("follow_up", coerce.a_date("follow_up", self.follow_up))
        put("reply_text", coerce.text("reply_text", self.reply_text, max_len=20_000))
        put("boundary_notes", coerce.text("boundary_notes", self.boundary_notes, max_len=5000))
        put(
            "pushback_checked",
            tuple(
                coerce.text("pushback_checked", x, max_len=100)
                for x in dict.fromkeys(_items("pushback_checked", self.pushback_checked, str))
            ),
        )
        coerce.choice("step", self.step, STEPS)
        coerce.choice("step", self.reached, STEPS)
        if STEPS.index(self.reached) < STEPS.index(self.step):
            put("reached", self.step)  # the step shown has been reached, whatever was saved
        put("case_id", str(self.case_id))
        put("parts_edited", bool(self.parts_edited))
        for name, max_len in (("client_email", 320), ("mail_subject", 998), ("message_id", 998)):
            # header values: one line each, so no text can add a header of its own to the reply
            put(name, " ".join(coerce.text(name, getattr(self, name), max_len=max_len).split()))
        put("reply_lang", content.check_lang(self.reply_lang or self.lang))
        put("vat", coerce.choice("vat", self.vat, VAT_CHOICES))
        if self.detail_reason:
            coerce.choice("reason", self.detail_reason, REASONS)
        elif self.reason_detail:
            put("detail_reason", self.reason)

    def replace(self, **changes: Any) -> Assessment:
        """A copy with some fields changed, validated as a whole (InputError names the first bad field).

        A detail written now belongs to the reason chosen now; a new reason alone keeps the old detail for
        the reason it was written for (nothing typed is lost), and the reply leaves it out."""
        if "reason_detail" in changes and "detail_reason" not in changes:
            changes["detail_reason"] = changes.get("reason", self.reason)
        return dataclasses.replace(self, **changes)

    # --- what the logic makes of it -------------------------------------------------------------

    def _remember(self, name: str, work: Callable[[], Any]) -> Any:
        """`work()` once per case; an InputError is remembered and raised again, like the result."""
        if name not in self._results:
            try:
                self._results[name] = work()
            except InputError as error:
                self._results[name] = error
        result = self._results[name]
        if isinstance(result, InputError):
            raise result
        return result

    def quote(self) -> RushQuote:
        r = self.request
        quote: RushQuote = self._remember(
            "quote",
            lambda: quote_rush(
                r.rate, r.hours, r.received, r.deadline, self.calendar, self.policy, self.min_extra_per_overtime_hour
            ),
        )
        return quote

    def split_plan(self) -> SplitPlan | None:
        """The split plan, or None while no parts are listed."""
        if not self.parts:
            return None
        r = self.request
        plan: SplitPlan = self._remember(
            "split_plan", lambda: plan_split(self.calendar, self.parts, r.received, r.deadline, self.spread)
        )
        return plan

    def earliest(self) -> date | None:
        earliest: date | None = self._remember(
            "earliest", lambda: earliest_finish(self.calendar, self.request.hours, self.request.received)
        )
        return earliest

    def referral(self) -> Referral:
        referral: Referral = self._remember("referral", lambda: classify_referral(self.colleagues, self.request.skill))
        return referral

    def honesty_flags(self) -> list[Flag]:
        if not self.reason:
            return []
        flags: list[Flag] = self._remember(
            "honesty_flags",
            lambda: check_honesty(self.reason, self.calendar, self.request, self.reason_detail, self.lang),
        )
        return list(flags)

    def think_date(self) -> date:
        """When to come back after asking for time: the next working day after the request came in, and always
        before the deadline: the day the request came in when the next working day is the deadline's (or later)."""
        received = self.request.received.date()
        day = self.calendar.next_working_day(received + timedelta(days=1))
        if day is None or day >= self.request.deadline.date():
            return received
        return day

    def suggested_follow_up(self) -> date:
        """When to check in after the reply: two weeks after the client's deadline, moved to the next working
        day when that falls on a weekend, a public holiday or a day off."""
        suggested = self.request.deadline.date() + timedelta(days=FOLLOW_UP_DAYS)
        return self.calendar.next_working_day(suggested) or suggested

    # --- saving ---------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA_VERSION,
            "case_id": self.case_id,
            "lang": self.lang,
            "step": self.step,
            "reached": self.reached,
            "sender": self.sender,
            "business": self.business,
            "signature": self.signature,
            "address": self.address,
            "request": self.request.to_dict(),
            "calendar": self.calendar.to_dict(),
            "empathy": dict(self.empathy),
            "reason": self.reason,
            "reason_detail": self.reason_detail,
            "parts": [p.to_dict() for p in self.parts],
            "parts_edited": self.parts_edited,
            "spread": self.spread,
            "policy": self.policy.to_dict(),
            "min_extra_per_overtime_hour": str(self.min_extra_per_overtime_hour),
            "colleagues": [c.to_dict() for c in self.colleagues],
            "reversal_example": self.reversal_example,
            "reversal_confirmed": self.reversal_confirmed,
            "senior_hours": self.senior_hours,
            "offers": list(self.offers),
            "channel": self.channel,
            "reply_text": self.reply_text,
            "outcome": self.outcome,
            "follow_up": self.follow_up.isoformat() if self.follow_up else None,
            "boundary_notes": self.boundary_notes,
            "pushback_checked": list(self.pushback_checked),
            "client_email": self.client_email,
            "mail_subject": self.mail_subject,
            "message_id": self.message_id,
            "reply_lang": self.reply_lang,
            "vat": self.vat,
            "detail_reason": self.detail_reason,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Assessment:
        if not isinstance(data, Mapping) or not isinstance(data.get("request"), Mapping):
            raise InputError("saved_case", "bad_json")
        if int(data.get("schema", SCHEMA_VERSION)) > SCHEMA_VERSION:
            raise InputError("saved_case", "bad_json")
        try:
            return cls(
                request=Request.from_dict(data["request"]),
                calendar=WorkCalendar.from_dict(data.get("calendar") or {}),
                lang=data.get("lang", "en"),
                sender=data.get("sender", ""),
                business=data.get("business", ""),
                signature=data.get("signature", ""),
                address=data.get("address", "je"),
                empathy={str(k): str(v) for k, v in (data.get("empathy") or {}).items()},
                reason=data.get("reason", ""),
                reason_detail=data.get("reason_detail", ""),
                parts=tuple(Part.from_dict(p) for p in data.get("parts") or []),
                parts_edited=bool(data.get("parts_edited", False)),
                spread=data.get("spread", 0.5),
                policy=RushPolicy.from_dict(data.get("policy") or {}),
                min_extra_per_overtime_hour=data.get("min_extra_per_overtime_hour", "0"),
                colleagues=tuple(Colleague.from_dict(c) for c in data.get("colleagues") or []),
                reversal_example=data.get("reversal_example", ""),
                reversal_confirmed=bool(data.get("reversal_confirmed", False)),
                senior_hours=data.get("senior_hours", 1.0),
                offers=tuple(data.get("offers") or ()),
                channel=data.get("channel", "email"),
                reply_text=data.get("reply_text", ""),
                outcome=data.get("outcome", ""),
                follow_up=data.get("follow_up"),
                boundary_notes=data.get("boundary_notes", ""),
                pushback_checked=tuple(str(x) for x in data.get("pushback_checked") or ()),
                step=data.get("step", "request"),
                reached=data.get("reached", data.get("step", "request")),
                case_id=str(data.get("case_id", "")),
                client_email=data.get("client_email", ""),
                mail_subject=data.get("mail_subject", ""),
                message_id=data.get("message_id", ""),
                reply_lang=data.get("reply_lang") or "",
                vat=data.get("vat") or "excl",
                detail_reason=data.get("detail_reason") or "",
            )
        except (TypeError, AttributeError, ValueError) as error:
            if isinstance(error, InputError):
                raise
            raise InputError("saved_case", "bad_json") from None

    @classmethod
    def from_json(cls, text: str) -> Assessment:
        try:
            data = json.loads(text)
        except (TypeError, ValueError):
            raise InputError("saved_case", "bad_json") from None
        return cls.from_dict(data)

    @classmethod
    def example(cls, lang: str = "en") -> Assessment:
        """The worked example case shipped in data/examples/ (the one the chapters run on)."""
        content.check_lang(lang)
        return cls.from_json(content.read_json_text(f"examples/{lang}.json"))

    @classmethod
    def blank(cls, lang: str = "en", now: datetime | None = None) -> Assessment:
        """A fresh case: a placeholder request due in a week, at the end of that working day, to fill in."""
        start = (now or datetime.now()).replace(second=0, microsecond=0)
        calendar = WorkCalendar()
        due = calendar.end_of_day(start.date() + timedelta(days=7))
        placeholder = Request(client="?", hours=8, received=start, deadline=due)
        return cls(request=placeholder, calendar=calendar, lang=lang)


def _items(name: str, values: object, kind: type[Any]) -> tuple[Any, ...]:
    """A list field as a tuple of `kind`, at most MAX_LISTED… items (InputError names the field otherwise)."""
    if isinstance(values, str | bytes) or not isinstance(values, Sequence | set | frozenset | tuple):
        raise InputError(name, "required")
    items = tuple(values)
    if not all(isinstance(v, kind) for v in items):
        raise InputError(name, "required")
    if name in ("offers", "pushback_checked") and len(items) > MAX_LISTED:
        raise InputError(name, "at_most", max=MAX_LISTED)
    return items
