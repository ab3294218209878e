"""Saving from the workbook: autosave on step change, open a saved case, resume after a restart."""

from __future__ import annotations

import pytest

from notnow import Assessment, Store
from notnow.ui import Workbook


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(tmp_path / "cases.sqlite3")


def test_step_change_autosaves_with_the_new_step(store):
    w = Workbook(Assessment.example("en"), store=store)
    w._next.click()
    w._next.click()
    cases = store.cases()
    assert len(cases) == 1
    assert cases.iloc[0]["step"] == "honesty"
    assert "Saved automatically" in w._savebar._status.value


def test_a_new_blank_case_is_not_saved_until_the_request_is_filled_in(store):
    w = Workbook(store=store)
    w._savebar._save.click()
    assert store.cases().empty
    assert "Fill in the request first" in w._savebar._status.value


def test_a_new_workbook_resumes_where_the_user_left_off(store):
    first = Workbook(Assessment.example("en"), store=store)
    first.current()._client.value = "Studio Noord"
    for _ in range(5):
        first._next.click()
    assert first.step == "rush"
    # A kernel restart or page reload builds a new workbook on the same store.
    again = Workbook(store=store)
    assert again.step == "rush"
    assert again.assessment.request.client == "Studio Noord"
    assert "Welcome back" in again._savebar._status.value
    again._nav_buttons["request"].click()  # the earlier steps count as reached
    assert again.step == "request"


def test_open_a_saved_case_from_the_list(store):
    other = Assessment.example("en")
    other.request = type(other.request)(**{**other.request.to_dict(), "client": "Other client"})
    other.step = "when"
    store.save(other)
    w = Workbook(Assessment.example("en"), store=store)
    options = dict((label.split(" — ")[0], value) for label, value in w._savebar._cases.options)
    w._savebar._cases.value = options["Other client"]
    w._savebar._open.click()
    assert w.assessment.request.client == "Other client"
    assert w.step == "when"
    assert w.current().key == "when"


def test_the_summary_download_is_a_data_uri(store):
    w = Workbook(Assessment.example("en"), store=store)
    w.save()
    assert "href='data:text/html" in w._savebar._summary.value


def test_a_client_name_with_html_stays_text_in_the_save_bar(store):
    w = Workbook(Assessment.example("en"), store=store)
    w.current()._client.value = "<img src=x onerror=alert(1)>"
    w.save()
    w._savebar._refresh_list()
    assert "<img" not in w._savebar._status.value
    assert "<img" not in w._savebar._summary.value.split("href=")[0]
