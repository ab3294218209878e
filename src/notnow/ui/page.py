"""What the notebooks call: the dashboard, one chapter's component, the start page. Cells stay one-liners.

The dashboard picks its starting language from the page's link (`?lang=nl`), else from the browser's
Accept-Language header (Voila hands both to the kernel as environment variables), else English.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlencode

import ipywidgets as widgets
from markupsafe import Markup

from notnow import content
from notnow.assessment import STEPS, Assessment
from notnow.errors import InputError
from notnow.language import negotiate_language, parse_accept_language, supported_language
from notnow.ui.app import Workbook, step_class
from notnow.ui.base import markdown_html
from notnow.ui.guard import guarded
from notnow.ui.state import CaseState

if TYPE_CHECKING:
    from notnow.store import Store

OWNER_CODE = re.compile(r"[A-Za-z0-9_-]{1,64}")
MIN_CODE_LENGTH = 16  # shorter codes could be guessed; such a link gets a fresh code

__all__ = [
    "chapter",
    "come_back_link",
    "dashboard",
    "language_from_env",
    "negotiate_language",
    "parse_accept_language",
    "start_page",
    "visitor_store",
    "wait_for_visitor",
]


def language_from_env(environ: Mapping[str, str] | None = None) -> str:
    """The starting language from what Voila puts in the kernel's environment (QUERY_STRING, headers)."""
    env = os.environ if environ is None else environ
    return negotiate_language(env.get("QUERY_STRING"), env.get("HTTP_ACCEPT_LANGUAGE"))


def wait_for_visitor() -> None:
    """In a preheated Voila kernel the request (link, headers) arrives later: wait for it.

    Voila's own helper (voila.utils.wait_for_request) asks the same address, but importing voila.utils loads
    jupyter_server, jupyterlab_server and nbconvert into every kernel of the pool: 46 MB and about 2 s of CPU
    each (bench/load.py). The websockets client Voila uses is all it takes.
    """
    env = os.environ
    if env.get("VOILA_PREHEAT") != "True":
        return
    from websockets.exceptions import WebSocketException  # late: only a preheated kernel asks
    from websockets.sync.client import connect

    base = env.get("VOILA_WS_BASE_URL", env.get("VOILA_SERVER_URL", "/"))
    url = (
        f"{env.get('VOILA_WS_PROTOCOL', 'ws')}://{env.get('VOILA_APP_IP', '127.0.0.1')}:"
        f"{env.get('VOILA_APP_PORT', '8866')}{base}voila/query/{env.get('VOILA_KERNEL_ID', '')}"
    )
    # the server answers only the kernel it started with this secret (notnow.serving_handlers.VisitorHandshake)
    secret = env.pop("NOTNOW_KERNEL_SECRET", "")
    try:
        with connect(url, open_timeout=5, additional_headers={"X-Notnow-Kernel-Secret": secret}) as socket:
            info = json.loads(socket.recv())
    except (OSError, TimeoutError, ValueError, WebSocketException):
        return  # as Voila's helper does: the page starts without the visitor's link and headers
    if isinstance(info, dict):
        for name, value in info.items():
            os.environ[str(name)] = str(value)


def visitor_store(environ: Mapping[str, str] | None = None) -> tuple[Store | None, str]:
    """The store for this visitor and their link to come back.

    One user (`make run`): the user's own store, no link. A workshop (NOTNOW_WORKSHOP=1, `make serve`): the
    store scoped to the personal code in the link (`?me=…`), but only a code this server issued: a missing,
    made-up or guessed code gets a fresh issued one (so nobody can pick a memorable code, or reach a case
    by guessing). A store that can't save still comes back: its `problem` says why.
    """
    from notnow.store import Store, StoreError  # late: sqlite3 and platformdirs, only for the dashboard

    env = os.environ if environ is None else environ
    try:
        if env.get("NOTNOW_WORKSHOP", "").lower() not in ("1", "true", "yes"):
            return Store(), ""
        code = next(iter(parse_qs(env.get("QUERY_STRING", "")).get("me", [])), "")
        if not OWNER_CODE.fullmatch(code) or len(code) < MIN_CODE_LENGTH:
            code = ""
        store = Store(owner=code)
        if not store.is_issued(code):
            try:
                code = store.issue_owner_code()
            except StoreError:  # saving is off (store.problem says why): a code for this visit only
                code = Store.new_owner_code()
            store.close()
            store = Store(owner=code)
    except InputError:  # a bad argument can't happen here; never stop the page starting over it
        return None, ""
    return store, come_back_link(code, env)


