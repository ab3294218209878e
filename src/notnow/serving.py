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
- The come-back link is built from the server's configured address, never from a request's Host header:
  `LinkingKernelManager` hands every kernel the public URL (and, in a workshop, the access token).
- A room of participants at once: `RoomKernelManager` keeps a preheated pool sized for the room, refills it
  without starving the pages still loading, and shrinks it once the room has left (`configure_room`).

No widgets here: this runs in the Voila server process, never in a kernel.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import ipaddress
import logging
import os
import re
import secrets
import sys
import uuid
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from jupyter_server._tz import utcnow
from jupyter_server.auth.identity import PasswordIdentityProvider, User
from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from tornado.websocket import WebSocketHandler
from traitlets import Bool, Float, Integer, Unicode

from notnow import content, voila_seams
from notnow.serving_handlers import (
    RoomFull,
    handler_replacements,
    log_request,
    note_page_kernel,
    visitor_cookie_name,
)
from notnow.serving_policy import Admission, RoomPace, RoomPolicy, room_pool_target

__all__ = [
    "ROOM_DEFAULT",
    "ROOM_MAX",
    "SECRET_PARAMS",
    "HiddenTracebacksConnection",
    "LinkingKernelManager",
    "LocalIdentityProvider",
    "RedactSecrets",
    "RoomKernelManager",
    "banner_texts",
    "configure",
    "configure_room",
    "is_foreign_request",
    "local_address",
    "page_config_hook",
    "public_url",
    "redact",
    "room_pool_target",
    "room_size",
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
    r"(?P<name>\b(?:authorization|cookie|set-cookie|x-xsrftoken|x-csrftoken|x-notnow-kernel-secret)\b[\"']?\s*[:=]\s*[\"']?)"
    r"(?P<value>[^\"'\r\n]+)",
    re.IGNORECASE,
)
# `token abc…` / `Bearer abc…` as an Authorization value may also stand alone.
_SCHEME_SECRET = re.compile(r"(?P<name>\b(?:token|bearer)\s+)(?P<value>[A-Za-z0-9_\-.~+/=]{16,})", re.IGNORECASE)
# A kernel id (a UUID) opens that kernel's page to whoever has the room's token: never in a log line.
_UUID = re.compile(r"(?P<name>)(?P<value>(?<![0-9a-f])[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}(?![0-9a-f]))", re.I)


def _mask(match: re.Match[str]) -> str:
    return match.group("name") + (MASK if match.group("value") else "")


def redact(text: str) -> str:
    """`text` with the values of token, me and _xsrf arguments, of credential headers and kernel ids masked.

    >>> redact("403 GET /?token=abc&me=xyz&lang=nl (127.0.0.1)")
    '403 GET /?token=[redacted]&me=[redacted]&lang=nl (127.0.0.1)'
    """
    for pattern in (_QUERY_SECRET, _HEADER_SECRET, _SCHEME_SECRET, _UUID):
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

    async def prepare(self) -> None:
        """Only the visitor whose page got this kernel may connect (their secret cookie, see serving_handlers)."""
        handler = self.websocket_handler
        manager = self.multi_kernel_manager
        kernel_id = str(getattr(handler, "kernel_id", ""))
        if isinstance(manager, LinkingKernelManager) and not manager.request_from_visitor(kernel_id, handler):
            raise web.HTTPError(403)
        await super().prepare()  # type: ignore[no-untyped-call]

    def handle_outgoing_message(self, stream: Any, outgoing_msg: list[Any]) -> None:
        """Kernel → page, except what a kernel writes to stderr when tracebacks are hidden: a failed comm message
        (a widget message the page or a script got wrong) writes its traceback there, server paths included.
        The host still reads it in the server's log."""
        if not self.multi_kernel_manager.allow_tracebacks:
            text = self._stderr_text(stream, outgoing_msg)
            if text is not None:
                self.log.warning("notnow: a kernel wrote to stderr (kept from the page):\n%s", text[:4000])
                return
        super().handle_outgoing_message(stream, outgoing_msg)

    def _stderr_text(self, stream: Any, outgoing_msg: list[Any]) -> str | None:
        """The text of an iopub stream message to stderr; None for any other message."""
        channel = stream if isinstance(stream, str) else getattr(stream, "channel", None)
        if channel != "iopub":
            return None
        try:
            _, parts = self.session.feed_identities(outgoing_msg)
            header = self.session.unpack(parts[1])
            if header.get("msg_type") != "stream":
                return None
            message_content = self.session.unpack(parts[4])
        except Exception:  # not a message we can read: let jupyter_server deal with it as usual
            return None
        if message_content.get("name") != "stderr":
            return None
        return str(message_content.get("text", ""))

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


