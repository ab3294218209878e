"""The host's room view on a real workshop server (serve/workshop), read in real Chromium.

Most tests read a store holding five participants' walks, saved through the real Store under five server-made
codes (tests/unit/test_room.py works their counts out by hand). One test has five participants use the
dashboard in Chromium, one after another, and the host's page then counts what they did.
"""

from __future__ import annotations

import re
import secrets
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Browser, Locator, Page, expect

from notnow import content
from notnow.store import Store
from tests.notebooks.voila_server import WORKSHOP_CONFIG, VoilaServer
from tests.serving.conftest import WORKBOOK, require_chromium
from tests.ui.test_dashboard import STEP_MS, control, load_example, walk_to
from tests.unit.test_room import WALKS, walked

pytestmark = [pytest.mark.slow]
HOST_KEY = secrets.token_urlsafe(24)


@pytest.fixture(scope="module")
def room_server() -> Iterator[VoilaServer]:
    """`make serve ROOM=1` with a host key, and a store holding five participants' walks."""
    require_chromium()
    server = VoilaServer(WORKBOOK, config_dir=WORKSHOP_CONFIG, env={"NOTNOW_ROOM": "1", "NOTNOW_HOST_TOKEN": HOST_KEY})
    path = Path(server.env["NOTNOW_HOME"]) / "notnow.sqlite3"
    issuer = Store(path)
    for walk in WALKS:
        Store(path, owner=issuer.issue_owner_code()).save(walked(*walk))
    with server:
        yield server


def host_link(server: VoilaServer, **query: str) -> str:
    extra = "".join(f"&{name}={value}" for name, value in query.items())
    return f"{server.url}/notnow/host?key={HOST_KEY}{extra}"


def figure(page: Page, label_key: str) -> Locator:
    """The value of one figure on the host's page, found by its English label."""
    return page.locator(".figure", has_text=content.text("en", label_key)).locator(".value")


def bar(page: Page, title_key: str) -> Locator:
    """The count beside one bar (a step, a reason, an offer), found by its English title."""
    title = content.text("en", title_key)
    return page.locator("table.bars tr", has=page.locator("th", has_text=title)).first.locator("td")


def test_the_participants_link_cannot_open_the_room_view(room_server):
    """The room's token, in the address or as the key, gets a plain 403 page and no counts."""
    for address in (
        f"{room_server.url}/notnow/host?token={room_server.token}",
        f"{room_server.url}/notnow/host?key={room_server.token}",
        f"{room_server.url}/notnow/host",
        f"{room_server.url}/notnow/host/debrief.pdf?token={room_server.token}",
    ):
        answer = requests.get(address, timeout=30, allow_redirects=False)
        assert answer.status_code == 403, address
        assert content.text("en", "room.refused_title") in answer.text
        assert content.text("en", "room.reached_title") not in answer.text


def test_a_signed_in_participant_cannot_open_it_either(room_server):
    """A participant's login cookie (from the room link) is not the host's: still refused."""
    with requests.Session() as participant:
        participant.get(room_server.link("/"), timeout=120)
        answer = participant.get(f"{room_server.url}/notnow/host", timeout=30, allow_redirects=False)
    assert answer.status_code == 403


def test_the_host_link_shows_the_rooms_counts_and_withholds_the_small_ones(room_server, page: Page):
    """Five participants: 5 with a case, three reached the rush step, three chose fully booked; the rest
    (two at referral, one don't-want, the open pages) say "fewer than 3". The key leaves the address bar."""
    page.goto(host_link(room_server, lang="en"), wait_until="domcontentloaded", timeout=60_000)
    assert "key=" not in page.url
    fewer = content.text("en", "room.fewer")

    expect(figure(page, "room.participants")).to_have_text("5")
    expect(figure(page, "room.connected")).to_have_text(fewer)
    expect(figure(page, "room.composed")).to_have_text(fewer)
    expect(figure(page, "room.median_surcharge")).to_have_text("25%")  # Babel, British style

    expect(bar(page, "steps.request.title")).to_have_text("5")
    expect(bar(page, "steps.rush.title")).to_have_text("3")
    expect(bar(page, "steps.reply.title")).to_have_text(fewer)
    expect(bar(page, "honesty.reasons.fully_booked.label")).to_have_text("3")
    expect(bar(page, "honesty.reasons.dont_want.label")).to_have_text(fewer)
    assert page.locator("meta[http-equiv='refresh']").get_attribute("content") == "5"


