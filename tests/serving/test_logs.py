"""No secret in a log line or a Referer: the token, personal codes and _xsrf never reach the server's log.

Before, every 4xx logged the full URL, `?token=…&me=…` included.
"""

from __future__ import annotations

import re
import secrets
import uuid
from collections.abc import Iterator

import pytest
import requests

from tests.notebooks.voila_server import RUN_CONFIG, WORKSHOP_CONFIG, VoilaServer
from tests.serving.conftest import WORKBOOK, wait_until

pytestmark = pytest.mark.slow

TOKEN = "SECRET" + secrets.token_hex(12)
CODE = "CODE" + secrets.token_hex(12)  # a participant's personal code: ?me=…
XSRF = "XSRF" + secrets.token_hex(12)


@pytest.fixture(scope="module", params=[RUN_CONFIG, WORKSHOP_CONFIG], ids=["make-run", "make-serve"])
def logged_server(request) -> Iterator[VoilaServer]:
    # debug level, so that even the successes are written to the log
    with VoilaServer(WORKBOOK, "--Voila.log_level=DEBUG", config_dir=request.param, token=TOKEN) as server:
        yield server


def test_no_token_personal_code_or_xsrf_value_reaches_the_log(logged_server):
    server = logged_server
    secret_query = f"token={TOKEN}&me={CODE}&_xsrf={XSRF}"
    with requests.Session() as browser:
        # 200: the dashboard itself (it starts a kernel), a static file, the login page
        assert browser.get(f"{server.url}/?{secret_query}&lang=nl", timeout=180).status_code == 200
        assert browser.get(f"{server.url}/voila/static/voila.js?{secret_query}", timeout=30).status_code == 200
        assert browser.get(f"{server.url}/login?next=%2F%3Fme%3D{CODE}", timeout=30).status_code == 200
        # 302: no token, so off to the login page, the personal code now inside ?next=…
        response = requests.get(
            f"{server.url}/?me={CODE}",
            timeout=30,
            allow_redirects=False,
            headers={"Referer": f"http://127.0.0.1:{server.port}/?{secret_query}"},
        )
        assert response.status_code == 302
        # 403: a foreign Host; a POST without a valid _xsrf; credentials in headers; a file not allowed
        assert (
            requests.get(f"{server.url}/?{secret_query}", headers={"Host": "evil.example"}, timeout=30).status_code
            == 403
        )
        assert (
            browser.post(
                f"{server.url}/voila/api/shutdown/{uuid.uuid4()}?me={CODE}&_xsrf={XSRF}",
                data={"_xsrf": XSRF},
                timeout=30,
            ).status_code
            == 403
        )  # signed in by cookie
        assert requests.get(
            f"{server.url}/voila/api/shutdown/x?me={CODE}&_xsrf={XSRF}",
            timeout=30,
            headers={
                "Authorization": f"token {TOKEN}",
                "Cookie": f"_xsrf={XSRF}",
                "Referer": f"http://evil.example/?{secret_query}",
            },
        ).status_code in (403, 405)
        assert browser.get(f"{server.url}/voila/files/data.csv?{secret_query}", timeout=30).status_code == 403
        # 404: a kernel that does not exist
        assert browser.get(f"{server.url}/api/kernels/{uuid.uuid4()}?{secret_query}", timeout=30).status_code == 404

    def logged(status: str) -> bool:
        return bool(re.search(rf"\b{status} (GET|POST) /", server.log()))

    assert wait_until(lambda: all(logged(status) for status in ("200", "302", "403", "404")), timeout=10), (
        "the requests were not all logged, so the log proves nothing"
    )
    log = server.log()
    for secret in (TOKEN, CODE, XSRF):
        assert secret not in log, f"{secret[:6]}… is in the log"
    assert "[redacted]" in log  # the URLs are still there, with their secrets masked


def test_pages_tell_the_browser_to_send_no_referrer(logged_server):
    server = logged_server
    for url in (server.link("/"), f"{server.url}/login", server.link(f"/api/kernels/{uuid.uuid4()}")):
        response = requests.get(url, timeout=180)
        assert response.headers.get("Referrer-Policy") == "no-referrer", url
    dashboard = requests.get(server.link("/"), timeout=180).text
    assert '<meta name="referrer" content="no-referrer">' in dashboard


UUID = re.compile(r"[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}", re.IGNORECASE)


def test_no_kernel_id_reaches_the_log_at_any_level(logged_server):
    """Debug level: the page's kernel id (which, with the token, opened its channels before) is never written."""
    server = logged_server
    with requests.Session() as browser:
        page = browser.get(server.link("/"), timeout=180).text
    kernel_id = re.search(r'"kernelId": "([0-9a-f-]{36})"', page).group(1)
    assert wait_until(lambda: "Kernel started: [redacted]" in server.log(), timeout=10), "nothing about kernels logged"
    assert kernel_id not in server.log()
    assert UUID.findall(server.log()) == []
