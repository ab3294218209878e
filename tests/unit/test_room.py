"""The room's picture (notnow.room): counts from the real store, one per participant, nothing below three."""

from __future__ import annotations

import dataclasses
import json
import sqlite3

import pytest

from notnow import content, room
from notnow.assessment import Assessment
from notnow.store import Store

# Five participants walking the worked example, as far as each got, with the reason and offers each chose.
# The worked example: received Fri 20 Nov 10:00, deadline Wed 25 Nov 17:00 → 5 days 7 hours of notice
# (5 + 7/24 = 5.2917 days), under 7 days → 25 % surcharge; its skill "copywriting" has a trusted colleague → A.
WALKS = (
    ("after", "fully_booked", ("split", "later", "rush", "referral")),
    ("reply", "fully_booked", ("split", "rush")),
    ("rush", "fully_booked", ("later",)),
    ("honesty", "dont_want", ()),
    ("request", "", ()),
)


def walked(step: str, reason: str, offers: tuple[str, ...]) -> Assessment:
    a = Assessment.example("en")
    return dataclasses.replace(a, reached=step, step=step, reason=reason, offers=offers)


@pytest.fixture
def five(tmp_path):
    """A room's store with five participants, each with their own code, as the workshop server makes them."""
    path = tmp_path / "notnow.sqlite3"
    issuer = Store(path)
    for step, reason, offers in WALKS:
        participant = Store(path, owner=issuer.issue_owner_code())
        participant.save(Assessment.example("en"))  # an earlier case: only the last saved one counts
        participant.save(walked(step, reason, offers))
    return path


def counts(pairs):
    return dict(pairs)


def test_each_participant_counts_once_with_their_last_case(five):
    """Ten cases were saved by five people: five rows, and each row is the walk saved last."""
    rows = room.read_room(five)
    assert len(rows) == 5
    assert sorted(rows["reached"]) == [0, 2, 5, 7, 8]  # request, honesty, rush, reply, after


def test_the_bars_count_who_got_at_least_this_far_and_hide_the_small_ones(five):
    """request 5, empathy 4, honesty 4, split 3, when 3, rush 3; referral 2, reply 2, after 1 are withheld."""
    picture = room.room_picture(room.read_room(five))
    assert counts(picture.reached) == {
        "request": 5,
        "empathy": 4,
        "honesty": 4,
        "split": 3,
        "when": 3,
        "rush": 3,
        "referral": None,
        "reply": None,
        "after": None,
    }
    assert picture.participants == 5


def test_reasons_offers_and_cases_are_counted_and_a_lone_choice_is_withheld(five):
    """Three chose fully booked (shown), one don't-want (withheld); each offer was ticked by two (withheld)."""
    picture = room.room_picture(room.read_room(five))
    assert counts(picture.reasons)["fully_booked"] == 3
    assert counts(picture.reasons)["dont_want"] is None
    offers = counts(picture.offers)
    assert offers["split"] is None  # two participants
    assert offers["later"] is None  # two
    assert offers["rush"] is None  # two
    assert all(value is None for value in counts(picture.referral_cases).values())  # only two reached referral


def test_the_medians_of_notice_and_surcharge_come_from_those_with_a_quote(five):
    """Three reached the rush step, each with the example's quote: 25 % and 5 + 7/24 days of notice."""
    picture = room.room_picture(room.read_room(five))
    assert picture.median_surcharge_pct == 25.0
    assert picture.median_notice_days == pytest.approx(5 + 7 / 24)


def test_composed_replies_are_withheld_below_three(five):
    """Two reached the reply step: fewer than three, so the figure says nothing."""
    picture = room.room_picture(room.read_room(five))
    assert picture.composed is None
    assert "composed" in picture.withheld


def test_a_room_of_two_shows_nothing_at_all(tmp_path):
    """With two participants every figure is withheld, the head count included."""
    path = tmp_path / "notnow.sqlite3"
    issuer = Store(path)
    for walk in WALKS[:2]:
        Store(path, owner=issuer.issue_owner_code()).save(walked(*walk))
    picture = room.room_picture(room.read_room(path), connected=2)
    assert picture.participants is None and picture.connected is None
    assert all(v is None for _, v in (*picture.reached, *picture.reasons, *picture.offers, *picture.referral_cases))
    assert picture.median_notice_days is None and picture.median_surcharge_pct is None


def test_no_store_yet_is_an_empty_room(tmp_path):
    """Before anyone saved, the file may not exist: an empty picture, no error, and no file made."""
    missing = tmp_path / "nothing-here.sqlite3"
    picture = room.room_picture(room.read_room(missing), connected=0)
    assert picture.participants is None
    assert not missing.exists()


def test_a_case_that_does_not_load_is_passed_over(five):
    """One damaged row does not blank the picture: the other four still count."""
    with sqlite3.connect(five) as conn:
        newest = conn.execute("SELECT id FROM cases ORDER BY saved_at DESC LIMIT 1").fetchone()[0]
        conn.execute("UPDATE cases SET json = '{broken' WHERE id = ?", (newest,))
    rows = room.read_room(five)
    assert len(rows) == 4


def test_the_store_is_read_without_writing(five):
    """The host's page opens the file read-only: its bytes are the same before and after."""
    before = five.read_bytes()
    room.room_picture(room.read_room(five), connected=5)
    assert five.read_bytes() == before


def test_a_file_that_is_not_a_store_is_an_empty_room(tmp_path):
    """A text file where the store should be, or a database with no cases table: nothing to count, no error."""
    text = tmp_path / "notes.sqlite3"
    text.write_text("not a database")
    assert room.read_room(text).empty
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE something (x)")
    assert room.read_room(other).empty


def test_a_skill_nobody_in_the_list_has_counts_as_case_d():
    """The whole walk, asking for a skill none of the example's colleagues has: step 8 (after), case D, and the
    example's quote: 25 % and 5 + 7/24 days of notice."""
    data = walked("after", "fully_booked", ()).to_dict()
    data["request"]["skill"] = "underwater welding"
    (row,) = room.participant_rows(["x"], [json.dumps(data)])
    assert row[1] == 8 and row[4] == "D"
    assert row[5] == 25.0 and row[6] == pytest.approx(5 + 7 / 24)


def test_the_page_for_a_link_that_is_not_the_hosts_escapes_what_it_is_given():
    """The refusal page is a Jinja page with autoescape: a tag in its text arrives as text."""
    page = room.refusal_html("en", "<b>Not for you</b>", "Open it with the host link.")
    assert "&lt;b&gt;Not for you&lt;/b&gt;" in page
    assert "<b>Not for you</b>" not in page


def test_the_printed_picture_has_no_refresh_and_no_links():
    """The debrief export (no refresh, no exports) is the same counts without the screen's extras."""
    picture = room.room_picture(room.read_room("/nonexistent/notnow.sqlite3"))
    page = room.room_html(picture, "nl")
    assert "http-equiv='refresh'" not in page and "debrief." not in page
    assert content.text("nl", "room.fewer") in page
