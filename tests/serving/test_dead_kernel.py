"""A dead kernel is visible: the page says so at once, in its language, and Reload brings the work back."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from notnow import content
from tests.notebooks.voila_server import WORKSHOP_CONFIG, VoilaServer
from tests.serving.conftest import (
    FIRST_RENDER_MS,
    WORKBOOK,
    kernel_pid,
    open_dashboard,
    page_kernel_id,
    require_chromium,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BANNER_MS = 5_000  # "at once": the kernel's death reaches the page within a few seconds


def kill_kernel_behind(page: Page, server: VoilaServer) -> None:
    os.kill(kernel_pid(server, page_kernel_id(page)), signal.SIGKILL)


def test_a_killed_kernel_shows_the_banner_and_reload_resumes_the_saved_case(page: Page, dashboard_server):
    open_dashboard(page, dashboard_server)
    page.locator(".nn-load-example").click()
    expect(page.locator(".nn-client input")).to_have_value("Bloom & Co")
    page.locator(".nn-save").click()
    status = page.locator(".nn-save-status")
    expect(status).to_contain_text("Saved")

    assert "token=" not in page.url  # signed in, the page drops the token from the address bar

    kill_kernel_behind(page, dashboard_server)

    banner = page.locator(".nn-lost-banner")
    expect(banner).to_be_visible(timeout=BANNER_MS)
    expect(banner).to_contain_text(content.text("en", "serving.lost.kernel_dead"))
    expect(banner).to_contain_text(content.text("en", "serving.lost.unsaved"))
    expect(status).to_be_hidden()  # nothing may still claim "Saved"
    assert page.evaluate("() => document.getElementById('rendered_cells').inert")  # no edit can go nowhere

    page.locator(".nn-lost-reload").click()  # a reload without the token: the login cookie carries on
    page.wait_for_selector(".nn-workbook .nn-next", timeout=FIRST_RENDER_MS)
    expect(banner).to_have_count(0)
    expect(page.locator(".nn-client input")).to_have_value("Bloom & Co")  # the saved case is resumed
    page.locator(".nn-hours input").fill("abc")  # and the page answers again
    expect(page.locator(".nn-error", has_text="Enter a number for estimated hours")).to_be_visible()


def test_the_banner_speaks_the_language_the_dashboard_shows(page: Page, dashboard_server):
    open_dashboard(page, dashboard_server, lang="nl")
    expect(page.locator(".nn-next")).to_have_text(content.text("nl", "ui.next"))

    kill_kernel_behind(page, dashboard_server)

    banner = page.locator(".nn-lost-banner")
    expect(banner).to_contain_text(content.text("nl", "serving.lost.kernel_dead"), timeout=BANNER_MS)
    expect(page.locator(".nn-lost-reload")).to_have_text(content.text("nl", "serving.lost.reload"))
    expect(banner).to_have_attribute("lang", "nl")


def test_a_dropped_connection_shows_the_banner_until_it_is_back(page: Page, dashboard_server):
    sockets = []

    def through_playwright(ws):  # the page's kernel websocket, relayed so the test can cut it
        ws.connect_to_server()
        sockets.append(ws)

    page.route_web_socket("**/api/kernels/**", through_playwright)
    open_dashboard(page, dashboard_server)
    expect(page.locator(".nn-lost-banner")).to_have_count(0)

    sockets[-1].close()  # the network drops the connection; the kernel itself lives on

    banner = page.locator(".nn-lost-banner")
    expect(banner).to_contain_text(content.text("en", "serving.lost.connection_lost"), timeout=BANNER_MS)
    expect(banner).to_have_count(0, timeout=30_000)  # the page reconnects to the same kernel by itself
    page.locator(".nn-hours input").fill("abc")
    expect(page.locator(".nn-error", has_text="Enter a number for estimated hours")).to_be_visible()


@pytest.fixture(scope="module")
def workshop_server() -> Iterator[VoilaServer]:
    require_chromium()
    with VoilaServer(WORKBOOK, config_dir=WORKSHOP_CONFIG) as server:
        yield server


def test_in_a_workshop_reload_follows_the_personal_link_back_to_the_case(page: Page, workshop_server):
    open_dashboard(page, workshop_server)
    page.locator(".nn-load-example").click()
    page.locator(".nn-client input").fill("Participant's client")
    page.locator(".nn-save").click()
    expect(page.locator(".nn-save-status")).to_contain_text("Saved")
    personal_link = page.locator(".nn-come-back a").get_attribute("href") or ""
    assert "?me=" in personal_link

    kill_kernel_behind(page, workshop_server)
    expect(page.locator(".nn-lost-banner")).to_be_visible(timeout=BANNER_MS)
    page.locator(".nn-lost-reload").click()

    page.wait_for_selector(".nn-workbook .nn-next", timeout=FIRST_RENDER_MS)
    # not a bare reload, which would hand out a new, empty code; the token the link carries (so it works from
    # any browser) is taken out of the address bar once the login cookie is set
    assert personal_link.endswith(f"&token={workshop_server.token}")
    expect(page).to_have_url(personal_link.removesuffix(f"&token={workshop_server.token}"))
    expect(page.locator(".nn-client input")).to_have_value("Participant's client")
