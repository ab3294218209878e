"""Printable pages: the one-page summary of a case, and the blank workshop worksheet.

Both are self-contained HTML documents (inline CSS, no scripts, no external files) laid out for A4, so
they can be downloaded from the dashboard, opened in any browser and printed, or turned into PDF by
`notnow.handout`. Every text a user typed is escaped; every label comes from data/content.
"""

from __future__ import annotations

import base64
import html
import math
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

import pandas as pd

from notnow import content
from notnow.assessment import EMPATHY_PROMPTS, STEPS, Assessment
from notnow.errors import InputError
from notnow.fmt import error_text, format_date, format_hours, format_hours_unit, format_money, join_names
from notnow.honesty import REASONS
from notnow.referral import CASES, TRUST_LEVELS
from notnow.reply import available_offers, compose_reply
from notnow.request import RELATIONSHIPS
from notnow.rush import RushPolicy, verdict

__all__ = ["case_summary_html", "summary_data_uri", "worksheet_html"]

BOX = "☐"
TICK = "☒"
MAX_LISTED = 14  # booked days, days off and schedule days shown before "… and N more"

# Steps printed together on one sheet of the worksheet; each group starts on a new page.
WORKSHEET_PAGES: tuple[tuple[str, ...], ...] = (
    ("request", "empathy", "honesty"),
    ("split", "when", "rush"),
    ("referral", "reply"),
    ("after",),
)

CSS = """
@page { size: A4; margin: 12mm 14mm 12mm 14mm; }
* { box-sizing: border-box; }
html { font: 9.2pt/1.34 "DejaVu Sans", "Liberation Sans", "Helvetica Neue", Arial, sans-serif; color: #1d1d1d; }
body { max-width: 182mm; margin: 0 auto; padding: 10mm 0; }
@media print { body { padding: 0; max-width: none; } }
body.summary { font-size: 8.9pt; }
body.summary table.facts th { width: 38%; }
header { border-bottom: 2.5pt solid #1565c0; padding-bottom: 2mm; margin-bottom: 3mm; }
.brand { font-weight: bold; color: #1565c0; letter-spacing: .04em; font-size: 9pt; text-transform: lowercase; }
h1 { font-size: 16pt; margin: .5mm 0 1mm; }
h2 { font-size: 11.5pt; color: #0d47a1; border-bottom: .8pt solid #90caf9; margin: 3.5mm 0 1.2mm;
     padding-bottom: .6mm; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 9.8pt; margin: 2mm 0 .8mm; break-after: avoid; page-break-after: avoid; }
p { margin: 1mm 0; }
.tagline, .muted { color: #555; }
.small { font-size: 8.4pt; }
table, blockquote, .verdict, .write, .choices, .card li, ul.boxes li { break-inside: avoid; page-break-inside: avoid; }
.keep { break-inside: avoid; page-break-inside: avoid; }
.page { break-before: page; page-break-before: always; }
.cols { display: grid; grid-template-columns: 1fr 1fr; gap: 0 6mm; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 1.5mm; }
th, td { border: .5pt solid #b8c2cc; padding: .6mm 1.6mm; text-align: left; vertical-align: top; }
thead th { background: #e8f0fb; }
table.facts th { width: 42%; background: #f4f7fb; font-weight: 600; }
table.facts.wide th { width: 30%; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total th, tr.total td { font-weight: bold; border-top: 1.2pt solid #1d1d1d; }
.verdict { font-weight: bold; margin: 1.5mm 0; }
.ok { color: #1b5e20; } .warn { color: #8a1c1c; } .caution { color: #6d4c00; }
ul { margin: 1mm 0; padding-left: 5mm; } li { margin: .3mm 0; }
ul.boxes { list-style: none; padding-left: 0; }
ul.boxes li { padding-left: 5mm; text-indent: -5mm; }
.box { font-family: "DejaVu Sans", sans-serif; margin-right: 1.2mm; }
pre.reply { white-space: pre-wrap; font: inherit; font-size: 8.8pt; line-height: 1.3; border: .6pt solid #b8c2cc;
            background: #fafbfc; padding: 2mm 3mm; margin: 1mm 0; }
blockquote { margin: 1mm 0; padding: 1mm 3mm; border-left: 2pt solid #90caf9; color: #333; }
.card { border: .8pt solid #90caf9; border-radius: 2mm; padding: 1.5mm 3mm; margin: 1.5mm 0; }
.write { display: grid; grid-template-columns: max-content 1fr; gap: 0 2mm; align-items: end; margin: .6mm 0; }
.choices { display: flex; flex-wrap: wrap; gap: .8mm 3.5mm; align-items: baseline; margin: 1.2mm 0; }
.choices .label { font-weight: 600; margin-right: 1mm; }
.opt { white-space: nowrap; }
.write .label { font-weight: 600; }
.line { border-bottom: .6pt solid #8a96a3; height: 5.5mm; }
.lines .line:first-child { margin-top: .5mm; }
table.blank td { height: 6.2mm; }
.hint { color: #666; font-style: italic; font-size: 8.4pt; }
footer { margin-top: 5mm; border-top: .5pt solid #b8c2cc; padding-top: 1mm; color: #666; font-size: 8pt; }
"""


