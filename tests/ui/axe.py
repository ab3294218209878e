"""Walking the dashboard for axe-core: every step of the worked example and the panels, in a real page.

Shared by tests/ui/test_accessibility.py (which asserts) and bench/axe.py (which prints the counts). axe-core
comes inside the axe-playwright-python wheel (its axe.min.js), so nothing is fetched while it runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from notnow import STEPS
from tests.notebooks.voila_server import VoilaServer

FIRST_RENDER_MS = 120_000
STEP_MS = 30_000
ICS = Path(__file__).resolve().parents[1] / "unit" / "ics"
# WCAG 2.1 A and AA: the rules the issue and DESIGN.md hold the page to.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
SERIOUS = ("serious", "critical")
PANELS = ("setup", "diary", "history")
CHARTS = {"split": ".nn-split-chart", "rush": ".nn-rush-chart"}

_axe = Axe()


@dataclass(frozen=True)
class Finding:
    """A serious or critical axe violation: its rule and the elements it found."""

    rule: str
    impact: str
    targets: tuple[str, ...]
    help: str

    def __str__(self) -> str:
        return f"{self.rule} ({self.impact}, {len(self.targets)}): {self.help} — {', '.join(self.targets[:4])}"


def serious_violations(page: Page) -> list[Finding]:
    """axe-core over the whole page now: the serious and critical WCAG 2.1 A/AA violations."""
    results = _axe.run(page, options=AXE_OPTIONS).response
    return [
        Finding(v["id"], v["impact"], tuple(" ".join(n["target"]) for n in v["nodes"]), v["help"])
        for v in results["violations"]
        if v.get("impact") in SERIOUS
    ]


def open_dashboard(page: Page, server: VoilaServer, lang: str) -> None:
    page.set_default_timeout(STEP_MS)
    page.goto(server.link("/", lang=lang), wait_until="domcontentloaded", timeout=FIRST_RENDER_MS)
    page.wait_for_selector(".nn-workbook .nn-step-request .nn-client input", timeout=FIRST_RENDER_MS)
    expect(page.locator(f".nn-workbook.nn-lang-{lang}")).to_have_count(1)


def load_example(page: Page) -> None:
    page.locator(".nn-load-example").click()
    expect(page.locator(".nn-client input").first).not_to_have_value("")


def settle(page: Page, step: str) -> None:
    """Wait until what a step draws late (its chart) is there, so axe sees the step as a user does."""
    chart = CHARTS.get(step)
    if chart is not None:
        expect(page.locator(f"img{chart}")).to_be_visible()
    page.wait_for_timeout(300)  # the last widget messages of the step, and the page template's pass over them


def next_step(page: Page, key: str) -> None:
    expect(page.locator(".nn-next")).to_be_enabled()
    page.locator(".nn-next").click()
    expect(page.locator(f".nn-step-{key}")).to_be_visible()


def walk_steps(page: Page) -> Iterator[str]:
    """The worked example step by step (the page must show step 1): yields each step's key once it is shown."""
    load_example(page)
    for index, key in enumerate(STEPS):
        if index:
            next_step(page, key)
        settle(page, key)
        yield key


def open_view(page: Page, view: str) -> None:
    """The set-up (view "profile") or the history panel, through the view toggle above the steps."""
    buttons = page.locator(".nn-view button")
    index = {"steps": 0, "profile": 1, "history": 2}[view]
    buttons.nth(index).click()
    marker = {"steps": ".nn-stepper", "profile": ".nn-profile", "history": ".nn-history-panel"}[view]
    expect(page.locator(marker).first).to_be_visible()


def open_diary(page: Page) -> None:
    """The set-up's calendar import, opened, with a calendar export read in (its week view shown)."""
    page.locator(".nn-profile-diary .jupyter-widget-Collapse-header").first.click()
    with page.expect_file_chooser() as chooser:
        page.locator(".nn-diary-upload").first.click()
    chooser.value.set_files(str(ICS / "apple.ics"))
    expect(page.locator(".nn-diary-use")).to_be_enabled()  # read: its weeks are shown
    page.wait_for_timeout(300)  # the last widget messages, and the page template's pass over them


def walk_panels(page: Page) -> Iterator[str]:
    """The set-up, its diary import and the history panel: yields each once it is shown."""
    open_view(page, "profile")
    page.wait_for_timeout(300)
    yield "setup"
    open_diary(page)
    yield "diary"
    open_view(page, "history")
    page.wait_for_timeout(500)
    yield "history"
    open_view(page, "steps")


FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return "body";
    el.dataset.nnTabStop = el.dataset.nnTabStop || String(Math.random()).slice(2);
    const own = Array.from(el.classList).filter(c => c.startsWith("nn-")).join(".");
    const box = el.closest("[class*='nn-']");
    const where = box ? Array.from(box.classList).filter(c => c.startsWith("nn-")).join(".") : "";
    const name = `${el.tagName.toLowerCase()}${el.type ? "[" + el.type + "]" : ""}${own ? "." + own : ""} in ${where}`;
    return [el.dataset.nnTabStop, name];
}"""
# The step's controls: what a keyboard user may want to reach on the way to Next (a radio group is one stop).
CONTROLS = """(key) => {
    const step = document.querySelector(`.nn-step-${key}`);
    if (!step) return 0;
    const usable = el => el.offsetParent !== null && !el.disabled && el.tabIndex >= 0;
    const all = Array.from(step.querySelectorAll(
        "input, select, textarea, button, a[href], [role=slider], [contenteditable=true]")).filter(usable);
    const radios = new Set(all.filter(el => el.type === "radio").map(el => el.name));
    return all.filter(el => el.type !== "radio").length + radios.size;
}"""
WAY_ON = """() => {
    // Next; on the last step, where Next is off, Back: the step bar's way on from the step
    const next = document.querySelector(".nn-next");
    return next && !next.disabled ? "nn-next" : "nn-back";
}"""


def controls_on_step(page: Page, key: str) -> int:
    """The step's own controls: inputs, selects, text areas, sliders, buttons and links (a radio group once)."""
    return int(page.evaluate(CONTROLS, key))


def tab_stops_to_next(page: Page, key: str, limit: int) -> tuple[list[str], bool]:
    """From the step's heading, Tab until Next has focus (Back on the last step), at most `limit` presses.

    Gives the elements that had focus, in order, each once (a date field's day, month and year are stops of
    one field), and whether the way on was reached.
    """
    target = page.evaluate(WAY_ON)
    heading = page.locator(f".nn-step-{key} .nn-intro h3")
    heading.evaluate("h => { h.tabIndex = -1; h.focus(); }")
    stops: list[str] = []
    last = ""
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop, name = (
            page.evaluate(FOCUSED)
            if page.evaluate("() => document.activeElement !== document.body")
            else (
                "body",
                "body",
            )
        )
        if stop != last:
            stops.append(name)
            last = stop
        if page.evaluate(f"() => document.activeElement && document.activeElement.classList.contains('{target}')"):
            return stops, True
    return stops, False
