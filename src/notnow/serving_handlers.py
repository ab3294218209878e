"""The request handlers notnow puts in place of Voila's own (`notnow.serving.configure` installs them).

- `VisitorHandshake` for /voila/query/<kernel_id>: Voila's answers anyone, and when a socket it never
  registered closes it deletes another kernel's entry. This one serves only the kernel itself (the secret it
  was started with), on a local Host, one socket per kernel, and removes only its own entry.
- `RoomPage` for the dashboard: a page past the room's cap gets "the room is full" (503) and a visitor who
  opens page after page "try again in a minute" (429), in their language; every page sets the visitor's
  secret cookie and binds it to the kernel it got, so that only this visitor reaches that kernel's channels
  (`visitor_cookie_name`, checked in `notnow.serving.HiddenTracebacksConnection`).
- `VisitorKernel` for /api/kernels/<kernel_id> and `VisitorShutdown` for /voila/api/shutdown/<kernel_id>: with
  the room's token and a kernel's id, Voila's own let anyone read or stop any participant's kernel. These serve
  only the visitor whose page got the kernel (the same cookie check as its channels); an unknown id stays 404.
- `QuietTemplateFiles` for /voila/templates/…: a path that names no file is a plain 404, not a 500 with a
  traceback in the log.

No widgets here: this runs in the Voila server process.
"""

from __future__ import annotations

import contextvars
import secrets
from typing import Any
from urllib.parse import urlencode

from jupyter_server.auth.decorator import allow_unauthenticated
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.base.websocket import WebSocketMixin
from jupyter_server.services.kernels.handlers import KernelHandler
from markupsafe import Markup
from tornado import web
from tornado.websocket import WebSocketHandler
from voila.request_info_handler import RequestInfoSocketHandler
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.static_file_handler import TemplateStaticFileHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

from notnow import content, voila_seams
from notnow.language import negotiate_language

__all__ = [
    "KERNEL_SECRET_HEADER",
    "KernelChannels",
    "PlainErrors",
    "QuietTemplateFiles",
    "RoomFull",
    "RoomPage",
    "VisitorHandshake",
    "VisitorKernel",
    "VisitorShutdown",
    "handler_replacements",
    "log_request",
    "note_page_kernel",
    "page_kernel",
    "page_language",
    "visitor_cookie_name",
]

RETRY_AFTER_SECONDS = 60
KERNEL_SECRET_HEADER = "X-Notnow-Kernel-Secret"  # how a kernel shows its secret (NOTNOW_KERNEL_SECRET) here
# The kernel the current page request got: set in that request's own task (a handout, or a start for it).
_PAGE_KERNEL: contextvars.ContextVar[str | None] = contextvars.ContextVar("notnow_page_kernel", default=None)
_PAGE = Markup(
    '<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    '<meta name="referrer" content="no-referrer"><title>{title}</title></head>\n'
    "<body><main><h1>{title}</h1><p>{text}</p></main></body></html>\n"
)


class RoomFull(web.HTTPError):
    """No kernel for this page: the room's server holds its cap of kernels (the page says so, with 503)."""

    def __init__(self) -> None:
        super().__init__(503, "the room is full")


def note_page_kernel(kernel_id: str) -> None:
    """The current page request got `kernel_id` (the kernel manager says so, in the request's own task)."""
    _PAGE_KERNEL.set(kernel_id)


def page_kernel() -> str | None:
    """The kernel the current page request got; None before it has one."""
    return _PAGE_KERNEL.get()


def visitor_cookie_name(port: int | str) -> str:
    """The visitor's secret cookie on this server (cookies ignore ports: one name per port keeps two apart)."""
    return f"notnow-visitor-{port}"


def page_language(lang_argument: str | None, accept_language: str | None) -> str:
    """The page's language: `?lang=`, else the first Accept-Language tag we speak (by q), else the default
    (the one rule the dashboard's kernel and the host's page follow too: notnow.language)."""
    query = urlencode({"lang": lang_argument}) if lang_argument else ""
    return negotiate_language(query, accept_language)


class PlainErrors:
    """A refusal as a short plain text: jupyter_server's error page needs templates Voila does not have, and
    failing to find them logs three tracebacks for every 403."""

    def write_error(self, status_code: int, **_kwargs: Any) -> None:
        handler: Any = self
        handler.set_header("Content-Type", "text/plain; charset=utf-8")
        handler.finish(f"{status_code} {handler._reason}\n")


class KernelChannels(PlainErrors, VoilaKernelWebsocketHandler):  # type: ignore[misc]
    """Voila's kernel websocket, refusing with a plain 403 (the visitor check is in the connection's prepare)."""


class VisitorHandshake(PlainErrors, WebSocketMixin, WebSocketHandler, JupyterHandler):
    """A preheated kernel waits here for its visitor's request (link, headers): only that kernel is served."""

    kernel_id = ""

    def check_origin(self, origin: str | None = None) -> bool:
        return origin is None  # the kernel sends no Origin; a browser page always does: no page is served here

    @allow_unauthenticated  # the kernel has no login; its own secret is its credential (checked in get)
    async def get(self, kernel_id: str, *args: Any, **kwargs: Any) -> None:
        manager = self.kernel_manager
        check = getattr(manager, "kernel_secret_matches", None)
        if check is None or not check(kernel_id, self.request.headers.get(KERNEL_SECRET_HEADER)):
            raise web.HTTPError(403)
        if kernel_id in voila_seams.waiting_kernel_ids():
            raise web.HTTPError(409)  # its one socket is open already
        self.kernel_id = kernel_id
        await super().get(kernel_id, *args, **kwargs)

    def open(self, *args: Any, **kwargs: Any) -> None:
        super().open(*args, **kwargs)
        if not voila_seams.claim_waiter(self.kernel_id, self):
            self.close(1008)  # a second socket that slipped in since get()
            return
        info = voila_seams.take_request_info(self.kernel_id)
        if info is not None:
            self.write_message(info)

    def on_close(self) -> None:
        voila_seams.release_waiter(self.kernel_id, self)