# --- small helpers -------------------------------------------------------------------------------

def e(value: object) -> str:
    """Escape anything for HTML text and attributes."""
    return html.escape(str(value), quote=True)


def _t(lang: str, key: str, **values: object) -> str:
    return content.text(lang, key, **values)


def _s(lang: str, key: str, **values: object) -> str:
    """A label of this module (data/content/<lang>/summary.toml)."""
    return content.text(lang, f"summary.{key}", **values)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _field(lang: str, name: str) -> str:
    return _cap(_t(lang, f"fields.{name}"))


def _md(text: str) -> str:
    """Our own content text (trusted, still escaped first) with **bold**, *italic* and paragraphs."""
    out = []
    for block in text.strip().split("\n\n"):
        line = e(" ".join(part.strip() for part in block.strip().splitlines()))
        line = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", line)
        line = re.sub(r"(?<!\*)\*(?!\s)(.+?)\*", r"<i>\1</i>", line)
        out.append(f"<p>{line}</p>")
    return "".join(out)


def _md_inline(text: str) -> str:
    return _md(text).removeprefix("<p>").removesuffix("</p>").replace("</p><p>", " ")


def _facts(rows: Iterable[tuple[str, str]], wide: bool = False) -> str:
    """A two-column table of label / value; both already HTML."""
    body = "".join(f"<tr><th>{label}</th><td>{value}</td></tr>" for label, value in rows)
    return f"<table class='facts{' wide' if wide else ''}'>{body}</table>"


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]], numeric: Iterable[int] = (),
           css: str = "", widths: Sequence[int] = ()) -> str:
    """A table with a header row; headers and cells already HTML; widths in percent, optional."""
    nums = set(numeric)
    cols = "<colgroup>" + "".join(f"<col style='width:{w}%'>" for w in widths) + "</colgroup>" if widths else ""
    head = "".join(f"<th{' class=num' if i in nums else ''}>{h}</th>" for i, h in enumerate(headers))
    body = "".join("<tr>" + "".join(f"<td{' class=num' if i in nums else ''}>{c}</td>" for i, c in enumerate(row))
                   + "</tr>" for row in rows)
    return f"<table class='{css}'>{cols}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _boxes(items: Iterable[str], ticked: Iterable[bool] | None = None) -> str:
    """A checklist: ☐ (or ☒) before each item (items already HTML)."""
    marks = list(ticked) if ticked is not None else None
    lis = []
    for i, item in enumerate(items):
        mark = TICK if marks is not None and i < len(marks) and marks[i] else BOX
        lis.append(f"<li><span class='box'>{mark}</span>{item}</li>")
    return f"<ul class='boxes'>{''.join(lis)}</ul>"


def _document(lang: str, title: str, body: str, kind: str) -> str:
    return (f"<!DOCTYPE html>\n<html lang='{e(lang)}'><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{e(title)}</title><style>{CSS}</style></head><body class='{kind}'>\n{body}\n</body></html>\n")


def _step_heading(lang: str, key: str) -> str:
    return f"<h2>{STEPS.index(key) + 1}. {e(_t(lang, f'steps.{key}.title'))}</h2>"


def _weekday_names(lang: str) -> list[str]:
    from babel.dates import get_day_names  # late: only the worksheet needs weekday names

    names = get_day_names("abbreviated", locale=_t(lang, "fmt.locale"))
    return [str(names[i]) for i in range(7)]


def _moment(moment: datetime, lang: str) -> str:
    return _s(lang, "at_time", date=format_date(moment.date(), lang), time=moment.strftime("%H:%M"))


