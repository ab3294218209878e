"""Step 6: the rush rate — your tiers and minimum in, the quote and its verdict out."""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from notnow import coerce
from notnow.errors import InputError
from notnow.fmt import error_text, format_hours, format_hours_unit, format_money
from notnow.rush import RushPolicy, RushQuote, RushTier, price_by_notice
from notnow.ui.base import Field, StepView, markdown_html
from notnow.ui.charts import rush_chart

CHART_MIN_DAYS = 10  # the price curve shows at least this many days of notice
CHART_MAX_DAYS = 60


class TierRow:
    """One rush tier: notice under N days → surcharge %; its message shows right under it."""

    def __init__(self, on_change: Callable[[object], None], on_remove: Callable[[TierRow], None]) -> None:
        self.under = widgets.Text(layout=widgets.Layout(width="120px"))
        self.under.add_class("nn-tier-under-days")
        self.pct = widgets.Text(layout=widgets.Layout(width="120px"))
        self.pct.add_class("nn-tier-surcharge-pct")
        self.remove = widgets.Button(icon="trash", layout=widgets.Layout(width="40px"))
        self.remove.add_class("nn-tier-remove")
        self.field = Field("tier", widgets.HBox([self.under, self.pct, self.remove]), label_key="ui.rush.tier_label")
        self.under.observe(on_change, "value")
        self.pct.observe(on_change, "value")
        self.remove.on_click(lambda _b: on_remove(self))

    def fill(self, tier: RushTier) -> None:
        self.under.value = f"{tier.under_days:g}"
        self.pct.value = f"{tier.surcharge_pct:g}"

    def pair(self) -> tuple[Any, Any]:
        """The two texts; RushPolicy checks and converts them."""
        return (self.under.value, self.pct.value)

    def check(self) -> None:
        """InputError (field "tiers") when this tier alone would not be accepted by the logic."""
        RushPolicy([self.pair()])

    def close(self) -> None:
        def close_tree(widget: Any) -> None:
            for child in getattr(widget, "children", ()):
                close_tree(child)
            widget.close()

        close_tree(self.field)

    def relabel(self, lang: str, t: Callable[[str], str]) -> None:
        self.remove.tooltip = t("ui.rush.remove_tier")
        self.field.relabel(lang)


