"""A workshop on JupyterHub (deploy/jupyterhub), end to end: the real hub, proxy, idle culler and browser.

Two participants log in with the shared test password; each lands on the dashboard in a server of their own,
saves a case, and never sees the other's: their stores are separate SQLite files in separate 0700 folders.
A participant who turns to their server's API with a token of their own finds the dashboard and nothing else.
Their page is notnow's own template, as under `make serve`, and fetches nothing from outside the machine.
"""

from __future__ import annotations

import json
import os
import re
import stat
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import psutil
import pytest
import requests
from playwright.sync_api import Browser, BrowserContext, Page, Response, expect
from websockets.sync.client import connect

from notnow import Store
from tests.deploy.hub_server import PROXY, JupyterHubServer
from tests.notebooks.voila_server import ROOT
from tests.ui.conftest import require_chromium
from tests.ui.test_accessibility import keep_on_this_machine

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# The dashboard's hooks in one place: another developer may rename the widget classes.
WORKBOOK_READY = ".nn-workbook .nn-next"
LOAD_EXAMPLE = ".nn-load-example"
CLIENT_INPUT = ".nn-client input"
SAVE = ".nn-save"
SAVE_STATUS = ".nn-save-status"
SAVED_CASES = ".nn-open-case select option"
COME_BACK_LINK = ".nn-link"  # only the single Voila's workshop mode shows a personal link
# What only notnow's page template (serve/share/voila/templates/notnow) puts on the page: the banner's texts from
# its page config hook, and the step bar made a navigation by its access.js.
BANNER_TEXTS = "script#nn-serving-texts"
ACCESS_SCRIPT = "script[src*='/voila/templates/notnow/static/access.js']"
NAVIGATION = ".nn-nav[role=navigation]"

PARTICIPANTS = ["alice", "bob"]
ADMIN = "host"
PASSWORD = "not-now-is-not-never"  # the test's shared password (the authenticator wants 8 characters or more)
CULLER = "jupyterhub-idle-culler-service"
DEFAULT_URL = "/voila/render/workbook.ipynb"
FIRST_SPAWN_MS = 240_000  # login, a server's first start (20–40 s here, more under load), a kernel, the widgets
STEP_MS = 30_000


class Hub(NamedTuple):
    server: JupyterHubServer
    admin_token: str

    def api(self, path: str) -> requests.Response:
        return requests.get(
            f"{self.server.url}/hub/api{path}", headers={"Authorization": f"token {self.admin_token}"}, timeout=30
        )


def require_proxy() -> None:
    """The pinned proxy from npm; in CI (CI=true) a missing one is a failure, never a silent skip."""
    if PROXY.is_file():
        return
    reason = f"configurable-http-proxy not found at {PROXY} (run: npm ci --prefix deploy/jupyterhub)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def hub() -> Iterator[Hub]:
    require_chromium()
    require_proxy()
    server = JupyterHubServer(PARTICIPANTS, admins=[ADMIN], password=PASSWORD)
    try:
        server.start()
        yield Hub(server, server.new_token(ADMIN))
    finally:
        server.stop()


