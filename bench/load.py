"""A workshop room opening the dashboard at once, next to a bare one-slider notebook (not a test).

Run: .venv/bin/python bench/load.py [--participants 30] [--browsers 5] [--watch 120] [--no-walk]
     [--voila-arg=--RoomKernelManager.refill_delay=0 …]  (extra Voila options for both servers, to compare settings)

Budget (DESIGN.md, "Performance budget"): the pages of 30 participants at once whole within p95 ≤ 8 s and
≤ 1.3 × the bare notebook's p95 under the same config in the same run; every browser page interactive; no
participant kernel left 2 minutes after the last tab closed; ≤ 150 MB per kernel after a walk through all nine steps.

Each page (the bare notebook first, then the dashboard) gets its own Voila, served as `make serve` serves it
(serve/workshop, ROOM = the participants). Measuring starts once the log says the pool is ready and the kernels
are quiet, as a host waits before the room comes in. Then every participant opens the page at the same moment:
plain HTTP loads, timed until the whole body is in (Voila streams it while the kernel finishes the page), and
real Chromium pages, each in a browser context of its own (a new visitor), timed until the body is in and until
the page is interactive (the request step's client input usable; on the bare page the slider). Then every tab
goes without an unload (a dropped tab sends no beacon; the HTTP loads never connected at all) and the
participants' kernels are looked for every second: the culler must find them. Last, on the dashboard's server,
one browser page walks all nine steps with the worked example, and its kernel's memory is read from /proc.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import os
import re
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
from tornado.httpclient import AsyncHTTPClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.async_api import Browser, Page, async_playwright  # noqa: E402
from playwright.async_api import TimeoutError as PlaywrightTimeout  # noqa: E402

from notnow import STEPS  # noqa: E402
from tests.notebooks.voila_server import WORKSHOP_CONFIG, VoilaServer  # noqa: E402
from tests.ui.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from tti import READY as TTI_READY  # noqa: E402
from tti import write_pages  # noqa: E402

# Interactive in a workshop: the request step usable, as in bench/tti.py, and the participant's own part in: the
# personal link drawn (their store connected).
READY = {
    **TTI_READY,
    "workbook.ipynb": TTI_READY["workbook.ipynb"].replace(
        "return input", "const mine = wb && wb.querySelector('.nn-come-back .nn-link');\n        return mine && input"
    ),
}

P95_BUDGET_S = 8.0
RATIO_BUDGET = 1.3
KERNEL_MB_BUDGET = 150
LEFT_AFTER_S = 120  # "no participant kernel left 2 minutes after the last tab closed"
KERNEL_ID = re.compile(r'"kernelId": "([0-9a-f-]{36})"')
PAGE_KERNEL = "() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
BODY_IN_MS = "() => performance.getEntriesByType('navigation')[0].responseEnd"
LOAD_TIMEOUT_S = 300


@dataclass
class Visit:
    kind: str  # "http" | "browser"
    whole_s: float | None  # until the whole page body was in
    interactive_s: float | None = None  # browsers: until the page could be used
    kernel_id: str = ""


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile: the smallest value with at least `share` of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered) - 1e-9) - 1)]


def tree_rss_mb(server: VoilaServer) -> float:
    """Resident memory of the server and all its kernels, in MB."""
    if server.process is None:
        return 0.0
    total = 0
    with contextlib.suppress(psutil.Error):
        root = psutil.Process(server.process.pid)
        for process in [root, *root.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):
                total += process.memory_info().rss
    return total / 2**20


def pid_of(server: VoilaServer, kernel_id: str) -> int | None:
    for pid in server.kernel_pids():
        with contextlib.suppress(psutil.Error):
            if any(f"kernel-{kernel_id}.json" in part for part in psutil.Process(pid).cmdline()):
                return pid
    return None


def kernels_cpu_s(server: VoilaServer) -> float:
    total = 0.0
    for pid in server.kernel_pids():
        with contextlib.suppress(psutil.Error):
            times = psutil.Process(pid).cpu_times()
            total += times.user + times.system
    return total


def wait_until_warm(server: VoilaServer) -> float:
    """Seconds until the pool is ready (the log says so) and its kernels have stopped using CPU."""
    started = time.monotonic()
    if not server.wait_for_log("notnow: the pool is ready", timeout=900):
        raise RuntimeError(f"the pool never got ready:\n{server.log()[-4000:]}")
    before = kernels_cpu_s(server)
    while True:
        time.sleep(2)
        now = kernels_cpu_s(server)
        if now - before < 0.2:  # all kernels together used under a tenth of a core
            return time.monotonic() - started
        before = now


async def open_over_http(client: AsyncHTTPClient, url: str) -> Visit:
    started = time.monotonic()
    response = await client.fetch(url, request_timeout=LOAD_TIMEOUT_S, raise_error=False)
    whole = time.monotonic() - started
    body = response.body.decode(errors="replace") if response.body else ""
    found = KERNEL_ID.search(body)
    ok = response.code == 200 and "</html>" in body
    return Visit("http", whole if ok else None, kernel_id=found.group(1) if found else "")


async def open_in_browser(page: Page, url: str, ready: str) -> Visit:
    await page.goto(url, wait_until="commit", timeout=LOAD_TIMEOUT_S * 1000)
    interactive = None
    with contextlib.suppress(PlaywrightTimeout):
        handle = await page.wait_for_function(ready, polling=100, timeout=180_000)
        interactive = float(await handle.json_value()) / 1000
    await page.wait_for_load_state("domcontentloaded", timeout=LOAD_TIMEOUT_S * 1000)
    whole = await page.evaluate(BODY_IN_MS)
    kernel_id = ""
    with contextlib.suppress(Exception):
        kernel_id = str(await page.evaluate(PAGE_KERNEL))
    return Visit("browser", float(whole) / 1000 if whole else None, interactive, kernel_id)


async def sample_rss(server: VoilaServer, peak: list[float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        peak[0] = max(peak[0], tree_rss_mb(server))
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(stop.wait(), 0.5)


async def the_room_arrives(
    browser: Browser, server: VoilaServer, name: str, participants: int, browsers: int
) -> tuple[list[Visit], float, list[Page]]:
    """Everyone opens the page at the same moment; the visits and the peak memory of server and kernels."""
    contexts = [await browser.new_context(viewport={"width": 1280, "height": 1000}) for _ in range(browsers)]
    pages = [await context.new_page() for context in contexts]
    client = AsyncHTTPClient(force_instance=True, max_clients=participants)
    url = server.link("/")
    peak, stop = [tree_rss_mb(server)], asyncio.Event()
    sampler = asyncio.create_task(sample_rss(server, peak, stop))
    try:
        visits = await asyncio.gather(
            *(open_in_browser(page, url, READY[name]) for page in pages),
            *(open_over_http(client, url) for _ in range(participants - browsers)),
        )
    finally:
        stop.set()
        await sampler
        client.close()
    return list(visits), peak[0], pages


def watch_kernels(server: VoilaServer, kernel_ids: list[str], seconds: float) -> tuple[dict[str, float | None], int]:
    """When each participant's kernel went, in seconds after now (None: still there); and how many are left."""
    pids = {kernel_id: pid_of(server, kernel_id) for kernel_id in kernel_ids}
    gone: dict[str, float | None] = {k: (0.0 if pid is None else None) for k, pid in pids.items()}
    started = time.monotonic()
    while time.monotonic() - started < seconds and any(v is None for v in gone.values()):
        time.sleep(1)
        alive = server.kernel_pids()
        for kernel_id, pid in pids.items():
            if gone[kernel_id] is None and pid not in alive:
                gone[kernel_id] = time.monotonic() - started
    time.sleep(max(0.0, seconds - (time.monotonic() - started)))
    alive = server.kernel_pids()
    return gone, sum(1 for pid in pids.values() if pid is not None and pid in alive)


