"""What the notebooks call: the dashboard's starting language, a chapter's component, the start page."""

from __future__ import annotations

import os

import ipywidgets as widgets
import pytest

from notnow import STEPS
from notnow.ui import Workbook
from notnow.ui.find import find
from notnow.ui.page import (
    chapter,
    dashboard,
    language_from_env,
    negotiate_language,
    parse_accept_language,
    start_page,
)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("nl-NL,nl;q=0.9,en;q=0.8", "nl"),
        ("en-US", "en"),
        ("en-GB,en;q=0.9", "en"),
        ("de", "en"),
        ("de-DE,de;q=0.9,nl;q=0.5", "nl"),
        ("en;q=0.4,nl;q=0.7", "nl"),  # the q-values rank, not the order written
        ("nl;q=0,en;q=0.5", "en"),  # q=0 means "not acceptable"
        ("fr, *;q=0.5", "en"),
        ("NL_be", "nl"),
        ("nl;q=abc,en", "en"),  # a broken entry is ignored, not trusted
        ("", "en"),
        (None, "en"),
    ],
)
def test_the_browser_language_is_negotiated_by_quality(header, expected):
    assert negotiate_language(None, header) == expected


def test_the_query_string_beats_the_browser_header():
    assert negotiate_language("lang=nl", "en-US,en;q=0.9") == "nl"
    assert negotiate_language("case=abc&lang=en", "nl-NL,nl") == "en"


def test_an_unknown_language_in_the_query_string_falls_back_to_the_header():
    assert negotiate_language("lang=xx", "nl") == "nl"
    assert negotiate_language("lang=<script>", None) == "en"


def test_accept_language_tags_are_ranked_most_preferred_first():
    assert parse_accept_language("en;q=0.5, nl-BE , fr;q=0.8") == ["nl-BE", "fr", "en"]


def test_the_language_comes_from_what_voila_puts_in_the_kernel_environment():
    assert language_from_env({"QUERY_STRING": "lang=nl"}) == "nl"
    assert language_from_env({"QUERY_STRING": "", "HTTP_ACCEPT_LANGUAGE": "nl-NL,nl;q=0.9,en;q=0.8"}) == "nl"
    assert language_from_env({}) == "en"


def test_the_dashboard_starts_a_fresh_case_in_the_visitors_language(monkeypatch, tmp_path):
    monkeypatch.setenv("NOTNOW_HOME", str(tmp_path))
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.delenv("NOTNOW_WORKSHOP", raising=False)
    monkeypatch.setenv("QUERY_STRING", "")
    monkeypatch.setenv("HTTP_ACCEPT_LANGUAGE", "nl-NL,nl;q=0.9,en;q=0.8")
    book = dashboard()
    assert isinstance(book, Workbook)
    assert book.assessment.lang == "nl"
    assert book.step == "request"
    assert find(book, "nn-next", widgets.Button).description == "Verder"
    assert find(book, "nn-client", widgets.Text).value == ""  # a fresh case: nothing of anyone's in it


def test_the_dashboard_defaults_to_english(monkeypatch, tmp_path):
    monkeypatch.setenv("NOTNOW_HOME", str(tmp_path))
    for name in ("VOILA_PREHEAT", "QUERY_STRING", "HTTP_ACCEPT_LANGUAGE", "NOTNOW_WORKSHOP"):
        monkeypatch.delenv(name, raising=False)
    assert dashboard().assessment.lang == "en"


@pytest.mark.parametrize("key", STEPS)
def test_every_chapter_shows_its_step_on_the_worked_example(key):
    step = chapter(key)
    assert find(step, f"nn-step-{key}") is step
    assert step.case.request.client == "Bloom & Co"
    assert step.state.case.step == key
    assert "<h3>" in find(step, "nn-intro").value  # the teaching intro, above the exercise


def test_a_chapter_can_be_worked_in_dutch():
    step = chapter("rush", "nl")
    assert step.lang == "nl"
    assert step.case.lang == "nl"


def test_an_unknown_chapter_is_refused_with_the_steps_named():
    with pytest.raises(ValueError, match="request"):
        chapter("nonsense")


def test_the_start_page_shows_the_intro_in_each_language():
    en, nl = start_page(), start_page("nl")
    assert isinstance(en, widgets.HTML)
    assert "The nine steps" in en.value
    assert "<ol>" in en.value
    assert en.value != nl.value