def log_in(browser: Browser, hub: Hub, username: str, refused: list[str]) -> tuple[BrowserContext, Page, list[str]]:
    """A participant in a browser of their own logs in and waits for their server and the dashboard.

    Every request of the page that their server refuses (401/403) is added to `refused`. The browser lets
    through only requests to this machine: the list returned fills with every other one it refused.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="en-GB")
    outside = keep_on_this_machine(context)
    page = context.new_page()

    def note_refusal(response: Response) -> None:
        if response.status in (401, 403) and f"/user/{username}/" in response.url:
            refused.append(f"{response.request.method} {response.url} {response.status}")

    page.on("response", note_refusal)
    page.set_default_timeout(STEP_MS)
    page.goto(f"{hub.server.url}/hub/login", wait_until="domcontentloaded")
    page.fill("#username_input", username)
    page.fill("#password_input", PASSWORD)
    page.click("#login_submit")
    page.wait_for_selector(WORKBOOK_READY, timeout=FIRST_SPAWN_MS)
    return context, page, outside


def saved_cases(page: Page) -> list[str]:
    return page.locator(SAVED_CASES).all_inner_texts()


def save_case(page: Page, client: str) -> None:
    page.locator(SAVE).click()
    expect(page.locator(SAVE_STATUS)).to_contain_text("Saved")
    expect(page.locator(SAVED_CASES, has_text=client)).to_have_count(1)


def clients_in(store_file: Path) -> list[str]:
    return list(Store(store_file).cases()["client"])


def test_the_idle_culler_runs_as_a_hub_service_with_its_own_role(hub: Hub):
    services = hub.api("/services")
    assert services.status_code == 200, services.text
    culler = services.json()[CULLER]
    assert culler["roles"] == ["jupyterhub-idle-culler-role"]
    assert culler["pid"] > 0
    process = psutil.Process(culler["pid"])
    assert process.is_running()
    assert "jupyterhub_idle_culler" in process.cmdline()
    # Its scopes suffice: the culler's own request for the user list is answered 200, not 403.
    answered = re.compile(rf"200 GET /hub/api/users\S* \({CULLER}@")
    deadline = time.monotonic() + 60
    while not answered.search(hub.server.log()) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert answered.search(hub.server.log()), "the culler never listed the users"


def test_only_listed_participants_can_log_in_with_the_shared_password(hub: Hub):
    def attempt(username: str) -> requests.Response:
        session = requests.Session()
        session.get(f"{hub.server.url}/hub/login", timeout=30)
        return session.post(
            f"{hub.server.url}/hub/login",
            allow_redirects=False,
            timeout=30,
            data={"username": username, "password": PASSWORD, "_xsrf": session.cookies.get("_xsrf", "")},
        )

    refused = attempt("mallory")
    assert refused.status_code == 403
    assert "Invalid username or password" in refused.text
    assert hub.api("/users/mallory").status_code == 404  # no account was made for them
    assert attempt("bob").status_code == 302  # the same password lets a listed participant in


def assert_the_notnow_page_with_nothing_from_outside(page: Page, outside: list[str]) -> None:
    """The dashboard is drawn by notnow's template, not Voila's lab one, and asked no other machine for anything.

    The lab template links Font Awesome from cdn.jsdelivr.net, and nbconvert's would load MathJax from cdnjs.
    """
    expect(page.locator(BANNER_TEXTS)).to_have_count(1)
    banner_texts = json.loads(page.locator(BANNER_TEXTS).text_content() or "null")
    assert set(banner_texts["texts"]) == {"nl", "en"}  # the hook gave the lost-connection banner its texts
    expect(page.locator(ACCESS_SCRIPT)).to_have_count(1)
    expect(page.locator(NAVIGATION)).to_have_count(1)  # access.js ran: the step bar is a navigation
    # No MathJax URL in the page config: Voila's frontend then typesets with the MathJax 3 of its own bundle; with
    # one (Voila's default inside Jupyter Server) it would load MathJax 2 from cdnjs at the first formula.
    page_config = json.loads(page.locator("script#jupyter-config-data").text_content() or "null")
    assert page_config.get("fullMathjaxUrl") is None
    page.wait_for_load_state("networkidle")
    html = page.content()
    for other_host in ("cdn.jsdelivr.net", "cdnjs.cloudflare.com", "unpkg.com"):  # not even a link left unused
        assert other_host not in html, other_host
    assert outside == []


def test_two_participants_reach_their_own_dashboard_and_never_see_each_others_cases(browser: Browser, hub: Hub):
    alice, bob = None, None
    refused: list[str] = []
    try:
        alice, alice_page, alice_outside = log_in(browser, hub, "alice", refused)
        assert alice_page.url == f"{hub.server.url}/user/alice{DEFAULT_URL}"
        assert_the_notnow_page_with_nothing_from_outside(alice_page, alice_outside)
        assert "dashboard()" not in alice_page.content()  # the notebook's source is stripped
        expect(alice_page.locator(COME_BACK_LINK)).to_have_count(0)  # one person, one store: no workshop link
        for locked in ("/lab", "/api/terminals"):  # the server's own config took effect: dashboard only
            assert alice_page.request.get(f"{hub.server.url}/user/alice{locked}").status == 404, locked
        alice_page.locator(LOAD_EXAMPLE).click()
        expect(alice_page.locator(CLIENT_INPUT)).to_have_value("Bloom & Co")
        save_case(alice_page, "Bloom & Co")

        bob, bob_page, bob_outside = log_in(browser, hub, "bob", refused)
        assert bob_page.url == f"{hub.server.url}/user/bob{DEFAULT_URL}"
        expect(bob_page.locator(SAVED_CASES)).not_to_have_count(0)  # the list is drawn
        assert not any("Bloom & Co" in case for case in saved_cases(bob_page))
        expect(bob_page.locator(CLIENT_INPUT)).to_have_value("")  # nothing of Alice's was resumed
        bob_page.locator(LOAD_EXAMPLE).click()
        # the example's client first: filling before it arrives types after it ("Bloom & CoBakkerij Bob")
        expect(bob_page.locator(CLIENT_INPUT)).to_have_value("Bloom & Co")
        bob_page.locator(CLIENT_INPUT).fill("Bakkerij Bob")
        save_case(bob_page, "Bakkerij Bob")
        assert not any("Bloom & Co" in case for case in saved_cases(bob_page))
        assert refused == []  # the dashboard-only server grants all that the page itself asks for
        assert alice_outside == bob_outside == []  # not even an attempt, with an example loaded and a case saved
    finally:
        for context in (alice, bob):
            if context is not None:
                context.close()

    homes = hub.server.homes
    for name in PARTICIPANTS:
        assert stat.S_IMODE((homes / name).stat().st_mode) == 0o700, f"{name}'s folder is open to others"
    # Unscoped reads find the cases: they were saved as one person's store, not under a workshop code.
    assert clients_in(homes / "alice" / "notnow.sqlite3") == ["Bloom & Co"]
    assert clients_in(homes / "bob" / "notnow.sqlite3") == ["Bakkerij Bob"]


# --- a participant who turns to their server's API ---------------------------------------------------------
# They log in as themselves, make a token on the hub (as its token page lets any user do) and send requests a
# browser would not. Their server must answer only what the dashboard needs.


def wait_until_running(hub: Hub, username: str, session: requests.Session) -> None:
    """Start username's server with session's token, unless it runs already, and wait until it is ready."""
    started = session.post(f"{hub.server.url}/hub/api/users/{username}/server", timeout=30)
    assert started.status_code in (201, 202, 400), started.text  # 400: it was running already
    deadline = time.monotonic() + FIRST_SPAWN_MS / 1000
    while not hub.api(f"/users/{username}").json()["servers"].get("", {}).get("ready"):
        assert time.monotonic() < deadline, f"{username}'s server did not start:\n{hub.server.log()}"
        time.sleep(1)


@pytest.fixture(scope="module")
def alice_api(hub: Hub) -> Iterator[requests.Session]:
    """Alice's own API token in a session, with her server running (started now if the browser test did not)."""
    session = requests.Session()
    session.headers["Authorization"] = f"token {hub.server.new_token('alice', PASSWORD)}"
    with session:
        wait_until_running(hub, "alice", session)
        yield session


