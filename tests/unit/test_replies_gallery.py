"""The gallery of replies (docs/replies/): every combination of reason × offers × register × language ×
new/known client × email/phone, held to the rules of issue 14, and the committed gallery is current.

The worked example, by hand (see tests/unit/test_reply.py): received Fri 20 Nov 2026 10:00, due Wed 25 Nov 17:00;
the think date is Monday 23 November; the check-in Tue 8 Dec falls in the week of Monday 7 December; every date
is in 2026. Leave and a special occasion get Tuesday 24 November off.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notnow import content
from notnow.gallery import CLIENTS, OFFER_SETS, REGISTERS, Combination, combinations, pages, replies, write_gallery
from notnow.honesty import REASONS
from notnow.reply import compose_reply, promises, words_in
from tests.conftest import examples

GALLERY = Path(__file__).resolve().parents[2] / "docs" / "replies"
SLOGANS = ("not now doesn't mean never", "not now does not mean never", "nu niet is niet nooit")
JE_FORMS = {"je", "jij", "jou", "jouw", "jullie", "jezelf"}
U_FORMS = {"u", "uw", "uzelf"}
URGENT = {"en": "the landing page", "nl": "de landingspagina"}
THINK_DATE = {"en": "Monday 23 November", "nl": "maandag 23 november"}
JOB_OFFERS = {"split", "later", "rush"}


@pytest.fixture(scope="module")
def gallery() -> dict[Combination, str]:
    return replies()


def words(text: str) -> set[str]:
    return {w.casefold() for w in re.findall(r"\w+", text)}


def test_the_gallery_holds_every_combination(gallery):
    """6 reasons × 9 offer sets × 2 registers × 2 languages × 2 clients × 2 channels."""
    assert len(gallery) == len(REASONS) * len(OFFER_SETS) * 2 * 2 * 2 * 2 == 864
    assert {c.lang for c in gallery} == {"en", "nl"} and {c.address for c in gallery} == set(REGISTERS)
    assert {c.relationship for c in gallery} == set(CLIENTS) and {c.channel for c in gallery} == {"email", "phone"}


def test_the_committed_gallery_is_current(gallery, tmp_path):
    """`python -m notnow replies` run now writes exactly the committed docs/replies/."""
    write_gallery(tmp_path)
    fresh = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.glob("*.md")}
    committed = {p.name: p.read_text(encoding="utf-8") for p in GALLERY.glob("*.md")}
    assert sorted(fresh) == sorted(committed)
    stale = [name for name in fresh if fresh[name] != committed[name]]
    assert not stale, f"run `python -m notnow replies` and commit docs/replies/: {stale}"
    assert pages(gallery) == fresh


def test_the_index_links_every_page():
    index = (GALLERY / "README.md").read_text(encoding="utf-8")
    for page in GALLERY.glob("*.md"):
        assert page.name == "README.md" or f"]({page.name})" in index


def test_every_reply_reads_as_one_answer(gallery):
    """Each rule of issue 14, for every reply in the gallery."""
    for combo, text in gallery.items():
        a = combo.case()
        offered = promises(a).offers
        lang, low = combo.lang, text.casefold()
        where = combo.title() + f" ({lang}, {combo.reason})"
        # No slogan; the open door only when the answer to this job is no (not a holding reply either).
        assert not any(slogan in low for slogan in SLOGANS), where
        doors = [content.text(lang, f"reply.{a.address}.door_{g}_{combo.relationship}") for g in ("time", "work")]
        answer_is_no = offered != ("think",) and not JOB_OFFERS & set(offered)
        assert any(door in text for door in doors) == answer_is_no, where
        # Every date is in 2026: no year; the check-in by its week.
        assert "2026" not in text, where
        if offered != ("think",):
            week = {"en": "in the week of 7 December", "nl": "in de week van 7 december"}[lang]
            assert week in text, where
        # The window is named, never "now".
        assert "between now" not in low and "from now" not in low and "van nu" not in low, where
        # Whole amounts without cents, and the VAT words with the one amount there is (the rush price).
        assert ".00" not in text and ",00" not in text, where
        vat = {"en": "excl. VAT", "nl": "excl. btw"}[lang]
        assert (vat in text) == ("rush" in offered) == ("€" in text), where
        # The urgent part only with a split; the senior role (naming the colleague) only beside a referral A/B.
        assert (URGENT[lang] in text) == ("split" in offered), where
        assert ("senior" in low) == ("senior" in offered), where
        if "senior" in offered:
            assert a.referral().case in ("A", "B") and "Sanne de Vries" in next(
                line for line in text.splitlines() if "senior" in line
            ), where
        if "reversal" in offered:
            assert "referral" in offered and a.referral().case in ("A", "B"), where
        # A holding reply: when the answer comes, and nothing else.
        if "think" in offered:
            assert offered == ("think",) and THINK_DATE[lang] in text, where
            assert "Sanne" not in text and URGENT[lang] not in text, where
        # Nothing scheduled inside the occasion's day (Tuesday 24 November), which the reply names.
        if combo.reason == "special_occasion" and offered != ("think",):  # a holding reply gives no reason yet
            day = {"en": "Tuesday 24 November", "nl": "dinsdag 24 november"}[lang]
            assert day in text, where
            offers = "\n".join(line for line in text.splitlines() if line.startswith("- "))
            assert "24" not in offers, where
        # The detail belongs to its reason: the example's detail only in a "fully booked" reply.
        detail = {"en": "three other client projects", "nl": "drie andere klantprojecten"}[lang]
        assert (detail in text) == (combo.reason == "fully_booked" and offered != ("think",)), where
        # One register in Dutch; the greeting agrees with it.
        if lang == "nl":
            assert not words(text) & (U_FORMS if a.address == "je" else JE_FORMS), where
        greeting = {"je": "Maaike,", "u": "Maaike de Boer,"}[a.address]
        assert greeting in text, where
        if combo.channel == "email":
            # The signature once; the length.
            assert text.count("Jordi Verbeek") == 1, where
            limit = 230 if len(offered) > 1 else 160
            assert words_in(text) <= limit, (where, words_in(text))


def test_the_worked_example_with_all_four_offers_is_at_most_230_words(gallery):
    for lang in ("en", "nl"):
        for address in REGISTERS:
            combo = Combination(lang, "fully_booked", OFFER_SETS[0], address, "regular", "email")
            assert words_in(gallery[combo]) <= 230


@settings(max_examples=examples(60), deadline=None)
@given(
    st.sampled_from(list(combinations())),
    st.sampled_from(["excl", "incl"]),
    st.sampled_from(["mevrouw Jansen", "dhr. Jansen", "Petra Jansen", ""]),
)
def test_vat_and_greetings_hold_in_every_combination(combo, vat, contact):
    """The VAT choice reaches the rush price; a title gets "Geachte" in a Dutch u reply, a plain name "Beste"."""
    a = combo.case()
    a = a.replace(vat=vat, request=a.request.replace(contact=contact))
    text = compose_reply(a)
    if "rush" in promises(a).offers:
        words_for_vat = {"en": f"{vat}. VAT", "nl": f"{vat}. btw"}[combo.lang]
        assert words_for_vat in text
    if combo.channel == "email" and combo.lang == "nl" and combo.address == "u":
        expected = {
            "mevrouw Jansen": "Geachte mevrouw Jansen,",
            "dhr. Jansen": "Geachte heer Jansen,",
            "Petra Jansen": "Beste Petra Jansen,",
            "": "Geachte heer, mevrouw,",
        }[contact]
        assert text.split("\n\n")[1] == expected
    if combo.channel == "email" and combo.address == "je" and not contact:
        assert text.split("\n\n")[1] == {"en": "Dear Bloom & Co,", "nl": "Beste Bloom & Co,"}[combo.lang]
