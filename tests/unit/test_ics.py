"""Reading a calendar export into busy hours: the three dialects, repeats, time zones and bad files.

Unless a test says otherwise the working window is 09:00–17:00 Europe/Amsterdam, which is UTC+1 in
November (CET) and UTC+2 before 25 October 2026 (CEST). Every expected number is worked out in a comment.
"""

from __future__ import annotations

import sys
from datetime import date, time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notnow import InputError
from notnow.fmt import error_text
from notnow.ics import (
    MAX_FILE_BYTES,
    check_settings,
    read_busy,
    read_busy_bounded,
    read_diary,
    read_diary_bounded,
)
from tests.conftest import examples

HERE = Path(__file__).parent / "ics"
MON, SUN = date(2026, 11, 23), date(2026, 11, 29)  # the week the three sample exports cover


def calendar(*events: str, head: str = "") -> bytes:
    """A minimal VCALENDAR around hand-written VEVENT bodies (CRLF line ends, as exports have them)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//notnow//EN", *head.split()]
    for index, body in enumerate(events):
        lines += ["BEGIN:VEVENT", f"UID:event-{index}", "DTSTAMP:20261120T080000Z", *body.split(), "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(line for line in lines if line) + "\r\n").encode()


def ams(day: str, start: str, end: str) -> str:
    """A timed event in Europe/Amsterdam, Apple style (TZID with an Olson name)."""
    return f"DTSTART;TZID=Europe/Amsterdam:{day}T{start} DTEND;TZID=Europe/Amsterdam:{day}T{end}"


# --- the three dialects ---------------------------------------------------------------------------------


def test_google_export_with_utc_times_converts_them_to_amsterdam():
    booked, days_off = read_busy((HERE / "google.ics").read_bytes(), MON, SUN)
    # Mon: 09:00–11:00Z is 10:00–12:00 local → 2 h. Tue: 13:00–17:00Z is 14:00–18:00, clipped at 17:00 → 3 h.
    # Wed: the weekly 09:00–09:30 check-in → 0.5 h. Thu: the birthday is marked free, so not a day off.
    assert booked == {date(2026, 11, 23): 2.0, date(2026, 11, 24): 3.0, date(2026, 11, 25): 0.5}
    assert days_off == {date(2026, 11, 27)}


def test_outlook_export_with_a_windows_time_zone_name_and_vtimezone():
    booked, days_off = read_busy((HERE / "outlook.ics").read_bytes(), MON, SUN)
    # Mon 08:30–10:30 clipped to 09:00 → 1.5 h. Tue: the free ("transparent") lunch books nothing;
    # the review 13:00–15:15 → 2.25 h.
    assert booked == {date(2026, 11, 23): 1.5, date(2026, 11, 24): 2.25}
    assert days_off == set()


def test_apple_export_merges_overlaps_skips_cancelled_and_splits_overnight_events():
    booked, days_off = read_busy((HERE / "apple.ics").read_bytes(), MON, SUN)
    # Mon: 09–12 and 11–13 overlap → 09–13 = 4 h, not 3 + 2 = 5. Tue: the offsite is cancelled → nothing.
    # Wed 15:00 → Thu 11:00: Wed 15–17 = 2 h, Thu 09–11 = 2 h.
    assert booked == {date(2026, 11, 23): 4.0, date(2026, 11, 25): 2.0, date(2026, 11, 26): 2.0}
    assert days_off == set()


def test_line_ends_do_not_matter():
    lf = (HERE / "apple.ics").read_bytes().replace(b"\r\n", b"\n")
    crlf = lf.replace(b"\n", b"\r\n")
    assert read_busy(lf, MON, SUN) == read_busy(crlf, MON, SUN)
    assert read_busy(crlf, MON, SUN)[0][MON] == 4.0  # the same 09–13 merge as above


def test_the_count_says_how_many_events_booked_time_or_made_a_day_off():
    diary = read_diary((HERE / "google.ics").read_bytes(), MON, SUN)
    # The call, the workshop, this week's check-in and the day off; the free birthday and the check-ins
    # of other weeks do not count.
    assert diary.events == 4
    assert sum(diary.booked.values()) == 5.5  # 2 + 3 + 0.5


# --- times and windows ----------------------------------------------------------------------------------


def test_floating_times_are_taken_in_the_chosen_zone_and_utc_times_are_converted():
    floating = "DTSTART:20261123T160000 DTEND:20261123T180000"  # 16–18 wherever you are
    utc = "DTSTART:20261124T160000Z DTEND:20261124T180000Z"  # 17–19 in Amsterdam
    data = calendar(floating, utc)
    in_amsterdam, _ = read_busy(data, MON, SUN)
    in_utc, _ = read_busy(data, MON, SUN, tz="UTC")
    # Floating 16–18 clipped at 17 → 1 h in both zones. UTC 16–18Z: 17–19 in Amsterdam → 0 h; in UTC → 1 h.
    assert in_amsterdam == {date(2026, 11, 23): 1.0}
    assert in_utc == {date(2026, 11, 23): 1.0, date(2026, 11, 24): 1.0}


def test_floating_times_follow_the_files_own_x_wr_timezone():
    data = calendar("DTSTART:20261123T100000 DTEND:20261123T120000", head="X-WR-TIMEZONE:America/New_York")
    # New York is UTC−5 in November, Amsterdam UTC+1: 10–12 there is 16–18 here, clipped at 17 → 1 h.
    assert read_busy(data, MON, SUN)[0] == {MON: 1.0}


def test_an_event_before_the_working_day_books_only_the_part_inside_it():
    data = calendar(ams("20261123", "080000", "100000"))
    assert read_busy(data, MON, SUN)[0] == {MON: 1.0}  # 08–10 with the day from 09:00 → 09–10
    assert read_busy(data, MON, SUN, day_start=time(8))[0] == {MON: 2.0}  # the day from 08:00 → all of it
    assert read_busy(data, MON, SUN, day_start=time(9, 30), hours_per_day=4)[0] == {MON: 0.5}  # 09:30–10:00


def test_a_window_past_midnight_books_on_the_day_it_starts():
    data = calendar(
        ams("20261123", "230000", "235900"),
        "DTSTART;TZID=Europe/Amsterdam:20261124T000000 DTEND;TZID=Europe/Amsterdam:20261124T010000",
    )
    booked, _ = read_busy(data, MON, SUN, day_start=time(22), hours_per_day=8)
    # Monday's window is 22:00 Mon–06:00 Tue: 23:00–23:59 (59 min) and 00:00–01:00 (60 min) → 119 min = 1.98 h.
    assert booked == {MON: 1.98}


def test_hours_are_rounded_to_a_hundredth():
    data = calendar(ams("20261123", "090000", "092000"))
    assert read_busy(data, MON, SUN)[0] == {MON: 0.33}  # 20 minutes = 0.333… h


def test_only_days_in_the_range_are_returned():
    data = calendar(
        ams("20261122", "100000", "120000"), ams("20261130", "100000", "120000"), ams("20261125", "100000", "120000")
    )
    assert read_busy(data, MON, SUN)[0] == {date(2026, 11, 25): 2.0}  # Sun 22 and Mon 30 lie outside


def test_free_and_cancelled_events_book_nothing():
    data = calendar(
        ams("20261123", "100000", "120000") + " TRANSP:TRANSPARENT",
        ams("20261124", "100000", "120000") + " STATUS:CANCELLED",
        ams("20261125", "100000", "120000") + " TRANSP:OPAQUE STATUS:CONFIRMED",
    )
    assert read_busy(data, MON, SUN)[0] == {date(2026, 11, 25): 2.0}


# --- all-day events -------------------------------------------------------------------------------------


def test_a_multi_day_all_day_event_is_days_off_with_the_end_date_excluded():
    data = calendar("DTSTART;VALUE=DATE:20261224 DTEND;VALUE=DATE:20261228 SUMMARY:Christmas")
    booked, days_off = read_busy(data, date(2026, 12, 21), date(2026, 12, 31))
    assert days_off == {date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 26), date(2026, 12, 27)}
    assert booked == {}
    _, clipped = read_busy(data, date(2026, 12, 26), date(2026, 12, 31))
    assert clipped == {date(2026, 12, 26), date(2026, 12, 27)}  # the range starts on the 26th


def test_a_free_all_day_event_is_not_a_day_off():
    data = calendar("DTSTART;VALUE=DATE:20261124 DTEND;VALUE=DATE:20261125 TRANSP:TRANSPARENT")
    assert read_busy(data, MON, SUN) == ({}, set())


# --- repeats --------------------------------------------------------------------------------------------


def test_weekly_rule_with_an_exception_date():
    data = calendar(
        ams("20261102", "100000", "120000")
        + " RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=6 EXDATE;TZID=Europe/Amsterdam:20261116T100000"
    )
    booked, _ = read_busy(data, date(2026, 11, 1), date(2026, 12, 31))
    # Six Mondays from 2 Nov: 2, 9, 16, 23, 30 Nov and 7 Dec; the 16th is excluded; 2 h each.
    assert booked == {
        date(2026, 11, 2): 2.0,
        date(2026, 11, 9): 2.0,
        date(2026, 11, 23): 2.0,
        date(2026, 11, 30): 2.0,
        date(2026, 12, 7): 2.0,
    }


def test_extra_dates_from_rdate():
    data = calendar(
        ams("20261201", "140000", "150000") + " RDATE;TZID=Europe/Amsterdam:20261203T140000,20261208T140000"
    )
    booked, _ = read_busy(data, date(2026, 12, 1), date(2026, 12, 31))
    assert booked == {date(2026, 12, 1): 1.0, date(2026, 12, 3): 1.0, date(2026, 12, 8): 1.0}


def test_an_override_moves_one_occurrence():
    data = calendar(
        ams("20261123", "093000", "094500") + " RRULE:FREQ=DAILY;COUNT=5",
        "RECURRENCE-ID;TZID=Europe/Amsterdam:20261125T093000 " + ams("20261126", "140000", "150000"),
    )
    data = data.replace(b"UID:event-1", b"UID:event-0")  # the override belongs to the same series
    booked, _ = read_busy(data, MON, SUN)
    # A 15-minute stand-up Mon–Fri; Wednesday's is moved to Thursday 14–15 (1 h): Thu = 0.25 + 1.
    assert booked == {
        date(2026, 11, 23): 0.25,
        date(2026, 11, 24): 0.25,
        date(2026, 11, 26): 1.25,
        date(2026, 11, 27): 0.25,
    }


def test_a_dst_change_week_keeps_local_events_on_the_clock_and_moves_utc_ones():
    data = calendar(
        "DTSTART:20261019T070000Z DTEND:20261019T090000Z RRULE:FREQ=WEEKLY;COUNT=2",
        ams("20261020", "090000", "100000") + " RRULE:FREQ=WEEKLY;COUNT=2",
    )
    booked, _ = read_busy(data, date(2026, 10, 19), date(2026, 10, 31))
    # Clocks go back on Sun 25 Oct. 07–09Z on Mon 19 is 09–11 CEST → 2 h; on Mon 26 it is 08–10 CET → 1 h.
    # The Amsterdam event stays 09–10 on both Tuesdays → 1 h each.
    assert booked == {
        date(2026, 10, 19): 2.0,
        date(2026, 10, 20): 1.0,
        date(2026, 10, 26): 1.0,
        date(2026, 10, 27): 1.0,
    }


def test_a_rule_that_can_never_occur_books_only_its_first_occurrence():
    data = calendar(ams("20261123", "100000", "110000") + " RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30")
    assert read_busy(data, MON, SUN)[0] == {MON: 1.0}  # there is no 30 February: DTSTART alone stays


def test_a_rule_with_month_days_that_do_occur_is_kept():
    data = calendar(ams("20261124", "100000", "110000") + " RRULE:FREQ=MONTHLY;BYMONTHDAY=24,31")
    booked, _ = read_busy(data, date(2026, 11, 1), date(2027, 1, 31))
    # The 24th of Nov, Dec and Jan, and 31 Dec and 31 Jan (November has no 31st): five 1-hour days.
    assert booked == {
        date(2026, 11, 24): 1.0,
        date(2026, 12, 24): 1.0,
        date(2026, 12, 31): 1.0,
        date(2027, 1, 24): 1.0,
        date(2027, 1, 31): 1.0,
    }


def test_repeats_more_often_than_daily_are_refused():
    data = calendar(ams("20261123", "100000", "100500") + " RRULE:FREQ=MINUTELY")
    with pytest.raises(InputError) as caught:
        read_busy(data, MON, SUN)
    assert (caught.value.field, caught.value.code) == ("diary_file", "repeats_too_often")


def test_too_many_repeats_to_unfold_are_refused():
    # 30 daily series since 1 January 2000: about 9,800 days each by the end of the range, 294,000 > 250,000.
    series = ["DTSTART:20000101T100000Z DTEND:20000101T110000Z RRULE:FREQ=DAILY"] * 30
    with pytest.raises(InputError) as caught:
        read_busy(calendar(*series), MON, SUN)
    assert caught.value.code == "too_many_events"


# --- bad files and bad settings -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "file_empty"),
        (b"  \r\n ", "file_empty"),
        (b"Hello, this is a letter, not a calendar.", "not_calendar"),
        (b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\r\nEND:VCARD\r\n", "not_calendar"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not_calendar"),
        (b"BEGIN:VCALENDAR\r\n" + b"X" * MAX_FILE_BYTES, "file_too_big"),
    ],
)
def test_a_bad_file_is_a_clear_input_error(data, code):
    with pytest.raises(InputError) as caught:
        read_busy(data, MON, SUN)
    assert (caught.value.field, caught.value.code) == ("diary_file", code)
    for lang in ("en", "nl"):
        assert code not in error_text(caught.value, lang)  # a sentence, not the bare code


@pytest.mark.parametrize(
    "body",
    [
        "SUMMARY:no_start_at_all",
        "DTSTART:tomorrow-ish DTEND:20261123T100000Z",
        "DTSTART:tomorrow-ish RRULE:FREQ=WEEKLY",
        "DTSTART:20261123T100000Z RRULE:FREQ=WEEKLY;INTERVAL=often",
    ],
)
def test_an_event_that_cannot_be_read_is_a_clear_input_error(body):
    with pytest.raises(InputError) as caught:
        read_busy(calendar(body), MON, SUN)
    assert (caught.value.field, caught.value.code) == ("diary_file", "broken_calendar")


@settings(max_examples=examples(150), deadline=None)
@given(st.data())
def test_a_damaged_export_gives_busy_hours_or_an_input_error_never_a_crash(data):
    lines = (HERE / data.draw(st.sampled_from(["apple.ics", "google.ics", "outlook.ics"]))).read_bytes().splitlines()
    for _ in range(data.draw(st.integers(1, 3))):
        index = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["drop", "repeat", "cut", "scramble"]))
        if action == "drop":
            del lines[index]
        elif action == "repeat":
            lines.insert(index, lines[data.draw(st.integers(0, len(lines) - 1))])
        elif action == "cut":
            lines[index] = lines[index][: data.draw(st.integers(0, len(lines[index])))]
        else:
            lines[index] = data.draw(st.binary(max_size=30))
    try:
        booked, days_off = read_busy(b"\r\n".join(lines), MON, SUN)
    except InputError as error:
        assert error.field == "diary_file"
    else:
        assert all(0 < hours <= 8 for hours in booked.values())  # never more than the 8-hour window
        assert all(MON <= day <= SUN for day in [*booked, *days_off])


def test_the_size_limit_message_names_the_limit():
    with pytest.raises(InputError) as caught:
        read_busy(b"BEGIN:VCALENDAR\r\n" + b"X" * MAX_FILE_BYTES, MON, SUN)
    assert "10 MB" in error_text(caught.value, "en")


def test_an_empty_calendar_books_nothing():
    assert read_busy(calendar(), MON, SUN) == ({}, set())


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        ({"tz": "Mars/Olympus_Mons"}, "time_zone", "unknown_timezone"),
        ({"tz": "../../etc/passwd"}, "time_zone", "unknown_timezone"),
        ({"tz": "\N{GRINNING FACE}" * 64}, "time_zone", "unknown_timezone"),  # 256 bytes: was a raw OSError
        ({"hours_per_day": 0}, "hours_per_day", "positive"),
        ({"hours_per_day": 24.5}, "hours_per_day", "between"),
        ({"day_start": "nine"}, "day_start", "time"),
        ({"start": SUN, "end": MON}, "diary_end", "end_before_start"),
        ({"start": date(2026, 1, 1), "end": date(2029, 1, 7)}, "diary_end", "range_too_long"),  # 1,103 days
    ],
)
def test_bad_settings_are_input_errors(kwargs, field, code):
    arguments = {"start": MON, "end": SUN, **kwargs}
    start, end = arguments.pop("start"), arguments.pop("end")
    with pytest.raises(InputError) as caught:
        read_busy(calendar(), start, end, **arguments)
    assert (caught.value.field, caught.value.code) == (field, code)
    with pytest.raises(InputError):
        check_settings(start, end, **arguments)


def test_a_range_of_three_years_is_allowed():
    # 2026-01-01 … 2028-12-31 is 365 + 365 + 366 = 1,096 days, within the 1,098-day limit.
    assert read_busy(calendar(), date(2026, 1, 1), date(2028, 12, 31)) == ({}, set())


# --- hostile files (issue 13): each is refused with a plain message, within the reader's limits --------------
# The probe files are read with the bounded reader (a child process with a time and memory limit), so a test
# can't hang even if a check broke: the worst case is a "too slow" error instead of the expected one.

PROBES = [
    ("interval_0.ics", "repeat_interval"),  # RRULE:FREQ=DAILY;INTERVAL=0: the rule engine never moved on
    ("vtimezone_minutely.ics", "zone_repeats"),  # a custom zone whose clock changes every minute
    ("vtimezone_secondly.ics", "zone_repeats"),  # … every second
    ("tzid_300_chars.ics", "calendar_zone"),  # raised a raw OSError (File name too long)
    ("x_wr_timezone_300_chars.ics", "calendar_zone"),  # the same through Google's X-WR-TIMEZONE
]


@pytest.mark.parametrize(("name", "code"), PROBES)
def test_a_hostile_probe_file_is_an_input_error_within_the_limits(name, code):
    """Each probe of issue 13 gets its own plain error (not the time or memory limit) in both languages."""
    data = (HERE / name).read_bytes()
    assert len(data) < 800  # the probes are tiny files
    with pytest.raises(InputError) as caught:
        read_busy_bounded(data, MON, SUN)
    assert (caught.value.field, caught.value.code) == ("diary_file", code)
    for lang in ("en", "nl"):
        text = error_text(caught.value, lang)
        assert code not in text and "{" not in text


def test_the_long_zone_name_is_shortened_in_the_message():
    """The message repeats at most 40 characters of a 300-character name."""
    with pytest.raises(InputError) as caught:
        read_busy_bounded((HERE / "tzid_300_chars.ics").read_bytes(), MON, SUN)
    assert caught.value.params["value"] == "A" * 39 + "…"


ZONE = "BEGIN:VTIMEZONE TZID:{name} BEGIN:STANDARD DTSTART:19700101T000000 {rule} TZOFFSETFROM:{offset} TZOFFSETTO:{offset} END:STANDARD END:VTIMEZONE"  # noqa: E501


def custom_zone(name: str = "Custom/Zone", offset: str = "+0530", rule: str = "RRULE:FREQ=YEARLY") -> str:
    return ZONE.format(name=name, offset=offset, rule=rule)


@pytest.mark.parametrize(
    ("event", "code"),
    [
        ("RRULE:FREQ=WEEKLY;INTERVAL=-1", "repeat_interval"),
        ("RRULE:FREQ=MONTHLY;INTERVAL=0;COUNT=3", "repeat_interval"),
    ],
)
def test_an_interval_below_one_is_refused(event, code):
    """Every 0 or -1 weeks is no repeat at all; the file is refused naming the value."""
    data = calendar("DTSTART:20261123T100000Z DTEND:20261123T110000Z " + event)
    with pytest.raises(InputError) as caught:
        read_busy_bounded(data, MON, SUN)
    assert (caught.value.field, caught.value.code) == ("diary_file", code)


@pytest.mark.parametrize(
    ("rule", "code"),
    [
        ("RRULE:FREQ=YEARLY;INTERVAL=0", "repeat_interval"),
        ("RRULE:FREQ=DAILY", "zone_repeats"),
        ("RRULE:FREQ=MONTHLY", "zone_repeats"),
        ("RRULE:FREQ=YEARLY;BYHOUR=0,1,2,3;BYMINUTE=0,30", "zone_repeats"),  # yearly, but every half hour
        ("RRULE:FREQ=HOURLY;INTERVAL=1", "zone_repeats"),
    ],
)
def test_a_zone_whose_clock_changes_more_than_yearly_is_refused(rule, code):
    """The repeat limits apply to a VTIMEZONE's rules too: real zones change at most a few times a year."""
    data = calendar(
        "DTSTART;TZID=Custom/Zone:20261123T140000 DTEND;TZID=Custom/Zone:20261123T160000",
        head=custom_zone(rule=rule),
    )
    with pytest.raises(InputError) as caught:
        read_busy_bounded(data, MON, SUN)
    assert (caught.value.field, caught.value.code) == ("diary_file", code)