def come_back_link(code: str, environ: Mapping[str, str] | None = None) -> str:
    """A participant's link back to their cases: the server's public address, their code, the access token.

    The address is what the server tells every kernel (NOTNOW_PUBLIC_URL, see notnow.serving), never the
    request's Host header, which a forged or proxied request sets at will; without it, a link relative to the
    server's own base path. The token (NOTNOW_LINK_TOKEN, a workshop's shared one) lets the link in from a
    browser that has not signed in yet.
    """
    env = os.environ if environ is None else environ
    base = env.get("NOTNOW_PUBLIC_URL", "")
    if not re.fullmatch(r"https?://[^\s?#<>\"']+/", base):
        prefix = env.get("VOILA_BASE_URL", "").strip("/")
        base = f"/{prefix}/" if prefix else "/"
    query = {"me": code}
    if env.get("NOTNOW_LINK_TOKEN"):
        query["token"] = env["NOTNOW_LINK_TOKEN"]
    return f"{base}?{urlencode(query)}"


def link_language(environ: Mapping[str, str] | None = None) -> str | None:
    """The language the page's link asks for (`?lang=nl`), or None when it asks for none."""
    env = os.environ if environ is None else environ
    for value in parse_qs(env.get("QUERY_STRING", "")).get("lang", []):
        lang = supported_language(value)
        if lang is not None:
            return lang
    return None


def dashboard() -> Workbook:
    """The whole workbook as one web app (workbook.ipynb), in the visitor's language, with their own cases.

    The widgets are built first: in a preheated Voila kernel that happens before any visitor arrives. The
    visitor's own part (their store, their language, where they left off, their link) follows once their request
    is in, off the page's path: the cell ends before the visitor comes, so Voila sends the whole page at once,
    and that part reaches the page over the widgets' connection, before the page's scripts have even loaded.
    """
    book = Workbook()
    if not _connect_when_the_visitor_comes(book):
        _connect_visitor(book)
    return book


def _connect_visitor(book: Workbook) -> None:
    store, link = visitor_store()
    if store is None:
        book.set_language(language_from_env())
    else:
        book.connect(store, link, lang=link_language(), fallback_lang=language_from_env())


def _connect_when_the_visitor_comes(book: Workbook) -> bool:
    """In a preheated kernel: wait for the visitor in a thread, then connect their part on the kernel's loop.

    False when there is nothing to wait for (not a preheated kernel, or no event loop to come back to).
    """
    if os.environ.get("VOILA_PREHEAT") != "True":
        return False
    try:
        loop = asyncio.get_running_loop()  # the kernel's, where widget messages are handled
    except RuntimeError:
        return False
    connect = guarded(lambda: _connect_visitor(book), book.state.report)

    def wait_then_connect() -> None:
        wait_for_visitor()
        loop.call_soon_threadsafe(connect)

    threading.Thread(target=wait_then_connect, name="notnow-visitor", daemon=True).start()
    return True


def chapter(step_key: str, lang: str | None = None) -> widgets.Widget:
    """One step's component on the worked example, with its teaching intro: a chapter notebook's exercise."""
    if step_key not in STEPS:
        raise ValueError(f"unknown step {step_key!r}; one of {', '.join(STEPS)}")
    lang = content.check_lang(lang or content.DEFAULT_LANG)
    state = CaseState(Assessment.example(lang).replace(step=step_key, reached=step_key))
    view = step_class(step_key)(state)
    view.hide_method()  # the chapter's own text presents the method's moves
    return view


def start_page(lang: str = content.DEFAULT_LANG) -> widgets.HTML:
    """The welcome text of 00-start: what notnow is for and the nine steps."""
    lang = content.check_lang(lang)
    page = widgets.HTML(
        Markup("<h2>{}</h2><p><i>{}</i></p>").format(content.text(lang, "app.title"), content.text(lang, "app.tagline"))
        + markdown_html(content.text(lang, "start.intro"))
    )
    page.add_class("nn-start")
    return page
