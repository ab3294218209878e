"""notnow.serving: the log filter, the foreign-request rule, the banner texts and the shared Voila settings.

The real server is tested in tests/serving/; here each piece alone, with expected strings written by hand.
"""

from __future__ import annotations

import io
import logging
import os

import pytest
from traitlets.config import Config

from notnow import content
from notnow.serving import (
    LocalIdentityProvider,
    RedactSecrets,
    banner_texts,
    configure,
    is_foreign_request,
    page_config_hook,
    redact,
)


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