def test_the_room_view_speaks_the_hosts_language(room_server, page: Page):
    """`lang=nl` (or a Dutch browser) gets the Dutch labels."""
    page.goto(host_link(room_server, lang="nl"), wait_until="domcontentloaded", timeout=60_000)
    expect(page.locator("h1")).to_have_text(content.text("nl", "room.title"))


def test_the_debrief_downloads_are_a_png_and_a_one_page_pdf(room_server, tmp_path):
    """The same picture as a PNG and a PDF, printed by the handout's Chromium, for the host's cookie only."""
    with requests.Session() as host:
        assert host.get(host_link(room_server), timeout=30).status_code == 200
        png = host.get(f"{room_server.url}/notnow/host/debrief.png", timeout=120)
        pdf = host.get(f"{room_server.url}/notnow/host/debrief.pdf", timeout=120)
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    (tmp_path / "room.pdf").write_bytes(pdf.content)
    info = subprocess.run(["pdfinfo", str(tmp_path / "room.pdf")], capture_output=True, text=True, timeout=60).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M), info


def test_the_host_key_never_reaches_the_log(room_server):
    """The access log masks the key as it masks the room's token."""
    requests.get(host_link(room_server), timeout=30)
    assert HOST_KEY not in room_server.log()


@pytest.fixture(scope="module")
def empty_room() -> Iterator[VoilaServer]:
    """`make serve ROOM=3` with a host key and nothing saved yet."""
    require_chromium()
    with VoilaServer(
        WORKBOOK, config_dir=WORKSHOP_CONFIG, env={"NOTNOW_ROOM": "3", "NOTNOW_HOST_TOKEN": HOST_KEY}
    ) as server:
        yield server


def participant(browser: Browser, server: VoilaServer, *, example_to: str = "", client: str = "") -> None:
    """One participant's visit: the worked example walked to `example_to`, or only a client and hours typed;
    then the tab is closed."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_default_timeout(STEP_MS)
        page.goto(server.link("/"), wait_until="domcontentloaded", timeout=120_000)
        page.wait_for_selector(".nn-workbook .nn-step-request .nn-client input", timeout=120_000)
        if example_to:
            load_example(page)
            walk_to(page, example_to)
        else:
            control(page, "client").fill(client)
            control(page, "hours").fill("12")
        expect(page.locator(".nn-save-status")).to_contain_text("Saved at")
        # As a participant closes the tab: Voila's beacon stops the kernel, which saves a change still waiting
        # for its half second on the way out (the host's page, refreshing every 5 s, then counts it).
        page.close(run_before_unload=True)
    finally:
        context.close()


def test_the_host_view_counts_what_five_participants_did_in_their_browsers(browser: Browser, empty_room):
    """Three walk the worked example (fully booked) to the rush step, two only type a client and its hours.
    By hand: 5 participants, all 5 on the request step, 3 reached rush (so empathy to rush: 3), none the reply;
    fully booked 3, "don't want" 0; the example's 5 days 7 hours of notice is under 7 days: 25 % for all three,
    so the median is 25 %. Everything under 3 reads "fewer than 3"."""
    for _ in range(3):
        participant(browser, empty_room, example_to="rush")
    participant(browser, empty_room, client="Atelier Noord")
    participant(browser, empty_room, client="Kite & Co")

    host = browser.new_page()
    try:
        host.goto(host_link(empty_room, lang="en"), wait_until="domcontentloaded", timeout=60_000)
        fewer = content.text("en", "room.fewer")

        expect(bar(host, "steps.rush.title")).to_have_text("3", timeout=60_000)  # the last saves
        expect(figure(host, "room.participants")).to_have_text("5", timeout=30_000)
        expect(figure(host, "room.median_surcharge")).to_have_text("25%")
        expect(bar(host, "steps.request.title")).to_have_text("5")
        expect(bar(host, "steps.empathy.title")).to_have_text("3")
        expect(bar(host, "steps.reply.title")).to_have_text(fewer)
        expect(bar(host, "honesty.reasons.fully_booked.label")).to_have_text("3")
        expect(bar(host, "honesty.reasons.dont_want.label")).to_have_text(fewer)
        for client in ("Bloom & Co", "Atelier Noord", "Kite & Co"):  # counts only: no client's name
            assert client not in host.inner_text("body")
    finally:
        host.close()
