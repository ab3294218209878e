"""No traceback leaves the server, in either serving config: not on the page, not over the kernel websocket.

Before, an exception in a widget callback travelled to the browser with its traceback (server paths
included) even with Voila's show_tracebacks off: that setting only covers the rendered cells.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import Page, expect

from tests.notebooks.voila_server import RUN_CONFIG, WORKSHOP_CONFIG, VoilaServer
from tests.serving.conftest import FIRST_RENDER_MS, require_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# The markers are built at run time so that no page source can contain them.
BUTTON_CELL = """import ipywidgets as widgets

def explode(_button):
    raise ValueError("callback-" + "MARKER")

button = widgets.Button(description="Explode")
button.add_class("explode")
button.on_click(explode)
button"""
FAILING_CELL = 'raise RuntimeError("render-" + "MARKER")'


@pytest.fixture(scope="module", params=[RUN_CONFIG, WORKSHOP_CONFIG], ids=["make-run", "make-serve"])
def failing_server(request, tmp_path_factory) -> Iterator[VoilaServer]:
    require_chromium()
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(BUTTON_CELL), nbformat.v4.new_code_cell(FAILING_CELL)]
    )
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = Path(tmp_path_factory.mktemp("failing")) / "failing.ipynb"
    nbformat.write(notebook, path)
    with VoilaServer(path, config_dir=request.param) as server:
        yield server


def test_an_exception_reaches_the_browser_without_its_traceback(page: Page, failing_server):
    frames: list[str] = []

    def record(payload: str | bytes) -> None:
        frames.append(payload.decode("utf-8", "replace") if isinstance(payload, bytes) else payload)

    page.on("websocket", lambda socket: socket.on("framereceived", record))
    page.goto(failing_server.link("/"), wait_until="domcontentloaded", timeout=FIRST_RENDER_MS)
    page.wait_for_selector(".explode", timeout=FIRST_RENDER_MS)
    assert "MARKER" not in page.content()  # the failing cell is reported, its message and traceback are not

    page.locator(".explode").click()
    # The kernel reports the callback's error; the server passes on only a neutral stand-in. (Waiting in the
    # page, not with time.sleep: Playwright's sync API delivers the frame events only while it is called.)
    for _ in range(120):
        if any("ExecutionError" in frame for frame in frames):
            break
        page.wait_for_timeout(250)
    else:
        pytest.fail("no error message came over the websocket, so the test proves nothing")
    received = "\n".join(frames)
    for leak in ("MARKER", "Traceback", "site-packages", "ipykernel"):
        assert leak not in received, f"{leak!r} reached the browser"
    assert "AttributeError" not in failing_server.log()  # the stand-in was sent, the message not dropped
    expect(page.locator(".explode")).to_be_visible()
