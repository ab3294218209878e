"""Rules every composed reply keeps, checked over generated cases (hypothesis).

Cases vary the calendar (hours, working days, booked hours, days off, overtime), the request (hours, notice,
rate, currency, relationship, contact), the parts, the reason, the chosen offers, the sender, the language,
the Dutch register and the channel. The user texts come from small vocabularies without pronouns, so every
"je"/"u" in a reply is ours.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from babel.dates import format_date as babel_format_date
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notnow import (
    OFFERS,
    REASONS,
    Assessment,
    Colleague,
    Part,
    Request,
    WorkCalendar,
    compose_reply,
    earliest_finish,
    free_hours,
)
from notnow.content import text as content_text
from notnow.errors import InputError
from notnow.fmt import locale
from notnow.reply import available_offers, promises, reply_blocker
from notnow.rush import verdict
from tests.conftest import examples

FIRST = date(2026, 1, 1)
DAYS = st.dates(min_value=FIRST, max_value=date(2026, 12, 31))
SETTINGS = settings(max_examples=examples(80), deadline=None, suppress_health_check=[HealthCheck.too_slow])

# The name each register greets: the first name for je, the whole name for u; a title keeps the whole name
# for je, and title and surname for u (in the reply's language).
CONTACTS = {
    "": ("", {"en": "", "nl": ""}),
    "Maaike de Boer": ("Maaike", {"en": "Maaike de Boer", "nl": "Maaike de Boer"}),
    "Sam": ("Sam", {"en": "Sam", "nl": "Sam"}),
    "Jan-Willem van Dam": ("Jan-Willem", {"en": "Jan-Willem van Dam", "nl": "Jan-Willem van Dam"}),
    "Dr. Ann Lee": ("Dr. Ann Lee", {"en": "Dr Lee", "nl": "dr. Lee"}),
}
COLLEAGUES = [
    Colleague("Sanne Vos", ["copywriting"], "trusted", True),
    Colleague("Tom Brink", "print design, editorial design", "untested", True),
    Colleague("Pim Smit", ["copywriting"], "unsuitable", True),
    Colleague("Priya Shah", ["design"], "trusted", False),
]
PHRASES = st.sampled_from(["", "the website copy", "Redesign of the shop.", "a brochure (print)", "SEO texts!"])
CLAUSES = st.sampled_from(
    [
        "",
        "the campaign starts on Monday",
        "The launch date is fixed.",
        "a trade fair",
        "three other projects fill those days",
        "busy",
    ]
)
ANY_OFFERS = st.sets(st.sampled_from(OFFERS))
PART_NAMES = ["Landing page", "Product pages", "Home (NL)", "About", "Blog"]

U_FORMS = {"u", "uw", "uzelf"}
JE_FORMS = {"je", "jij", "jou", "jouw", "jullie", "jezelf"}
AGAIN = {"en": {"again"}, "nl": {"weer", "opnieuw", "nogmaals", "wederom"}}
FULL = {"en": {"full", "fully"}, "nl": {"vol", "volgeboekt", "volzet"}}
MONEY_SIGNS = ("€", "$", "£")
WEEKDAYS = {
    "en": "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday",
    "nl": "maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag",
}
# A date in a reply: weekday, day and month, and the year only when it is not the request's year.
DATE_PATTERN = {lang: re.compile(rf"(?:{WEEKDAYS[lang]}) \d{{1,2}} [a-zA-Z]+(?: \d{{4}})?") for lang in ("en", "nl")}
# Every date a generated reply can name (requests in 2026, plans up to two years on), by its written form:
# with its year, and without it (then per year).
DAYS_AHEAD = [FIRST + timedelta(days=i) for i in range(1200)]
WRITTEN = {
    lang: {str(babel_format_date(d, "EEEE d MMMM y", locale=locale(lang))): d for d in DAYS_AHEAD}
    for lang in ("en", "nl")
}
WRITTEN_NO_YEAR = {
    lang: {(str(babel_format_date(d, "EEEE d MMMM", locale=locale(lang))), d.year): d for d in DAYS_AHEAD}
    for lang in ("en", "nl")
}


@st.composite
def cases(
    draw: st.DrawFn, offers: st.SearchStrategy[set[str]] = ANY_OFFERS, split_and_later: bool = False
) -> tuple[Assessment, str, str]:
    """A case, its language and channel. `split_and_later` makes the split and the whole-job offers likely to
    meet: both ticked, parts that add up to the job, a spread below full pace, short notice for the hours."""
    start = datetime.combine(draw(DAYS), datetime.min.time()) + timedelta(minutes=draw(st.integers(0, 24 * 60 - 1)))
    window = [start.date() + timedelta(days=i) for i in range(1, 60)]
    calendar = WorkCalendar(
        hours_per_day=draw(st.sampled_from([4, 6, 8, 10])),
        workdays=draw(st.sets(st.integers(0, 6), min_size=1)),
        booked=draw(st.dictionaries(st.sampled_from(window), st.sampled_from([0, 2, 4, 6, 8, 10]), max_size=25)),
        days_off=draw(st.sets(st.sampled_from(window), max_size=6)),
        country=draw(st.sampled_from(["NL", "BE", "GB"])),
        overtime_per_workday=draw(st.sampled_from([0, 1, 2])),
        overtime_per_weekend_day=draw(st.sampled_from([0, 4])),
    )
    contact = draw(st.sampled_from(sorted(CONTACTS)))
    request = Request(
        client="Bloom & Co",
        hours=draw(st.sampled_from([1, 3, 6, 12, 16, 24, 40, 80])),
        received=start,
        deadline=start + timedelta(hours=draw(st.integers(2, 7 * 24 if split_and_later else 40 * 24))),
        skill=draw(st.sampled_from(["", "copywriting", "editorial / print design", "web development"])),
        rate=draw(st.sampled_from([0, 60, 95, 140])),
        relationship=draw(st.sampled_from(["new", "regular", "key"])),
        asked=draw(PHRASES),
        urgent_part=draw(st.sampled_from(["", "the landing page", "The shop texts."])),
        currency=draw(st.sampled_from(["EUR", "USD", "GBP"])),
        contact=contact,
    )
    if (split_and_later or draw(st.booleans())) and request.hours > 1:
        # An urgent part and the rest: adding up to the whole job, or (a slip of the user) to more.
        urgent = draw(st.integers(1, int(request.hours) - 1))
        more = draw(st.sampled_from([0, 0, 4, 16]))
        parts = [Part("Landing page", urgent, True), Part("Product pages", request.hours - urgent + more, False)]
    else:
        names = draw(st.lists(st.sampled_from(PART_NAMES), unique=True, max_size=4))
        parts = [Part(n, draw(st.sampled_from([1, 2, 5, 8])), draw(st.booleans())) for n in names]
    sender = draw(st.sampled_from(["", "Jordi Verbeek"]))
    a = Assessment(
        request=request,
        calendar=calendar,
        lang="en",
        sender=sender,
        business=draw(st.sampled_from(["", "Verbeek Tekst"])) if sender else "",
        signature=draw(st.sampled_from(["", "06 2345 6789\nverbeektekst.nl"])),
        address=draw(st.sampled_from(["je", "u"])),
        empathy={"why_soon": draw(CLAUSES), "at_stake": draw(CLAUSES)},
        reason=draw(st.sampled_from(["fully_booked", "leave"] if split_and_later else [*REASONS, ""])),
        reason_detail=draw(CLAUSES),
        parts=parts,
        spread=draw(st.sampled_from([0.25, 0.5] if split_and_later else [0.25, 0.5, 1.0])),
        colleagues=draw(st.lists(st.sampled_from(COLLEAGUES), unique_by=lambda c: c.name, max_size=4)),
        reversal_example=draw(st.sampled_from(["", "last spring a client waited two weeks"])),
        reversal_confirmed=draw(st.booleans()),
        offers=draw(st.just({"split", "later", "rush"}) if split_and_later else offers),
        follow_up=draw(st.one_of(st.none(), st.sampled_from(window))),
    )
    return a, draw(st.sampled_from(["en", "nl"])), draw(st.sampled_from(["email", "phone"]))


def words(text: str) -> set[str]:
    return {w.casefold() for w in re.findall(r"\w+", text)}


def dates_in(text: str, lang: str, year: int) -> list[date]:
    """The dates written in a text of a reply to a request received in `year`."""
    return [
        WRITTEN[lang][found] if found[-4:].isdigit() else WRITTEN_NO_YEAR[lang][(found, year)]
        for found in DATE_PATTERN[lang].findall(text)
    ]


def mail(a: Assessment, lang: str, channel: str) -> str | None:
    """The composed reply, or None when the calendar contradicts the reason (and composing says so)."""
    if reply_blocker(a) is not None:
        with pytest.raises(InputError):
            compose_reply(a, lang, channel)
        return None
    return compose_reply(a, lang, channel)


def opening_of(a: Assessment, lang: str, key: str) -> str:
    """The fixed words an offer's sentence starts with (up to its first placeholder or comma)."""
    return re.split(r"[{,:]", content_text(lang, f"reply.{a.address}.{key}"), maxsplit=1)[0]


