"""The set-up panel: each input bound to one field of the profile, messages beside fields, tiers and colleagues
as editable tables, and every label in the user's language."""

from __future__ import annotations

from datetime import time

import ipywidgets as widgets
import pytest

from notnow import Colleague, RushTier
from notnow.profile import Profile
from notnow.ui.find import find, message_beside
from notnow.ui.profile import ProfilePanel
from notnow.ui.state import ProfileState
from tests.widgets.handles import cell, option_labels, page_text, row_message, row_values, rows


@pytest.fixture
def state() -> ProfileState:
    return ProfileState(Profile(name="Jordi Verbeek", rate=95, colleagues=(Colleague("Sanne", "editing"),)))


@pytest.fixture
def lang() -> list[str]:
    return ["en"]


@pytest.fixture
def panel(state: ProfileState, lang: list[str]) -> ProfilePanel:
    return ProfilePanel(state, lambda: lang[0])


def text(panel: ProfilePanel, css: str) -> widgets.Text:
    return find(panel, css, widgets.Text)


def test_the_inputs_start_from_the_profile(panel):
    assert text(panel, "nn-sender").value == "Jordi Verbeek"
    assert text(panel, "nn-rate").value == "95"
    assert text(panel, "nn-hours-per-day").value == "8"
    assert text(panel, "nn-day-start").value == "09:00"
    assert find(panel, "nn-workdays").value == (0, 1, 2, 3, 4)
    assert row_values(panel, "profile-tier", "under-days", "surcharge-pct") == [("1", "100"), ("3", "50"), ("7", "25")]
    assert row_values(panel, "profile-colleague", "name", "skills") == [("Sanne", "editing")]


def test_each_input_writes_its_own_field(panel, state):
    text(panel, "nn-sender").value = "Anna Smit"
    text(panel, "nn-day-start").value = "08:30"
    text(panel, "nn-overtime-per-workday").value = "1,5"
    find(panel, "nn-address", widgets.ToggleButtons).value = "u"
    assert state.profile.name == "Anna Smit"
    assert state.profile.day_start == time(8, 30)
    assert state.profile.calendar.overtime_per_workday == 1.5
    assert state.profile.address == "u"
    assert state.profile.rate == 95  # untouched


@pytest.mark.parametrize(
    ("css", "typed", "message"),
    [
        ("nn-rate", "lots", "Enter a number for hourly rate."),
        ("nn-day-start", "nine", "Enter a time for start of the working day, like 09:00."),
        ("nn-hours-per-day", "30", "The value for hours per working day must be between 0 and 24."),
    ],
)
def test_a_bad_value_shows_a_message_beside_its_field_and_keeps_the_profile(panel, state, css, typed, message):
    before = state.profile
    text(panel, css).value = typed
    assert message in message_beside(panel, css)
    assert state.profile is before


def test_tiers_and_colleagues_are_edited_as_tables(panel, state):
    cell(rows(panel, "profile-tier")[2], "profile-tier", "surcharge-pct").value = "30"
    assert state.profile.policy.tiers[2] == RushTier(7, 30)
    find(panel, "nn-add-profile-colleague", widgets.Button).click()
    new = rows(panel, "profile-colleague")[-1]
    cell(new, "profile-colleague", "skills").value = "design"
    assert "colleague&#39;s name" in row_message(new)
    cell(new, "profile-colleague", "name").value = "Priya"
    assert [c.name for c in state.profile.colleagues] == ["Sanne", "Priya"]


def test_a_profile_set_elsewhere_refills_the_panel(panel, state):
    state.set(Profile(name="Someone Else", currency="GBP"))
    assert text(panel, "nn-sender").value == "Someone Else"
    assert find(panel, "nn-currency", widgets.Dropdown).value == "GBP"
    assert row_values(panel, "profile-colleague", "name") == []


def test_relabel_shows_the_panel_in_dutch_and_keeps_the_inputs(panel, lang):
    text(panel, "nn-sender").value = "Anna Smit"
    lang[0] = "nl"
    panel.relabel()
    assert text(panel, "nn-sender").value == "Anna Smit"
    assert option_labels(find(panel, "nn-address")) == ["je (informeel)", "u (formeel)"]
    assert "Je instellingen" in page_text(panel)
    assert find(panel, "nn-profile-use", widgets.Button).description == "Mijn instellingen hier gebruiken"


def test_a_set_up_tier_keeps_its_place_while_its_threshold_is_typed(panel, state):
    """The set-up's tier table is the rush step's editor: "14" typed over the last tier's "7" leaves the row
    last after the "1" (the policy sorts it first), so the "4" lands in the same row."""
    before = rows(panel, "profile-tier")
    under = cell(before[2], "profile-tier", "under-days")
    for typed in ("1", "14"):
        under.value = typed
        assert rows(panel, "profile-tier") == before
        assert under.value == typed
    assert state.profile.policy.tiers == (RushTier(1, 100), RushTier(3, 50), RushTier(14, 25))
