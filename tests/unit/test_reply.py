"""The composed reply: concrete dates and amounts, an honest reason, one set of promises, sendable as is.

The worked example, by hand: 16 h at €95, received Fri 20 Nov 2026 10:00, due Wed 25 Nov 17:00. 8-hour days with
6/4/2 h booked on Mon 23/Tue 24/Wed 25 leave 2 + 4 + 6 = 12 free hours in the window (the weekend is not worked).
Rush quote: base 16 × 95 = €1,520.00; 5.3 days' notice → the under-7-days tier, 25 % = €380.00; overtime
16 − 12 = 4 h × 95 × 50 % = €190.00; total €2,090.00. Whole job: cumulative free 2, 6, 12, then Thu 26 adds 8 → 20
≥ 16, so Thursday 26 November. Split: the landing page (6 h) takes Mon 2 + Tue 4 → Tuesday 24 November; the
product pages (10 h) at half the free hours take Wed 3 + Thu 4 + Fri 3 → Friday 27 November.
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal

import pytest

from notnow import Assessment, Colleague, InputError, Part, compose_reply, content
from notnow.fmt import error_text, format_date, format_money
from notnow.profile import Profile
from notnow.reply import (
    available_offers,
    compose_opening,
    greeting_name,
    promises,
    reply_notes,
    unavailable_offers,
    user_label,
    user_phrase,
    why_unavailable,
    words_in,
)

REGISTERS = [("en", "je"), ("en", "u"), ("nl", "je"), ("nl", "u")]
U_FORMS = {"u", "uw"}
JE_FORMS = {"je", "jij", "jou", "jouw", "jullie"}


def words(text: str) -> set[str]:
    return {w.casefold() for w in re.findall(r"\w+", text)}


def test_money_and_dates_follow_the_language():
    assert format_money(Decimal("2090"), "EUR", "nl") == "€ 2.090,00"
    assert format_money(Decimal("2090"), "EUR", "en") == "€2,090.00"
    assert format_date(date(2026, 11, 25), "nl") == "woensdag 25 november 2026"
    assert format_date(date(2026, 11, 25), "en") == "Wednesday, 25 November 2026"


def test_english_email_holds_every_chosen_offer(example):
    text = compose_reply(example, "en", "email")
    assert "€2,090 instead of €1,520 (excl. VAT)" in text  # rush total and usual fee, whole euros
    assert "Everything by Wednesday 25 November" in text  # the deadline, in the rush offer
    assert "The whole job by Thursday 26 November" in text
    assert "by Tuesday 24 November" in text  # the urgent part of the split
    assert "Sanne de Vries" in text and "Tom Bakker" not in text  # case A names the trusted colleague
    assert "in the week of 7 December" in text  # the check-in (Tue 8 Dec) by the Monday of its week
    assert "spring campaign goes live on 1 December" in text  # the empathy answer


def test_the_rest_of_a_split_is_never_promised_after_the_whole_job(example):
    # Spread at half pace the rest ends Fri 27, but the same reply offers the whole job by Thu 26: the rest is
    # promised at full pace (urgent Mon 2 + Tue 4, then Wed 6 + Thu 4 of the product pages) by Thu 26.
    text = compose_reply(example, "en")
    assert "the rest by Thursday 26 November" in text
    assert "Friday 27 November" not in text
    promised = promises(example)
    assert (promised.urgent_done, promised.rest_done, promised.whole_done) == (
        date(2026, 11, 24),
        date(2026, 11, 26),
        date(2026, 11, 26),
    )
    assert promised.rest_at_full_pace
    assert "Thursday, 26 November 2026" in " ".join(reply_notes(example, "en"))  # notes write dates in full


def test_the_split_alone_keeps_its_spread_pace(example):
    example = example.replace(offers=["split"])
    text = compose_reply(example, "en")
    assert "the rest by Friday 27 November" in text  # Wed 3 + Thu 4 + Fri 3 at half pace
    assert not promises(example).rest_at_full_pace


def test_parts_that_outgrow_the_job_leave_the_whole_job_date_out(example):
    # Parts 6 + 18 = 24 h against a 16 h job. Even at full pace 24 h take Mon 2, Tue 4, Wed 6, Thu 8 (20), Fri 8
    # → Fri 27, after the whole job's Thu 26: the reply drops the Thursday date instead of contradicting it.
    # The spread plan stands: landing page Tue 24; product pages 18 h at half pace Wed 3, Thu 4, Fri 4,
    # Mon 30 4, Tue 1 Dec 4 (19 ≥ 18) → Tuesday 1 December.
    example = example.replace(parts=[Part("Landing page", 6, True), Part("Product pages", 18)])
    text = compose_reply(example, "en")
    assert "the rest by Tuesday 1 December" in text
    assert "Thursday 26 November" not in text
    assert promises(example).left_out == {"later": "parts_exceed_job"}
    note = " ".join(reply_notes(example, "en"))
    assert "24 hours" in note and "16 hours" in note


def test_the_example_states_its_measured_hours_instead_of_a_full_diary(example, example_nl):
    en = compose_reply(example, "en")
    # The window starts the day after Friday's request: Saturday 21 (never "now").
    assert (
        "I have 12 hours free from Saturday 21 November to Wednesday 25 November, and this job needs 16 hours: three"
        in en
    )
    assert not words(en) & {"full", "fully"}
    assert "between now" not in en.casefold() and "from now" not in en.casefold()
    nl = compose_reply(example_nl, "nl")
    assert (
        "Ik heb vanaf zaterdag 21 november tot en met woensdag 25 november 12 uur vrij, en deze klus vraagt 16 uur"
        in nl
    )
    assert "van nu" not in nl.casefold()
    assert "vol" not in words(nl)


def test_full_is_said_only_below_a_quarter_of_the_hours_free(example):
    # Mon 8 − 8 = 0, Tue 8 − 8 = 0, Wed 8 − 5 = 3 free: 3 < 16 / 4 = 4, so "as good as full", with the hours.
    nearly = example.replace(
        calendar=example.calendar.replace(booked={"2026-11-23": 8, "2026-11-24": 8, "2026-11-25": 5})
    )
    text = compose_reply(nearly, "en")
    assert "as good as full until Wednesday 25 November: I have 3 hours free" in text
    # Nothing free at all: plainly full.
    booked = example.replace(
        calendar=example.calendar.replace(booked={"2026-11-23": 8, "2026-11-24": 8, "2026-11-25": 8})
    )
    assert "My diary is full until Wednesday 25 November" in compose_reply(booked, "en")
    assert "agenda zit tot en met woensdag 25 november vol" in compose_reply(booked, "nl")


@pytest.mark.parametrize(("lang", "address"), REGISTERS)
def test_a_reason_the_calendar_contradicts_stops_the_mail_with_what_to_fix(example, lang, address):
    """Fully booked with the hours free gives no mail (no reason and a surcharge), but a note on what to fix."""
    # Nothing booked: Mon, Tue, Wed give 8 + 8 + 8 = 24 free hours ≥ 16.
    roomy = example.replace(calendar=example.calendar.replace(booked={}), address=address, reply_lang=lang)
    for channel in ("email", "phone"):
        with pytest.raises(InputError) as stopped:
            compose_reply(roomy, channel=channel)
        assert (stopped.value.field, stopped.value.code) == ("reason", "reason_has_room")
    message = error_text(stopped.value, "en")
    assert "24 hours free" in message and "16" in message and "honesty step" in message


def test_leave_names_the_days_off_with_the_right_plural(example):
    one = example.replace(
        reason="leave", reason_detail="", calendar=example.calendar.replace(days_off={date(2026, 11, 24)})
    )
    assert "On Tuesday 24 November I have a day off planned" in compose_reply(one, "en")
    assert "Op dinsdag 24 november heb ik een vrije dag gepland" in compose_reply(one, "nl")
    two = one.replace(calendar=one.calendar.replace(days_off={date(2026, 11, 24), date(2026, 11, 25)}))
    assert "From Tuesday 24 to Wednesday 25 November I have 2 days off planned" in compose_reply(two, "en")
    assert "heb ik 2 vrije dagen gepland" in compose_reply(two, "nl")


def test_leave_without_a_day_off_in_the_window_stops_the_mail(example):
    """Leave with no day off in the window is never claimed: the user marks the days or picks the true reason."""
    # The example's only day off is 24 December, outside Sat 21 – Wed 25 November.
    with pytest.raises(InputError) as stopped:
        compose_reply(example.replace(reason="leave"), "en")
    assert stopped.value.code == "reason_leave_no_days"
    assert "Wednesday, 25 November 2026" in error_text(stopped.value, "en")


@pytest.mark.parametrize(("detail", "shown"), [("busy", False), ("my father has surgery that week", True)])
def test_other_is_given_only_when_concrete(example, detail, shown):
    text = compose_reply(example.replace(reason="other", reason_detail=detail), "en")
    assert ("The honest reason: my father has surgery that week." in text) is shown
    assert "busy" not in text


@pytest.mark.parametrize("reason", ["dont_want", "not_my_focus"])
def test_a_no_to_the_work_offers_no_date_price_or_split(example, reason):
    example = example.replace(reason=reason, offers=["split", "later", "rush", "referral", "think", "senior"])
    assert available_offers(example) == ["referral", "senior"]
    assert {o: c for o, c in unavailable_offers(example).items() if c == "work_refused"} == dict.fromkeys(
        ["split", "later", "rush", "think"], "work_refused"
    )
    text = compose_reply(example, "en")
    for day in (date(2026, 11, 24), date(2026, 11, 25), date(2026, 11, 26), date(2026, 11, 27)):
        assert format_date(day, "en") not in text
    assert "€" not in text
    assert "Landing page" not in text
    assert "Sanne de Vries" in text  # the referral stays
    assert "I'd gladly work with you again on what I do; my door stays open." in text


def test_a_busy_no_keeps_the_alternatives(example):
    assert {"split", "rush"} <= set(available_offers(example.replace(reason="special_occasion")))


def test_an_infeasible_rush_is_never_offered(example):
    example = example.replace(calendar=example.calendar.replace(overtime_per_workday=0, overtime_per_weekend_day=0))
    # 16 h > 12 free and no overtime accepted: promise nothing.
    assert "rush" not in available_offers(example)
    assert unavailable_offers(example)["rush"] == "impossible"
    assert "no price" in why_unavailable(example, "en")["rush"]
    assert "€" not in compose_reply(example, "en")


def test_the_whole_job_is_no_later_offer_when_it_fits_by_the_deadline(example):
    # Nothing booked: Mon 8 + Tue 8 = 16 by Tuesday 24, before the Wednesday deadline.
    roomy = example.replace(calendar=example.calendar.replace(booked={}))
    assert unavailable_offers(roomy)["later"] == "fits_by_deadline"


def test_only_chosen_offers_appear(example):
    example = example.replace(offers=["later"])
    text = compose_reply(example, "en")
    assert "Thursday 26 November" in text
    assert "€" not in text


def test_referral_case_b_names_the_untested_colleague(example):
    example = example.replace(colleagues=[Colleague("Tom Bakker", ["copywriting"], "untested", True)])
    assert "Tom Bakker" in compose_reply(example, "en")


def test_referral_case_d_promises_to_find_out_by_the_next_working_day(example):
    example = example.replace(colleagues=[])
    assert "let you know by Monday 23 November" in compose_reply(example, "en")


def test_reversal_only_with_a_confirmed_true_example(example):
    example = example.replace(offers=["referral", "reversal"])
    example = example.replace(reversal_example="Last spring a client waited two weeks and was glad they did.")
    assert "waited two weeks" not in compose_reply(example, "en")
    example = example.replace(reversal_confirmed=True)
    assert "the other way round too: last spring a client waited two weeks and was glad they did." in compose_reply(
        example, "en"
    )


def test_the_reply_greets_the_contact_and_is_signed(example):
    text = compose_reply(example, "en")
    assert "\nDear Maaike,\n" in text
    assert text.rstrip().endswith("Kind regards,\nJordi Verbeek\nVerbeek Tekst\n06 2345 6789 · verbeektekst.nl")
    assert "Dear Bloom & Co" not in text


def test_without_a_contact_the_company_is_greeted_as_people(example):
    example = example.replace(request=example.request.replace(contact=""))
    assert "\nDear Bloom & Co,\n" in compose_reply(example, "en")
    assert "\nBeste Bloom & Co,\n" in compose_reply(example, "nl")  # one company, one "je" in the body
    assert "mensen" not in compose_reply(example, "nl")
    assert "\nGeachte heer, mevrouw,\n" in compose_reply(example.replace(address="u"), "nl")


def test_the_phone_script_opens_with_the_contact_and_the_caller(example):
    lines = compose_reply(example, "en", "phone").splitlines()
    assert lines[2] == "Hello Maaike, it's Jordi Verbeek from Verbeek Tekst. Thanks for making time to talk."
    nl = compose_reply(example.replace(address="u"), "nl", "phone").splitlines()
    assert nl[2] == "Goedendag Maaike de Boer, met Jordi Verbeek van Verbeek Tekst. Fijn dat u even tijd voor me heeft."


def test_the_phone_script_asks_before_it_offers(example):
    lines = compose_reply(example, "en", "phone").splitlines()
    ask = lines.index(
        "What matters most to you: the landing page by Wednesday 25 November, or the whole job in one go?"
    )
    first_offer = next(i for i, line in enumerate(lines) if line.startswith("First"))
    assert ask < first_offer


def test_availability_is_said_only_when_nothing_is_offered(example):
    """A bare no still says when the user could start; offers say it themselves."""
    text = compose_reply(example.replace(offers=[]), "en")
    # The first free hours after Friday's request are Monday's 2.
    assert "The first day I can start on it is Monday 23 November." in text
    assert "first day I can start" not in compose_reply(example.replace(offers=["referral"]), "en")


@pytest.mark.parametrize(("relationship", "again"), [("new", False), ("regular", True), ("key", False)])
def test_only_returning_clients_are_welcomed_back(example, relationship, again):
    # Only a referral: the answer to this job is no, so the goodbye keeps the door open.
    example = example.replace(request=example.request.replace(relationship=relationship), offers=["referral"])
    assert ("again" in words(compose_reply(example, "en"))) is again
    assert ("weer" in words(compose_reply(example, "nl"))) is again


def test_the_dutch_u_reply_uses_only_u(example_nl):
    formal = example_nl.replace(
        address="u",
        empathy={"why_soon": "uw campagne gaat op 1 december live"},
        request=example_nl.request.replace(asked="de webteksten voor uw campagne"),
    )
    for channel in ("email", "phone"):
        text = compose_reply(formal, "nl", channel)
        assert not words(text) & JE_FORMS
        assert {"u", "uw"} & words(text)
    assert "\nBeste Maaike de Boer,\n" in compose_reply(formal, "nl")  # no title: no "Geachte"
    assert "Met vriendelijke groet," in compose_reply(formal, "nl")


def test_the_dutch_je_reply_uses_only_je(example_nl):
    for channel in ("email", "phone"):
        assert not words(compose_reply(example_nl, "nl", channel)) & U_FORMS


def test_the_formal_english_reply_has_full_name_and_no_contractions(example):
    text = compose_reply(example.replace(address="u"), "en")
    assert "\nDear Maaike de Boer,\n" in text
    assert not {"i'm", "don't", "can't", "isn't", "i'd", "i'll", "there's"} & {w.casefold() for w in text.split()}


def test_user_text_reads_inside_the_sentence(example):
    example = example.replace(request=example.request.replace(asked="  Redesign of their website.\n"))
    assert "Thanks for asking me for redesign of their website." in compose_reply(example, "en")


def test_part_names_are_quoted_never_nested_in_brackets(example):
    example = example.replace(parts=[Part("Landing page (NL)", 6, True), Part("Product pages", 10)], offers=["split"])
    text = compose_reply(example, "en")
    assert "I can offer: first “Landing page (NL)” by Tuesday 24 November" in text
    assert "((" not in text and "))" not in text


def test_several_urgent_parts_are_listed(example):
    example = example.replace(
        parts=[Part("Home", 2, True), Part("Landing page", 4, True), Part("Rest", 10)], offers=["split"]
    )
    assert "first “Home” and “Landing page” by" in compose_reply(example, "en")


@pytest.mark.parametrize(
    ("raw", "phrase"),
    [
        ("The website copy.", "the website copy"),
        ("SEO audit!", "SEO audit"),
        ("(the landing page)", "the landing page"),
        ("“a launch without copy”", "a launch without copy"),
        ("Bloom's new site", "Bloom's new site"),
        ("a\n  two-line   answer;", "a two-line answer"),
    ],
)
def test_user_phrase_trims_and_lowercases_a_habitual_capital(raw, phrase):
    assert user_phrase(raw) == phrase


def test_user_label_keeps_capitals():
    assert user_label(" “Landing page”. ") == "Landing page"


@pytest.mark.parametrize(
    ("contact", "address", "name"),
    [
        ("Maaike de Boer", "je", "Maaike"),
        ("Maaike de Boer", "u", "Maaike de Boer"),
        ("Jan-Willem van Dam", "je", "Jan-Willem"),
        ("Dr. Jane Smith", "je", "Dr. Jane Smith"),
        ("J. de Boer", "je", "J. de Boer"),
        ("van Dijk", "je", "van Dijk"),
        ("Priya", "je", "Priya"),
    ],
)
def test_greeting_name(contact, address, name):
    assert greeting_name(contact, address) == name


def test_the_opening_preview_greets_the_contact(example):
    assert compose_opening(example, "en").startswith("Dear Maaike,\n\nThanks for asking me for")


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("channel", ["email", "phone"])
@pytest.mark.parametrize("reason", ["fully_booked", "special_occasion", "leave", "not_my_focus", "dont_want", "other"])
def test_every_reason_composes_in_every_language_and_channel(example, lang, channel, reason):
    # Leave and a special occasion need their days in the calendar: Tuesday 24 November.
    example = example.replace(reason=reason, calendar=example.calendar.replace(days_off={date(2026, 11, 24)}))
    example = example.replace(offers=["split", "later", "rush", "referral", "think", "senior"])
    text = compose_reply(example, lang, channel)
    assert "Maaike" in text
    assert "{" not in text  # no placeholder left unfilled


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_unavailable_offer_has_a_reason_in_both_languages(example, lang):
    bare = example.replace(parts=[], request=example.request.replace(skill=""), reason="dont_want")
    reasons = why_unavailable(bare, lang)
    assert set(reasons) == {"split", "later", "rush", "referral", "think", "reversal"}
    assert all(reasons.values())


# --- a mail that reads as one answer (issue 14) -----------------------------------------------------------

SLOGANS = ("not now doesn't mean never", "not now does not mean never", "nu niet is niet nooit")


def in_register(a, lang, address, **changes):
    """The case with its reply in `lang` and the Dutch register (or English tone) `address`."""
    return a.replace(reply_lang=lang, address=address, **changes)


def offers_block(text):
    """The lines offered as bullets."""
    return "\n".join(line for line in text.splitlines() if line.startswith("- "))


@pytest.mark.parametrize(("lang", "address"), REGISTERS)
def test_time_to_think_is_a_holding_reply(example, lang, address):
    """Asking for time says when the answer comes (the next working day, Monday 23) and offers nothing else."""
    case = in_register(example, lang, address, offers=["split", "later", "rush", "referral", "think"])
    assert promises(case).offers == ("think",)
    assert set(promises(case).left_out.values()) == {"holding_reply"}
    for channel in ("email", "phone"):
        text = compose_reply(case, channel=channel)
        assert {"en": "Monday 23 November", "nl": "maandag 23 november"}[lang] in text
        assert "€" not in text and "Sanne" not in text and "- " not in offers_block(text)
        for day in ("24", "25", "26", "27"):
            assert f"{day} November" not in text and f"{day} november" not in text
        assert "?" not in text.split("\n", 1)[1] if channel == "email" else True  # no question but the subject's
    assert "think" in " ".join(reply_notes(case, "en")).casefold()


@pytest.mark.parametrize(("lang", "address"), REGISTERS)
def test_a_special_occasion_names_its_days_and_nothing_is_planned_inside_them(example, lang, address):
    """The occasion on Mon 23 and Tue 24 Nov is named; the split, the whole job and rush fall outside it."""
    # Days off Mon 23, Tue 24: only Wed 25 works in the window (8 − 2 = 6 free). Split: the landing page (6 h)
    # takes Wed 6 → Wed 25; the rest at full pace (the same reply offers the whole job) Thu 8 + Fri 2 → Fri 27.
    # Whole job: Wed 6, Thu 8 (14), Fri 8 (22 ≥ 16) → Friday 27 November.
    occasion = {date(2026, 11, 23), date(2026, 11, 24)}
    case = in_register(
        example,
        lang,
        address,
        reason="special_occasion",
        reason_detail="",
        calendar=example.calendar.replace(days_off=occasion),
    )
    text = compose_reply(case)
    named = {
        "en": "From Monday 23 to Tuesday 24 November I have a special occasion",
        "nl": "Van maandag 23 tot en met dinsdag 24 november heb ik een bijzondere gebeurtenis",
    }
    assert named[lang] in text
    block = offers_block(text)
    assert "23" not in block and "24" not in block
    assert {"en": "Friday 27 November", "nl": "vrijdag 27 november"}[lang] in block
    promised = promises(case)
    assert not {promised.urgent_done, promised.rest_done, promised.whole_done, promised.rush_by} & occasion


def test_a_special_occasion_without_its_days_stops_the_mail(example):
    """Without the occasion's days in the calendar the reply could only plan inside them: the user marks them."""
    with pytest.raises(InputError) as stopped:
        compose_reply(example.replace(reason="special_occasion"))
    assert stopped.value.code == "reason_special_occasion_no_days"
    assert "days off" in error_text(stopped.value, "en")


