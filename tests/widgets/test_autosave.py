"""Autosave: every change saved (at once outside a kernel), an honest status, nothing saved of a blank case, and
a failing store said plainly until a save succeeds. Real SQLite throughout."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from notnow import Assessment, InputError
from notnow.store import Store
from notnow.ui.autosave import Saver, case_saver
from notnow.ui.state import CaseState


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "cases.sqlite3")


def break_table(store: Store) -> None:
    """Another program drops the table under the open store: the next save fails inside SQLite."""
    with sqlite3.connect(store.path) as other:
        other.execute("DROP TABLE cases")


def test_a_saver_without_a_store_is_off_and_never_saves():
    saver = Saver(None)
    assert saver.status == "off"
    saver.changed()
    assert not saver.flush()
    assert saver.status == "off"


def test_a_change_outside_a_kernel_is_saved_at_once_with_its_time():
    saved: list[int] = []
    saver = Saver(lambda: saved.append(1))
    assert saver.status == "blank"
    saver.changed()
    assert saved == [1]
    assert saver.status == "saved"
    hours, minutes = saver.saved_at.split(":")
    assert 0 <= int(hours) < 24 and 0 <= int(minutes) < 60
    assert saver.error is None


def test_nothing_is_saved_while_skip_says_so():
    saved: list[int] = []
    saver = Saver(lambda: saved.append(1), skip=lambda: True)
    saver.changed()
    assert not saver.flush()
    assert saved == []
    assert saver.status == "blank"


def test_a_refused_save_keeps_its_error_until_a_save_succeeds():
    outcomes = [InputError("store", "damaged_store", path="x"), None]

    def save() -> None:
        problem = outcomes.pop(0)
        if problem is not None:
            raise problem

    saver = Saver(save)
    assert not saver.flush()
    assert saver.status == "failed"
    assert saver.error is not None and saver.error.code == "damaged_store"
    assert saver.flush()
    assert saver.status == "saved"
    assert saver.error is None


def test_the_case_is_saved_on_every_change_and_gets_its_id(store):
    state = CaseState(Assessment.example("en"))
    saver = case_saver(state, store)
    state.update(reason="leave")
    assert saver.status == "saved"
    case_id = state.case.case_id
    assert case_id  # the id the store gave it, put into the case
    assert store.load(case_id).reason == "leave"
    state.update(reason="other", reason_detail="a family wedding")
    assert list(store.cases()["id"]) == [case_id]  # the same row, not a second one
    assert store.load(case_id).reason_detail == "a family wedding"


def test_a_fresh_case_is_saved_only_once_it_is_no_longer_fresh(store):
    state = CaseState(Assessment.blank("en"), fresh=True)
    saver = case_saver(state, store)
    state.update_request(asked="a logo")
    assert store.cases().empty
    assert saver.status == "blank"
    state.update_request(client="Van Dijk Makelaars", hours=6)
    assert store.cases().empty  # the request step says when the user has filled it in
    state.fresh = False
    assert list(store.cases()["client"]) == ["Van Dijk Makelaars"]
    assert saver.status == "saved"


def test_a_store_that_fails_in_sqlite_says_not_saved_until_it_works_again(store):
    state = CaseState(Assessment.example("en"))
    saver = case_saver(state, store)
    state.update(reason="leave")
    break_table(store)
    state.update(reason="dont_want")
    assert saver.status == "failed"
    assert saver.error is not None and saver.error.field == "store"
    store.close()  # reopening makes the table again
    state.update(reason="not_my_focus")
    assert saver.status == "saved"
    assert saver.error is None
    assert store.load(state.case.case_id).reason == "not_my_focus"
