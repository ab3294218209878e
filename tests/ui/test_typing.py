"""Typing into the editable tables key by key, as a user does (issue 15): after every key the row keeps its
place, the field keeps the focus and holds exactly what was typed.

Each key is a round trip to the kernel, so every check first waits for what that key changes on the page (a
surcharge, a date, a candidate's name): only then could a redraw have moved the row. Figures from the worked
example (tests/ui/test_dashboard.py): notice 5.3 days; free Mon 2, Tue 4, Wed 6, then 8 a day.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.ui.test_dashboard import dashboard, load_example, walk_to  # noqa: F401 — the fixture is used by name

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def cells(page: Page, prefix: str, column: str) -> Locator:
    return page.locator(f".nn-{prefix}-row .nn-{prefix}-{column} input")


def retype(box: Locator, keys: str, after_each: list[str], shown_by: Locator) -> None:
    """Select the box's text, then type `keys` one by one; after key i wait for `shown_by` to contain
    `after_each[i]` (the kernel has handled that key), then the box must still hold what was typed and have
    the focus."""
    box.click()
    box.press("Control+a")
    for i, key in enumerate(keys):
        box.press_sequentially(key)
        expect(shown_by).to_contain_text(after_each[i])
        expect(box).to_have_value(keys[: i + 1])
        expect(box).to_be_focused()


def test_typing_a_tier_threshold_keeps_the_row_and_the_focus(dashboard: Page):  # noqa: F811
    """ "14" over the 7-day tier: after the "1" the notice of 5.3 days is under no tier (0 %), after the "4"
    under 14 days (25 %). Before: after the "1" the row jumped to the top, the "4" was lost."""
    page = dashboard
    load_example(page)
    walk_to(page, "rush")
    under = cells(page, "tier", "under-days")
    expect(under).to_have_count(3)
    retype(under.nth(2), "14", ["0%", "25%"], page.locator(".nn-quote-surcharge"))
    assert [under.nth(i).input_value() for i in range(3)] == ["1", "3", "14"]


def test_typing_part_hours_and_a_colleague_name_keeps_the_row_and_the_focus(dashboard: Page):  # noqa: F811
    """Product pages 10 → 14 hours, at half of each day's free hours after the urgent part (done Tue 24):
    after the "1" all is done Wed 25 Nov (1 h of Wed's 3). After the "4" the spread would end Mon 30 Nov
    (Wed 3 + Thu 4 + Fri 4 = 11, Mon 3 more), later than the whole job the reply also offers (Thu 26), so the
    rest is promised at full pace: Mon 2 + Tue 4 + Wed 6 + Thu 8 = 20 hours by Thu 26 Nov (DESIGN.md
    "Promises"). Then a colleague's name key by key: the referral names her as typed."""
    page = dashboard
    load_example(page)
    walk_to(page, "split")
    hours = cells(page, "part", "hours")
    expect(hours).to_have_count(2)
    retype(
        hours.nth(1),
        "14",
        ["done on Wednesday, 25 November", "done on Thursday, 26 November"],
        page.locator(".nn-split-dates"),
    )
    assert cells(page, "part", "name").nth(1).input_value() == "Product pages"

    walk_to(page, "referral", start="split")
    name = cells(page, "colleague", "name").first
    name.click()
    name.press("End")
    typed = "Sanne de Vries"
    for key in "-K":
        typed += key
        name.press_sequentially(key)
        expect(page.locator(".nn-referral-result")).to_contain_text(typed)
        expect(name).to_have_value(typed)
        expect(name).to_be_focused()
