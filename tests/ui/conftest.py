"""Browser tests: Debian's Chromium (never Playwright's download) against one real Voila serving the dashboard."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from notnow.handout import CHROMIUM_FLAGS
from tests.notebooks.voila_server import NOTEBOOKS, VoilaServer

CHROMIUM = Path(os.environ.get("NOTNOW_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = list(CHROMIUM_FLAGS)
FIRST_RENDER_MS = 120_000  # a cold kernel start plus the first widgets can take 10–20 s on a busy 2-core machine


def require_chromium() -> None:
    """Skip with the reason locally; in CI (CI=true) a missing browser is a failure, never a silent skip."""
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return
    reason = f"Chromium not found at {CHROMIUM} (install Debian's chromium package, or set NOTNOW_CHROMIUM)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; browser tests must run in CI", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright's launch options, pointed at the system Chromium."""
    require_chromium()
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "viewport": {"width": 1280, "height": 1000}, "locale": "en-GB"}


@pytest.fixture(scope="session")
def voila_dashboard() -> Iterator[VoilaServer]:
    require_chromium()  # no server to start when there is no browser to point at it
    # Workshop mode: every page load is a new participant with an empty store, so one test's autosaved
    # case is never resumed by the next (single-user resume is tested in tests/widgets/test_app.py).
    # Served as `make run` serves it (serve/run: token, XSRF, local Host names); tests open `server.link()`.
    with VoilaServer(NOTEBOOKS / "workbook.ipynb", env={"NOTNOW_WORKSHOP": "1"}) as server:
        yield server
