"""The host's page answering real HTTP requests in this process: tornado with notnow's host handlers.

The workshop server test (tests/serving/test_host_view.py) drives the same page inside Voila in Chromium; here
the handlers run in this process, so each answer (the key, the cookie, the refusals, the Host check, the
debrief) is checked on its own and quickly. The room's store holds the five walks of tests/unit/test_room.py.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import tornado.web
from jupyter_server.auth.identity import PasswordIdentityProvider
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager

from notnow import content, host_view
from notnow.store import Store
from tests.unit.test_host_view import room_config
from tests.unit.test_room import WALKS, walked

KEY = "the-hosts-own-key-for-this-test-0123"
ROOM_TOKEN = "the-rooms-token-for-this-test-4567"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The host's handlers on a local port, the room's store beside them with five participants."""
    home = tmp_path_factory.mktemp("room")
    issuer = Store(home / "notnow.sqlite3")
    for walk in WALKS:
        Store(home / "notnow.sqlite3", owner=issuer.issue_owner_code()).save(walked(*walk))
    patch = pytest.MonkeyPatch()
    patch.setenv("NOTNOW_HOME", str(home))
    host_view.configure_host(room_config(ROOM_TOKEN), token=KEY)
    port, ready, stopped = _free_port(), threading.Event(), threading.Event()
    loops: list[asyncio.AbstractEventLoop] = []

    def serve() -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        loops.append(loop)
        app = tornado.web.Application(
            host_view.host_handlers(),
            base_url="/",
            cookie_secret=b"a secret for this test only",
            identity_provider=PasswordIdentityProvider(token=ROOM_TOKEN),
            kernel_manager=AsyncMappingKernelManager(),
            allow_remote_access=False,
            local_hostnames=["localhost"],
        )
        app.listen(port, "127.0.0.1")
        ready.set()
        loop.run_forever()
        stopped.set()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    assert ready.wait(30)
    yield f"http://127.0.0.1:{port}"
    loops[0].call_soon_threadsafe(loops[0].stop)
    stopped.wait(10)
    patch.undo()


def signed_in(server: str) -> requests.Session:
    host = requests.Session()
    answer = host.get(f"{server}/notnow/host?key={KEY}", timeout=30, allow_redirects=False)
    assert answer.status_code == 303
    return host


def test_the_key_sets_a_cookie_and_sends_the_host_to_a_clean_address(server):
    """303 to /notnow/host (no key in the address); the cookie is HttpOnly, SameSite=Strict and is not the key."""
    answer = requests.get(f"{server}/notnow/host?key={KEY}&lang=nl", timeout=30, allow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["Location"] == "/notnow/host?lang=nl"
    cookie = answer.headers["Set-Cookie"]
    assert cookie.startswith(f"{host_view.COOKIE}=") and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert KEY not in cookie
    assert answer.headers["Referrer-Policy"] == "no-referrer"


def test_with_the_cookie_the_room_view_shows_the_counts(server):
    """Five participants with a case; the open pages (none here) are fewer than three."""
    page = signed_in(server).get(f"{server}/notnow/host?lang=en", timeout=30)
    assert page.status_code == 200
    assert content.text("en", "room.title") in page.text
    assert "<div class='value'>5</div>" in page.text
    assert page.headers["Cache-Control"] == "no-store"
    assert "<meta http-equiv='refresh' content='5'>" in page.text


@pytest.mark.parametrize(
    "address",
    [
        "/notnow/host",
        f"/notnow/host?key={ROOM_TOKEN}",
        f"/notnow/host?token={ROOM_TOKEN}",
        "/notnow/host?key=",
        "/notnow/host/debrief.pdf",
        f"/notnow/host/debrief.png?token={ROOM_TOKEN}",
    ],
)
def test_anything_but_the_hosts_key_or_cookie_gets_a_plain_refusal(server, address):
    """No cookie, the room's token, an empty key: 403 with the refusal page, no counts, in the browser's language."""
    answer = requests.get(f"{server}{address}", timeout=30, allow_redirects=False, headers={"Accept-Language": "nl"})
    assert answer.status_code == 403
    assert content.text("nl", "room.refused_title") in answer.text
    assert content.text("nl", "room.reached_title") not in answer.text


def test_a_forged_cookie_is_refused(server):
    """A cookie the server did not make (the key itself, or anything else) does not open the room."""
    for value in (KEY, "0" * 64):
        answer = requests.get(f"{server}/notnow/host", cookies={host_view.COOKIE: value}, timeout=30)
        assert answer.status_code == 403


def test_a_foreign_host_name_is_refused_even_with_the_key(server):
    """jupyter_server's Host check: only local names (DNS rebinding)."""
    answer = requests.get(
        f"{server}/notnow/host?key={KEY}", headers={"Host": "evil.example"}, timeout=30, allow_redirects=False
    )
    assert answer.status_code == 403


@pytest.mark.slow
def test_the_debrief_png_is_printed_for_the_host(server):
    """With the cookie: a PNG from the handout's Chromium, as a download."""
    answer = signed_in(server).get(f"{server}/notnow/host/debrief.png", timeout=120)
    assert answer.status_code == 200
    assert answer.content.startswith(b"\x89PNG")
    assert answer.headers["Content-Disposition"] == 'attachment; filename="notnow-room.png"'


def test_a_debrief_that_cannot_be_printed_says_why(server, monkeypatch):
    """No Chromium: 503 with one plain sentence, not a traceback."""
    monkeypatch.setenv("NOTNOW_CHROMIUM", str(Path("/nonexistent/chromium")))
    answer = signed_in(server).get(f"{server}/notnow/host/debrief.pdf?lang=en", timeout=60)
    assert answer.status_code == 503
    assert answer.text.startswith("The debrief file could not be made: NOTNOW_CHROMIUM is set to")
    assert "Traceback" not in answer.text