def test_no_rush_delivery_on_an_occasion_day(example):
    """A deadline on a day kept free for the occasion gets no rush offer."""
    case = example.replace(reason="special_occasion", calendar=example.calendar.replace(days_off={date(2026, 11, 25)}))
    assert "rush" not in promises(case).offers
    assert promises(case).left_out["rush"] == "occasion_on_deadline"


@pytest.mark.parametrize(("lang", "address"), REGISTERS)
def test_the_urgent_part_is_asked_about_only_with_a_split(example, lang, address):
    """Without a split on offer the mail never asks about "the landing page by Wednesday"."""
    urgent = {"en": "the landing page", "nl": "de landingspagina"}[lang]
    case = in_register(example, lang, address, request=example.request.replace(urgent_part=urgent))
    assert urgent in compose_reply(case)
    for offers in (["later", "rush"], ["referral"], ["later"]):
        assert urgent not in compose_reply(case.replace(offers=offers))


@pytest.mark.parametrize(("lang", "address"), REGISTERS)
def test_senior_role_and_reversal_only_beside_a_referral_of_case_a_or_b(example, lang, address):
    """The senior role names the colleague; without a referral to a known colleague both stay out."""
    reversal = "last spring a client waited two weeks and was glad they did"
    case = in_register(example, lang, address, reversal_example=reversal, reversal_confirmed=True)
    with_referral = compose_reply(case.replace(offers=["referral", "senior", "reversal"]))
    senior_line = next(line for line in with_referral.splitlines() if "senior" in line)
    assert "Sanne de Vries" in senior_line
    assert reversal in with_referral
    for offers, colleagues in ((["later", "senior", "reversal"], case.colleagues), (["referral", "senior"], [])):
        text = compose_reply(case.replace(offers=offers, colleagues=colleagues))
        assert "senior" not in text and reversal not in text
    left = promises(case.replace(offers=["later", "senior", "reversal"])).left_out
    assert left == {"senior": "needs_referral", "reversal": "needs_referral"}