def test_one_user_gets_the_personal_store_without_a_link(tmp_path, monkeypatch):
    from notnow.ui.page import visitor_store

    monkeypatch.setenv("NOTNOW_HOME", str(tmp_path))
    store, link = visitor_store({})
    assert store is not None
    assert store.owner == ""
    assert link == ""


def test_a_workshop_participant_without_a_code_gets_a_new_private_link(tmp_path, monkeypatch):
    from notnow.ui.page import visitor_store

    monkeypatch.setenv("NOTNOW_HOME", str(tmp_path))
    env = {"NOTNOW_WORKSHOP": "1", "NOTNOW_PUBLIC_URL": "http://127.0.0.1:8866/", "NOTNOW_LINK_TOKEN": "room-42"}
    first, first_link = visitor_store(env)
    second, _ = visitor_store(env)
    assert first.owner != second.owner
    assert first_link == f"http://127.0.0.1:8866/?me={first.owner}&token=room-42"
    assert len(first.owner) >= 16


def test_the_come_back_link_starts_with_the_servers_public_address_never_the_request_host(tmp_path, monkeypatch):
    from notnow.ui.page import visitor_store

    monkeypatch.setenv("NOTNOW_HOME", str(tmp_path))
    # what Voila puts in the kernel from a forged request: its Host header and the path it asked for
    forged = {"SERVER_NAME": "evil.example", "SERVER_PORT": "443", "SCRIPT_NAME": "/phish/"}
    env = {"NOTNOW_WORKSHOP": "1", "NOTNOW_PUBLIC_URL": "https://room.example.org/notnow/", **forged}
    store, link = visitor_store(env)
    assert link == f"https://room.example.org/notnow/?me={store.owner}"
    assert "evil" not in link and "phish" not in link and "443" not in link


def test_without_an_address_from_the_server_the_link_stays_on_the_server_the_page_came_from(tmp_path, monkeypatch):
    from notnow.ui.page import come_back_link

    forged = {"SERVER_NAME": "evil.example", "SERVER_PORT": "443", "SCRIPT_NAME": "/phish/"}
    assert come_back_link("CODE-0123456789abcdef", forged) == "/?me=CODE-0123456789abcdef"
    assert come_back_link("c", {"VOILA_BASE_URL": "/notnow/", **forged}) == "/notnow/?me=c"
    # an address that is no plain web address is not used either
    assert come_back_link("c", {"NOTNOW_PUBLIC_URL": "javascript:alert(1)//"}) == "/?me=c"


def test_the_link_carries_the_token_safely_encoded():
    from notnow.ui.page import come_back_link

    env = {"NOTNOW_PUBLIC_URL": "http://127.0.0.1:8866/", "NOTNOW_LINK_TOKEN": "a&b=c d"}
    assert come_back_link("CODE", env) == "http://127.0.0.1:8866/?me=CODE&token=a%26b%3Dc+d"


def test_a_workshop_link_brings_the_participant_back_to_their_own_cases(tmp_path, monkeypatch):
    from notnow import Assessment
    from notnow.ui.page import visitor_store

    monkeypatch.setenv("NOTNOW_HOME", str(tmp_path))
    env = {"NOTNOW_WORKSHOP": "1"}
    mine, link = visitor_store(env)
    mine.save(Assessment.example("en"))
    back, _ = visitor_store({**env, "QUERY_STRING": link.split("?", 1)[1]})
    assert len(back.cases()) == 1
    stranger, _ = visitor_store({**env, "QUERY_STRING": "me=short"})  # too short to be a real code
    assert stranger.owner != "short"
    assert stranger.cases().empty


def test_a_made_up_workshop_code_gets_a_fresh_issued_one_and_sees_nothing(tmp_path, monkeypatch):
    from notnow import Assessment
    from notnow.ui.page import visitor_store

    monkeypatch.setenv("NOTNOW_HOME", str(tmp_path))
    env = {"NOTNOW_WORKSHOP": "1", "QUERY_STRING": "me=my-memorable-code-2026"}  # 22 characters, never issued
    first, link = visitor_store(env)
    assert first.owner != "my-memorable-code-2026"
    assert first.is_issued(first.owner)
    assert link.endswith(f"?me={first.owner}")
    first.save(Assessment.example("en"))
    again, _ = visitor_store(env)  # the same made-up code, a new visit: yet another fresh code, no cases
    assert again.owner not in ("my-memorable-code-2026", first.owner)
    assert again.cases().empty


