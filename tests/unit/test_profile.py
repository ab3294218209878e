"""The profile: the set-up a freelancer enters once, which every new case starts from."""

from __future__ import annotations

from datetime import datetime, time
from decimal import Decimal

import pytest

from notnow import Assessment, Colleague, InputError, RushPolicy, WorkCalendar
from notnow.profile import PLACEHOLDER_CLIENT, Profile


def lotte() -> Profile:
    return Profile(
        name="Lotte Visser",
        business="Visser Tekst",
        signature="06 1234 5678 · vissertekst.nl",
        lang="nl",
        address="u",
        currency="EUR",
        rate=Decimal("95"),
        skill="copywriting",
        calendar=WorkCalendar(
            hours_per_day=7, workdays=(0, 1, 2, 3), booked={"2026-11-24": 3}, country="BE", overtime_per_workday=1
        ),
        day_start=time(8, 30),
        timezone="Europe/Brussels",
        policy=RushPolicy([(2, 60)], overtime_premium_pct=40),
        min_extra_per_overtime_hour=Decimal("120"),
        colleagues=(Colleague("Sanne de Vries", "copywriting, editing", "trusted"),),
    )


def test_a_new_case_starts_from_the_whole_set_up():
    case = lotte().new_case(now=datetime(2026, 11, 23, 14, 7, 31))
    assert case.sender == "Lotte Visser"
    assert case.business == "Visser Tekst"
    assert case.signature == "06 1234 5678 · vissertekst.nl"
    assert (case.lang, case.address) == ("nl", "u")
    assert case.calendar.hours_per_day == 7 and case.calendar.country == "BE"
    assert case.policy.overtime_premium_pct == 40
    assert case.min_extra_per_overtime_hour == Decimal("120")
    assert [c.name for c in case.colleagues] == ["Sanne de Vries"]
    r = case.request
    assert (r.rate, r.currency, r.skill) == (Decimal("95"), "EUR", "copywriting")
    # received now (to the minute), due a week later until the user says when
    assert r.received == datetime(2026, 11, 23, 14, 7)
    assert r.deadline == datetime(2026, 11, 30, 14, 7)
    assert r.client == PLACEHOLDER_CLIENT


def test_a_case_can_be_kept_as_the_profile():
    example = Assessment.example("en").replace(sender="Jordi", address="je")
    profile = Profile.from_case(example)
    assert profile.name == "Jordi"
    assert profile.calendar == example.calendar
    assert profile.colleagues == tuple(example.colleagues)
    assert profile.rate == example.request.rate


def test_the_hour_the_day_starts_fills_the_calendar_of_every_new_case():
    """The set-up's "when your day starts" is the calendar's day_start: the deadline day counts from it."""
    profile = Profile(day_start="08:00")
    assert profile.calendar.day_start == time(8)
    case = profile.new_case(now=datetime(2026, 11, 20, 10, 0))
    assert case.calendar.day_start == time(8)
    assert Profile.from_case(case.replace(calendar=case.calendar.replace(day_start=time(10)))).day_start == time(10)


def test_the_profile_round_trips_through_json():
    profile = lotte()
    assert Profile.from_json(profile.to_json()) == profile


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"address": "jij"}, "address"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"day_start": "half past eight"}, "day_start"),
        ({"currency": "XYZ"}, "currency"),
        ({"rate": "-5"}, "rate"),
        ({"lang": "de"}, "language"),
        ({"name": "x" * 201}, "sender"),
    ],
)
def test_bad_settings_name_their_field(changes, field):
    with pytest.raises(InputError) as caught:
        lotte().replace(**changes)
    assert caught.value.field == field


def test_a_damaged_profile_text_is_an_input_error():
    with pytest.raises(InputError) as caught:
        Profile.from_json("{not json")
    assert caught.value.field == "profile"
