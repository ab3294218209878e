"""notnow.serving_handlers: what replaces Voila's handlers, and the room-full page's language and texts.

The handlers themselves answer real requests in tests/serving/ (test_visitors.py, test_cap.py).
"""

from __future__ import annotations

import pytest

from notnow import content
from notnow.serving_handlers import handler_replacements, page_language, visitor_cookie_name


@pytest.mark.parametrize(
    ("lang", "accept", "expected"),
    [
        (None, "nl-NL,nl;q=0.9,en;q=0.8", "nl"),
        (None, "de-DE,de;q=0.9,en;q=0.5,nl;q=0.4", "en"),  # German first, not spoken: the next by q
        (None, "en;q=0.2,nl;q=0.9", "nl"),  # order by q, not by position
        (None, "nl;q=0,en", "en"),  # q=0: not wanted
        ("nl", "en", "nl"),  # ?lang= wins
        ("xx", "nl", "nl"),
        (None, None, "en"),
        (None, "fr", "en"),
    ],
)
def test_the_refusal_page_speaks_the_link_language_else_the_browsers_best_else_english(lang, accept, expected):
    """?lang=, else the Accept-Language tag with the highest q that notnow speaks, else the default."""
    assert page_language(lang, accept) == expected


def test_the_room_full_texts_exist_in_every_language_and_differ():
    """serving.full: title, full and busy in each language, each its own words."""
    texts = {lang: content.get(lang, "serving.full") for lang in content.LANGS}
    for lang in content.LANGS:
        assert set(texts[lang]) == {"title", "full", "busy"}
        assert all(str(value).strip() for value in texts[lang].values())
    assert texts["en"]["full"] != texts["nl"]["full"]


def test_each_server_port_has_its_own_visitor_cookie():
    """Cookies ignore ports: two notnow servers on one machine must not overwrite each other's visitor."""
    assert visitor_cookie_name(8866) == "notnow-visitor-8866"
    assert visitor_cookie_name("8867") != visitor_cookie_name(8866)


def test_the_visitor_handshake_the_page_the_kernel_handlers_and_template_files_are_replaced():
    """The six Voila handlers notnow serves its own way, each by a subclass doing the same job."""
    from jupyter_server.services.kernels.handlers import KernelHandler
    from voila.request_info_handler import RequestInfoSocketHandler
    from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
    from voila.static_file_handler import TemplateStaticFileHandler
    from voila.tornado.handler import TornadoVoilaHandler
    from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

    replacements = handler_replacements()
    assert set(replacements) == {
        RequestInfoSocketHandler,
        TornadoVoilaHandler,
        TemplateStaticFileHandler,
        VoilaKernelWebsocketHandler,
        KernelHandler,
        VoilaShutdownKernelHandler,
    }
    for theirs, ours in replacements.items():
        assert ours is not theirs
        assert theirs is RequestInfoSocketHandler or issubclass(ours, theirs)
