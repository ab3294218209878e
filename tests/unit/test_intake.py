"""Reading a client's mail (notnow.intake.read_mail): a test per rule of issue 16, in Dutch and English.

Unless a test says otherwise a pasted mail arrived on Wednesday 2 December 2026 at 10:15 (RECEIVED), and the
working day is 09:00 + 8 hours, so a deadline without a time ends at 17:00. December 2026: Mon 7, Mon 14;
the next ISO week after RECEIVED runs Monday 7 to Sunday 13 December. Each expected date is worked out in a
comment beside it. The fixtures in tests/unit/mail/ are mails written for these tests (nl_outlook.msg by
make_msg.py beside them).
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path

import pytest

from notnow import InputError
from notnow.fmt import error_text
from notnow.intake import MAX_BYTES, Intake, read_mail

MAIL = Path(__file__).parent / "mail"
RECEIVED = datetime(2026, 12, 2, 10, 15)  # a Wednesday


def pasted(text: str, **options: object) -> Intake:
    """A mail pasted from a mail program (no header), received at RECEIVED."""
    return read_mail(text, now=RECEIVED, **options)  # type: ignore[arg-type]


def deadline_of(text: str, **options: object) -> datetime | None:
    return pasted(text, **options).deadline


# --- whole mails: .eml (plain, HTML only, multipart), .msg, Dutch and English ---------------------------------


def test_dutch_plain_eml_is_read_whole() -> None:
    """A Dutch .eml (quoted-printable): sender, thread, the organisation line, hours and the strong deadline."""
    intake = read_mail((MAIL / "nl_plain.eml").read_bytes())
    assert intake.contact == "Eva Jansen"
    assert intake.email == "eva.jansen@vandijkmakelaars.nl"
    assert intake.client == "Van Dijk Makelaars"  # the line under "Marketing & Communicatie" (a department)
    assert intake.subject == "Re: Brochure voor ons nieuwe kantoor"
    assert intake.asked == "Brochure voor ons nieuwe kantoor"
    assert intake.message_id == "<20261202091500.4711@vandijkmakelaars.nl>"
    assert intake.received == datetime(2026, 12, 2, 10, 15)  # 10:15 +0100 is 10:15 in Amsterdam
    # "uiterlijk vrijdag 11 december om 12.00 uur" (strong) beats "vóór volgende week woensdag" (weak)
    assert intake.deadline == datetime(2026, 12, 11, 12, 0)
    assert intake.hours == 16  # "zo'n 16 uur werk"; six pages and 2000 words are not hours
    assert intake.lang == "nl"
    assert intake.found["deadline"] == "uiterlijk vrijdag 11 december om 12.00 uur"
    assert intake.found["hours"] == "zo'n 16 uur"
    assert intake.found["client"] == "Van Dijk Makelaars"


def test_english_html_only_eml_is_read_as_text() -> None:
    """An English mail with only a text/html part: read through an HTML-to-text converter; the blockquote
    (the quoted history, with its own dates) does not count."""
    intake = read_mail((MAIL / "en_html.eml").read_bytes())
    assert (intake.contact, intake.client) == ("Sarah Miller", "Northwind Apps")  # "Head of Marketing, Northwind Apps"
    assert intake.asked == "Landing page copy for the Q1 launch"
    assert intake.received == datetime(2026, 12, 1, 17, 40, 12)  # 16:40:12 UTC is 17:40:12 in Amsterdam (CET)
    # "no later than Friday 18 December, at 10:00" (strong, first); "by Tuesday" is strong too but later
    assert intake.deadline == datetime(2026, 12, 18, 10, 0)
    assert intake.hours == 12
    assert intake.lang == "en"
    assert intake.message_id == "<CAF=x7Qn2026.landing@mail.northwindapps.com>"


def test_english_outlook_eml_reads_the_plain_part_and_the_sign_off() -> None:
    """multipart/alternative: the text/plain part; no display name in From, so the contact is the name at the
    sign-off and the organisation the one beside it in parentheses; "From: … Sent:" starts the history."""
    intake = read_mail((MAIL / "en_outlook.eml").read_bytes())
    assert intake.contact == "Mike"
    assert intake.client == "Fernwood Consulting"
    assert intake.email == "mike@fernwood-consulting.co.uk"
    assert intake.asked == "Annual report editing"  # "RE: FW: " taken off
    assert intake.subject == "RE: FW: Annual report editing"
    assert intake.hours == 24  # "three days of work" × 8
    # received Thu 3 Dec 08:05 UTC = 09:05 local; "within two weeks" = 3 + 14 = Thu 17 Dec, ", by 5pm" = 17:00
    assert intake.received == datetime(2026, 12, 3, 9, 5)
    assert intake.deadline == datetime(2026, 12, 17, 17, 0)


def test_dutch_free_mail_gives_the_person_as_client_and_nothing_invented() -> None:
    """A gmail address and a signature without an organisation: the client is the person; the mail names no
    hours, so there are none; "-----Oorspronkelijk bericht-----" starts the history (its "Uiterlijk 15 januari"
    does not count)."""
    intake = read_mail((MAIL / "nl_freemail.eml").read_bytes())
    assert intake.client == intake.contact == "Piet de Vries"
    assert intake.hours is None
    # received Mon 30 Nov; "voor eind volgende week": Friday of the week of 7 December = Fri 11 Dec, 17:00
    assert intake.deadline == datetime(2026, 12, 11, 17, 0)
    assert intake.lang == "nl"
    assert intake.found["deadline"] == "voor eind volgende week"
    assert "hours" not in intake.found


def test_outlook_msg_is_read() -> None:
    """An Outlook .msg (written by msgforge, read by extract-msg): sender, subject, sent time, message id, body."""
    intake = read_mail((MAIL / "nl_outlook.msg").read_bytes())
    assert (intake.contact, intake.email) == ("Lotte Hoekstra", "lotte@bakkerij-hoekstra.nl")
    assert intake.client == "Bakkerij Hoekstra"  # "Bakkerij Hoekstra | Oudegracht 45, 3511 AB Utrecht"
    assert intake.subject == "Menukaart en flyer voor de kerst"
    assert intake.message_id == "<AM0PR07MB4321.2026120314220@bakkerij-hoekstra.nl>"
    assert intake.received == datetime(2026, 12, 3, 14, 22)  # sent 13:22 UTC = 14:22 in Amsterdam
    assert intake.hours == 4  # "een halve dag werk" = 8 / 2
    assert intake.deadline == datetime(2026, 12, 10, 17, 0)  # "binnen een week": Thu 3 + 7 = Thu 10 Dec
    assert intake.lang == "nl"


def test_eml_as_text_reads_like_the_file() -> None:
    """The same raw mail given as str (pasted with its header) reads like the .eml bytes."""
    raw = (MAIL / "nl_plain.eml").read_bytes()
    assert read_mail(raw.decode("ascii")) == read_mail(raw)


def test_pasted_dutch_mail_without_header() -> None:
    """Text copied from a mail program: no header, so received is `now`, no address, subject or id."""
    intake = pasted(
        "Hoi Jordi,\n\nZou je voor ons een nieuwsbrief kunnen schrijven? Ik schat het op een dag of twee, "
        "16 uur.\nGraag uiterlijk morgen om 15:30.\n\nGroetjes,\nSanne Bakker\nStudio Pluim\n06-12345678\n"
    )
    assert intake.received == RECEIVED
    assert (intake.email, intake.subject, intake.message_id) == ("", "", "")
    assert intake.contact == "Sanne Bakker"
    assert intake.client == "Studio Pluim"
    assert intake.asked == "Zou je voor ons een nieuwsbrief kunnen schrijven?"
    assert intake.hours == 16
    assert intake.deadline == datetime(2026, 12, 3, 15, 30)  # "morgen" = Thu 3 Dec
    assert intake.lang == "nl"


def test_pasted_english_mail_with_copied_outlook_header() -> None:
    """A message copied with Outlook's header block ("From:", "Sent:", "Subject:"): read from those lines."""
    intake = read_mail(
        "From: Tom Harris <tom@brightlane.io>\nSent: Tuesday, 1 December 2026 16:05\n"
        "To: Jordi Verbeek\nSubject: Case study\n\nHi Jordi,\n\nCan you turn our interview notes into a "
        "case study? Ideally by the end of the month.\n\nThanks,\nTom\n"
    )
    assert (intake.contact, intake.email) == ("Tom Harris", "tom@brightlane.io")
    assert intake.received == datetime(2026, 12, 1, 16, 5)
    assert intake.asked == "Case study"
    assert intake.client == "brightlane.io"  # no organisation in the signature; not a free-mail domain
    assert intake.deadline == datetime(2026, 12, 31, 17, 0)  # "by the end of the month"
    assert intake.lang == "en"


