"""The client's mail in: who asks what, how much work, by when — read from the mail, nothing invented.

`read_mail` takes a raw mail (a `.eml`, or text that starts with header lines), an Outlook `.msg`, or the text a
mail program gives when a message is copied, and returns an `Intake`: every field the mail says, with the words
it was read from (`found`), and every field it does not say left empty. The libraries made for each part do the
work: the standard library's `email` (policy.default) for the message, inscriptis (over lxml) for HTML, extract-msg
for `.msg`, Babel for month and weekday names, dateutil for a pasted "Sent:" line.
The rules are the ones of issue 16; each has a test in tests/unit/test_intake.py.
"""

from __future__ import annotations

import bisect
import email
import email.policy
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from email.message import EmailMessage, Message
from email.utils import parseaddr, parsedate_to_datetime
from functools import lru_cache
from types import MappingProxyType
from typing import Any, ClassVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from notnow.errors import InputError

MAX_BYTES = 2 * 1024 * 1024  # a client's request is text; anything larger is refused before it is read
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an Outlook .msg is an OLE compound file
MAX_FOUND_CHARS = 200  # the words shown beside a field: enough to recognise them
MAX_ASKED_CHARS = 2000  # Request.asked takes at most this
SCAN_CHARS = 20_000  # about ten pages of text: where a request names its dates and hours

# Header names that mark text as a mail with its header (raw, or copied from a mail program with its header).
HEADER_NAMES = frozenset(
    {
        "from", "to", "cc", "subject", "date", "message-id", "received", "return-path", "mime-version",
        "content-type", "delivered-to", "reply-to", "sender", "in-reply-to", "references", "x-mailer",
        "sent", "van", "aan", "onderwerp", "verzonden", "datum",
    }
)  # fmt: skip
FREE_MAIL = frozenset(
    {
        "gmail", "googlemail", "outlook", "hotmail", "live", "msn", "icloud", "me", "mac", "yahoo", "ymail",
        "aol", "kpnmail", "kpnplanet", "planet", "ziggo", "xs4all", "hetnet", "home", "chello", "casema",
        "upcmail", "zonnet", "tele2", "telfort", "online", "proton", "protonmail", "pm", "gmx", "web", "zoho",
        "yandex", "fastmail", "hey", "tutanota", "tuta", "mail", "caiway", "solcon", "telenet", "skynet",
    }
)  # fmt: skip

_HEADER_LINE = re.compile(r"[A-Za-z][A-Za-z0-9-]*:")
_SUBJECT_PREFIX = re.compile(r"^\s*(?:(?:re|fw|fwd|aw|antw|wg|doorst|tr|sv|vs)\s*(?:\[\d+\])?\s*:\s*)+", re.I)
_REQUEST_CUE = re.compile(
    r"(?<!\w)(?:kun je|kan je|kunt u|kunnen jullie|zou je|zou u|zouden jullie|could you|can you|would you)(?!\w)",
    re.I,
)
_GREETING = re.compile(
    r"^(?:hoi|hi|hey|hallo|hello|dear|beste|geachte|goedemorgen|goedemiddag|good morning|good afternoon)\b"
    r"[^,!\n]{0,40}[,!]\s*",
    re.I,
)

# --- words of both languages ----------------------------------------------------------------------------------

_NUMBER_WORDS = {
    "een": 1, "één": 1, "a": 1, "an": 1, "one": 1, "twee": 2, "two": 2, "drie": 3, "three": 3, "vier": 4,
    "four": 4, "vijf": 5, "five": 5, "zes": 6, "six": 6, "zeven": 7, "seven": 7, "acht": 8, "eight": 8,
    "negen": 9, "nine": 9, "tien": 10, "ten": 10, "elf": 11, "eleven": 11, "twaalf": 12, "twelve": 12,
    "dertien": 13, "thirteen": 13, "veertien": 14, "fourteen": 14, "vijftien": 15, "fifteen": 15,
    "zestien": 16, "sixteen": 16, "twintig": 20, "twenty": 20, "dertig": 30, "thirty": 30, "veertig": 40,
    "forty": 40, "vijftig": 50, "fifty": 50,
}  # fmt: skip
# The most common small words of each language that the other does not use as well ("in", "is", "we", "was",
# "of", "over" and "week" are in both, so in neither list).
_DUTCH = frozenset(
    {
        "de", "het", "een", "en", "van", "ik", "je", "jij", "u", "wij", "niet", "dat", "die", "dit", "met", "voor",
        "op", "aan", "er", "maar", "om", "ook", "als", "bij", "nog", "naar", "kan", "kun", "kunt", "zou", "zouden",
        "heb", "hebben", "hebt", "heeft", "wil", "graag", "zijn", "wordt", "worden", "deze", "ons", "onze", "mijn",
        "jouw", "jullie", "wat", "hoe", "wanneer", "uur", "dag", "dagen", "groet", "groeten", "bedankt", "dank",
        "hoi", "beste", "volgende", "tot", "zo", "al", "nu", "geen", "meer", "dan", "uit", "mee", "even", "te",
        "uiterlijk", "alvast", "vriendelijke", "misschien", "willen", "moet", "moeten"
    }
)  # fmt: skip
_ENGLISH = frozenset(
    {
        "the", "and", "a", "an", "to", "you", "your", "our", "i", "it", "that", "this", "with", "for", "on", "at",
        "be", "can", "could", "would", "will", "have", "has", "not", "but", "are", "please", "thanks", "thank", "by",
        "from", "about", "next", "hours", "days", "regards", "hi", "hello", "dear", "should", "what", "when", "how",
        "there", "their", "they", "my", "do", "does", "if", "any", "all", "just", "need", "like", "let", "know",
        "best", "kind"
    }
)  # fmt: skip
_ARTICLES = frozenset({"a", "an", "een"})
_NUM = r"(?:\d+(?:[.,]\d)?|" + "|".join(sorted((re.escape(w) for w in _NUMBER_WORDS), key=len, reverse=True)) + ")"