ROOM_DEFAULT = 30  # `make serve` without ROOM=…
ROOM_MAX = 100  # ~150 MB a kernel: a hundred fill 15 GB; a bigger room needs JupyterHub (deploy/README.md)
PUBLIC_URL_ENV = "NOTNOW_PUBLIC_URL"  # what the host sets, and what every kernel is told (the link's base)
LINK_TOKEN_ENV = "NOTNOW_LINK_TOKEN"  # the access token the come-back link carries (a workshop only)
KERNEL_SECRET_ENV = "NOTNOW_KERNEL_SECRET"  # what a kernel shows on /voila/query to get its visitor's request
_ROOM = re.compile(r"[0-9]{1,4}")


def room_size(value: str | int | None) -> int:
    """The number of participants a workshop prepares for (`make serve ROOM=12`); ROOM_DEFAULT when unset.

    >>> room_size("12"), room_size(None)
    (12, 30)

    Anything but a whole number from 1 to ROOM_MAX raises ValueError with a message for the host.
    """
    text = "" if value is None else str(value).strip()
    if not text:
        return ROOM_DEFAULT
    if not _ROOM.fullmatch(text) or not 1 <= int(text) <= ROOM_MAX:
        raise ValueError(
            f"ROOM is the number of participants, a whole number from 1 to {ROOM_MAX}; got {text[:20]!r}"
            " (a bigger room needs more than one machine: see deploy/README.md)"
        )
    return int(text)


def public_url(value: str | None) -> str:
    """NOTNOW_PUBLIC_URL checked and made to end in "/"; "" when unset (then the server's own address counts).

    >>> public_url("https://room.example.org/notnow")
    'https://room.example.org/notnow/'

    It must be the address participants open: http or https, a host, no query, fragment or user name.
    Anything else raises ValueError with a message for the host.
    """
    text = (value or "").strip()
    if not text:
        return ""
    problem = (
        f"NOTNOW_PUBLIC_URL is the address participants open, like https://room.example.org/notnow/; got {text[:80]!r}"
    )
    try:
        parts = urlsplit(text)
        _ = parts.port  # a port that is not a number raises here
    except ValueError:
        raise ValueError(problem) from None
    if (
        len(text) > 2000
        or parts.scheme.lower() not in ("http", "https")
        or not parts.hostname
        or parts.query
        or parts.fragment
        or "@" in parts.netloc
        or re.search(r"[\s<>\"']", text)
    ):
        raise ValueError(problem)
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc, path, "", ""))


def local_address(ip: str, port: int, base_url: str = "/") -> str:
    """The server's own address as configured (Voila.ip, port, base_url): the come-back link's default base.

    >>> local_address("127.0.0.1", 8866), local_address("::1", 8866, "/notnow")
    ('http://127.0.0.1:8866/', 'http://[::1]:8866/notnow/')

    A server listening on every address (0.0.0.0, ::) has no one address of its own: localhost (set
    NOTNOW_PUBLIC_URL for a room that connects from other machines).
    """
    host = ip.strip() or "localhost"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        pass  # a host name
    else:
        host = "localhost" if address.is_unspecified else f"[{host}]" if address.version == 6 else host
    path = base_url.strip("/")
    return f"http://{host}:{port}/{path + '/' if path else ''}"


