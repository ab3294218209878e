"""Printable pages: the one-page summary of a case, and the blank workshop worksheet.

Both are self-contained HTML documents (inline CSS, no scripts, no external files) laid out for A4, so
they can be downloaded from the dashboard, opened in any browser and printed, or turned into PDF by
`notnow.handout`. The pages are Jinja templates in `notnow/templates` with autoescaping on, so whatever a
user typed is escaped on the way in; this module only gathers the values, formatted by `notnow.fmt`.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache, partial
from typing import Any

import pandas as pd
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from notnow import content
from notnow.assessment import EMPATHY_PROMPTS, OFFERS, OUTCOMES, STEPS, Assessment
from notnow.errors import InputError
from notnow.fmt import (
    error_text,
    format_date,
    format_hours,
    format_hours_unit,
    format_money,
    format_notice,
    format_short_date,
    join_names,
    weekday_names,
)
from notnow.honesty import REASONS
from notnow.markdown import markdown, markdown_inline
from notnow.referral import CASES, TRUST_LEVELS
from notnow.reply import compose_reply, promises, split_as_promised
from notnow.request import RELATIONSHIPS
from notnow.rush import RushPolicy, verdict

__all__ = ["case_summary_html", "render_page", "summary_data_uri", "summary_sections", "tier_rows", "worksheet_html"]

MAX_LISTED = 14  # booked days, days off and schedule days shown before "… and N more"

# Steps printed together on one sheet of the worksheet; each group starts on a new page.
WORKSHEET_PAGES: tuple[tuple[str, ...], ...] = (
    ("request", "empathy", "honesty"),
    ("split", "when", "rush"),
    ("referral", "reply"),
    ("after",),
)

# The rows of the worksheet's quote, worked out by hand in this order.
WORKSHEET_CALCULATION: tuple[str, ...] = ("base", "rush", "overtime_hours", "overtime", "total", "extra")

# How the rush verdict reads on the page: the tone colours it and picks its mark (macros.html.j2).
VERDICT_TONES: dict[str, str] = {"impossible": "stop", "fits": "ok", "worth_it": "ok", "not_worth_it": "caution"}


# --- what the templates are given ----------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    """One row of a label / value table."""

    label: str
    value: str
    note: str = ""  # shown muted after the value, e.g. "(regular client)"
    strong: bool = False  # the figure the table is there for
    muted: bool = False  # no answer yet
    keep_lines: bool = False  # typed text whose line breaks matter


@dataclass(frozen=True)
class Note:
    """A line that carries a judgement; the tone ("", ok, caution, warn, stop) colours it and picks its mark."""

    text: str
    tone: str = ""


@dataclass(frozen=True)
class Section:
    """A part of a page: its data, or the message that says why it could not be worked out."""

    data: Any = None
    error: str = ""


def _guarded(lang: str, build: Callable[[], Any]) -> Section:
    """Bad input in one section shows as its message there instead of breaking the whole page."""
    try:
        return Section(data=build())
    except (InputError, ArithmeticError) as error:
        return Section(error=error_text(error, lang) if isinstance(error, InputError) else str(error))


# --- rendering -----------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _environment() -> Environment:
    """Templates escape every value by default; a name the page forgets to pass is an error, not a blank."""
    loader = PackageLoader("notnow", "templates")
    env = Environment(
        loader=loader,
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["markdown"] = markdown
    env.filters["markdown_inline"] = markdown_inline
    env.globals["stylesheet"] = Markup(loader.get_source(env, "notnow.css")[0])  # our own file, inlined as is
    return env


def render_page(template: str, lang: str, **values: Any) -> str:
    """A page template of notnow/templates with the labels of `lang` at hand (t, s, field, steps)."""
    steps = {
        key: {
            "number": n,
            "title": content.text(lang, f"steps.{key}.title"),
            "summary": content.text(lang, f"steps.{key}.summary"),
        }
        for n, key in enumerate(STEPS, 1)
    }
    return (
        _environment()
        .get_template(template)
        .render(
            lang=lang,
            t=partial(content.text, lang),
            s=partial(_s, lang),
            field=partial(_field, lang),
            steps=steps,
            **values,
        )
    )


def _s(lang: str, key: str, **values: object) -> str:
    """A label of the printable pages (data/content/<lang>/summary.toml)."""
    return content.text(lang, f"summary.{key}", **values)


def _field(lang: str, name: str) -> str:
    label = content.text(lang, f"fields.{name}")
    return label[:1].upper() + label[1:]


def _moment(moment: datetime, lang: str) -> str:
    return _s(lang, "at_time", date=format_date(moment.date(), lang), time=moment.strftime("%H:%M"))


def _capped(items: list[str], lang: str) -> str:
    if not items:
        return _s(lang, "none")
    shown = items[:MAX_LISTED]
    more = len(items) - len(shown)
    return ", ".join(shown) + (" " + _s(lang, "and_more", n=more) if more else "")


def _yes_no(value: bool, lang: str) -> str:
    return _s(lang, "yes" if value else "no")


# --- the case summary ----------------------------------------------------------------------------


def _request_facts(a: Assessment, lang: str) -> list[Fact]:
    r = a.request
    none = _s(lang, "none")
    return [
        Fact(_field(lang, "client"), r.client, note=_s(lang, f"relationship_{r.relationship}")),
        Fact(_field(lang, "asked"), r.asked or none),
        Fact(_field(lang, "hours"), format_hours_unit(r.hours, lang)),
        Fact(_field(lang, "urgent_part"), r.urgent_part or none),
        Fact(_field(lang, "skill"), r.skill or none),
        Fact(_field(lang, "received"), _moment(r.received, lang)),
        Fact(_field(lang, "deadline"), _moment(r.deadline, lang)),
        Fact(_s(lang, "notice"), format_notice(r.notice_days, lang)),
        Fact(_field(lang, "rate"), _s(lang, "per_hour", amount=format_money(r.rate, r.currency, lang))),
    ]


def _calendar_facts(a: Assessment, lang: str) -> list[Fact]:
    cal = a.calendar
    q = a.quote()
    names = weekday_names(lang)
    booked = [
        f"{format_short_date(d, lang)}: {_s(lang, 'hours_short', n=format_hours(h, lang))}"
        for d, h in sorted(cal.booked.items())
    ]
    days_off = [format_short_date(d, lang) for d in sorted(cal.days_off)]
    return [
        Fact(_field(lang, "hours_per_day"), format_hours_unit(cal.hours_per_day, lang)),
        Fact(_field(lang, "workdays"), ", ".join(names[d] for d in cal.workdays)),
        Fact(_field(lang, "booked"), _capped(booked, lang)),
        Fact(_field(lang, "days_off"), _capped(days_off, lang)),
        Fact(_field(lang, "country"), cal.country),
        Fact(
            _s(lang, "overtime_accepted"),
            _s(
                lang,
                "overtime_accepted_value",
                workday=format_hours_unit(cal.overtime_per_workday, lang),
                weekend=format_hours_unit(cal.overtime_per_weekend_day, lang),
            ),
        ),
        Fact(_s(lang, "free_in_window"), format_hours_unit(q.free_hours, lang), strong=True),
        Fact(_s(lang, "overtime_in_window"), format_hours_unit(q.overtime_available, lang)),
    ]


def _empathy_facts(a: Assessment, lang: str) -> list[Fact]:
    return [
        Fact(_s(lang, f"empathy_{key}"), a.empathy.get(key) or _s(lang, "not_answered"), muted=not a.empathy.get(key))
        for key in EMPATHY_PROMPTS
    ]


def _honesty(a: Assessment, lang: str) -> dict[str, Any] | None:
    if not a.reason:
        return None
    return {
        "reason": content.text(lang, f"honesty.reasons.{a.reason}.label"),
        "detail": a.reason_detail,
        "flags": [f.message for f in a.honesty_flags()],
    }


def _split(a: Assessment, lang: str) -> dict[str, Any] | None:
    plan, promised = split_as_promised(a)  # the schedule and dates the reply promises, not a second count
    if plan is None:
        return None
    by_day: dict[date, list[str]] = {}
    frame = plan.schedule
    for when, part_name, hours in zip(frame["date"], frame["part"], frame["hours"], strict=True):
        by_day.setdefault(pd.Timestamp(when).date(), []).append(
            f"{part_name} ({_s(lang, 'hours_short', n=format_hours(float(hours), lang))})"
        )
    days = sorted(by_day)
    schedule = [(format_short_date(d, lang), ", ".join(by_day[d])) for d in days[:MAX_LISTED]]
    if len(days) > MAX_LISTED:
        schedule.append(("…", _s(lang, "and_more", n=len(days) - MAX_LISTED)))
    notes = []
    if plan.urgent_done is None:
        notes.append(Note(content.text(lang, "split.nothing_urgent")))
    else:
        notes.append(Note(content.text(lang, "split.urgent_done", date=format_date(plan.urgent_done, lang))))
    if plan.all_done is not None:
        notes.append(Note(content.text(lang, "split.all_done", date=format_date(plan.all_done, lang))))
        if promised.rest_at_full_pace and "split" in promised.offers:
            notes.append(Note(content.text(lang, "ui.split.rest_full_pace", date=format_date(plan.all_done, lang))))
    if plan.urgent_done is not None:
        if plan.meets_deadline:
            notes.append(Note(content.text(lang, "split.meets_deadline"), "ok"))
        else:
            notes.append(
                Note(content.text(lang, "split.misses_deadline", deadline=format_date(plan.deadline, lang)), "warn")
            )
    return {
        "parts": [(p.name, format_hours(p.hours, lang), _yes_no(p.urgent, lang)) for p in a.parts],
        "schedule": schedule,
        "notes": notes,
    }


def _when(a: Assessment, lang: str) -> dict[str, str] | None:
    earliest = promises(a, offers=("later",)).whole_done or a.earliest()  # as the when step shows it
    if earliest is None:
        return None
    return {
        "earliest": format_date(earliest, lang),
        "deadline_was": _s(lang, "deadline_was", deadline=format_date(a.request.deadline.date(), lang)),
    }


def _rush(a: Assessment, lang: str) -> dict[str, Any]:
    q = a.quote()
    r = a.request

    def money(amount: Decimal) -> str:
        return format_money(amount, r.currency, lang)

    rows = [
        (_s(lang, "base_fee", hours=format_hours(r.hours, lang), rate=money(r.rate)), money(q.base_fee)),
        (
            _s(lang, "rush_fee", pct=format_hours(q.surcharge_pct, lang), notice=format_notice(q.notice_days, lang)),
            money(q.rush_fee),
        ),
        (
            _s(
                lang,
                "overtime_fee",
                hours=format_hours(q.overtime_hours, lang),
                pct=format_hours(a.policy.overtime_premium_pct, lang),
            ),
            money(q.overtime_fee),
        ),
    ]
    kind = verdict(q)
    extra = {"extra": money(q.extra_per_overtime_hour or Decimal(0))} if kind in ("worth_it", "not_worth_it") else {}
    return {
        "rows": rows,
        "total": (_s(lang, "total"), money(q.total)),
        "verdict": Note(content.text(lang, f"rush.verdict_{kind}", **extra), VERDICT_TONES[kind]),
    }


def _referral(a: Assessment, lang: str) -> dict[str, Any]:
    colleagues = [
        (c.name, ", ".join(c.skills), content.text(lang, f"referral.trust.{c.trust}"), _yes_no(c.available, lang))
        for c in a.colleagues
    ]
    if not a.request.skill:
        return {"colleagues": colleagues, "case": None}
    ref = a.referral()
    script = content.text(lang, f"referral.cases.{ref.case}.script")
    if "{names}" in script:  # only some scripts name the candidates
        script = script.replace("{names}", join_names(list(ref.candidates), lang))
    reversal = a.reversal_example if a.reversal_confirmed else ""
    return {
        "colleagues": colleagues,
        "case": content.text(lang, f"referral.cases.{ref.case}.label"),
        "candidates": ", ".join(ref.candidates),
        "script": script,
        "reversal": reversal,
    }


def _offers(a: Assessment, lang: str) -> list[str]:
    return [content.text(lang, f"offers.{o}.label") for o in promises(a).offers]


def _reply(a: Assessment, lang: str) -> dict[str, str]:
    try:  # the reply in its own language, whatever the summary's
        reply = a.reply_text or compose_reply(a, channel=a.channel)
    except InputError as stopped:  # the calendar contradicts the reason: say what to fix instead
        reply = error_text(stopped, lang)
    return {"channel": _s(lang, f"channel_{a.channel}"), "text": reply.strip()}


def _after_facts(a: Assessment, lang: str) -> list[Fact]:
    none = _s(lang, "none")
    rules = content.get(lang, "pushback.rules")
    done = [r["title"] for r in rules if r["id"] in a.pushback_checked]
    outcome = content.text(lang, f"outcomes.{a.outcome}") if a.outcome else _s(lang, "undecided")
    return [
        Fact(_field(lang, "outcome"), outcome),
        Fact(_field(lang, "follow_up"), _check_in(a, lang)),
        Fact(_s(lang, "boundary_notes"), a.boundary_notes or none, keep_lines=bool(a.boundary_notes)),
        Fact(_s(lang, "pushback"), _s(lang, "rehearsed", done=len(done), total=len(rules)), note=", ".join(done)),
    ]


def _check_in(a: Assessment, lang: str) -> str:
    """The check-in the plan holds (the user's date, or the suggested one), as the .ics has it."""
    check_in = promises(a).check_in
    return format_date(check_in, lang) if check_in else _s(lang, "none")


_SECTIONS: dict[str, Callable[[Assessment, str], Any]] = {
    "request": _request_facts,
    "calendar": _calendar_facts,
    "empathy": _empathy_facts,
    "honesty": _honesty,
    "split": _split,
    "when": _when,
    "rush": _rush,
    "referral": _referral,
    "offers": _offers,
    "reply": _reply,
    "after": _after_facts,
}


def summary_sections(a: Assessment, lang: str) -> dict[str, Section]:
    """What the summary page shows, section by section: plain formatted values, or why a section can't be shown."""
    lang = content.check_lang(lang)
    return {name: _guarded(lang, partial(build, a, lang)) for name, build in _SECTIONS.items()}


def case_summary_html(a: Assessment, lang: str) -> str:
    """The whole case on one printable HTML page: facts, checks, plan, quote, referral, reply, aftercare."""
    lang = content.check_lang(lang)
    return render_page("summary.html.j2", lang, client=a.request.client, **summary_sections(a, lang))


def summary_data_uri(html_text: str) -> str:
    """The page as a data: link (Voila serves no local files): data:text/html;charset=utf-8;base64,…"""
    encoded = base64.b64encode(html_text.encode("utf-8")).decode("ascii")
    return f"data:text/html;charset=utf-8;base64,{encoded}"


# --- the blank worksheet -------------------------------------------------------------------------


def tier_rows(lang: str, policy: RushPolicy | None = None) -> list[tuple[str, str]]:
    """The rush tiers as (notice band, surcharge) texts, ending with the band that earns no surcharge."""
    from notnow.history import notice_band_label  # late: history brings pandas; only the worksheet needs it

    tiers = sorted((policy or RushPolicy()).tiers, key=lambda t: t.under_days)
    rows = []
    low = 0.0
    for tier in tiers:
        if tier.under_days <= low:
            continue
        rows.append((notice_band_label(low, tier.under_days, lang), f"{format_hours(tier.surcharge_pct, lang)} %"))
        low = tier.under_days
    rows.append((notice_band_label(low, math.inf, lang), f"{format_hours(0, lang)} %"))
    return rows


def worksheet_html(lang: str) -> str:
    """The blank workshop worksheet: every step with its questions and room to write, grouped on pages."""
    lang = content.check_lang(lang)

    def labels(prefix: str, keys: tuple[str, ...], suffix: str = "") -> list[str]:
        return [content.text(lang, f"{prefix}{key}{suffix}") for key in keys]

    return render_page(
        "worksheet.html.j2",
        lang,
        pages=WORKSHEET_PAGES,
        relationships=labels("summary.relationship_", RELATIONSHIPS),
        weekdays=weekday_names(lang),
        prompts=content.get(lang, "empathy.prompts"),
        reasons=labels("honesty.reasons.", REASONS, ".label"),
        spread_pct=format_hours(Assessment.spread * 100, lang),  # the share a new case starts with
        tiers=tier_rows(lang),
        premium_pct=format_hours(RushPolicy().overtime_premium_pct, lang),
        verdicts=labels("summary.ws_verdict_", ("fits", "worth_it", "not_worth_it", "impossible")),
        calculation=[(label, "") for label in labels("summary.ws_calc_", WORKSHEET_CALCULATION)],
        trust_levels=" / ".join(labels("referral.trust.", TRUST_LEVELS)),
        cases=[content.get(lang, f"referral.cases.{c}") for c in CASES],
        options=[option["label"] for option in content.get(lang, "referral.options").values()],
        offers=[content.get(lang, f"offers.{o}") for o in OFFERS],
        rules=content.get(lang, "pushback.rules"),
        no_reasons=content.get(lang, "no_reasons"),
        outcomes=labels("outcomes.", OUTCOMES),
    )