def alice_url(hub: Hub, path: str) -> str:
    return f"{hub.server.url}/user/alice{path}"


def test_a_participant_cannot_start_a_kernel_through_the_servers_api(hub: Hub, alice_api: requests.Session):
    """POST /api/kernels or /api/sessions would start a kernel that runs whatever they send: both refused."""
    kernel = alice_api.post(alice_url(hub, "/api/kernels"), json={"name": "python3"}, timeout=60)
    assert kernel.status_code in (403, 404), kernel.text
    session = alice_api.post(
        alice_url(hub, "/api/sessions"),
        json={"path": "probe.ipynb", "type": "notebook", "kernel": {"name": "python3"}},
        timeout=60,
    )
    assert session.status_code in (403, 404), session.text


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/files/workbook.ipynb"),
        ("GET", "/api/contents"),
        ("GET", "/api/contents/workbook.ipynb"),
        ("PUT", "/api/contents/written-by-a-participant.txt"),
        ("GET", "/view/workbook.ipynb"),
        ("GET", "/nbconvert/html/workbook.ipynb"),
    ],
)
def test_a_participant_cannot_read_or_write_the_servers_files(
    hub: Hub, alice_api: requests.Session, method: str, path: str
):
    """Jupyter Server's file handlers (files, contents, view, nbconvert) refuse them: the server is the page."""
    body = {"type": "file", "format": "text", "content": "written by a participant"} if method == "PUT" else None
    written = ROOT / "notebooks" / "written-by-a-participant.txt"  # the server's folder: the repo's notebooks
    try:
        answer = alice_api.request(method, alice_url(hub, path), json=body, timeout=60)
        assert answer.status_code in (403, 404), f"{method} {path}: {answer.status_code}"
        assert not written.exists()
    finally:
        written.unlink(missing_ok=True)