class LinkingKernelManager(AsyncMappingKernelManager):
    """Kernels that know the server's public address, for the participant's come-back link.

    Voila tells a kernel the request's Host header (SERVER_NAME); a link built from it points wherever a forged
    or proxied Host says. This manager puts the configured address in every kernel's environment instead
    (NOTNOW_PUBLIC_URL: `public_url`, else the server's own `local_address`) and, with `link_token` (a
    workshop, where the room shares one token), the access token (NOTNOW_LINK_TOKEN), so that the link gets
    a participant back in from any browser.
    """

    public_url = Unicode("", config=True, help="The address participants open; empty: the server's own address.")
    link_token = Bool(False, config=True, help="Give kernels the access token for the come-back link (a workshop).")

    def link_env(self) -> dict[str, str]:
        """What every kernel of this server is told about its come-back link."""
        app = self.parent
        url = self.public_url or local_address(
            str(getattr(app, "ip", "") or ""),
            int(getattr(app, "port", 8866)),
            str(getattr(app, "base_url", "/") or "/"),
        )
        env = {PUBLIC_URL_ENV: url}
        if self.link_token:
            provider = getattr(app, "identity_provider", None)
            token = getattr(provider, "token", "") or getattr(app, "token", "") or ""
            if token:
                env[LINK_TOKEN_ENV] = str(token)
        return env

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)  # type: ignore[no-untyped-call]
        self._kernel_secrets: dict[str, str] = {}  # kernel id → the secret it shows on /voila/query
        self._visitors: dict[str, str] = {}  # kernel id → hash of the visitor secret of the page it went to
        self._starting_ids: set[str] = set()  # kernels being started (not yet listed as running)
        voila_seams.route_handouts(self, note_page_kernel)  # the page request that took a pool kernel learns it

    def kernels_held(self) -> int:
        """Kernels on this server: running, or being started."""
        return len(set(self.list_kernel_ids()) | self._starting_ids)

    # --- a kernel is private to its page ---------------------------------------------------------------------
    def visitor_cookie(self) -> str:
        """The name of the visitor's secret cookie on this server (`visitor_cookie_name` of its port)."""
        return visitor_cookie_name(int(getattr(self.parent, "port", 0) or 0))

    def kernel_secret_matches(self, kernel_id: str, offered: str | None) -> bool:
        """Whether `offered` is the secret `kernel_id` was started with (what it shows on /voila/query)."""
        secret = self._kernel_secrets.get(kernel_id)
        return bool(secret and offered) and hmac.compare_digest(str(secret), str(offered))

    def bind_visitor(self, kernel_id: str, visitor_secret: str) -> None:
        """The page of the visitor holding `visitor_secret` got `kernel_id`: its channels are theirs alone."""
        self._visitors[kernel_id] = _digest(visitor_secret)

    def visitor_allowed(self, kernel_id: str, visitor_secret: str | None) -> bool:
        """Whether the holder of `visitor_secret` is the visitor whose page got `kernel_id`."""
        bound = self._visitors.get(kernel_id)
        return bool(bound and visitor_secret) and hmac.compare_digest(str(bound), _digest(str(visitor_secret)))

    def request_from_visitor(self, kernel_id: str, handler: Any) -> bool:
        """Whether a request (its handler's cookies) comes from the visitor whose page got `kernel_id`: the one
        check for the kernel's channels, its model and its shutdown (serving_handlers.check_visitor)."""
        return self.visitor_allowed(kernel_id, handler.get_cookie(self.visitor_cookie()))

    # jupyter_client types start_kernel as its sync wrapper; the server's is async (jupyter_server#1165)
    async def start_kernel(  # type: ignore[override]
        self, *, kernel_id: str | None = None, path: Any = None, **kwargs: Any
    ) -> str:
        env = dict(kwargs.get("env") or os.environ)
        env.pop(LINK_TOKEN_ENV, None)  # only this server's word counts
        env.update(self.link_env())
        kernel_id = kernel_id or str(uuid.uuid4())
        secret = self._kernel_secrets.setdefault(kernel_id, secrets.token_urlsafe(32))
        env[KERNEL_SECRET_ENV] = secret
        kwargs["env"] = env
        if env.get("VOILA_PREHEAT") != "True":  # a kernel started for the page request that awaits this
            note_page_kernel(kernel_id)
        self._starting_ids.add(kernel_id)
        try:
            started: str = await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs)
        except BaseException:
            self._forget(kernel_id)
            raise
        finally:
            self._starting_ids.discard(kernel_id)
        return started

    async def shutdown_kernel(  # type: ignore[override]  # async, as start_kernel
        self, kernel_id: str, now: bool = False, restart: bool = False
    ) -> None:
        """Stop a kernel, and forget its secret, its visitor and what Voila kept for it."""
        shutdown: Callable[..., Awaitable[None]] = super().shutdown_kernel  # untyped in jupyter_server
        try:
            await shutdown(kernel_id, now=now, restart=restart)
        finally:
            if not restart:
                self._forget(kernel_id)

    def _forget(self, kernel_id: str) -> None:
        self._kernel_secrets.pop(kernel_id, None)
        self._visitors.pop(kernel_id, None)
        voila_seams.forget_request_info(kernel_id)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "replace")).hexdigest()