@lru_cache(maxsize=1)
def _names() -> tuple[dict[str, int], dict[str, int]]:
    """Month and weekday names of both languages (Babel's CLDR data): wide and abbreviated, without dots."""
    from babel.dates import get_day_names, get_month_names  # late: read on the first mail, not at page load

    months: dict[str, int] = {"sept": 9, "sep": 9, "mrt": 3}
    weekdays: dict[str, int] = {}
    for loc in ("en_GB", "nl_NL"):
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, locale=loc).items():
                months[str(name).lower().rstrip(".")] = int(number)
        for number, name in get_day_names("wide", locale=loc).items():
            weekdays[str(name).lower()] = int(number)
    return months, weekdays


def _alternation(words: Mapping[str, int] | frozenset[str] | tuple[str, ...]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    """The date expressions of both languages, compiled once (on first use: Babel's names load then)."""
    months, weekdays = _names()
    mon = rf"(?P<mon>{_alternation(months)})\.?"
    wd = rf"(?P<wd>{_alternation(weekdays)})"
    b, e = r"(?<![\w/.-])", r"(?![\w/]|[.-]\d)"
    return {
        "iso": re.compile(rf"{b}(?P<y>\d{{4}})-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}}){e}"),
        "dmy": re.compile(rf"{b}(?P<d>\d{{1,2}})([-/.])(?P<m>\d{{1,2}})\2(?P<y>\d{{4}}|\d{{2}}){e}"),
        "dm": re.compile(rf"{b}(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}}){e}"),
        "d_mon": re.compile(
            rf"{b}(?P<d>\d{{1,2}})(?:st|nd|rd|th|e|ste|de)?\s+(?:of\s+)?{mon}(?:,?\s+(?P<y>\d{{4}}))?(?!\w)", re.I
        ),
        "mon_d": re.compile(
            rf"(?<!\w){mon}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?!\w)(?:,?\s+(?P<y>\d{{4}})(?!\w))?", re.I
        ),
        "weekday": re.compile(
            rf"(?<!\w)(?:(?P<nw>volgende week|next week)\s+(?:op\s+|on\s+)?)?"
            rf"(?:(?P<mod>aanstaande|komende|this|next|coming)\s+)?{wd}"
            rf"(?:\s+(?P<post>aanstaande|a\.s\.|volgende week|next week|week)(?!\w))?(?!\w)",
            re.I,
        ),
        "dom": re.compile(
            r"(?<!\w)(?:the\s+(?P<d>\d{1,2})(?:st|nd|rd|th)|de\s+(?P<d2>\d{1,2})(?:e|ste|de))(?!\w)", re.I
        ),
        "relday": re.compile(
            r"(?<!\w)(?P<rel>overmorgen|the day after tomorrow|day after tomorrow|morgen|tomorrow)(?!\w)", re.I
        ),
        "end": re.compile(
            rf"(?<!\w)(?:eind|einde|end)\s+(?:of\s+|van\s+)?(?:(?P<which>de|the|deze|this|volgende|next)\s+)?"
            rf"(?:(?P<unit>week|maand|month)|{mon})(?!\w)",
            re.I,
        ),
        "within": re.compile(
            rf"(?<!\w)(?P<pre>binnen|within|over)\s+(?:de\s+|the\s+)?(?:(?:komende|volgende|next)\s+)?"
            rf"(?P<n>{_NUM})\s+(?P<unit>dagen|dag|days|day|weken|week|weeks|uur|hours|hour)(?!\w)",
            re.I,
        ),
    }


_TIME = (
    r"(?:(?P<h>\d{1,2})[:.](?P<mi>\d{2})(?:\s*(?:uur|u|h)(?!\w))?(?:\s*(?P<ap>[ap]m|[ap]\.m\.)(?!\w))?"
    r"|(?P<h2>\d{1,2})\s*(?P<ap2>[ap]m|[ap]\.m\.)(?!\w)"
    r"|(?P<h3>\d{1,2})\s*uur(?!\w)(?!\s+(?:werk|aan|nodig|bezig|kwijt|in totaal|totaal)(?!\w))"
    r"|(?P<noon>noon|midday|12 noon|het middaguur))"
)
_TIME_AFTER = re.compile(
    rf"\s*,?\s*(?:(?:om|at|by|before|voor|vóór|tot|uiterlijk|around|rond|omstreeks)\s+)?{_TIME}", re.I
)
_TIME_BEFORE = re.compile(
    rf"(?:(?:om|at|by|before|voor|vóór|tot|uiterlijk)\s+)?{_TIME}\s*(?:,\s*)?(?:(?:on|op)\s+)?$", re.I
)
_STRONG_BEFORE = re.compile(r"(?<!\w)(?:uiterlijk|deadline|niet later dan|no later than|by|due|uiterste)(?!\w)", re.I)
_WEAK_BEFORE = re.compile(r"(?<!\w)(?:voor|vóór|before|within|binnen)(?!\w)", re.I)
_STRONG_AFTER = re.compile(r"\s*,?\s*(?:at the latest|op zijn laatst|uiterlijk|ten laatste)(?!\w)", re.I)
_STRONG_GAP, _WEAK_GAP = 4, 1  # words allowed between a cue and its date ("deadline is wat ons betreft vrijdag")
_APPROX = (
    r"(?:(?:about|approx\.?|approximately|around|roughly|some|circa|ca\.|c\.a\.|ongeveer|zo'n|"
    r"rond de|ruwweg|pakweg|naar schatting)\s+)?"
)
_HOURS = re.compile(
    rf"(?<![\w.,:]){_APPROX}(?P<n>{_NUM})(?:\s*(?:-|–|à|tot|to)\s*(?P<n2>{_NUM}))?\s*"
    r"(?P<unit>werkuren|manuren|uren|uur|hours|hour|hrs|hr|h|mandagen|werkdagen|working days|werkdag|dagen|dag"
    r"|days|day)(?!\w)",
    re.I,
)
_HALF_DAY = re.compile(
    r"(?<!\w)(?P<what>anderhalve dag|a day and a half|one and a half days|een halve dag|halve dag|half a day"
    r"|a half day|half day|anderhalf uur|an hour and a half|half an hour|een half uur|half uur)(?!\w)",
    re.I,
)
_HALF_VALUES = {
    "anderhalve dag": ("day", 1.5), "a day and a half": ("day", 1.5), "one and a half days": ("day", 1.5),
    "een halve dag": ("day", 0.5), "halve dag": ("day", 0.5), "half a day": ("day", 0.5),
    "a half day": ("day", 0.5), "half day": ("day", 0.5), "anderhalf uur": ("hour", 1.5),
    "an hour and a half": ("hour", 1.5), "half an hour": ("hour", 0.5), "een half uur": ("hour", 0.5),
    "half uur": ("hour", 0.5),
}  # fmt: skip
# Words before a number that make "3 dagen" a moment, not an amount of work ("binnen 3 dagen", "in 2 days"), and
# those that make "12 uur" a clock time ("om 12 uur", "tot 17 uur"; only for hours: "het gaat om 3 dagen" is work).
_NOT_WORK_BEFORE = re.compile(
    r"(?<!\w)(?:binnen|within|over|in|na|after|per|komende|next|coming|afgelopen|last|past|sinds|since|elke|every)"
    r"\s*$",
    re.I,
)
_CLOCK_BEFORE = re.compile(r"(?<!\w)(?:om|at|tot|until|vanaf|from|rond|voor|vóór|before|uiterlijk|by)\s*$", re.I)

_SIGN_OFFS = (
    r"(?:met vriendelijke groet(?:en)?|vriendelijke groet(?:en)?|hartelijke groet(?:en)?|groetjes|groeten|groet|mvg"
    r"|kind regards|best regards|warm regards|kindest regards|warmest regards|regards|yours sincerely|sincerely"
    r"|best wishes|many thanks|thank you|thanks|best|cheers)"
)
_SIGN_OFF = re.compile(  # "Groet, Eva", "Kind regards,", "Met vriendelijke groet / Kind regards,"
    rf"^{_SIGN_OFFS}(?:\s*[,.]?\s*/\s*{_SIGN_OFFS})?(?:\s+(?:from|uit|van)\s+\S+)?\s*[,.!]?\s*(?P<rest>.*)$",
    re.I,
)
_NAME_PARTICLES = frozenset(
    {"van", "de", "der", "den", "te", "ten", "ter", "het", "'t", "la", "le", "von", "da", "di", "du", "del", "el"}
)
_NAME_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_BESIDE = re.compile(r"^(?P<name>[^|,(–—·]+?)\s*(?:\||,|\(|\s[-–—·]\s)\s*(?P<beside>.+?)\)?\s*$")
_PHONE = re.compile(r"^(?:[a-z.]{1,10}\s*:?\s*)?[+(]?[\d][\d\s()./-]{5,}\d$", re.I)
_URL = re.compile(r"https?://|www\.|^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}(?:/\S*)?$", re.I)
_ADDRESS = re.compile(
    r"\b\d{4}\s?[A-Z]{2}\b|\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b|postbus|p\.?o\.?\s*box"
    r"|\w(?:straat|laan|weg|plein|gracht|kade|singel|dijk|hof|dreef|steeg|markt)\s+\d"
    r"|\d+\w?\s+\w+(?:\s\w+)?\s+(?:street|st\.?|road|rd\.?|lane|avenue|ave\.?|drive|square|place)\b",
    re.I,
)
_TITLE_WORDS = frozenset(
    {
        "head", "hoofd", "lead", "officer", "ceo", "cto", "cfo", "coo", "cmo", "founder", "co-founder", "oprichter",
        "medeoprichter", "owner", "eigenaar", "eigenaresse", "chair", "chairman", "voorzitter", "president", "vp",
        "partner", "associate", "intern", "stagiair", "secretary", "secretaresse", "secretaris", "bestuurder",
        "hr", "controller", "strateeg", "strategist", "copywriter", "marketeer", "recruiter", "planner",
        "analyst", "producer", "administrator", "marketing", "sales", "communicatie", "communications",
        "communication", "finance", "financiën", "administratie", "inkoop", "verkoop", "support",
        "klantenservice", "afdeling", "department", "directie", "management",
    }
)  # fmt: skip
_TITLE_ENDINGS = (
    "manager", "director", "directeur", "adviseur", "advisor", "adviser", "consultant", "specialist",
    "medewerker", "coordinator", "coördinator", "leider", "designer", "developer", "engineer", "editor",
    "redacteur", "assistant", "assistent", "officer", "lead",
)  # fmt: skip
_COMPANY_MARKS = re.compile(
    r"(?<!\w)(?:b\.?v\.?|n\.?v\.?|ltd\.?|limited|inc\.?|gmbh|llc|v\.?o\.?f\.?|plc|holding|group|groep)(?!\w)", re.I
)


# --- the result ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Intake:
    """What one client's mail says. Empty ("" or None) where the mail says nothing; `found` maps each field
    that was read to the words it was read from, so the user can see why."""

    client: str
    contact: str
    email: str
    subject: str
    asked: str
    received: datetime
    deadline: datetime | None
    hours: float | None
    lang: str
    message_id: str
    found: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "found", MappingProxyType(dict(self.found)))