def test_an_issued_workshop_code_gets_its_own_cases_back(tmp_path, monkeypatch):
    from notnow import Assessment
    from notnow.ui.page import visitor_store

    monkeypatch.setenv("NOTNOW_HOME", str(tmp_path))
    mine, link = visitor_store({"NOTNOW_WORKSHOP": "1"})
    case_id = mine.save(Assessment.example("en"))
    back, back_link = visitor_store({"NOTNOW_WORKSHOP": "1", "QUERY_STRING": link.split("?", 1)[1]})
    assert (back.owner, back_link) == (mine.owner, link)
    assert list(back.cases()["id"]) == [case_id]


def test_a_chapter_leaves_the_method_to_its_own_text_and_the_dashboard_shows_it():
    from notnow import content
    from notnow.ui import Workbook
    from notnow.ui.page import chapter

    move = content.text("en", "method.auto_yes.title")
    assert move not in find(chapter("request", "en"), "nn-intro").value  # the notebook's markdown has it
    assert move in find(Workbook(), "nn-intro").value


@pytest.fixture
def voila_query_server(monkeypatch):
    """Voila's request-info websocket (/voila/query/<kernel id>) as a preheated kernel sees it, on a free port.

    Sends each connecting kernel `sent["info"]` (what Voila hands over once a visitor came) and records the path.
    """
    import json
    import threading

    from websockets.sync.server import serve

    sent: dict[str, object] = {"info": {}, "paths": [], "visitor": threading.Event()}
    sent["visitor"].set()  # the visitor is there at once, unless a test clears this and sets it later

    def handler(connection):
        sent["paths"].append(connection.request.path)
        sent["visitor"].wait(30)
        connection.send(json.dumps(sent["info"]))

    with serve(handler, "127.0.0.1", 0) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        port = server.socket.getsockname()[1]
        for name, value in {
            "VOILA_PREHEAT": "True",
            "VOILA_APP_PORT": str(port),
            "VOILA_SERVER_URL": "/room/",
            "VOILA_KERNEL_ID": "k-42",
        }.items():
            monkeypatch.setenv(name, value)
        for name in ("QUERY_STRING", "HTTP_ACCEPT_LANGUAGE", "VOILA_WS_BASE_URL", "VOILA_APP_IP"):
            monkeypatch.delenv(name, raising=False)
        yield sent
        server.shutdown()
        thread.join(5)


def test_a_preheated_kernel_takes_the_visitors_link_and_headers_from_voila(voila_query_server):
    from notnow.ui.page import language_from_env, wait_for_visitor

    voila_query_server["info"] = {
        "QUERY_STRING": "me=CODE-0123456789abcdef&lang=nl",
        "HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9",
    }
    wait_for_visitor()
    assert voila_query_server["paths"] == ["/room/voila/query/k-42"]  # the address Voila's own helper asks
    assert os.environ["QUERY_STRING"] == "me=CODE-0123456789abcdef&lang=nl"
    assert language_from_env() == "nl"  # the link's lang= beats the browser's header


def test_a_kernel_that_cannot_reach_voila_starts_without_request_info(monkeypatch):
    from notnow.ui.page import wait_for_visitor
    from tests.notebooks.voila_server import free_port

    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setenv("VOILA_APP_PORT", str(free_port()))  # nothing listens there
    monkeypatch.delenv("QUERY_STRING", raising=False)
    wait_for_visitor()  # returns, like Voila's helper, instead of failing the page
    assert "QUERY_STRING" not in os.environ


def test_a_kernel_that_voila_started_for_its_visitor_waits_for_nothing(monkeypatch):
    from notnow.ui.page import wait_for_visitor

    monkeypatch.setenv("VOILA_PREHEAT", "False")  # no pool: the request is in the environment already
    monkeypatch.setenv("QUERY_STRING", "lang=nl")
    monkeypatch.setenv("VOILA_APP_PORT", "1")  # were it asked, this would fail
    wait_for_visitor()
    assert os.environ["QUERY_STRING"] == "lang=nl"


