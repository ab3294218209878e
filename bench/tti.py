"""Dashboard time-to-interactive in headless Chromium, next to a bare one-slider notebook (not a test).

Run: .venv/bin/python bench/tti.py [--rounds 7] [--workshop]  — prints both medians and the ratio.
Budget (DESIGN.md): dashboard TTI ≤ 1.15 × the bare notebook's, on the same server, in the same run.

One Voila serves a temporary folder holding a copy of notebooks/workbook.ipynb and a bare notebook that shows
one IntSlider. Loads alternate (bare, dashboard, bare, …), each in a fresh browser context (a new visitor,
a new kernel); the first load of each is a warm-up and not counted. TTI = from navigation start until the
page's main widget is rendered and usable: for the dashboard the request step's inputs and its
"load example" button; for the bare notebook the slider. With --workshop the server runs under serve/workshop
(preheated kernels), otherwise under serve/run without its preheated pool (in a folder, a pool per notebook).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Browser, sync_playwright  # noqa: E402

from tests.notebooks.voila_server import NOTEBOOKS, WORKSHOP_CONFIG, VoilaServer  # noqa: E402
from tests.ui.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

BUDGET = 1.15
READY = {
    # performance.now() is measured from navigation start; the value is returned once the page is usable.
    "workbook.ipynb": """() => {
        const wb = document.querySelector('.nn-workbook');
        const input = wb && wb.querySelector('.nn-step-request .nn-client input');
        const example = wb && wb.querySelector('.nn-load-example');
        return input && input.offsetParent !== null && example && !example.disabled ? performance.now() : null;
    }""",
    "bare.ipynb": """() => {
        const slider = document.querySelector('.widget-slider .noUi-handle, .widget-slider .slider-container');
        return slider && slider.offsetParent !== null ? performance.now() : null;
    }""",
}


def write_pages(folder: Path) -> None:
    shutil.copy(NOTEBOOKS / "workbook.ipynb", folder / "workbook.ipynb")
    bare = new_notebook(
        cells=[new_code_cell("import ipywidgets as widgets\nwidgets.IntSlider()")],
        metadata=nbformat.read(NOTEBOOKS / "workbook.ipynb", as_version=4).metadata,
    )
    nbformat.write(bare, folder / "bare.ipynb")


def kernels_shut_down(server: VoilaServer) -> int:
    return server.log().count("Kernel shutdown")


def load_once(browser: Browser, server: VoilaServer, name: str) -> float:
    """Seconds from navigation start until the page is usable; then close the tab so its kernel goes."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    try:
        page.goto(server.link(f"/voila/render/{name}"), wait_until="commit", timeout=180_000)
        ready_ms = page.wait_for_function(READY[name], polling="raf", timeout=180_000).json_value()
        if server.process is not None and server.process.poll() is not None:
            raise RuntimeError(server.log())
        return float(ready_ms) / 1000
    finally:
        shut = kernels_shut_down(server)
        started = time.monotonic()
        page.close(run_before_unload=True)  # the page's beforeunload asks Voila to shut its kernel down
        deadline = started + 20  # let the kernel go before the next load, so loads don't overlap
        while kernels_shut_down(server) <= shut and time.monotonic() < deadline:
            time.sleep(0.2)
        if kernels_shut_down(server) <= shut:
            print("    (the kernel was not shut down when the tab closed)", flush=True)
        context.close()
        time.sleep(1.0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="counted loads of each page (default 7)")
    parser.add_argument("--workshop", action="store_true", help="serve under serve/workshop (preheated kernels)")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        print(f"Chromium not found at {CHROMIUM}; nothing measured.")
        return 2

    times: dict[str, list[float]] = {"bare.ipynb": [], "workbook.ipynb": []}
    with tempfile.TemporaryDirectory(prefix="notnow-tti-") as tmp:
        folder = Path(tmp)
        write_pages(folder)
        server = (
            # the room refills its pool only after 30 s without a visitor (serve/workshop); a visitor every 10 s
            # would then find it empty and measure a cold kernel, not a preheated one
            VoilaServer(folder, "--RoomKernelManager.refill_delay=0", config_dir=WORKSHOP_CONFIG)
            if args.workshop
            else VoilaServer(folder, "--VoilaConfiguration.preheat_kernel=False")
        )
        with server, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            if args.workshop:
                time.sleep(30)  # let the pools heat up
            for round_ in range(args.rounds + 1):
                for name in ("bare.ipynb", "workbook.ipynb") if round_ % 2 == 0 else ("workbook.ipynb", "bare.ipynb"):
                    seconds = load_once(browser, server, name)
                    if args.workshop:
                        time.sleep(8)  # the pool refills before the next visitor
                    if round_ > 0:
                        times[name].append(seconds)
                    print(
                        f"  round {round_}{' (warm-up)' if round_ == 0 else ''}: {name:15} {seconds:6.2f} s", flush=True
                    )
            browser.close()

    bare, dash = statistics.median(times["bare.ipynb"]), statistics.median(times["workbook.ipynb"])
    ratio = dash / bare
    mode = "workshop (serve/workshop, preheated)" if args.workshop else "serve/run settings (no preheat)"
    print(f"notnow time-to-interactive, headless Chromium, {args.rounds} loads each, {mode}:")
    print(f"  bare one-slider notebook: median {bare:5.2f} s  ({', '.join(f'{t:.2f}' for t in times['bare.ipynb'])})")
    print(
        f"  dashboard:                median {dash:5.2f} s  ({', '.join(f'{t:.2f}' for t in times['workbook.ipynb'])})"
    )
    verdict = "within" if ratio <= BUDGET else "OVER"
    print(f"  ratio dashboard/bare: {ratio:.2f}  (budget ≤ {BUDGET}) — {verdict} budget")
    return 0 if ratio <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