def read_mail(
    message: bytes | str,
    *,
    now: datetime | None = None,
    tz: str = "Europe/Amsterdam",
    day_start: time = time(9),
    hours_per_day: float = 8,
) -> Intake:
    """Read a client's mail: a raw mail (`.eml`), an Outlook `.msg`, or text pasted from a mail program.

    `received` is the mail's Date in `tz` (naive local time), else `now`, else the current time. Relative dates
    ("vrijdag", "end of next week") count from `received`; a deadline without a time ends the working day
    (`day_start` + `hours_per_day`); days of work are `hours_per_day` hours each. InputError when nothing
    readable is given, or more than 2 MB.
    """
    zone = _zone(tz)
    if not isinstance(day_start, time):
        raise InputError("day_start", "datetime")
    if isinstance(hours_per_day, bool) or not isinstance(hours_per_day, int | float) or not 0 < hours_per_day <= 24:
        raise InputError("hours_per_day", "between", min=0, max=24)
    mail = _parse(message)
    found: dict[str, str] = {}

    received = _received(mail, now, zone, found)
    body = _without_history(mail.text)
    if not body.strip() and not mail.subject.strip() and not mail.sender.strip():
        raise InputError("mail", "mail_unreadable")

    name, address = _sender(mail.sender)
    if address:
        found["email"] = _snippet(mail.sender)
    sign_off = _sign_off(body)
    contact = name
    if contact:
        found["contact"] = _snippet(mail.sender)
    elif sign_off is not None:
        contact = sign_off.name
        found["contact"] = sign_off.words
    client = _client(body, contact, sign_off, address, found)
    subject = " ".join(mail.subject.split())
    if subject:
        found["subject"] = _snippet(subject)
    if mail.message_id:
        found["message_id"] = mail.message_id
    asked = _asked(subject, body, found)
    # Dates and amounts are looked for in the mail's first SCAN_CHARS: a request says them near the top, and so
    # the longest mail accepted is read in well under a second.
    scanned = (f"{subject}\n{body}" if subject else body)[:SCAN_CHARS]
    lang = _language(scanned)
    deadline, time_spans = _deadline(scanned, received, lang, day_start, hours_per_day, found)
    hours = _hours(scanned, time_spans, hours_per_day, found)
    return Intake(
        client=client,
        contact=contact,
        email=address,
        subject=subject,
        asked=asked,
        received=received,
        deadline=deadline,
        hours=hours,
        lang=lang,
        message_id=mail.message_id,
        found=found,
    )


