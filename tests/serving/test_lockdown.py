"""`make run` locked down to one user: a token, local Host names only, XSRF and origin checks on, culling.

What an attacker did before: a page on another origin started kernels with plain GETs, and a foreign Host
followed by a websocket with a matching Origin (DNS rebinding) read the resumed case's widget state.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import http.server
import re
import threading
from collections.abc import Iterator

import pytest
import requests
from playwright.sync_api import expect
from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

from tests.notebooks.voila_server import VoilaServer, free_port
from tests.serving.conftest import (
    WORKBOOK,
    kernel_pid,
    open_dashboard,
    page_kernel_id,
    require_chromium,
    settled_kernels,
    visitor_cookie,
    wait_until,
)

pytestmark = pytest.mark.slow

ATTACK_PAGE = """<!doctype html>
<html><body>
<img src="{dashboard}/"> <img src="{dashboard}/?lang=nl">
<iframe src="{dashboard}/"></iframe>
<script src="{dashboard}/"></script>
<link rel="stylesheet" href="{dashboard}/">
<form id="form" action="{dashboard}/" method="get" target="hidden"><input name="lang" value="nl"></form>
<iframe name="hidden"></iframe>
<a id="link" href="{dashboard}/" target="_blank">the dashboard</a>
<script>
  window.outcome = {{}};
  const note = (key) => (value) => {{ window.outcome[key] = String(value); }};
  fetch("{dashboard}/", {{mode: "no-cors", credentials: "include"}}).then(() => note("get")("sent"), note("get"));
  fetch("{dashboard}/?lang=en", {{credentials: "include"}}).then(() => note("cors")("read"), note("cors"));
  fetch("{dashboard}/voila/api/shutdown/{kernel_id}", {{method: "POST", mode: "no-cors", credentials: "include"}})
    .then(() => note("shutdown")("sent"), note("shutdown"));
  const socket = new WebSocket("{websocket}/api/kernels/{kernel_id}/channels");
  socket.onopen = () => note("websocket")("open");
  socket.onclose = () => {{ if (!window.outcome.websocket) note("websocket")("refused"); }};
  document.getElementById("form").submit();
</script>
</body></html>
"""


class AttackSite:
    """Another local origin: a plain HTTP server on another port that answers every GET with `html`."""

    def __init__(self) -> None:
        site = self
        self.html = ""

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body = site.html.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args: object) -> None:
                pass

        self.port = free_port()
        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def __enter__(self) -> AttackSite:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(5)


@pytest.fixture(scope="module")
def attack_site() -> Iterator[AttackSite]:
    with AttackSite() as site:
        yield site


def kernel_starts(server: VoilaServer) -> int:
    return server.log().count("Kernel started")


@pytest.mark.browser
@pytest.mark.parametrize("attacker_host", ["127.0.0.1", "localhost"])  # the same site on another port; another site
def test_a_page_on_another_origin_starts_no_kernel_and_stops_none(
    browser, dashboard_server, attack_site, attacker_host
):
    server = dashboard_server
    context = browser.new_context()  # the user is signed in: this browser holds the login cookie
    try:
        kernel_id = page_kernel_id(open_dashboard(context.new_page(), server))
        before, started = settled_kernels(server), kernel_starts(server)

        attack_site.html = ATTACK_PAGE.format(
            dashboard=server.url, websocket=server.url.replace("http", "ws"), kernel_id=kernel_id
        )
        attack = context.new_page()
        attack.goto(f"http://{attacker_host}:{attack_site.port}/", wait_until="load")
        assert wait_until(lambda: len(attack.evaluate("() => window.outcome")) >= 4, timeout=20)
        with context.expect_page() as opened:  # the user clicks that page's link to the dashboard
            attack.locator("#link").click()
        landed = opened.value
        landed.wait_for_load_state("load")
        outcome = attack.evaluate("() => window.outcome")

        assert settled_kernels(server) == before, "a request from another origin started or stopped a kernel"
        assert kernel_starts(server) == started
        assert kernel_pid(server, kernel_id)  # the user's kernel survived the forged shutdown request
        assert outcome["websocket"] == "refused"
        assert outcome["cors"] != "read"  # nor could that page read the dashboard
        assert "/login" in landed.url  # coming from another site, the login cookie does not count
        expect(landed.locator(".nn-workbook")).to_have_count(0)
    finally:
        context.close()


def test_without_the_token_the_dashboard_asks_for_it_and_starts_no_kernel(dashboard_server):
    server = dashboard_server
    before, started = settled_kernels(server), kernel_starts(server)
    for url in (f"{server.url}/", f"{server.url}/?token=not-the-token", f"{server.url}/?lang=nl"):
        response = requests.get(url, allow_redirects=False, timeout=30)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login")
    assert requests.get(f"{server.url}/login", timeout=30).status_code == 200
    assert settled_kernels(server) == before
    assert kernel_starts(server) == started


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "192.168.1.20:{port}", "[::2]:{port}"])
def test_a_request_with_a_foreign_host_header_is_refused(dashboard_server, host):
    server = dashboard_server
    before = kernel_starts(server)
    foreign = requests.get(
        server.link("/"), headers={"Host": host.format(port=server.port)}, timeout=30, allow_redirects=False
    )
    assert foreign.status_code == 403
    local = requests.get(f"{server.url}/login", headers={"Host": f"localhost:{server.port}"}, timeout=30)
    assert local.status_code == 200  # the check lets the machine's own names through
    assert kernel_starts(server) == before


async def open_channels(server: VoilaServer, kernel_id: str, host: str, cookie: str) -> str:
    """Try the kernel's websocket the way a rebinding page would: Host and Origin both the foreign name."""
    request = HTTPRequest(
        f"ws://127.0.0.1:{server.port}/api/kernels/{kernel_id}/channels?token={server.token}",
        headers={"Host": host, "Origin": f"http://{host}", "Cookie": cookie},
    )
    try:
        connection = await websocket_connect(request)
    except HTTPClientError as error:
        return f"refused {error.code}"
    connection.close()
    return "open"