class _StoppedOnPurpose(logging.Filter):
    """Drops the errors Voila logs for a page render whose pool kernel was stopped on purpose (no visitor)."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        return not (
            type(error).__name__ == "DeadKernelError"
            or str(record.msg).startswith("Kernel died while waiting for execute reply")
        )


class RoomKernelManager(LinkingKernelManager):
    """Voila's preheated pool, run for a room of participants who open the page at once (`make serve`).

    Voila 0.5 keeps `pool_size` kernels per notebook that have built the page and wait for their visitor, and
    refills the pool at once after every visitor: in a room, 30 kernels warming up (about 7 CPU-seconds each)
    while the room's 30 pages are still loading, and with no limit at all on how many. Here instead (every rule
    is `notnow.serving_policy.RoomPolicy`'s; this class does what it says):

    - the pool holds what the room still needs: the room size minus the participants here, but `standby`
      kernels at least, for late-comers and reloads. A refill the room no longer needs is dropped before it
      starts;
    - the server never holds more than `room_kernel_cap` kernels (ROOM + standby + max(2, ROOM // 10)): past
      it a page gets "the room is full" (503), and each visitor's address may take `client_burst` kernels in
      quick succession, then one per `client_interval` seconds (429);
    - pool kernels start one at a time, `start_interval` seconds apart, and a refill only once nobody arrived
      for `refill_delay` seconds; a visitor who finds the pool empty has their own kernel started at once;
    - when no participant has been here for `pool_idle_timeout` seconds, the pool shrinks to `idle_pool_size`.
      (Voila never culls a pool kernel, and one waiting for its visitor counts as busy, so the culler couldn't
      either.) The next visitor sets the pool filling for a room again;
    - the log says when the pool is ready: every kernel built and waiting.

    Voila builds its pool class on top of this one (`VoilaConfiguration.multi_kernel_manager_class`); what this
    class needs of Voila's pool goes through `notnow.voila_seams`.
    """

    standby = Integer(2, config=True, help="Kernels kept ready once the room is in (late-comers, reloads).")
    start_interval = Float(3.0, config=True, help="Seconds between two pool kernel starts.")
    refill_delay = Float(30.0, config=True, help="Seconds without a new visitor before the pool refills.")
    pool_idle_timeout = Integer(
        1800, config=True, help="Seconds without any participant before the pool shrinks to idle_pool_size (0: never)."
    )
    idle_pool_size = Integer(1, config=True, help="Kernels kept while nobody is here (at least 1).")
    client_burst = Integer(6, config=True, help="New kernels one visitor's address may take in quick succession.")
    client_interval = Float(10.0, config=True, help="Seconds after which a visitor's address may take one more.")

    _POLL = 0.25  # how often a waiting start looks whether a visitor took it meanwhile

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._policy: RoomPolicy | None = None  # made when first asked: the room's size is Voila's, set after us
        self._closing = False
        self._announced = False
        self._starting: dict[asyncio.Task[Any], str] = {}
        self._pooled_before: set[str] = set()
        # Every pool start goes through the room's turn; Voila's initial fill, right after this __init__, too.
        voila_seams.route_pool_starts(self, self._start_in_turn)

    @property
    def policy(self) -> RoomPolicy:
        """The room's rules, with this manager's settings and the room's size."""
        if self._policy is None:
            pace = RoomPace(
                room=self.room_size(),
                standby=self.standby,
                start_interval=self.start_interval,
                refill_delay=self.refill_delay,
                pool_idle_timeout=float(self.pool_idle_timeout),
                idle_pool_size=self.idle_pool_size,
                client_burst=self.client_burst,
                client_interval=self.client_interval,
            )
            self._policy = RoomPolicy(pace)
        return self._policy

    def room_size(self) -> int:
        """The room: the pool size Voila was given (`configure_room`: ROOM)."""
        config = getattr(self, "kernel_pools_config", None) or {}
        return int(config.get("default", {}).get("pool_size", 0))

    # --- what the pool holds ---------------------------------------------------------------------------------
    def _pool_of(self, task: asyncio.Task[Any]) -> str | None:
        return next((name for name, pool in voila_seams.pool_tasks(self).items() if task in pool), None)

    def _pooled(self, task: asyncio.Task[Any]) -> str | None:
        result = voila_seams.pool_result(task)
        return str(result["kernel_id"]) if result else self._starting.get(task)

    def pool_kernel_ids(self) -> set[str]:
        """Kernels in a pool, waiting for a visitor (or starting to)."""
        return {
            kernel_id for pool in voila_seams.pool_tasks(self).values() for t in pool if (kernel_id := self._pooled(t))
        }

    def participant_ids(self) -> set[str]:
        """Kernels handed to visitors, still running."""
        return set(self.list_kernel_ids()) - self.pool_kernel_ids()

    def pool_target(self) -> int:
        """How many kernels the pool should hold now."""
        return self.policy.pool_target(len(self.participant_ids()))

    def admit(self, client: str) -> Admission:
        """May a page load from `client` (its address) have a kernel now (`RoomPolicy.admit`)?"""
        return self.policy.admit(client, len(self.pool_kernel_ids()), self.kernels_held())

    # --- starting pool kernels -----------------------------------------------------------------------------
    async def _start_in_turn(
        self, voila_initialize: Callable[..., Awaitable[Any]], notebook_path: str, kernel_id: str | None, **kwargs: Any
    ) -> Any:
        """Voila's start of a pool kernel (the page's renderer set up, the kernel started), in the room's turn.

        It waits for its turn and is dropped when the room no longer needs it, before Voila sets up the renderer:
        that set-up blocks the server for tens of milliseconds, which 30 refills at the moment 30 pages load
        would add up to seconds.
        """
        task = asyncio.current_task()
        env = kwargs.get("env")
        if kernel_id is None and task is not None and isinstance(env, dict):  # not a restart
            # Voila passes the address of the visitor who just took a pool kernel on to the refill it starts:
            # so this is an arrival. That address holds the visitor's personal code: never into another's kernel.
            if env.pop("VOILA_REQUEST_URL", None) is not None:
                if self.policy.arrived():
                    self.log.info("notnow: a visitor after a quiet spell: the pool fills for a room again")
                self._note_handouts()
            await self._wait_for_turn(task)
        return await voila_initialize(notebook_path, kernel_id, **kwargs)

    async def _wait_for_turn(self, task: asyncio.Task[Any]) -> None:
        """Wait until this pool start may go: its turn comes, or a visitor took it. Drop it if not needed."""
        while True:
            if self._closing:
                raise RuntimeError("the server is stopping")
            notebook = self._pool_of(task)
            if notebook is None:
                return  # a visitor found the pool empty and waits for this very kernel: no waiting
            pool = voila_seams.pool_tasks(self)[notebook]
            wait = self.policy.pool_start(len(pool), len(self.participant_ids()), self.kernels_held())
            if wait is None:
                pool.remove(task)  # nobody awaits it now; Voila's next refill adds one again if needed
                raise asyncio.CancelledError
            if wait <= 0:
                return
            await asyncio.sleep(min(wait, self._POLL))

    async def start_kernel(  # type: ignore[override]
        self, *, kernel_id: str | None = None, path: Any = None, **kwargs: Any
    ) -> str:
        task = asyncio.current_task()
        env = kwargs.get("env")
        pooled = task is not None and isinstance(env, dict) and env.get("VOILA_PREHEAT") == "True"
        notebook = self._pool_of(task) if pooled and task is not None else None
        if not self.policy.may_start(self.kernels_held()):  # checked and counted with no await in between
            if notebook is not None and task is not None:
                voila_seams.pool_tasks(self)[notebook].remove(task)  # a pool start nobody awaits: drop it
                raise asyncio.CancelledError
            raise RoomFull
        if notebook is None or task is None:
            return await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs)
        kernel_id = kernel_id or str(uuid.uuid4())
        self._starting[task] = kernel_id  # a pool kernel while it starts, not a participant
        try:
            return await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs)
        finally:
            self._starting.pop(task, None)

    def _note_handouts(self) -> None:
        """A kernel that left the pool went to a visitor just now: its idle time starts now, not at its render.

        A notebook that renders completely before its visitor comes (no wait_for_request) sends nothing more, so
        the culler would count the minutes it waited in the pool and could stop it before the page connects.
        """
        pooled = self.pool_kernel_ids()
        for kernel_id in self._pooled_before - pooled:
            kernel = voila_seams.running_kernel(self, kernel_id)
            if kernel is not None:
                kernel.last_activity = utcnow()
        self._pooled_before = pooled

    # --- the culler's round: shrink an unused pool, say when it is ready -------------------------------------
    async def cull_kernels(self) -> None:
        await super().cull_kernels()  # type: ignore[no-untyped-call]
        try:
            await self.tend_pool()
        except Exception:  # the pool is Voila's; never let a surprise there stop the culler
            self.log.exception("notnow: looking after the kernel pool failed")

    async def tend_pool(self) -> None:
        """Shrink the pool once nobody has been here for pool_idle_timeout; say when it is ready."""
        self._note_handouts()
        upkeep = self.policy.upkeep(len(self.participant_ids()))
        if upkeep == "shrink":
            self._announced = False  # say when the smaller pool is ready
            await self._shrink(self.policy.quiet_for())
        elif upkeep == "top_up":
            self._top_up()
        self._announce_if_ready()

    def _top_up(self) -> None:
        """Participants who left make room in the pool again: have Voila fill it (each start waits its turn).

        So a host's trial visit, or one room after another, still finds a kernel for everyone.
        """
        fill: Callable[..., None] | None = getattr(self, "fill_if_needed", None)  # Voila's
        for notebook, pool in voila_seams.pool_tasks(self).items():
            if fill is not None and not self._closing and len(pool) < self.pool_target():
                fill(delay=0, notebook_name=notebook)

    async def _shrink(self, quiet: float) -> None:
        shutdown: Callable[..., Awaitable[None]] = self.shutdown_kernel  # untyped in jupyter_server
        renders: list[asyncio.Task[Any]] = []
        quiet_errors = _StoppedOnPurpose()
        self.log.addFilter(quiet_errors)
        try:
            for notebook, pool in voila_seams.pool_tasks(self).items():
                keep = self.pool_target()
                ready = [(task, result) for task in pool if (result := voila_seams.pool_result(task))]
                for task, result in ready[keep:]:
                    pool.remove(task)
                    render = result.get("task")
                    if isinstance(render, asyncio.Task):
                        renders.append(render)
                    # now: a kernel blocked waiting for its visitor could not answer a polite request anyway
                    await shutdown(str(result["kernel_id"]), now=True)
                if ready[keep:]:
                    self.log.info(
                        "notnow: nobody here for %.0f min: %d pool kernel(s) of %s stopped, %d kept",
                        quiet / 60,
                        len(ready[keep:]),
                        notebook,
                        len(pool),
                    )
            if renders:  # each render now ends on its stopped kernel, which Voila would log as an error
                await asyncio.wait(renders, timeout=30)
        finally:
            self.log.removeFilter(quiet_errors)

    def _announce_if_ready(self) -> None:
        pools = voila_seams.pool_tasks(self)
        if not pools:
            return
        waiting = voila_seams.waiting_kernel_ids()

        def built(task: asyncio.Task[Any]) -> bool:  # waiting for its visitor, or (a notebook that doesn't wait) done
            result = voila_seams.pool_result(task)
            if result is None:
                return False
            render = result.get("task")
            return result["kernel_id"] in waiting or (isinstance(render, asyncio.Task) and render.done())

        for pool in pools.values():
            if len(pool) < self.pool_target() or not all(map(built, pool)):
                self._announced = False  # filling: say so again once it is ready
                return
        if self._announced:
            return
        self._announced = True
        self.log.info(
            "notnow: the pool is ready: %d kernel(s) waiting for participants, %d participant(s) here",
            sum(map(len, pools.values())),
            len(self.participant_ids()),
        )

    async def shutdown_all(self, now: bool = False) -> None:  # type: ignore[override]  # async, as start_kernel
        self._closing = True  # pool starts still waiting for their turn give up instead of starting
        await super().shutdown_all(now=now)


