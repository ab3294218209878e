"""The history panel: what your saved cases tell you (outcomes, rush income, notice, clients, check-ins).

All numbers come from `notnow.history` over `Store.cases()`; this module only lays them out.
"""

from __future__ import annotations

import io
import sqlite3
import textwrap
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
from babel import Locale
from babel.dates import format_date as babel_format_date
from markupsafe import Markup

from notnow import content, history
from notnow.errors import InputError
from notnow.fmt import error_text, format_date, format_hours, format_money
from notnow.ui.charts import ChartImage

if TYPE_CHECKING:
    import pandas as pd

    from notnow.store import Store

OUTCOME_COLOUR = "#1565c0"
UNDECIDED_COLOUR = "#9e9e9e"
NOTICE_COLOUR = "#ef6c00"
TABLE_STYLE = "border-collapse:collapse;margin:4px 0 10px;font-size:0.95em"
CELL_STYLE = "border:1px solid #d0d7de;padding:3px 8px;text-align:left;vertical-align:top"
NUM_STYLE = CELL_STYLE.replace("text-align:left", "text-align:right") + ";white-space:nowrap"


def _table(
    headers: Sequence[str], rows: Iterable[Sequence[str]], numeric: Iterable[int] = (), css_class: str = ""
) -> Markup:
    """An HTML table of plain texts: every header and cell is escaped here."""
    nums = set(numeric)

    def cell(tag: str, i: int, text: str) -> Markup:
        style = NUM_STYLE if i in nums else CELL_STYLE
        if tag == "th":
            style += ";background:#f1f5fb"
        return Markup("<{tag} style='{style}'>{text}</{tag}>").format(tag=tag, style=style, text=text)

    head = Markup("").join(cell("th", i, h) for i, h in enumerate(headers))
    body = Markup("").join(
        Markup("<tr>{}</tr>").format(Markup("").join(cell("td", i, c) for i, c in enumerate(row))) for row in rows
    )
    return Markup(
        f"<table class='{{}}' style='{TABLE_STYLE}'><thead><tr>{{}}</tr></thead><tbody>{{}}</tbody></table>"
    ).format(css_class, head, body)


def history_chart(counts: pd.DataFrame, bins: pd.DataFrame, lang: str) -> bytes:
    """Two charts side by side as PNG: cases per outcome, and cases per band of notice days."""
    # late: matplotlib costs ~0.3 s to import; only the history chart needs it
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(9.0, 3.0), dpi=96)
    FigureCanvasAgg(fig)
    left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.25, 1]})
    codes = list(counts["outcome"])
    labels = [_outcome_label(code, lang) for code in codes]
    values = [int(v) for v in counts["count"]]
    positions = list(range(len(codes)))
    left.barh(positions, values, color=[OUTCOME_COLOUR if c else UNDECIDED_COLOUR for c in codes])
    left.set_yticks(positions, labels)
    left.invert_yaxis()
    left.set_title(content.text(lang, "ui.history.chart_outcomes"))
    left.set_xlabel(content.text(lang, "ui.history.chart_cases"))
    bands = [
        textwrap.fill(history.notice_band_label(float(lo), float(hi), lang), 12)
        for lo, hi in zip(bins["low"], bins["high"], strict=True)
    ]
    band_positions = list(range(len(bands)))
    right.bar(band_positions, [int(v) for v in bins["count"]], color=NOTICE_COLOUR)
    right.set_xticks(band_positions, bands, fontsize=8.5)
    right.set_title(content.text(lang, "ui.history.chart_notice"))
    right.set_ylabel(content.text(lang, "ui.history.chart_cases"))
    for ax in (left, right):
        ax.spines[["top", "right"]].set_visible(False)
    for ax, axis in ((left, "x"), (right, "y")):
        getattr(ax, f"{axis}axis").get_major_locator().set_params(integer=True)
    fig.tight_layout()
    buffer = io.BytesIO()
    try:
        fig.savefig(buffer, format="png")
    finally:
        fig.clear()
    return buffer.getvalue()


def history_chart_alt(counts: pd.DataFrame, bins: pd.DataFrame, lang: str) -> str:
    """The two history charts in words: the cases per outcome, and per band of notice days."""

    def listed(title_key: str, rows: list[tuple[str, int]]) -> str:
        numbers = ", ".join(content.text(lang, "ui.access.history_chart_count", label=label, n=n) for label, n in rows)
        return content.text(lang, "ui.access.chart_part", title=content.text(lang, title_key), numbers=numbers)

    outcomes = [(_outcome_label(str(c), lang), int(n)) for c, n in zip(counts["outcome"], counts["count"], strict=True)]
    bands = [
        (history.notice_band_label(float(lo), float(hi), lang), int(n))
        for lo, hi, n in zip(bins["low"], bins["high"], bins["count"], strict=True)
    ]
    return content.text(
        lang,
        "ui.access.history_chart",
        outcomes=listed("ui.history.chart_outcomes", outcomes),
        notice=listed("ui.history.chart_notice", bands),
    )


