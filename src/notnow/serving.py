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
import ipaddress
import logging
import os
import re
import secrets
import sys
import time
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

from notnow import content

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


ROOM_DEFAULT = 30  # `make serve` without ROOM=…
ROOM_MAX = 100  # ~150 MB a kernel: a hundred fill 15 GB; a bigger room needs JupyterHub (deploy/README.md)
PUBLIC_URL_ENV = "NOTNOW_PUBLIC_URL"  # what the host sets, and what every kernel is told (the link's base)
LINK_TOKEN_ENV = "NOTNOW_LINK_TOKEN"  # the access token the come-back link carries (a workshop only)
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


def room_pool_target(room: int, participants: int, standby: int, idle: int | None = None) -> int:
    """How many kernels a room's pool should hold: what the room still needs, but `standby` at least.

    >>> room_pool_target(30, 0, 2), room_pool_target(30, 12, 2), room_pool_target(30, 29, 2)
    (30, 18, 2)

    Never more than the room. `idle`: nobody has been here for a while, keep that many (1 at least).
    """
    if idle is not None:
        return max(0, min(room, max(1, idle)))
    return max(0, min(room, max(standby, room - participants)))


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

    # jupyter_client types start_kernel as its sync wrapper; the server's is async (jupyter_server#1165)
    async def start_kernel(  # type: ignore[override]
        self, *, kernel_id: str | None = None, path: Any = None, **kwargs: Any
    ) -> str:
        env = dict(kwargs.get("env") or os.environ)
        env.pop(LINK_TOKEN_ENV, None)  # only this server's word counts
        env.update(self.link_env())
        kwargs["env"] = env
        started: str = await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs)
        return started


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
    while the room's 30 pages are still loading. Here instead:

    - the pool holds what the room still needs: the room size minus the participants here, but `standby`
      kernels at least, for late-comers and reloads. A refill the room no longer needs is dropped before it
      starts, so the server holds about max(ROOM, participants + standby) kernels;
    - pool kernels start one at a time, `start_interval` seconds apart, and a refill only once nobody arrived
      for `refill_delay` seconds; a visitor who finds the pool empty has their own kernel started at once;
    - when no participant has been here for `pool_idle_timeout` seconds, the pool shrinks to `idle_pool_size`.
      (Voila never culls a pool kernel, and one waiting for its visitor counts as busy, so the culler couldn't
      either.) The next visitor sets the pool filling for a room again;
    - the log says when the pool is ready: every kernel built and waiting.

    Voila builds its pool class on top of this one (`VoilaConfiguration.multi_kernel_manager_class`); the pool
    (`_pools`: per notebook, a list of start tasks) and `kernel_pools_config` are Voila's (0.5).
    """

    standby = Integer(2, config=True, help="Kernels kept ready once the room is in (late-comers, reloads).")
    start_interval = Float(3.0, config=True, help="Seconds between two pool kernel starts.")
    refill_delay = Float(30.0, config=True, help="Seconds without a new visitor before the pool refills.")
    pool_idle_timeout = Integer(
        1800, config=True, help="Seconds without any participant before the pool shrinks to idle_pool_size (0: never)."
    )
    idle_pool_size = Integer(1, config=True, help="Kernels kept while nobody is here (at least 1).")

    _POLL = 0.25  # how often a waiting start looks whether a visitor took it meanwhile

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)  # type: ignore[no-untyped-call]
        now = time.monotonic()
        self._last_arrival = -float("inf")
        self._last_pool_start = -float("inf")
        self._last_present = now  # the start counts: an unused pool is kept pool_idle_timeout from then
        self._dormant = False
        self._closing = False
        self._announced = False
        self._starting: dict[asyncio.Task[Any], str] = {}
        self._pooled_before: set[str] = set()
        # Voila's pool class (built on this one) starts every pool kernel through its `_initialize`; route that
        # through the room's turn. Voila's initial fill, right after this __init__, goes through it too.
        self._voila_initialize: Callable[..., Awaitable[Any]] | None = getattr(self, "_initialize", None)
        if self._voila_initialize is not None:
            self._initialize = self._initialize_when_needed

    # --- what the pool holds ---------------------------------------------------------------------------------
    def _pools_now(self) -> dict[str, list[asyncio.Task[Any]]]:
        pools = getattr(self, "_pools", None)
        return pools if isinstance(pools, dict) else {}

    def _pool_of(self, task: asyncio.Task[Any]) -> str | None:
        return next((name for name, pool in self._pools_now().items() if task in pool), None)

    @staticmethod
    def _ready_kernel(task: asyncio.Task[Any]) -> str | None:
        """The kernel a finished pool task holds (None while it starts, or if it failed)."""
        if not task.done() or task.cancelled() or task.exception() is not None:
            return None
        result = task.result()
        kernel_id = result.get("kernel_id") if isinstance(result, dict) else None
        return str(kernel_id) if kernel_id else None

    def pool_kernel_ids(self) -> set[str]:
        """Kernels in a pool, waiting for a visitor (or starting to)."""
        ids = set()
        for pool in self._pools_now().values():
            for task in pool:
                kernel_id = self._ready_kernel(task) or self._starting.get(task)
                if kernel_id:
                    ids.add(kernel_id)
        return ids

    def participant_ids(self, notebook: str | None = None) -> set[str]:
        """Kernels handed to visitors (of `notebook`, or of any), still running."""
        running = set(self.list_kernel_ids()) - self.pool_kernel_ids()
        if notebook is None:
            return running
        data = getattr(self, "notebook_data", {}).get(notebook, {})
        return running & set(data.get("kernel_ids", ()))

    def room_for(self, notebook: str) -> int:
        config = getattr(self, "kernel_pools_config", None) or {}
        entry = config.get(notebook, config.get("default", {}))
        return int(entry.get("pool_size", 0))

    def pool_target(self, notebook: str) -> int:
        """How many kernels the pool of `notebook` should hold now."""
        return room_pool_target(
            self.room_for(notebook),
            len(self.participant_ids(notebook)),
            self.standby,
            self.idle_pool_size if self._dormant else None,
        )

    # --- starting pool kernels -----------------------------------------------------------------------------
    # jupyter_client types start_kernel as its sync wrapper; the server's is async (jupyter_server#1165)
    async def _initialize_when_needed(self, notebook_path: str, kernel_id: str | None = None, **kwargs: Any) -> Any:
        """Voila's `_initialize` for a new pool kernel (the page's renderer set up, the kernel started), in turn.

        It waits for its turn (`refill_delay`, `start_interval`) and is dropped when the room no longer needs it,
        before Voila sets up the renderer: that set-up blocks the server for tens of milliseconds, which 30 refills
        at the moment 30 pages load would add up to seconds.
        """
        task = asyncio.current_task()
        env = kwargs.get("env")
        if kernel_id is None and task is not None and isinstance(env, dict):  # not a restart
            # Voila passes the address of the visitor who just took a pool kernel on to the refill it starts:
            # so this is an arrival. That address holds the visitor's personal code: never into another's kernel.
            if env.pop("VOILA_REQUEST_URL", None) is not None:
                self._arrived()
                self._note_handouts()
            await self._wait_for_turn(task)
        if self._voila_initialize is None:
            raise RuntimeError("Voila's preheated pool is not on")
        return await self._voila_initialize(notebook_path, kernel_id, **kwargs)

    async def start_kernel(  # type: ignore[override]
        self, *, kernel_id: str | None = None, path: Any = None, **kwargs: Any
    ) -> str:
        task = asyncio.current_task()
        env = kwargs.get("env")
        if task is None or not isinstance(env, dict) or env.get("VOILA_PREHEAT") != "True" or not self._pool_of(task):
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
            kernel = self._kernels.get(kernel_id)
            if kernel is not None:
                kernel.last_activity = utcnow()
        self._pooled_before = pooled

    def _arrived(self) -> None:
        self._last_arrival = time.monotonic()
        if self._dormant:
            self._dormant = False
            self.log.info("notnow: a visitor after a quiet spell: the pool fills for a room again")

    async def _wait_for_turn(self, task: asyncio.Task[Any]) -> None:
        """Wait until this pool start may go: its turn comes, or a visitor took it. Drop it if not needed."""
        while True:
            if self._closing:
                raise RuntimeError("the server is stopping")
            notebook = self._pool_of(task)
            if notebook is None:
                return  # a visitor found the pool empty and waits for this very kernel: no waiting
            pool = self._pools_now()[notebook]
            if len(pool) > self.pool_target(notebook):
                pool.remove(task)  # nobody awaits it now; Voila's next refill adds one again if needed
                raise asyncio.CancelledError
            now = time.monotonic()
            turn = max(self._last_arrival + self.refill_delay, self._last_pool_start + self.start_interval)
            if now >= turn:
                self._last_pool_start = now
                return
            await asyncio.sleep(min(turn - now, self._POLL))

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
        now = time.monotonic()
        if self.participant_ids():
            self._last_present = now
        quiet = now - max(self._last_present, self._last_arrival)
        if not self._dormant and 0 < self.pool_idle_timeout <= quiet:
            self._dormant = True
            self._announced = False  # say when the smaller pool is ready
            await self._shrink(quiet)
        elif not self._dormant:
            self._top_up()
        self._announce_if_ready()

    def _top_up(self) -> None:
        """Participants who left make room in the pool again: have Voila fill it (each start waits its turn).

        So a host's trial visit, or one room after another, still finds a kernel for everyone.
        """
        fill: Callable[..., None] | None = getattr(self, "fill_if_needed", None)  # Voila's
        for notebook, pool in self._pools_now().items():
            if fill is not None and not self._closing and len(pool) < self.pool_target(notebook):
                fill(delay=0, notebook_name=notebook)

    async def _shrink(self, quiet: float) -> None:
        shutdown: Callable[..., Awaitable[None]] = self.shutdown_kernel  # untyped in jupyter_server
        renders: list[asyncio.Task[Any]] = []
        quiet_errors = _StoppedOnPurpose()
        self.log.addFilter(quiet_errors)
        try:
            for notebook, pool in self._pools_now().items():
                keep = self.pool_target(notebook)
                surplus = [(task, kernel_id) for task in pool if (kernel_id := self._ready_kernel(task))][keep:]
                for task, kernel_id in surplus:
                    pool.remove(task)
                    render = task.result().get("task")
                    if isinstance(render, asyncio.Task):
                        renders.append(render)
                    # now: a kernel blocked waiting for its visitor could not answer a polite request anyway
                    await shutdown(kernel_id, now=True)
                if surplus:
                    self.log.info(
                        "notnow: nobody here for %.0f min: %d pool kernel(s) of %s stopped, %d kept",
                        quiet / 60,
                        len(surplus),
                        notebook,
                        len(pool),
                    )
            if renders:  # each render now ends on its stopped kernel, which Voila would log as an error
                await asyncio.wait(renders, timeout=30)
        finally:
            self.log.removeFilter(quiet_errors)

    def _announce_if_ready(self) -> None:
        from voila.request_info_handler import RequestInfoSocketHandler  # the kernels waiting for a visitor

        pools = self._pools_now()
        if not pools:
            return
        waiting = set(RequestInfoSocketHandler._waiters)

        def built(task: asyncio.Task[Any]) -> bool:  # waiting for its visitor, or (a notebook that doesn't wait) done
            kernel_id = self._ready_kernel(task)
            render = task.result().get("task") if kernel_id else None
            return kernel_id in waiting or (isinstance(render, asyncio.Task) and render.done())

        for notebook, pool in pools.items():
            if len(pool) < self.pool_target(notebook) or not all(map(built, pool)):
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
    c.VoilaConfiguration.multi_kernel_manager_class = LinkingKernelManager  # the link from the configured address
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
