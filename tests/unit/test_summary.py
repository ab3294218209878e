"""The printable pages: a case summary that holds the example's figures, escapes what users typed, and
a blank worksheet with every step, in both languages."""

from __future__ import annotations

import base64
import copy
import html
import re
from pathlib import Path

import pytest
from markupsafe import escape

from notnow import Assessment, Part, content, summary
from notnow.assessment import STEPS
from notnow.summary import case_summary_html, summary_data_uri, tier_rows, worksheet_html

EVIL = "<img src=x onerror=alert(1)>"
EVIL_ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"


def text_of(page: str) -> str:
    """The page's visible text, roughly: style and tags dropped, entities undone, whitespace collapsed."""
    plain = re.sub(r"<style>.*?</style>", " ", page, flags=re.S)
    plain = re.sub(r"<[^>]+>", " ", plain)
    return " ".join(html.unescape(plain).split())


# --- the case summary ------------------------------------------------------------------------------

# The worked example (data/examples/*.json), by hand: 16 h at €95, received Fri 20 Nov 10:00, deadline Wed 25 Nov
# 17:00, 8-hour days with 6, 4 and 2 h booked on Mon 23, Tue 24 and Wed 25 Nov.
# - free before the deadline: (8−6) + (8−4) + (8−2) = 2 + 4 + 6 = 12 h; overtime needed 16 − 12 = 4 h
# - notice 5 days 7 hours (under 7 days: 25 %): normal fee 16 × 95 = 1,520.00; surcharge 25 % = 380.00;
#   overtime premium 4 × 95 × 50 % = 190.00; total 1,520 + 380 + 190 = 2,090.00
# - extra per evening hour (380 + 190) ÷ 4 = 142.50, above the user's minimum of 100: worth it
# - split: the urgent 6 h take Mon's 2 h and Tue's 4 h (done Tue 24 Nov); on its own the other 10 h would take
#   half the free hours from Wed (3 + 4 + 3, done Fri 27 Nov), but the example also offers the whole job by
#   Thu 26 Nov, so the reply promises the rest at full pace: Wed 6 + Thu 4 = 10, done Thu 26 Nov, and the
#   summary shows that promised plan (one truth with the mail and the .ics)
# - earliest finish in normal hours: running free total 2, 6, 12, 20 ≥ 16 on Thu 26 Nov
# - referral: Sanne de Vries is trusted, available and writes copy: case A; check-in set to Tue 8 Dec


def test_the_example_summary_holds_the_worked_figures_in_english():
    page = case_summary_html(Assessment.example("en"), "en")
    plain = text_of(page)
    assert "€2,090.00" in page  # the rush total
    assert "€1,520.00" in page  # the normal fee
    assert "Rush surcharge: 25 % for 5 days 7 hours of notice €380.00" in plain
    assert "Overtime premium: 4 h at 50 % €190.00" in plain
    assert "€142.50" in plain  # the extra per evening hour, in the verdict
    assert "Thursday, 26 November 2026" in page  # the earliest finish
    assert "Tuesday, 24 November 2026" in page  # urgent part done
    assert "Friday, 27 November 2026" not in page  # the spread plan's date is not what the reply promises
    assert "Wed 25 Nov Product pages (6 h)" in plain  # all of Wednesday's 6 free hours: full pace
    assert "Thu 26 Nov Product pages (4 h)" in plain
    assert "Sanne de Vries" in page  # referral case A
    assert "Tuesday, 8 December 2026" in page  # the check-in date
    assert "Free before the deadline 12 hours" in plain


def test_the_example_summary_in_dutch_formats_money_and_dates_the_dutch_way():
    page = case_summary_html(Assessment.example("nl"), "nl")
    plain = text_of(page)
    assert "€ 2.090,00" in page  # the same figures as above, written the Dutch way
    assert "€ 1.520,00" in page
    assert "25 % bij 5 dagen en 7 uur aanlooptijd € 380,00" in plain
    assert "€ 190,00" in plain
    assert "€ 142,50" in plain
    assert "donderdag 26 november 2026" in page
    assert "dinsdag 24 november 2026" in page
    assert "vrijdag 27 november 2026" not in page  # the rest at full pace, as promised: Thu 26 Nov
    assert "dinsdag 8 december 2026" in page
    assert "12 uur" in plain
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
    assert "What I can offer:" in text_of(case_summary_html(a, "en"))
    a = a.replace(reply_text="Dear Bloom & Co,\n\nMy own words.\n")
    page = case_summary_html(a, "en")
    assert "<pre class='reply'>Dear Bloom &amp; Co,\n\nMy own words.</pre>" in page
    assert "What I can offer:" not in page


# Every field a user types that the summary shows; each gets the payload plus its own name, so each is found.
TYPED = (
    "client",
    "asked",
    "urgent",
    "skill",
    "why_soon",
    "at_stake",
    "in_their_place",
    "detail",
    "part",
    "colleague",
    "reversal",
    "notes",
)


def hostile_case(payload: str) -> Assessment:
    """The example with `payload` in every field a user types."""

    def typed(name: str) -> str:
        return f"{payload} {name}"

    data = Assessment.example("en").to_dict()
    data["request"].update(
        client=typed("client"), asked=typed("asked"), urgent_part=typed("urgent"), skill=typed("skill")
    )
    data["empathy"] = {key: typed(key) for key in ("why_soon", "at_stake", "in_their_place")}
    data["reason"] = "other"
    data["reason_detail"] = typed("detail")
    data["parts"] = [
        {"name": typed("part"), "hours": 6, "urgent": True},
        {"name": "rest", "hours": 10, "urgent": False},
    ]
    data["colleagues"][0].update(name=typed("colleague"), skills=[typed("skill")])
    data["reversal_example"] = typed("reversal")
    data["reversal_confirmed"] = True
    data["boundary_notes"] = typed("notes")
    return Assessment.from_dict(data)