def _short_date(day: date, lang: str) -> str:
    from babel.dates import format_date as babel_format_date  # late: the short dates of the summary

    return str(babel_format_date(day, _s(lang, "short_date_format"), locale=_t(lang, "fmt.locale")))


def _days(value: float, lang: str) -> str:
    return _s(lang, "days_one" if abs(value - 1) < 1e-9 else "days_other", n=format_hours(round(value, 1), lang))


def _capped(items: list[str], lang: str) -> str:
    if not items:
        return e(_s(lang, "none"))
    shown = items[:MAX_LISTED]
    more = len(items) - len(shown)
    text = ", ".join(shown)
    return e(text + (" " + _s(lang, "and_more", n=more) if more else ""))


def _guarded(lang: str, build: Callable[[], str]) -> str:
    """A section's body; bad input shows as its message instead of breaking the whole page."""
    try:
        return build()
    except (InputError, ArithmeticError) as error:
        message = error_text(error, lang) if isinstance(error, InputError) else str(error)
        return f"<p class='warn'>⚠ {e(message)}</p>"


# --- the case summary ----------------------------------------------------------------------------

def _request_section(a: Assessment, lang: str) -> str:
    r = a.request
    cal = a.calendar

    def money(amount: Decimal) -> str:
        return format_money(amount, r.currency, lang)

    request_rows = [
        (_field(lang, "client"), f"{e(r.client)} <span class='muted'>({e(_s(lang, f'relationship_{r.relationship}'))})"
                                 "</span>"),
        (_field(lang, "asked"), e(r.asked or _s(lang, "none"))),
        (_field(lang, "hours"), e(format_hours_unit(r.hours, lang))),
        (_field(lang, "urgent_part"), e(r.urgent_part or _s(lang, "none"))),
        (_field(lang, "skill"), e(r.skill or _s(lang, "none"))),
        (_field(lang, "received"), e(_moment(r.received, lang))),
        (_field(lang, "deadline"), e(_moment(r.deadline, lang))),
        (e(_s(lang, "notice")), e(_days(r.notice_days, lang))),
        (_field(lang, "rate"), e(_s(lang, "per_hour", amount=money(r.rate)))),
    ]

    def calendar_rows() -> list[tuple[str, str]]:
        names = _weekday_names(lang)
        q = a.quote()
        booked = [f"{_short_date(d, lang)}: {_s(lang, 'hours_short', n=format_hours(h, lang))}"
                  for d, h in sorted(cal.booked.items())]
        days_off = [_short_date(d, lang) for d in sorted(cal.days_off)]
        return [
            (_field(lang, "hours_per_day"), e(format_hours_unit(cal.hours_per_day, lang))),
            (_field(lang, "workdays"), e(", ".join(names[d] for d in cal.workdays))),
            (_field(lang, "booked"), _capped(booked, lang)),
            (_field(lang, "days_off"), _capped(days_off, lang)),
            (_field(lang, "country"), e(cal.country)),
            (e(_s(lang, "overtime_accepted")),
             e(_s(lang, "overtime_accepted_value", workday=format_hours_unit(cal.overtime_per_workday, lang),
                  weekend=format_hours_unit(cal.overtime_per_weekend_day, lang)))),
            (f"<b>{e(_s(lang, 'free_in_window'))}</b>", f"<b>{e(format_hours_unit(q.free_hours, lang))}</b>"),
            (e(_s(lang, "overtime_in_window")), e(format_hours_unit(q.overtime_available, lang))),
        ]

    return ("<section>" + _step_heading(lang, "request") + "<div class='cols'><div>"
            + f"<h3>{e(_s(lang, 'what_is_asked'))}</h3>" + _facts(request_rows) + "</div><div>"
            + f"<h3>{e(_s(lang, 'your_calendar'))}</h3>" + _guarded(lang, lambda: _facts(calendar_rows()))
            + "</div></div></section>")


def _empathy_section(a: Assessment, lang: str) -> str:
    rows = [(e(_s(lang, f"empathy_{key}")), e(a.empathy[key]) if a.empathy.get(key) else
             f"<span class='muted'>{e(_s(lang, 'not_answered'))}</span>") for key in EMPATHY_PROMPTS]
    return "<section>" + _step_heading(lang, "empathy") + _facts(rows) + "</section>"