@pytest.mark.parametrize(
    ("contact", "greeting"),
    [
        ("mevrouw Jansen", "Geachte mevrouw Jansen,"),
        ("dhr. Jansen", "Geachte heer Jansen,"),
        ("de heer P. Jansen", "Geachte heer Jansen,"),
        ("Mevr. Petra de Boer", "Geachte mevrouw De Boer,"),
        ("Petra Jansen", "Beste Petra Jansen,"),
    ],
)
def test_a_formal_dutch_greeting_says_geachte_only_with_a_title(example_nl, contact, greeting):
    """In the u register a title gets "Geachte" with title and surname; a plain name gets "Beste" and the full name."""
    case = example_nl.replace(address="u", request=example_nl.request.replace(contact=contact))
    assert f"\n{greeting}\n" in compose_reply(case, "nl")


def test_a_formal_english_greeting_keeps_the_title(example):
    case = example.replace(address="u", request=example.request.replace(contact="dhr. Jansen"))
    assert "\nDear Mr Jansen,\n" in compose_reply(case, "en")


@pytest.mark.parametrize(("lang", "address"), REGISTERS)
def test_a_company_is_greeted_in_agreement_with_the_body(example, lang, address):
    """No contact: the company as one addressee ("Beste Bloom & Co,") or the formal "Geachte heer, mevrouw,"."""
    case = in_register(example, lang, address, request=example.request.replace(contact=""))
    text = compose_reply(case)
    greeting = text.split("\n\n")[1]
    expected = {
        ("en", "je"): "Dear Bloom & Co,",
        ("en", "u"): "Dear Sir or Madam,",
        ("nl", "je"): "Beste Bloom & Co,",
        ("nl", "u"): "Geachte heer, mevrouw,",
    }
    assert greeting == expected[(lang, address)]
    if lang == "nl":
        assert not words(text) & (U_FORMS if address == "je" else JE_FORMS)


