"""The app shell: autosave with an honest status, a confirmation before the open case is replaced, new cases
from the user's set-up, and the store's state said plainly."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets
import pytest

from notnow import Assessment
from notnow.store import Store
from notnow.ui import Workbook
from notnow.ui.find import find, find_all
from tests.widgets.handles import all_html, as_text, shown


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


def test_a_step_change_is_saved_with_the_new_step(store):
    wb = Workbook(Assessment.example("en"), store=store)
    find(wb, "nn-next", widgets.Button).click()
    find(wb, "nn-next", widgets.Button).click()
    cases = store.cases()
    assert len(cases) == 1
    assert cases.iloc[0]["step"] == "honesty"
    assert "Saved at" in status(wb)


def test_save_now_on_a_blank_case_saves_nothing_and_says_why(store):
    wb = Workbook(store=store)
    find(wb, "nn-save", widgets.Button).click()
    assert wb.save() is None
    assert store.cases().empty
    assert "fill in the client and the hours" in status(wb)


def test_a_new_workbook_resumes_with_the_users_edits_and_the_steps_reached(store):
    first = Workbook(Assessment.example("en"), store=store)
    find(first, "nn-client", widgets.Text).value = "Studio Noord"
    for _ in range(5):
        find(first, "nn-next", widgets.Button).click()
    assert first.step == "rush"
    again = Workbook(store=store)  # a kernel restart or page reload builds a new workbook on the same store
    assert again.step == "rush"
    assert again.assessment.request.client == "Studio Noord"
    assert "Welcome back: you are where you left off with Studio Noord." in status(again)
    nav = find(again, "nn-nav", widgets.ToggleButtons)
    nav.value = "request"  # the earlier steps count as reached
    assert again.step == "request"
    nav.value = "rush"
    assert again.step == "rush"


def test_a_saved_case_is_opened_from_the_list_after_a_yes(store):
    other = Assessment.example("en")
    store.save(other.replace(request=other.request.replace(client="Other client"), step="when", reached="when"))
    wb = Workbook(Assessment.example("en"), store=store)
    wb.save()
    chooser = find(wb, "nn-open-case", widgets.Dropdown)
    options = {label.split(" — ")[0]: value for label, value in chooser.options}
    assert set(options) == {"Open a saved case…", "Other client", "Bloom & Co"}
    chooser.value = options["Other client"]
    find(wb, "nn-open", widgets.Button).click()
    assert wb.assessment.request.client == "Bloom & Co"  # asked first: Bloom & Co is the user's work
    assert "Open that case? Your case for Bloom &amp; Co is saved" in find(wb, "nn-confirm").children[0].value
    find(wb, "nn-confirm-yes", widgets.Button).click()
    assert wb.assessment.request.client == "Other client"
    assert wb.step == "when"
    assert find(wb, "nn-step-when")


def test_new_case_asks_first_then_starts_blank_in_the_same_language(store):
    wb = Workbook(Assessment.example("en"), store=store)
    find(wb, "nn-language", widgets.ToggleButtons).value = "nl"
    find(wb, "nn-next", widgets.Button).click()
    find(wb, "nn-new-case", widgets.Button).click()
    assert wb.step == "empathy"  # not yet: only asked
    find(wb, "nn-confirm-yes", widgets.Button).click()
    assert wb.step == "request"
    assert find(wb, "nn-client", widgets.Text).value == ""
    assert find(wb, "nn-next", widgets.Button).disabled
    assert find(wb, "nn-next", widgets.Button).description == "Verder"
    assert wb.assessment.lang == "nl"
    assert list(store.cases()["client"]) == ["Bloom & Co"]  # the replaced case was kept


def test_the_summary_download_is_a_data_uri_once_the_case_holds_something(store):
    wb = Workbook(store=store)
    assert find(wb, "nn-summary").value == ""  # a blank case has nothing to sum up
    find(wb, "nn-client", widgets.Text).value = "Van Dijk Makelaars"
    find(wb, "nn-hours", widgets.Text).value = "6"
    summary = find(wb, "nn-summary").value
    assert "href='data:text/html" in summary
    assert "download='notnow-Van Dijk Makelaars.html'" in summary


def test_a_client_name_with_html_stays_text_in_the_shell(store):
    wb = Workbook(Assessment.example("en"), store=store)
    find(wb, "nn-client", widgets.Text).value = "<img src=x onerror=alert(1)>"
    wb.save()
    find(wb, "nn-new-case", widgets.Button).click()  # the confirmation names the client
    assert "&lt;img" in find(wb, "nn-confirm").children[0].value
    assert "<img" not in all_html(wb)


def test_an_unexpected_failure_in_a_callback_is_said_on_the_page():
    wb = Workbook(Assessment.example("en"))
    assert not find_all(wb, "nn-problem")  # nothing to say: no widget for it either
    wb.state.report(RuntimeError("boom"))  # what a guarded callback does when it fails
    problem = find(wb, "nn-problem")
    assert problem.layout.display != "none"
    assert "Something went wrong on our side" in problem.value
    assert "boom" not in problem.value  # no internals on the page
    find(wb, "nn-language", widgets.ToggleButtons).value = "nl"
    assert "Bij je laatste wijziging ging aan onze kant iets mis" in problem.value  # follows the language


def test_a_damaged_case_file_is_set_aside_and_said(tmp_path):
    path = tmp_path / "cases.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    wb = Workbook(store=Store(path))
    assert "is damaged or was not made by notnow" in status(wb)
    assert wb.step == "request"


def test_the_history_shows_the_saved_cases_and_hides_the_steps(store):
    wb = Workbook(Assessment.example("en"), store=store)
    wb.save()
    find(wb, "nn-view", widgets.ToggleButtons).value = "history"
    assert "Bloom &amp; Co" in find(wb, "nn-history-clients").value
    with pytest.raises(LookupError):
        find(wb, "nn-stepper")
    find(wb, "nn-view", widgets.ToggleButtons).value = "steps"
    assert find(wb, "nn-stepper")


def test_without_a_store_there_is_no_history_or_open_list():
    wb = Workbook(Assessment.example("en"))
    for css in ("nn-open-case", "nn-open", "nn-save"):
        assert not shown(wb, find(wb, css))
    assert [value for _label, value in find(wb, "nn-view", widgets.ToggleButtons).options] == ["steps", "profile"]


def test_the_set_up_goes_into_the_case_and_the_case_set_up_becomes_the_users():
    wb = Workbook(Assessment.example("en"))
    find(wb, "nn-view", widgets.ToggleButtons).value = "profile"
    panel = find(wb, "nn-profile")
    find(panel, "nn-sender", widgets.Text).value = "Anna Smit"
    find(panel, "nn-hours-per-day", widgets.Text).value = "6"
    find(panel, "nn-profile-use", widgets.Button).click()
    assert wb.assessment.sender == "Anna Smit"
    assert wb.assessment.calendar.hours_per_day == 6
    assert wb.assessment.request.client == "Bloom & Co"  # the request itself is the case's own
    assert "Your set-up is now in this case" in status(wb)
    find(panel, "nn-profile-keep", widgets.Button).click()
    assert wb.profile.colleagues == wb.assessment.colleagues
    assert find(panel, "nn-sender", widgets.Text).value == "Anna Smit"
    find(wb, "nn-view", widgets.ToggleButtons).value = "steps"
    assert find(wb, "nn-stepper")


def test_a_new_case_starts_from_the_users_set_up():
    wb = Workbook(Assessment.example("en"))
    find(wb, "nn-view", widgets.ToggleButtons).value = "profile"
    find(wb, "nn-rate", widgets.Text).value = "110"
    find(wb, "nn-sender", widgets.Text).value = "Anna Smit"
    find(wb, "nn-new-case", widgets.Button).click()
    find(wb, "nn-confirm-yes", widgets.Button).click()
    assert wb.assessment.request.rate == 110
    assert wb.assessment.sender == "Anna Smit"
    assert find(wb, "nn-step-request")  # opening a case shows the steps again


def test_the_users_set_up_is_saved_in_the_store(store):
    wb = Workbook(Assessment.example("en"), store=store)
    find(wb, "nn-view", widgets.ToggleButtons).value = "profile"
    find(wb, "nn-sender", widgets.Text).value = "Anna Smit"
    assert wb.state.problem == ""
    assert Workbook(store=store).profile.name == "Anna Smit"


def test_the_toolbar_and_the_status_follow_the_language(store):
    wb = Workbook(Assessment.example("en"), store=store)
    assert find(wb, "nn-load-example", widgets.Button).description == "Worked example"
    find(wb, "nn-language", widgets.ToggleButtons).value = "nl"
    assert find(wb, "nn-new-case", widgets.Button).description == "Nieuwe casus"
    assert find(wb, "nn-load-example", widgets.Button).description == "Uitgewerkt voorbeeld"
    assert find(wb, "nn-save", widgets.Button).description == "Nu opslaan"
    assert "Opgeslagen om " in status(wb)  # the language change itself was saved


def test_the_workbook_marks_the_language_shown_for_the_page_banner():
    wb = Workbook(Assessment.example("en"))
    assert find(wb, "nn-lang-en") is wb  # the CSS classes are the page's public handles
    find(wb, "nn-language", widgets.ToggleButtons).value = "nl"
    assert find(wb, "nn-lang-nl") is wb
    assert find_all(wb, "nn-lang-en") == []


def test_the_set_up_reaches_a_new_case_nobody_has_typed_in():
    """A first visit: the set-up filled in before anything was typed in step 1 is what step 1 then holds (before:
    the default 8-hour calendar and an empty rate until "New case")."""
    wb = Workbook()
    find(wb, "nn-view", widgets.ToggleButtons).value = "profile"
    panel = find(wb, "nn-profile")
    find(panel, "nn-hours-per-day", widgets.Text).value = "6"
    find(panel, "nn-rate", widgets.Text).value = "80"
    assert "follows this set-up" in all_html(panel)
    find(wb, "nn-view", widgets.ToggleButtons).value = "steps"
    assert wb.assessment.calendar.hours_per_day == 6
    assert wb.assessment.request.rate == 80
    assert find(wb, "nn-rate", widgets.Text).value == "80"
    assert "6 hours" in str(find(wb, "nn-calendar-summary").value)


def test_a_case_typed_in_keeps_its_settings_and_the_panel_says_what_use_would_change():
    """Once a field is typed the case is the user's: the set-up no longer flows in, the panel names what "Use
    my set-up here" would change, and the button does exactly that."""
    wb = Workbook()
    find(wb, "nn-client", widgets.Text).value = "Van Dijk Makelaars"
    find(wb, "nn-view", widgets.ToggleButtons).value = "profile"
    panel = find(wb, "nn-profile")
    find(panel, "nn-hours-per-day", widgets.Text).value = "6"
    find(panel, "nn-rate", widgets.Text).value = "80"
    assert wb.assessment.calendar.hours_per_day == 8
    assert wb.assessment.request.client == "Van Dijk Makelaars"
    assert (
        "Your case for Van Dijk Makelaars keeps its own settings. “Use my set-up here” would change: your calendar, "
        "the hourly rate." in as_text(all_html(panel))
    )
    find(panel, "nn-profile-use", widgets.Button).click()
    assert (wb.assessment.calendar.hours_per_day, wb.assessment.request.rate) == (6, 80)
    assert wb.assessment.request.client == "Van Dijk Makelaars"
    assert "Your open case already uses this set-up." in as_text(all_html(panel))


