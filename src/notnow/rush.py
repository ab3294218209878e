"""The rush-rate calculator: what doing it by the deadline costs the client, and whether it is worth it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from notnow import coerce, content
from notnow.calendar import EPSILON, WorkCalendar, free_hours, overtime_hours_available
from notnow.errors import InputError


@dataclass(frozen=True)
class RushTier:
    """Notice shorter than `under_days` days earns `surcharge_pct` percent."""

    under_days: float
    surcharge_pct: float


@lru_cache(maxsize=1)
def default_tiers() -> tuple[RushTier, ...]:
    """The tiers in data/rush_tiers.csv (editable without touching code)."""
    return tuple(
        RushTier(float(row["under_days"]), float(row["surcharge_pct"])) for row in content.read_csv("rush_tiers.csv")
    )


def _checked_tiers(tiers: Iterable[Any]) -> tuple[RushTier, ...]:
    result = []
    for tier in tiers:
        under: object
        pct: object
        if isinstance(tier, RushTier):
            under, pct = tier.under_days, tier.surcharge_pct
        elif isinstance(tier, Mapping):
            under, pct = tier.get("under_days"), tier.get("surcharge_pct")
        else:
            try:
                under, pct = tier
            except (TypeError, ValueError):
                raise InputError("tiers", "number") from None
        result.append(
            RushTier(
                coerce.number("tiers", under, high=3650, allow_zero=False),
                coerce.number("tiers", pct, high=1000),
            )
        )
    return tuple(sorted(result, key=lambda t: t.under_days))


@dataclass(frozen=True, init=False)
class RushPolicy:
    """Surcharge tiers by notice time and the premium on overtime hours (percent of the rate)."""

    tiers: tuple[RushTier, ...]
    overtime_premium_pct: float

    def __init__(self, tiers: Iterable[Any] | None = None, overtime_premium_pct: float = 50) -> None:
        object.__setattr__(self, "tiers", default_tiers() if tiers is None else _checked_tiers(tiers))
        object.__setattr__(
            self, "overtime_premium_pct", coerce.number("overtime_premium_pct", overtime_premium_pct, high=1000)
        )

    def surcharge_pct(self, notice_days: float) -> float:
        """The first tier (shortest first) whose threshold the notice is under; 0 when none."""
        for tier in self.tiers:
            if notice_days < tier.under_days:
                return tier.surcharge_pct
        return 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "tiers": [{"under_days": t.under_days, "surcharge_pct": t.surcharge_pct} for t in self.tiers],
            "overtime_premium_pct": self.overtime_premium_pct,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RushPolicy:
        return cls(data.get("tiers"), data.get("overtime_premium_pct", 50))


@dataclass(frozen=True)
class RushQuote:
    """A quote for doing the job by the deadline. Fees are Decimal, rounded to cents half up."""

    notice_days: float
    surcharge_pct: float
    base_fee: Decimal
    rush_fee: Decimal
    free_hours: float
    overtime_hours: float
    overtime_available: float
    overtime_fee: Decimal
    total: Decimal
    extra_per_overtime_hour: Decimal | None
    feasible: bool
    worth_it: bool


def quote_rush(
    rate: Decimal | float | int | str,
    hours: float,
    received: datetime,
    deadline: datetime,
    cal: WorkCalendar,
    policy: RushPolicy | None = None,
    min_extra_per_overtime_hour: Decimal | float | int | str = 0,
) -> RushQuote:
    """Quote the job by its deadline (DESIGN.md "Rush quote")."""
    policy = policy or RushPolicy()
    hourly = coerce.money("rate", rate)
    job_hours = coerce.number("hours", hours, high=100_000, allow_zero=False)
    minimum = coerce.money("min_extra_per_overtime_hour", min_extra_per_overtime_hour)
    start, end = coerce.ordered(received, deadline)

    notice_days = (end - start).total_seconds() / 86400
    surcharge = policy.surcharge_pct(notice_days)
    free = free_hours(cal, start, end)
    overtime_available = overtime_hours_available(cal, start, end)
    overtime_hours = max(0.0, job_hours - free)
    if overtime_hours < EPSILON:
        overtime_hours = 0.0

    hours_d = Decimal(repr(job_hours))
    base_fee = coerce.cents(hours_d * hourly)
    rush_fee = coerce.cents(base_fee * Decimal(repr(surcharge)) / 100)
    overtime_fee = coerce.cents(
        Decimal(repr(overtime_hours)) * hourly * Decimal(repr(policy.overtime_premium_pct)) / 100
    )
    total = base_fee + rush_fee + overtime_fee
    extra = coerce.cents((rush_fee + overtime_fee) / Decimal(repr(overtime_hours))) if overtime_hours else None
    feasible = job_hours <= free + overtime_available + EPSILON
    worth_it = feasible and (extra is None or extra >= minimum)
    return RushQuote(
        notice_days=notice_days,
        surcharge_pct=surcharge,
        base_fee=base_fee,
        rush_fee=rush_fee,
        free_hours=free,
        overtime_hours=overtime_hours,
        overtime_available=overtime_available,
        overtime_fee=overtime_fee,
        total=total,
        extra_per_overtime_hour=extra,
        feasible=feasible,
        worth_it=worth_it,
    )


VERDICTS: tuple[str, ...] = ("impossible", "fits", "worth_it", "not_worth_it")


def verdict(q: RushQuote) -> str:
    """The one verdict on a quote: impossible (promise nothing), fits (no overtime needed), worth_it or
    not_worth_it (the extra per evening hour against the user's own minimum)."""
    if not q.feasible:
        return "impossible"
    if not q.overtime_hours:
        return "fits"
    return "worth_it" if q.worth_it else "not_worth_it"


def price_by_notice(
    rate: Decimal | float | str,
    hours: float,
    policy: RushPolicy | None = None,
    max_days: int = 10,
    cal: WorkCalendar | None = None,
    received: datetime | None = None,
) -> list[tuple[float, Decimal]]:
    """The quote total for each notice from 0.1 to max_days days, in tenths (the rush chart's curve).

    With the user's calendar and the received moment, each point is the full quote (base + surcharge +
    overtime premium) as if the deadline were that far away; without them, base + surcharge only.
    """
    policy = policy or RushPolicy()
    job_hours = coerce.number("hours", hours, high=100_000, allow_zero=False)
    hourly = coerce.money("rate", rate)
    base = coerce.cents(Decimal(repr(job_hours)) * hourly)
    start = coerce.a_datetime("received", received) if received is not None else None
    points = []
    for tenth in range(1, max_days * 10 + 1):
        days = tenth / 10
        if cal is not None and start is not None:
            total = quote_rush(hourly, job_hours, start, start + timedelta(days=days), cal, policy).total
        else:
            total = base + coerce.cents(base * Decimal(repr(policy.surcharge_pct(days))) / 100)
        points.append((days, total))
    return points
