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
from email import errors
from email.headerregistry import Address
from email.message import EmailMessage
from typing import TYPE_CHECKING
from urllib.parse import quote

import icalendar

from notnow import coerce, content
from notnow.errors import InputError
from notnow.reply import available_offers

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

MAX_MESSAGE_ID_CHARS = 250  # real ids are well under 100 characters; 998 is the hard line limit of a header
# The headers a draft holds besides the ones the caller asks for: set_content adds the three MIME ones.
_MIME_HEADERS = ("Content-Type", "Content-Transfer-Encoding", "MIME-Version")
_SMTP_LONG_LINES = email.policy.SMTP.clone(max_line_length=998)
_ENCODED_WORD_START = "=?"
_WORD_JOINER = "\u2060"  # invisible, joins rather than breaks: "=⁠?" reads as "=?" but starts no encoded word
_REPLY_PREFIX = re.compile(r"^(?:\s*(?:re|fwd?|aw|antw)\s*(?:\[\d+\])?\s*:)+\s*", re.IGNORECASE)
# id-left "@" id-right (RFC 5322 3.6.4), loosely: printable ASCII without "<", ">" and a second "@".
_MESSAGE_ID = re.compile(r"<?([\x21-\x3b\x3d\x3f\x41-\x7e]+@[\x21-\x3b\x3d\x3f\x41-\x7e]+)>?")


def eml_draft(subject: str, body: str, *, to: str = "", sender: str = "", in_reply_to: str = "") -> bytes:
    """An RFC 5322 message marked unsent (X-Unsent: 1), so Outlook and Thunderbird open it as a draft.

    With `in_reply_to` (the client's Message-ID) the draft answers in the client's thread: In-Reply-To and
    References name that message, and the subject gets one "Re:" (reply_subject).

    Safe on Python 3.11.7 as well as on versions with the CVE-2024-6923 fix: that bug lets the email package
    decode an RFC 2047 word in a header value ("=?utf-8?q?=0D=0ABcc:…?=") into a line break and write it out
    raw, as a header of its own. So no header text we set ever holds "=?" (_neutral_header_text), none holds
    a line break (_one_line), and the finished draft is parsed back and compared with what we set
    (_check_draft); if anything differs it is an InputError, never a file with a header we did not write.
    """
    reply_to_id = _message_id("email_in_reply_to", in_reply_to)
    subject_text = _header_text("email_subject", subject, MAX_SUBJECT_CHARS)
    if reply_to_id:
        subject_text = reply_subject(subject_text)
    recipients = _address_list("email_to", to)
    senders = _address_list("email_from", sender)
    body_text = _body(body)

    message = EmailMessage(policy=email.policy.default)
    message["Subject"] = subject_text
    if recipients:
        message["To"] = recipients
    if senders:
        message["From"] = senders
    if reply_to_id:
        message["In-Reply-To"] = reply_to_id
        message["References"] = reply_to_id  # we know only the client's message, not the thread before it
    message["X-Unsent"] = "1"
    message.set_content(body_text, charset="utf-8")
    try:
        data = message.as_bytes(policy=email.policy.SMTP)  # CRLF line ends, as mail files have them
        _check_draft(data, subject_text, recipients, senders, reply_to_id, body_text)
    except InputError:
        # Python's parser reads a display name folded into several encoded words back with spaces between
        # them; unfolded (up to RFC 5322's hard limit of 998 per line) it reads back whole. Checked again.
        data = message.as_bytes(policy=_SMTP_LONG_LINES)
        _check_draft(data, subject_text, recipients, senders, reply_to_id, body_text)
    return data


