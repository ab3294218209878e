"""Shared fixtures: the worked example and a few calendars whose numbers are worked by hand in the tests."""

from __future__ import annotations

import os
from datetime import datetime

import pytest
from hypothesis import settings

from notnow import Assessment, WorkCalendar

# `make check` (the fast gate) runs a fifth of each property test's examples; `make test` runs them all.
QUICK = os.environ.get("NOTNOW_QUICK", "") == "1"


def examples(n: int) -> int:
    """How many examples a property test draws: n, or a fifth of n (at least 10) in the fast gate."""
    return max(10, n // 5) if QUICK else n


# Property tests that keep hypothesis's default (100 examples) get a fifth of it in the fast gate too.
settings.register_profile("quick", max_examples=20)
if QUICK:
    settings.load_profile("quick")


@pytest.fixture
def example() -> Assessment:
    return Assessment.example("en")


@pytest.fixture
def example_nl() -> Assessment:
    return Assessment.example("nl")


@pytest.fixture
def example_calendar() -> WorkCalendar:
    """8 h days Mon–Fri; 23/24/25 Nov 2026 have 6/4/2 h booked; overtime 2 h per workday, 4 h per weekend day."""
    return WorkCalendar(
        booked={"2026-11-23": 6, "2026-11-24": 4, "2026-11-25": 2},
        overtime_per_workday=2,
        overtime_per_weekend_day=4,
    )


RECEIVED = datetime(2026, 11, 20, 10, 0)  # a Friday
DEADLINE = datetime(2026, 11, 25, 17, 0)  # the Wednesday after
