"""Take docs/dashboard.png: the dashboard on the worked example, at the rush-rate step.

Run from the repository root: .venv/bin/python docs/screenshot.py  (needs /usr/bin/chromium)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.notebooks.voila_server import NOTEBOOKS, VoilaServer  # noqa: E402
from tests.ui.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

STEPS_TO_RUSH = ("empathy", "honesty", "split", "when", "rush")


def main(out: Path = ROOT / "docs" / "dashboard.png", lang: str = "en") -> None:
    with VoilaServer(NOTEBOOKS / "workbook.ipynb") as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 1800}, device_scale_factor=1)
        page.set_default_timeout(30_000)
        page.goto(server.link("/", lang=lang))
        page.wait_for_selector(".nn-workbook .nn-load-example", timeout=120_000)
        page.locator(".nn-load-example").click()
        page.wait_for_function("() => document.querySelector('.nn-client input').value !== ''")
        for key in STEPS_TO_RUSH:
            page.locator(".nn-next").click()
            page.wait_for_selector(f".nn-step-{key}")
        page.wait_for_selector("img.nn-rush-chart", state="visible", timeout=60_000)
        page.wait_for_timeout(500)
        page.locator(".nn-workbook").screenshot(path=str(out))
        browser.close()
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
