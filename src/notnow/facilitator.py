"""The facilitator's guide: the host's paper beside the participants' worksheet (`make handout`).

Two plans (90 minutes and half a day) with their blocks, the question to ask the room at each step and what
the room view (`notnow.room`) shows then, the exercises and the close. The texts are in
data/content/<lang>/facilitator.toml; the nine pushback rules and the seven reasons for no are read from the
workbook's own texts, so the guide never tells the room something the workbook doesn't. Printed through the
same templates and stylesheet as the worksheet (`notnow.summary.render_page`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from notnow import content
from notnow.assessment import STEPS
from notnow.summary import render_page

__all__ = ["Block", "Plan", "facilitator_html", "plans"]


@dataclass(frozen=True)
class Block:
    """One block of a plan: when it starts (minutes from the start), how long, what, and what happens."""

    start: int
    minutes: int
    title: str
    what: str


@dataclass(frozen=True)
class Plan:
    """A session plan: its blocks back to back; `minutes` is their sum, so the printed total can't drift."""

    id: str
    title: str
    intro: str
    blocks: tuple[Block, ...]

    @property
    def minutes(self) -> int:
        return sum(block.minutes for block in self.blocks)


def plans(lang: str) -> list[Plan]:
    """The plans of the guide, their blocks timed from the start in the order given."""
    found: list[Plan] = []
    for raw in content.get(content.check_lang(lang), "facilitator.plans"):
        start, blocks = 0, []
        for block in raw["blocks"]:
            minutes = int(block["minutes"])
            if minutes <= 0:
                raise ValueError(f"facilitator plan {raw['id']}: a block of {minutes} minutes")
            blocks.append(Block(start, minutes, str(block["title"]), str(block["what"])))
            start += minutes
        found.append(Plan(str(raw["id"]), str(raw["title"]), str(raw["intro"]), tuple(blocks)))
    return found


def _clock(minutes: int) -> str:
    """Minutes from the start as the guide prints them: 0:00, 1:35."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def _pairs(items: Sequence[Any]) -> list[list[Any]]:
    """Two by two; an odd last one makes a pair on its own line."""
    return [list(items[i : i + 2]) for i in range(0, len(items), 2)]


def facilitator_html(lang: str) -> str:
    """The facilitator's guide as one self-contained A4 page set (HTML, for Chromium to print)."""
    lang = content.check_lang(lang)
    questions: Mapping[str, Mapping[str, str]] = content.get(lang, "facilitator.steps")
    missing = [key for key in STEPS if key not in questions]
    if missing:
        raise ValueError(f"facilitator.steps has no question for {', '.join(missing)}")
    return render_page(
        "facilitator.html.j2",
        lang,
        f=partial(_f, lang),
        prepare=content.get(lang, "facilitator.prepare"),
        plans=[
            {
                "title": plan.title,
                "intro": plan.intro,
                "minutes": plan.minutes,
                "blocks": [{**block.__dict__, "start": _clock(block.start)} for block in plan.blocks],
            }
            for plan in plans(lang)
        ],
        questions=questions,
        exercises=content.get(lang, "facilitator.exercises"),
        rule_pairs=_pairs(content.get(lang, "pushback.rules")),
        no_reasons=content.get(lang, "no_reasons"),
    )


def _f(lang: str, key: str, **values: object) -> str:
    return content.text(lang, f"facilitator.{key}", **values)
