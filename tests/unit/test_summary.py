"""The printable pages: a case summary that holds the example's figures, escapes what users typed, and
a blank worksheet with every step, in both languages."""

from __future__ import annotations

import base64
import re

import pytest

from notnow import Assessment, Part, content
from notnow.assessment import STEPS
from notnow.summary import case_summary_html, summary_data_uri, tier_rows, worksheet_html

EVIL = "<img src=x onerror=alert(1)>"
EVIL_ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"


def text_of(page: str) -> str:
    """The page's visible text, roughly: tags dropped, entities for & < > and quotes undone."""
    plain = re.sub(r"<style>.*?</style>", " ", page, flags=re.S)
    plain = re.sub(r"<[^>]+>", " ", plain)
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&#x27;", "'"), ("&amp;", "&")):
        plain = plain.replace(entity, char)
    return " ".join(plain.split())


# --- the case summary ------------------------------------------------------------------------------

def test_the_example_summary_holds_the_worked_figures_in_english():
    page = case_summary_html(Assessment.example("en"), "en")
    assert "€2,090.00" in page  # the rush total
    assert "€1,520.00" in page  # the normal fee
    assert "Thursday, 26 November 2026" in page  # the earliest finish
    assert "Tuesday, 24 November 2026" in page  # urgent part done
    assert "Friday, 27 November 2026" in page  # everything done
    assert "Sanne de Vries" in page  # referral case A
    assert "Tuesday, 8 December 2026" in page  # the check-in date
    assert "12 hours" in text_of(page)  # free before the deadline


def test_the_example_summary_in_dutch_formats_money_and_dates_the_dutch_way():
    page = case_summary_html(Assessment.example("nl"), "nl")
    assert "€ 2.090,00" in page
    assert "donderdag 26 november 2026" in page
    assert "€2,090.00" not in page


@pytest.mark.parametrize("lang", content.LANGS)
def test_the_summary_is_a_self_contained_page_with_every_step_title(lang):
    page = case_summary_html(Assessment.example(lang), lang)
    assert page.startswith("<!DOCTYPE html>")
    assert f"<html lang='{lang}'>" in page
    assert "size: A4" in page
    for forbidden in ("<script", "<link", "http://", "https://", " src="):
        assert forbidden not in page
    for key in STEPS:
        assert content.text(lang, f"steps.{key}.title") in text_of(page)


def test_labels_follow_the_language():
    en = text_of(case_summary_html(Assessment.example("en"), "en"))
    nl = text_of(case_summary_html(Assessment.example("nl"), "nl"))
    assert "Rush rate" in en and "Rush rate" not in nl
    assert content.text("nl", "steps.rush.title") in nl
    assert content.text("nl", "summary.what_is_asked") in nl


def test_the_reply_is_composed_when_not_edited_and_kept_when_edited():
    a = Assessment.example("en")
    assert "These are the options I can see:" in text_of(case_summary_html(a, "en"))
    a = a.replace(reply_text="Dear Bloom & Co,\n\nMy own words.\n")
    page = case_summary_html(a, "en")
    assert "<pre class='reply'>Dear Bloom &amp; Co,\n\nMy own words.</pre>" in page
    assert "These are the options I can see:" not in page


def test_everything_a_user_typed_is_escaped():
    data = Assessment.example("en").to_dict()
    data["request"]["client"] = EVIL
    data["request"]["asked"] = EVIL
    data["request"]["skill"] = "copywriting"
    data["empathy"] = {"why_soon": EVIL, "at_stake": EVIL, "in_their_place": EVIL}
    data["reason"] = "other"
    data["reason_detail"] = EVIL
    data["parts"] = [{"name": EVIL, "hours": 6, "urgent": True}, {"name": "rest", "hours": 10, "urgent": False}]
    data["colleagues"][0]["name"] = EVIL
    data["reversal_example"] = EVIL
    data["reversal_confirmed"] = True
    data["boundary_notes"] = EVIL
    a = Assessment.from_dict(data)
    page = case_summary_html(a, "en")
    assert "<img" not in page
    assert "onerror=alert(1)>" not in page
    assert page.count(EVIL_ESCAPED) >= 8
    assert f"<title>notnow — case summary: {EVIL_ESCAPED}</title>" in page
    a = a.replace(reply_text=f"Dear {EVIL},")
    assert "<img" not in case_summary_html(a, "en")