def test_pasted_dutch_outlook_header_block() -> None:
    """The Dutch Outlook header ("Van:", "Verzonden:", "Onderwerp:") at the top of a paste is the header."""
    intake = read_mail(
        "Van: Karin Smit <karin@smitadvies.nl>\nVerzonden: dinsdag 1 december 2026 16:05\n"
        "Aan: Jordi Verbeek\nOnderwerp: Jaarverslag\n\nHoi Jordi,\nKun je ons jaarverslag redigeren?\n"
    )
    assert intake.contact == "Karin Smit"
    assert intake.received == datetime(2026, 12, 1, 16, 5)
    assert intake.asked == "Jaarverslag"


# --- received ----------------------------------------------------------------------------------------------


def test_received_is_the_date_header_in_the_time_zone() -> None:
    """The Date header converted to `tz`, naive: 09:15 UTC is 10:15 in Amsterdam and 09:15 in London."""
    raw = "From: a@b.nl\nDate: Wed, 02 Dec 2026 09:15:00 +0000\nSubject: x\n\nHallo, kun je helpen?\n"
    assert read_mail(raw).received == datetime(2026, 12, 2, 10, 15)
    assert read_mail(raw, tz="Europe/London").received == datetime(2026, 12, 2, 9, 15)


def test_received_without_date_is_now_or_the_current_time() -> None:
    """No Date: `now` (an aware `now` in `tz`), else the current time in `tz`."""
    assert pasted("Kun je helpen?").received == RECEIVED
    aware = datetime(2026, 12, 2, 9, 15, tzinfo=UTC)
    assert read_mail("Kun je helpen?", now=aware).received == datetime(2026, 12, 2, 10, 15)
    from zoneinfo import ZoneInfo

    before = datetime.now(ZoneInfo("Europe/Amsterdam")).replace(tzinfo=None, microsecond=0)
    got = read_mail("Kun je helpen?").received
    after = datetime.now(ZoneInfo("Europe/Amsterdam")).replace(tzinfo=None)
    assert before <= got <= after