def _honesty_section(a: Assessment, lang: str) -> str:
    def body() -> str:
        if not a.reason:
            return f"<p class='muted'>{e(_s(lang, 'no_reason'))}</p>"
        out = [f"<p><b>{e(_s(lang, 'reason'))}:</b> {e(_t(lang, f'honesty.reasons.{a.reason}.label'))}</p>"]
        if a.reason_detail:
            out.append(f"<blockquote>{e(a.reason_detail)}</blockquote>")
        flags = a.honesty_flags()
        if flags:
            out.append("<ul>" + "".join(f"<li class='warn'>⚠ {e(f.message)}</li>" for f in flags) + "</ul>")
        else:
            out.append(f"<p class='ok'>✓ {e(_t(lang, 'honesty.flags.ok'))}</p>")
        out.append(f"<p class='small muted'>{e(_t(lang, 'honesty.never_lie'))}</p>")
        return "".join(out)

    return "<section>" + _step_heading(lang, "honesty") + _guarded(lang, body) + "</section>"


def _split_section(a: Assessment, lang: str) -> str:
    def body() -> str:
        plan = a.split_plan()
        if plan is None:
            return f"<p class='muted'>{e(_s(lang, 'no_parts'))}</p>"
        yes, no = _s(lang, "yes"), _s(lang, "no")
        parts = _table([e(_s(lang, "col_part")), e(_s(lang, "col_hours")), e(_s(lang, "col_urgent"))],
                       [[e(p.name), e(format_hours(p.hours, lang)), e(yes if p.urgent else no)] for p in a.parts],
                       numeric=[1])
        by_day: dict[date, list[str]] = {}
        frame = plan.schedule
        for when, part_name, hours in zip(frame["date"], frame["part"], frame["hours"], strict=True):
            day = pd.Timestamp(when).date()
            by_day.setdefault(day, []).append(
                f"{part_name} ({_s(lang, 'hours_short', n=format_hours(float(hours), lang))})")
        days = sorted(by_day)
        rows = [[e(_short_date(d, lang)), e(", ".join(by_day[d]))] for d in days[:MAX_LISTED]]
        if len(days) > MAX_LISTED:
            rows.append(["…", e(_s(lang, "and_more", n=len(days) - MAX_LISTED))])
        schedule = _table([e(_s(lang, "col_date")), e(_s(lang, "col_planned"))], rows)
        lines = []
        if plan.urgent_done is not None:
            lines.append(e(_t(lang, "split.urgent_done", date=format_date(plan.urgent_done, lang))))
        else:
            lines.append(e(_t(lang, "split.nothing_urgent")))
        if plan.all_done is not None:
            lines.append(e(_t(lang, "split.all_done", date=format_date(plan.all_done, lang))))
        if plan.urgent_done is not None:
            if plan.meets_deadline:
                lines.append(f"<span class='ok'>✓ {e(_t(lang, 'split.meets_deadline'))}</span>")
            else:
                lines.append("<span class='warn'>⚠ " + e(_t(lang, "split.misses_deadline",
                                                              deadline=format_date(plan.deadline, lang))) + "</span>")
        return ("<div class='cols'><div>" + parts + "".join(f"<p>{line}</p>" for line in lines)
                + "</div><div>" + schedule + "</div></div>")

    return "<section>" + _step_heading(lang, "split") + _guarded(lang, body) + "</section>"


def _when_section(a: Assessment, lang: str) -> str:
    def body() -> str:
        earliest = a.earliest()
        if earliest is None:
            return f"<p class='warn'>{e(_s(lang, 'no_earliest'))}</p>"
        deadline = _s(lang, "deadline_was", deadline=format_date(a.request.deadline.date(), lang))
        return (f"<p>{e(_s(lang, 'earliest'))}: <b>{e(format_date(earliest, lang))}</b> "
                f"<span class='muted'>({e(deadline)})</span></p>")

    return "<section>" + _step_heading(lang, "when") + _guarded(lang, body) + "</section>"


