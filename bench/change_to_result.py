"""Widget change → updated result in the kernel, next to the bare logic call in the same run (not a test).

Run: .venv/bin/python bench/change_to_result.py  — prints median and p90 per change, and the ratio to the logic.
Budget (DESIGN.md): any widget change → updated result ≤ 30 ms.

In-process, no browser: a `Workbook` on the worked example, driven as the kernel would be when the page sends
a new value. The timed span is from setting the widget's value until the handler has returned and the result
widget shows the new figures. Inside a running asyncio loop, as in a kernel, so charts stay debounced
(`StepView.later`); the chart drawing is timed on its own below.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime

from notnow.assessment import Assessment
from notnow.request import request_errors
from notnow.ui import Workbook

N = 50
BUDGET_MS = 30.0


def timed(change: Callable[[int], None], result: Callable[[], object], n: int = N) -> list[float]:
    """Milliseconds per change; each change must alter the result (else the measurement is void)."""
    samples = []
    for i in range(n + 3):
        before = result()
        start = time.perf_counter()
        change(i)
        after = result()
        elapsed = (time.perf_counter() - start) * 1000
        if after == before:
            raise AssertionError(f"change {i} did not change the result")
        if i >= 3:  # the first few warm caches (content, Babel locales)
            samples.append(elapsed)
    return samples


def logic(call: Callable[[int], object], n: int = N) -> list[float]:
    samples = []
    for i in range(n + 3):
        start = time.perf_counter()
        call(i)
        if i >= 3:
            samples.append((time.perf_counter() - start) * 1000)
    return samples


def draw_times(draw: Callable[[], None], n: int = 5) -> tuple[float, float]:
    """The first drawing (late matplotlib import included) and the median of the next n."""
    start = time.perf_counter()
    draw()
    first = (time.perf_counter() - start) * 1000
    again = []
    for _ in range(n):
        start = time.perf_counter()
        draw()
        again.append((time.perf_counter() - start) * 1000)
    return first, statistics.median(again)


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1]


async def main() -> int:
    assert asyncio.get_running_loop()  # charts debounce as in a kernel
    book = Workbook(Assessment.example("en"))
    case = book.assessment
    rows: list[tuple[str, list[float], list[float]]] = []

    # 1. The request: the estimated hours → the summary line (free hours, notice).
    request = book.current()
    r = case.request
    rows.append((
        "request: hours → summary",
        timed(lambda i: setattr(request._hours, "value", str(17 - i % 2)), lambda: request._summary.value),
        logic(lambda i: request_errors(client=r.client, relationship=r.relationship, asked=r.asked,
                                       hours=str(17 - i % 2), urgent_part=r.urgent_part, received=r.received,
                                       deadline=r.deadline, rate=str(r.rate), currency=r.currency, skill=r.skill)),
    ))
    # 2. The request: the client's name → the case (what every later step reads).
    rows.append((
        "request: client → case",
        timed(lambda i: setattr(request._client, "value", f"Client {i}"), lambda: book.assessment.request.client),
        logic(lambda i: request_errors(client=f"Client {i}", relationship=r.relationship, asked=r.asked,
                                       hours=str(r.hours), urgent_part=r.urgent_part, received=r.received,
                                       deadline=r.deadline, rate=str(r.rate), currency=r.currency, skill=r.skill)),
    ))
    # 3. Split: the hours of a part → the dates and the day-by-day schedule.
    for key in ("empathy", "honesty", "split"):
        book._next.click()
        assert book.step == key, book.step
    split = book.current()
    row = split._rows[1]
    rows.append((
        "split: part hours → schedule",
        timed(lambda i: setattr(row.hours, "value", str(11 - i % 2)),
              lambda: (split._dates.value, split._schedule.value)),
        logic(lambda _i: case.split_plan()),
    ))
    split_chart = draw_times(split._draw_chart)
    # 4. Rush: the minimum extra per evening hour → the verdict.
    for key in ("when", "rush"):
        book._next.click()
        assert book.step == key, book.step
    rush = book.current()
    rows.append((
        "rush: min extra → verdict",
        timed(lambda i: setattr(rush._min_extra, "value", ("200", "100")[i % 2]), lambda: rush._verdict.value),
        logic(lambda _i: case.quote()),
    ))
    rush_chart = draw_times(rush._draw_chart)

    print(f"notnow change → result bench: {N} changes each, in-process, Python {sys.version.split()[0]}, "
          f"{datetime.now():%Y-%m-%d %H:%M}")
    print(f"  {'change':32} {'median':>8} {'p90':>8}   {'logic':>8}   ratio")
    worst = 0.0
    for name, ui, base in rows:
        med, base_med = statistics.median(ui), statistics.median(base)
        worst = max(worst, p90(ui))
        print(f"  {name:32} {med:6.2f}ms {p90(ui):6.2f}ms   {base_med:6.2f}ms   {med / base_med:5.1f}×")
    print("  charts (debounced: drawn 0.25 s after typing pauses, not part of the figures above):")
    for name, (first, again) in (("split", split_chart), ("rush", rush_chart)):
        print(f"    {name}: first {first:.0f} ms (matplotlib imported late), then median {again:.0f} ms")
    verdict = "within" if worst <= BUDGET_MS else "OVER"
    print(f"  budget: change → result ≤ {BUDGET_MS:.0f} ms: worst p90 {worst:.2f} ms — {verdict} budget")
    return 0 if worst <= BUDGET_MS else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