def try_channels(server: VoilaServer, kernel_id: str, host: str, cookie: str) -> str:
    """open_channels on a loop of its own (pytest-playwright keeps one running in this thread)."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, open_channels(server, kernel_id, host, cookie)).result(timeout=60)


def test_dns_rebinding_a_foreign_host_with_a_matching_origin_cannot_open_the_kernel(dashboard_server):
    server = dashboard_server
    with requests.Session() as victim:  # the victim's page: its kernel holds the case
        html = victim.get(server.link("/"), timeout=180).text
        cookie = visitor_cookie(victim.cookies)
    kernel_id = re.search(r'"kernelId": "([0-9a-f-]+)"', html).group(1)
    assert try_channels(server, kernel_id, f"127.0.0.1:{server.port}", cookie) == "open"  # as the real page can
    assert try_channels(server, kernel_id, f"rebind.example:{server.port}", cookie) == "refused 403"


@pytest.mark.browser
def test_a_closed_tab_frees_its_kernel_at_once_with_xsrf_on(browser, dashboard_server):
    server = dashboard_server
    context = browser.new_context()
    try:
        page = open_dashboard(context.new_page(), server)
        kernel_id = page_kernel_id(page)
        pid = kernel_pid(server, kernel_id)
        page.close(run_before_unload=True)  # the tab closes: Voila's beacon asks the server to stop the kernel
        assert wait_until(lambda: pid not in server.kernel_pids(), timeout=15), "the closed tab's kernel is still there"
        assert "Kernel shutdown: [redacted]" in server.log()  # stopped by the beacon; the log names no kernel
        assert "403 POST /voila/api/shutdown" not in server.log()
    finally:
        context.close()


@pytest.fixture(scope="module")
def quick_culling_server() -> Iterator[VoilaServer]:
    """serve/run with the culler's clock sped up so a test can wait for it.

    20 s idle rather than less: a kernel is idle and unconnected between the end of its render and the page's
    websocket, and a slow machine must not have it culled in that gap.
    """
    require_chromium()
    with VoilaServer(
        WORKBOOK, "--MappingKernelManager.cull_idle_timeout=20", "--MappingKernelManager.cull_interval=2"
    ) as server:
        yield server


@pytest.mark.browser
def test_a_tab_dropped_without_unload_has_its_kernel_culled(browser, quick_culling_server):
    server = quick_culling_server
    context = browser.new_context()
    try:
        page = open_dashboard(context.new_page(), server)
        kernel_id = page_kernel_id(page)
        pid = kernel_pid(server, kernel_id)
        page.close(run_before_unload=False)  # a crash or a killed browser: no unload, no beacon
        # gone within the idle time plus one check (22 s), with room for a busy machine
        assert wait_until(lambda: pid not in server.kernel_pids(), timeout=60), "the dropped tab's kernel lives on"
        assert re.search(r"Culling '\w+' kernel '\w+' \(\[redacted\]\)", server.log())
    finally:
        context.close()


def test_the_shipped_config_culls_idle_kernels_after_ten_minutes(dashboard_server):
    # serve/run/voila.json: cull_idle_timeout 600 s, checked every 60 s; a connected tab is never culled.
    assert "Culling kernels with idle durations > 600 seconds at 60 second intervals" in dashboard_server.log()
