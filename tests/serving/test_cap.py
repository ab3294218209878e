"""`make serve ROOM=3`: the room's server never holds more than ROOM + standby + max(2, ROOM // 10) = 7 kernels;
past that a page says "the room is full" (503), and one address opening page after page is told to wait (429).

Before (issue 13): with ROOM=3, 40 page loads with the room's link made 40 kernels (5.3 GB) in 51 s.
Each visitor comes from an address of their own (127.0.0.x: all loopback on Linux), as in a real room.
"""

from __future__ import annotations

import concurrent.futures
import http.client
import threading
from collections.abc import Iterator

import pytest

from tests.notebooks.voila_server import WORKSHOP_CONFIG, VoilaServer
from tests.serving.conftest import WORKBOOK

pytestmark = pytest.mark.slow

CAP = 3 + 2 + 2  # ROOM + standby (serve/workshop/voila.json) + max(2, 3 // 10)
BURST = 2


@pytest.fixture(scope="module")
def room() -> Iterator[VoilaServer]:
    """`make serve ROOM=3`, each address allowed 2 new kernels in quick succession."""
    with VoilaServer(
        WORKBOOK, f"--RoomKernelManager.client_burst={BURST}", config_dir=WORKSHOP_CONFIG, env={"NOTNOW_ROOM": "3"}
    ) as server:
        assert server.wait_for_log("notnow: the pool is ready")
        yield server


def load(server: VoilaServer, address: str, lang: str = "en") -> tuple[int, str, str]:
    """One page load from `address`: status, Retry-After and body."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=180, source_address=(address, 0))
    try:
        connection.request("GET", f"/?token={server.token}", headers={"Accept-Language": lang})
        response = connection.getresponse()
        return response.status, response.getheader("Retry-After") or "", response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def test_one_address_opening_page_after_page_is_told_to_try_again_in_a_minute(room):
    """Burst 2: the third page at once from one address gets 429, Retry-After 60, in its language."""
    first, second, third = (load(room, "127.0.0.2", lang="nl") for _ in range(3))
    assert (first[0], second[0]) == (200, 200)
    status, retry_after, body = third
    assert (status, retry_after) == (429, "60")
    assert '<html lang="nl">' in body and "Probeer het over een minuut opnieuw" in body
    assert "kernelId" not in body


def test_forty_page_loads_never_make_more_kernels_than_the_cap_and_the_rest_find_the_room_full(room):
    """40 loads, 8 at a time, from 40 addresses: at most 7 kernels at any moment; the others 503, in their language."""
    most = len(room.kernel_pids())
    done = threading.Event()

    def watch() -> None:
        nonlocal most
        while not done.is_set():
            most = max(most, len(room.kernel_pids()))
            done.wait(0.1)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(lambda n: load(room, f"127.0.0.{10 + n}", "nl" if n % 2 else "en"), range(40)))
    finally:
        done.set()
        watcher.join(5)
    most = max(most, len(room.kernel_pids()))
    statuses = [status for status, _retry, _body in answers]
    assert most <= CAP, f"{most} kernels at once"
    assert set(statuses) == {200, 503}
    assert statuses.count(200) <= CAP
    for number, (status, retry_after, body) in enumerate(answers):
        if status == 503:
            assert retry_after == "60"
            if number % 2:
                assert '<html lang="nl">' in body and "De zaal is vol" in body
            else:
                assert '<html lang="en">' in body and "The room is full" in body
    assert "Traceback" not in room.log()
    assert "notnow: a page was refused (503)" in room.log()  # one warning line each, no error with headers
    assert "ERROR" not in room.log()
