"""Serving the dashboard safely: what the Voila configs in serve/ plug in (their voila.py calls `configure`).

- No secret in a log line: `RedactSecrets` masks the token, the personal code (`me`) and `_xsrf` in every
  record, wherever a URL shows up in it (access lines, warnings, Referer values, tracebacks).
- Only the user's own requests count: `LocalIdentityProvider` ignores the login cookie on requests another
  site makes (the browser says so in `Sec-Fetch-Site`), so a page on another origin starts no kernel.
- A closed tab frees its kernel with XSRF on: the same provider gives the page its `_xsrf` cookie, which
  Voila's shutdown beacon sends back (voila#1458: without it the beacon is refused).
- No traceback over the websocket: `HiddenTracebacksConnection` makes jupyter_server's own switch for
  that (`MappingKernelManager.allow_tracebacks`) work.
- The dead-kernel banner's texts come from data/ (`page_config_hook`), in every language.

No widgets here: this runs in the Voila server process, never in a kernel.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import sys
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any

from jupyter_server.auth.identity import PasswordIdentityProvider, User
from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
from tornado import web
from tornado.websocket import WebSocketHandler

from notnow import content

__all__ = [
    "SECRET_PARAMS",
    "HiddenTracebacksConnection",
    "LocalIdentityProvider",
    "RedactSecrets",
    "banner_texts",
    "configure",
    "is_foreign_request",
    "page_config_hook",
    "redact",
]

SECRET_PARAMS = ("token", "me", "_xsrf")
MASK = "[redacted]"

# A query argument in a URL, plain or percent-encoded once or twice (a login redirect's ?next=… holds the
# original URL encoded): the name after ?, & or ; (or the start of a word), then = and the value.
_SEP = r"(?:[?&;]|%3F|%26|%3B|%253F|%2526|%253B)"
_EQ = r"(?:=|%3D|%253D)"
_END = r"(?:%26|%23|%3B|%2526|%2523|%253B)"  # an encoded & # ; ends an encoded value
_QUERY_SECRET = re.compile(
    rf"(?P<name>(?:{_SEP}|(?<![\w.%-]))(?:{'|'.join(map(re.escape, SECRET_PARAMS))}){_EQ})"
    rf"(?P<value>(?:(?!{_END})[^\s&;#\"'<>])*)",
    re.IGNORECASE,
)
# Credentials in headers, however they are printed (`Cookie: a=b`, `"Authorization": "token x"`).
_HEADER_SECRET = re.compile(
    r"(?P<name>\b(?:authorization|cookie|set-cookie|x-xsrftoken|x-csrftoken)\b[\"']?\s*[:=]\s*[\"']?)"
    r"(?P<value>[^\"'\r\n]+)",
    re.IGNORECASE,
)
# `token abc…` / `Bearer abc…` as an Authorization value may also stand alone.
_SCHEME_SECRET = re.compile(r"(?P<name>\b(?:token|bearer)\s+)(?P<value>[A-Za-z0-9_\-.~+/=]{16,})", re.IGNORECASE)


def _mask(match: re.Match[str]) -> str:
    return match.group("name") + (MASK if match.group("value") else "")


def redact(text: str) -> str:
    """`text` with the values of token, me and _xsrf arguments and of credential headers masked.

    >>> redact("403 GET /?token=abc&me=xyz&lang=nl (127.0.0.1)")
    '403 GET /?token=[redacted]&me=[redacted]&lang=nl (127.0.0.1)'
    """
    for pattern in (_QUERY_SECRET, _HEADER_SECRET, _SCHEME_SECRET):
        text = pattern.sub(_mask, text)
    return text


class RedactSecrets(logging.Filter):
    """A handler filter that masks secrets in a record's message, its traceback and its stack."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken record: logging reports it; never drop or crash on it here
            return True
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def is_foreign_request(headers: Mapping[str, str]) -> bool:
    """True when the browser says another site made this request (a link, image, frame or script there).

    Browsers send `Sec-Fetch-Site` to local and https servers: `none` for what the user typed, clicked in a
    bookmark or opened from the terminal, `same-origin` for the page's own requests. Without the header
    (scripts, old browsers, plain-http remote servers) nothing is known, so nothing is refused on it.
    """
    return headers.get("Sec-Fetch-Site", "").strip().lower() in ("same-site", "cross-site")


