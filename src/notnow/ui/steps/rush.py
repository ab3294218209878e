"""Step 6: the rush rate — your tiers and minimum in, the quote and its one verdict out."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
from markupsafe import Markup

from notnow.errors import InputError
from notnow.fmt import error_text, format_hours_unit, format_money, format_notice, format_pct
from notnow.history import client_habit, habit_text
from notnow.rush import RushPolicy, RushQuote, RushTier, price_by_notice, verdict
from notnow.ui.base import (
    CAUTION_COLOUR,
    ERROR_COLOUR,
    OK_COLOUR,
    StepView,
    markdown_html,
    method_box,
    method_html,
    note_html,
)
from notnow.ui.charts import ChartImage, rush_chart, rush_chart_alt
from notnow.ui.guard import Reporter
from notnow.ui.rows import Column, EditableRows

CHART_MIN_DAYS = 10  # the price curve shows at least this many days of notice
CHART_MAX_DAYS = 60
TIER_COLUMNS = (
    Column("under_days", "text", "160px", "ui.rush.col_under_days"),
    Column("surcharge_pct", "text", "160px", "ui.rush.col_surcharge_pct"),
)
VERDICT_LOOK = {
    "impossible": (ERROR_COLOUR, "⛔"),
    "fits": (OK_COLOUR, "✔"),
    "worth_it": (OK_COLOUR, "✔"),
    "not_worth_it": (CAUTION_COLOUR, "⚠"),
}


def tier_values(tier: RushTier) -> dict[str, Any]:
    return {"under_days": f"{tier.under_days:g}", "surcharge_pct": f"{tier.surcharge_pct:g}"}


def parse_tier(values: dict[str, Any]) -> RushTier:
    """One row as a tier, checked the way the policy checks it (InputError names "tiers")."""
    (tier,) = RushPolicy([(values["under_days"], values["surcharge_pct"])]).tiers
    return tier


def tier_rows(
    prefix: str, write: Callable[[tuple[RushTier, ...]], object], lang: str, reporter: Reporter | None
) -> EditableRows[RushTier]:
    """The editable rush tiers, as the rush step and the set-up both show them (`prefix`: their CSS classes)."""
    return EditableRows(
        prefix, TIER_COLUMNS, parse_tier, tier_values, write, "ui.rush.add_tier", "ui.rush.remove_tier", lang, reporter
    )


TOTAL_ROW_STYLE = Markup(" style='font-weight:bold;border-top:1px solid #999'")


class RushStep(StepView):
    """Writes `case.policy` and `case.min_extra_per_overtime_hour`; shows `case.quote()` and its verdict."""

    key = "rush"
    reads = frozenset({"request", "calendar", "policy", "min_extra_per_overtime_hour", "lang"})

    def _build(self) -> list[widgets.Widget]:
        self._quote: RushQuote | None = None
        narrow = widgets.Layout(width="120px")
        minimum = self.bind(
            "min_extra_per_overtime_hour",
            widgets.Text(layout=narrow),
            lambda case: str(case.min_extra_per_overtime_hour),
            lambda text: self._state.update(min_extra_per_overtime_hour=text),
        )
        premium = self.bind(
            "overtime_premium_pct",
            widgets.Text(layout=narrow),
            lambda case: f"{case.policy.overtime_premium_pct:g}",
            lambda text: self._state.update(policy=RushPolicy(case_tiers(self), text)),
        )
        self._tiers_help = widgets.HTML()
        self._rows = tier_rows("tier", self._write_tiers, self.lang, self._state.report)
        self._rows.set_items(self.case.policy.tiers)
        self.on(self._rows, lambda _change: self._update_valid(), "valid")
        self._habit_key: tuple[object, ...] = ()
        self._habit = widgets.HTML()
        self._habit.add_class("nn-rush-habit")
        self._quote_heading = widgets.HTML()
        self._quote_table = widgets.HTML()
        self._quote_table.add_class("nn-rush-quote")
        self._verdict = widgets.HTML()
        self._verdict.add_class("nn-rush-verdict")
        self._chart = ChartImage(format="png", layout=widgets.Layout(max_width="720px", display="none"))
        self._chart.add_class("nn-rush-chart")
        self._teaching = widgets.HTML()
        self._method = method_box()
        return [
            minimum,
            premium,
            self._tiers_help,
            self._rows,
            self._habit,
            self._quote_heading,
            self._verdict,
            self._quote_table,
            self._chart,
            self._teaching,
            self._method,
        ]

    def _write_tiers(self, tiers: tuple[RushTier, ...]) -> None:
        self._state.update(policy=RushPolicy(tiers, self.case.policy.overtime_premium_pct))
        self._update_valid()

    def _own_valid(self) -> bool:
        return self._rows.valid

    def error_entries(self) -> list[tuple[str, widgets.Widget]]:
        return [*super().error_entries(), *self._rows.error_entries()]

    def _on_case(self, changed: frozenset[str]) -> None:
        if "*" in changed or "policy" in changed:
            self._rows.set_items(self.case.policy.tiers, force="*" in changed)
        super()._on_case(changed)

    # --- StepView ----------------------------------------------------------------------------------
    def _relabel(self) -> None:
        self._tiers_help.value = markdown_html(self.t("rush.tiers_help"))
        self._quote_heading.value = Markup("<h4>{}</h4>").format(self.t("ui.rush.quote_heading"))
        self._teaching.value = markdown_html(self.t("rush.two_effects")) + markdown_html(self.t("rush.trust_expertise"))
        self._method.value = method_html(self.lang, ["rush_habit"])
        self._rows.relabel(self.lang)

    def _refresh(self) -> None:
        r = self.case.request
        key = (r.client, r.relationship, self.lang, self.case.case_id, self._state.fresh)
        if key != self._habit_key:  # the saved cases are read once per client, not on every change
            self._habit_key = key
            self._habit.value = Markup("").join(note_html(line, "#555", "ℹ") for line in self._habit_lines())
        self._quote = None
        try:
            self._quote = self.case.quote()
        except InputError as error:  # the request step has not made the case valid
            self._quote_table.value = note_html(error_text(error, self.lang), ERROR_COLOUR, "⚠")
            self._verdict.value = ""
        else:
            self._show_quote(self._quote)
        self.later(self._draw_chart)

    def _habit_lines(self) -> list[str]:
        """What the relationship means for a rush rate, and this client's habit in the saved cases."""
        r = self.case.request
        lines = [self.t(f"ui.rush.habit_{r.relationship}")]
        past = self._state.past_cases
        if past is not None and not self._state.fresh:
            try:
                frame = past()
            except InputError:  # the store can't be read: the habit is simply not shown
                return lines
            lines.append(habit_text(client_habit(frame, r.client, exclude_id=self.case.case_id), r.client, self.lang))
        return lines

    def money(self, amount: Any) -> str:
        return format_money(amount, self.case.request.currency, self.lang)

    def _show_quote(self, q: RushQuote) -> None:
        """One verdict; the amounts only for a job that can be done (no price for the impossible)."""
        lang = self.lang
        kind = verdict(q)
        extra = self.money(q.extra_per_overtime_hour) if q.extra_per_overtime_hour is not None else ""
        colour, mark = VERDICT_LOOK[kind]
        text = self.t(f"rush.verdict_{kind}", **({"extra": extra} if extra else {}))
        self._verdict.value = Markup("<p style='color:{};font-size:1.1em'><b>{} {}</b></p>").format(colour, mark, text)
        facts = [
            ("ui.rush.notice", format_notice(q.notice_days, lang)),
            ("ui.rush.free_hours", format_hours_unit(q.free_hours, lang)),
            ("ui.rush.overtime_hours", format_hours_unit(q.overtime_hours, lang)),
            ("ui.rush.overtime_available", format_hours_unit(q.overtime_available, lang)),
        ]
        money = (
            []
            if kind == "impossible"
            else [
                ("ui.rush.surcharge", format_pct(q.surcharge_pct, lang)),
                ("ui.rush.base_fee", self.money(q.base_fee)),
                ("ui.rush.rush_fee", self.money(q.rush_fee)),
                ("ui.rush.overtime_fee", self.money(q.overtime_fee)),
                ("ui.rush.total", self.money(q.total)),
                ("ui.rush.extra_per_hour", extra or "—"),
            ]
        )
        body = Markup("").join(
            Markup(
                "<tr class='nn-quote-{}'{}>"
                "<td style='padding:2px 12px 2px 0'>{}</td>"
                "<td style='padding:2px 0;text-align:right'>{}</td></tr>"
            ).format(
                key.rsplit(".", 1)[-1].replace("_", "-"),
                TOTAL_ROW_STYLE if key == "ui.rush.total" else Markup(""),
                self.t(key),
                value,
            )
            for key, value in (*facts, *money)
        )
        self._quote_table.value = Markup("<table>{}</table>").format(body)

    def _draw_chart(self) -> None:
        q = self._quote
        if q is None or not q.feasible:
            self._chart.layout.display = "none"
            return
        r = self.case.request
        policy = self.case.policy
        longest = max((t.under_days for t in policy.tiers), default=0.0)
        days = int(min(CHART_MAX_DAYS, max(CHART_MIN_DAYS, math.ceil(longest) + 2, math.ceil(q.notice_days) + 1)))
        try:
            points = price_by_notice(
                r.rate, r.hours, policy, max_days=days, cal=self.case.calendar, received=r.received
            )
        except InputError:  # drawn later: the case may have changed meanwhile
            self._chart.layout.display = "none"
            return
        self._chart.value = rush_chart(points, self.lang, q.notice_days, currency=r.currency)
        self._chart.tooltip = rush_chart_alt(points, self.lang, q.notice_days, r.currency)  # the image's title: its alt
        self._chart.layout.display = None


def case_tiers(step: RushStep) -> tuple[RushTier, ...]:
    return tuple(step.case.policy.tiers)
