"""The answer out as files: every file is parsed back with the library a mail or calendar client would use."""

from __future__ import annotations

import base64
import email.policy
from dataclasses import replace
from datetime import UTC, date, datetime
from email.parser import BytesParser
from urllib.parse import parse_qs, unquote, urlsplit

import icalendar
import pytest

from notnow import Assessment, InputError
from notnow.ics import read_busy
from notnow.outbox import CalendarEntry, data_uri, eml_draft, mail_parts, mailto_link, plan_entries, plan_ics

BODY = "Beste Sanne,\n\nDank je voor je vraag — ik kan het vóór vrijdag niet.\nGroet,\nAnn"


def parse_eml(data: bytes) -> email.message.EmailMessage:
    return BytesParser(policy=email.policy.default).parsebytes(data)


# --- .eml drafts ----------------------------------------------------------------------------------------


def test_eml_draft_reads_back_with_subject_body_and_utf8():
    message = parse_eml(
        eml_draft("Je aanvraag: €2.090 spoed", BODY, to="Sanne <sanne@bloom.example>", sender="ann@example.org")
    )
    assert message["Subject"] == "Je aanvraag: €2.090 spoed"
    assert message["To"] == "Sanne <sanne@bloom.example>"
    assert message["From"] == "ann@example.org"
    assert message["X-Unsent"] == "1"  # Outlook and Thunderbird open it as a draft
    assert message.get_content_charset() == "utf-8"
    assert message.get_content().replace("\r\n", "\n").rstrip("\n") == BODY


def test_eml_draft_keeps_a_very_long_line_whole():
    long_line = "ü" + "a" * 5000
    data = eml_draft("Long", f"first\n{long_line}\nlast")
    assert max(len(line) for line in data.split(b"\r\n")) <= 998  # RFC 5322's hard limit per line
    assert parse_eml(data).get_content().splitlines() == ["first", long_line, "last"]


def test_eml_draft_without_addresses_has_no_address_headers():
    message = parse_eml(eml_draft("Hi", "Hello"))
    assert message["To"] is None and message["From"] is None
    assert message["Subject"] == "Hi"


def test_a_line_break_in_the_subject_cannot_add_a_header():
    message = parse_eml(eml_draft("Hi\r\nBcc: evil@example.org", "Hello"))
    assert message["Bcc"] is None
    assert message["Subject"] == "Hi Bcc: evil@example.org"


@pytest.mark.parametrize("address", ["not an address", "ann@", "a@b", "<script>@x"])
def test_a_bad_address_is_an_input_error(address):
    with pytest.raises(InputError) as caught:
        eml_draft("Hi", "Hello", to=address)
    assert (caught.value.field, caught.value.code) == ("email_to", "email_address")


def test_a_body_beyond_the_limit_is_refused():
    with pytest.raises(InputError) as caught:
        eml_draft("Hi", "x" * 100_001)
    assert (caught.value.field, caught.value.code) == ("email_body", "too_long")


# --- mailto links ---------------------------------------------------------------------------------------


def test_mailto_link_percent_encodes_and_uses_crlf_line_breaks():
    link = mailto_link("Q&A: 50% off?", "Hi Sanne,\nsee you\r\nAnn", to="sanne@bloom.example")
    assert link == (
        "mailto:sanne@bloom.example?subject=Q%26A%3A%2050%25%20off%3F&body=Hi%20Sanne%2C%0D%0Asee%20you%0D%0AAnn"
    )


def test_mailto_link_reads_back_with_urllib():
    parts = urlsplit(mailto_link("Je aanvraag", BODY, to="sanne@bloom.example"))
    fields = parse_qs(parts.query)
    assert parts.scheme == "mailto" and unquote(parts.path) == "sanne@bloom.example"
    assert fields["subject"] == ["Je aanvraag"]
    assert fields["body"] == [BODY.replace("\n", "\r\n")]
    assert " " not in parts.query and "+" not in parts.query  # spaces are %20, never "+"


