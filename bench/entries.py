"""How many field entries a repeat user needs from a client's .eml to a reply they can send (not a test).

Run: .venv/bin/python bench/entries.py — prints each entry, the count, the seconds it took, and the reply.
Budget (issue 16, "The client's mail in"): no more than 3 field entries — the hours when the mail names none, the
reason, one offer — for a user with a saved set-up and an imported diary.

A real browser (Debian's Chromium) on the real dashboard, served as `make run` serves it, on a store that holds
the user's set-up: name, business, signature, rate, skill, colleagues, and a diary read from a calendar export
(`notnow.ics`). The client's request arrives as an .eml (written here, dated now, naming no hours); dropping it
on step 1 is where the walk starts, not an entry. Each fill, pick or tick of an input counts as one entry; Next
and waiting do not. The reply is then checked to be sendable: it greets the contact the mail named, is signed
with the user's name, and its .eml draft goes to the client, in their thread ("Re: <subject>", In-Reply-To).
"""

from __future__ import annotations

import base64
import email
import email.policy
import os
import re
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from email.message import EmailMessage
from email.utils import format_datetime
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

BUDGET = 3
CLIENT = "eva.jansen@vandijkmakelaars.nl"
SUBJECT = "Brochure for our new office"
MESSAGE_ID = "<20261202.brochure@vandijkmakelaars.nl>"
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


def client_mail(deadline: datetime) -> bytes:
    """The client's request as their mail program saves it: dated now, a deadline, no hours named."""
    message = EmailMessage(policy=email.policy.default)
    message["From"] = f"Eva Jansen <{CLIENT}>"
    message["To"] = "Jordi Verbeek <jordi@verbeektekst.nl>"
    message["Subject"] = SUBJECT
    message["Date"] = format_datetime(datetime.now().astimezone())
    message["Message-ID"] = MESSAGE_ID
    message.set_content(
        "Hi Jordi,\n\nWe are moving to a new office in the spring. Could you write the brochure that introduces "
        f"it to our clients? We need the text no later than {deadline:%A} {deadline.day} {deadline:%B}.\n\n"
        "Kind regards,\nEva Jansen\nVan Dijk Makelaars\n+31 20 123 4567\n"
    )
    return message.as_bytes()


def draft_headers(page: Page) -> dict[str, str]:
    """The headers of the .eml draft the reply step offers (a data: URI with the file in base64)."""
    href = page.locator(".nn-download-eml").first.get_attribute("href") or ""
    draft = email.message_from_bytes(base64.b64decode(href.split(",", 1)[1]), policy=email.policy.default)
    return {name: str(draft[name] or "") for name in ("To", "Subject", "In-Reply-To")}


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


def served(home: Path) -> VoilaServer:
    """The dashboard as `make run` serves it; on NOTNOW_BENCH_PORT when set (a port of one's own on a shared
    machine), else on a free one."""
    server = VoilaServer(NOTEBOOKS / "workbook.ipynb", env={"NOTNOW_HOME": str(home)})
    port = int(os.environ.get("NOTNOW_BENCH_PORT", "0"))
    if port:
        server.args = [f"--port={port}" if a.startswith("--port=") else a for a in server.args]
        server.port, server.url = port, f"http://127.0.0.1:{port}"
    return server


def main() -> int:
    if not CHROMIUM.exists():
        print(f"Chromium not found at {CHROMIUM}; nothing measured.")
        return 2
    with tempfile.TemporaryDirectory(prefix="notnow-entries-") as tmp:
        home = Path(tmp)
        set_up(home)
        deadline = (datetime.now() + timedelta(days=5)).replace(hour=17, minute=0, second=0, microsecond=0)
        server = served(home)
        with server, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.set_default_timeout(30_000)
            page.goto(server.link("/", lang="en"), timeout=180_000)
            page.wait_for_selector(".nn-workbook .nn-step-request .nn-client input", timeout=180_000)
            started = time.monotonic()
            mail = home / "request.eml"
            mail.write_bytes(client_mail(deadline))
            with page.expect_file_chooser() as chooser:  # the upload button opens the file dialog
                page.locator(".nn-mail-upload").first.click()
            chooser.value.set_files(str(mail))  # the start of the walk, not an entry
            expect(page.locator(".nn-client input")).to_have_value("Van Dijk Makelaars", timeout=30_000)
            user = Counter()
            user.fill(page, ".nn-hours", "20")  # the mail names no hours
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
            headers = draft_headers(page)
            browser.close()

    in_thread = headers == {"To": CLIENT, "Subject": f"Re: {SUBJECT}", "In-Reply-To": MESSAGE_ID}
    sendable = (
        all(part in reply for part in ("Dear Eva", "Jordi Verbeek", "Verbeek Tekst"))
        and "?" not in reply.splitlines()[0]
        and in_thread
    )
    print(f"notnow entries bench: a repeat user, client's .eml → sendable reply, {datetime.now():%Y-%m-%d %H:%M}")
    print(f"  0. the client's .eml dropped on step 1 (the start, not an entry): {SUBJECT!r} from {CLIENT}")
    for n, entry in enumerate(user.entries, 1):
        print(f"  {n}. {entry}")
    print(
        f"  field entries: {len(user.entries)} (budget ≤ {BUDGET}); {seconds:.1f} s in the browser; "
        f"reply sendable: {sendable}"
    )
    print("  the .eml draft: " + "; ".join(f"{k}: {v}" for k, v in headers.items()))
    print("  the reply:\n" + "\n".join(f"    {line}" for line in reply.splitlines()))
    return 0 if len(user.entries) <= BUDGET and sendable else 1


if __name__ == "__main__":
    sys.exit(main())