def test_the_confirmation_says_what_happens_and_the_buttons_what_they_do(store):
    """ "Open the worked example? … stays in your list." [Open] [Stay here] (before: "Yes, replace it / No, keep
    it", which read as overwriting a saved case)."""
    wb = Workbook(store=store)
    find(wb, "nn-client", widgets.Text).value = "Van Dijk Makelaars"
    find(wb, "nn-hours", widgets.Text).value = "6"
    find(wb, "nn-load-example", widgets.Button).click()
    question = as_text(str(find(wb, "nn-confirm").children[0].value))
    assert question == "Open the worked example? Your case for Van Dijk Makelaars is saved and stays in your list."
    assert find(wb, "nn-confirm-yes", widgets.Button).description == "Open"
    assert find(wb, "nn-confirm-no", widgets.Button).description == "Stay here"
    wb.set_language("nl")
    assert find(wb, "nn-confirm-yes", widgets.Button).description == "Openen"
    assert find(wb, "nn-confirm-no", widgets.Button).description == "Hier blijven"


def test_without_a_store_the_confirmation_says_the_case_will_be_gone():
    wb = Workbook(Assessment.example("en"))
    find(wb, "nn-new-case", widgets.Button).click()
    question = as_text(str(find(wb, "nn-confirm").children[0].value))
    assert question == "Start a new case? Your case for Bloom & Co is not saved anywhere: it will be gone."
    assert find(wb, "nn-confirm-yes", widgets.Button).description == "Start a new case"