def test_the_dashboard_never_loads_voilas_server_side_modules_into_its_kernel(tmp_path):
    # voila.utils pulls in jupyter_server, jupyterlab_server and nbconvert: 46 MB in every kernel of the pool
    import subprocess
    import sys

    code = (
        "import sys\nfrom notnow.ui.page import dashboard; dashboard()\n"
        "print(sorted(m for m in ('voila.utils', 'jupyter_server', 'nbconvert') if m in sys.modules))"
    )
    from tests.notebooks.voila_server import free_port

    # a preheated kernel whose Voila is not there: it asks (and so imports what asking needs), then goes on
    env = {
        **os.environ,
        "NOTNOW_HOME": str(tmp_path),
        "NOTNOW_WORKSHOP": "1",
        "VOILA_PREHEAT": "True",
        "VOILA_APP_PORT": str(free_port()),
    }
    shown = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True, env=env
    )
    assert shown.stdout.strip().splitlines()[-1] == "[]"


def test_a_preheated_dashboard_is_whole_before_its_visitor_comes_and_takes_them_in_when_they_do(
    voila_query_server, tmp_path, monkeypatch
):
    import asyncio
    import concurrent.futures

    from notnow.ui.find import find_all
    from notnow.ui.page import dashboard

    monkeypatch.setenv("NOTNOW_HOME", str(tmp_path))
    monkeypatch.setenv("NOTNOW_WORKSHOP", "1")
    monkeypatch.setenv("NOTNOW_PUBLIC_URL", "http://127.0.0.1:8866/")
    voila_query_server["info"] = {"QUERY_STRING": "lang=nl"}
    voila_query_server["visitor"].clear()

    async def a_visit() -> tuple[int, str, str]:
        book = dashboard()  # returns while nobody has come: Voila can have the whole page ready
        before = len(find_all(book, "nn-come-back"))
        voila_query_server["visitor"].set()
        for _ in range(200):  # the visitor's part arrives on this loop within moments
            await asyncio.sleep(0.05)
            if find_all(book, "nn-come-back"):
                break
        boxes = find_all(book, "nn-come-back")
        return before, boxes[0].value if boxes else "", book.state.lang

    # a loop of its own in a thread of its own: under `make test` Playwright keeps a loop running in this one
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        before, after, lang = pool.submit(asyncio.run, a_visit()).result(timeout=60)
    assert before == 0  # no link yet: nobody has come
    assert "http://127.0.0.1:8866/?me=" in after
    assert lang == "nl"  # the link's language, known only once the visitor came


def test_the_first_page_of_a_new_visitor_leaves_the_heavy_libraries_unloaded(tmp_path):
    # what makes the dashboard slower to start than a bare notebook: each of these is loaded when first needed
    import subprocess
    import sys

    heavy = ("pandas", "matplotlib", "holidays", "icalendar", "jinja2")
    code = (
        "import sys\nfrom notnow.ui.page import dashboard; dashboard()\n"
        f"print(sorted(m for m in {heavy!r} if m in sys.modules))"
    )
    env = {**os.environ, "NOTNOW_HOME": str(tmp_path)}
    shown = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True, env=env
    )
    assert shown.stdout.strip().splitlines()[-1] == "[]"


# Widget models the dashboard's first page sends (each is serialised by the kernel and rendered by the page, so
# each adds to the time to interactive, which is at its budget). Counted on 2 Dec 2026: 137 before issues 15
# and 16; 13 more since, for the client's mail on step 1 (its box, paste field, .eml/.msg upload and note, with
# their layouts and styles) and the app shell's save status and summary link; 3 fewer once the calendar's help
# waited for its panel to open. Accessible names and labels add none: they are the widgets' own descriptions
# and static/access.js, never extra widgets.
FIRST_PAGE_MODELS = 147


def test_the_first_page_sends_no_more_widget_models_than_counted(monkeypatch, tmp_path):
    monkeypatch.setenv("NOTNOW_HOME", str(tmp_path))
    for name in ("VOILA_PREHEAT", "QUERY_STRING", "HTTP_ACCEPT_LANGUAGE", "NOTNOW_WORKSHOP"):
        monkeypatch.delenv(name, raising=False)
    before = set(widgets.Widget.get_manager_state()["state"])  # what Voila sends: every live model's state
    book = dashboard()
    sent = set(widgets.Widget.get_manager_state()["state"]) - before
    assert book.stepper.built == ("request",)  # the first page only: later steps come while the user reads
    assert len(sent) <= FIRST_PAGE_MODELS, f"{len(sent)} widget models on the first page"