def test_mailto_link_without_recipient():
    assert mailto_link("Hi", "") == "mailto:?subject=Hi"


# --- the plan as .ics -----------------------------------------------------------------------------------

STAMP = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
ENTRIES = [
    CalendarEntry(date(2026, 11, 24), "Deliver the urgent part to Bloom & Co", "the landing page"),
    CalendarEntry(date(2026, 12, 8), "Check in with Bloom & Co"),
]


def test_plan_ics_reads_back_with_icalendar():
    calendar = icalendar.Calendar.from_ical(plan_ics(ENTRIES, lang="en", now=STAMP))
    assert str(calendar["PRODID"]).startswith("-//notnow//")
    events = calendar.walk("VEVENT")
    assert [(e["DTSTART"].dt, e["DTEND"].dt, str(e["SUMMARY"])) for e in events] == [
        (date(2026, 11, 24), date(2026, 11, 25), "Deliver the urgent part to Bloom & Co"),
        (date(2026, 12, 8), date(2026, 12, 9), "Check in with Bloom & Co"),
    ]
    assert str(events[0]["DESCRIPTION"]) == "the landing page"
    assert events[0]["DTSTAMP"].dt == STAMP
    assert "DESCRIPTION" not in events[1]


def test_plan_uids_are_stable_and_differ_per_entry():
    first = icalendar.Calendar.from_ical(plan_ics(ENTRIES, lang="en", now=STAMP)).walk("VEVENT")
    later = icalendar.Calendar.from_ical(plan_ics(ENTRIES, lang="nl")).walk("VEVENT")
    assert [str(e["UID"]) for e in first] == [str(e["UID"]) for e in later]
    assert len({str(e["UID"]) for e in first}) == 2
    moved = replace(ENTRIES[0], day=date(2026, 11, 25))
    assert moved.uid() != ENTRIES[0].uid()


def test_the_plan_does_not_block_the_days_when_read_back_as_a_diary():
    # The entries are reminders (TRANSP:TRANSPARENT), not days off: importing the plan books nothing.
    assert read_busy(plan_ics(ENTRIES, lang="en"), date(2026, 11, 23), date(2026, 12, 31)) == ({}, set())


def test_a_calendar_entry_needs_a_title():
    with pytest.raises(InputError) as caught:
        CalendarEntry(date(2026, 11, 24), "  ")
    assert (caught.value.field, caught.value.code) == ("entry_title", "required")


def test_plan_entries_of_the_worked_example():
    """The example's offers are options (tentative) on the promised dates; the check-in is confirmed."""
    a = Assessment.example("en")
    # The example offers split, later, rush and referral (case A: no date). Whole job: earliest finish of all
    # 16 h is Thu 26 Nov; because the reply offers that, the rest of the split is promised at full pace: urgent
    # Mon 2 + Tue 4 → Tue 24 Nov, then product pages Wed 6 + Thu 4 → Thu 26 Nov (not the spread plan's Fri 27).
    # Rush: by the deadline, Wed 25 Nov. Check-in: the user's own Tue 8 Dec.
    entries = plan_entries(a, "en")
    assert [(e.day, e.title, e.status) for e in entries] == [
        (date(2026, 11, 24), "Option: Deliver the urgent part to Bloom & Co", "TENTATIVE"),
        (date(2026, 11, 25), "Option: Deliver the rush job to Bloom & Co", "TENTATIVE"),
        (date(2026, 11, 26), "Option: Deliver the rest to Bloom & Co", "TENTATIVE"),
        (date(2026, 11, 26), "Option: Deliver the work to Bloom & Co", "TENTATIVE"),
        (date(2026, 12, 8), "Check in with Bloom & Co", "CONFIRMED"),
    ]
    assert entries[0].description == "the landing page"  # the urgent part, as the user named it