def mailto_link(subject: str, body: str, to: str = "") -> str:
    """A mailto: URL (RFC 6068): UTF-8 percent-encoded, line breaks as %0D%0A, spaces as %20.

    The recipients are bare addresses joined by commas, as RFC 6068 has them (a display name is left out).
    RFC 6068 lets a mail program decode RFC 2047 words in the subject, so "=?" is neutralised here as well.
    """
    recipients = ",".join(a.addr_spec for a in _address_list("email_to", to))
    fields = {
        "subject": _header_text("email_subject", subject, MAX_SUBJECT_CHARS),
        "body": _body(body).replace("\n", "\r\n"),
    }
    query = "&".join(f"{name}={quote(value, safe='')}" for name, value in fields.items() if value)
    return f"mailto:{quote(recipients, safe='@,')}" + (f"?{query}" if query else "")


def reply_subject(original_subject: str) -> str:
    """ "Re: " and the original subject, without the Re:/RE:/Fw:/Fwd:/Aw:/Antw: it had, so never "Re: Re:"."""
    text = _one_line(coerce.well_formed(original_subject if isinstance(original_subject, str) else ""))
    return f"Re: {_REPLY_PREFIX.sub('', text)}".rstrip()


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


def _neutral_header_text(text: str) -> str:
    """No RFC 2047 encoded word can start in the text: a word joiner goes between "=" and "?".

    Decoders only read a word that starts with the two characters "=?", so the text shows as typed and no
    program (nor Python's own header parser) turns it into other characters, line breaks included.
    """
    return text.replace(_ENCODED_WORD_START, "=" + _WORD_JOINER + "?")


def _header_text(field: str, value: object, max_len: int) -> str:
    return _neutral_header_text(_one_line(coerce.text(field, value, max_len=max_len)))


def _body(text: object) -> str:
    if not isinstance(text, str):
        raise InputError("email_body", "required")
    if len(text) > MAX_BODY_CHARS:
        raise InputError("email_body", "too_long", max=MAX_BODY_CHARS)
    return coerce.well_formed(text).replace("\r\n", "\n").replace("\r", "\n")


