"""`make serve` (ROOM=3): a participant reaches only their own page. Voila's visitor handshake only for the kernel
itself, a kernel's channels, model and shutdown only for the visitor its page went to, no traceback over the
websocket, no 500 for a template path.

What an attacker did before (issue 13): `/voila/query/<any id>` answered 101 with no token, and two sockets for
a made-up id, closed in turn, deleted a real visitor's waiting entry (their page then said "Saving is off");
with the room's token and a kernel id from the log, a script read another participant's widgets (client name,
come-back link), and stopped their kernel with DELETE /api/kernels/<id> or Voila's shutdown beacon; a bad comm
message sent a traceback with .venv paths to the page; `GET /voila/templates/notnow/static/` logged a 500 with
a traceback.
"""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from collections.abc import Iterator
from typing import Any

import psutil
import pytest
import requests
from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

from tests.notebooks.voila_server import WORKSHOP_CONFIG, VoilaServer
from tests.serving.conftest import (
    WORKBOOK,
    come_back_link_in,
    kernel_pid,
    open_kernel_channels,
    run_async,
    visitor_cookie,
    wait_until,
    widget_states,
)

pytestmark = pytest.mark.slow

READY = "notnow: the pool is ready"
KERNEL_ID = re.compile(r'"kernelId": "([0-9a-f-]{36})"')
VISITED: set[str] = set()  # kernels handed to a page in this module; the others wait in the pool


@pytest.fixture(scope="module")
def room() -> Iterator[VoilaServer]:
    """The dashboard as `make serve ROOM=3` serves it, with its pool ready."""
    with VoilaServer(WORKBOOK, config_dir=WORKSHOP_CONFIG, env={"NOTNOW_ROOM": "3"}) as server:
        assert server.wait_for_log(READY)
        yield server


def visit(server: VoilaServer) -> tuple[str, str]:
    """A participant's page load: their kernel's id and their cookies."""
    with requests.Session() as browser:
        response = browser.get(server.link("/"), timeout=180)
        assert response.status_code == 200
        kernel_id = KERNEL_ID.search(response.text).group(1)
        VISITED.add(kernel_id)
        return kernel_id, visitor_cookie(browser.cookies)


async def handshake(server: VoilaServer, kernel_id: str, headers: dict[str, str] | None = None) -> Any:
    """Open /voila/query/<kernel_id>: the open socket, or the HTTP status it was refused with."""
    request = HTTPRequest(f"ws://127.0.0.1:{server.port}/voila/query/{kernel_id}", headers=headers or {})
    try:
        return await websocket_connect(request)
    except HTTPClientError as error:
        return error.code


def pool_kernel_secrets(server: VoilaServer) -> dict[str, str]:
    """What each kernel was started with: its id and its handshake secret (as only the kernel itself knows)."""
    found = {}
    for pid in server.kernel_pids():
        process = psutil.Process(pid)
        named = re.search(r"kernel-([0-9a-f-]{36})\.json", " ".join(process.cmdline()))
        secret = process.environ().get("NOTNOW_KERNEL_SECRET")
        if named and secret:
            found[named.group(1)] = secret
    return found


def has_come_back_link(server: VoilaServer, kernel_id: str, cookie: str) -> bool:
    """Whether the participant's part (store, come-back link) reached their page: their request got through."""
    try:
        come_back_link_in(widget_states(server, kernel_id, cookie))
    except LookupError:
        return False
    return True


def test_the_visitor_handshake_refuses_a_stranger_and_a_strangers_sockets_leave_the_visitors_entry(room):
    """No secret: 403 (was 101). Two made-up sockets opened and closed; then a visitor still gets their link."""

    async def attack() -> list[Any]:
        made_up = str(uuid.uuid4())
        answers = [await handshake(room, made_up), await handshake(room, made_up)]
        for answer in answers:
            if not isinstance(answer, int):
                answer.close()
        await asyncio.sleep(1)
        return answers

    assert run_async(attack()) == [403, 403]
    kernel_id, cookie = visit(room)
    assert wait_until(lambda: has_come_back_link(room, kernel_id, cookie), timeout=60), "the visitor lost their link"


def test_the_handshake_serves_one_socket_per_kernel_on_a_local_host_only(room):
    """With a waiting kernel's own secret: a second socket is refused (409), a foreign Host too (403)."""
    assert room.wait_for_log(READY)  # every pool kernel built, its socket open and waiting
    waiting = {kernel_id: secret for kernel_id, secret in pool_kernel_secrets(room).items() if kernel_id not in VISITED}
    kernel_id, secret = next(iter(waiting.items()))
    header = {"X-Notnow-Kernel-Secret": secret}

    async def tries() -> list[Any]:
        return [
            await handshake(room, kernel_id, header),  # the kernel's own socket is open, waiting for its visitor
            await handshake(room, kernel_id, {**header, "Host": f"evil.example:{room.port}"}),
            await handshake(room, kernel_id, {"X-Notnow-Kernel-Secret": "not-" + secret}),
        ]

    assert run_async(tries()) == [409, 403, 403]


