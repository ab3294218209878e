"""How many field entries a repeat user needs from a new request to a reply they can send (not a test).

Run: .venv/bin/python bench/entries.py — prints each entry, the count, the seconds it took, and the reply.
Budget (issue "Everyday use"): no more than 8 field entries for a user with a saved set-up and an imported diary.

A real browser (Debian's Chromium) on the real dashboard, served as `make run` serves it, on a store that holds
the user's set-up: name, business, signature, rate, skill, colleagues, and a diary read from a calendar export
(`notnow.ics`). Each fill, pick or tick of an input counts as one entry; Next and waiting do not. The reply is
then checked to be sendable: it greets the contact, is signed with the user's name, and names a date.
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402

from notnow import Colleague, WorkCalendar, content  # noqa: E402
from notnow.ics import read_busy  # noqa: E402
from notnow.profile import Profile  # noqa: E402
from notnow.store import Store  # noqa: E402
from tests.notebooks.voila_server import NOTEBOOKS, VoilaServer  # noqa: E402
from tests.ui.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

BUDGET = 8
DEAR_EVA = re.compile("Dear Eva")
STEPS = ("request", "empathy", "honesty", "split", "when", "rush", "referral", "reply")


def diary_export(first: date) -> bytes:
    """A fortnight of a real-looking diary: a weekly client meeting, two project days, a day off."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//bench//entries//EN"]
    events = [
        ("weekly", first, "100000", "120000", "RRULE:FREQ=WEEKLY;COUNT=4"),
        ("project-a", first + timedelta(days=1), "090000", "170000", ""),
        ("project-b", first + timedelta(days=2), "130000", "170000", ""),
    ]
    for uid, day, start, end, rule in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}@bench",
            "DTSTAMP:20261101T000000Z",
            f"DTSTART;TZID=Europe/Amsterdam:{day:%Y%m%d}T{start}",
            f"DTEND;TZID=Europe/Amsterdam:{day:%Y%m%d}T{end}",
            f"SUMMARY:{uid}",
        ]
        lines += [rule] if rule else []
        lines.append("END:VEVENT")
    off = first + timedelta(days=4)
    lines += [
        "BEGIN:VEVENT",
        "UID:off@bench",
        "DTSTAMP:20261101T000000Z",
        f"DTSTART;VALUE=DATE:{off:%Y%m%d}",
        f"DTEND;VALUE=DATE:{off + timedelta(days=1):%Y%m%d}",
        "SUMMARY:Day off",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(lines).encode()


def set_up(home: Path) -> Profile:
    today = date.today()
    booked, days_off = read_busy(diary_export(today + timedelta(days=1)), today, today + timedelta(days=60))
    profile = Profile(
        name="Jordi Verbeek",
        business="Verbeek Tekst",
        signature="06 2345 6789 · verbeektekst.nl",
        lang="en",
        rate=Decimal("95"),
        skill="copywriting",
        min_extra_per_overtime_hour=Decimal("100"),
        calendar=WorkCalendar(booked=booked, days_off=days_off, overtime_per_workday=2),
        colleagues=(Colleague("Sanne de Vries", "copywriting, editing", "trusted"),),
    )
    with Store(home / "notnow.sqlite3") as store:
        store.save_profile(profile)
    return profile


class Counter:
    """The user's entries, one line each."""

    def __init__(self) -> None:
        self.entries: list[str] = []

    def fill(self, page: Page, css: str, value: str, element: str = "input") -> None:
        page.locator(f"{css} {element}").first.fill(value)
        self.entries.append(f"{css} ← {value!r}")

    def click(self, page: Page, selector: str, what: str) -> None:
        page.locator(selector).first.click()
        self.entries.append(what)


def next_to(page: Page, key: str) -> None:
    expect(page.locator(".nn-next")).to_be_enabled(timeout=30_000)
    page.locator(".nn-next").click()
    page.wait_for_selector(f".nn-step-{key}", state="visible", timeout=30_000)


def main() -> int:
    if not CHROMIUM.exists():
        print(f"Chromium not found at {CHROMIUM}; nothing measured.")
        return 2
    with tempfile.TemporaryDirectory(prefix="notnow-entries-") as tmp:
        home = Path(tmp)
        set_up(home)
        deadline = (datetime.now() + timedelta(days=5)).replace(hour=17, minute=0, second=0, microsecond=0)
        with (
            VoilaServer(NOTEBOOKS / "workbook.ipynb", env={"NOTNOW_HOME": str(home)}) as server,
            sync_playwright() as p,
        ):
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.set_default_timeout(30_000)
            page.goto(server.link("/", lang="en"), timeout=180_000)
            page.wait_for_selector(".nn-workbook .nn-step-request .nn-client input", timeout=180_000)
            started = time.monotonic()
            user = Counter()
            user.fill(page, ".nn-client", "Van Dijk Makelaars")
            user.fill(page, ".nn-contact", "Eva Jansen")
            user.fill(page, ".nn-asked", "the brochure for your new office", "textarea")
            user.fill(page, ".nn-hours", "20")
            user.fill(page, ".nn-deadline", deadline.strftime("%Y-%m-%dT%H:%M"))
            for key in STEPS[1:3]:
                next_to(page, key)
            reason = content.text("en", "honesty.reasons.fully_booked.label")
            user.click(page, f".nn-reason label:has-text('{reason}')", f"reason ← {reason!r}")
            for key in STEPS[3:]:
                next_to(page, key)
            text = page.locator(".nn-reply-text textarea")
            expect(text).to_have_value(DEAR_EVA, timeout=30_000)
            before = text.input_value()
            user.click(page, ".nn-offer-later input", "offer ← a later date")
            expect(text).not_to_have_value(before, timeout=30_000)  # the offer is in the reply now
            reply = text.input_value()
            seconds = time.monotonic() - started
            browser.close()

    sendable = (
        all(part in reply for part in ("Dear Eva", "Jordi Verbeek", "Verbeek Tekst"))
        and "?" not in reply.splitlines()[0]
    )
    print(f"notnow entries bench: a repeat user, new request → sendable reply, {datetime.now():%Y-%m-%d %H:%M}")
    for n, entry in enumerate(user.entries, 1):
        print(f"  {n}. {entry}")
    print(
        f"  field entries: {len(user.entries)} (budget ≤ {BUDGET}); {seconds:.1f} s in the browser; "
        f"reply sendable: {sendable}"
    )
    print("  the reply:\n" + "\n".join(f"    {line}" for line in reply.splitlines()))
    return 0 if len(user.entries) <= BUDGET and sendable else 1


if __name__ == "__main__":
    sys.exit(main())