def test_once_the_client_chose_the_plan_holds_that_plan_alone_confirmed():
    """After the outcome is recorded the .ics holds the chosen offer's dates, CONFIRMED, plus the check-in."""
    a = Assessment.example("nl").replace(outcome="split")
    events = icalendar.Calendar.from_ical(plan_ics(plan_entries(a, "nl"), lang="nl")).walk("VEVENT")
    assert [(e["DTSTART"].dt, str(e["SUMMARY"]), str(e["STATUS"])) for e in events] == [
        (date(2026, 11, 24), "Dringend deel opleveren aan Bloom & Co", "CONFIRMED"),
        (date(2026, 11, 26), "Rest van het werk opleveren aan Bloom & Co", "CONFIRMED"),
        (date(2026, 12, 8), "Even contact opnemen met Bloom & Co", "CONFIRMED"),
    ]
    # A client who declined everything: only the check-in is left.
    declined = plan_entries(a.replace(outcome="declined"), "en")
    assert [(e.day, e.title, e.status) for e in declined] == [
        (date(2026, 12, 8), "Check in with Bloom & Co", "CONFIRMED")
    ]


def test_an_option_and_the_confirmed_plan_share_a_uid_so_the_calendar_updates_it():
    """Importing the confirmed plan after the options updates the same events instead of adding new ones."""
    a = Assessment.example("en")
    before = {e.day: e for e in plan_entries(a, "en") if "rush" in e.title}
    after = {e.day: e for e in plan_entries(a.replace(outcome="accepted_rush"), "en")}
    rush = date(2026, 11, 25)
    assert before[rush].uid() == after[rush].uid()
    assert (before[rush].status, after[rush].status) == ("TENTATIVE", "CONFIRMED")
    events = icalendar.Calendar.from_ical(plan_ics(list(after.values()), lang="en")).walk("VEVENT")
    assert {int(e["SEQUENCE"]) for e in events} == {1}  # the confirmed version wins over the option (0)


def test_plan_entries_include_only_what_exists_and_have_dutch_titles():
    data = Assessment.example("nl").to_dict()
    data["offers"], data["follow_up"], data["parts"] = ["think"], None, []
    a = Assessment.from_dict(data)
    # Asking for time to think: come back on the next working day after Fri 20 Nov, so Mon 23 Nov (before the
    # deadline of Wed 25 Nov): the user's own promise, not an option. No check-in typed: the suggested one, two
    # weeks after the deadline: Wed 9 Dec, a working day.
    assert [(e.day, e.title, e.status) for e in plan_entries(a, "nl")] == [
        (date(2026, 11, 23), f"Antwoord geven aan {a.request.client}", "CONFIRMED"),
        (date(2026, 12, 9), f"Even contact opnemen met {a.request.client}", "CONFIRMED"),
    ]


def test_plan_entries_only_read_the_assessment():
    a = Assessment.example("en")
    before = a.to_json()
    plan_entries(a, "nl")
    assert a.to_json() == before


# --- data URIs ------------------------------------------------------------------------------------------


def test_data_uri_decodes_back_to_the_same_bytes():
    payload = plan_ics(ENTRIES, lang="en", now=STAMP)
    uri = data_uri(payload, "text/calendar;charset=utf-8")
    head, encoded = uri.split(",", 1)
    assert head == "data:text/calendar;charset=utf-8;base64"
    assert base64.b64decode(encoded, validate=True) == payload


@pytest.mark.parametrize("mime", ["", "calendar", "text/calendar\r\nX: y", "text/<b>"])
def test_data_uri_refuses_a_bad_mime_type(mime):
    with pytest.raises(InputError) as caught:
        data_uri(b"x", mime)
    assert caught.value.field == "mime_type"


def test_the_first_line_of_an_email_reply_is_its_subject():
    text = "Re: your request\n\nDear Maaike,\n\nThanks.\n"
    assert mail_parts(text) == ("Re: your request", "Dear Maaike,\n\nThanks.\n")


def test_a_text_without_a_subject_line_is_all_body():
    assert mail_parts("Dear Maaike,\nThanks.") == ("", "Dear Maaike,\nThanks.")