def line_of(text: str, start: str) -> str | None:
    return next((line for line in text.splitlines() if line.lstrip("- ").startswith(start)), None)


@SETTINGS
@given(st.one_of(cases(), cases(split_and_later=True)))
def test_no_offer_promises_a_date_that_another_offer_contradicts(case):
    a, lang, channel = case
    text = mail(a, lang, channel)
    if text is None:
        return
    split = line_of(text, opening_of(a, lang, "split"))
    later = line_of(text, opening_of(a, lang, "later"))
    rush = line_of(text, opening_of(a, lang, "rush"))
    deadline = a.request.deadline.date()
    year = a.request.received.year
    if split:
        urgent_done, rest_done = dates_in(split, lang, year)
        assert urgent_done <= deadline  # the urgent part is the part the deadline is for
        assert urgent_done <= rest_done
    if split and later:
        (whole,) = dates_in(later, lang, year)
        assert rest_done <= whole  # splitting never makes the whole later than not splitting
        # ... and the date can be kept: no earlier than all the parts' hours fit at full pace, no later than
        # the spread plan.
        assert earliest_finish(a.calendar, sum(p.hours for p in a.parts), a.request.received) <= rest_done
        assert rest_done <= a.split_plan().all_done
    if later:
        (whole,) = dates_in(later, lang, year)
        # else the normal rate by an earlier date undercuts the rush rate; the deadline day itself only when its
        # hours before the deadline time don't cover the job (the deadline day counts up to the deadline)
        fits = a.request.hours <= free_hours(a.calendar, a.request.received, a.request.deadline) + 1e-9
        assert whole > deadline or (whole == deadline and not fits)
    if rush:
        assert dates_in(rush, lang, year) == [deadline]