def test_a_kernels_channels_open_only_for_the_visitor_whose_page_got_it(room):
    """The room's token and the kernel's id are not enough (403); another visitor's cookie neither; theirs is."""
    kernel_id, cookie = visit(room)
    _other_kernel, other_cookie = visit(room)

    async def attempt(with_cookie: str) -> Any:
        try:
            connection = await open_kernel_channels(room, kernel_id, with_cookie)
        except HTTPClientError as error:
            return error.code
        connection.close()
        return "open"

    assert run_async(attempt("")) == 403
    assert run_async(attempt(other_cookie)) == 403
    assert run_async(attempt(cookie)) == "open"
    assert come_back_link_in(widget_states(room, kernel_id, cookie))  # the participant's own page still works


def kernel_alive(server: VoilaServer, kernel_id: str) -> bool:
    try:
        kernel_pid(server, kernel_id)
    except LookupError:
        return False
    return True


def test_another_participant_cannot_read_or_stop_a_kernel_with_the_token_and_its_id(room):
    """GET and DELETE /api/kernels/<id> and the shutdown beacon: 403 for the token alone and for another visitor's
    cookie, and the kernel lives on; its own visitor reads it (as the page does) and their beacon stops it."""
    kernel_id, cookie = visit(room)
    _other_kernel, other_cookie = visit(room)
    api = f"{room.url}/api/kernels/{kernel_id}?token={room.token}"
    beacon = f"{room.url}/voila/api/shutdown/{kernel_id}?token={room.token}"

    def xsrf_of(cookies: str) -> dict[str, str]:
        xsrf = re.search(r"_xsrf=([^;]+)", cookies)
        return {"Cookie": cookies, "X-XSRFToken": xsrf.group(1)} if xsrf else {"Cookie": cookies}

    for stranger in ({}, xsrf_of(other_cookie)):
        assert requests.get(api, headers=stranger, timeout=30).status_code == 403
        assert requests.delete(api, headers=stranger, timeout=30).status_code == 403
        assert requests.post(beacon, headers=stranger, timeout=30).status_code == 403
    assert kernel_alive(room, kernel_id)
    assert has_come_back_link(room, kernel_id, cookie)  # the participant's page still works

    own = requests.get(api, headers=xsrf_of(cookie), timeout=30)
    assert own.status_code == 200 and own.json()["id"] == kernel_id
    assert requests.post(beacon, headers=xsrf_of(cookie), timeout=60).status_code == 204
    assert wait_until(lambda: not kernel_alive(room, kernel_id), timeout=15), "the visitor's own beacon did not stop it"
    assert requests.get(api, headers=xsrf_of(cookie), timeout=30).status_code == 404  # gone: as for any unknown id


def test_a_bad_comm_message_sends_no_traceback_over_the_websocket(room):
    """A widget comm opened with no protocol version: the kernel's traceback stays in the server's log."""
    kernel_id, cookie = visit(room)
    frames: list[str] = []

    async def send_bad_comm() -> None:
        from jupyter_client.session import Session

        connection = await open_kernel_channels(room, kernel_id, cookie)
        session = Session(key=b"")
        bad = session.msg(
            "comm_open", {"comm_id": uuid.uuid4().hex, "target_name": "jupyter.widget", "data": {"state": {}}}
        )
        connection.write_message(json.dumps({**bad, "channel": "shell", "buffers": []}, default=str))
        try:
            while True:
                raw = await asyncio.wait_for(connection.read_message(), 10)
                if raw is None:
                    return
                frames.append(raw if isinstance(raw, str) else raw.decode("utf-8", "replace"))
        except TimeoutError:
            return
        finally:
            connection.close()

    run_async(send_bad_comm(), timeout=90)
    received = "\n".join(frames)
    for leak in ("Traceback", ".venv", "site-packages", "Incompatible widget protocol"):
        assert leak not in received, f"{leak!r} reached the websocket"
    assert room.wait_for_log("notnow: a kernel wrote to stderr (kept from the page)", timeout=30), (
        "the kernel reported no error, so the test proves nothing"
    )


@pytest.mark.parametrize(
    "path", ["/voila/templates/notnow/static/", "/voila/templates/notnow/", "/voila/templates/notnow/x/y"]
)
def test_a_template_path_that_names_no_file_is_a_plain_404_without_a_traceback(room, path):
    """Unauthenticated, as the probe asked: 404, and no 500 or traceback in the log."""
    tracebacks = room.log().count("Traceback")
    assert requests.get(f"{room.url}{path}", timeout=30).status_code == 404
    assert wait_until(lambda: f"404 GET {path}" in room.log(), timeout=10), "the request was not logged"
    assert requests.get(f"{room.url}/voila/templates/notnow/static/serving.js", timeout=30).status_code == 200
    assert room.log().count("Traceback") == tracebacks
    assert not re.search(r"\b500 GET", room.log())
