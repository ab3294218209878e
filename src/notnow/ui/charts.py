"""The step charts as PNG bytes: the split plan's weeks and the rush price by notice; and each chart's alt text.

matplotlib is imported inside each function (a late import keeps the dashboard's start fast) and a
`Figure` is drawn on its own Agg canvas, so no pyplot state is shared between users or steps.
The alt text states the chart's numbers in words, for whoever cannot see the picture (the widget's tooltip,
which ipywidgets puts on the image as its title).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
import traitlets
from babel.dates import format_date as babel_format_date

from notnow import content
from notnow.fmt import format_hours_unit, format_money, format_notice

if TYPE_CHECKING:
    import pandas as pd


class ChartImage(widgets.Image):
    """An image widget whose `tooltip` becomes the picture's title, hence its text alternative (the page template
    copies it to `alt` too). ipywidgets 8 puts a widget's tooltip on its element only when its `description` is
    empty, and reads that description even where the model has none (an Image), where it fails: so here is one,
    always empty. No extra widget model: one more field in the image's own."""

    description = traitlets.Unicode("").tag(sync=True)


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


def _week_labels(frame: pd.DataFrame, lang: str) -> list[str]:
    locale = content.text(lang, "fmt.locale")
    week_format = content.text(lang, "ui.split.week_format")
    return [str(babel_format_date(week, week_format, locale=locale)) for week in frame["week"]]


def price_at(points: Sequence[tuple[float, Decimal]], notice: float) -> tuple[float, Decimal] | None:
    """Where this request sits on the price curve: its notice (kept inside the curve) and the price there."""
    if not points:
        return None
    days = [float(d) for d, _ in points]
    shown = min(max(notice, days[0]), days[-1])
    price = next((p for d, p in reversed(points) if float(d) <= shown), points[0][1])
    return shown, price


def _png(fig: Any) -> bytes:
    buffer = io.BytesIO()
    try:
        fig.savefig(buffer, format="png", bbox_inches="tight")
    finally:
        fig.clear()
    return buffer.getvalue()


def weeks_chart(frame: pd.DataFrame, lang: str) -> bytes:
    """Stacked bars per week (columns week, booked, job, free, as `notnow.split.weekly_load` returns)."""
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
    ax.set_xticks(positions, _week_labels(frame, lang))
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
    now = price_at(points, notice_now)
    if now is not None:
        shown, price_now = now
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


def weeks_chart_alt(frame: pd.DataFrame, lang: str) -> str:
    """The weeks chart in words: for each week the hours booked, for this job and free."""
    weeks = [
        content.text(
            lang,
            "ui.access.split_chart_week",
            week=label,
            booked=format_hours_unit(float(booked), lang),
            job=format_hours_unit(float(job), lang),
            free=format_hours_unit(float(free), lang),
        )
        for label, booked, job, free in zip(
            _week_labels(frame, lang), frame["booked"], frame["job"], frame["free"], strict=True
        )
    ]
    return content.text(
        lang, "ui.access.chart_alt", title=content.text(lang, "split.chart_title"), numbers="; ".join(weeks)
    )


def rush_chart_alt(points: Sequence[tuple[float, Decimal]], lang: str, notice_now: float, currency: str = "EUR") -> str:
    """The price curve in words: this request's price, then the price from the curve's start and from each whole
    day of notice where it differs from the day before (a calendar's overtime moves it within days too)."""
    parts: list[str] = []
    now = price_at(points, notice_now)
    if now is not None:
        parts.append(
            content.text(
                lang,
                "ui.access.rush_chart_now",
                notice=format_notice(notice_now, lang),
                price=format_money(now[1], currency, lang),
            )
        )
    previous: Decimal | None = None
    for index, (days, price) in enumerate(points):
        if (index == 0 or float(days).is_integer()) and price != previous:
            parts.append(
                content.text(
                    lang,
                    "ui.access.rush_chart_step",
                    notice=format_notice(float(days), lang),
                    price=format_money(price, currency, lang),
                )
            )
            previous = price
    return content.text(
        lang, "ui.access.chart_alt", title=content.text(lang, "rush.chart_title"), numbers="; ".join(parts)
    )