@SETTINGS
@given(cases())
def test_a_job_that_cannot_be_done_gets_no_amount(case):
    a, lang, channel = case
    text = mail(a, lang, channel)
    if text is None:
        return
    if verdict(a.quote()) == "impossible":
        assert not any(sign in text for sign in MONEY_SIGNS)
    else:
        # No rush price either for a job that fits the free hours before the deadline, nor beside a request
        # for time to think (a holding reply offers nothing else), nor on a day kept for an occasion.
        fits = a.request.hours <= free_hours(a.calendar, a.request.received, a.request.deadline) + 1e-9
        assert any(sign in text for sign in MONEY_SIGNS) == ("rush" in promises(a).offers)
        if "rush" in promises(a).offers:
            assert "rush" in a.offers and a.reason not in ("dont_want", "not_my_focus")
            assert not fits and "think" not in a.offers


@SETTINGS
@given(cases())
def test_full_is_claimed_only_when_less_than_a_quarter_is_free(case):
    a, lang, channel = case
    a = a.replace(reason="fully_booked")
    text = mail(a, lang, channel)
    if text is None:
        return
    free = free_hours(a.calendar, a.request.received, a.request.deadline)
    claims_full = bool(words(text) & FULL[lang])
    holding = promises(a).offers == ("think",)  # a holding reply gives no reason yet
    assert claims_full == (free < a.request.hours / 4 and not holding)


