"""The facilitator's guide (notnow.facilitator): its plans add up, every step has its question, in both languages."""

from __future__ import annotations

import re

import pytest

from notnow import content, facilitator
from notnow.assessment import STEPS


@pytest.mark.parametrize("lang", content.LANGS)
def test_the_short_plan_fills_exactly_ninety_minutes(lang):
    """10 + 20 + 20 + 15 + 10 + 10 + 5 = 90: the 90-minute plan is neither over nor under."""
    short = next(p for p in facilitator.plans(lang) if p.id == "short")
    assert [b.minutes for b in short.blocks] == [10, 20, 20, 15, 10, 10, 5]
    assert short.minutes == 90


@pytest.mark.parametrize("lang", content.LANGS)
def test_the_half_day_plan_fills_three_and_a_half_hours_with_two_breaks(lang):
    """20 + 35 + 15 + 40 + 30 + 10 + 25 + 20 + 15 = 210 minutes, two of its blocks breaks."""
    half = next(p for p in facilitator.plans(lang) if p.id == "half_day")
    assert half.minutes == 210
    assert [b.minutes for b in half.blocks] == [20, 35, 15, 40, 30, 10, 25, 20, 15]
    assert half.blocks[3].start == 70  # after 20 + 35 + 15


def test_both_languages_have_the_same_plans_blocks_and_exercises():
    """A host switching language gets the same session: same plans, block lengths and exercises."""
    en, nl = facilitator.plans("en"), facilitator.plans("nl")
    assert [(p.id, [b.minutes for b in p.blocks]) for p in en] == [(p.id, [b.minutes for b in p.blocks]) for p in nl]
    ids = [[e["id"] for e in content.get(lang, "facilitator.exercises")] for lang in content.LANGS]
    assert ids[0] == ids[1] == ["phone", "pushback", "reasons"]


@pytest.mark.parametrize("lang", content.LANGS)
def test_the_guide_asks_one_question_and_names_the_room_view_at_every_step(lang):
    """Each of the nine steps has its question for the room and what the room view shows, in order."""
    html = facilitator.facilitator_html(lang)
    positions = []
    for key in STEPS:
        ask = content.text(lang, f"facilitator.steps.{key}.ask")
        view = content.text(lang, f"facilitator.steps.{key}.view")
        assert ask.strip() and view.strip()
        assert ask.replace("'", "&#39;") in html
        positions.append(html.index(content.text(lang, f"steps.{key}.title")))
    assert positions == sorted(positions)


@pytest.mark.parametrize("lang", content.LANGS)
def test_the_pushback_exercise_pairs_up_the_workbooks_nine_rules(lang):
    """The nine rules come from the workbook's own list, two per pair: five lines, the last with one rule."""
    html = facilitator.facilitator_html(lang)
    rules = [rule["title"] for rule in content.get(lang, "pushback.rules")]
    assert len(rules) == 9
    section = html.split(content.text(lang, "facilitator.rules_in_pairs"), 1)[1].split("</ol>", 1)[0]
    lines = re.findall(r"<li>(.*?)</li>", section)
    assert len(lines) == 5
    assert lines[0] == f"{rules[0]} · {rules[1]}"
    assert lines[-1] == rules[8]


@pytest.mark.parametrize("lang", content.LANGS)
def test_the_round_goes_through_the_seven_reasons_for_no(lang):
    """The round lists the workbook's seven reasons for no, in its order."""
    html = facilitator.facilitator_html(lang)
    section = html.split(content.text(lang, "facilitator.reasons_round"), 1)[1].split("</ol>", 1)[0]
    titles = [r["title"] for r in content.get(lang, "no_reasons")]
    assert len(titles) == 7
    assert re.findall(r"<li>(.*?)</li>", section) == [t.replace("'", "&#39;") for t in titles]


def test_the_plan_clock_counts_hours_and_minutes():
    """Block starts print as h:mm from the start: 0:00, 1:10, 3:15."""
    half = next(p for p in facilitator.plans("en") if p.id == "half_day")
    html = facilitator.facilitator_html("en")
    assert "<td class='num'>0:00</td>" in html
    assert "<td class='num'>1:10</td>" in html  # 20 + 35 + 15 = 70 minutes in
    assert half.blocks[-1].start == 195  # 210 − 15: the close starts at 3:15
    assert "<td class='num'>3:15</td>" in html


def test_text_in_the_guide_is_escaped_like_every_printable_page():
    """The guide is a Jinja page with autoescape: a quote in a text arrives as an entity, not raw markup."""
    html = facilitator.facilitator_html("nl")
    assert "'Maar je had het beloofd!'" not in html
    assert "&#39;Maar je had het beloofd!&#39;" in html