def _rush_section(a: Assessment, lang: str) -> str:
    def body() -> str:
        q = a.quote()
        r = a.request

        def money(amount: Decimal) -> str:
            return e(format_money(amount, r.currency, lang))

        rows = [
            [e(_s(lang, "base_fee", hours=format_hours(r.hours, lang), rate=format_money(r.rate, r.currency, lang))),
             money(q.base_fee)],
            [e(_s(lang, "rush_fee", pct=format_hours(q.surcharge_pct, lang), notice=_days(q.notice_days, lang))),
             money(q.rush_fee)],
            [e(_s(lang, "overtime_fee", hours=format_hours(q.overtime_hours, lang),
                  pct=format_hours(a.policy.overtime_premium_pct, lang))), money(q.overtime_fee)],
        ]
        head = [e(_s(lang, "col_item")), e(_s(lang, "col_amount"))]
        table = _table(head, rows, numeric=[1])
        total = f"<tr class='total'><td>{e(_s(lang, 'total'))}</td><td class=num>{money(q.total)}</td></tr></tbody>"
        table = table.replace("</tbody>", total, 1)
        kind = verdict(q)
        extra = format_money(q.extra_per_overtime_hour, r.currency, lang) if q.extra_per_overtime_hour else ""
        text = _t(lang, f"rush.verdict_{kind}", **({"extra": extra} if kind in ("worth_it", "not_worth_it") else {}))
        css = {"impossible": "warn", "fits": "ok", "worth_it": "ok", "not_worth_it": "caution"}[kind]
        mark = {"impossible": "⛔", "fits": "✓", "worth_it": "✓", "not_worth_it": "⚠"}[kind]
        return f"<div class='keep'>{table}<p class='verdict {css}'>{mark} {e(text)}</p></div>"

    return "<section>" + _step_heading(lang, "rush") + _guarded(lang, body) + "</section>"


def _referral_section(a: Assessment, lang: str) -> str:
    def body() -> str:
        out = []
        if a.colleagues:
            yes, no = _s(lang, "yes"), _s(lang, "no")
            out.append(_table(
                [e(_s(lang, "col_name")), e(_s(lang, "col_skills")), e(_s(lang, "col_trust")),
                 e(_s(lang, "col_available"))],
                [[e(c.name), e(", ".join(c.skills)), e(_t(lang, f"referral.trust.{c.trust}")),
                  e(yes if c.available else no)] for c in a.colleagues]))
        if not a.request.skill:
            out.append(f"<p class='muted'>{e(_s(lang, 'no_skill'))}</p>")
            return "".join(out)
        ref = a.referral()
        names = ", ".join(ref.candidates)
        out.append(f"<p><b>{e(_t(lang, f'referral.cases.{ref.case}.label'))}</b></p>")
        if ref.candidates:
            out.append(f"<p>{e(_s(lang, 'candidates'))}: {e(names)}</p>")
        script = _t(lang, f"referral.cases.{ref.case}.script")
        if "{names}" in script:
            script = script.replace("{names}", join_names(list(ref.candidates), lang))
        out.append(f"<blockquote>{e(script)}</blockquote>")
        if a.reversal_confirmed and a.reversal_example:
            out.append(f"<p><b>{e(_t(lang, 'referral.options.reversal.label'))}:</b> {e(a.reversal_example)}</p>")
        return "".join(out)

    return "<section>" + _step_heading(lang, "referral") + _guarded(lang, body) + "</section>"


def _reply_section(a: Assessment, lang: str) -> str:
    def offers() -> str:
        possible = available_offers(a)
        chosen = [o for o in a.offers if o in possible]
        if not chosen:
            return f"<p class='muted'>{e(_s(lang, 'no_offers'))}</p>"
        return (f"<p><b>{e(_s(lang, 'offers_chosen'))}:</b> "
                + e(", ".join(_t(lang, f"offers.{o}.label") for o in chosen)) + "</p>")

    def text() -> str:
        reply = a.reply_text or compose_reply(a, lang, a.channel)
        channel = _s(lang, f"channel_{a.channel}")
        return f"<p class='small muted'>{e(channel)}</p><pre class='reply'>{e(reply.strip())}</pre>"

    return ("<section>" + _step_heading(lang, "reply") + _guarded(lang, offers)
            + _guarded(lang, text) + "</section>")


def _after_section(a: Assessment, lang: str) -> str:
    outcome = _t(lang, f"outcomes.{a.outcome}") if a.outcome else _s(lang, "undecided")
    rules = content.get(lang, "pushback.rules")
    done = [r["title"] for r in rules if r["id"] in a.pushback_checked]
    rows = [
        (_field(lang, "outcome"), e(outcome)),
        (_field(lang, "follow_up"), e(format_date(a.follow_up, lang)) if a.follow_up else e(_s(lang, "none"))),
        (e(_s(lang, "boundary_notes")),
         f"<span style='white-space:pre-wrap'>{e(a.boundary_notes)}</span>" if a.boundary_notes
         else e(_s(lang, "none"))),
        (e(_s(lang, "pushback")), e(_s(lang, "rehearsed", done=len(done), total=len(rules)))
         + (f" <span class='muted'>({e(', '.join(done))})</span>" if done else "")),
    ]
    return "<section>" + _step_heading(lang, "after") + _facts(rows, wide=True) + "</section>"


