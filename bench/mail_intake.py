"""How long reading a client's mail takes (not a test): the budget is ≤ 3 s for a 10 MB paste (issue 16).

Run: .venv/bin/python bench/mail_intake.py — prints the seconds for each case, in this process:
a 10 MB paste (refused at once: over 2 MB), a paste just under 2 MB (read whole: the slowest accepted input),
an HTML mail just under 2 MB, and the four fixture mails of tests/unit/mail (the first .msg includes importing
extract-msg, the first mail loading Babel's month and weekday names).
"""

from __future__ import annotations

import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from notnow.errors import InputError  # noqa: E402
from notnow.intake import MAX_BYTES, read_mail  # noqa: E402

BUDGET_S = 3.0
NOW = datetime(2026, 12, 2, 10, 15)
LINE = "Kun je de brochure uiterlijk vrijdag 11 december om 12.00 uur leveren? Het is zo'n 16 uur werk.\n"


def timed(label: str, message: bytes | str) -> float:
    started = time.perf_counter()
    try:
        intake = read_mail(message, now=NOW)
        outcome = f"deadline {intake.deadline}, hours {intake.hours}, client {intake.client!r}"
    except InputError as error:
        outcome = f"InputError {error.code}"
    seconds = time.perf_counter() - started
    print(f"  {label:<44} {seconds:6.3f} s  {outcome}")
    return seconds


def main() -> int:
    print(f"notnow mail intake bench, {datetime.now():%Y-%m-%d %H:%M} (budget: a 10 MB paste ≤ {BUDGET_S:g} s)")
    worst = timed("first mail (month and day names load)", "Hoi Jordi, kun je helpen?\n\nGroet,\nEva")
    paste_10mb = timed("10 MB paste", "x" * (10 * 1024 * 1024))
    body = LINE * ((MAX_BYTES - 2000) // len(LINE.encode()))
    worst = max(worst, timed("paste just under 2 MB", body + "\nGroet,\nEva Jansen\nVan Dijk Makelaars\n"))
    html = "<p>" + "</p><p>".join(body.splitlines()[: (MAX_BYTES - 4000) // (len(LINE) + 7)]) + "</p>"
    raw = f"From: Eva <eva@vandijk.nl>\nSubject: Brochure\nContent-Type: text/html; charset=utf-8\n\n{html}"
    worst = max(worst, timed("HTML mail just under 2 MB", raw.encode()))
    for path in sorted((ROOT / "tests" / "unit" / "mail").glob("*.*")):
        if path.suffix in (".eml", ".msg"):
            worst = max(worst, timed(path.name, path.read_bytes()))
    print(f"  10 MB paste: {paste_10mb:.3f} s (budget {BUDGET_S:g} s); slowest accepted mail: {worst:.3f} s")
    return 0 if paste_10mb <= BUDGET_S and worst <= BUDGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