# --- contact, email, client --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sign_off", "name"),
    [
        ("Groet,\nEva", "Eva"),
        ("Groeten,\n\nEva Jansen", "Eva Jansen"),
        ("Groetjes, Eva", "Eva"),
        ("Met vriendelijke groet,\n\nEva van der Berg", "Eva van der Berg"),
        ("Hartelijke groet,\nEva", "Eva"),
        ("Kind regards,\nSarah Miller", "Sarah Miller"),
        ("Best regards, Sarah", "Sarah"),
        ("Regards,\nSarah", "Sarah"),
        ("Yours sincerely,\nSarah Miller", "Sarah Miller"),
        ("Best,\nSarah", "Sarah"),
        ("Thanks,\nTom", "Tom"),
        ("Cheers,\nMike", "Mike"),
        ("Met vriendelijke groet / Kind regards,\nEva Jansen", "Eva Jansen"),
    ],
)
def test_contact_is_the_name_at_the_sign_off(sign_off: str, name: str) -> None:
    """Without a display name in From, the name after the sign-off, on its line or the next non-empty one."""
    raw = f"From: someone@example.org\nSubject: x\n\nHello,\n\nCould you help us?\n\n{sign_off}\n"
    assert read_mail(raw, now=RECEIVED).contact == name


def test_contact_from_the_display_name_first() -> None:
    """From's display name wins over the sign-off; a sentence starting with "Thanks" is no sign-off."""
    raw = (
        'From: "Eva Jansen" <eva@vandijk.nl>\nSubject: x\n\nHoi,\n\nThanks for the quick reply yesterday.\n\n'
        "Groet,\nEef\n"
    )
    intake = read_mail(raw, now=RECEIVED)
    assert (intake.contact, intake.email) == ("Eva Jansen", "eva@vandijk.nl")
    assert pasted("Thanks for the quick reply yesterday. Could you help?").contact == ""


