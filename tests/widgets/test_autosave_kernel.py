"""Autosave in a real kernel: a change is in the store within a second, even when the kernel is killed then."""

from __future__ import annotations

import os
import signal
import textwrap
import time
from pathlib import Path

import pytest
from jupyter_client.manager import start_new_kernel

from notnow.store import Store

pytestmark = pytest.mark.slow


def run(client, code: str) -> None:
    reply = client.execute_interactive(textwrap.dedent(code), timeout=120)
    assert reply["content"]["status"] == "ok", reply["content"]


def example_workbook_with_18_hours(path: Path) -> str:
    """Kernel code: the worked example in a workbook saving to `path` (as `wb`), its hours just typed as 18."""
    return f"""
import ipywidgets as widgets
from notnow import Assessment
from notnow.store import Store
from notnow.ui import Workbook
from notnow.ui.find import find
wb = Workbook(Assessment.example("en"), store=Store({str(path)!r}))
find(wb, "nn-hours", widgets.Text).value = "18"
"""


def assert_the_example_is_saved_with_18_hours(path: Path) -> None:
    with Store(path) as store:
        cases = store.cases()
        assert list(cases["client"]) == ["Bloom & Co"]
        assert store.load(cases.loc[0, "id"]).request.hours == 18


def test_a_change_is_saved_before_the_kernel_is_killed_one_second_later(tmp_path: Path) -> None:
    path = tmp_path / "cases.sqlite3"
    manager, client = start_new_kernel(kernel_name="python3")
    try:
        run(client, example_workbook_with_18_hours(path))
        time.sleep(1.0)
        pid = manager.provisioner.pid  # the kernel process jupyter_client started
        os.kill(pid, signal.SIGKILL)  # no shutdown, no flush, no atexit
        deadline = time.monotonic() + 10
        while manager.is_alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not manager.is_alive()
    finally:
        client.stop_channels()
        manager.cleanup_resources()
    assert_the_example_is_saved_with_18_hours(path)


def test_a_change_still_waiting_when_the_page_is_reloaded_is_saved_as_the_kernel_shuts_down(tmp_path: Path) -> None:
    """A reload within the half second: Voila asks the kernel to shut down (gracefully) before the timer ran. The
    waiting save is done on the way out, so the reloaded page finds the 18 hours."""
    path = tmp_path / "cases.sqlite3"
    manager, client = start_new_kernel(kernel_name="python3")
    try:
        run(client, example_workbook_with_18_hours(path) + "assert wb.saver.status == 'pending', wb.saver.status\n")
        manager.shutdown_kernel(now=False)  # what Voila's shutdown handler asks for when the page goes away
    finally:
        client.stop_channels()
    assert_the_example_is_saved_with_18_hours(path)


def test_in_a_kernel_changes_wait_for_a_pause_in_typing_then_are_saved(tmp_path: Path) -> None:
    """The kernel's own loop debounces: right after a keystroke the save is pending, half a second later done."""
    path = tmp_path / "cases.sqlite3"
    manager, client = start_new_kernel(kernel_name="python3")
    try:
        # in the same cell: the check must come before the half-second pause is over
        run(client, example_workbook_with_18_hours(path) + "assert wb.saver.status == 'pending', wb.saver.status\n")
        time.sleep(1.5)
        run(client, "assert wb.saver.status == 'saved', (wb.saver.status, wb.saver.error)")
    finally:
        manager.shutdown_kernel(now=True)
        client.stop_channels()
    with Store(path) as store:
        assert list(store.cases()["client"]) == ["Bloom & Co"]


def test_in_a_kernel_the_next_step_is_built_while_the_user_reads_this_one(tmp_path: Path) -> None:
    """Two seconds after a step shows, the next step exists (hidden) and the plan's libraries are loaded."""
    manager, client = start_new_kernel(kernel_name="python3")
    try:
        run(
            client,
            f"""
            import sys
            from notnow import Assessment
            from notnow.store import Store
            from notnow.ui import Workbook
            wb = Workbook(Assessment.example("en"), store=Store({str(tmp_path / "cases.sqlite3")!r}))
            assert wb.stepper.built == ("request",), "built before it was due"
            """,
        )
        time.sleep(3.5)
        run(
            client,
            """
            assert wb.stepper.built == ("request", "empathy"), wb.stepper.built
            assert wb.step == "request"  # built ahead, not shown
            assert "pandas" in sys.modules and "matplotlib.figure" in sys.modules
            """,
        )
    finally:
        manager.shutdown_kernel(now=True)
        client.stop_channels()