def test_a_plain_custom_zone_is_still_read():
    """A yearly custom zone at +05:30: 14:00–16:00 there is 08:30–10:30 UTC, 09:30–11:30 in Amsterdam → 2 h."""
    data = calendar(
        "DTSTART;TZID=Custom/Zone:20261123T140000 DTEND;TZID=Custom/Zone:20261123T160000", head=custom_zone()
    )
    assert read_busy(data, MON, SUN) == ({MON: 2.0}, set())


def test_a_custom_zone_from_one_file_is_never_used_for_the_next():
    """icalendar kept the first definition of a zone name for the whole process; each read now starts fresh.

    The second file's zone is +00:00: 10:00–12:00 there is 11:00–13:00 in Amsterdam → 2 h. With the first
    file's +05:30 it would be 05:30–07:30 in Amsterdam, before the working day → nothing.
    """
    event = "DTSTART;TZID=Custom/Zone:20261123T100000 DTEND;TZID=Custom/Zone:20261123T120000"
    read_busy(calendar(event, head=custom_zone(offset="+0530")), MON, SUN)
    assert read_busy(calendar(event, head=custom_zone(offset="+0000")), MON, SUN) == ({MON: 2.0}, set())


def test_a_zone_name_the_zone_database_trips_on_is_an_unknown_zone():
    """100 emoji are 400 bytes, too long for a file name, but within 128 characters: not an OSError, just a
    zone nobody knows, so the times are floating (taken in Amsterdam): 10:00–11:00 → 1 h."""
    name = "\N{SLIGHTLY SMILING FACE}" * 100
    data = calendar(f"DTSTART;TZID={name}:20261123T100000 DTEND;TZID={name}:20261123T110000")
    assert read_busy(data, MON, SUN) == ({MON: 1.0}, set())