@pytest.mark.parametrize(("lang", "address"), REGISTERS)
def test_the_goodbye_keeps_the_door_open_only_when_the_answer_to_this_job_is_no(example, lang, address):
    """Offers to do the job: no open-door goodbye. Only a referral, or a no to the work: the door stays open."""
    case = in_register(example, lang, address)
    door_time = content.text(lang, f"reply.{address}.door_time_regular")
    for offers, door in ((["split", "later", "rush", "referral"], False), (["later"], False), (["referral"], True)):
        text = compose_reply(case.replace(offers=offers))
        assert (door_time in text) is door, offers
        assert not any(slogan in text.casefold() for slogan in SLOGANS)
    refused = compose_reply(case.replace(reason="dont_want", offers=["referral"]))
    assert content.text(lang, f"reply.{address}.door_work_regular") in refused
    assert door_time not in refused


@pytest.mark.parametrize(("lang", "address"), REGISTERS)
def test_no_year_when_every_date_is_in_the_year_of_the_request(example, lang, address):
    """All dates in 2026: no "2026" in the mail; the check-in by its week ("in the week of 7 December")."""
    text = compose_reply(in_register(example, lang, address))
    assert "2026" not in text
    week = {"en": "in the week of 7 December", "nl": "in de week van 7 december"}[lang]
    assert week in text