@pytest.mark.parametrize(
    ("signature", "client"),
    [
        ("Kind regards,\nSarah Miller\nHead of Marketing, Northwind Apps\n+44 20 7946 0958", "Northwind Apps"),
        ("Cheers,\nMike (Fernwood Consulting)", "Fernwood Consulting"),
        ("Groet,\nEva Jansen | Van Dijk Makelaars", "Van Dijk Makelaars"),
        ("Groet,\nEva Jansen, Van Dijk Makelaars", "Van Dijk Makelaars"),
        (
            "Met vriendelijke groet,\nEva Jansen\nMarketingmanager\nVan Dijk Makelaars B.V.\nKerkstraat 12\n"
            "www.vandijk.nl",
            "Van Dijk Makelaars B.V.",
        ),
        (
            "Best regards,\nSarah Miller\n+44 20 7946 0958\nwww.northwind.example\nNorthwind Apps Ltd",
            "Northwind Apps Ltd",
        ),
        ("Regards,\nSarah Miller\nMarketing manager at Northwind Apps", "Northwind Apps"),
    ],
)
def test_client_is_the_organisation_line_of_the_signature(signature: str, client: str) -> None:
    """The line after the name that is not a phone, address, URL or job title alone, or what stands beside
    the name after |, a comma or in parentheses."""
    raw = f"From: x@gmail.com\nSubject: x\n\nHi,\n\nCould you help us?\n\n{signature}\n"
    assert read_mail(raw, now=RECEIVED).client == client


def test_client_from_the_domain_unless_free_mail() -> None:
    """No organisation in the signature: the sender's domain, unless it is a free-mail domain (then the
    contact's name)."""
    body = "\n\nHoi,\n\nKun je helpen?\n\nGroet,\nEva\n"
    assert read_mail("From: Eva <eva@vandijk-makelaars.nl>\nSubject: x" + body).client == "vandijk-makelaars.nl"
    for free in ("gmail.com", "outlook.com", "hotmail.nl", "live.nl", "icloud.com", "yahoo.co.uk", "kpnmail.nl",
                 "ziggo.nl", "xs4all.nl", "planet.nl"):  # fmt: skip
        assert read_mail(f"From: Eva Jansen <eva@{free}>\nSubject: x" + body).client == "Eva Jansen", free


def test_client_empty_when_nothing_names_one() -> None:
    """No sender, no sign-off, no signature: no client (nothing invented)."""
    assert pasted("Kun je dit voor ons doen?").client == ""


# --- asked ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("subject", "asked"),
    [
        ("Re: Brochure", "Brochure"),
        ("RE: Fw: Brochure", "Brochure"),
        ("Fwd: Brochure", "Brochure"),
        ("Aw: Brochure", "Brochure"),
        ("Antw: Brochure", "Brochure"),
        ("Brochure", "Brochure"),
    ],
)
def test_asked_is_the_subject_without_reply_prefixes(subject: str, asked: str) -> None:
    """Re:/Fw:/Fwd:/Aw:/Antw:/RE: come off the subject; the subject itself is kept as it was (for the thread)."""
    intake = read_mail(f"From: a@b.nl\nSubject: {subject}\n\nKun je helpen?\n", now=RECEIVED)
    assert (intake.asked, intake.subject) == (asked, subject)


@pytest.mark.parametrize(
    ("body", "asked"),
    [
        ("Hoi Jordi,\n\nWe hebben een nieuw product. Kun je er een persbericht over schrijven? Dank!",
         "Kun je er een persbericht over schrijven?"),
        ("Goedemiddag,\n\nKunt u onze website vertalen?", "Kunt u onze website vertalen?"),
        ("Hoi, zou je de flyer willen nakijken? Alvast bedankt.", "zou je de flyer willen nakijken?"),
        ("Hi Jordi,\nThanks for last time. Could you write\nour newsletter?", "Could you write our newsletter?"),
        ("Hello! Can you proofread the attached report?", "Can you proofread the attached report?"),
        ("Dear Jordi, would you translate our brochure?", "would you translate our brochure?"),
    ],
)  # fmt: skip
def test_asked_without_subject_is_the_first_request_sentence(body: str, asked: str) -> None:
    """No subject: the first sentence with a request ("kun je", "kunt u", "zou je", "could/can/would you")."""
    assert pasted(body).asked == asked