class RushStep(StepView):
    """Writes `case.policy` and `case.min_extra_per_overtime_hour` when all inputs hold; shows `case.quote()`."""

    key = "rush"

    def _build(self) -> list[widgets.Widget]:
        self._loading = False
        self._input_ok = True
        self._quote: RushQuote | None = None
        self._rows: list[TierRow] = []
        narrow = widgets.Layout(width="120px")
        self._min_extra = widgets.Text(layout=narrow)
        self._min_extra_field = self.field("min_extra_per_overtime_hour", self._min_extra)
        self._premium = widgets.Text(layout=narrow)
        self._premium_field = self.field("overtime_premium_pct", self._premium)
        self._tiers_help = widgets.HTML()
        self._col_under = widgets.HTML(layout=widgets.Layout(width="120px"))
        self._col_pct = widgets.HTML(layout=widgets.Layout(width="120px"))
        self._tiers_field = self.field("tiers", widgets.HBox([self._col_under, self._col_pct]))
        self._rows_box = widgets.VBox()
        self._rows_box.add_class("nn-tier-rows")
        self._add = widgets.Button(icon="plus", layout=widgets.Layout(width="auto", margin="2px 0 2px 214px"))
        self._add.add_class("nn-add-tier")
        self._add.on_click(lambda _b: self._add_row())
        for control in (self._min_extra, self._premium):
            control.observe(self._on_change, "value")
        self._quote_heading = widgets.HTML()
        self._quote_table = widgets.HTML()
        self._quote_table.add_class("nn-rush-quote")
        self._verdict = widgets.HTML()
        self._verdict.add_class("nn-rush-verdict")
        self._chart = widgets.Image(format="png", layout=widgets.Layout(max_width="720px", display="none"))
        self._chart.add_class("nn-rush-chart")
        self._teaching = widgets.HTML()
        return [self._min_extra_field, self._premium_field, self._tiers_help, self._tiers_field, self._rows_box,
                self._add, self._quote_heading, self._quote_table, self._verdict, self._chart, self._teaching]

    # --- the tiers table ---------------------------------------------------------------------------
    def _new_row(self) -> TierRow:
        row = TierRow(self._on_change, self._remove_row)
        row.relabel(self.lang, self.t)
        self._rows.append(row)
        return row

    def _show_rows(self) -> None:
        self._rows_box.children = [row.field for row in self._rows]

    def _add_row(self) -> None:
        self._new_row()
        self._show_rows()
        self._apply()

    def _remove_row(self, row: TierRow) -> None:
        if row in self._rows:
            self._rows.remove(row)
            self._show_rows()
            row.close()
            self._apply()

    # --- StepView ----------------------------------------------------------------------------------
    def _relabel(self) -> None:
        self._tiers_help.value = markdown_html(self.t("rush.tiers_help"))
        self._col_under.value = f"<b>{html.escape(self.t('ui.rush.col_under_days'))}</b>"
        self._col_pct.value = f"<b>{html.escape(self.t('ui.rush.col_surcharge_pct'))}</b>"
        self._add.description = self.t("ui.rush.add_tier")
        self._quote_heading.value = f"<h4>{html.escape(self.t('ui.rush.quote_heading'))}</h4>"
        self._teaching.value = markdown_html(self.t("rush.two_effects")) + markdown_html(self.t("rush.trust_expertise"))
        for row in self._rows:
            row.relabel(self.lang, self.t)

    def _load(self) -> None:
        case = self.case
        self._loading = True
        try:
            self._min_extra.value = str(case.min_extra_per_overtime_hour)
            self._premium.value = f"{case.policy.overtime_premium_pct:g}"
            old, self._rows = self._rows, []
            for tier in case.policy.tiers:
                self._new_row().fill(tier)
            self._show_rows()
            for row in old:
                row.close()
        finally:
            self._loading = False
        self._input_ok = True
        self._set_valid(True)

    def _on_change(self, _change: object) -> None:
        if not self._loading:
            self._apply()

    def _apply(self) -> None:
        """Check each input where it is typed; only when all hold do they go into the case."""
        case = self.case
        min_text, premium_text = self._min_extra.value, self._premium.value

        def check_minimum() -> None:
            coerce.money("min_extra_per_overtime_hour", min_text)

        def check_premium() -> None:
            RushPolicy((), premium_text)

        min_ok = self.attempt(self._min_extra_field, check_minimum)
        premium_ok = self.attempt(self._premium_field, check_premium)
        rows_ok = True
        for row in self._rows:
            try:
                row.check()
            except InputError as error:
                row.field.show(error, self.lang)
                rows_ok = False
            else:
                row.field.show(None, self.lang)
        pairs = [row.pair() for row in self._rows]

        def write() -> None:
            minimum = coerce.money("min_extra_per_overtime_hour", min_text)
            case.policy = RushPolicy(pairs, premium_text)
            case.min_extra_per_overtime_hour = minimum

        self._input_ok = min_ok and premium_ok and rows_ok and self.attempt(self._tiers_field, write)
        if self._input_ok:
            self.commit()
        else:
            self._refresh()

    def _refresh(self) -> None:
        self._quote = None
        if not self._input_ok:
            self._quote_table.value = f"<p style='color:#b00020'><i>{html.escape(self.t('ui.rush.fix_note'))}</i></p>"
            self._verdict.value = ""
        else:
            try:
                self._quote = self.case.quote()
            except InputError as error:  # the request step has not made the case valid
                self._quote_table.value = f"<p style='color:#b00020'>⚠ {html.escape(error_text(error, self.lang))}</p>"
                self._verdict.value = ""
            else:
                self._show_quote(self._quote)
        self._set_valid(self._input_ok)
        self.later(self._draw_chart)

    def money(self, amount: Any) -> str:
        return format_money(amount, self.case.request.currency, self.lang)

    def _show_quote(self, q: RushQuote) -> None:
        lang = self.lang
        rows = [
            ("rush.chart_x", format_hours(round(q.notice_days, 2), lang)),
            ("ui.rush.surcharge", f"{format_hours(q.surcharge_pct, lang)}%"),
            ("ui.rush.base_fee", self.money(q.base_fee)),
            ("ui.rush.rush_fee", self.money(q.rush_fee)),
            ("ui.rush.free_hours", format_hours_unit(q.free_hours, lang)),
            ("ui.rush.overtime_hours", format_hours_unit(q.overtime_hours, lang)),
            ("ui.rush.overtime_fee", self.money(q.overtime_fee)),
            ("ui.rush.total", self.money(q.total)),
            ("ui.rush.extra_per_hour", self.money(q.extra_per_overtime_hour)
             if q.extra_per_overtime_hour is not None else "—"),
        ]
        body = "".join(
            f"<tr class='nn-quote-{key.rsplit('.', 1)[-1].replace('_', '-')}'{style}>"
            f"<td style='padding:2px 12px 2px 0'>{html.escape(self.t(key))}</td>"
            f"<td style='padding:2px 0;text-align:right'>{html.escape(value)}</td></tr>"
            for key, value in rows
            for style in [" style='font-weight:bold;border-top:1px solid #999'" if key == "ui.rush.total" else ""])
        self._quote_table.value = f"<table>{body}</table>"
        if not q.feasible:
            verdict, colour = "⛔ " + self.t("rush.verdict_impossible"), "#b00020"
        elif not q.overtime_hours:
            verdict, colour = "✔ " + self.t("rush.verdict_fits"), "#1b5e20"
        elif q.worth_it:
            verdict = "✔ " + self.t("rush.verdict_worth_it", extra=self.money(q.extra_per_overtime_hour))
            colour = "#1b5e20"
        else:
            verdict = "⚠ " + self.t("rush.verdict_not_worth_it", extra=self.money(q.extra_per_overtime_hour))
            colour = "#6d4c00"
        self._verdict.value = (f"<p style='color:{colour};font-size:1.1em'><b>{html.escape(verdict)}</b></p>")

    def _draw_chart(self) -> None:
        q = self._quote
        if q is None:
            self._chart.layout.display = "none"
            return
        r = self.case.request
        policy: RushPolicy = self.case.policy
        longest = max((t.under_days for t in policy.tiers), default=0.0)
        days = int(min(CHART_MAX_DAYS, max(CHART_MIN_DAYS, math.ceil(longest) + 2, math.ceil(q.notice_days) + 1)))
        try:
            points = price_by_notice(r.rate, r.hours, policy, max_days=days, cal=self.case.calendar,
                                     received=r.received)
        except InputError:  # drawn later: the case may have changed meanwhile
            self._chart.layout.display = "none"
            return
        self._chart.value = rush_chart(points, self.lang, q.notice_days, currency=r.currency)
        self._chart.layout.display = None