def test_a_date_in_the_next_year_carries_its_year(example):
    """Received Thu 24 Dec 2026, due Tue 5 Jan 2027: the dates in 2027 carry the year, and none is in 2026."""
    request = example.request.replace(received="2026-12-24T10:00", deadline="2027-01-05T17:00")
    case = example.replace(
        request=request,
        calendar=example.calendar.replace(booked={}, days_off=set()),
        reason="dont_want",
        offers=["referral"],
        follow_up=date(2027, 1, 19),
    )
    text = compose_reply(case, "en")
    assert "in the week of 18 January 2027" in text  # Tue 19 Jan 2027's Monday


@pytest.mark.parametrize(
    ("lang", "vat", "amounts"),
    [
        ("en", "excl", "€2,090 instead of €1,520 (excl. VAT)"),
        ("en", "incl", "€2,090 instead of €1,520 (incl. VAT)"),
        ("nl", "excl", "€ 2.090 in plaats van € 1.520 (excl. btw)"),
        ("nl", "incl", "€ 2.090 in plaats van € 1.520 (incl. btw)"),
    ],
)
def test_whole_amounts_without_cents_and_with_the_vat_choice(example, lang, vat, amounts):
    assert amounts in compose_reply(example.replace(vat=vat), lang)


def test_amounts_with_cents_keep_them(example):
    # €95.15 × 16 = €1,522.40; 25 % rush €380.60; 4 h overtime × 95.15 × 50 % = €190.30; total €2,093.30.
    case = example.replace(request=example.request.replace(rate="95.15"))
    assert "€2,093.30 instead of €1,522.40 (excl. VAT)" in compose_reply(case, "en")


