"""Serving tests: the real Voila under the shipped configs (serve/run, serve/workshop), real Chromium, real kernels."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Page

from tests.notebooks.voila_server import NOTEBOOKS, VoilaServer
from tests.ui.conftest import (  # noqa: F401 -- the same Chromium set-up as the ui tests
    FIRST_RENDER_MS,
    browser_context_args,
    browser_type_launch_args,
    require_chromium,
)

WORKBOOK = NOTEBOOKS / "workbook.ipynb"


@pytest.fixture(scope="module")
def dashboard_server() -> Iterator[VoilaServer]:
    """The dashboard as `make run` serves it (serve/run)."""
    require_chromium()
    with VoilaServer(WORKBOOK) as server:
        yield server


def open_dashboard(page: Page, server: VoilaServer, **query: str) -> Page:
    """Open the dashboard through its token link and wait until the workbook is drawn."""
    page.goto(server.link("/", **query), wait_until="domcontentloaded", timeout=FIRST_RENDER_MS)
    page.wait_for_selector(".nn-workbook .nn-next", timeout=FIRST_RENDER_MS)
    return page


def page_kernel_id(page: Page) -> str:
    """The id of the kernel behind the page, as the page's own config names it."""
    return str(page.evaluate("() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"))


def wait_until(condition: Callable[[], bool], timeout: float, step: float = 0.25) -> bool:
    """Poll `condition` until it holds or `timeout` seconds pass; its last answer."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(step)
    return True


def settled_kernels(server: VoilaServer, quiet: float = 3.0, timeout: float = 90.0) -> set[int]:
    """The server's kernel processes once the set has stopped changing for `quiet` seconds (pool refills)."""
    deadline = time.monotonic() + timeout
    current = server.kernel_pids()
    stable_since = time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = server.kernel_pids()
        if now != current:
            current, stable_since = now, time.monotonic()
        elif time.monotonic() - stable_since >= quiet:
            break
    return current


def kernel_pid(server: VoilaServer, kernel_id: str) -> int:
    """The process of one kernel: the one started with that kernel's connection file."""
    import psutil

    for pid in server.kernel_pids():
        try:
            if any(f"kernel-{kernel_id}.json" in part for part in psutil.Process(pid).cmdline()):
                return pid
        except psutil.Error:
            continue
    raise LookupError(f"no process for kernel {kernel_id}")