async def walk_all_steps(browser: Browser, server: VoilaServer) -> tuple[float, float]:
    """One participant walks the worked example through all nine steps: their kernel's RSS and USS in MB."""
    context = await browser.new_context(viewport={"width": 1280, "height": 1000})
    page = await context.new_page()
    page.set_default_timeout(60_000)
    try:
        await page.goto(server.link("/"), wait_until="commit", timeout=LOAD_TIMEOUT_S * 1000)
        await page.wait_for_function(READY["workbook.ipynb"], polling=100, timeout=180_000)
        await page.locator(".nn-load-example").click()
        await page.wait_for_function(
            "() => document.querySelector('.nn-client input').value === 'Bloom & Co'", polling=100
        )
        for step in STEPS[1:]:
            await page.locator(".nn-next").click()
            await page.locator(f".nn-step-{step}").wait_for(state="visible")
        await page.wait_for_timeout(3000)  # the last step's results drawn, autosave done
        pid = pid_of(server, str(await page.evaluate(PAGE_KERNEL)))
        if pid is None:
            raise RuntimeError("the walking page's kernel is gone")
        memory = psutil.Process(pid).memory_full_info()
        return memory.rss / 2**20, memory.uss / 2**20
    finally:
        await context.close()


def pool_kernel_mb(server: VoilaServer) -> float:
    """The median RSS of the kernels waiting in the pool (MB)."""
    sizes = []
    for pid in server.kernel_pids():
        with contextlib.suppress(psutil.Error):
            sizes.append(psutil.Process(pid).memory_info().rss / 2**20)
    return statistics.median(sizes) if sizes else 0.0