def test_an_unknown_x_wr_timezone_is_named_in_the_message():
    """Google's X-WR-TIMEZONE with a zone that doesn't exist: the message says which name."""
    with pytest.raises(InputError) as caught:
        read_busy(calendar(ams("20261123", "100000", "110000"), head="X-WR-TIMEZONE:Mars/Olympus_Mons"), MON, SUN)
    assert (caught.value.code, caught.value.params["value"]) == ("calendar_zone", "Mars/Olympus_Mons")
    assert "Mars/Olympus_Mons" in error_text(caught.value, "nl")


def test_outlook_windows_zone_names_still_mean_their_olson_zone():
    """The Outlook export's zone is read as Europe/Berlin (same rules as Amsterdam), not from its 1601 rules."""
    assert read_busy((HERE / "outlook.ics").read_bytes(), MON, SUN)[0] == {MON: 1.5, date(2026, 11, 24): 2.25}


# --- the bounded reader: the same answers, and limits that hold --------------------------------------------


def test_the_bounded_reader_gives_the_same_answers_as_the_reader():
    """The three real exports read in the child: the same hours, days off and event counts."""
    for name in ("apple.ics", "google.ics", "outlook.ics"):
        data = (HERE / name).read_bytes()
        assert read_diary_bounded(data, MON, SUN) == read_diary(data, MON, SUN)
        assert read_busy_bounded(data, MON, SUN, tz="Europe/London", day_start="08:30") == read_busy(
            data, MON, SUN, tz="Europe/London", day_start="08:30"
        )