def test_a_case_with_a_bad_part_still_renders_and_says_what_is_wrong():
    a = Assessment.example("en")
    a = a.replace(parts=[Part("Everything", 9000, True)])
    page = case_summary_html(a, "en")
    assert "doesn&#x27;t fit into your calendar" in page
    assert "€2,090.00" in page  # the other sections are still there


def test_a_blank_case_renders_without_parts_reason_or_skill():
    page = text_of(case_summary_html(Assessment.blank("en"), "en"))
    assert content.text("en", "summary.no_parts") in page
    assert content.text("en", "summary.no_reason") in page
    assert content.text("en", "summary.no_skill") in page
    assert content.text("en", "summary.undecided") in page


def test_summary_data_uri_round_trips_the_page():
    page = case_summary_html(Assessment.example("nl"), "nl")
    uri = summary_data_uri(page)
    prefix = "data:text/html;charset=utf-8;base64,"
    assert uri.startswith(prefix)
    assert base64.b64decode(uri[len(prefix):]).decode("utf-8") == page
    assert re.fullmatch(r"[A-Za-z0-9+/=]+", uri[len(prefix):])


# --- the blank worksheet ---------------------------------------------------------------------------

@pytest.mark.parametrize("lang", content.LANGS)
def test_the_worksheet_has_every_step_title_and_summary(lang):
    page = text_of(worksheet_html(lang))
    for key in STEPS:
        assert content.text(lang, f"steps.{key}.title") in page
        assert content.text(lang, f"steps.{key}.summary") in page
    assert content.text(lang, "summary.worksheet_title") in page


@pytest.mark.parametrize("lang", content.LANGS)
def test_the_worksheet_holds_the_method_as_checklists(lang):
    page = worksheet_html(lang)
    plain = text_of(page)
    for prompt in content.get(lang, "empathy.prompts"):
        assert prompt["question"] in plain
    for reason in content.get(lang, "honesty.reasons").values():
        assert f"☐</span><b>{reason['label']}</b>" in page.replace("&#x27;", "'")
    for case in "ABCD":
        assert content.text(lang, f"referral.cases.{case}.label") in plain
    for offer in content.get(lang, "offers").values():
        assert offer["label"] in plain
    rules = content.get(lang, "pushback.rules")
    assert len(rules) == 9
    for rule in rules:
        assert f"☐</span><b>{rule['title']}</b>" in page.replace("&#x27;", "'")
    reasons_for_no = content.get(lang, "no_reasons")
    assert len(reasons_for_no) == 7
    for reason in reasons_for_no:
        assert reason["title"] in plain


def test_the_worksheet_shows_the_rush_tiers_from_the_data():
    assert tier_rows("en") == [("under 1 day", "100 %"), ("1–3 days", "50 %"), ("3–7 days", "25 %"),
                               ("7 days or more", "0 %")]
    page = text_of(worksheet_html("en"))
    assert "under 1 day 100 %" in page
    assert "7 days or more 0 %" in page
    assert tier_rows("nl")[0] == ("minder dan 1 dag", "100 %")


def test_the_worksheet_is_blank_with_room_to_write_and_page_breaks():
    page = worksheet_html("en")
    assert "Bloom" not in page and "€" not in page  # nothing of the example case
    assert page.count("class='line'") >= 40
    assert "<table class='blank'>" in page
    assert "page-break-before: always" in page
    assert page.count("<div class='page'>") == 3  # four sheets: three breaks


def test_worksheet_and_summary_refuse_an_unknown_language():
    from notnow import InputError

    with pytest.raises(InputError):
        worksheet_html("de")
    with pytest.raises(InputError):
        case_summary_html(Assessment.example("en"), "de")
