"""Take the README's pictures from the real dashboard (Voila served as `make run` serves it, headless Chromium).

Run from the repository root: .venv/bin/python docs/screenshot.py  (needs /usr/bin/chromium)

- docs/dashboard.png: the worked example at the rush-rate step;
- docs/profile.png: "Your set-up" with a calendar export read in (the week view, before it is used);
- docs/reply.png: the worked example's reply, ready to send, with its downloads.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Page, sync_playwright  # noqa: E402

from tests.notebooks.voila_server import NOTEBOOKS, VoilaServer  # noqa: E402
from tests.ui.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

DOCS = ROOT / "docs"
DIARY = ROOT / "tests" / "unit" / "ics" / "google.ics"  # a Google Calendar export of late November 2026


def open_page(browser: object, server: VoilaServer, height: int) -> Page:
    page: Page = browser.new_page(viewport={"width": 1200, "height": height}, device_scale_factor=1)  # type: ignore[attr-defined]
    page.set_default_timeout(30_000)
    page.goto(server.link("/", lang="en"))
    page.wait_for_selector(".nn-workbook .nn-load-example", timeout=120_000)
    return page


def load_example(page: Page) -> None:
    page.locator(".nn-load-example").click()
    if page.locator(".nn-confirm-yes").count():
        page.locator(".nn-confirm-yes").click()
    page.wait_for_function("() => document.querySelector('.nn-client input').value === 'Bloom & Co'")


STEPS = ("request", "empathy", "honesty", "split", "when", "rush", "referral", "reply", "after")


def walk_to(page: Page, key: str) -> None:
    """Next, one step at a time: each click waits until the kernel has shown the step it leads to."""
    shown = next(step for step in STEPS if page.locator(f".nn-step-{step}").first.is_visible())
    for step in STEPS[STEPS.index(shown) + 1 : STEPS.index(key) + 1]:
        page.locator(".nn-next").click()
        page.wait_for_selector(f".nn-step-{step}", state="visible")


def main() -> None:
    with VoilaServer(NOTEBOOKS / "workbook.ipynb") as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)

        page = open_page(browser, server, 1800)
        load_example(page)
        walk_to(page, "rush")
        page.wait_for_selector("img.nn-rush-chart", state="visible", timeout=60_000)
        page.wait_for_timeout(500)
        page.locator(".nn-workbook").screenshot(path=str(DOCS / "dashboard.png"))
        walk_to(page, "reply")
        page.wait_for_selector(".nn-download-eml")
        page.wait_for_timeout(500)
        page.locator(".nn-step-reply").screenshot(path=str(DOCS / "reply.png"))
        page.close()

        page = open_page(browser, server, 2600)
        page.locator(".nn-view button", has_text="Your set-up").click()
        page.wait_for_selector(".nn-profile")
        page.locator(".nn-sender input").fill("Jordi Verbeek")
        page.locator(".nn-business input").fill("Verbeek Tekst")
        page.locator(".nn-profile-diary .jupyter-widget-Collapse-header").first.click()
        with page.expect_file_chooser() as chooser:  # the upload button opens the browser's file dialog
            page.locator(".nn-diary-upload").click()
        chooser.value.set_files(str(DIARY))
        page.wait_for_selector(".nn-diary-week table", timeout=60_000)
        page.wait_for_timeout(500)
        page.locator(".nn-profile").screenshot(path=str(DOCS / "profile.png"))
        browser.close()
    for name in ("dashboard.png", "reply.png", "profile.png"):
        print(f"wrote {DOCS / name}")


if __name__ == "__main__":
    main()
