"""Widget change → updated result in the kernel, next to the bare logic call in the same run (not a test).

Run: .venv/bin/python bench/change_to_result.py — prints median and p90 per change, the ratio to the logic
call, and the same with the autosave that follows each change (a real SQLite store in a temporary folder).
Budget (DESIGN.md): any widget change → updated result ≤ 30 ms in the kernel, ≤ 50 ms with autosave.

In-process, no browser: a `Workbook` on the worked example, driven through its public handles (the `nn-*`
classes) as the kernel is when the page sends a new value. The timed span runs from setting the widget's
value until the handler has returned and the widget showing the result holds the new figures. Inside a running
asyncio loop, as in a kernel, so charts and saves stay debounced; the save is then timed on its own
(`Workbook.save()`, what the debounce runs) and added for the "with autosave" column.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import ipywidgets as widgets
from ipykernel.kernelbase import Kernel

from notnow import Assessment
from notnow.store import Store
from notnow.ui import Workbook
from notnow.ui.debounce import kernel_loop
from notnow.ui.find import find, find_all

N = 40
BUDGET_MS = 30.0
BUDGET_SAVE_MS = 50.0


def timed(
    change: Callable[[int], None], result: Callable[[], object], save: Callable[[], object], n: int = N
) -> tuple[list[float], list[float]]:
    """Milliseconds per change, and per change plus its save; each change must alter the result."""
    alone, saved = [], []
    for i in range(n + 3):
        before = result()
        start = time.perf_counter()
        change(i)
        after = result()
        elapsed = (time.perf_counter() - start) * 1000
        if after == before:
            raise AssertionError(f"change {i} did not change the result")
        start = time.perf_counter()
        save()
        saving = (time.perf_counter() - start) * 1000
        if i >= 3:  # the first few warm caches (content, Babel locales, holidays)
            alone.append(elapsed)
            saved.append(elapsed + saving)
    return alone, saved


def logic(call: Callable[[int], object], n: int = N) -> list[float]:
    samples = []
    for i in range(n + 3):
        start = time.perf_counter()
        call(i)
        if i >= 3:
            samples.append((time.perf_counter() - start) * 1000)
    return samples


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1]


def value(root: widgets.Widget, css: str) -> Any:
    return find(root, css).value


def walk_to(book: Workbook, key: str) -> None:
    while book.step != key:
        find(book, "nn-next", widgets.Button).click()


async def main() -> int:
    # A kernel as notnow.ui.debounce.kernel_loop recognises one (an ipykernel Kernel and its running loop), so charts
    # and saves debounce here as they do in Voila; no sockets: nothing is sent anywhere.
    Kernel.instance()
    assert kernel_loop() is not None
    folder = Path(tempfile.mkdtemp(prefix="notnow-bench-"))
    book = Workbook(Assessment.example("en"), store=Store(folder / "cases.sqlite3"))
    case = lambda: book.assessment  # noqa: E731 — always the case as it is now
    rows: list[tuple[str, tuple[list[float], list[float]], list[float]]] = []

    def add(
        name: str, change: Callable[[int], None], result: Callable[[], object], base: Callable[[int], object]
    ) -> None:
        rows.append((name, timed(change, result, book.save), logic(base)))

    hours = find(book, "nn-hours", widgets.Text)
    add(
        "request: hours → summary",
        lambda i: setattr(hours, "value", str(17 - i % 2)),
        lambda: (value(book, "nn-request-summary"), case().request.hours),
        lambda i: case().replace(request=case().request.replace(hours=17 - i % 2)).quote(),
    )
    client = find(book, "nn-client", widgets.Text)
    add(
        "request: client → case",
        lambda i: setattr(client, "value", f"Client {i}"),
        lambda: case().request.client,
        lambda i: case().replace(request=case().request.replace(client=f"Client {i}")),
    )
    walk_to(book, "split")
    part_hours = find_all(book, "nn-part-hours", widgets.Text)[1]
    add(
        "split: part hours → schedule",
        lambda i: setattr(part_hours, "value", str(9 + i % 2)),  # not 10 or 11: the parts followed the hours above
        lambda: (value(book, "nn-split-dates"), value(book, "nn-split-schedule")),
        lambda i: case().replace(parts=case().parts).split_plan(),
    )
    urgent = find_all(book, "nn-part-urgent", widgets.Checkbox)[1]
    add(
        "split: tick urgent → dates",
        lambda i: setattr(urgent, "value", i % 2 == 0),
        lambda: value(book, "nn-split-dates"),
        lambda i: case().replace(parts=case().parts).split_plan(),
    )
    walk_to(book, "rush")
    minimum = find(book, "nn-min-extra-per-overtime-hour", widgets.Text)
    add(
        "rush: min extra → verdict",
        lambda i: setattr(minimum, "value", ("200", "100")[i % 2]),
        lambda: value(book, "nn-rush-verdict"),
        lambda i: case().replace(min_extra_per_overtime_hour=("200", "100")[i % 2]).quote(),
    )
    walk_to(book, "referral")
    skill = find(book, "nn-skill", widgets.Text)
    add(
        "referral: skill → case A–D",
        lambda i: setattr(skill, "value", ("design", "editing")[i % 2]),
        lambda: value(book, "nn-referral-result"),
        lambda i: case().replace(request=case().request.replace(skill=("design", "editing")[i % 2])).referral(),
    )
    walk_to(book, "reply")
    think = find(book, "nn-offer-think", widgets.Checkbox)
    add(
        "reply: tick an offer → reply",
        lambda i: setattr(think, "value", i % 2 == 0),
        lambda: value(book, "nn-reply-text"),
        lambda i: case().replace(offers=case().offers),
    )
    walk_to(book, "after")
    notes = find(book, "nn-boundary-notes", widgets.Textarea)
    add(
        "after: boundary notes → case",
        lambda i: setattr(notes, "value", f"Note {i}"),
        lambda: case().boundary_notes,
        lambda i: case().replace(boundary_notes=f"Note {i}"),
    )

    print(
        f"notnow change → result bench: {N} changes each, in-process, Python {sys.version.split()[0]}, "
        f"{datetime.now():%Y-%m-%d %H:%M}"
    )
    print(f"  {'change':32} {'median':>8} {'p90':>8}   {'logic':>8}  ratio   {'+ autosave p90':>14}")
    worst = worst_saved = 0.0
    for name, (ui, saved), base in rows:
        med, base_med = statistics.median(ui), statistics.median(base)
        worst, worst_saved = max(worst, p90(ui)), max(worst_saved, p90(saved))
        print(
            f"  {name:32} {med:6.2f}ms {p90(ui):6.2f}ms   {base_med:6.2f}ms {med / base_med:6.1f}×  "
            f"{p90(saved):10.2f}ms"
        )
    ok = worst <= BUDGET_MS and worst_saved <= BUDGET_SAVE_MS
    print(
        f"  budget: change → result ≤ {BUDGET_MS:.0f} ms (worst p90 {worst:.2f} ms), with autosave ≤ "
        f"{BUDGET_SAVE_MS:.0f} ms (worst p90 {worst_saved:.2f} ms) — {'within' if ok else 'OVER'} budget"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