# --- reading the message --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Mail:
    subject: str = ""
    sender: str = ""
    date: datetime | None = None  # aware, or naive local time (a pasted "Sent:" line)
    date_words: str = ""
    message_id: str = ""
    text: str = ""


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise InputError("timezone", "choice", allowed="Europe/Amsterdam, Europe/London, …") from None


def _parse(message: object) -> _Mail:
    if isinstance(message, bytearray | memoryview):
        message = bytes(message)
    if isinstance(message, bytes):
        if len(message) > MAX_BYTES:
            raise InputError("mail", "mail_too_big", max_mb=MAX_BYTES // (1024 * 1024))
        if message.startswith(OLE_MAGIC):
            return _from_msg(message)
        if b"\x00" in message[:8192]:
            raise InputError("mail", "mail_unreadable")  # some other binary file
        raw = message.lstrip()
        if _starts_with_header(raw[:1000].decode("utf-8", "replace")):
            return _from_email(email.message_from_bytes(raw, policy=email.policy.default))
        return _Mail(text=_decode(message))
    if isinstance(message, str):
        # A str of more than MAX_BYTES characters is surely more than MAX_BYTES as UTF-8; shorter ones are measured.
        if len(message) > MAX_BYTES or len(message.encode("utf-8", "surrogatepass")) > MAX_BYTES:
            raise InputError("mail", "mail_too_big", max_mb=MAX_BYTES // (1024 * 1024))
        if "\x00" in message[:8192]:
            raise InputError("mail", "mail_unreadable")
        stripped = message.lstrip()
        if _starts_with_header(stripped[:1000]):
            return _from_email(email.message_from_string(stripped, policy=email.policy.default))
        return _Mail(text=message)
    raise InputError("mail", "mail_unreadable")


def _starts_with_header(text: str) -> bool:
    """Text is a mail with its header when it opens with a header line of a name mails use (From:, Van:, …)."""
    match = _HEADER_LINE.match(text.split("\n", 1)[0])
    return match is not None and match.group(0)[:-1].lower() in HEADER_NAMES


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")  # what Windows mail programs write when not UTF-8


def _header(message: Message, *names: str) -> str:
    for name in names:
        try:
            value = message.get(name)
        except (TypeError, ValueError, IndexError, AttributeError):  # a header too broken to parse
            value = None
        if value is not None and str(value).strip():
            return " ".join(str(value).split())
    return ""


def _from_email(message: Message) -> _Mail:
    date_words = _header(message, "Date")
    when: datetime | None = None
    if date_words:
        try:
            when = parsedate_to_datetime(date_words)
        except (TypeError, ValueError, IndexError):
            when = None
    if when is None:  # a copied header: "Sent: Tuesday, 1 December 2026 10:15" / "Verzonden: dinsdag 1 …"
        date_words = _header(message, "Sent", "Verzonden", "Datum") or date_words
        when = _pasted_date(date_words) if date_words else None
    return _Mail(
        subject=_header(message, "Subject", "Onderwerp"),
        sender=_header(message, "From", "Van"),
        date=when,
        date_words=date_words if when else "",
        message_id=_header(message, "Message-ID"),
        text=_body_text(message),
    )


def _body_text(message: Message) -> str:
    """The text/plain part, else the text/html part as text; "" when the mail has neither."""
    if not isinstance(message, EmailMessage):
        return ""
    plain = message.get_body(preferencelist=("plain",))
    text = _content(plain) if plain is not None else ""
    if text.strip():
        return text
    html = message.get_body(preferencelist=("html",))
    return html_to_text(_content(html)) if html is not None else ""


def _content(part: Message) -> str:
    try:
        content = part.get_content()  # type: ignore[attr-defined]
    except (LookupError, ValueError, AssertionError, AttributeError):  # an unknown charset: read as UTF-8
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    return content if isinstance(content, str) else ""


def html_to_text(html: str) -> str:
    """HTML mail as text (inscriptis: paragraphs and line breaks kept), quoted history (<blockquote>) left out."""
    import lxml.etree  # late, like the next two: only an HTML-only mail needs them
    import lxml.html  # late: as above
    from inscriptis import Inscriptis  # late: as above

    if not html.strip():
        return ""
    try:
        tree = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return ""
    for quoted in tree.xpath("//blockquote | //*[contains(concat(' ', @class, ' '), ' gmail_quote ')]"):
        quoted.drop_tree()
    return str(Inscriptis(tree).get_text())


def _from_msg(data: bytes) -> _Mail:
    """An Outlook .msg (extract-msg, loaded only for one: it takes half a second to import)."""
    try:
        import extract_msg  # late: half a second to import, and only a .msg needs it

        msg = extract_msg.openMsg(data)
    except Exception:  # any OLE file that is not a readable message (a .doc, a damaged file)
        raise InputError("mail", "mail_unreadable") from None
    try:
        text = str(getattr(msg, "body", "") or "")
        if not text.strip():
            html = getattr(msg, "htmlBody", None) or b""
            text = html_to_text(html.decode("utf-8", "replace") if isinstance(html, bytes) else str(html))
        when = getattr(msg, "date", None)
        return _Mail(
            subject=" ".join(str(getattr(msg, "subject", "") or "").split()),
            sender=" ".join(str(getattr(msg, "sender", "") or "").split()),
            date=when if isinstance(when, datetime) else None,
            date_words=str(when) if isinstance(when, datetime) else "",
            message_id=" ".join(str(getattr(msg, "messageId", "") or "").split()),
            text=text,
        )
    finally:
        msg.close()


def _pasted_date(words: str) -> datetime | None:
    """A date a mail program writes in a copied header, in English or Dutch (dateutil, with Babel's names)."""
    from dateutil import parser  # late: only a pasted header with a "Sent:" line needs it

    months, weekdays = _names()

    class BothLanguages(parser.parserinfo):  # type: ignore[misc]
        MONTHS: ClassVar = [tuple(n for n, m in months.items() if m == i) for i in range(1, 13)]
        WEEKDAYS: ClassVar = [tuple(n for n, d in weekdays.items() if d == i) for i in range(7)]

    try:
        when: datetime = parser.parse(
            words.replace(" om ", " ").replace(" at ", " "), BothLanguages(dayfirst=True), fuzzy=True
        )
        return when
    except (ValueError, OverflowError, parser.ParserError):
        return None


def _received(mail: _Mail, now: datetime | None, zone: ZoneInfo, found: dict[str, str]) -> datetime:
    if mail.date is not None:
        when = mail.date
        if when.tzinfo is not None:
            when = when.astimezone(zone).replace(tzinfo=None)
        found["received"] = _snippet(mail.date_words)
        return when
    if now is None:
        return datetime.now(zone).replace(tzinfo=None, microsecond=0)
    if not isinstance(now, datetime):
        raise InputError("received", "datetime")
    return now.astimezone(zone).replace(tzinfo=None) if now.tzinfo is not None else now


# --- the body ----------------------------------------------------------------------------------------------


def _without_history(text: str) -> str:
    """The new words of a mail: quoted lines (>) left out, and everything from the line that opens the quoted
    history ("On … wrote:", "Op … schreef …:", "-----Original Message-----", "From: … Sent:", "Van: … Verzonden:")."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith(">"):
            continue
        if _opens_history(lines, i):
            break
        kept.append(line.rstrip())
    while kept and (not kept[-1].strip() or re.fullmatch(r"\s*[_=*-]{5,}\s*", kept[-1])):
        kept.pop()  # the rule Outlook draws above the history
    return "\n".join(kept).strip("\n")


_ORIGINAL = re.compile(
    r"^-{2,}\s*(?:original message|oorspronkelijk bericht|oorspronkelijk e-mailbericht)\s*-{2,}$", re.I
)
_WROTE = re.compile(r"^(?:on\b.*\bwrote|op\b.*\b(?:schreef|geschreven)\b.*):\s*$", re.I)
_FROM_LINE = re.compile(r"^\*?(?:from|van)\s*:\*?\s*\S", re.I)
_SENT_LINE = re.compile(r"^\*?(?:sent|verzonden|date|datum)\s*:", re.I)


def _opens_history(lines: list[str], i: int) -> bool:
    line = lines[i].strip()
    if _ORIGINAL.match(line):
        return True
    if re.match(r"^(?:on|op)\b", line, re.I):
        for k in range(3):  # a mail program wraps a long "On …, Name <address> wrote:" over up to three lines
            joined = " ".join(x.strip() for x in lines[i : i + k + 1])
            if _WROTE.match(joined):
                return True
    if _FROM_LINE.match(line):
        return any(_SENT_LINE.match(x.strip()) for x in lines[i + 1 : i + 5])
    return False


def _snippet(words: str) -> str:
    flat = " ".join(words.split())
    return flat if len(flat) <= MAX_FOUND_CHARS else flat[: MAX_FOUND_CHARS - 1] + "…"


def _sender(value: str) -> tuple[str, str]:
    """(display name, address) of a From header; a name that is an address is no name."""
    if not value:
        return "", ""
    name, address = parseaddr(value)
    if not re.fullmatch(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+", address):
        address = ""
        name = name or value
        match = re.search(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+", value)
        if match:
            address = match.group(0)
            name = value.replace(address, "").strip(" <>\"'")
    name = " ".join(name.strip(" \"'").split())
    if "@" in name or not re.search(r"[^\W\d_]", name):
        name = ""
    return name, address


@dataclass(frozen=True)
class _SignOff:
    name: str
    words: str  # the sign-off and name as written
    line: int  # index of the line with the name, in the body's lines


def _name_like(text: str) -> bool:
    words = text.split()
    if not 1 <= len(words) <= 5 or len(text) > 50:
        return False
    if not all(_NAME_WORD.fullmatch(w) for w in words):
        return False
    return all(w[0].isupper() or w.lower() in _NAME_PARTICLES for w in words) and words[-1][0].isupper()


def _split_beside(line: str) -> tuple[str, str]:
    """ "Eva Jansen | Van Dijk Makelaars" → ("Eva Jansen", "Van Dijk Makelaars"); no separator → (line, "")."""
    match = _BESIDE.match(line)
    if match and _name_like(match.group("name").strip()):
        return match.group("name").strip(), match.group("beside").strip()
    return line.strip(), ""


def _sign_off(body: str) -> _SignOff | None:
    """The last sign-off ("Groet,", "Kind regards,") with a name on its line or the next non-empty one."""
    lines = body.split("\n")
    for i in range(len(lines) - 1, -1, -1):
        match = _SIGN_OFF.match(lines[i].strip())
        if not match:
            continue
        rest = match.group("rest").strip()
        if rest:
            name, _ = _split_beside(rest)
            if _name_like(name):
                return _SignOff(name, _snippet(lines[i]), i)
            continue  # "Thanks for the quick reply": a sentence, not a sign-off
        for j in range(i + 1, min(i + 4, len(lines))):
            if lines[j].strip():
                name, _ = _split_beside(lines[j].strip())
                if _name_like(name):
                    return _SignOff(name, _snippet(f"{lines[i].strip()} {lines[j].strip()}"), j)
                break
    return None


def _is_title(part: str) -> bool:
    if _COMPANY_MARKS.search(part):
        return False
    words = [w.strip(".,()").lower() for w in part.split()]
    return any(w in _TITLE_WORDS or w.endswith(_TITLE_ENDINGS) for w in words if w)


def _not_org(part: str) -> bool:
    """Phone, address, URL, mail address or a line of prose: never the organisation."""
    return bool(
        not part
        or "@" in part
        or _PHONE.match(part)
        or _URL.search(part)
        or _ADDRESS.search(part)
        or len(part) > 60
        or len(part.split()) > 7
        or part.endswith(("?", ":"))
        or not re.search(r"[^\W\d_]", part)
    )


def _org_in(text: str) -> str:
    """The organisation in a signature line or beside a name: the part that is not a title, phone, address…"""
    parts = [p.strip(" ()") for p in re.split(r"\s*(?:\||,|\(|\)|\s[-–—·]\s)\s*", text)]
    candidates: list[str] = []
    for part in parts:
        at = re.split(r"\s+(?:at|bij)\s+", part, maxsplit=1)
        candidates += [at[1]] if len(at) == 2 and _is_title(at[0]) else [part]
    for part in candidates:
        if not _not_org(part) and not _is_title(part):
            return part
    return ""


def _client(body: str, contact: str, sign_off: _SignOff | None, address: str, found: dict[str, str]) -> str:
    lines = body.split("\n")
    name_line = sign_off.line if sign_off is not None else _name_line(lines, contact)
    if name_line is not None:
        _, beside = _split_beside(lines[name_line].strip())
        if sign_off is not None and name_line == sign_off.line:  # "Groet, Eva (Van Dijk)": beside the sign-off name
            match = _SIGN_OFF.match(lines[name_line].strip())
            rest = match.group("rest").strip() if match else ""
            _, beside = _split_beside(rest) if rest else ("", beside)
        org = _org_in(beside) if beside else ""
        if org:
            found["client"] = _snippet(lines[name_line])
            return org
        names = {n.lower() for n in (contact, contact.split()[0] if contact else "") if n}
        seen = 0
        for line in lines[name_line + 1 :]:
            text = line.strip()
            if not text:
                continue
            seen += 1
            if seen > 6 or len(text) > 80:
                break  # past the signature: a disclaimer, or the next part of the mail
            if text.lower() in names or any(text.lower().startswith(n + " ") for n in names):
                continue  # the name again, in full under a first-name sign-off
            org = _org_in(text)
            if org:
                found["client"] = _snippet(text)
                return org
    domain = address.rsplit("@", 1)[1].lower() if "@" in address else ""
    if domain and not (set(domain.split(".")[:-1]) & FREE_MAIL):
        found["client"] = address
        return domain
    if contact:
        found["client"] = found.get("contact", contact)
        return contact
    return ""


def _name_line(lines: list[str], contact: str) -> int | None:
    """Where the signature starts when there is no sign-off: the last line that starts with the contact's name."""
    if not contact:
        return None
    first = contact.split()[0].lower()
    for i in range(len(lines) - 1, max(-1, len(lines) - 15), -1):
        text = lines[i].strip().lower()
        if text == first or text.startswith(contact.lower()) or (text.startswith(first + " ") and len(text) < 60):
            name, _ = _split_beside(lines[i].strip())
            if _name_like(name):
                return i
    return None


def _asked(subject: str, body: str, found: dict[str, str]) -> str:
    topic = _SUBJECT_PREFIX.sub("", subject).strip()
    if topic:
        found["asked"] = _snippet(subject)
        return topic[:MAX_ASKED_CHARS]
    for sentence in _sentences(body):
        if _REQUEST_CUE.search(sentence):
            found["asked"] = _snippet(sentence)
            return _GREETING.sub("", sentence).strip()[:MAX_ASKED_CHARS]
    return ""


def _sentences(body: str) -> Iterator[str]:
    for paragraph in re.split(r"\n\s*\n", body):
        flat = " ".join(paragraph.split())
        for sentence in re.split(r"(?<=[.?!])\s+(?=[^\W\d_])", flat):
            if sentence.strip():
                yield sentence.strip()


def _language(text: str) -> str:
    """ "nl" or "en": whichever language's common small words the mail uses more; "" when it is a tie.

    A stop-word count, as the issue allows, rather than a statistical model: py3langid's takes 1–3 s and over
    100 MB to load, per kernel, on a machine whose kernels must stay under 150 MB; for telling two languages apart
    in a paragraph of a mail, their function words do the job.
    """
    words = re.findall(r"[^\W\d_]+", text.lower())
    dutch = sum(1 for w in words if w in _DUTCH)
    english = sum(1 for w in words if w in _ENGLISH)
    return "nl" if dutch > english else "en" if english > dutch else ""


# --- dates ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    day: date
    at: time | None = None
    exact: datetime | None = None  # "within 48 hours": a moment, not a day
    strength: int = 0  # 2 strong cue, 1 weak cue, 0 none
    words_start: int = -1


def _deadline(
    text: str, received: datetime, lang: str, day_start: time, hours_per_day: float, found: dict[str, str]
) -> tuple[datetime | None, list[tuple[int, int]]]:
    """The deadline by the issue's rules: a date after a strong cue, else after a weak cue, else the only date."""
    mentions = _mentions(text, received, lang)
    spans: list[tuple[int, int]] = []  # the words of every date, merged where they touch, for _inside
    for first, last in sorted((m.start, m.end) for m in mentions):
        if spans and first <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(last, spans[-1][1]))
        else:
            spans.append((first, last))
    chosen: _Mention | None = None
    for strength in (2, 1):
        chosen = next((m for m in mentions if m.strength == strength), None)
        if chosen is not None:
            break
    if chosen is None and mentions and len({(m.day, m.at, m.exact) for m in mentions}) == 1:
        chosen = mentions[0]
    if chosen is None:
        return None, spans
    found["deadline"] = _snippet(text[chosen.words_start : chosen.end])
    if chosen.exact is not None:
        return chosen.exact, spans
    if chosen.at is not None:
        return datetime.combine(chosen.day, chosen.at), spans
    end = datetime.combine(chosen.day, day_start) + timedelta(hours=hours_per_day)
    return min(end, datetime.combine(chosen.day, time(23, 59))), spans


def _mentions(text: str, received: datetime, lang: str) -> list[_Mention]:
    raw: list[tuple[int, int, date, datetime | None, str, re.Match[str]]] = []
    for kind, pattern in _patterns().items():
        for match in pattern.finditer(text):
            resolved = _resolve(kind, match, received, lang)
            if resolved is not None:
                raw.append((match.start(), match.end(), resolved[0], resolved[1], kind, match))
    raw.sort(key=lambda r: (r[0], -(r[1] - r[0])))
    kept: list[tuple[int, int, date, datetime | None, str, re.Match[str]]] = []
    for item in raw:
        if kept and item[0] < kept[-1][1]:
            continue  # inside a longer expression found already ("15 januari" in "vrijdag 15 januari 2027")
        if kept and kept[-1][4] == "weekday" and item[4] in _DATED:
            gap = text[kept[-1][1] : item[0]]
            if re.fullmatch(r"\s*,?\s*(?:de\s+|the\s+)?", gap, re.I):  # "vrijdag 11 december": one date
                day = _with_weekday(kept[-1][5], item, received.date())
                kept[-1] = (kept[-1][0], item[1], day, None, item[4], item[5])
                continue
        kept.append(item)
    mentions: list[_Mention] = []
    for start, end, day, exact, _kind, _match in kept:
        at: time | None = None
        after = _TIME_AFTER.match(text, end, min(len(text), end + 40))
        if after and exact is None:
            at = _time_of(after)
            if at is not None:
                end = after.end()
        begin = start
        before = _TIME_BEFORE.search(text, max(0, start - 40), start)
        if before and exact is None and at is None:
            at = _time_of(before)
            if at is not None:
                begin = before.start()
        strength, words_start = _cue(text, begin, end)
        mentions.append(_Mention(begin, end, day, at, exact, strength, words_start))
    return [m for m in mentions if m.day >= received.date()]


def _resolve(kind: str, m: re.Match[str], received: datetime, lang: str) -> tuple[date, datetime | None] | None:
    months, weekdays = _names()
    today = received.date()
    g = m.groupdict()
    try:
        if kind in ("iso", "dmy"):
            year = int(g["y"]) + (2000 if len(g["y"]) == 2 else 0)
            return date(year, int(g["m"]), int(g["d"])), None
        if kind in ("dm", "d_mon", "mon_d"):
            month = int(g["m"]) if kind == "dm" else months[g["mon"].lower()]
            if kind != "dm" and g["mon"].lower() == "may" and not g["mon"][0].isupper():
                return None  # "you may 2…": the verb, not the month
            if g.get("y"):
                return date(int(g["y"]), month, int(g["d"])), None
            return _future(today, month, int(g["d"])), None
    except (ValueError, KeyError):
        return None  # 31 februari: no date
    if kind == "dom":  # "the 14th", "de 14e": the next such day of a month, on or after today
        day_of_month = int(g["d"] or g["d2"])
        for ahead in range(0, 3):
            year, month = today.year + (today.month + ahead - 1) // 12, (today.month + ahead - 1) % 12 + 1
            try:
                candidate = date(year, month, day_of_month)
            except ValueError:
                continue
            if candidate >= today:
                return candidate, None
        return None
    if kind == "weekday":
        weekday = weekdays[g["wd"].lower()]
        post = (g["post"] or "").lower()
        if g["nw"] or post in ("volgende week", "next week", "week"):
            monday = today - timedelta(days=today.weekday()) + timedelta(days=7)
            return monday + timedelta(days=weekday), None
        return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1), None
    if kind == "relday":
        rel = g["rel"].lower()
        return today + timedelta(days=1 if rel in ("morgen", "tomorrow") else 2), None
    if kind == "end":
        return _end_of(g, today, months)
    if kind == "within":
        if g["pre"].lower() == "over" and lang == "en":
            return None  # English "over two weeks" is a duration, not a moment
        n = _number(g["n"])
        unit = g["unit"].lower()
        if n is None or n <= 0 or n > 400:
            return None
        if unit in ("uur", "hours", "hour"):
            moment = received + timedelta(hours=n)
            return moment.date(), moment
        return today + timedelta(days=round(n * (7 if unit.startswith("we") else 1))), None
    return None


