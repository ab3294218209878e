"""DiaryImport driven from Python: upload a file the way ipywidgets 8 reports it, check what is shown, use it.

The numbers come from tests/unit/ics/apple.ics, worked out in tests/unit/test_ics.py: Mon 23 Nov 4 h
(09–13 after merging), Wed 25 Nov 2 h and Thu 26 Nov 2 h (an overnight event); the cancelled offsite
books nothing. Three events count: the two merged ones and the overnight one.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pytest

from notnow import InputError
from notnow.ui.diary import DiaryImport
from notnow.ui.find import find

ICS = Path(__file__).resolve().parents[1] / "unit" / "ics"
MON, SUN = date(2026, 11, 23), date(2026, 11, 29)
EVIL = "<img src=x onerror=alert(1)>"


def upload(widget: DiaryImport, data: bytes, name: str = "x.ics") -> None:
    """What ipywidgets 8 puts in FileUpload.value (it turns the browser's last_modified into a datetime)."""
    part(widget, "upload").value = (
        {
            "name": name,
            "type": "text/calendar",
            "size": len(data),
            "content": memoryview(data),
            "last_modified": datetime(2026, 11, 23, tzinfo=UTC),
        },
    )


def part(widget: DiaryImport, name: str) -> Any:
    """One of the importer's controls, by its nn-diary-* class."""
    return find(widget, f"nn-diary-{name}")


@pytest.fixture
def widget() -> DiaryImport:
    return DiaryImport("en", start=MON, end=SUN)


def test_nothing_is_shown_or_usable_before_a_file_is_chosen(widget):
    assert part(widget, "use").disabled
    assert part(widget, "week").value == "" and part(widget, "count").value == ""
    assert widget.result == {}


def test_an_upload_shows_the_count_and_the_week_before_anything_is_used(widget):
    upload(widget, (ICS / "apple.ics").read_bytes())
    # 3 events; 4 + 2 + 2 = 8 booked hours on 3 days; no days off.
    assert "3 events → 8 hours booked on 3 days, 0 days off." in part(widget, "count").value
    week = part(widget, "week").value
    assert week.count("<table") == 1  # Mon 23 … Sun 29 Nov is one week
    assert "data-date='2026-11-23' style='" in week and ">4</td>" in week
    assert "Week 48" in week
    assert widget.result == {}  # shown, not used yet
    assert not part(widget, "use").disabled


def test_use_these_sets_the_result(widget):
    upload(widget, (ICS / "apple.ics").read_bytes())
    part(widget, "use").click()
    assert widget.result == {"booked": {"2026-11-23": 4.0, "2026-11-25": 2.0, "2026-11-26": 2.0}, "days_off": []}
    assert "now in your calendar" in part(widget, "status").value


def test_the_result_is_read_only(widget):
    with pytest.raises(Exception, match="read-only"):
        widget.result = {"booked": {}, "days_off": []}


def test_days_off_are_marked_and_weekends_shown_only_when_asked(widget):
    upload(widget, (ICS / "google.ics").read_bytes())
    # google.ics: Fri 27 Nov is a day off; 2 + 3 + 0.5 = 5.5 h on Mon–Wed.
    assert "4 events → 5.5 hours booked on 3 days, 1 day off." in part(widget, "count").value
    assert part(widget, "week").value.count("class='nn-diary-off'") == 1
    assert "Sat" not in part(widget, "week").value  # working days only by default
    part(widget, "days").value = "all"
    assert "Sat 28 Nov" in part(widget, "week").value and "Sun 29 Nov" in part(widget, "week").value


def test_a_range_over_two_weeks_shows_only_the_week_with_events():
    """New behaviour: a week with no appointment and no day off is left out (it used to get an empty table)."""
    widget = DiaryImport("en", start=date(2026, 11, 25), end=date(2026, 12, 2))
    upload(widget, (ICS / "apple.ics").read_bytes())
    # Wed 25 Nov … Wed 2 Dec touches the weeks of 23 Nov and 30 Nov; apple.ics books 25 and 26 Nov only,
    # so the week of 30 Nov is empty. Days before the 25th are left blank.
    assert part(widget, "week").value.count("<table") == 1
    assert part(widget, "week").value.count("class='nn-diary-outside'") == 2  # Mon–Tue 23–24 Nov


DAY_OFF_WITH_A_MEETING = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//notnow tests//EN\r
BEGIN:VEVENT\r
DTSTART;VALUE=DATE:20261124\r
DTEND;VALUE=DATE:20261128\r
DTSTAMP:20261120T080000Z\r
UID:leave-1@test\r
SUMMARY:Leave\r
TRANSP:OPAQUE\r
END:VEVENT\r
BEGIN:VEVENT\r
DTSTART;TZID=Europe/Amsterdam:20261125T100000\r
DTEND;TZID=Europe/Amsterdam:20261125T120000\r
DTSTAMP:20261120T080000Z\r
UID:meeting-1@test\r
SUMMARY:Meeting\r
TRANSP:OPAQUE\r
END:VEVENT\r
BEGIN:VEVENT\r
DTSTART;TZID=Europe/Amsterdam:20261123T090000\r
DTEND;TZID=Europe/Amsterdam:20261123T100000\r
DTSTAMP:20261120T080000Z\r
UID:call-1@test\r
SUMMARY:Call\r
TRANSP:OPAQUE\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_a_meeting_on_a_day_off_is_not_counted_and_the_day_shows_as_off():
    """Leave Tue 24 – Fri 27 Nov with a 2-hour meeting on Wed 25 inside it, and a 1-hour call on Mon 23: four
    days show "off", the week's total is the call's 1 hour (before: the meeting's 2 hours were added to the
    total beside four days off), and the count line says 1 hour on 1 day."""
    widget = DiaryImport("en", start=MON, end=SUN)
    upload(widget, DAY_OFF_WITH_A_MEETING)
    week = part(widget, "week").value
    assert week.count("class='nn-diary-off'") == 4
    assert "<td style='border:1px solid #d0d7de;padding:3px 8px;text-align:right;white-space:nowrap'><b>1</b>" in week
    assert "1 hour booked on 1 day, 4 days off." in part(widget, "count").value


def test_a_period_with_nothing_in_it_says_so_instead_of_empty_weeks():
    """An export with nothing in the period shows one sentence, not a table for every empty week."""
    widget = DiaryImport("en", start=date(2027, 1, 4), end=date(2027, 6, 30))
    upload(widget, (ICS / "apple.ics").read_bytes())
    assert "<table" not in part(widget, "week").value
    assert "Nothing in this calendar file for this period" in part(widget, "week").value


def test_the_upload_button_is_as_wide_as_its_label():
    """The Dutch label "Kies .ics-bestand" was cut off by the button's fixed width."""
    widget = DiaryImport("nl", start=MON, end=SUN)
    assert part(widget, "upload").layout.width == "auto"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"this is not a calendar", "is not a calendar"),
        (b"", "is empty"),
    ],
)
def test_a_bad_file_shows_a_message_beside_the_upload(widget, data, words):
    upload(widget, data)
    assert words in part(widget, "message").value
    assert "Traceback" not in part(widget, "message").value
    assert part(widget, "use").disabled and widget.result == {}


