"""The charts' text alternatives: each states the chart's numbers in words, and reaches the page as the image's
title (ChartImage), in the case's language."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pandas as pd

from notnow import Assessment
from notnow.ui.charts import ChartImage, rush_chart_alt, weeks_chart_alt
from notnow.ui.find import find
from notnow.ui.state import CaseState
from notnow.ui.steps.split import SplitStep

# A price curve as notnow.rush.price_by_notice gives it for 10 h at €100 with the default tiers, written by hand:
# under 1 day +100 % (€2,000), under 3 days +50 % (€1,500), under 7 days +25 % (€1,250), then €1,000.
CURVE = [
    (0.1, Decimal("2000.00")),
    (0.5, Decimal("2000.00")),
    (1.0, Decimal("1500.00")),
    (2.0, Decimal("1500.00")),
    (2.5, Decimal("1500.00")),
    (3.0, Decimal("1250.00")),
    (6.9, Decimal("1250.00")),
    (7.0, Decimal("1000.00")),
    (8.0, Decimal("1000.00")),
]


def test_the_rush_chart_in_words_gives_this_requests_price_and_each_step_of_the_curve():
    """This request first, then the price from the curve's start and from each day where it changes."""
    assert rush_chart_alt(CURVE, "en", 2.5, "EUR") == (
        "Price by days of notice: this request, with 2 days 12 hours of notice, €1,500.00; "
        "from 2 hours of notice €2,000.00; from 1 day of notice €1,500.00; from 3 days of notice €1,250.00; "
        "from 7 days of notice €1,000.00."
    )
    assert rush_chart_alt(CURVE, "nl", 2.5, "EUR") == (
        "Prijs naar aantal dagen tot de deadline: deze aanvraag, met 2 dagen en 12 uur aanlooptijd, € 1.500,00; "
        "vanaf 2 uur aanlooptijd € 2.000,00; vanaf 1 dag aanlooptijd € 1.500,00; vanaf 3 dagen aanlooptijd "
        "€ 1.250,00; vanaf 7 dagen aanlooptijd € 1.000,00."
    )


def test_the_weeks_chart_in_words_gives_each_weeks_booked_job_and_free_hours():
    frame = pd.DataFrame(
        {
            "week": [date(2026, 11, 23), date(2026, 11, 30)],
            "booked": [12.0, 0.0],
            "job": [16.0, 4.5],
            "free": [12.0, 35.5],
        }
    )
    assert weeks_chart_alt(frame, "nl") == (
        "Je weken: bezet, deze klus, vrij: week van 23 nov: 12 uur bezet, 16 uur voor deze klus, 12 uur vrij; "
        "week van 30 nov: 0 uur bezet, 4,5 uur voor deze klus, 35,5 uur vrij."
    )


def test_the_split_steps_chart_carries_the_example_weeks_as_its_text_alternative():
    """The worked example: the week of Mon 23 Nov holds Mon 6 + Tue 4 + Wed 2 = 12 h booked, the job's 16 h, and
    5 × 8 − 12 − 16 = 12 h free (the plan ends Fri 27 Nov, in the same week)."""
    step = SplitStep(CaseState(Assessment.example("en")))
    chart = find(step, "nn-split-chart", ChartImage)
    assert chart.tooltip == (
        "Your weeks: booked, this job, free: week of 23 Nov: 12 hours booked, 16 hours for this job, 12 hours free."
    )


def test_a_chart_image_has_the_empty_description_ipywidgets_needs_to_show_its_tooltip_as_title():
    """ipywidgets 8 sets the title from the tooltip only when the model's description is empty; an Image has none."""
    state = ChartImage(format="png", tooltip="numbers").get_state()
    assert state["description"] == ""
    assert state["tooltip"] == "numbers"