@pytest.mark.parametrize("lang", content.LANGS)
@pytest.mark.parametrize("payload", [EVIL, "{{ 7*7 }}", "{% raw %}</pre><script>alert(1)</script>"])
def test_every_field_a_user_typed_shows_as_text_never_as_markup(payload, lang):
    a = hostile_case(payload)
    page = case_summary_html(a, lang)
    plain = text_of(page)
    for name in TYPED:
        assert f"{payload} {name}" in plain, name
    assert "<img" not in page and "<script" not in page
    assert "49 client" not in plain  # {{ 7*7 }} was not evaluated
    assert page.count("</pre>") == 1  # only the reply's own
    page = case_summary_html(a.replace(reply_text=f"Dear {payload} reply,"), lang)
    assert f"Dear {payload} reply," in text_of(page)
    assert "<img" not in page and "<script" not in page


def test_typed_text_is_escaped_in_the_title_too():
    page = case_summary_html(hostile_case(EVIL), "en")
    assert f"<title>notnow — case summary: {EVIL_ESCAPED} client</title>" in page
    assert page.count(EVIL_ESCAPED) >= len(TYPED)


def test_html_in_our_own_content_never_reaches_a_page_as_markup(monkeypatch):
    """Content markdown has raw HTML switched off, and plain content texts are escaped like user text."""
    tree = copy.deepcopy(content.load("en"))
    tree["split"]["parts_help"] = f"Cut the job **up**. {EVIL} <script>alert(1)</script>"
    tree["referral"]["cases"]["A"]["explain"] = f"*Easy*: {EVIL}"
    tree["referral"]["cases"]["A"]["script"] = "Ask {names} <script>alert(1)</script>"
    tree["no_reasons"][0]["text"] = f"{EVIL} no"
    tree["pushback"]["rules"][0]["tip"] = f"{EVIL} tip"
    monkeypatch.setattr(content, "load", lambda lang: tree)
    worksheet = worksheet_html("en")
    summary_page = case_summary_html(Assessment.example("en"), "en")
    for page in (worksheet, summary_page):
        assert "<img" not in page and "<script" not in page
    assert "<strong>up</strong>" in worksheet and "<em>Easy</em>" in worksheet  # markdown still works
    assert f"{EVIL} no" in text_of(worksheet)
    assert "Ask Sanne de Vries <script>alert(1)</script>" in text_of(summary_page)


def test_the_summary_module_builds_no_html_and_escapes_nothing_by_hand():
    source = Path(summary.__file__).read_text(encoding="utf-8")
    assert not re.search(r"\be\(|html\.escape|import html|\bescape\(", source)
    assert not re.search(r"<(p|b|i|div|span|table|tr|td|th|ul|ol|li|h[1-6]|section|pre|blockquote|br)\b", source)
    assert source.count("Markup(") == 1  # our own stylesheet, the one thing inserted as it is


def test_the_pages_render_with_escaping_on_and_refuse_a_missing_name():
    from jinja2 import UndefinedError

    env = summary._environment()
    assert env.from_string("{{ x }}").render(x="<b>&") == "&lt;b&gt;&amp;"
    with pytest.raises(UndefinedError):
        env.from_string("{{ missing }}").render()


@pytest.mark.parametrize(
    "make", [lambda: case_summary_html(Assessment.example("nl"), "nl"), lambda: worksheet_html("en")]
)
def test_the_one_stylesheet_is_inlined_into_every_page(make):
    css = (Path(summary.__file__).parent / "templates" / "notnow.css").read_text(encoding="utf-8")
    page = make()
    assert f"<style>\n{css}" in page
    assert page.count("<style>") == 1


def test_a_case_with_a_bad_part_still_renders_and_says_what_is_wrong():
    a = Assessment.example("en")
    a = a.replace(parts=[Part("Everything", 9000, True)])
    page = case_summary_html(a, "en")
    assert "doesn't fit into your calendar" in text_of(page)
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
    assert base64.b64decode(uri[len(prefix) :]).decode("utf-8") == page
    assert re.fullmatch(r"[A-Za-z0-9+/=]+", uri[len(prefix) :])


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
        assert f"☐</span><b>{escape(reason['label'])}</b>" in page
    for case in "ABCD":
        assert content.text(lang, f"referral.cases.{case}.label") in plain
    for offer in content.get(lang, "offers").values():
        assert offer["label"] in plain
    rules = content.get(lang, "pushback.rules")
    assert len(rules) == 9
    for rule in rules:
        assert f"☐</span><b>{escape(rule['title'])}</b>" in page
    reasons_for_no = content.get(lang, "no_reasons")
    assert len(reasons_for_no) == 7
    for reason in reasons_for_no:
        assert reason["title"] in plain


def test_the_worksheet_shows_the_rush_tiers_from_the_data():
    assert tier_rows("en") == [
        ("under 1 day", "100 %"),
        ("1–3 days", "50 %"),
        ("3–7 days", "25 %"),
        ("7 days or more", "0 %"),
    ]
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
