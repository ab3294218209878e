"""The A–D referral case for the asked skill."""

from __future__ import annotations

import pytest

from notnow import Colleague, InputError, classify_referral

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