_DATED = frozenset({"iso", "dmy", "dm", "d_mon", "mon_d", "dom"})


def _future(today: date, month: int, day: int) -> date:
    """A date without a year: the first one on or after today ("15 januari" in December is next year's)."""
    for year in (today.year, today.year + 1, today.year + 4):  # + 4: 29 February
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate >= today:
            return candidate
    raise ValueError("no such date")


def _with_weekday(
    weekday: re.Match[str], dated: tuple[int, int, date, datetime | None, str, re.Match[str]], today: date
) -> date:
    """A dated weekday ("vrijdag 11 december"): the date; without a year, the first year whose date is that
    weekday (future-first when none is)."""
    day, match = dated[2], dated[5]
    if dated[4] in ("iso", "dmy") or match.groupdict().get("y"):
        return day
    wanted = _names()[1][weekday.group("wd").lower()]
    for year in (day.year, day.year + 1):
        try:
            candidate = day.replace(year=year)
        except ValueError:
            continue
        if candidate >= today and candidate.weekday() == wanted:
            return candidate
    return day


def _end_of(g: dict[str, Any], today: date, months: dict[str, int]) -> tuple[date, None]:
    which = (g["which"] or "").lower()
    nxt = which in ("volgende", "next")
    if g["unit"] and g["unit"].lower() == "week":
        friday = today - timedelta(days=today.weekday()) + timedelta(days=4 + (7 if nxt else 0))
        return (friday if friday >= today else friday + timedelta(days=7)), None
    if g["unit"]:  # maand / month
        year, month = today.year, today.month + (1 if nxt else 0)
    else:  # eind januari / end of January: that month's last day, the first one not past
        year, month = today.year, months[g["mon"].lower()]
        if _last_day(year, month) < today:
            year += 1
    if month == 13:
        year, month = year + 1, 1
    return _last_day(year, month), None