def case_summary_html(a: Assessment, lang: str) -> str:
    """The whole case on one printable HTML page: facts, checks, plan, quote, referral, reply, aftercare."""
    lang = content.check_lang(lang)
    client = a.request.client
    title = _s(lang, "doc_title", client=client)
    header = (f"<header><div class='brand'>{e(_t(lang, 'app.title'))}</div>"
              f"<h1>{e(_s(lang, 'title', client=client))}</h1>"
              f"<div class='tagline'>{e(_t(lang, 'app.tagline'))}</div></header>")

    def part(build: Callable[[Assessment, str], str]) -> str:
        return _guarded(lang, lambda: build(a, lang))

    body = (header + part(_request_section)
            + f"<div class='cols'><div>{part(_empathy_section)}</div><div>{part(_honesty_section)}</div></div>"
            + "".join(part(s) for s in (_split_section, _when_section, _rush_section, _referral_section,
                                        _reply_section, _after_section)))
    return _document(lang, title, body, "summary")


def summary_data_uri(html_text: str) -> str:
    """The page as a data: link (Voila serves no local files): data:text/html;charset=utf-8;base64,…"""
    encoded = base64.b64encode(html_text.encode("utf-8")).decode("ascii")
    return f"data:text/html;charset=utf-8;base64,{encoded}"


# --- the blank worksheet -------------------------------------------------------------------------

def _lines(n: int) -> str:
    return "<div class='lines'>" + "<div class='line'></div>" * n + "</div>"


def _write(label: str, n: int = 1) -> str:
    """A label with room to write after it (and n − 1 more lines below)."""
    first = f"<div class='write'><span class='label'>{label}</span><div class='line'></div></div>"
    return first + (_lines(n - 1) if n > 1 else "")


def _inline_boxes(items: Iterable[str]) -> str:
    return "".join(f"<span class='opt'><span class='box'>{BOX}</span>{item}</span>" for item in items)


def _choices(label: str, items: Iterable[str]) -> str:
    """A label followed by options to tick, on one (wrapping) line."""
    head = f"<span class='label'>{label}</span>" if label else ""
    return f"<div class='choices'>{head}{_inline_boxes(items)}</div>"


def _blank_table(headers: Sequence[str], rows: int, fill: Sequence[str] | None = None,
                 widths: Sequence[int] = ()) -> str:
    cells = list(fill) if fill is not None else [""] * len(headers)
    return _table(headers, [cells for _ in range(rows)], css="blank", widths=widths)


def _ws_request(lang: str) -> str:
    relationship = [e(_s(lang, f"relationship_{r}")) for r in RELATIONSHIPS]
    left = "".join([
        f"<h3>{e(_s(lang, 'what_is_asked'))}</h3>",
        _write(e(_field(lang, "client"))),
        _choices(e(_field(lang, "relationship")), relationship),
        _write(e(_field(lang, "asked"))),
        _write(e(_field(lang, "hours"))),
        _write(e(_field(lang, "urgent_part"))),
        _write(e(_field(lang, "skill"))),
        _write(e(_field(lang, "received"))),
        _write(e(_field(lang, "deadline"))),
        _write(e(_field(lang, "rate"))),
    ])
    right = "".join([
        f"<h3>{e(_s(lang, 'your_calendar'))}</h3>",
        _write(e(_field(lang, "hours_per_day"))),
        _choices(e(_field(lang, "workdays")), [e(n) for n in _weekday_names(lang)]),
        _write(e(_field(lang, "booked")), 2),
        _write(e(_field(lang, "days_off"))),
        _write(e(_field(lang, "overtime_per_workday"))),
        _write(e(_field(lang, "overtime_per_weekend_day"))),
        _write(f"<b>{e(_s(lang, 'free_in_window'))}</b>"),
        _write(e(_s(lang, "overtime_in_window"))),
    ])
    return f"<div class='cols'><div>{left}</div><div>{right}</div></div>"


