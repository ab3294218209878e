"""The client's request: who asks what, how big it is, and when they want it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from babel.numbers import get_currency_name

from notnow import coerce
from notnow.errors import InputError

RELATIONSHIPS: tuple[str, ...] = ("new", "regular", "key")


def _currency(value: object) -> str:
    code = value.strip().upper() if isinstance(value, str) else ""
    # Babel echoes unknown codes back unchanged; a real code gets a name.
    if len(code) != 3 or not code.isalpha() or get_currency_name(code, locale="en") == code:
        raise InputError("currency", "choice", allowed="EUR, USD, GBP, …")
    return code


@dataclass(frozen=True, init=False)
class Request:
    """What the client asks, validated field by field (InputError names the first bad one)."""

    client: str
    hours: float
    received: datetime
    deadline: datetime
    skill: str
    rate: Decimal
    relationship: str
    asked: str
    urgent_part: str
    currency: str
    contact: str

    def __init__(
        self,
        client: str,
        hours: float,
        received: datetime | str,
        deadline: datetime | str,
        skill: str = "",
        rate: Decimal | float | int | str = 0,
        relationship: str = "regular",
        asked: str = "",
        urgent_part: str = "",
        currency: str = "EUR",
        contact: str = "",
    ) -> None:
        start, end = coerce.ordered(received, deadline)
        values = {
            "client": coerce.text("client", client, required=True, max_len=200),
            "hours": coerce.number("hours", hours, high=10_000, allow_zero=False),
            "received": start,
            "deadline": end,
            "skill": coerce.text("skill", skill, max_len=200),
            "rate": coerce.money("rate", rate),
            "relationship": coerce.choice("relationship", relationship, RELATIONSHIPS),
            "asked": coerce.text("asked", asked, max_len=2000),
            "urgent_part": coerce.text("urgent_part", urgent_part, max_len=2000),
            "currency": _currency(currency),
            "contact": coerce.text("contact", contact, max_len=200),
        }
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def replace(self, **changes: Any) -> Request:
        """A copy with some fields changed, validated like a new request."""
        return Request(**{**{k: getattr(self, k) for k in self.__dataclass_fields__}, **changes})

    @property
    def greet(self) -> str:
        """Who the reply greets: the contact person, or the company when no one is named."""
        return self.contact or self.client

    @property
    def notice_days(self) -> float:
        return (self.deadline - self.received).total_seconds() / 86400

    def to_dict(self) -> dict[str, Any]:
        return {
            "client": self.client,
            "hours": self.hours,
            "received": self.received.isoformat(),
            "deadline": self.deadline.isoformat(),
            "skill": self.skill,
            "rate": str(self.rate),
            "relationship": self.relationship,
            "asked": self.asked,
            "urgent_part": self.urgent_part,
            "currency": self.currency,
            "contact": self.contact,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Request:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})