@dataclass
class Round:
    name: str
    warm_s: float
    pool_mb: float
    visits: list[Visit]
    peak_mb: float
    gone: dict[str, float | None]
    left: int
    after_mb: float
    walk: tuple[float, float] | None = None

    def wholes(self) -> list[float]:
        return [v.whole_s for v in self.visits if v.whole_s is not None]


async def one_round(browser: Browser, folder: Path, name: str, args: argparse.Namespace) -> Round:
    env = {"NOTNOW_ROOM": str(args.participants)}
    # The whole room comes from this one machine (127.0.0.1): lift the per-address pace, which is for one
    # visitor opening page after page, not for a room behind one address. The cap on kernels stays.
    pace = f"--RoomKernelManager.client_burst={args.participants * 2}"
    with VoilaServer(folder / name, pace, *args.voila_arg, config_dir=WORKSHOP_CONFIG, env=env) as server:
        print(f"{name}: warming up a pool of {args.participants} (load {os.getloadavg()[0]:.1f}) …", flush=True)
        warm_s = await asyncio.to_thread(wait_until_warm, server)
        pool_mb = pool_kernel_mb(server)
        print(
            f"  ready after {warm_s:.0f} s; a pool kernel holds {pool_mb:.0f} MB; "
            f"the room arrives (load {os.getloadavg()[0]:.1f})",
            flush=True,
        )
        visits, peak_mb, pages = await the_room_arrives(browser, server, name, args.participants, args.browsers)
        for page in pages:  # dropped without an unload: no beacon, the culler has to find the kernel
            with contextlib.suppress(Exception):
                await page.close(run_before_unload=False)
            await page.context.close()
        kernel_ids = [v.kernel_id for v in visits if v.kernel_id]
        print(f"  every tab gone; watching {len(kernel_ids)} participant kernels for {args.watch:.0f} s …", flush=True)
        gone, left = await asyncio.to_thread(watch_kernels, server, kernel_ids, args.watch)
        after_mb = tree_rss_mb(server)
        walk = None
        if name == "workbook.ipynb" and not args.no_walk:
            print("  one participant walks all nine steps …", flush=True)
            walk = await walk_all_steps(browser, server)
        if "Traceback" in server.log():
            print("  (the server log holds a traceback; see below)")
            print(server.log()[-3000:])
    return Round(name, warm_s, pool_mb, visits, peak_mb, gone, left, after_mb, walk)