def test_asked_empty_without_subject_or_request() -> None:
    assert pasted("Hoi Jordi, hoe gaat het met je?").asked == ""


# --- deadline: weekdays, relative days, dates ---------------------------------------------------------------


FRAMES = {
    "en": ("Could you help? Deadline: {}.", "Could you help us? We want to have it {}."),
    "nl": ("Kun je helpen? Deadline: {}.", "Kun je helpen? Het moet klaar zijn {}."),
}


@pytest.mark.parametrize(
    ("words", "lang", "expected"),
    [
        ("vrijdag", "nl", datetime(2026, 12, 4, 17)),  # the next Friday after Wed 2 Dec
        ("Friday", "en", datetime(2026, 12, 4, 17)),
        ("woensdag", "nl", datetime(2026, 12, 9, 17)),  # the same weekday as received: a week on
        ("aanstaande maandag", "nl", datetime(2026, 12, 7, 17)),
        ("maandag a.s.", "nl", datetime(2026, 12, 7, 17)),
        ("next Tuesday", "en", datetime(2026, 12, 8, 17)),  # the next Tuesday after received
        ("this Thursday", "en", datetime(2026, 12, 3, 17)),
        ("volgende week woensdag", "nl", datetime(2026, 12, 9, 17)),  # Wednesday of the ISO week 7–13 Dec
        ("woensdag volgende week", "nl", datetime(2026, 12, 9, 17)),
        ("next Wednesday week", "en", datetime(2026, 12, 9, 17)),
        ("Thursday next week", "en", datetime(2026, 12, 10, 17)),
        ("morgen", "nl", datetime(2026, 12, 3, 17)),
        ("tomorrow", "en", datetime(2026, 12, 3, 17)),
        ("eind van de week", "nl", datetime(2026, 12, 4, 17)),  # Friday of this week
        ("the end of the week", "en", datetime(2026, 12, 4, 17)),
        ("eind volgende week", "nl", datetime(2026, 12, 11, 17)),  # Friday of next week
        ("the end of next week", "en", datetime(2026, 12, 11, 17)),
        ("eind van de maand", "nl", datetime(2026, 12, 31, 17)),
        ("the end of the month", "en", datetime(2026, 12, 31, 17)),
        ("binnen twee weken", "nl", datetime(2026, 12, 16, 17)),  # 2 Dec + 14 days
        ("over twee weken", "nl", datetime(2026, 12, 16, 17)),
        ("within 10 days", "en", datetime(2026, 12, 12, 17)),  # 2 Dec + 10
        ("15 januari", "nl", datetime(2027, 1, 15, 17)),  # future-first: January of next year
        ("15 jan.", "nl", datetime(2027, 1, 15, 17)),
        ("15th January", "en", datetime(2027, 1, 15, 17)),
        ("January 15", "en", datetime(2027, 1, 15, 17)),
        ("15-01-2027", "nl", datetime(2027, 1, 15, 17)),
        ("15/1", "nl", datetime(2027, 1, 15, 17)),  # day first
        ("2027-01-15", "nl", datetime(2027, 1, 15, 17)),
        ("18 december", "nl", datetime(2026, 12, 18, 17)),  # still ahead this year
    ],
)
def test_deadline_expressions(words: str, lang: str, expected: datetime) -> None:
    """Each form of date the issue names, relative to received (Wed 2 Dec 2026), ending the working day: after
    a cue, and as the only date of the mail."""
    cue, only = FRAMES[lang]
    assert deadline_of(cue.format(words)) == expected
    assert deadline_of(only.format(words)) == expected


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("uiterlijk vrijdag om 12.00 uur", datetime(2026, 12, 4, 12, 0)),
        ("uiterlijk vrijdag 12 uur", datetime(2026, 12, 4, 12, 0)),
        ("by Friday at noon", datetime(2026, 12, 4, 12, 0)),
        ("by Friday 5pm", datetime(2026, 12, 4, 17, 0)),
        ("by Friday at 3 p.m.", datetime(2026, 12, 4, 15, 0)),
        ("by 10:00 on Friday", datetime(2026, 12, 4, 10, 0)),
        ("deadline 15 januari, 10:00", datetime(2027, 1, 15, 10, 0)),
        ("uiterlijk morgen 9.30 uur", datetime(2026, 12, 3, 9, 30)),
    ],
)
def test_deadline_time_when_given(words: str, expected: datetime) -> None:
    """A time beside the date ("om 12.00 uur", "12 uur", "at noon", "5pm", "10:00") sets the hour."""
    assert deadline_of(f"Hoi, {words} graag. Thanks!") == expected


