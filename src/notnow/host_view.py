"""The host's link to the room's picture, on the workshop server (`make serve` prints it).

The page is the host's alone: it needs the host's own key (NOTNOW_HOST_TOKEN, made by `make serve` and
never the room's token), so a participant's link can't open it. The key in the link is swapped at once for
a cookie bound to it and the address is cleaned (no key in the address bar, history or a Referer). It reads
the room's store read-only and counts the open pages through the kernel manager's public kernel list; it
never talks to a participant's kernel. Counts only, nothing below three (`notnow.room`).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import os
import secrets
import tempfile
from pathlib import Path
from typing import Any

from jupyter_server.auth.decorator import allow_unauthenticated
from jupyter_server.base.handlers import JupyterHandler

from notnow import content, room
from notnow.handout import HandoutError, html_to_pdf, html_to_png
from notnow.language import negotiate_language
from notnow.store import default_path

__all__ = ["HOST_PATH", "HOST_TOKEN_ENV", "configure_host", "host_handlers"]

HOST_TOKEN_ENV = "NOTNOW_HOST_TOKEN"
HOST_PATH = "/notnow/host"
COOKIE = "notnow-host"
KEY_PARAM = "key"
REFRESH_S = 5
EXPORT_TIMEOUT_S = 60.0
MIN_TOKEN_CHARS = 16

_settings: dict[str, Any] = {}  # what configure_host was given; the handlers read it in the server's process


def configure_host(c: Any, token: str | None = None) -> str:
    """`make serve`, after `configure`: the host's page on HOST_PATH, behind `token` (default: the
    NOTNOW_HOST_TOKEN the Makefile made, taken out of the environment so no kernel inherits it)."""
    key = token if token is not None else os.environ.pop(HOST_TOKEN_ENV, "")
    if len(key) < MIN_TOKEN_CHARS:  # unset or guessable: a fresh one (the Makefile prints the one it made)
        key = secrets.token_urlsafe(32)
    if hmac.compare_digest(key.encode(), str(c.Voila.token or "").encode()):
        raise SystemExit("notnow: NOTNOW_HOST_TOKEN must differ from the room's token (JUPYTER_TOKEN)")
    _settings["token"] = key
    settings = dict(c.Voila.tornado_settings or {})
    settings["extra_log_scrub_param_keys"] = [*settings.get("extra_log_scrub_param_keys", []), KEY_PARAM]
    c.Voila.tornado_settings = settings  # the access log masks the host's key like the room's token
    base = c.Voila.identity_provider_class
    c.Voila.identity_provider_class = type(f"HostView{base.__name__}", (base,), {"get_handlers": _with_host})
    return key


def _with_host(self: Any) -> list[tuple[str, object]]:
    return [*host_handlers(), *super(type(self), self).get_handlers()]


def host_handlers() -> list[tuple[str, object]]:
    """The host's page and its two debrief downloads."""
    return [
        (HOST_PATH, RoomViewHandler),
        (rf"{HOST_PATH}/debrief\.(png|pdf)", DebriefHandler),
    ]


def _cookie_value(token: str) -> str:
    """What the host's cookie holds: a digest of the key, so the cookie never carries the key itself."""
    return hmac.new(token.encode(), b"notnow host view", hashlib.sha256).hexdigest()


class _HostHandler(JupyterHandler):
    """Host check and headers as every server page (JupyterHandler); the host's key instead of the room's."""

    def lang(self) -> str:
        return negotiate_language(self.request.query, self.request.headers.get("Accept-Language"))

    def is_host(self) -> bool:
        token = _settings.get("token", "")
        if not token:
            return False
        cookie = self.get_cookie(COOKIE, "")
        return bool(cookie) and hmac.compare_digest(cookie, _cookie_value(token))

    def refuse(self) -> None:
        lang = self.lang()
        self.set_status(403)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(
            room.refusal_html(lang, content.text(lang, "room.refused_title"), content.text(lang, "room.refused"))
        )

    def picture(self) -> room.RoomPicture:
        return room.room_picture(room.read_room(default_path()), connected=self.connected())

    def connected(self) -> int:
        """Pages open now: kernels with a live websocket (public kernel list; the pool's kernels have none)."""
        manager = self.settings.get("kernel_manager")
        if manager is None:
            return 0
        return sum(1 for model in manager.list_kernels() if int(model.get("connections", 0) or 0) > 0)

    def set_default_headers(self) -> None:
        super().set_default_headers()
        self.set_header("Referrer-Policy", "no-referrer")
        self.set_header("Cache-Control", "no-store")


class RoomViewHandler(_HostHandler):
    """GET the room view: with `?key=` once (sets the cookie, then a clean address), then by the cookie."""

    @allow_unauthenticated
    async def get(self) -> None:
        token = _settings.get("token", "")
        offered = self.get_query_argument(KEY_PARAM, "")
        if offered:
            if not token or not hmac.compare_digest(offered.encode(), token.encode()):
                self.refuse()
                return
            self.set_cookie(COOKIE, _cookie_value(token), path=HOST_PATH, httponly=True, samesite="Strict")
            lang = self.get_query_argument("lang", "")
            self.redirect(HOST_PATH + (f"?lang={lang}" if lang in content.LANGS else ""), status=303)
            return
        if not self.is_host():
            self.refuse()
            return
        lang = self.lang()
        suffix = f"?lang={lang}"
        exports = {"png": f"{HOST_PATH}/debrief.png{suffix}", "pdf": f"{HOST_PATH}/debrief.pdf{suffix}"}
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(room.room_html(self.picture(), lang, refresh=REFRESH_S, exports=exports))


class DebriefHandler(_HostHandler):
    """GET the room's picture as a PNG or a one-page PDF, printed by the handout's Chromium."""

    @allow_unauthenticated
    async def get(self, kind: str) -> None:
        if not self.is_host():
            self.refuse()
            return
        lang = self.lang()
        page = room.room_html(self.picture(), lang)
        try:
            data = await asyncio.get_running_loop().run_in_executor(None, _print, page, kind)
        except HandoutError as error:
            self.set_status(503)
            self.set_header("Content-Type", "text/plain; charset=utf-8")
            self.finish(content.text(lang, "room.export_failed", reason=str(error).splitlines()[0]))
            return
        self.set_header("Content-Type", "image/png" if kind == "png" else "application/pdf")
        self.set_header("Content-Disposition", f'attachment; filename="notnow-room.{kind}"')
        self.finish(data)


def _print(page: str, kind: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="notnow-debrief-") as scratch:
        target = Path(scratch) / f"room.{kind}"
        if kind == "png":
            html_to_png(page, target, timeout=EXPORT_TIMEOUT_S)
        else:
            html_to_pdf(page, target, timeout=EXPORT_TIMEOUT_S)
        return target.read_bytes()