def test_an_unexpected_failure_is_logged_and_shown_briefly(widget, monkeypatch, caplog):
    def explode(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("notnow.ui.diary.read_diary_bounded", explode)
    with caplog.at_level(logging.ERROR, logger="notnow"):
        upload(widget, b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    assert "Something went wrong" in part(widget, "message").value
    assert "boom" not in part(widget, "message").value
    assert any("boom" in (r.exc_text or "") or r.exc_info for r in caplog.records)


def test_event_texts_never_reach_the_page_unescaped(widget):
    data = (ICS / "apple.ics").read_bytes().replace(b"SUMMARY:Writing", f"SUMMARY:{EVIL}".encode())
    upload(widget, data)
    assert "<img" not in part(widget, "week").value and "<img" not in part(widget, "count").value


def test_a_bad_file_after_a_good_one_disables_use_these(widget):
    upload(widget, (ICS / "apple.ics").read_bytes())
    upload(widget, b"nonsense")
    assert part(widget, "use").disabled and part(widget, "count").value == ""


def test_set_language_relabels_and_keeps_what_was_read(widget):
    upload(widget, (ICS / "apple.ics").read_bytes())
    part(widget, "days").value = "all"
    widget.set_language("nl")
    assert part(widget, "use").description == "Overnemen"
    assert part(widget, "upload").description == "Kies .ics-bestand"
    assert "3 afspraken → 8 uur bezet op 3 dagen, 0 vrije dagen." in part(widget, "count").value
    assert "za 28 nov" in part(widget, "week").value  # still all days, now with Dutch names
    assert part(widget, "days").value == "all"


def test_an_error_message_follows_the_language(widget):
    upload(widget, b"nonsense")
    widget.set_language("nl")
    assert "geen agenda" in part(widget, "message").value


def test_controls_carry_css_classes_for_tests_and_browsers(widget):
    for name, kind in (
        ("upload", widgets.FileUpload),
        ("days", widgets.ToggleButtons),
        ("week", widgets.HTML),
        ("use", widgets.Button),
        ("message", widgets.HTML),
        ("count", widgets.HTML),
    ):
        assert isinstance(find(widget, f"nn-diary-{name}"), kind)  # exactly one of each
    upload_control = part(widget, "upload")
    assert upload_control.accept == ".ics" and upload_control.multiple is False


def test_bad_settings_are_refused_when_the_widget_is_made():
    with pytest.raises(InputError) as caught:
        DiaryImport("en", start=SUN, end=MON)
    assert caught.value.code == "end_before_start"


# --- the upload is read in a child process with limits (issue 13) ----------------------------------------


def test_an_upload_that_takes_too_long_is_stopped_and_said_so(widget, monkeypatch):
    """The upload goes through the bounded reader: a reader that never answers is stopped at its limit."""
    import sys

    import notnow.ics

    monkeypatch.setattr(notnow.ics, "TIME_LIMIT_SECONDS", 1.0)
    monkeypatch.setattr(notnow.ics, "_worker_command", lambda: [sys.executable, "-c", "import time; time.sleep(60)"])
    upload(widget, (ICS / "apple.ics").read_bytes())
    assert "took longer than" in part(widget, "message").value
    assert part(widget, "use").disabled and widget.result == {}
