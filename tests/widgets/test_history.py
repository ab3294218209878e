"""The history panel: the saved cases at a glance, driven from Python (numbers as in tests/unit/test_history.py)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import ipywidgets as widgets
import pytest

from notnow import Assessment, InputError, Store
from notnow.ui.find import find
from notnow.ui.history import HistoryPanel
from tests.widgets.handles import shown

EVIL = "<img src=x onerror=alert(1)>"
TODAY = date(2026, 11, 25)


def case(client: str, outcome: str, deadline: str, follow_up: str | None) -> Assessment:
    data = Assessment.example("en").to_dict()
    data["request"]["client"] = client
    data["request"]["deadline"] = deadline
    data["outcome"] = outcome
    data["follow_up"] = follow_up
    return Assessment.from_dict(data)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "cases.sqlite3") as s:
        yield s


@pytest.fixture
def filled(store: Store) -> Store:
    store.save(case("Bloom & Co", "accepted_rush", "2026-11-25T17:00:00", "2026-12-08"))  # 2,090.00; 5.29 days
    # 2,375.00; 103 h = 4.29 days. At the end of Tuesday's working day: at 10:00 only one hour of Tuesday counts
    # and none of its overtime (DESIGN.md "Free hours"), the rush can't be done and no price is promised.
    store.save(case("Acme", "accepted_rush", "2026-11-24T17:00:00", "2026-11-30"))
    store.save(case("Acme", "declined", "2026-11-23T10:00:00", None))  # 3 days
    store.save(case(EVIL, "", "2026-11-21T04:00:00", "2026-11-20"))  # 0.75 days, check-in overdue
    store.save(case("Zed", "referred", "2026-12-04T10:00:00", "2026-12-15"))  # 14 days
    return store


def shown_value(panel: HistoryPanel, part: str) -> str:
    return str(find(panel, f"nn-history-{part}").value)


def details_shown(panel: HistoryPanel) -> bool:
    """The tables and the chart below the overview are on the page."""
    return shown(panel, find(panel, "nn-history-outcomes"))


def test_an_empty_store_shows_a_friendly_message_and_no_tables(store):
    panel = HistoryPanel(store, today=TODAY)
    assert "No saved cases yet" in shown_value(panel, "overview")
    assert not details_shown(panel)
    assert not shown(panel, find(panel, "nn-history-chart"))
    assert find(panel, "nn-history-refresh", widgets.Button).description == "Refresh"


def test_the_overview_shows_count_rush_income_and_notice(filled):
    panel = HistoryPanel(filled, today=TODAY)
    overview = shown_value(panel, "overview")
    assert ">5<" in overview  # saved cases
    assert "€4,465.00" in overview  # 2,090.00 + 2,375.00
    # sorted 0.75, 3, 4.29, 5.29, 14: median 4.29 → 4.3; mean 27.33 / 5 = 5.47 → 5.5; 0.75 shows as 0.8
    assert "median 4.3 days · average 5.5 · shortest 0.8" in overview
    assert details_shown(panel)


def test_outcome_and_notice_tables_hold_the_counts(filled):
    panel = HistoryPanel(filled, today=TODAY)
    outcomes = shown_value(panel, "outcomes")
    assert "Accepted at rush rate</td><td" in outcomes
    rows = dict(_rows(outcomes))
    assert rows["Accepted at rush rate"] == "2"
    assert rows["Declined"] == "1"
    assert rows["Referred to a colleague"] == "1"
    assert rows["Not decided yet"] == "1"
    assert rows["Accepted"] == "0"
    bands = dict(_rows(shown_value(panel, "notice")))
    assert bands == {"under 1 day": "1", "1–3 days": "0", "3–7 days": "3", "7 days or more": "1"}


def test_per_client_table_groups_and_escapes_client_names(filled):
    panel = HistoryPanel(filled, today=TODAY)
    table = shown_value(panel, "clients")
    assert "<img" not in table
    assert "&lt;img src=x onerror=alert(1)&gt;" in table
    rows = {cells[0]: cells for cells in _cells(table)}
    assert rows["Acme"][1:4] == ["2", "Accepted at rush rate 1, Declined 1", "€2,375.00"]
    assert rows["Zed"][1:4] == ["1", "Referred to a colleague 1", "€0.00"]


def test_follow_ups_due_within_a_week_with_overdue_ones(filled):
    panel = HistoryPanel(filled, today=TODAY)
    table = shown_value(panel, "follow-ups")
    assert "Check-ins due within 7 days" in table
    assert "<img" not in table
    cells = _cells(table)
    assert cells[0][1:] == ["Friday, 20 November 2026", "5 days overdue", "Not decided yet"]
    assert cells[1] == ["Acme", "Monday, 30 November 2026", "in 5 days", "Accepted at rush rate"]
    assert len(cells) == 2


def test_no_follow_ups_due_says_so(filled):
    panel = HistoryPanel(filled, today=date(2025, 1, 1))  # long before every check-in
    assert "No check-ins due in the coming 7 days." in shown_value(panel, "follow-ups")


def test_the_chart_is_a_png(filled):
    panel = HistoryPanel(filled, today=TODAY)
    assert find(panel, "nn-history-chart", widgets.Image).format == "png"
    assert bytes(find(panel, "nn-history-chart", widgets.Image).value).startswith(b"\x89PNG")
    assert shown(panel, find(panel, "nn-history-chart"))


def test_refresh_reads_new_saves(store):
    panel = HistoryPanel(store, today=TODAY)
    assert "No saved cases yet" in shown_value(panel, "overview")
    store.save(case("Acme", "declined", "2026-11-23T10:00:00", None))
    find(panel, "nn-history-refresh", widgets.Button).click()
    assert ">1<" in shown_value(panel, "overview")
    assert details_shown(panel)
    assert "Acme" in shown_value(panel, "clients")


def test_switching_language_relabels_and_keeps_the_numbers(filled):
    panel = HistoryPanel(filled, today=TODAY)
    panel.set_language("nl")
    assert panel.lang == "nl"
    assert find(panel, "nn-history-refresh", widgets.Button).description == "Vernieuwen"
    assert "€ 4.465,00" in shown_value(panel, "overview")
    assert dict(_rows(shown_value(panel, "outcomes")))["Afgeslagen"] == "1"
    assert "over 5 dagen" in shown_value(panel, "follow-ups")
    assert "maandag 30 november 2026" in shown_value(panel, "follow-ups")
    panel.set_language("en")
    assert "€4,465.00" in shown_value(panel, "overview")


def test_an_unknown_language_is_an_input_error(store):
    panel = HistoryPanel(store)
    with pytest.raises(InputError):
        panel.set_language("de")
    assert panel.lang == "en"


def test_a_store_that_cannot_be_read_shows_a_message_not_a_traceback(tmp_path):
    path = tmp_path / "cases.sqlite3"
    store = Store(path)
    store.save(case("Acme", "declined", "2026-11-23T10:00:00", None))
    with sqlite3.connect(path) as other:  # another program breaks the file under the open store
        other.execute("DROP TABLE cases")
    panel = HistoryPanel(store, today=TODAY)
    assert "Your saved cases could not be read" in shown_value(panel, "overview")
    assert "OperationalError" not in shown_value(panel, "overview")  # the store's own words, not SQLite's
    assert not details_shown(panel)
    store.close()


# --- reading the HTML tables back ------------------------------------------------------------------


def _cells(table_html: str) -> list[list[str]]:
    import html
    import re

    body = table_html.split("<tbody>", 1)[1]
    return [
        [html.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", body)
    ]


def _rows(table_html: str) -> list[tuple[str, str]]:
    return [(cells[0], cells[1]) for cells in _cells(table_html)]


def test_the_history_chart_states_its_counts_in_words(filled):
    """The chart's text alternative holds the same counts as the tables (worked out above, per outcome and band)."""
    alt = find(HistoryPanel(filled, today=TODAY), "nn-history-chart").tooltip
    assert alt.startswith("How they ended: ")
    for part in ("Accepted at rush rate 2", "Declined 1", "Referred to a colleague 1", "Not decided yet 1"):
        assert part in alt
    assert alt.endswith("Days of notice: under 1 day 1, 1–3 days 0, 3–7 days 3, 7 days or more 1.")