def configure(c: Any, jupyter_data: Path, local_hostnames: tuple[str, ...] = ("localhost",)) -> None:
    """The settings both serving configs share; `c` is the traitlets config of a voila.py.

    Kept out of voila.json because they are Python objects, or because they must not be left to chance:
    the Host check (Voila itself allows any Host), XSRF, the log filter, the token kept out of kernels.
    `jupyter_data` holds voila/templates/notnow; Voila finds templates only on the Jupyter data path.
    """
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        [str(jupyter_data), *filter(None, os.environ.get("JUPYTER_PATH", "").split(os.pathsep))]
    )
    token = os.environ.pop("JUPYTER_TOKEN", "")  # read once here, so no kernel inherits it
    if not token:  # Voila would print a token of its own, and the log filter would mask it
        token = secrets.token_urlsafe(32)
        print(f"notnow: no JUPYTER_TOKEN given; sign in with the token {token}", file=sys.stderr)
    c.Voila.token = token
    voila_seams.replace_handlers(handler_replacements())  # the visitor handshake, the room's page, template 404s
    c.Voila.identity_provider_class = LocalIdentityProvider
    c.Voila.kernel_websocket_connection_class = HiddenTracebacksConnection
    c.VoilaConfiguration.multi_kernel_manager_class = LinkingKernelManager  # the link from the configured address
    c.VoilaConfiguration.page_config_hook = page_config_hook
    c.Voila.tornado_settings = {
        "allow_remote_access": False,  # Voila sets True; False makes jupyter_server check the Host header
        "local_hostnames": list(local_hostnames),
        "disable_check_xsrf": False,
        "headers": {"Referrer-Policy": "no-referrer"},
        "log_function": log_request,  # jupyter_server's access log (successes at debug level), refusals as warnings
        "extra_log_scrub_param_keys": ["me"],
    }
    c.Voila.logging_config = {
        "filters": {"redact_secrets": {"()": f"{__name__}.RedactSecrets"}},
        "handlers": {"console": {"filters": ["redact_secrets"]}},
        # tornado's and jupyter_server's own loggers go through the same filtered handler
        "root": {"handlers": ["console"], "level": "WARNING"},
    }


def configure_room(c: Any, room: str | int | None = None, public: str | None = None) -> None:
    """`make serve`: after `configure`, a workshop room of `room` participants (default: NOTNOW_ROOM, else 30).

    The preheated pool is sized for the room and looked after by `RoomKernelManager`; every participant's
    come-back link starts with `public` (default: NOTNOW_PUBLIC_URL, else the server's own address) and
    carries the room's access token. A bad ROOM or NOTNOW_PUBLIC_URL stops the server with a message for the
    host (SystemExit), not a traceback.
    """
    try:
        size = room_size(os.environ.get("NOTNOW_ROOM") if room is None else room)
        base = public_url(os.environ.get(PUBLIC_URL_ENV) if public is None else public)
    except ValueError as error:
        raise SystemExit(f"notnow: {error}") from None
    os.environ["NOTNOW_WORKSHOP"] = "1"  # every participant's kernel scopes the store to their personal link
    c.VoilaConfiguration.multi_kernel_manager_class = RoomKernelManager
    c.VoilaConfiguration.preheat_kernel = True
    c.VoilaConfiguration.default_pool_size = size
    c.LinkingKernelManager.public_url = base
    c.LinkingKernelManager.link_token = True
