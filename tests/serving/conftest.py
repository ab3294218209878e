"""Serving tests: the real Voila under the shipped configs (serve/run, serve/workshop), real Chromium, real kernels."""

from __future__ import annotations

import asyncio
import concurrent.futures
import html
import json
import re
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

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


def visitor_cookie(cookies: Any) -> str:
    """A Cookie header with what a page load left in a requests session (login, _xsrf, the visitor's secret)."""
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


async def open_kernel_channels(server: VoilaServer, kernel_id: str, cookie: str = "") -> Any:
    """The kernel's websocket with the room's token, and the visitor's cookies when given."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    request = HTTPRequest(
        f"ws://127.0.0.1:{server.port}/api/kernels/{kernel_id}/channels?token={server.token}",
        headers={"Cookie": cookie} if cookie else {},
    )
    return await websocket_connect(request)


async def _widget_states(server: VoilaServer, kernel_id: str, cookie: str = "") -> dict[str, Any]:
    """Every widget's state in a kernel, asked for the way the page's widget manager asks (ipywidgets 8)."""
    from jupyter_client.session import Session
    from jupyter_server.services.kernels.connection.base import deserialize_binary_message

    session = Session(key=b"")  # the websocket carries unsigned messages; the server signs them for the kernel
    connection = await open_kernel_channels(server, kernel_id, cookie)
    comm_id = uuid.uuid4().hex

    def send(msg_type: str, content: dict[str, Any], metadata: dict[str, Any] | None = None) -> None:
        message = {**session.msg(msg_type, content, metadata=metadata), "channel": "shell", "buffers": []}
        connection.write_message(json.dumps(message, default=str))

    try:
        # the control comm checks the protocol version, as the page's widget manager sends it
        send(
            "comm_open", {"comm_id": comm_id, "target_name": "jupyter.widget.control", "data": {}}, {"version": "1.0.0"}
        )
        send("comm_msg", {"comm_id": comm_id, "data": {"method": "request_states"}})
        while True:
            raw = await connection.read_message()
            if raw is None:
                raise ConnectionError("the kernel's websocket closed before it sent the widgets' state")
            message = deserialize_binary_message(raw) if isinstance(raw, bytes) else json.loads(raw)
            content = message.get("content", {})
            if (
                message.get("msg_type") == "comm_msg"
                and content.get("comm_id") == comm_id
                and content["data"].get("method") == "update_states"
            ):
                return dict(content["data"]["states"])
    finally:
        connection.close()


def widget_states(server: VoilaServer, kernel_id: str, cookie: str = "", timeout: float = 60) -> dict[str, Any]:
    """`_widget_states` on a loop of its own (pytest-playwright may keep one running in this thread).

    `cookie`: the visitor's (`visitor_cookie`); a kernel's channels open only for the visitor its page went to.
    """
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        job = asyncio.wait_for(_widget_states(server, kernel_id, cookie), timeout)
        return pool.submit(asyncio.run, job).result()


def run_async(coroutine: Any, timeout: float = 60) -> Any:
    """A coroutine on a loop of its own, in a thread of its own (Playwright may keep a loop running here)."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, asyncio.wait_for(coroutine, timeout)).result()


def come_back_link_in(states: dict[str, Any]) -> str:
    """The href of the participant's come-back link, from the widgets' state (the HTML box `nn-come-back`)."""
    for model in states.values():
        state = model.get("state", {})
        if "nn-come-back" in state.get("_dom_classes", ()):
            found = re.search(r"href='([^']*)'", state.get("value", ""))
            if found:
                return html.unescape(found.group(1))
    raise LookupError("no come-back link among the widgets")
