"""How long the printable pages take to render, next to a minimal Jinja template in the same run (not a test).

Run: .venv/bin/python bench/summary.py  — prints the first template render (compiling it, once per process)
and medians over ROUNDS renders: the worked example's summary (whole, and split into gathering its values
and filling the template) and the blank worksheet. The
baseline is a one-line template with one escaped value, in an Environment with our settings, so the ratios
say what our templates cost beyond Jinja's own floor on this machine; the share line says how much of the
whole summary is template work at all (the rest is the logic: quote, split plan, the composed reply).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable

from jinja2 import Environment, StrictUndefined

from notnow import Assessment
from notnow.summary import case_summary_html, render_page, summary_sections, worksheet_html

ROUNDS = 200


def median_ms(render: Callable[[], object], rounds: int = ROUNDS) -> float:
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        render()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main() -> None:
    minimal = Environment(autoescape=True, undefined=StrictUndefined).from_string("<p>{{ client }}</p>")
    a = Assessment.example("en")
    sections = summary_sections(a, "en")  # the first values warm Babel, holidays and the content
    t0 = time.perf_counter()
    render_page("summary.html.j2", "en", client=a.request.client, **sections)
    first = (time.perf_counter() - t0) * 1000  # parsing and compiling the templates, once per process

    baseline = median_ms(lambda: minimal.render(client=a.request.client), rounds=ROUNDS * 10)
    template = median_ms(lambda: render_page("summary.html.j2", "en", client=a.request.client, **sections))
    worksheet = median_ms(lambda: worksheet_html("en"))
    gather = median_ms(lambda: summary_sections(a, "en"))
    whole = {
        lang: median_ms(lambda lang=lang: case_summary_html(Assessment.example(lang), lang)) for lang in ("en", "nl")
    }

    print(f"python {sys.version.split()[0]}; medians of {ROUNDS} renders (baseline: {ROUNDS * 10})")
    print(f"first summary template (compiling it)    {first:8.2f} ms")
    print(f"baseline: one-line template               {baseline * 1000:8.1f} µs")
    print(f"summary template, values ready            {template:8.2f} ms   {template / baseline:6.0f}× baseline")
    print(f"worksheet (blank, en)                     {worksheet:8.2f} ms   {worksheet / baseline:6.0f}× baseline")
    print(f"summary values (quote, plan, reply, …)    {gather:8.2f} ms")
    for lang, ms in whole.items():
        print(f"whole summary, example ({lang})             {ms:8.2f} ms   template share {template / ms:6.1%}")


if __name__ == "__main__":
    main()
