"""What the notebooks call: the dashboard's starting language, a chapter's component, the start page."""

from __future__ import annotations

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
    env = {"NOTNOW_WORKSHOP": "1", "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8866", "SCRIPT_NAME": "/"}
    first, first_link = visitor_store(env)
    second, _ = visitor_store(env)
    assert first.owner != second.owner
    assert first_link == f"http://127.0.0.1:8866/?me={first.owner}"
    assert len(first.owner) >= 16


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
