"""notnow.serving: the log filter, the foreign-request rule, the banner texts, the shared Voila settings and the room.

The real server is tested in tests/serving/; here each piece alone, with expected strings written by hand.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import io
import logging
import os

import pytest
from tornado import web
from traitlets import Any, Integer, Unicode
from traitlets.config import Config, Configurable

from notnow import content
from notnow.serving import (
    LinkingKernelManager,
    LocalIdentityProvider,
    RedactSecrets,
    RoomKernelManager,
    banner_texts,
    configure,
    configure_room,
    is_foreign_request,
    local_address,
    page_config_hook,
    public_url,
    redact,
    room_size,
)
from notnow.serving_handlers import check_visitor


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "403 GET /?token=abc123&me=Zx9_-k&lang=nl (127.0.0.1) 2.1ms",
            "403 GET /?token=[redacted]&me=[redacted]&lang=nl (127.0.0.1) 2.1ms",
        ),
        ("POST /voila/api/shutdown/k1?_xsrf=2|ab|cd|17", "POST /voila/api/shutdown/k1?_xsrf=[redacted]"),
        # a login redirect carries the original link percent-encoded in ?next=…, once or twice
        ("302 GET /login?next=%2F%3Fme%3DCODE42%26lang%3Dnl", "302 GET /login?next=%2F%3Fme%3D[redacted]%26lang%3Dnl"),
        ("next=%252F%253Ftoken%253DTOK%2526x%253D1", "next=%252F%253Ftoken%253D[redacted]%2526x%253D1"),
        (
            "referer=http://127.0.0.1:8866/?lang=en&token=abc#top",
            "referer=http://127.0.0.1:8866/?lang=en&token=[redacted]#top",
        ),
        (
            '{"Cookie": "username-127-0-0-1=abc; _xsrf=def", "Host": "127.0.0.1"}',
            '{"Cookie": "[redacted]", "Host": "127.0.0.1"}',
        ),
        ("Authorization: token 0123456789abcdef0123", "Authorization: [redacted]"),
        ("sent with token 0123456789abcdef0123 in a header", "sent with token [redacted] in a header"),
        # lookalikes stay: a name that merely contains 'me', other arguments, an empty value, ordinary words
        ("GET /?name=Ann&theme=dark&home=1", "GET /?name=Ann&theme=dark&home=1"),
        ("GET /?token=&lang=nl", "GET /?token=&lang=nl"),
        ("RuntimeError: at that name, set me up", "RuntimeError: at that name, set me up"),
        # a kernel id opens its page to whoever has the room's token: masked at every place it shows up
        (
            "Using pre-heated kernel: 0f8fad5b-d9cb-469f-a165-70867728950e for workbook.ipynb",
            "Using pre-heated kernel: [redacted] for workbook.ipynb",
        ),
        (
            "Culling 'idle' kernel 'python3' (0F8FAD5B-D9CB-469F-A165-70867728950E) with 0 connections",
            "Culling 'idle' kernel 'python3' ([redacted]) with 0 connections",
        ),
        ("GET /api/kernels/0f8fad5b-d9cb-469f-a165-70867728950e/channels", "GET /api/kernels/[redacted]/channels"),
        ("kernel-0f8fad5b-d9cb-469f-a165-70867728950e.json", "kernel-[redacted].json"),
        ("X-Notnow-Kernel-Secret: abcdefgh", "X-Notnow-Kernel-Secret: [redacted]"),
        # not a UUID: too short, or part of a longer hex run
        ("commit 0f8fad5b-d9cb-469f-a165", "commit 0f8fad5b-d9cb-469f-a165"),
    ],
)
def test_redact_masks_secret_values_and_nothing_else(line, expected):
    assert redact(line) == expected


def filtered_logger(name: str) -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactSecrets())
    logger = logging.getLogger(name)
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    return logger, stream


def test_the_filter_masks_secrets_passed_as_arguments():
    logger, stream = filtered_logger("notnow.test.args")
    logger.warning("%d %s %s", 404, "GET", "/api/kernels/x?token=abc&me=code")
    assert stream.getvalue() == "404 GET /api/kernels/x?token=[redacted]&me=[redacted]\n"


def test_the_filter_masks_secrets_in_a_logged_traceback():
    logger, stream = filtered_logger("notnow.test.traceback")
    try:
        raise ValueError("bad link http://127.0.0.1/?me=PERSONAL")
    except ValueError:
        logger.exception("failed")
    assert "PERSONAL" not in stream.getvalue()
    assert "ValueError: bad link http://127.0.0.1/?me=[redacted]" in stream.getvalue()


def test_the_filter_keeps_every_record():
    record = logging.LogRecord("tornado.access", logging.INFO, __file__, 1, "200 GET / %s", ("ok",), None)
    assert RedactSecrets().filter(record) is True
    assert record.getMessage() == "200 GET / ok"


@pytest.mark.parametrize(
    ("site", "foreign"),
    [
        ("same-site", True),
        ("cross-site", True),
        ("Cross-Site", True),
        ("same-origin", False),
        ("none", False),
        (None, False),
    ],
)
def test_a_request_is_foreign_only_when_the_browser_says_another_site_made_it(site, foreign):
    headers = {} if site is None else {"Sec-Fetch-Site": site}
    assert is_foreign_request(headers) is foreign


def test_the_banner_texts_come_from_content_in_every_language():
    texts = banner_texts()
    assert texts["default"] == content.DEFAULT_LANG
    assert set(texts["texts"]) == set(content.LANGS)
    for lang in content.LANGS:
        assert texts["texts"][lang]["reload"] == content.text(lang, "serving.lost.reload")
        assert set(texts["texts"][lang]) == {"kernel_dead", "connection_lost", "unsaved", "reload"}
    assert texts["texts"]["nl"]["kernel_dead"] != texts["texts"]["en"]["kernel_dead"]


def test_the_page_config_hook_adds_the_texts_and_keeps_the_rest():
    page_config = {"baseUrl": "/", "kernelId": "k1"}
    extended = page_config_hook(page_config, base_url="/", notebook_path="workbook.ipynb")
    assert extended == {"baseUrl": "/", "kernelId": "k1", "notnowServing": banner_texts()}
    assert "notnowServing" not in page_config  # the caller's dict is left alone


@pytest.fixture
def clean_environ(monkeypatch, tmp_path):
    monkeypatch.setenv("JUPYTER_PATH", "/opt/jupyter")
    monkeypatch.delenv("JUPYTER_TOKEN", raising=False)
    return tmp_path


def test_configure_takes_the_token_out_of_the_environment(clean_environ, monkeypatch):
    monkeypatch.setenv("JUPYTER_TOKEN", "room-42-token")
    c = Config()
    configure(c, jupyter_data=clean_environ)
    assert c.Voila.token == "room-42-token"
    assert "JUPYTER_TOKEN" not in os.environ  # kernels inherit the server's environment


def test_configure_without_a_token_makes_one_and_says_it(clean_environ, capsys):
    c = Config()
    configure(c, jupyter_data=clean_environ)
    assert len(c.Voila.token) >= 40  # 32 random bytes, base64: 43 characters
    assert c.Voila.token in capsys.readouterr().err


def test_configure_turns_the_checks_on(clean_environ):
    c = Config()
    configure(c, jupyter_data=clean_environ, local_hostnames=("localhost", "room.local"))
    settings = c.Voila.tornado_settings
    assert settings["allow_remote_access"] is False
    assert settings["local_hostnames"] == ["localhost", "room.local"]
    assert settings["disable_check_xsrf"] is False
    assert settings["headers"]["Referrer-Policy"] == "no-referrer"
    assert c.Voila.identity_provider_class is LocalIdentityProvider
    assert c.Voila.logging_config["handlers"]["console"]["filters"] == ["redact_secrets"]
    assert c.Voila.logging_config["filters"]["redact_secrets"]["()"] == "notnow.serving.RedactSecrets"
    assert os.environ["JUPYTER_PATH"] == os.pathsep.join([str(clean_environ), "/opt/jupyter"])


def test_configure_hands_kernels_the_configured_address(clean_environ):
    c = Config()
    configure(c, jupyter_data=clean_environ)
    assert c.VoilaConfiguration.multi_kernel_manager_class is LinkingKernelManager


# --- the workshop room -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [("12", 12), (" 1 ", 1), ("100", 100), (7, 7), (None, 30), ("", 30)])
def test_the_room_size_is_a_whole_number_of_participants_thirty_when_unset(value, expected):
    assert room_size(value) == expected


@pytest.mark.parametrize("value", ["0", "101", "-3", "12.5", "1e2", "thirty", "²", "30 people"])
def test_a_room_size_that_is_no_whole_number_from_1_to_100_is_refused_with_the_rule(value):
    with pytest.raises(ValueError, match=r"ROOM is the number of participants, a whole number from 1 to 100"):
        room_size(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://room.example.org/notnow/", "https://room.example.org/notnow/"),
        ("https://room.example.org/notnow", "https://room.example.org/notnow/"),  # a folder: the slash added
        ("HTTP://192.168.1.20:8866", "http://192.168.1.20:8866/"),
        ("  http://[::1]:8866/ ", "http://[::1]:8866/"),
        ("", ""),
        (None, ""),
    ],
)
def test_the_public_url_is_kept_as_given_ending_in_a_slash(value, expected):
    assert public_url(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "room.example.org/notnow/",  # no scheme
        "ftp://room.example.org/",
        "javascript:alert(1)",
        "https://room.example.org/?token=abc",  # the server adds the query itself
        "https://room.example.org/#top",
        "https://someone:secret@room.example.org/",
        "http://room.example.org:port/",
        "https:///notnow/",
        "https://room.example.org/a b/",
        "https://room.example.org/<script>/",
    ],
)
def test_a_public_url_that_is_no_plain_web_address_is_refused_with_an_example(value):
    with pytest.raises(ValueError, match=r"NOTNOW_PUBLIC_URL is the address participants open, like https://"):
        public_url(value)


@pytest.mark.parametrize(
    ("ip", "port", "base_url", "expected"),
    [
        ("127.0.0.1", 8866, "/", "http://127.0.0.1:8866/"),
        ("localhost", 9000, "/notnow/", "http://localhost:9000/notnow/"),
        ("::1", 8866, "/notnow", "http://[::1]:8866/notnow/"),
        ("0.0.0.0", 8866, "/", "http://localhost:8866/"),  # every address: none of its own
        ("", 8866, "", "http://localhost:8866/"),
    ],
)
def test_the_servers_own_address_comes_from_its_settings(ip, port, base_url, expected):
    assert local_address(ip, port, base_url) == expected


def test_configure_room_sizes_the_pool_and_puts_the_address_and_token_in_the_link(clean_environ, monkeypatch):
    monkeypatch.delenv("NOTNOW_WORKSHOP", raising=False)
    monkeypatch.setenv("NOTNOW_ROOM", "12")
    monkeypatch.setenv("NOTNOW_PUBLIC_URL", "https://room.example.org/notnow")
    c = Config()
    configure(c, jupyter_data=clean_environ)
    configure_room(c)
    assert c.VoilaConfiguration.multi_kernel_manager_class is RoomKernelManager
    assert c.VoilaConfiguration.preheat_kernel is True
    assert c.VoilaConfiguration.default_pool_size == 12
    assert c.LinkingKernelManager.public_url == "https://room.example.org/notnow/"
    assert c.LinkingKernelManager.link_token is True
    assert os.environ["NOTNOW_WORKSHOP"] == "1"


def test_configure_room_takes_arguments_over_the_environment(clean_environ, monkeypatch):
    monkeypatch.setenv("NOTNOW_ROOM", "12")
    c = Config()
    configure_room(c, room=5, public="")
    assert c.VoilaConfiguration.default_pool_size == 5
    assert c.LinkingKernelManager.public_url == ""  # the server's own address, found when it runs


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("NOTNOW_ROOM", "lots", "ROOM is the number of participants"),
        ("NOTNOW_PUBLIC_URL", "room.example.org", "NOTNOW_PUBLIC_URL is"),
    ],
)
def test_a_bad_room_setting_stops_the_server_with_a_message_and_no_traceback(
    clean_environ, monkeypatch, name, value, says
):
    monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit) as stopped:
        configure_room(Config())
    assert str(stopped.value).startswith(f"notnow: {says}")
    assert stopped.value.__cause__ is None and stopped.value.__suppress_context__  # no chained traceback


class FakeVoila(Configurable):
    """What a kernel manager reads from its parent, the Voila application."""

    ip = Unicode("127.0.0.1")
    port = Integer(8866)
    base_url = Unicode("/")
    root_dir = Unicode("/")
    token = Unicode("room-42-token")
    identity_provider = Any(None)


def test_kernels_are_told_the_servers_own_address_and_in_a_workshop_the_token():
    alone = LinkingKernelManager(parent=FakeVoila(port=9001))
    assert alone.link_env() == {"NOTNOW_PUBLIC_URL": "http://127.0.0.1:9001/"}  # no token outside a workshop
    room = LinkingKernelManager(parent=FakeVoila(), link_token=True, public_url="https://room.example.org/notnow/")
    assert room.link_env() == {
        "NOTNOW_PUBLIC_URL": "https://room.example.org/notnow/",
        "NOTNOW_LINK_TOKEN": "room-42-token",
    }


def test_a_kernels_channels_are_only_for_the_visitor_whose_page_got_it():
    """bind_visitor ties a kernel to one visitor secret; any other secret, none, or another kernel is refused."""
    manager = LinkingKernelManager(parent=FakeVoila())
    manager.bind_visitor("kernel-a", "alice-secret-0123456789abcdef0123456789")
    assert manager.visitor_allowed("kernel-a", "alice-secret-0123456789abcdef0123456789")
    assert not manager.visitor_allowed("kernel-a", "mallory-secret-0123456789abcdef012345")
    assert not manager.visitor_allowed("kernel-a", None)
    assert not manager.visitor_allowed("kernel-a", "")
    assert not manager.visitor_allowed("kernel-b", "alice-secret-0123456789abcdef0123456789")  # never bound


class VisitorRequest:
    """What check_visitor reads of a request handler: the server's kernel manager and the request's cookies."""

    def __init__(self, manager: LinkingKernelManager, cookies: dict[str, str]) -> None:
        self.kernel_manager = manager
        self._cookies = cookies

    def get_cookie(self, name: str, default: str | None = None) -> str | None:
        return self._cookies.get(name, default)


def test_reading_or_stopping_a_running_kernel_is_only_for_its_visitor(tmp_path):
    """A real kernel, bound to Alice's secret: Mallory's cookie or none is refused (403); Alice passes; an id no
    kernel has passes too, so the handler answers 404 as for any unknown kernel."""
    alice = "alice-secret-0123456789abcdef0123456789"

    async def check() -> list[object]:
        manager = LinkingKernelManager(parent=FakeVoila(root_dir=str(tmp_path)))
        kernel_id = await manager.start_kernel(kernel_name="python3")
        try:
            manager.bind_visitor(kernel_id, alice)
            cookie = manager.visitor_cookie()
            outcomes: list[object] = []
            for cookies, asked in (
                ({}, kernel_id),
                ({cookie: "mallory-secret-0123456789abcdef012345"}, kernel_id),
                ({cookie: alice}, kernel_id),
                ({}, "0f8fad5b-d9cb-469f-a165-70867728950e"),
            ):
                try:
                    check_visitor(VisitorRequest(manager, cookies), asked)
                    outcomes.append("passes")
                except web.HTTPError as refused:
                    outcomes.append(refused.status_code)
            return outcomes
        finally:
            await manager.shutdown_kernel(kernel_id, now=True)

    with concurrent.futures.ThreadPoolExecutor(1) as pool:  # a loop of its own (Playwright may hold this thread's)
        assert pool.submit(asyncio.run, check()).result(timeout=120) == [403, 403, "passes", "passes"]


def test_a_kernel_the_server_did_not_start_has_no_secret_to_match():
    """The visitor handshake asks kernel_secret_matches: for an unknown kernel nothing matches."""
    manager = LinkingKernelManager(parent=FakeVoila())
    assert not manager.kernel_secret_matches("0f8fad5b-d9cb-469f-a165-70867728950e", "anything")
    assert not manager.kernel_secret_matches("0f8fad5b-d9cb-469f-a165-70867728950e", None)
