"""The composed reply holds the concrete dates and amounts, formatted for the language."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from notnow import Colleague, compose_reply
from notnow.fmt import format_date, format_money
from notnow.reply import available_offers


def test_money_and_dates_follow_the_language():
    assert format_money(Decimal("2090"), "EUR", "nl") == "€ 2.090,00"
    assert format_money(Decimal("2090"), "EUR", "en") == "€2,090.00"
    assert format_date(date(2026, 11, 25), "nl") == "woensdag 25 november 2026"
    assert format_date(date(2026, 11, 25), "en") == "Wednesday, 25 November 2026"


def test_english_email_holds_every_chosen_offer(example):
    text = compose_reply(example, "en", "email")
    assert "Bloom & Co" in text
    assert "€2,090.00" in text and "€1,520.00" in text  # rush total and usual fee
    assert "Wednesday, 25 November 2026" in text  # the deadline, in the rush offer
    assert "Thursday, 26 November 2026" in text  # the later date
    assert "Tuesday, 24 November 2026" in text and "Friday, 27 November 2026" in text  # the split
    assert "Sanne de Vries" in text and "Tom Bakker" not in text  # case A names the trusted colleague
    assert "Tuesday, 8 December 2026" in text  # the follow-up keeps the door open
    assert "spring campaign goes live on 1 December" in text  # the empathy answer


def test_dutch_email_uses_dutch_formats(example_nl):
    text = compose_reply(example_nl, "nl", "email")
    assert "€ 2.090,00" in text
    assert "donderdag 26 november 2026" in text
    assert "€2,090.00" not in text


def test_phone_script_differs_from_the_email(example):
    email = compose_reply(example, "en", "email")
    phone = compose_reply(example, "en", "phone")
    assert phone != email
    assert "€2,090.00" in phone


def test_only_chosen_offers_appear(example):
    example = example.replace(offers=["later"])
    text = compose_reply(example, "en")
    assert "Thursday, 26 November 2026" in text
    assert "€2,090.00" not in text


def test_an_infeasible_rush_is_never_offered(example):
    example = example.replace(calendar=example.calendar.replace(overtime_per_workday=0, overtime_per_weekend_day=0))
    # 16 h > 12 free and no overtime accepted: promise nothing.
    assert "rush" not in available_offers(example)
    assert "€2,090.00" not in compose_reply(example, "en")


def test_referral_case_b_names_the_untested_colleague(example):
    example = example.replace(colleagues=[Colleague("Tom Bakker", ["copywriting"], "untested", True)])
    assert "Tom Bakker" in compose_reply(example, "en")


def test_referral_case_d_promises_to_find_out_by_the_next_working_day(example):
    example = example.replace(colleagues=[])
    assert "Monday, 23 November 2026" in compose_reply(example, "en")


def test_reversal_only_with_a_confirmed_true_example(example):
    example = example.replace(offers=["reversal"])
    example = example.replace(reversal_example="Last spring a client waited two weeks and was glad they did")
    assert "waited two weeks" not in compose_reply(example, "en")
    example = example.replace(reversal_confirmed=True)
    assert "waited two weeks" in compose_reply(example, "en")


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("channel", ["email", "phone"])
@pytest.mark.parametrize("reason", ["fully_booked", "special_occasion", "leave", "not_my_focus", "dont_want", "other"])
def test_every_reason_composes_in_every_language_and_channel(example, lang, channel, reason):
    example = example.replace(reason=reason)
    example = example.replace(offers=["split", "later", "rush", "referral", "think", "senior"])
    text = compose_reply(example, lang, channel)
    assert example.request.client in text
    assert "{" not in text  # no placeholder left unfilled