@SETTINGS
@given(cases(), st.sampled_from(["dont_want", "not_my_focus"]))
def test_a_no_to_the_work_names_no_date_price_or_split(case, reason):
    a, lang, channel = case
    a = a.replace(reason=reason)
    text = mail(a, lang, channel)
    if text is None:
        return
    assert not any(sign in text for sign in MONEY_SIGNS)
    # Only the day to come back (referral C/D) and the check-in may be named: no delivery dates.
    assert set(dates_in(text, lang, a.request.received.year)) <= {a.think_date(), a.follow_up}
    for offer in ("split", "later", "rush", "think"):
        assert line_of(text, opening_of(a, lang, offer)) is None


@SETTINGS
@given(cases())
def test_a_new_client_is_never_welcomed_back(case):
    a, lang, channel = case
    a = a.replace(request=a.request.replace(relationship="new"))
    text = mail(a, lang, channel)
    assert text is None or not words(text) & AGAIN[lang]


@SETTINGS
@given(cases())
def test_the_contact_is_greeted_when_there_is_one(case):
    a, lang, channel = case
    text = mail(a, lang, channel)
    if text is None:
        return
    greeting = text.split("\n\n")[1] if channel == "email" else text.splitlines()[2]
    informal, formal = CONTACTS[a.request.contact]
    name = informal if a.address == "je" else formal[lang]
    if name:
        assert name in greeting
        if channel == "email":
            assert "Bloom & Co" not in greeting


@SETTINGS
@given(cases())
def test_the_sender_signs_off_when_set(case):
    a, lang, channel = case
    text = mail(a, lang, channel)
    if text is None:
        return
    if channel == "email":
        sign_off = content_text(lang, f"reply.{a.address}.sign_off")
        after = text.rstrip().split(sign_off + "\n")[-1].splitlines() if a.sender else []
        assert not a.sender or after[0] == a.sender
        assert not a.business or a.business in after
    else:
        assert not a.sender or a.sender in text.splitlines()[2]


@SETTINGS
@given(cases(), st.sampled_from(["je", "u"]))
def test_a_dutch_reply_keeps_to_its_register(case, address):
    a, _, channel = case
    a = a.replace(address=address)
    text = mail(a, "nl", channel)
    assert text is None or not words(text) & (U_FORMS if address == "je" else JE_FORMS)


SLOGANS = ("not now doesn't mean never", "not now does not mean never", "nu niet is niet nooit")


@SETTINGS
@given(cases())
def test_the_goodbye_opens_the_door_only_when_the_answer_to_this_job_is_no(case):
    """No slogan ever; an open-door goodbye only when the reply neither offers the job nor holds for an answer."""
    a, lang, channel = case
    text = mail(a, lang, channel)
    if text is None:
        return
    assert not any(slogan in text.casefold() for slogan in SLOGANS)
    doors = [
        content_text(lang, f"reply.{a.address}.door_{group}_{a.request.relationship}") for group in ("time", "work")
    ]
    offered = promises(a).offers
    answer_is_no = offered != ("think",) and not {"split", "later", "rush"} & set(offered)
    assert any(door in text for door in doors) == answer_is_no


@SETTINGS
@given(cases())
def test_a_year_is_written_only_outside_the_year_of_the_request(case):
    a, lang, channel = case
    text = mail(a, lang, channel)
    if text is None:
        return
    for found in DATE_PATTERN[lang].findall(text):
        assert not found[-4:].isdigit() or int(found[-4:]) != a.request.received.year
    assert str(a.request.received.year) not in re.sub(r"\d{5,}", "", text)


@SETTINGS
@given(cases())
def test_the_urgent_part_is_asked_about_only_with_a_split(case):
    a, lang, channel = case
    urgent = "the landing page"
    a = a.replace(request=a.request.replace(urgent_part=urgent))
    text = mail(a, lang, channel)
    if text is not None:
        assert (urgent in text) == ("split" in promises(a).offers)


@SETTINGS
@given(cases())
def test_a_holding_reply_offers_nothing_else(case):
    a, lang, channel = case
    a = a.replace(offers=[*a.offers, "think"])
    text = mail(a, lang, channel)
    if text is None or "think" not in available_offers(a):  # a no to the work itself takes no time to think
        return
    assert promises(a).offers == ("think",)
    assert not any(sign in text for sign in MONEY_SIGNS)
    assert dates_in(text, lang, a.request.received.year) == [a.think_date()]
