"""The one debounced timer of the widgets: at once outside a kernel, after a pause inside one."""

from __future__ import annotations

import asyncio
import concurrent.futures

import pytest

from notnow.ui import debounce
from notnow.ui.debounce import Debouncer


def test_outside_a_kernel_the_action_runs_at_once():
    ran: list[str] = []
    Debouncer(lambda: ran.append("chart")).schedule()
    assert ran == ["chart"]


@pytest.fixture
def loop(monkeypatch: pytest.MonkeyPatch):
    """An event loop the Debouncer takes for a kernel's (the timers run when the loop runs)."""
    new = asyncio.new_event_loop()
    monkeypatch.setattr(debounce, "kernel_loop", lambda: new)
    yield new
    new.close()


def run_timers(loop: asyncio.AbstractEventLoop) -> None:
    """Let the loop run its due timers, in a thread of its own: under `make test` the browser tests' Playwright
    keeps a loop running in this thread, and a second loop can't run where one already does."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(loop.run_until_complete, asyncio.sleep(0.05)).result()


def test_in_a_kernel_only_the_last_scheduled_action_runs_once(loop):
    ran: list[str] = []
    later = Debouncer(delay=0.01)
    later.schedule(lambda: ran.append("first"))
    later.schedule(lambda: ran.append("second"))
    assert ran == [] and later.pending
    run_timers(loop)
    assert ran == ["second"] and not later.pending


def test_flush_runs_the_pending_action_now_and_not_again(loop):
    ran: list[str] = []
    later = Debouncer(lambda: ran.append("save"), delay=0.01)
    later.schedule()
    assert later.flush() is True
    run_timers(loop)
    assert ran == ["save"]
    assert later.flush() is False  # nothing pending any more


def test_cancel_drops_the_pending_action(loop):
    ran: list[str] = []
    later = Debouncer(lambda: ran.append("summary"), delay=0.01)
    later.schedule()
    later.cancel()
    run_timers(loop)
    assert ran == [] and not later.pending


def test_an_exception_in_the_action_is_reported_not_raised():
    seen: list[BaseException] = []

    def explode() -> None:
        raise RuntimeError("boom")

    Debouncer(explode, reporter=seen.append).schedule()
    assert [type(e) for e in seen] == [RuntimeError]
