"""The composed reply: concrete dates and amounts, an honest reason, one set of promises, sendable as is.

The worked example, by hand: 16 h at €95, received Fri 20 Nov 2026 10:00, due Wed 25 Nov 17:00. 8-hour days with
6/4/2 h booked on Mon 23/Tue 24/Wed 25 leave 2 + 4 + 6 = 12 free hours in the window (the weekend is not worked).
Rush quote: base 16 × 95 = €1,520.00; 5.3 days' notice → the under-7-days tier, 25 % = €380.00; overtime
16 − 12 = 4 h × 95 × 50 % = €190.00; total €2,090.00. Whole job: cumulative free 2, 6, 12, then Thu 26 adds 8 → 20
≥ 16, so Thursday 26 November. Split: the landing page (6 h) takes Mon 2 + Tue 4 → Tuesday 24 November; the
product pages (10 h) at half the free hours take Wed 3 + Thu 4 + Fri 3 → Friday 27 November.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from notnow import Colleague, Part, compose_reply
from notnow.fmt import format_date, format_money
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
)

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
    assert "€2,090.00" in text and "€1,520.00" in text  # rush total and usual fee
    assert "Wednesday, 25 November 2026" in text  # the deadline, in the rush offer
    assert "Thursday, 26 November 2026" in text  # the whole job
    assert "Tuesday, 24 November 2026" in text  # the urgent part of the split
    assert "Sanne de Vries" in text and "Tom Bakker" not in text  # case A names the trusted colleague
    assert "Tuesday, 8 December 2026" in text  # the follow-up keeps the door open
    assert "spring campaign goes live on 1 December" in text  # the empathy answer


def test_the_rest_of_a_split_is_never_promised_after_the_whole_job(example):
    # Spread at half pace the rest ends Fri 27, but the same reply offers the whole job by Thu 26: the rest is
    # promised at full pace (urgent Mon 2 + Tue 4, then Wed 6 + Thu 4 of the product pages) by Thu 26.
    text = compose_reply(example, "en")
    assert "and the rest by Thursday, 26 November 2026" in text
    assert "Friday, 27 November 2026" not in text
    promised = promises(example)
    assert (promised.urgent_done, promised.rest_done, promised.whole_done) == (
        date(2026, 11, 24),
        date(2026, 11, 26),
        date(2026, 11, 26),
    )
    assert promised.rest_at_full_pace
    assert "Thursday, 26 November 2026" in " ".join(reply_notes(example, "en"))


def test_the_split_alone_keeps_its_spread_pace(example):
    example = example.replace(offers=["split"])
    text = compose_reply(example, "en")
    assert "and the rest by Friday, 27 November 2026" in text  # Wed 3 + Thu 4 + Fri 3 at half pace
    assert not promises(example).rest_at_full_pace


def test_parts_that_outgrow_the_job_leave_the_whole_job_date_out(example):
    # Parts 6 + 18 = 24 h against a 16 h job. Even at full pace 24 h take Mon 2, Tue 4, Wed 6, Thu 8 (20), Fri 8
    # → Fri 27, after the whole job's Thu 26: the reply drops the Thursday date instead of contradicting it.
    # The spread plan stands: landing page Tue 24; product pages 18 h at half pace Wed 3, Thu 4, Fri 4,
    # Mon 30 4, Tue 1 Dec 4 (19 ≥ 18) → Tuesday 1 December.
    example = example.replace(parts=[Part("Landing page", 6, True), Part("Product pages", 18)])
    text = compose_reply(example, "en")
    assert "and the rest by Tuesday, 1 December 2026" in text
    assert "Thursday, 26 November 2026" not in text
    assert promises(example).left_out == {"later": "parts_exceed_job"}
    note = " ".join(reply_notes(example, "en"))
    assert "24 hours" in note and "16 hours" in note


def test_the_example_states_its_measured_hours_instead_of_a_full_diary(example, example_nl):
    en = compose_reply(example, "en")
    assert "Between now and Wednesday, 25 November 2026, I have 12 hours free, and this job needs 16 hours." in en
    assert not words(en) & {"full", "fully"}
    nl = compose_reply(example_nl, "nl")
    assert "Van nu tot en met woensdag 25 november 2026 heb ik 12 uur vrij, en deze klus vraagt 16 uur." in nl
    assert "vol" not in words(nl)


def test_full_is_said_only_below_a_quarter_of_the_hours_free(example):
    # Mon 8 − 8 = 0, Tue 8 − 8 = 0, Wed 8 − 5 = 3 free: 3 < 16 / 4 = 4, so "as good as full", with the hours.
    nearly = example.replace(
        calendar=example.calendar.replace(booked={"2026-11-23": 8, "2026-11-24": 8, "2026-11-25": 5})
    )
    text = compose_reply(nearly, "en")
    assert "as good as full up to Wednesday, 25 November 2026: I have only 3 hours free" in text
    # Nothing free at all: plainly full.
    booked = example.replace(
        calendar=example.calendar.replace(booked={"2026-11-23": 8, "2026-11-24": 8, "2026-11-25": 8})
    )
    assert "My diary is full up to Wednesday, 25 November 2026" in compose_reply(booked, "en")
    assert "helemaal vol" in compose_reply(booked.replace(lang="nl"), "nl")


def test_fully_booked_with_room_makes_no_claim_and_says_why(example):
    # Nothing booked: Mon, Tue, Wed give 24 free hours ≥ 16, so the reason doesn't hold and is left out,
    # with the user's detail that was meant to back it.
    roomy = example.replace(calendar=example.calendar.replace(booked={}))
    text = compose_reply(roomy, "en")
    assert "diary" not in text
    assert "three other client projects" not in text
    assert "24 hours free" in " ".join(reply_notes(roomy, "en"))


def test_leave_names_the_days_off_with_the_right_plural(example):
    one = example.replace(
        reason="leave", reason_detail="", calendar=example.calendar.replace(days_off={date(2026, 11, 24)})
    )
    assert "On Tuesday, 24 November 2026, I have a day off planned" in compose_reply(one, "en")
    assert "Op dinsdag 24 november 2026 heb ik een vrije dag gepland" in compose_reply(one, "nl")
    two = one.replace(calendar=one.calendar.replace(days_off={date(2026, 11, 24), date(2026, 11, 25)}))
    assert (
        "Between Tuesday, 24 November 2026 and Wednesday, 25 November 2026, I have 2 days off planned"
        in compose_reply(two, "en")
    )
    assert "heb ik 2 vrije dagen gepland" in compose_reply(two, "nl")


def test_leave_without_a_day_off_in_the_window_is_never_claimed(example):
    # The example's only day off is 24 December, outside Sat 21 – Wed 25 November.
    text = compose_reply(example.replace(reason="leave"), "en")
    assert "day off" not in text and "days off" not in text


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
    assert "Not now doesn't mean never" not in text
    assert "for the work I do my door stays open" in text


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
    assert "Thursday, 26 November 2026" in text
    assert "€2,090.00" not in text


def test_referral_case_b_names_the_untested_colleague(example):
    example = example.replace(colleagues=[Colleague("Tom Bakker", ["copywriting"], "untested", True)])
    assert "Tom Bakker" in compose_reply(example, "en")


def test_referral_case_d_promises_to_find_out_by_the_next_working_day(example):
    example = example.replace(colleagues=[])
    assert "Monday, 23 November 2026" in compose_reply(example, "en")


def test_reversal_only_with_a_confirmed_true_example(example):
    example = example.replace(offers=["reversal"])
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
    assert "\nDear Bloom & Co team,\n" in compose_reply(example, "en")
    assert "\nBeste mensen van Bloom & Co,\n" in compose_reply(example, "nl")
    assert "\nGeachte heer, mevrouw,\n" in compose_reply(example.replace(address="u"), "nl")


def test_the_phone_script_opens_with_the_contact_and_the_caller(example):
    lines = compose_reply(example, "en", "phone").splitlines()
    assert lines[2] == "Hello Maaike, it's Jordi Verbeek from Verbeek Tekst. Thanks for making time to talk."
    nl = compose_reply(example.replace(address="u"), "nl", "phone").splitlines()
    assert nl[2] == "Goedendag Maaike de Boer, met Jordi Verbeek van Verbeek Tekst. Fijn dat u even tijd voor me heeft."


def test_the_phone_script_asks_before_it_offers(example):
    lines = compose_reply(example, "en", "phone").splitlines()
    ask = lines.index(
        "What matters most to you: having the landing page by Wednesday, 25 November 2026, or the whole job in one go?"
    )
    first_offer = next(i for i, line in enumerate(lines) if line.startswith("We could split the job"))
    assert ask < first_offer


def test_availability_comes_before_the_options(example):
    text = compose_reply(example, "en")
    # The first free hours after Friday's request are Monday's 2.
    start = text.index("the first day I can start on this is Monday, 23 November 2026")
    assert start < text.index("These are the options I can see:")


@pytest.mark.parametrize(("relationship", "again"), [("new", False), ("regular", True), ("key", False)])
def test_only_returning_clients_are_welcomed_back(example, relationship, again):
    example = example.replace(request=example.request.replace(relationship=relationship))
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
    assert "\nGeachte Maaike de Boer,\n" in compose_reply(formal, "nl")
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
    assert "the urgent part, “Landing page (NL)”, by Tuesday, 24 November 2026" in text
    assert "((" not in text and "))" not in text


def test_several_urgent_parts_take_the_plural(example):
    example = example.replace(
        parts=[Part("Home", 2, True), Part("Landing page", 4, True), Part("Rest", 10)], offers=["split"]
    )
    assert "the urgent parts, “Home” and “Landing page”, by" in compose_reply(example, "en")


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
    example = example.replace(reason=reason)
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
