"""The A–D referral case for the asked skill."""

from __future__ import annotations

from datetime import date

import pytest

from notnow import Colleague, InputError, Referral, classify_referral
from notnow.referral import available_now, closest_text, room_confirmed, skill_terms

SANNE = Colleague("Sanne", ["copywriting"], "trusted", True)
TOM = Colleague("Tom", "Copywriting, editing", "untested", True)
PIM = Colleague("Pim", ["copywriting"], "unsuitable", True)
AWAY = Colleague("Away", ["copywriting"], "trusted", False)
DESIGNER = Colleague("Dee", ["design"], "trusted", True)


@pytest.mark.parametrize(
    ("colleagues", "case", "names"),
    [
        ([SANNE, TOM, PIM], "A", ("Sanne",)),
        ([TOM, PIM, AWAY], "B", ("Tom",)),
        ([PIM, AWAY, DESIGNER], "C", ("Pim",)),
        ([AWAY, DESIGNER], "D", ()),
        ([], "D", ()),
    ],
)
def test_case_follows_the_best_available_trust(colleagues, case, names):
    referral = classify_referral(colleagues, "copywriting")
    assert (referral.case, referral.candidates) == (case, names)


def test_skill_matches_whatever_the_case_and_spaces():
    assert classify_referral([TOM], "  EDITING ").case == "B"


def test_every_trusted_candidate_is_named():
    other = Colleague("Noor", ["copywriting"], "trusted")
    assert classify_referral([SANNE, TOM, other], "copywriting").candidates == ("Sanne", "Noor")


def test_no_skill_asked_is_case_d():
    assert classify_referral([SANNE], "").case == "D"


def test_unknown_trust_names_the_field():
    with pytest.raises(InputError) as caught:
        Colleague("X", ["a"], "best friend")
    assert caught.value.field == "trust"


def test_skills_match_by_words_whatever_the_order_and_separators():
    lotte = Colleague("Lotte", "print design, editorial design", "trusted", True)
    assert classify_referral([lotte], "editorial / print design") == Referral("A", ("Lotte",))
    assert lotte.has_skill("Editorial and print design")
    assert lotte.has_skill("design")  # a print designer designs
    assert not lotte.has_skill("web design")  # "web" is nowhere in Lotte's skills


def test_a_dutch_prefix_matches_the_compound():
    joost = Colleague("Joost", ["printdesign", "webdesign"], "trusted", True)
    assert joost.has_skill("print- en webdesign")


def test_skill_terms_split_on_commas_slashes_and_and():
    assert skill_terms("Editorial / print design, SEO and copy") == (
        frozenset({"editorial"}),
        frozenset({"print", "design"}),
        frozenset({"seo"}),
        frozenset({"copy"}),
    )


def test_when_nobody_fits_the_busy_colleague_with_the_skill_comes_closest():
    priya = Colleague("Priya", ["copywriting"], "trusted", False)
    tom = Colleague("Tom", ["design"], "untested", True)
    referral = classify_referral([tom, priya], "copywriting")
    assert referral == Referral("D", (), ("Priya", "not_available"))
    assert closest_text(referral, [tom, priya], "en") == "Priya has the skill but isn't available right now."


def test_an_available_colleague_with_other_skills_is_named_with_them():
    tom = Colleague("Tom", ["design", "illustration"], "untested", True)
    referral = classify_referral([tom], "copywriting")
    assert referral.closest == ("Tom", "other_skills")
    assert closest_text(referral, [tom], "nl") == (
        "Tom is beschikbaar, maar heeft andere vaardigheden: design en illustration."
    )


def test_part_of_the_skill_beats_other_skills():
    # "print design" asked: Noor has "design" (1 of 2 words), Tom has nothing in common.
    tom = Colleague("Tom", ["copywriting"], "trusted", True)
    noor = Colleague("Noor", ["web design"], "untested", True)
    assert classify_referral([tom, noor], "print design").closest == ("Noor", "partial_skill")


def test_an_unsuitable_colleague_is_never_the_closest():
    assert classify_referral([Colleague("Pim", ["copywriting"], "unsuitable", False)], "copywriting").closest is None


def test_a_fitting_case_has_no_closest():
    assert classify_referral([SANNE], "copywriting").closest is None


def test_room_is_claimed_only_for_a_tick_of_the_last_fourteen_days():
    """Asked on 2 Dec: room on 2 Dec and on 16 Dec (14 days), not on 17 Dec; no date or no tick: no room."""
    asked = Colleague("Sanne", "copywriting", "trusted", True, date(2026, 12, 2))
    assert available_now(asked, date(2026, 12, 2))
    assert available_now(asked, date(2026, 12, 16))
    assert not available_now(asked, date(2026, 12, 17))
    assert not available_now(Colleague("Tom", "copywriting", "trusted", True), date(2026, 12, 2))
    assert not available_now(Colleague("Priya", "design", "trusted", False, date(2026, 12, 2)), date(2026, 12, 2))


def test_the_day_asked_is_kept_in_a_round_trip_and_dropped_without_a_tick():
    asked = Colleague("Sanne", "copywriting", "trusted", True, "2026-12-02")
    assert Colleague.from_dict(asked.to_dict()) == asked
    assert asked.to_dict()["asked_on"] == "2026-12-02"
    assert Colleague("Sanne", "copywriting", "trusted", False, "2026-12-02").asked_on is None


def test_the_referral_claims_room_only_when_each_candidate_was_asked_lately():
    sanne = Colleague("Sanne", "copywriting", "trusted", True, date(2026, 12, 2))
    tom = Colleague("Tom", "copywriting", "trusted", True)
    assert room_confirmed(classify_referral([sanne], "copywriting"), [sanne], date(2026, 12, 10))
    assert not room_confirmed(classify_referral([sanne, tom], "copywriting"), [sanne, tom], date(2026, 12, 10))