class RoomPage(TornadoVoilaHandler):  # type: ignore[misc]
    """The dashboard page: admitted by the room's rules, and bound to its visitor's secret cookie."""

    @web.authenticated
    async def get(self, path: str | None = None) -> None:
        manager = self.kernel_manager
        if not path:  # only the dashboard itself takes a kernel (a path is a redirect to a file)
            admit = getattr(manager, "admit", None)
            admission = admit(str(self.request.remote_ip)) if admit is not None else "ok"
            if admission != "ok":
                self._refuse(admission)
                return
        if not hasattr(manager, "bind_visitor"):  # not notnow's kernel manager: Voila's page as it is
            await super().get(path)
            return
        visitor = self._visitor_secret()
        _PAGE_KERNEL.set(None)  # this request's own (a kept-alive connection may have served another page)
        bound, written = False, False
        try:
            async for html in self.get_generator(path=path):
                kernel_id = page_kernel()
                if kernel_id and not bound:
                    bound = True
                    manager.bind_visitor(kernel_id, visitor)
                self.write(html)
                self.flush()
                written = True
        except RoomFull:
            if written:
                raise
            self.clear()
            self._refuse("full")

    def _visitor_secret(self) -> str:
        name = self.kernel_manager.visitor_cookie()  # the server's port, whatever Host the request named
        secret = str(self.get_cookie(name, "") or "")
        if len(secret) < 32:
            secret = secrets.token_urlsafe(32)
            self.set_cookie(
                name,
                secret,
                path=self.base_url,
                httponly=True,
                samesite="Strict",
                secure=self.request.protocol == "https",
            )
        return secret

    def _refuse(self, why: str) -> None:
        """The plain page for a full room (503) or a visitor who opened too many pages at once (429)."""
        lang = page_language(self.get_argument("lang", None), self.request.headers.get("Accept-Language"))
        texts = content.get(lang, "serving.full")
        self.set_status(503 if why == "full" else 429)
        self.set_header("Retry-After", str(RETRY_AFTER_SECONDS))
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(_PAGE.format(lang=lang, title=texts["title"], text=texts[why]))


def check_visitor(handler: Any, kernel_id: str) -> None:
    """Refuse (403) a request about a running kernel from anyone but the visitor whose page got it. An id no
    kernel has passes (the handler answers 404, as before); a server without notnow's manager checks nothing."""
    manager = handler.kernel_manager
    from_visitor = getattr(manager, "request_from_visitor", None)
    if from_visitor is None or kernel_id not in manager:
        return
    if not from_visitor(kernel_id, handler):
        raise web.HTTPError(403)


class VisitorOnly:
    """Before any method: a request naming a running kernel comes from the visitor whose page got it."""

    async def prepare(self, *args: Any, **kwargs: Any) -> None:
        handler: Any = self
        await super().prepare(*args, **kwargs)  # type: ignore[misc]  # jupyter_server's (untyped)
        named = handler.path_kwargs.get("kernel_id") or (handler.path_args[0] if handler.path_args else "")
        check_visitor(handler, str(named))


class VisitorKernel(PlainErrors, VisitorOnly, KernelHandler):
    """GET (the page reads its kernel's model) and DELETE of /api/kernels/<id>, only for the kernel's visitor."""


class VisitorShutdown(PlainErrors, VisitorOnly, VoilaShutdownKernelHandler):  # type: ignore[misc]
    """Voila's beacon from a page that is closed or reloaded: it stops only the sender's own kernel."""


class QuietTemplateFiles(TemplateStaticFileHandler):  # type: ignore[misc]
    """Voila's template files, with a path that names no file a plain 404 (Voila's own fails an assert: 500)."""

    def parse_url_path(self, url_path: str) -> str:
        try:
            parsed: str = super().parse_url_path(url_path)
        except (AssertionError, ValueError):
            raise web.HTTPError(404) from None
        return parsed

    @classmethod
    def get_absolute_path(cls, root: str, path: str) -> str:
        try:
            found: str = super().get_absolute_path(root, path)
        except (AssertionError, ValueError):
            raise web.HTTPError(404) from None
        return found


def log_request(handler: web.RequestHandler) -> None:
    """jupyter_server's access log, except that a refused page (room full, too many pages) is one warning line:
    jupyter_server logs every 5xx as an error with the request's headers."""
    from jupyter_server.log import log_request as jupyter_log_request  # late: only a running server logs

    if isinstance(handler, RoomPage) and handler.get_status() in (429, 503):
        handler.log.warning("notnow: a page was refused (%d): %s", handler.get_status(), handler.request.path)
        return
    jupyter_log_request(handler)  # type: ignore[no-untyped-call]


def handler_replacements() -> dict[type, type]:
    """Voila's handler classes and what notnow serves in their place (`voila_seams.replace_handlers`)."""
    return {
        RequestInfoSocketHandler: VisitorHandshake,
        TornadoVoilaHandler: RoomPage,
        TemplateStaticFileHandler: QuietTemplateFiles,
        VoilaKernelWebsocketHandler: KernelChannels,
        KernelHandler: VisitorKernel,
        VoilaShutdownKernelHandler: VisitorShutdown,
    }