def _address_list(field: str, value: object) -> list[Address]:
    """One or more addresses ("Ann <ann@example.org>, bo@example.org"), each checked for an @ and a domain.

    Empty (or only spaces) is no address at all. Read with the parser that will read the draft (policy.default),
    after "=?" is neutralised; a group ("Bcc: …;") or anything it has to guess at is refused.
    """
    if _blank(value):
        return []
    if not isinstance(value, str) or len(value) > MAX_ADDRESS_CHARS:
        raise InputError(field, "email_address", value=str(value)[:60])
    flat = _neutral_header_text(_one_line(coerce.well_formed(value)))
    try:
        header = email.policy.default.header_factory("To", flat)
    except (ValueError, IndexError):  # the parser trips on some broken lists ("ann@") instead of noting a defect
        raise InputError(field, "email_address", value=flat[:60]) from None
    groups = getattr(header, "groups", ())
    addresses = [address for group in groups for address in group.addresses]
    if (
        not addresses
        or any(group.display_name is not None for group in groups)
        or any(isinstance(defect, errors.InvalidHeaderDefect) for defect in header.defects)
        or any(not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", address.addr_spec) for address in addresses)
    ):
        raise InputError(field, "email_address", value=flat[:60])
    # Built again from its parts: a local part with a U+FFFD (from a lone surrogate) is still written, and
    # _check_draft still compares every address read back with the one meant here.
    return [Address(a.display_name, a.username, _ascii_domain(field, a.domain, flat)) for a in addresses]


def _ascii_domain(field: str, domain: str, flat: str) -> str:
    """A domain with letters beyond ASCII (bücher.example) in the form DNS and mail headers use (IDNA)."""
    if domain.isascii():
        return domain
    try:
        return domain.encode("idna").decode("ascii")
    except UnicodeError:
        raise InputError(field, "email_address", value=flat[:60]) from None


def _message_id(field: str, value: object) -> str:
    """The Message-ID a reply answers, as "<left@right>": one id, printable ASCII, bounded, no "=?"."""
    if _blank(value):
        return ""
    if not isinstance(value, str) or len(value) > MAX_MESSAGE_ID_CHARS:
        raise InputError(field, "message_id", value=str(value)[:60])
    text = coerce.well_formed(value).strip()
    match = _MESSAGE_ID.fullmatch(text)
    if match is None or _ENCODED_WORD_START in text or text.startswith("<") != text.endswith(">"):
        raise InputError(field, "message_id", value=text[:60])
    return f"<{match.group(1)}>"


def _check_draft(
    data: bytes, subject: str, to: list[Address], sender: list[Address], reply_to_id: str, body: str
) -> None:
    """Parse the draft back as a mail program would, and refuse it unless it says exactly what we set."""
    texts = {"subject": ("email_subject", subject), "x-unsent": ("email_draft", "1")}
    if reply_to_id:
        texts["in-reply-to"] = texts["references"] = ("email_in_reply_to", reply_to_id)
    addresses = {
        name: (field, [(a.display_name, a.addr_spec) for a in meant])
        for name, field, meant in (("to", "email_to", to), ("from", "email_from", sender))
        if meant
    }
    parsed = email.message_from_bytes(data, policy=email.policy.default)
    wanted = sorted([*texts, *addresses, *(name.lower() for name in _MIME_HEADERS)])
    if sorted(name.lower() for name in parsed) != wanted or not isinstance(parsed, EmailMessage):
        raise InputError("email_draft", "mail_header")
    for name, (field, text) in texts.items():
        if str(parsed[name]) != text:
            raise InputError(field, "mail_header")
    for name, (field, pairs) in addresses.items():
        if [(a.display_name, a.addr_spec) for a in getattr(parsed[name], "addresses", ())] != pairs:
            raise InputError(field, "mail_header")
    if parsed.get_content_type() != "text/plain":
        raise InputError("email_draft", "mail_header")
    if str(parsed.get_content()).replace("\r\n", "\n").rstrip("\n") != body.rstrip("\n"):
        raise InputError("email_body", "mail_header")


# --- the plan for the user's calendar ---------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarEntry:
    """One all-day reminder in the user's calendar: a delivery, an answer, a check-in."""

    day: date
    title: str
    description: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "day", coerce.a_date("entry_day", self.day))
        object.__setattr__(self, "title", _one_line(coerce.text("entry_title", self.title, required=True, max_len=200)))
        object.__setattr__(self, "description", coerce.text("entry_description", self.description, max_len=2000))

    def uid(self) -> str:
        """The same entry always gets the same UID, so importing the plan twice updates instead of doubling."""
        digest = hashlib.sha256(f"{self.day.isoformat()}\n{self.title}\n{self.description}".encode()).hexdigest()
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
        event.add("transp", "TRANSPARENT")  # a reminder, not a day off: read back by notnow.ics it books nothing
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def plan_entries(assessment: Assessment, lang: str) -> list[CalendarEntry]:
    """The dates the chosen offers promise, plus the check-in; only what exists, in date order.

    Read-only on the assessment: it is about to become a frozen dataclass.
    """
    content.check_lang(lang)
    a = assessment
    client = a.request.client
    about = content.text(lang, "outbox.about", asked=a.request.asked[:DESCRIPTION_CHARS]) if a.request.asked else ""

    def entry(day: date | None, key: str, description: str = about) -> list[CalendarEntry]:
        if day is None:
            return []
        return [CalendarEntry(day, content.text(lang, f"outbox.{key}", client=client), description)]

    offers = set(a.offers) & set(available_offers(a))  # what the reply offers, nothing more
    entries: list[CalendarEntry] = []
    if "split" in offers:
        plan = a.split_plan()
        if plan is not None:
            entries += entry(plan.urgent_done, "urgent_done", a.request.urgent_part[:DESCRIPTION_CHARS] or about)
            if plan.all_done != plan.urgent_done:
                entries += entry(plan.all_done, "all_done")
    if "later" in offers:
        entries += entry(a.earliest(), "later_done")
    if "rush" in offers:
        entries += entry(a.request.deadline.date(), "rush_done")
    if "think" in offers:
        entries += entry(a.think_date(), "think_back")
    entries += entry(a.follow_up, "follow_up", "")
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