def _last_day(year: int, month: int) -> date:
    first_next = date(year + month // 12, month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def _time_of(match: re.Match[str]) -> time | None:
    g = match.groupdict()
    if g.get("noon"):
        return time(12)
    hour_text = g.get("h") or g.get("h2") or g.get("h3")
    if hour_text is None:
        return None
    hour, minute = int(hour_text), int(g.get("mi") or 0)
    ampm = (g.get("ap") or g.get("ap2") or "").lower().replace(".", "")
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return time(hour, minute)


def _cue(text: str, start: int, end: int) -> tuple[int, int]:
    """How strongly the words around a date make it the deadline: (2 strong, 1 weak, 0 none; where they start)."""
    window_start = max(0, start - 80)
    before = text[window_start:start]
    cut = max(before.rfind("\n\n"), *(before.rfind(p) for p in (". ", "? ", "! ")))
    if cut >= 0:
        before, window_start = before[cut + 1 :], window_start + cut + 1
    best = (0, start)
    for pattern, strength, gap in ((_STRONG_BEFORE, 2, _STRONG_GAP), (_WEAK_BEFORE, 1, _WEAK_GAP)):
        for cue in pattern.finditer(before):
            between = before[cue.end() :]
            if len(re.findall(r"[^\s:,]+", between)) <= gap and not re.search(r"\d", between):
                if strength > best[0]:
                    best = (strength, window_start + cue.start())
                break
    if best[0] < 2 and _STRONG_AFTER.match(text, end, min(len(text), end + 30)):  # "vrijdag uiterlijk"
        return 2, best[1]
    return best


# --- hours -------------------------------------------------------------------------------------------------


def _number(word: str) -> float | None:
    word = word.lower().replace(",", ".")
    if word in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[word])
    try:
        value = float(word)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _hours(text: str, taken: list[tuple[int, int]], hours_per_day: float, found: dict[str, str]) -> float | None:
    """The work the mail names: hours, days of work (× hours per day), half a day; the first one it names."""
    candidates: list[tuple[int, float, str]] = []
    for match in _HALF_DAY.finditer(text):
        unit, factor = _HALF_VALUES[match.group("what").lower()]
        if not _inside(match.start(), match.end(), taken):
            candidates.append((match.start(), factor * (hours_per_day if unit == "day" else 1), match.group(0)))
    for match in _HOURS.finditer(text):
        if _inside(match.start(), match.end(), taken):
            continue  # part of a date or a time ("vrijdag 12 uur", "binnen 3 dagen")
        before = text[max(0, match.start() - 16) : match.start()]
        days = match.group("unit").lower().startswith(("dag", "day", "werkdag", "working", "mandag"))
        if _NOT_WORK_BEFORE.search(before) or (not days and _CLOCK_BEFORE.search(before)):
            continue  # "in 3 days", "om 12 uur": a moment, not an amount of work
        if match.group("n").lower() in _ARTICLES:
            continue  # "€ 80 an hour", "een uur": a rate or a clock time, not an amount
        low = _number(match.group("n"))
        high = _number(match.group("n2")) if match.group("n2") else None
        amount = high if high is not None else low  # "12-16 uur": the most the client expects
        if amount is None or amount <= 0:
            continue
        candidates.append((match.start(), amount * hours_per_day if days else amount, match.group(0)))
    if not candidates:
        return None
    _, hours, words = min(candidates, key=lambda c: c[0])
    found["hours"] = _snippet(words)
    return round(hours, 2)


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether [start, end) overlaps one of `spans` (sorted by start, not overlapping each other)."""
    i = bisect.bisect_right(spans, (end, -1)) - 1  # the last span starting before `end`
    return i >= 0 and spans[i][1] > start