def test_dated_weekdays_and_days_of_the_month() -> None:
    """A weekday with a date is that date ("Monday the 14th", "vrijdag 11 december"); "at the latest" after a
    date is a strong cue too."""
    assert deadline_of("Could you do it by Monday the 14th?") == datetime(2026, 12, 14, 17)
    assert deadline_of("Graag vrijdag 11 december.") == datetime(2026, 12, 11, 17)
    assert deadline_of("We meet on Monday. Thursday at the latest, please.") == datetime(2026, 12, 3, 17)


def test_hours_of_work_after_a_date_are_not_a_time() -> None:
    """ "vrijdag, 16 uur werk": 16 hours of work and a deadline at the end of Friday, not Friday 16:00."""
    intake = pasted("Deadline vrijdag, 16 uur werk.")
    assert (intake.deadline, intake.hours) == (datetime(2026, 12, 4, 17), 16)
    assert pasted("Het gaat om 3 dagen werk.").hours == 24  # "om" before days is not a clock time


def test_deadline_without_time_ends_the_working_day() -> None:
    """day_start + hours_per_day: 08:30 + 7.5 h = 16:00."""
    assert deadline_of("Uiterlijk vrijdag.", day_start=time(8, 30), hours_per_day=7.5) == datetime(2026, 12, 4, 16)


def test_within_hours_is_a_moment() -> None:
    """ "binnen 48 uur" counts from the moment received: 10:15 on Friday 4 Dec; it is not 48 hours of work."""
    intake = pasted("Kun je dit binnen 48 uur doen?")
    assert intake.deadline == datetime(2026, 12, 4, 10, 15)
    assert intake.hours is None


def test_strong_cue_beats_earlier_dates() -> None:
    """A date after "uiterlijk"/"deadline"/"niet later dan"/"by"/"no later than"/"due" wins over any other."""
    assert deadline_of("Concept graag voor maandag, de definitieve versie uiterlijk 18 december.") == datetime(
        2026, 12, 18, 17
    )
    assert deadline_of("Can we talk on Thursday? The final text is due Friday 18 December.") == datetime(
        2026, 12, 18, 17
    )
    assert deadline_of("We meet on Monday; we need it no later than 15/1.") == datetime(2027, 1, 15, 17)
    assert deadline_of("Bellen we dinsdag? Niet later dan 18 december graag.") == datetime(2026, 12, 18, 17)


def test_weak_cue_beats_a_bare_date() -> None:
    """No strong cue: the first date after "voor"/"vóór"/"before"/"within"/"binnen"."""
    assert deadline_of("Ik ben donderdag op kantoor. Kun je het vóór 18 december doen?") == datetime(2026, 12, 18, 17)
    assert deadline_of("I'm in on Thursday. Could you do it before Friday 18 December?") == datetime(2026, 12, 18, 17)


def test_deadline_none_when_two_bare_dates() -> None:
    """Two different dates and no cue: no deadline (nothing invented); one date twice is still one date."""
    assert deadline_of("Ik ben maandag en dinsdag op kantoor.") is None
    assert deadline_of("Vrijdag? Ja, vrijdag.") == datetime(2026, 12, 4, 17)


def test_deadline_none_without_a_date() -> None:
    assert deadline_of("Kun je ons helpen met een tekst? Geen haast.") is None