@pytest.mark.parametrize(
    ("data", "kwargs", "field", "code"),
    [
        (b"", {}, "diary_file", "file_empty"),
        (b"BEGIN:VCALENDAR\r\n" + b"X" * MAX_FILE_BYTES, {}, "diary_file", "file_too_big"),
        (b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", {"tz": "Mars/Olympus_Mons"}, "time_zone", "unknown_timezone"),
        (b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", {"start": SUN, "end": MON}, "diary_end", "end_before_start"),
    ],
)
def test_the_bounded_reader_refuses_bad_settings_and_sizes_at_once(monkeypatch, data, kwargs, field, code):
    """What can be checked without reading the file is checked before any child process starts."""
    monkeypatch.setattr("notnow.ics._worker_command", lambda: pytest.fail("no child for this"))
    arguments = {"start": MON, "end": SUN, **kwargs}
    with pytest.raises(InputError) as caught:
        read_busy_bounded(data, arguments.pop("start"), arguments.pop("end"), **arguments)
    assert (caught.value.field, caught.value.code) == (field, code)


def test_a_legal_file_that_needs_more_memory_than_the_limit_is_stopped():
    """A single 5 MB description (a legal file) needs well over 50 MB of address space to read; with a 50 MB limit
    the child runs out and the answer is a plain "needed more than 50 MB" error, while this process goes on."""
    description = "DESCRIPTION:" + "notes," * 850_000  # no spaces: calendar() splits lines at spaces
    data = calendar("DTSTART:20261123T100000Z DTEND:20261123T110000Z " + description)
    with pytest.raises(InputError) as caught:
        read_busy_bounded(data, MON, SUN, memory_mb=50)
    assert (caught.value.code, caught.value.params) == ("calendar_too_big", {"max_mb": 50})
    assert "50 MB" in error_text(caught.value, "en")
    assert read_busy_bounded(data, MON, SUN) == ({MON: 1.0}, set())  # the default limit has room for it


def test_a_legal_file_that_needs_more_time_than_the_limit_is_stopped():
    """15,000 meetings (2 MB) take seconds of CPU to read; with a 1-second limit the child is stopped."""
    meetings = [
        f"DTSTART:2026{1 + i % 12:02d}{1 + i % 28:02d}T{8 + i % 9:02d}0000Z "
        f"DTEND:2026{1 + i % 12:02d}{1 + i % 28:02d}T{9 + i % 9:02d}0000Z SUMMARY:Meeting{i}"
        for i in range(15_000)
    ]
    with pytest.raises(InputError) as caught:
        read_busy_bounded(calendar(*meetings), date(2026, 1, 1), date(2026, 12, 31), time_limit=1)
    assert (caught.value.code, caught.value.params) == ("calendar_too_slow", {"seconds": "1"})


def test_a_reader_that_never_answers_is_killed_at_the_wall_clock_limit(monkeypatch):
    """A child that sleeps uses no CPU; the parent's own clock stops it (3 × the limit) all the same."""
    monkeypatch.setattr("notnow.ics._worker_command", lambda: [sys.executable, "-c", "import time; time.sleep(60)"])
    with pytest.raises(InputError) as caught:
        read_busy_bounded((HERE / "apple.ics").read_bytes(), MON, SUN, time_limit=0.5)
    assert caught.value.code == "calendar_too_slow"


def test_a_reader_that_crashes_is_an_error_not_a_verdict_on_the_file(monkeypatch):
    """A child that dies without an answer is a RuntimeError (logged and shown as "something went wrong")."""
    monkeypatch.setattr("notnow.ics._worker_command", lambda: [sys.executable, "-c", "raise SystemExit(5)"])
    with pytest.raises(RuntimeError, match="exit code 5"):
        read_busy_bounded((HERE / "apple.ics").read_bytes(), MON, SUN)


def test_the_child_gets_none_of_the_servers_secrets(monkeypatch):
    """The child reads a hostile file, so it sees only PATH, PYTHONPATH and the locale: no token."""
    monkeypatch.setenv("JUPYTER_TOKEN", "s3cret")
    monkeypatch.setenv("NOTNOW_ROOM_TOKEN", "s3cret")
    report = (
        "import json, os, sys; sys.stdin.buffer.read();"
        "print(json.dumps({'error': {'field': 'env', 'code': 'env', 'params': {'names': sorted(os.environ)}}}))"
    )
    monkeypatch.setattr("notnow.ics._worker_command", lambda: [sys.executable, "-c", report])
    with pytest.raises(InputError) as caught:
        read_busy_bounded((HERE / "apple.ics").read_bytes(), MON, SUN)
    names = set(caught.value.params["names"]) - {"LC_CTYPE"}  # Python may add LC_CTYPE for its own locale
    assert names <= {"PATH", "PYTHONPATH", "LC_ALL", "PYTHONDONTWRITEBYTECODE", "PYTHONTZPATH", "TZDIR"}
