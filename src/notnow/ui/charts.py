"""The step charts as PNG bytes: the split plan's weeks and the rush price by notice.

matplotlib is imported inside each function (a late import keeps the dashboard's start fast) and a
`Figure` is drawn on its own Agg canvas, so no pyplot state is shared between users or steps.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from babel.dates import format_date as babel_format_date

from notnow import content

if TYPE_CHECKING:
    import pandas as pd

BOOKED_COLOUR = "#9e9e9e"
JOB_COLOUR = "#1565c0"
FREE_COLOUR = "#a5d6a7"
NOW_COLOUR = "#b00020"


def _figure(width: float, height: float) -> Any:
    # late: matplotlib costs ~0.3 s to import; only a chart needs it, never the first page
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=96)
    FigureCanvasAgg(fig)
    return fig


def _png(fig: Any) -> bytes:
    buffer = io.BytesIO()
    try:
        fig.savefig(buffer, format="png", bbox_inches="tight")
    finally:
        fig.clear()
    return buffer.getvalue()


def weeks_chart(frame: pd.DataFrame, lang: str) -> bytes:
    """Stacked bars per week (columns week, booked, job, free, as `notnow.split.weekly_load` returns)."""
    locale = content.text(lang, "fmt.locale")
    week_format = content.text(lang, "ui.split.week_format")
    fig = _figure(7.0, 3.0)
    ax = fig.add_subplot()
    positions = list(range(len(frame)))
    booked = [float(v) for v in frame["booked"]]
    job = [float(v) for v in frame["job"]]
    free = [float(v) for v in frame["free"]]
    ax.bar(positions, booked, color=BOOKED_COLOUR, label=content.text(lang, "split.legend_booked"))
    ax.bar(positions, job, bottom=booked, color=JOB_COLOUR, label=content.text(lang, "split.legend_job"))
    ax.bar(
        positions,
        free,
        bottom=[b + j for b, j in zip(booked, job, strict=True)],
        color=FREE_COLOUR,
        label=content.text(lang, "split.legend_free"),
    )
    labels = [str(babel_format_date(week, week_format, locale=locale)) for week in frame["week"]]
    ax.set_xticks(positions, labels)
    ax.set_ylabel(content.text(lang, "ui.split.chart_hours"))
    ax.set_title(content.text(lang, "split.chart_title"))
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def rush_chart(
    points: Sequence[tuple[float, Decimal]], lang: str, notice_now: float, currency: str | None = None
) -> bytes:
    """Price against days of notice (from `notnow.rush.price_by_notice`), with this request's notice marked."""
    fig = _figure(7.0, 3.0)
    ax = fig.add_subplot()
    days = [float(d) for d, _ in points]
    prices = [float(p) for _, p in points]
    ax.plot(days, prices, drawstyle="steps-post", color=JOB_COLOUR)
    if points:
        shown = min(max(notice_now, days[0]), days[-1])
        price_now = next((p for d, p in reversed(list(zip(days, prices, strict=True))) if d <= shown), prices[0])
        ax.axvline(shown, color=NOW_COLOUR, linestyle="--", linewidth=1)
        ax.plot([shown], [price_now], "o", color=NOW_COLOUR, label=content.text(lang, "ui.rush.chart_now"))
        ax.legend(loc="lower left", frameon=False)
        ax.set_ylim(bottom=0, top=max(prices) * 1.1 or 1)
    ax.set_xlabel(content.text(lang, "rush.chart_x"))
    y_label = content.text(lang, "rush.chart_y")
    ax.set_ylabel(f"{y_label} ({currency})" if currency else y_label)
    ax.set_title(content.text(lang, "rush.chart_title"))
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)