def test_a_participant_cannot_reach_another_participants_server(hub: Hub, alice_api: requests.Session):
    """Alice's token opens her own server, not Bob's: neither his page nor his kernels."""
    with requests.Session() as admin:
        admin.headers["Authorization"] = f"token {hub.admin_token}"
        wait_until_running(hub, "bob", admin)
    for path in ("/voila/render/workbook.ipynb", "/api/kernels", "/api/status"):
        answer = alice_api.get(f"{hub.server.url}/user/bob{path}", allow_redirects=False, timeout=60)
        assert answer.status_code in (403, 404), f"{path}: {answer.status_code}"


def shell_message(msg_type: str, content: dict[str, Any]) -> dict[str, Any]:
    """A Jupyter message for the kernel's shell channel, as the websocket's JSON protocol carries it."""
    header = {
        "msg_id": uuid.uuid4().hex,
        "msg_type": msg_type,
        "session": uuid.uuid4().hex,
        "username": "alice",
        "version": "5.3",
        "date": "2026-12-02T10:00:00Z",
    }
    return {"header": header, "parent_header": {}, "metadata": {}, "content": content, "channel": "shell"}


def test_the_dashboards_kernel_answers_the_page_but_runs_no_code_sent_to_it(hub: Hub, alice_api: requests.Session):
    """With the kernel id from the page, an execute_request on its channels is dropped; kernel_info still works.

    The shell channel answers in order, so once the kernel_info_reply sent after the code is in, an execute
    reply would have come before it: none did, so the code never reached the kernel.
    """
    page = alice_api.get(alice_url(hub, "/voila/render/workbook.ipynb"), timeout=FIRST_SPAWN_MS / 1000)
    assert page.status_code == 200
    config = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', page.text, re.S)
    assert config is not None
    kernel_id = json.loads(config.group(1))["kernelId"]
    channels = alice_url(hub, f"/api/kernels/{kernel_id}/channels").replace("http://", "ws://", 1)
    code = shell_message("execute_request", {"code": "print('ran')", "silent": False, "store_history": False})
    info = shell_message("kernel_info_request", {})
    answered_code: list[str] = []
    with connect(channels, additional_headers=dict(alice_api.headers), proxy=None, open_timeout=30) as socket:
        socket.send(json.dumps(code))
        socket.send(json.dumps(info))
        while True:
            message = json.loads(socket.recv(timeout=60))  # a bound against a hang, not a measured time
            parent = message.get("parent_header", {}).get("msg_id")
            if parent == code["header"]["msg_id"]:
                answered_code.append(message["msg_type"])
            if parent == info["header"]["msg_id"] and message["msg_type"] == "kernel_info_reply":
                break
    assert message["content"]["status"] == "ok"  # the page's own requests pass
    assert answered_code == []  # no execute_input, stream, or execute_reply: the code was never run
    alice_api.post(alice_url(hub, f"/voila/api/shutdown/{kernel_id}"), timeout=30)  # as the page does on leaving