def test_the_vat_choice_defaults_to_excluding(example):
    assert example.vat == "excl"
    assert Assessment.from_json(example.to_json()).vat == "excl"


def test_a_signature_that_holds_the_name_is_not_doubled(example):
    case = example.replace(signature="Jordi Verbeek\nVerbeek Tekst\n06 2345 6789")
    text = compose_reply(case, "en")
    assert text.count("Jordi Verbeek") == 1 and text.count("Verbeek Tekst") == 1
    assert text.rstrip().endswith("Kind regards,\nJordi Verbeek\nVerbeek Tekst\n06 2345 6789")


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_detail_belongs_to_its_reason(example, lang):
    """A new reason does not inherit the old reason's detail (kept, not lost, and brought back with its reason)."""
    detail = {"en": "three other client projects", "nl": "drie andere klantprojecten"}[lang]
    case = Assessment.example(lang)
    refused = case.replace(reason="dont_want")
    assert detail not in compose_reply(refused)
    assert refused.reason_detail  # what the user typed is kept
    assert detail in " ".join(reply_notes(refused, lang))
    assert detail in compose_reply(refused.replace(reason="fully_booked"))
    rewritten = refused.replace(reason_detail="I never write for the gambling industry")
    assert "gambling industry" in compose_reply(rewritten)


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("address", ["je", "u"])
def test_the_worked_example_is_short(lang, address):
    """All four offers ≤ 230 words, signature included; each single offer ≤ 160."""
    case = Assessment.example(lang).replace(address=address)
    assert words_in(compose_reply(case)) <= 230
    for offer in ("split", "later", "rush", "referral", "think"):
        assert words_in(compose_reply(case.replace(offers=[offer]))) <= 160, offer


