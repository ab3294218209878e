"""What the notebooks call: the dashboard, one chapter's component, the start page. Cells stay one-liners.

The dashboard picks its starting language from the page's link (`?lang=nl`), else from the browser's
Accept-Language header (Voila hands both to the kernel as environment variables), else English.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlencode

import ipywidgets as widgets

from notnow import content
from notnow.assessment import STEPS, Assessment
from notnow.errors import InputError
from notnow.ui.app import Workbook, step_class
from notnow.ui.base import markdown_html
from notnow.ui.state import CaseState

if TYPE_CHECKING:
    from notnow.store import Store

OWNER_CODE = re.compile(r"[A-Za-z0-9_-]{1,64}")
MIN_CODE_LENGTH = 16  # shorter codes could be guessed; such a link gets a fresh code

__all__ = [
    "chapter",
    "dashboard",
    "language_from_env",
    "negotiate_language",
    "parse_accept_language",
    "start_page",
    "visitor_store",
]


def parse_accept_language(header: str | None) -> list[str]:
    """The language tags of an Accept-Language header, most preferred first (q=0 and bad entries dropped).

    >>> parse_accept_language("nl-NL,nl;q=0.9,en;q=0.8,*;q=0.1")
    ['nl-NL', 'nl', 'en', '*']
    """
    ranked: list[tuple[float, int, str]] = []
    for position, item in enumerate((header or "").split(",")):
        tag, *params = (part.strip() for part in item.split(";"))
        if not tag or len(tag) > 64:
            continue
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value.strip())
                except ValueError:
                    quality = -1.0
        if 0 < quality <= 1:
            ranked.append((-quality, position, tag))
    return [tag for _q, _pos, tag in sorted(ranked)]


def _supported(tag: str) -> str | None:
    primary = tag.replace("_", "-").split("-")[0].lower()
    return primary if primary in content.LANGS else None


def negotiate_language(
    query_string: str | None = None, accept_language: str | None = None, default: str = content.DEFAULT_LANG
) -> str:
    """The starting language: `lang=` in the query string, else the best Accept-Language match, else `default`."""
    for value in parse_qs(query_string or "").get("lang", []):
        lang = _supported(value)
        if lang is not None:
            return lang
    for tag in parse_accept_language(accept_language):
        lang = _supported(tag)
        if lang is not None:
            return lang
    return default


def language_from_env(environ: Mapping[str, str] | None = None) -> str:
    """The starting language from what Voila puts in the kernel's environment (QUERY_STRING, headers)."""
    env = os.environ if environ is None else environ
    return negotiate_language(env.get("QUERY_STRING"), env.get("HTTP_ACCEPT_LANGUAGE"))


def _wait_for_request() -> None:
    """In a preheated Voila kernel the request (link, headers) arrives later: wait for it."""
    if os.environ.get("VOILA_PREHEAT") == "True":
        from voila.utils import wait_for_request  # late: only a preheated Voila kernel has it to call

        wait_for_request()


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
    host, port = env.get("SERVER_NAME", "127.0.0.1"), env.get("SERVER_PORT", "")
    base = f"http://{host}{':' + port if port else ''}{env.get('SCRIPT_NAME', '/')}"
    return store, f"{base}?{urlencode({'me': code})}"


def link_language(environ: Mapping[str, str] | None = None) -> str | None:
    """The language the page's link asks for (`?lang=nl`), or None when it asks for none."""
    env = os.environ if environ is None else environ
    for value in parse_qs(env.get("QUERY_STRING", "")).get("lang", []):
        lang = _supported(value)
        if lang is not None:
            return lang
    return None


def dashboard() -> Workbook:
    """The whole workbook as one web app (workbook.ipynb), in the visitor's language, with their own cases.

    The widgets are built first: in a preheated Voila kernel that happens before any visitor arrives, and
    only the visitor's own part (their store, their language, where they left off) waits for the request.
    """
    book = Workbook()
    _wait_for_request()  # a preheated kernel learns the link (language, personal code) only now
    store, link = visitor_store()
    if store is None:
        book.set_language(language_from_env())
    else:
        book.connect(store, link, lang=link_language(), fallback_lang=language_from_env())
    return book


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
        f"<h2>{html.escape(content.text(lang, 'app.title'))}</h2>"
        f"<p><i>{html.escape(content.text(lang, 'app.tagline'))}</i></p>"
        + markdown_html(content.text(lang, "start.intro"))
    )
    page.add_class("nn-start")
    return page
