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
from notnow.outbox import (
    CalendarEntry,
    data_uri,
    eml_draft,
    mail_parts,
    mailto_link,
    plan_entries,
    plan_ics,
    reply_subject,
)

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
    a = Assessment.example("en")
    # The example offers split, later and rush. Split plan: urgent part done Tue 24 Nov, the rest Fri 27 Nov;
    # earliest finish of all 16 h: Thu 26 Nov; rush: by the deadline, Wed 25 Nov; check-in 8 Dec.
    # (Worked out in tests/unit/test_split.py and test_calendar.py from the example calendar.)
    entries = plan_entries(a, "en")
    assert [(e.day, e.title) for e in entries] == [
        (date(2026, 11, 24), "Deliver the urgent part to Bloom & Co"),
        (date(2026, 11, 25), "Deliver the rush job to Bloom & Co"),
        (date(2026, 11, 26), "Deliver the work to Bloom & Co"),
        (date(2026, 11, 27), "Deliver the rest to Bloom & Co"),
        (date(2026, 12, 8), "Check in with Bloom & Co"),
    ]
    assert entries[0].description == "the landing page"  # the urgent part, as the user named it


def test_plan_entries_include_only_what_exists_and_have_dutch_titles():
    data = Assessment.example("nl").to_dict()
    data["offers"], data["follow_up"], data["parts"] = ["think"], None, []
    a = Assessment.from_dict(data)
    # Asking for time to think: come back on the next working day after Fri 20 Nov, so Mon 23 Nov.
    assert [(e.day, e.title) for e in plan_entries(a, "nl")] == [
        (date(2026, 11, 23), f"Antwoord geven aan {a.request.client}")
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


# --- drafts that cannot be turned against the user (issue 13 item 5) and replies in the thread (issue 16) ---
# This machine's Python is 3.11.7, which has the CVE-2024-6923 bug: these tests prove the draft is safe there.

SMUGGLED_BCC = "=?utf-8?q?logo=0D=0ABcc:_spy@evil.example?="
WORD_JOINER = "\u2060"
ORIGINAL_ID = "<CAF3e9x-12ab@mail.bloom.example>"


def header_names(data: bytes) -> list[str]:
    return [name.lower() for name in email.message_from_bytes(data, policy=email.policy.default)]


def test_an_encoded_word_in_the_subject_cannot_become_a_bcc_line():
    """The probe of issue 13: the subject shows its text as typed and adds no header, raw or decoded."""
    data = eml_draft(f"Offer: {SMUGGLED_BCC}", "Hello")
    message = parse_eml(data)
    assert message["Bcc"] is None
    assert b"bcc:" not in data.lower()  # not in the raw file either, in any line
    assert message["Subject"] == f"Offer: ={WORD_JOINER}?utf-8?q?logo=0D=0ABcc:_spy@evil.example?="
    assert sorted(header_names(data)) == [
        "content-transfer-encoding",
        "content-type",
        "mime-version",
        "subject",
        "x-unsent",
    ]


def test_an_encoded_word_in_a_quoted_display_name_stays_text():
    """A display name holding an encoded word is read back as the same text, and adds no header."""
    data = eml_draft("Hi", "Hello", to=f'"{SMUGGLED_BCC}" <sanne@bloom.example>', sender=f'"{SMUGGLED_BCC}" <a@b.nl>')
    message = parse_eml(data)
    assert message["Bcc"] is None and b"bcc:" not in data.lower()
    assert message["To"].addresses[0].display_name == SMUGGLED_BCC.replace("=?", f"={WORD_JOINER}?")
    assert message["To"].addresses[0].addr_spec == "sanne@bloom.example"
    assert message["From"].addresses[0].addr_spec == "a@b.nl"


@pytest.mark.parametrize("to", [f"{SMUGGLED_BCC} <a@b.example>", "Bcc: spy@evil.example;", "ann@"])
def test_an_address_list_with_a_group_or_a_guess_is_refused(to):
    """An unquoted encoded word turns into a group ("…Bcc:") when parsed: a plain InputError, no draft."""
    with pytest.raises(InputError) as caught:
        eml_draft("Hi", "Hello", to=to)
    assert (caught.value.field, caught.value.code) == ("email_to", "email_address")


def test_the_draft_is_refused_when_reading_it_back_finds_a_header_we_did_not_set(monkeypatch):
    """Without the neutraliser the email package itself writes the Bcc line (3.11.7) or changes the subject
    (fixed versions); the read-back check catches both and raises instead of returning the file."""
    monkeypatch.setattr("notnow.outbox._neutral_header_text", lambda text: text)
    with pytest.raises(InputError) as caught:
        eml_draft(SMUGGLED_BCC, "Hello")
    assert caught.value.code == "mail_header"


def test_lone_surrogates_become_replacement_characters_in_the_draft():
    """Half an emoji in subject, body or recipient is U+FFFD, never a UnicodeEncodeError."""
    message = parse_eml(eml_draft("Hi \ud800", "Body \udfff end", to="Sanne \ud83d <sanne@bloom.example>"))
    assert message["Subject"] == "Hi \ufffd"
    assert message.get_content().replace("\r\n", "\n") == "Body \ufffd end\n"
    assert message["To"].addresses[0].display_name == "Sanne \ufffd"


def test_a_lone_surrogate_in_the_local_part_is_written_as_a_replacement_character():
    """The address is plainly damaged, so the user sees it in their mail program; nothing raises."""
    message = parse_eml(eml_draft("Hi", "Hello", to="ann\ud800@example.org"))
    assert message["To"].addresses[0].addr_spec == "ann\ufffd@example.org"


def test_a_pair_of_surrogate_halves_becomes_the_emoji_it_stands_for():
    """The two halves of 🙂 that a browser may send separately are joined, not replaced."""
    assert parse_eml(eml_draft("Thanks \ud83d\ude42", "x"))["Subject"] == "Thanks 🙂"


def test_lone_surrogates_become_replacement_characters_in_the_mailto_link():
    """Subject, body and recipient with a lone surrogate give a link, U+FFFD percent-encoded as UTF-8."""
    link = mailto_link("Hi \ud800", "Body \udfff", to="ann\ud800@example.org")
    assert link == "mailto:ann%EF%BF%BD@example.org?subject=Hi%20%EF%BF%BD&body=Body%20%EF%BF%BD"


def test_the_mailto_subject_carries_no_encoded_word():
    """Mail programs may decode RFC 2047 words in a mailto subject, so "=?" gets the word joiner there too."""
    fields = parse_qs(urlsplit(mailto_link(SMUGGLED_BCC, "x")).query)
    assert fields["subject"] == [SMUGGLED_BCC.replace("=?", f"={WORD_JOINER}?")]


def test_a_reply_draft_threads_under_the_original_message():
    """In-Reply-To and References name the client's message; To is the client; the subject gets one Re:."""
    data = eml_draft(
        "Re: RE: Logo for the spring campaign",
        BODY,
        to="Sanne de Vries <sanne@bloom.example>",
        sender="ann@example.org",
        in_reply_to=ORIGINAL_ID,
    )
    message = parse_eml(data)
    assert message["In-Reply-To"] == ORIGINAL_ID
    assert message["References"] == ORIGINAL_ID
    assert message["To"] == "Sanne de Vries <sanne@bloom.example>"
    assert message["Subject"] == "Re: Logo for the spring campaign"
    assert sorted(header_names(data)) == [
        "content-transfer-encoding",
        "content-type",
        "from",
        "in-reply-to",
        "mime-version",
        "references",
        "subject",
        "to",
        "x-unsent",
    ]


def test_a_reply_to_a_subject_without_re_gets_one():
    """The client's own subject as it was, with "Re: " before it."""
    message = parse_eml(eml_draft("Logo", "x", in_reply_to=ORIGINAL_ID))
    assert message["Subject"] == "Re: Logo"


def test_a_message_id_without_angle_brackets_or_with_spaces_around_is_written_in_brackets():
    """What a mail program copies ("abc@host", " <abc@host> ") is the same id."""
    assert parse_eml(eml_draft("x", "y", in_reply_to="abc@host.example"))["In-Reply-To"] == "<abc@host.example>"
    assert parse_eml(eml_draft("x", "y", in_reply_to=" <abc@host.example>\t"))["References"] == "<abc@host.example>"


@pytest.mark.parametrize(
    "message_id",
    [
        "<a@b> <c@d>",  # two ids
        "<abc@host.example>\r\nBcc: spy@evil.example",  # a line break
        "<=?utf-8?q?x=0D=0ABcc:_spy@evil.example?=@host>",  # an encoded word
        "<no-at-sign>",
        "<a@b@c.example>",  # an @ in the left part
        "<abc@host",  # half a bracket
        "<" + "a" * 250 + "@host>",  # beyond the bound
        "<ab\u00e9@host>",  # not ASCII
    ],
)
def test_a_bad_message_id_is_an_input_error(message_id):
    """Only one plain <left@right> id is written; anything else is refused, naming the field."""
    with pytest.raises(InputError) as caught:
        eml_draft("x", "y", in_reply_to=message_id)
    assert (caught.value.field, caught.value.code) == ("email_in_reply_to", "message_id")


def test_a_draft_that_is_not_a_reply_has_no_threading_headers_and_keeps_its_subject():
    """Without in_reply_to the subject is left as written, "Re:" or not."""
    message = parse_eml(eml_draft("Re: Re: as typed", "x"))
    assert message["In-Reply-To"] is None and message["References"] is None
    assert message["Subject"] == "Re: Re: as typed"


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("Logo", "Re: Logo"),
        ("Re: Logo", "Re: Logo"),
        ("Re: Re: Logo", "Re: Logo"),
        ("RE: Fwd: Logo", "Re: Logo"),
        ("Fw: AW: Antw: Logo", "Re: Logo"),
        ("re:Logo", "Re: Logo"),
        ("Re[2]: Logo", "Re: Logo"),
        ("Antw: Offerte re-design", "Re: Offerte re-design"),
        ("Reply needed", "Re: Reply needed"),  # "Re" inside a word is the subject's own
        ("  Re:  Logo\r\n  spring ", "Re: Logo spring"),
    ],
)
def test_reply_subject_has_exactly_one_re(original, expected):
    """Re:/RE:/Fw:/Fwd:/Aw:/Antw: before the subject are removed first, so never "Re: Re:"."""
    assert reply_subject(original) == expected


def test_mailto_link_with_recipient_name_and_reply_subject():
    """The link carries the client's bare address (RFC 6068 has no display names) and the reply's subject."""
    parts = urlsplit(mailto_link(reply_subject("RE: Logo"), "Hi", to="Sanne <sanne@bloom.example>, bo@x.example"))
    assert parts.path == "sanne@bloom.example,bo@x.example"
    assert parse_qs(parts.query)["subject"] == ["Re: Logo"]


def test_a_domain_beyond_ascii_is_written_as_idna():
    """bücher.example is xn--bcher-kva.example in the header, as DNS and mail servers know it."""
    assert parse_eml(eml_draft("x", "y", to="ann@bücher.example"))["To"] == "ann@xn--bcher-kva.example"


def test_a_long_display_name_beyond_ascii_reads_back_whole():
    """Folded into several encoded words, Python 3.11 reads a name back with spaces inside; the draft is
    written so it reads back exactly as typed."""
    name = "Jürgen Müller-Lüdenscheidt van der Groöte, Bökkum Vereniging Nederlandse Ääänderingen"
    message = parse_eml(eml_draft("x", "y", to=f'"{name}" <jm@bokkum.example>'))
    assert message["To"].addresses[0].display_name == name