def test_words_are_counted_as_a_reader_counts_them():
    assert words_in("Dear Maaike,\n- €2,090 (excl. VAT) · 06 2345") == 7


# --- the reply keeps its own language -------------------------------------------------------------------


def test_the_page_language_never_rewrites_the_reply(example):
    """Switching the page to Dutch mid-case changes labels only; the reply stays English."""
    switched = example.replace(lang="nl")
    assert switched.reply_lang == "en"
    text = compose_reply(switched)
    assert text.startswith("Re: the website copy") and "Thanks for asking me for the website copy" in text
    assert compose_opening(switched).startswith("Dear Maaike,")


def test_the_reply_language_is_the_cases_own(example):
    dutch_reply = example.replace(reply_lang="nl", request=example.request.replace(asked="de webteksten"))
    assert "Bedankt dat je met de webteksten bij mij aanklopt." in compose_reply(dutch_reply)
    assert compose_reply(dutch_reply, "en").startswith("Re: de webteksten")  # an explicit language still wins


def test_an_old_saved_case_replies_in_its_language(example_nl):
    data = json.loads(example_nl.to_json())
    for key in ("reply_lang", "vat", "detail_reason"):
        data.pop(key)
    old = Assessment.from_dict(data)
    assert (old.reply_lang, old.vat, old.detail_reason) == ("nl", "excl", "fully_booked")


