"""axe-core's serious and critical WCAG 2.1 A/AA violations on every step of the worked example and on the
panels, in both languages, and the Tab stops from each step's heading to Next (not a test).

Run: .venv/bin/python bench/axe.py [--lang nl] [--port 18600] [--details]
Prints per step: violated rules / elements, then the Tab stops to Next (Back on the last step, where Next is
off) against the step's own controls + 3 (the budget of the issue; a date field's parts are one stop).
tests/ui/test_accessibility.py asserts the same walk finds nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Page, sync_playwright  # noqa: E402

from tests.notebooks.voila_server import NOTEBOOKS, VoilaServer  # noqa: E402
from tests.ui.axe import (  # noqa: E402
    controls_on_step,
    open_dashboard,
    serious_violations,
    tab_stops_to_next,
    walk_panels,
    walk_steps,
)
from tests.ui.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

TAB_LIMIT = 80


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", action="append", choices=("nl", "en"), help="default: both")
    parser.add_argument("--port", type=int, default=None, help="the Voila server's port (default: a free one)")
    parser.add_argument("--details", action="store_true", help="print each violation and each Tab stop")
    args = parser.parse_args()
    langs = args.lang or ["nl", "en"]
    totals = {"rules": 0, "elements": 0}
    with (
        VoilaServer(NOTEBOOKS / "workbook.ipynb", env={"NOTNOW_WORKSHOP": "1"}, port=args.port) as server,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS), headless=True)
        for lang in langs:
            context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale=lang)
            page = context.new_page()
            open_dashboard(page, server, lang)
            print(f"\n{lang}: {'where':<10} {'rules':>5} {'elements':>8}   Tab stops to Next (controls + 3)")

            def report(page: Page, where: str, tabs: str = "") -> None:
                found = serious_violations(page)
                elements = sum(len(f.targets) for f in found)
                totals["rules"] += len(found)
                totals["elements"] += elements
                print(f"    {where:<10} {len(found):>5} {elements:>8}   {tabs}  {' '.join(f.rule for f in found)}")
                if args.details:
                    for finding in found:
                        print(f"        {finding}")

            for key in walk_steps(page):
                controls = controls_on_step(page, key)
                stops, reached = tab_stops_to_next(page, key, TAB_LIMIT)
                tabs = f"{len(stops) if reached else f'>{TAB_LIMIT}':>3} ({controls + 3:>2})"
                report(page, key, tabs)
                if args.details:
                    print("        Tab:", " | ".join(stops))
            for panel in walk_panels(page):
                report(page, panel, " " * 8)
            context.close()
        browser.close()
    print(f"\ntotal: {totals['rules']} rule violations on {totals['elements']} elements (serious or critical)")


if __name__ == "__main__":
    main()