def _outcome_label(code: str, lang: str) -> str:
    return content.text(lang, f"outcomes.{code}") if code else content.text(lang, "summary.undecided")


class HistoryPanel(widgets.VBox):
    """Your saved cases at a glance. `refresh()` reads the store again; `set_language()` relabels.

    `today` fixes the date the check-ins are counted from (tests); by default it is the real today.
    """

    def __init__(
        self, store: Store, lang: str = content.DEFAULT_LANG, today: date | None = None, currency: str = "EUR"
    ) -> None:
        super().__init__()
        self.add_class("nn-history-panel")
        self._store = store
        self._lang = content.check_lang(lang)
        self._today = today
        self._currency = currency
        self._frame: pd.DataFrame | None = None
        self._error = ""
        self._updated = ""

        self._heading = widgets.HTML()
        self._refresh_button = widgets.Button(icon="refresh", layout=widgets.Layout(width="auto"))
        self._refresh_button.add_class("nn-history-refresh")
        self._refresh_button.on_click(lambda _b: self.refresh())
        self._status = widgets.HTML()
        self._status.add_class("nn-history-status")
        self._overview = widgets.HTML()
        self._overview.add_class("nn-history-overview")
        self._outcomes = widgets.HTML(layout=widgets.Layout(margin="0 28px 0 0"))
        self._outcomes.add_class("nn-history-outcomes")
        self._notice = widgets.HTML()
        self._notice.add_class("nn-history-notice")
        self._chart = ChartImage(format="png", layout=widgets.Layout(max_width="860px", display="none"))
        self._chart.add_class("nn-history-chart")
        self._per_client = widgets.HTML()
        self._per_client.add_class("nn-history-clients")
        self._follow_ups = widgets.HTML()
        self._follow_ups.add_class("nn-history-follow-ups")
        self._details = widgets.VBox(
            [
                widgets.HBox([self._outcomes, self._notice], layout=widgets.Layout(flex_flow="row wrap")),
                self._chart,
                self._per_client,
                self._follow_ups,
            ]
        )
        self.children = [
            self._heading,
            widgets.HBox([self._refresh_button, self._status], layout=widgets.Layout(align_items="center")),
            self._overview,
            self._details,
        ]
        self.refresh()

    # --- public -------------------------------------------------------------------------------
    @property
    def lang(self) -> str:
        return self._lang

    def refresh(self) -> None:
        """Read the saved cases again and redraw everything."""
        try:
            self._frame = self._store.cases()
            self._error = ""
        except (InputError, sqlite3.Error, OSError) as error:
            self._frame = None
            self._error = error_text(error, self._lang) if isinstance(error, InputError) else str(error)
        self._updated = datetime.now().strftime("%H:%M")
        self._render()

    def set_language(self, lang: str) -> None:
        """Show every label in `lang` (the numbers stay as they were read)."""
        lang = content.check_lang(lang)
        if lang != self._lang:
            self._lang = lang
            self._render()

    # --- drawing ------------------------------------------------------------------------------
    def t(self, key: str, **values: object) -> str:
        return content.text(self._lang, key if "." in key else f"ui.history.{key}", **values)

    def _days(self, n: int) -> str:
        form = Locale.parse(content.text(self._lang, "fmt.locale")).plural_form(abs(n))
        return self.t("day_one" if form == "one" else "day_other", n=abs(n))

    def _number(self, value: float | None) -> str:
        return "—" if value is None else format_hours(round(value, 1), self._lang)

    def _money(self, amount: Decimal) -> str:
        return format_money(amount, self._currency, self._lang)

    def _render(self) -> None:
        lang = self._lang
        self._heading.value = Markup("<h3 style='margin-bottom:2px'>{}</h3><p style='margin-top:0'>{}</p>").format(
            self.t("title"), self.t("intro")
        )
        self._refresh_button.description = self.t("refresh")
        self._status.value = Markup("<small>{}</small>").format(self.t("updated", time=self._updated))
        frame = self._frame
        if self._error or frame is None:
            self._overview.value = Markup("<p style='color:#b00020'>⚠ {}</p>").format(
                self.t("error", error=self._error)
            )
            self._show_details(False)
            return
        if frame.empty:
            self._overview.value = Markup("<p><i>{}</i></p>").format(self.t("empty"))
            self._show_details(False)
            return
        self._show_details(True)
        counts = history.outcome_counts(frame)
        notice = history.notice_summary(frame)
        income = history.rush_income(frame)
        stats = self.t(
            "notice_stats",
            median=self._number(notice.median),
            mean=self._number(notice.mean),
            min=self._number(notice.minimum),
        )
        self._overview.value = Markup("<div style='display:flex;flex-wrap:wrap;gap:12px;margin:6px 0'>{}</div>").format(
            Markup("").join(
                Markup(
                    "<div style='border:1px solid #d0d7de;border-radius:6px;padding:6px 12px;min-width:150px'>"
                    "<div style='color:#555;font-size:0.9em'>{}</div>"
                    "<div style='font-size:1.25em;font-weight:bold'>{}</div></div>"
                ).format(label, value)
                for label, value in (
                    (self.t("saved_cases"), str(len(frame))),
                    (self.t("rush_income"), self._money(income)),
                    (self.t("notice_title"), stats),
                )
            )
        )
        self._outcomes.value = Markup("<b>{}</b>").format(self.t("outcomes_title")) + _table(
            [self.t("col_outcome"), self.t("col_cases")],
            [
                [_outcome_label(str(code), lang), str(n)]
                for code, n in zip(counts["outcome"], counts["count"], strict=True)
            ],
            numeric=[1],
            css_class="nn-history-outcome-table",
        )
        self._notice.value = Markup("<b>{}</b>").format(self.t("notice_title")) + _table(
            [self.t("col_band"), self.t("col_cases")],
            [
                [history.notice_band_label(float(lo), float(hi), lang), str(n)]
                for lo, hi, n in zip(notice.bins["low"], notice.bins["high"], notice.bins["count"], strict=True)
            ],
            numeric=[1],
            css_class="nn-history-notice-table",
        )
        self._chart.value = history_chart(counts, notice.bins, lang)
        self._chart.tooltip = history_chart_alt(counts, notice.bins, lang)  # the image's title: its alt text
        self._per_client.value = self._client_table(history.per_client(frame))
        self._follow_ups.value = self._follow_up_table(history.follow_ups_due(frame, self._today or date.today()))

    def _show_details(self, shown: bool) -> None:
        self._details.layout.display = None if shown else "none"
        self._chart.layout.display = None if shown else "none"

    def _client_table(self, clients: pd.DataFrame) -> Markup:
        lang = self._lang
        locale = content.text(lang, "fmt.locale")
        rows = []
        for _, row in clients.iterrows():
            outcomes = [
                f"{_outcome_label(code, lang)} {int(row[code or 'undecided'])}"
                for code in history.OUTCOME_CODES
                if int(row[code or "undecided"])
            ]
            saved: Any = row["last_saved"]
            last = str(babel_format_date(saved.date(), "medium", locale=locale)) if hasattr(saved, "date") else "—"
            rows.append(
                [str(row["client"]), str(int(row["cases"])), ", ".join(outcomes), self._money(row["rush_income"]), last]
            )
        return Markup("<b>{}</b>").format(self.t("per_client_title")) + _table(
            [
                self.t("col_client"),
                self.t("col_cases"),
                self.t("col_outcomes"),
                self.t("col_rush_income"),
                self.t("col_last_saved"),
            ],
            rows,
            numeric=[1, 3],
            css_class="nn-history-client-table",
        )

    def _follow_up_table(self, due: pd.DataFrame) -> Markup:
        lang = self._lang
        days = history.FOLLOW_UP_WINDOW_DAYS
        title = Markup("<b>{}</b>").format(self.t("follow_ups_title", days=days))
        if due.empty:
            return title + Markup("<p><i>{}</i></p>").format(self.t("no_follow_ups", days=days))
        rows = []
        for _, row in due.iterrows():
            n = int(row["days"])
            when = (
                self.t("due_today")
                if n == 0
                else self.t("due_in", days=self._days(n))
                if n > 0
                else self.t("overdue", days=self._days(n))
            )
            rows.append(
                [
                    str(row["client"]),
                    format_date(row["follow_up"], lang),
                    when,
                    _outcome_label(str(row["outcome"]), lang),
                ]
            )
        return title + _table(
            [self.t("col_client"), self.t("col_follow_up"), self.t("col_when"), self.t("col_outcome")],
            rows,
            css_class="nn-history-follow-up-table",
        )