def _ws_empathy(lang: str) -> str:
    out = []
    for prompt in content.get(lang, "empathy.prompts"):
        out.append(f"<p><b>{e(prompt['question'])}</b> "
                   f"<span class='hint'>{e(_s(lang, 'for_example', example=prompt['hint']))}</span></p>")
        out.append(_lines(2))
    return "".join(out)


def _ws_honesty(lang: str) -> str:
    reasons = [f"<b>{e(_t(lang, f'honesty.reasons.{r}.label'))}</b>" for r in REASONS]
    return "".join([
        f"<p>{e(_s(lang, 'ws_pick_reason'))}</p>",
        _choices("", reasons),
        _write(e(_t(lang, "honesty.detail_label")), 2),
        _boxes([e(_s(lang, "ws_calendar_backs"))]),
        f"<p class='small'>{e(_t(lang, 'honesty.tip_firm'))} {e(_t(lang, 'honesty.never_lie'))}</p>",
    ])


def _ws_split(lang: str) -> str:
    yes_no = [e(_s(lang, "yes")), e(_s(lang, "no"))]
    return "".join([
        f"<div class='small'>{_md(_t(lang, 'split.parts_help'))}</div>",
        _blank_table([e(_s(lang, "col_part")), e(_s(lang, "col_hours")), e(_s(lang, "col_urgent"))], 5,
                     ["", "", _inline_boxes([e(_s(lang, "yes"))])], widths=[60, 22, 18]),
        f"<p class='small'>{e(_t(lang, 'split.spread_help', pct=50))}</p>",
        "<div class='cols'><div>", _write(e(_s(lang, "ws_urgent_done"))), "</div><div>",
        _write(e(_s(lang, "ws_all_done"))), "</div></div>",
        _choices(e(_s(lang, "ws_meets_deadline")), yes_no),
    ])


def _ws_when(lang: str) -> str:
    return "".join([
        f"<p class='small'>{e(_s(lang, 'ws_when_help'))}</p>",
        "<div class='cols'><div>",
        _blank_table([e(_s(lang, "col_date")), e(_s(lang, "col_free")), e(_s(lang, "col_running"))], 5),
        "</div><div>",
        _blank_table([e(_s(lang, "col_date")), e(_s(lang, "col_free")), e(_s(lang, "col_running"))], 5),
        "</div></div>",
        _write(f"<b>{e(_s(lang, 'earliest'))}</b>"),
    ])


def tier_rows(lang: str, policy: RushPolicy | None = None) -> list[tuple[str, str]]:
    """The rush tiers as (notice band, surcharge) texts, ending with the band that earns no surcharge."""
    from notnow.history import notice_band_label  # late: history pulls in pandas

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


def _ws_rush(lang: str) -> str:
    tiers = _table([e(_s(lang, "col_notice")), e(_s(lang, "col_surcharge"))],
                   [[e(band), e(pct)] for band, pct in tier_rows(lang)], numeric=[1])
    calc = _table([e(_s(lang, "col_item")), e(_s(lang, "col_amount"))],
                  [[e(_s(lang, f"ws_calc_{k}")), ""] for k in ("base", "rush", "overtime_hours", "overtime", "total",
                                                                "extra")],
                  css="blank", widths=[66, 34])
    verdicts = _boxes([e(_s(lang, f"ws_verdict_{k}")) for k in ("fits", "worth_it", "not_worth_it", "impossible")])
    return "".join([
        "<div class='cols'><div>", f"<h3>{e(_s(lang, 'ws_tiers'))}</h3>", tiers,
        f"<p class='small'>{e(_s(lang, 'ws_premium', pct=format_hours(RushPolicy().overtime_premium_pct, lang)))}</p>",
        _write(e(_s(lang, "ws_min_extra"))),
        f"<h3>{e(_s(lang, 'ws_verdict'))}</h3>", verdicts,
        "</div><div>", f"<h3>{e(_s(lang, 'ws_quote'))}</h3>", calc, "</div></div>",
    ])