def test_dates_in_the_quoted_history_never_count() -> None:
    """Lines starting with ">" and everything from each history opener are left out."""
    openers = [
        "> uiterlijk 18 december",
        "Op di 1 dec. 2026 om 16:42 schreef Jordi <j@v.nl>:\nuiterlijk 18 december",
        "On Tue, 1 Dec 2026 at 16:42, Jordi Verbeek\n<jordi@verbeektekst.nl> wrote:\nno later than 18 December",
        "-----Original Message-----\nDeadline 18 December",
        "Van: Jordi\nVerzonden: dinsdag 1 december 2026\nUiterlijk 18 december",
        "From: Jordi\nSent: Tuesday, December 1, 2026\nBy 18 December",
    ]
    for history in openers:
        intake = pasted(f"Kun je helpen?\n\nGroet,\nEva\n\n{history}\n")
        assert intake.deadline is None, history
        assert intake.contact == "Eva", history


def test_blockquote_history_in_html_never_counts() -> None:
    raw = (
        "From: a@b.nl\nSubject: x\nContent-Type: text/html; charset=utf-8\n\n"
        "<p>Kun je helpen?</p><blockquote>Uiterlijk 18 december</blockquote>"
    )
    assert read_mail(raw, now=RECEIVED).deadline is None


def test_a_date_before_received_is_no_deadline() -> None:
    assert deadline_of("We spraken elkaar op 2026-11-20. Kun je helpen?") is None


# --- hours ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "hours"),
    [
        ("16 uur", 16),
        ("about 12 hours", 12),
        ("approx. 25 hours", 25),
        ("ongeveer 6,5 uur", 6.5),
        ("drie dagen", 24),  # 3 × 8
        ("2 days of work", 16),
        ("een halve dag", 4),
        ("half a day", 4),
        ("anderhalve dag", 12),
    ],
)
def test_hours_and_days_of_work(words: str, hours: float) -> None:
    """Hours as written; days × hours_per_day; half a day is half."""
    intake = pasted(f"Kun je helpen? Het is {words} werk.")
    assert intake.hours == hours
    assert intake.found["hours"] in words and intake.found["hours"][0] == words[0]  # the words, from the first


def test_days_use_the_hours_per_day() -> None:
    assert pasted("Could you? It's 3 days of work.", hours_per_day=6).hours == 18  # 3 × 6


@pytest.mark.parametrize(
    "text",
    [
        "Het gaat om 10 pagina's en 2000 woorden.",
        "It is 12 pages, about 3000 words.",
        "Bel je me om 12 uur?",
        "Kun je het binnen 3 dagen doen?",
        "We pay € 80 an hour.",
        "Kun je helpen?",
    ],
)
def test_no_hours_when_the_mail_gives_none(text: str) -> None:
    """Pages, words, clock times and 'within 3 days' are not hours of work: hours stay None."""
    assert pasted(text).hours is None


# --- language --------------------------------------------------------------------------------------------------


def test_language_of_the_body() -> None:
    """Dutch or English by the mail's words; "" when they do not tell (nothing invented)."""
    assert pasted("Hoi Jordi, kun je ons helpen met de nieuwe website? Groet, Eva").lang == "nl"
    assert pasted("Hi Jordi, could you help us with the new website? Best, Eva").lang == "en"
    assert pasted("Hallo,\n\nIs een offerte voor 40 pagina's mogelijk?").lang == "nl"
    assert pasted("Hello,\n\nIs a quote for 40 pages possible?").lang == "en"
    assert pasted("Brochure 2027").lang == ""


# --- bad input -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "message",
    [b"", "", "   \n\n ", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 42, None],
)
def test_nothing_readable_is_an_input_error(message: object) -> None:
    """Empty input, a binary file or no text at all: InputError on the mail, with a plain message."""
    with pytest.raises(InputError) as caught:
        read_mail(message, now=RECEIVED)  # type: ignore[arg-type]
    assert caught.value.field == "mail"
    assert caught.value.code == "mail_unreadable"
    for lang in ("en", "nl"):
        assert "mail_unreadable" not in error_text(caught.value, lang)


