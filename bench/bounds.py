"""The slowest recompute any allowed value can cause, next to a typical one in the same run (not a test).

Run: .venv/bin/python bench/bounds.py — prints, per extreme case, the median of a few full recomputes (every
result a step shows: quote, split plan, earliest date, honesty flags, offers, the reply) and the ratio to the
worked example. Budget (issue "Safe to serve"): no value makes a recompute take more than 50 ms.

The extremes are the edges the input checks allow: a deadline two years out (the longest notice), 10,000
hours, parts that do not fit within the plan's horizon, a calendar with every day booked or off, the last
year dates may have (2100).
"""

from __future__ import annotations

import contextlib
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta

from notnow import Assessment, InputError, Part, WorkCalendar
from notnow.reply import available_offers, compose_reply

BUDGET_MS = 50.0
RUNS = 5


def recompute(case: Assessment) -> None:
    """Everything the steps show, as the widgets ask for it (bad input answers with an InputError)."""
    for work in (
        case.quote,
        case.split_plan,
        case.earliest,
        case.honesty_flags,
        case.referral,
        lambda: available_offers(case),
        lambda: compose_reply(case, "en", "email"),
    ):
        with contextlib.suppress(InputError):
            work()


def median_ms(case: Assessment) -> float:
    """A cold recompute each time: a new calendar and a new case, as after the user changed the calendar
    (results are remembered per case and sums per calendar, so a warm one would measure nothing)."""
    samples = []
    for _ in range(RUNS):
        cold = case.replace(calendar=case.calendar.replace())
        start = time.perf_counter()
        recompute(cold)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def extremes(example: Assessment) -> list[tuple[str, Callable[[], Assessment]]]:
    r = example.request
    far = r.received + timedelta(days=730)

    def request(**changes: object) -> Assessment:
        return example.replace(request=r.replace(**changes))

    booked_solid = WorkCalendar(booked={r.received.date() + timedelta(days=i): 8 for i in range(1, 731)})
    all_off = WorkCalendar(days_off={r.received.date() + timedelta(days=i) for i in range(1, 731)})
    late = datetime(2100, 12, 31, 17)
    return [
        ("deadline two years out", lambda: request(deadline=far)),
        ("10,000 hours, two years", lambda: request(hours=10_000, deadline=far)),
        (
            "parts beyond the horizon",
            lambda: example.replace(parts=(Part("All", 9_000, True), Part("Rest", 9_000, False)), spread=0.1),
        ),
        ("every day booked", lambda: request(deadline=far).replace(calendar=booked_solid)),
        ("every day off", lambda: request(deadline=far).replace(calendar=all_off, reason="leave")),
        ("in the year 2100", lambda: request(received=late - timedelta(days=700), deadline=late)),
        (
            "seven working days a week",
            lambda: request(deadline=far).replace(
                calendar=WorkCalendar(workdays=range(7), overtime_per_workday=8, overtime_per_weekend_day=8)
            ),
        ),
    ]


def main() -> int:
    example = Assessment.example("en")
    recompute(example)  # warm: content, Babel locales, holidays of the years involved
    baseline = median_ms(example)
    print(
        f"notnow bounds bench: {RUNS} recomputes each, Python {sys.version.split()[0]}, "
        f"{datetime.now():%Y-%m-%d %H:%M}, {date.today()}"
    )
    print(f"  {'case':30} {'median':>9}   ratio to the example")
    print(f"  {'the worked example':30} {baseline:7.2f}ms   1.0×")
    worst = baseline
    for name, make in extremes(example):
        case = make()
        recompute(case)  # warm the holidays of new years, as a user's first look would
        ms = median_ms(case)
        worst = max(worst, ms)
        print(f"  {name:30} {ms:7.2f}ms   {ms / baseline:5.1f}×")
    verdict = "within" if worst <= BUDGET_MS else "OVER"
    print(f"  budget: any recompute ≤ {BUDGET_MS:.0f} ms: slowest {worst:.2f} ms — {verdict} budget")
    return 0 if worst <= BUDGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