def _ws_referral(lang: str) -> str:
    trust = " / ".join(_t(lang, f"referral.trust.{t}") for t in TRUST_LEVELS)
    cases = _boxes([f"<b>{e(_t(lang, f'referral.cases.{c}.label'))}</b><br><span class='small'>"
                    f"{_md_inline(_t(lang, f'referral.cases.{c}.explain'))}</span>" for c in CASES])
    options = _boxes([f"<b>{e(_t(lang, f'referral.options.{o}.label'))}</b>"
                      for o in ("name_what_is", "reversal", "senior_role", "ask_time")])
    return "".join([
        _write(e(_field(lang, "skill"))),
        _blank_table([e(_s(lang, "col_name")), e(_s(lang, "col_skills")), e(_s(lang, "col_trust")),
                      e(_s(lang, "col_available"))], 4, widths=[30, 34, 20, 16]),
        f"<p class='small muted'>{e(_s(lang, 'col_trust'))}: {e(trust)}</p>",
        f"<h3>{e(_s(lang, 'ws_which_case'))}</h3>", cases,
        _write(e(_s(lang, "candidates"))),
        f"<h3>{e(_s(lang, 'ws_options'))}</h3>", options,
    ])


def _ws_reply(lang: str) -> str:
    offers = _boxes([f"<b>{e(_t(lang, f'offers.{o}.label'))}</b>: {e(_t(lang, f'offers.{o}.explain'))}"
                     for o in ("split", "later", "rush", "referral", "think", "senior", "reversal")])
    channel = [e(_s(lang, "channel_email")), e(_s(lang, "channel_phone"))]
    return "".join([
        f"<h3>{e(_s(lang, 'offers_chosen'))}</h3>", offers,
        _choices(e(_field(lang, "channel")), channel),
        f"<h3>{e(_s(lang, 'ws_reply_lines'))}</h3>",
        f"<p class='small muted'>{e(_s(lang, 'ws_reply_order'))}</p>",
        _lines(7),
    ])


def _ws_after(lang: str) -> str:
    rules = _boxes([f"<b>{e(r['title'])}</b>: <span class='small'>{e(r['tip'])}</span>"
                    for r in content.get(lang, "pushback.rules")])
    reasons = "".join(f"<li><b>{e(r['title'])}</b>: <span class='small'>{_md_inline(r['text'])}</span></li>"
                      for r in content.get(lang, "no_reasons"))
    outcomes = [e(v) for v in content.get(lang, "outcomes").values()]
    return "".join([
        f"<h3>{e(_s(lang, 'pushback'))}</h3>", rules,
        f"<div class='card'><h3>{e(_s(lang, 'ws_no_reasons'))}</h3><ol>{reasons}</ol></div>",
        f"<h3>{e(_s(lang, 'ws_aftercare'))}</h3>",
        f"<p class='small'>{e(_t(lang, 'aftercare.follow_up_help'))}</p>",
        _write(e(_field(lang, "follow_up"))),
        _write(e(_s(lang, "boundary_notes")), 3),
        _choices(e(_field(lang, "outcome")), outcomes),
    ])


_WORKSHEET_STEPS: dict[str, Callable[[str], str]] = {
    "request": _ws_request, "empathy": _ws_empathy, "honesty": _ws_honesty, "split": _ws_split,
    "when": _ws_when, "rush": _ws_rush, "referral": _ws_referral, "reply": _ws_reply, "after": _ws_after,
}


def worksheet_html(lang: str) -> str:
    """The blank workshop worksheet: every step with its questions and room to write, grouped on pages."""
    lang = content.check_lang(lang)
    header = (f"<header><div class='brand'>{e(_t(lang, 'app.title'))}</div>"
              f"<h1>{e(_s(lang, 'worksheet_title'))}</h1>"
              f"<div class='tagline'>{e(_t(lang, 'app.tagline'))}</div>"
              f"<div class='cols'>{_write(e(_s(lang, 'ws_name')))}{_write(e(_s(lang, 'ws_date')))}</div></header>"
              f"<p class='small'>{e(_s(lang, 'worksheet_intro'))}</p>")
    pages = []
    for n, group in enumerate(WORKSHEET_PAGES):
        steps = "".join(
            f"<section>{_step_heading(lang, key)}"
            f"<p class='muted'><i>{e(_t(lang, f'steps.{key}.summary'))}</i></p>{_WORKSHEET_STEPS[key](lang)}</section>"
            for key in group)
        pages.append(f"<div class='{'page' if n else 'first'}'>{steps}</div>")
    body = header + "".join(pages) + f"<footer>{e(_s(lang, 'footer'))}</footer>"
    return _document(lang, _s(lang, "worksheet_doc_title"), body, "worksheet")