def test_a_damaged_msg_is_an_input_error() -> None:
    """An OLE file that is not a readable message (the .msg cut short) is refused, not a traceback."""
    with pytest.raises(InputError, match="mail_unreadable"):
        read_mail((MAIL / "nl_outlook.msg").read_bytes()[:1024])


@pytest.mark.parametrize("kind", [bytes, str])
def test_more_than_two_megabytes_is_refused(kind: type) -> None:
    """Over 2 MB, as bytes or as a 10 MB paste, is refused before it is read."""
    for size in (MAX_BYTES + 1, 10 * 1024 * 1024):
        big = "a" * size
        with pytest.raises(InputError) as caught:
            read_mail(big.encode() if kind is bytes else big)
        assert (caught.value.field, caught.value.code) == ("mail", "mail_too_big")
        assert "2" in error_text(caught.value, "en")


def test_two_megabytes_of_accented_text_count_as_bytes() -> None:
    """The limit is on bytes: 1.5 million "é" (3 MB in UTF-8) is over it although it is fewer characters."""
    with pytest.raises(InputError, match="mail_too_big"):
        read_mail("é" * 1_500_000)


def test_bad_options_are_input_errors() -> None:
    with pytest.raises(InputError, match="timezone"):
        read_mail("Kun je helpen?", tz="Mars/Olympus")
    with pytest.raises(InputError, match="hours_per_day"):
        read_mail("Kun je helpen?", hours_per_day=0)


def test_found_holds_only_what_was_read() -> None:
    """`found` names the words of each field read, and no field that stayed empty."""
    intake = pasted("Kun je helpen? Uiterlijk vrijdag graag.")
    assert dict(intake.found) == {"asked": "Kun je helpen?", "deadline": "Uiterlijk vrijdag"}
    assert (intake.client, intake.contact, intake.email, intake.hours) == ("", "", "", None)


# --- odd inputs: each read, or refused with a plain message ------------------------------------------------------


def test_a_day_start_that_is_not_a_time_is_an_input_error():
    """day_start must be a time of day ("09:00" as text is not one)."""
    with pytest.raises(InputError) as raised:
        read_mail("Could you write this?", now=RECEIVED, day_start="09:00")  # type: ignore[arg-type]
    assert raised.value.field == "day_start"


@pytest.mark.parametrize("kind", [bytearray, memoryview])
def test_bytes_in_another_container_are_read_as_bytes(kind):
    """A bytearray or memoryview (as an upload may hand over) reads like the same bytes."""
    raw = b"From: Eva Jansen <eva@vandijkmakelaars.nl>\nSubject: Brochure\n\nKun je dit uiterlijk vrijdag doen?\n"
    assert read_mail(kind(raw), now=RECEIVED).email == read_mail(raw, now=RECEIVED).email == "eva@vandijkmakelaars.nl"


@pytest.mark.parametrize("junk", [b"\x00\x01\x02binary", "text\x00with a NUL", 12345])
def test_a_binary_file_or_something_that_is_not_a_mail_is_unreadable(junk):
    """A NUL in the first bytes (a binary file) or a value that is neither text nor bytes: mail_unreadable."""
    with pytest.raises(InputError) as raised:
        read_mail(junk, now=RECEIVED)  # type: ignore[arg-type]
    assert (raised.value.field, raised.value.code) == ("mail", "mail_unreadable")


def test_a_windows_1252_paste_is_read_not_refused():
    """Bytes that are not UTF-8 (a Windows mail program's “smart” quotes) are read as Windows-1252."""
    raw = "Kun je dit doen? Het gaat om zo’n 6 uur.".encode("cp1252")
    intake = read_mail(raw, now=RECEIVED)
    assert intake.hours == 6


def test_a_part_in_an_unknown_charset_is_read_as_utf8():
    """A charset no codec knows: the text is read as UTF-8 instead of the mail being refused."""
    raw = (
        b"From: Sarah Miller <sarah@northwindapps.com>\nSubject: Landing page copy\n"
        b'MIME-Version: 1.0\nContent-Type: text/plain; charset="x-no-such-charset"\n\n'
        b"Could you write about 12 hours of copy by Friday?\n"
    )
    intake = read_mail(raw, now=RECEIVED)
    assert intake.hours == 12
    assert intake.asked == "Landing page copy"
