"""The app shell: autosave with an honest status, a confirmation before the open case is replaced, new cases
from the user's set-up, and the store's state said plainly."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets
import pytest

from notnow import Assessment
from notnow.store import Store
from notnow.ui import Workbook
from notnow.ui.find import find


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "cases.sqlite3")


def status(wb: Workbook) -> str:
    return str(find(wb, "nn-save-status").value)


def test_a_blank_new_case_is_not_saved_and_says_so(store):
    wb = Workbook(store=store)
    assert store.cases().empty
    assert "Not saved yet" in status(wb)
    find(wb, "nn-asked", widgets.Textarea).value = "a logo"
    assert store.cases().empty  # no client yet: nothing of the user's worth a row


def test_the_case_is_saved_once_client_and_hours_are_filled_in(store):
    wb = Workbook(store=store)
    find(wb, "nn-client", widgets.Text).value = "Van Dijk Makelaars"
    assert store.cases().empty  # hours still to come
    find(wb, "nn-hours", widgets.Text).value = "6"
    cases = store.cases()
    assert list(cases["client"]) == ["Van Dijk Makelaars"]
    assert "Saved at" in status(wb)
    assert store.load(cases.loc[0, "id"]).request.hours == 6


def test_every_change_on_the_last_step_is_saved(store):
    wb = Workbook(Assessment.example("en"), store=store)
    while wb.step != "after":
        wb.stepper.move(+1)
    find(wb, "nn-pushback-stay-calm", widgets.Checkbox).value = True
    find(wb, "nn-boundary-notes", widgets.Textarea).value = "Extra rounds are quoted."
    saved = store.load(wb.assessment.case_id)
    assert saved.pushback_checked == ("stay_calm",)
    assert saved.boundary_notes == "Extra rounds are quoted."
    assert saved.step == "after"


def test_the_example_replaces_a_named_case_only_after_a_yes(store):
    wb = Workbook(store=store)
    find(wb, "nn-client", widgets.Text).value = "Van Dijk Makelaars"
    find(wb, "nn-hours", widgets.Text).value = "6"
    find(wb, "nn-load-example", widgets.Button).click()
    assert wb.assessment.request.client == "Van Dijk Makelaars"  # not yet: asked first
    confirm = find(wb, "nn-confirm")
    assert confirm.layout.display != "none"
    find(wb, "nn-confirm-no", widgets.Button).click()
    assert wb.assessment.request.client == "Van Dijk Makelaars"
    assert confirm.layout.display == "none"
    find(wb, "nn-load-example", widgets.Button).click()
    find(wb, "nn-confirm-yes", widgets.Button).click()
    assert wb.assessment.request.client == "Bloom & Co"
    assert "Van Dijk Makelaars" in set(store.cases()["client"])  # the replaced case was kept


def test_a_blank_case_is_replaced_without_asking(store):
    wb = Workbook(store=store)
    find(wb, "nn-load-example", widgets.Button).click()
    assert wb.assessment.request.client == "Bloom & Co"


def test_resume_opens_the_last_case_where_it_was_left(store):
    first = Workbook(Assessment.example("en"), store=store)
    first.stepper.move(+1)
    first.stepper.move(+1)
    again = Workbook(store=store)
    assert again.assessment.request.client == "Bloom & Co"
    assert again.step == "honesty"
    assert "Welcome back" in status(again)


def test_without_a_store_the_page_says_saving_is_off():
    wb = Workbook(Assessment.example("en"))
    assert "Saving is off" in status(wb)


def test_the_workbook_marks_the_language_shown_for_the_page_banner():
    wb = Workbook(Assessment.example("en"))
    assert "nn-lang-en" in wb._dom_classes  # the CSS classes are the page's public handles
    find(wb, "nn-language", widgets.ToggleButtons).value = "nl"
    assert "nn-lang-nl" in wb._dom_classes
    assert "nn-lang-en" not in wb._dom_classes