def report(rounds: dict[str, Round], args: argparse.Namespace) -> bool:
    bare, dash = rounds["bare.ipynb"], rounds["workbook.ipynb"]
    ok = True

    def verdict(good: bool) -> str:
        nonlocal ok
        ok = ok and good
        return "within budget" if good else "OVER budget"

    print(
        f"\nnotnow: {args.participants} participants at once ({args.participants - args.browsers} over HTTP, "
        f"{args.browsers} in Chromium), serve/workshop, ROOM={args.participants}"
        f"{', ' + ' '.join(args.voila_arg) if args.voila_arg else ''}; load average now "
        f"{os.getloadavg()[0]:.1f}"
    )
    for label, r in (("bare one-slider notebook", bare), ("dashboard", dash)):
        wholes = r.wholes()
        failed = len(r.visits) - len(wholes)
        print(
            f"  {label:25} pages whole: p50 {percentile(wholes, 0.5):5.2f} s  p95 {percentile(wholes, 0.95):5.2f} s  "
            f"max {max(wholes):5.2f} s{f'  ({failed} failed)' if failed else ''}"
        )
        interactive = [v.interactive_s for v in r.visits if v.kind == "browser"]
        print(
            f"  {'':25} browser pages interactive: {sum(t is not None for t in interactive)} of {len(interactive)}"
            f" ({', '.join('never' if t is None else f'{t:.1f} s' for t in interactive)})"
        )
    p95_bare, p95_dash = percentile(bare.wholes(), 0.95), percentile(dash.wholes(), 0.95)
    all_whole = len(dash.wholes()) == len(dash.visits)
    print(
        f"  dashboard p95 {p95_dash:.2f} s (budget ≤ {P95_BUDGET_S:.0f} s) — "
        f"{verdict(all_whole and p95_dash <= P95_BUDGET_S)}"
    )
    print(
        f"  ratio dashboard/bare p95 {p95_dash / p95_bare:.2f} (budget ≤ {RATIO_BUDGET}) — "
        f"{verdict(p95_dash / p95_bare <= RATIO_BUDGET)}"
    )
    interactive = [v.interactive_s for v in dash.visits if v.kind == "browser"]
    print(f"  every dashboard browser page interactive — {verdict(all(t is not None for t in interactive))}")
    for label, r in (("bare", bare), ("dashboard", dash)):
        went = sorted(t for t in r.gone.values() if t is not None)
        spread = f"culled {went[0]:.0f}–{went[-1]:.0f} s after the tabs closed" if went else "none culled"
        print(
            f"  {label:9} participant kernels left {args.watch:.0f} s after the last tab closed: {r.left} of "
            f"{len(r.gone)} ({spread})"
        )
    print(
        f"  no dashboard kernel left after {LEFT_AFTER_S} s — {verdict(dash.left == 0 and args.watch >= LEFT_AFTER_S)}"
    )
    for label, r in (("bare", bare), ("dashboard", dash)):
        print(
            f"  {label:9} memory: a pool kernel {r.pool_mb:.0f} MB; server and kernels {r.peak_mb / 1024:.2f} GB at "
            f"the peak, {r.after_mb / 1024:.2f} GB after the room left; pool ready after {r.warm_s:.0f} s"
        )
    if dash.walk is not None:
        rss, uss = dash.walk
        print(
            f"  a dashboard kernel after all nine steps: RSS {rss:.0f} MB, USS {uss:.0f} MB (budget ≤ "
            f"{KERNEL_MB_BUDGET} MB) — {verdict(rss <= KERNEL_MB_BUDGET)}"
        )
    return ok


async def main_async(args: argparse.Namespace) -> int:
    rounds: dict[str, Round] = {}
    with tempfile.TemporaryDirectory(prefix="notnow-load-") as tmp:
        folder = Path(tmp)
        write_pages(folder)
        async with async_playwright() as playwright:
            for name in ("bare.ipynb", "workbook.ipynb"):  # a fresh browser each: no page starts with a warm cache
                browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                try:
                    rounds[name] = await one_round(browser, folder, name, args)
                finally:
                    await browser.close()
    return 0 if report(rounds, args) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=30, help="people opening the page at once (default 30)")
    parser.add_argument("--browsers", type=int, default=5, help="of them, real Chromium pages (default 5)")
    parser.add_argument("--watch", type=float, default=LEFT_AFTER_S, help="seconds to watch the kernels go (120)")
    parser.add_argument("--no-walk", action="store_true", help="skip the walk through the nine steps")
    parser.add_argument("--voila-arg", action="append", default=[], help="an extra Voila option for both servers")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        print(f"Chromium not found at {CHROMIUM}; nothing measured.")
        return 2
    if not 1 <= args.browsers <= args.participants:
        parser.error("--browsers must be from 1 to --participants")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stopped: still stop the servers and their kernels
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    sys.exit(main())