class LocalIdentityProvider(PasswordIdentityProvider):
    """Token or login cookie as usual, except that another site's request never rides on the cookie.

    A foreign request must carry the token itself; it can neither use nor clear the user's login. The
    signed-in page requests also get the `_xsrf` cookie, so XSRF can stay on (see the module docstring).
    """

    def get_user(self, handler: web.RequestHandler) -> User | Awaitable[User | None] | None:
        return self._user_with_xsrf_cookie(handler)

    async def _user_with_xsrf_cookie(self, handler: web.RequestHandler) -> User | None:
        found = super().get_user(handler)
        user = await found if isinstance(found, Awaitable) else found
        if user is not None and handler.request.method == "GET" and not isinstance(handler, WebSocketHandler):
            handler.current_user = user  # what prepare() sets next; xsrf_token asks for it
            _ = handler.xsrf_token  # reading it sets the cookie when the browser has none
        return user

    def get_user_cookie(self, handler: web.RequestHandler) -> User | Awaitable[User | None] | None:
        if is_foreign_request(handler.request.headers):
            return None
        return super().get_user_cookie(handler)

    def clear_login_cookie(self, handler: web.RequestHandler) -> None:
        if not is_foreign_request(handler.request.headers):  # another site cannot log the user out
            super().clear_login_cookie(handler)


class HiddenTracebacksConnection(ZMQChannelsWebsocketConnection):
    """The kernel websocket, with `MappingKernelManager.allow_tracebacks = False` working.

    jupyter_server 2.x reads the replacement text from the single kernel's manager, which has no such
    trait: the AttributeError drops the error message and logs a traceback instead. Same rule, right manager.
    """

    def _on_error(self, channel: str | None, msg: dict[str, Any], msg_list: list[Any]) -> None:
        manager = self.multi_kernel_manager
        if manager.allow_tracebacks or channel != "iopub":
            return
        get_part: Callable[[str, Any, list[Any]], Any] = self.get_part  # untyped in jupyter_server
        msg["header"] = get_part("header", msg["header"], msg_list)
        if msg["header"]["msg_type"] != "error":
            return
        msg["content"] = get_part("content", msg["content"], msg_list)
        msg["content"].update(
            ename="ExecutionError", evalue="Execution error", traceback=[manager.traceback_replacement_message]
        )
        if self.subprotocol == "v1.kernel.websocket.jupyter.org":
            msg_list[3] = self.session.pack(msg["content"])


def banner_texts() -> dict[str, Any]:
    """The lost-connection banner in every language, and which language to fall back on."""
    texts: dict[str, Any] = {lang: dict(content.get(lang, "serving.lost")) for lang in content.LANGS}
    return {"default": content.DEFAULT_LANG, "texts": texts}


def page_config_hook(page_config: dict[str, Any], **_context: Any) -> dict[str, Any]:
    """Voila's page_config_hook: the notnow template (serve/share/voila/templates/notnow) reads `notnowServing`."""
    return {**page_config, "notnowServing": banner_texts()}


def configure(c: Any, jupyter_data: Path, local_hostnames: tuple[str, ...] = ("localhost",)) -> None:
    """The settings both serving configs share; `c` is the traitlets config of a voila.py.

    Kept out of voila.json because they are Python objects, or because they must not be left to chance:
    the Host check (Voila itself allows any Host), XSRF, the log filter, the token kept out of kernels.
    `jupyter_data` holds voila/templates/notnow; Voila finds templates only on the Jupyter data path.
    """
    from jupyter_server.log import log_request  # late: only the server's config needs jupyter_server

    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        [str(jupyter_data), *filter(None, os.environ.get("JUPYTER_PATH", "").split(os.pathsep))]
    )
    token = os.environ.pop("JUPYTER_TOKEN", "")  # read once here, so no kernel inherits it
    if not token:  # Voila would print a token of its own, and the log filter would mask it
        token = secrets.token_urlsafe(32)
        print(f"notnow: no JUPYTER_TOKEN given; sign in with the token {token}", file=sys.stderr)
    c.Voila.token = token
    c.Voila.identity_provider_class = LocalIdentityProvider
    c.Voila.kernel_websocket_connection_class = HiddenTracebacksConnection
    c.VoilaConfiguration.page_config_hook = page_config_hook
    c.Voila.tornado_settings = {
        "allow_remote_access": False,  # Voila sets True; False makes jupyter_server check the Host header
        "local_hostnames": list(local_hostnames),
        "disable_check_xsrf": False,
        "headers": {"Referrer-Policy": "no-referrer"},
        "log_function": log_request,  # jupyter_server's access log: successes at debug level
        "extra_log_scrub_param_keys": ["me"],
    }
    c.Voila.logging_config = {
        "filters": {"redact_secrets": {"()": f"{__name__}.RedactSecrets"}},
        "handlers": {"console": {"filters": ["redact_secrets"]}},
        # tornado's and jupyter_server's own loggers go through the same filtered handler
        "root": {"handlers": ["console"], "level": "WARNING"},
    }
