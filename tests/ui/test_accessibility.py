"""The page for keyboards, screen readers and phones, and with nothing fetched from outside: real Voila, Chromium.

axe-core (WCAG 2.1 A/AA, from the axe-playwright-python wheel) walks every step of the worked example and the
set-up, diary and history panels in both languages (tests/ui/axe.py). bench/axe.py prints the same counts.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Route, expect

from notnow import content
from tests.notebooks.voila_server import NOTEBOOKS, VoilaServer
from tests.ui.axe import (
    FIRST_RENDER_MS,
    controls_on_step,
    load_example,
    open_dashboard,
    open_view,
    serious_violations,
    tab_stops_to_next,
    walk_panels,
    walk_steps,
)
from tests.ui.conftest import require_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 1000}
TAB_LIMIT = 80
CHAPTER = NOTEBOOKS / "nl" / "04-split.ipynb"  # a chapter with a step component and its chart


@pytest.fixture
def fresh_context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport=DESKTOP)
    yield context
    context.close()


def keep_on_this_machine(context: BrowserContext) -> list[str]:
    """Let through only requests to this machine; every other one is refused and listed."""
    outside: list[str] = []

    def route(route: Route) -> None:
        url = route.request.url
        host = urlsplit(url).hostname or ""
        if url.startswith(("data:", "blob:")) or host in LOOPBACK:
            route.continue_()
        else:
            outside.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", route)
    return outside


SIDEWAYS = """() => {
    // the page, or any box in it that scrolls, wider than what it shows; or a shown element past the window's edge
    const found = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) found.push(`the page by ${root.scrollWidth - root.clientWidth}px`);
    for (const el of document.querySelectorAll('#rendered_cells *')) {
        if (el.offsetParent === null) continue;
        const x = getComputedStyle(el).overflowX;
        if ((x === 'auto' || x === 'scroll') && el.scrollWidth > el.clientWidth + 1) {
            found.push(`${el.className} by ${el.scrollWidth - el.clientWidth}px`);
        } else if (el.getBoundingClientRect().right > window.innerWidth + 1) {
            found.push(`${el.className} past the edge`);
        }
    }
    return found.slice(0, 5);
}"""
ICONS_DRAWN = """() => {
    const icon = Array.from(document.querySelectorAll('#rendered_cells i.fa')).find(i => i.offsetParent !== null);
    if (!icon) return "no icon";
    const family = getComputedStyle(icon, '::before').fontFamily;
    const loaded = Array.from(document.fonts).some(f => f.family.includes('Font Awesome') && f.status === 'loaded');
    return family.includes('Font Awesome') && loaded ? "ok" : `family ${family}, loaded ${loaded}`;
}"""


def test_nothing_is_fetched_from_outside_the_machine_and_the_icons_still_show(fresh_context, voila_dashboard):
    """Dashboard, set-up and a chapter: no request to another host is even attempted; the icons come locally."""
    outside = keep_on_this_machine(fresh_context)
    page = fresh_context.new_page()
    open_dashboard(page, voila_dashboard, "nl")
    load_example(page)
    open_view(page, "profile")
    page.wait_for_timeout(500)
    assert page.evaluate(ICONS_DRAWN) == "ok"
    with VoilaServer(CHAPTER) as chapter:
        page.goto(chapter.link("/"), wait_until="domcontentloaded", timeout=FIRST_RENDER_MS)
        expect(page.locator(".nn-step-split img.nn-split-chart")).to_be_visible(timeout=FIRST_RENDER_MS)
        page.wait_for_load_state("networkidle")
    assert outside == []


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_step_and_panel_is_usable_by_keyboard_screen_reader_and_phone(fresh_context, voila_dashboard, lang):
    """axe finds no serious or critical violation; a step opens with focus on its heading, marked current in
    the step bar; from there Next is at most (the step's controls + 3) Tab stops away; no step scrolls
    sideways on a phone."""
    require_chromium()
    page = fresh_context.new_page()
    open_dashboard(page, voila_dashboard, lang)
    problems: dict[str, list[str]] = {}
    for key in walk_steps(page):
        found = [str(f) for f in serious_violations(page)]
        if key != "request":  # the first step is shown on arrival; every later one after Next
            focused = page.evaluate("() => document.activeElement && document.activeElement.tagName")
            if focused != "H3" or not page.locator(f".nn-step-{key} .nn-intro h3:focus").count():
                found.append(f"focus on {focused} after Next, not on the step's heading")
        current = page.locator(".nn-nav[role=navigation] button[aria-current=step]")
        if current.count() != 1 or content.text(lang, f"steps.{key}.title") not in current.inner_text():
            found.append("the step bar (a navigation) does not mark this step as the current one")
        budget = controls_on_step(page, key) + 3
        stops, reached = tab_stops_to_next(page, key, TAB_LIMIT)
        if not reached or len(stops) > budget:
            found.append(f"{len(stops)} Tab stops to Next (budget {budget}): {' | '.join(stops)}")
        page.set_viewport_size(PHONE)
        page.wait_for_timeout(200)
        sideways = page.evaluate(SIDEWAYS)
        if sideways:
            found.append(f"scrolls sideways at 390 px wide: {sideways}")
        page.set_viewport_size(DESKTOP)
        if found:
            problems[key] = found
    for panel in walk_panels(page):
        found = [str(f) for f in serious_violations(page)]
        if found:
            problems[panel] = found
    assert problems == {}


def test_a_message_describes_its_field_until_it_is_fixed(fresh_context, voila_dashboard):
    """A field's error is tied to its input (aria-describedby, aria-invalid) and untied once fixed."""
    page = fresh_context.new_page()
    open_dashboard(page, voila_dashboard, "en")
    load_example(page)
    hours = page.locator(".nn-hours input").first
    hours.fill("many")
    hours.press("Tab")
    message = page.locator(".nn-field:has(.nn-hours) > .nn-error").first
    expect(message).to_be_visible()
    expect(hours).to_have_attribute("aria-invalid", "true")
    described_by = hours.get_attribute("aria-describedby")
    assert described_by and page.locator(f"#{described_by}").inner_text() == message.inner_text()
    hours.fill("16")
    hours.press("Tab")
    expect(message).to_be_hidden()
    expect(hours).not_to_have_attribute("aria-invalid", "true")
    assert hours.get_attribute("aria-describedby") is None
