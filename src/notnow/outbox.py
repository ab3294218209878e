"""The answer out as files the user already knows: a mail draft, a mailto link, and the plan for their calendar.

Everything is built with the libraries made for it (the standard library's `email`, `urllib.parse`, `base64`
and `icalendar`), so the files open in Outlook, Thunderbird, Apple Mail, Google Calendar and the rest.
"""

from __future__ import annotations

import base64
import email.policy
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from email.utils import getaddresses
from typing import TYPE_CHECKING
from urllib.parse import quote

import icalendar

from notnow import coerce, content
from notnow.errors import InputError
from notnow.reply import DATE_OFFERS, promises

if TYPE_CHECKING:
    from notnow.assessment import Assessment

MAX_SUBJECT_CHARS = 500
MAX_BODY_CHARS = 100_000
MAX_ADDRESS_CHARS = 1000
MAX_PAYLOAD_BYTES = 20 * 1024 * 1024
DESCRIPTION_CHARS = 1900  # room for the words around the client's text in a 2,000-character description
PRODID = "-//notnow//notnow plan//{lang}"
_MIME = re.compile(r"[\w.+-]+/[\w.+-]+(?:;\s*[\w.-]+=[\w.-]+)*")


# --- mail ------------------------------------------------------------------------------------------------


def eml_draft(subject: str, body: str, *, to: str = "", sender: str = "") -> bytes:
    """An RFC 5322 message marked unsent (X-Unsent: 1), so Outlook and Thunderbird open it as a draft."""
    message = EmailMessage(policy=email.policy.default)
    message["Subject"] = _one_line(coerce.text("email_subject", subject, max_len=MAX_SUBJECT_CHARS))
    if not _blank(to):
        message["To"] = _addresses("email_to", to)
    if not _blank(sender):
        message["From"] = _addresses("email_from", sender)
    message["X-Unsent"] = "1"
    message.set_content(_body(body), charset="utf-8")
    return message.as_bytes(policy=email.policy.SMTP)  # CRLF line ends, as mail files have them


def mailto_link(subject: str, body: str, to: str = "") -> str:
    """A mailto: URL (RFC 6068): UTF-8 percent-encoded, line breaks as %0D%0A, spaces as %20."""
    recipients = "" if _blank(to) else _addresses("email_to", to)
    fields = {
        "subject": _one_line(coerce.text("email_subject", subject, max_len=MAX_SUBJECT_CHARS)),
        "body": _body(body).replace("\n", "\r\n"),
    }
    query = "&".join(f"{name}={quote(value, safe='')}" for name, value in fields.items() if value)
    return f"mailto:{quote(recipients, safe='@,')}" + (f"?{query}" if query else "")


def mail_parts(text: str) -> tuple[str, str]:
    """An email reply as (subject, body): its first line is the subject when a blank line follows it
    (compose_reply writes the subject first); otherwise there is no subject line and all is body."""
    lines = _body(text).split("\n")
    if len(lines) >= 2 and lines[0].strip() and not lines[1].strip():
        return lines[0].strip(), "\n".join(lines[2:]).lstrip("\n")
    return "", "\n".join(lines)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _one_line(text: str) -> str:
    """Header values may not hold line breaks (that would let text add headers of its own)."""
    return " ".join(text.split())


def _body(text: object) -> str:
    if not isinstance(text, str):
        raise InputError("email_body", "required")
    if len(text) > MAX_BODY_CHARS:
        raise InputError("email_body", "too_long", max=MAX_BODY_CHARS)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _addresses(field: str, value: object) -> str:
    """One or more addresses ("Ann <ann@example.org>, bo@example.org"), each checked for an @ and a domain."""
    if not isinstance(value, str) or len(value) > MAX_ADDRESS_CHARS:
        raise InputError(field, "email_address", value=str(value)[:60])
    flat = _one_line(value)
    pairs = getaddresses([flat])
    if not pairs or any(not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", address) for _, address in pairs):
        raise InputError(field, "email_address", value=flat[:60])
    return flat


# --- the plan for the user's calendar ---------------------------------------------------------------------


STATUSES: tuple[str, ...] = ("CONFIRMED", "TENTATIVE")  # RFC 5545 event statuses a plan uses


@dataclass(frozen=True)
class CalendarEntry:
    """One all-day reminder in the user's calendar: a delivery, an answer, a check-in.

    `status` is TENTATIVE for an alternative the client has not chosen yet, CONFIRMED otherwise. `key`, when
    given, names what the entry stands for (the case and the promise), so the option and the confirmed plan
    that replaces it share one UID and a calendar updates the event instead of adding a second one.
    """

    day: date
    title: str
    description: str = ""
    status: str = "CONFIRMED"
    key: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "day", coerce.a_date("entry_day", self.day))
        object.__setattr__(self, "title", _one_line(coerce.text("entry_title", self.title, required=True, max_len=200)))
        object.__setattr__(self, "description", coerce.text("entry_description", self.description, max_len=2000))
        object.__setattr__(self, "status", coerce.choice("entry_status", self.status, STATUSES))
        object.__setattr__(self, "key", coerce.text("entry_key", self.key, max_len=500))

    def uid(self) -> str:
        """The same entry always gets the same UID, so importing the plan twice updates instead of doubling."""
        source = self.key or f"{self.day.isoformat()}\n{self.title}\n{self.description}"
        digest = hashlib.sha256(source.encode()).hexdigest()
        return f"{digest[:32]}@notnow"


