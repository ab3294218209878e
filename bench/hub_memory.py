"""Memory per workshop participant under JupyterHub (deploy/jupyterhub), for sizing a room (not a test).

Run: .venv/bin/python bench/hub_memory.py [--participants 3]  — prints each participant's memory and the medians.

The real hub, proxy and idle culler start on free local ports (as in tests/deploy); each participant logs in
in their own headless Chromium context, reaches the dashboard and loads the worked example, and keeps the tab
open. Then, per participant: their single-user server and its kernel, in PSS (each shared page split among the
processes that share it: the figure that adds up across users) and RSS (what one process holds on its own).
The hub, its proxy and the culler are counted once. Kubernetes guarantees in deploy/kubernetes/values.yaml
come from these figures.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import expect, sync_playwright  # noqa: E402

from tests.deploy.hub_server import JupyterHubServer  # noqa: E402
from tests.deploy.test_jupyterhub import CLIENT_INPUT, FIRST_SPAWN_MS, LOAD_EXAMPLE, WORKBOOK_READY  # noqa: E402
from tests.ui.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

PASSWORD = "bench-shared-password"
MIB = 1024 * 1024


def memory(process: psutil.Process) -> tuple[float, float]:
    """(PSS, RSS) in MiB."""
    info = process.memory_full_info()
    return info.pss / MIB, info.rss / MIB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=3)
    names = [f"p{number:03d}" for number in range(1, parser.parse_args().participants + 1)]

    hub = JupyterHubServer(names, admins=[], password=PASSWORD)
    try:
        hub.start()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
            for name in names:
                page = browser.new_context(locale="en-GB").new_page()
                page.goto(f"{hub.url}/hub/login")
                page.fill("#username_input", name)
                page.fill("#password_input", PASSWORD)
                page.click("#login_submit")
                page.wait_for_selector(WORKBOOK_READY, timeout=FIRST_SPAWN_MS)
                page.locator(LOAD_EXAMPLE).click()
                expect(page.locator(CLIENT_INPUT)).to_have_value("Bloom & Co")
            assert hub.process is not None
            root = psutil.Process(hub.process.pid)
            servers = [p for p in root.children() if "jupyterhub.singleuser" in p.cmdline()]
            shared = [root, *(p for p in root.children() if p not in servers)]
            print(
                f"{'participant':<12} {'server PSS':>11} {'kernel PSS':>11} {'kernel RSS':>11} {'total PSS':>10} "
                f"{'total RSS':>10}"
            )
            totals_pss, totals_rss, kernels_pss, kernels_rss = [], [], [], []
            for server in servers:
                name = server.environ().get("JUPYTERHUB_USER", "?")
                server_pss, server_rss = memory(server)
                kernels = [memory(kernel) for kernel in server.children(recursive=True)]
                kernel_pss, kernel_rss = sum(pss for pss, _rss in kernels), sum(rss for _pss, rss in kernels)
                total_pss, total_rss = server_pss + kernel_pss, server_rss + kernel_rss
                print(
                    f"{name:<12} {server_pss:>7.0f} MiB {kernel_pss:>7.0f} MiB {kernel_rss:>7.0f} MiB "
                    f"{total_pss:>6.0f} MiB {total_rss:>6.0f} MiB"
                )
                totals_pss.append(total_pss)
                totals_rss.append(total_rss)
                kernels_pss.append(kernel_pss)
                kernels_rss.append(kernel_rss)
            overhead = sum(memory(process)[0] for process in shared)
            per_user = statistics.median(totals_pss)
            print(
                f"median per participant: {per_user:.0f} MiB PSS ({statistics.median(kernels_pss):.0f} MiB of it "
                f"the kernel), {statistics.median(totals_rss):.0f} MiB RSS (kernel alone "
                f"{statistics.median(kernels_rss):.0f} MiB RSS)"
            )
            print(f"hub + proxy + culler, once: {overhead:.0f} MiB PSS")
            print(f"200 participants at the median: {(200 * per_user + overhead) / 1024:.1f} GiB")
            browser.close()
    finally:
        hub.stop()


if __name__ == "__main__":
    main()