def test_a_new_case_replies_in_the_set_ups_language_whatever_the_page_speaks():
    """The set-up's language of replies (by default the one the user arrived in) goes to the case's reply."""
    english_replies = Profile(lang="en", vat="incl").new_case(lang="nl")
    assert (english_replies.lang, english_replies.reply_lang, english_replies.vat) == ("nl", "en", "incl")
    assert Profile.from_case(english_replies.replace(reply_lang="nl")).lang == "nl"
    assert Profile.from_json(Profile(vat="incl").to_json()).vat == "incl"
    assert Profile.from_json('{"schema": 1}').vat == "excl"


# --- a colleague's room is claimed only when it was asked lately ----------------------------------------------


def _referral_only(asked_on: str | None, lang: str = "en") -> str:
    """The worked example (received Fri 20 Nov 2026) offering only the referral, Sanne asked on `asked_on`."""
    from notnow.referral import Colleague

    a = Assessment.example(lang)
    sanne = Colleague("Sanne de Vries", ("copywriting", "editing"), "trusted", True, asked_on=asked_on)
    return compose_reply(a.replace(offers=("referral",), colleagues=(sanne,)), lang)


def test_the_mail_says_a_colleague_has_room_when_asked_within_two_weeks():
    """Asked on Thu 19 Nov, the day before the request: 1 day ago, within 14, so "has room now"."""
    assert "Sanne de Vries, whose work I trust completely, has room now" in _referral_only("2026-11-19")
    assert "er is nu ruimte" in _referral_only("2026-11-06", "nl")  # 14 days before 20 Nov: still within


def test_the_mail_offers_to_ask_when_the_colleague_was_never_or_long_ago_asked():
    """Ticked without a date, or asked on 5 Nov (15 days before 20 Nov): the mail says you'll check first."""
    for asked in (None, "2026-11-05"):
        mail = _referral_only(asked)
        assert "has room now" not in mail
        assert "I'll check whether there's room" in mail
    assert "ik vraag na of er ruimte is" in _referral_only(None, "nl").lower()