def plan_ics(entries: Sequence[CalendarEntry], *, lang: str, now: datetime | None = None) -> bytes:
    """A VCALENDAR with one all-day event per entry, marked free so it never blocks the user's day."""
    content.check_lang(lang)
    stamp = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID.format(lang=lang.upper()))
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", content.text(lang, "outbox.calendar_name"))
    for entry in entries:
        if not isinstance(entry, CalendarEntry):
            raise InputError("entry_title", "required")
        event = icalendar.Event()
        event.add("uid", entry.uid())
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.day)
        event.add("dtend", entry.day + timedelta(days=1))
        event.add("summary", entry.title)
        if entry.description:
            event.add("description", entry.description)
        event.add("status", entry.status)
        # A confirmed plan replaces the options it came from (same UID): a higher sequence makes it win.
        event.add("sequence", 1 if entry.status == "CONFIRMED" and entry.key else 0)
        event.add("transp", "TRANSPARENT")  # a reminder, not a day off: read back by notnow.ics it books nothing
        calendar.add_component(event)
    return bytes(calendar.to_ical())


# The title of each promised date in the plan (a key under `outbox`).
_ENTRY_TITLES: dict[str, str] = {
    "urgent_done": "urgent_done",
    "rest_done": "all_done",
    "whole_done": "later_done",
    "rush_by": "rush_done",
    "think_by": "think_back",
    "referral_by": "referral_back",
}
_HOLDING = ("think",)  # not an alternative for the client to choose: the user's own promise to answer


def plan_entries(assessment: Assessment, lang: str) -> list[CalendarEntry]:
    """The dates the reply promises (`reply.promises`), plus the check-in, in date order.

    Until the client's choice is recorded (the outcome) every offered alternative is a TENTATIVE entry titled as
    an option; then the plan holds the chosen offer's dates alone, CONFIRMED. The check-in is always in it.
    Read-only on the assessment.
    """
    content.check_lang(lang)
    a = assessment
    r = a.request
    client = r.client
    about = content.text(lang, "outbox.about", asked=r.asked[:DESCRIPTION_CHARS]) if r.asked else ""
    promised = promises(a)
    case_key = f"{client}\n{r.received.isoformat()}"
    entries: list[CalendarEntry] = []
    for what, day in promised.dates().items():
        offer = DATE_OFFERS[what]
        if promised.decided and offer not in promised.agreed:
            continue  # an alternative the client did not take
        option = not promised.decided and offer not in _HOLDING
        title = content.text(lang, f"outbox.{_ENTRY_TITLES[what]}", client=client)
        if option:
            title = content.text(lang, "outbox.option", title=title)
        description = r.urgent_part[:DESCRIPTION_CHARS] or about if what == "urgent_done" else about
        entries.append(
            CalendarEntry(day, title, description, "TENTATIVE" if option else "CONFIRMED", f"{case_key}\n{what}")
        )
    if promised.check_in is not None:
        title = content.text(lang, "outbox.follow_up", client=client)
        entries.append(CalendarEntry(promised.check_in, title, "", "CONFIRMED", f"{case_key}\ncheck_in"))
    return sorted(entries, key=lambda e: e.day)


# --- files as links -------------------------------------------------------------------------------------


def data_uri(payload: bytes, mime: str) -> str:
    """A data: URL (base64) so a page can offer the file for download without a server route."""
    if isinstance(payload, bytearray | memoryview):
        payload = bytes(payload)
    if not isinstance(payload, bytes):
        raise InputError("payload", "required")
    if len(payload) > MAX_PAYLOAD_BYTES:
        raise InputError("payload", "file_too_big", max_mb=MAX_PAYLOAD_BYTES // (1024 * 1024))
    if not isinstance(mime, str) or not _MIME.fullmatch(mime.strip()):
        raise InputError("mime_type", "mime", value=str(mime)[:60])
    return f"data:{mime.strip()};base64,{base64.b64encode(payload).decode('ascii')}"
