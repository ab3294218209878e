"""Compose the reply the user can send: empathy, the honest reason, concrete offers, an open door.

The reply keeps these rules by construction (tests/unit/test_reply_properties.py checks them over generated
cases):

- It never claims what the calendar contradicts: "full" only when less than a quarter of the hours is free
  (otherwise it states the measured hours), no leave without a day off in the window, no vague "other".
- A no to the work itself (`WORK_REFUSALS`) offers no date, price, split or time to think, and its closing
  keeps the door open for other work, not for this job.
- One set of promises (`promises`): the rest of a split is never promised later than the whole job in the same
  reply, and a job the rush verdict calls impossible gets no price.
- It speaks to the person (`Request.greet`), is signed by the sender, welcomes back only clients who have been
  there before, and each Dutch reply uses one register (`Assessment.address`: "je" or "u"); the English reply
  follows the same choice as an informal or a formal tone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from babel.dates import format_date as babel_format_date
from babel.numbers import format_currency

from notnow import coerce, content
from notnow.assessment import OFFERS
from notnow.calendar import EPSILON, days_off_in_window, free_hours, window_start
from notnow.errors import InputError
from notnow.fmt import (
    count,
    format_date,
    format_hours,
    format_hours_unit,
    format_money,
    join_names,
    locale,
    plural,
)
from notnow.honesty import WORK_REFUSALS, fullness, is_vague
from notnow.referral import room_confirmed
from notnow.rush import verdict

if TYPE_CHECKING:
    from notnow.assessment import Assessment
    from notnow.split import SplitPlan

JOB_OFFERS: tuple[str, ...] = ("split", "later", "rush")  # offers to do this job (a no offers none of them)
TIME_OFFERS: tuple[str, ...] = ("split", "later", "rush", "think")  # withheld when the no is to the work itself
START_HORIZON_DAYS = 26 * 7  # as far ahead as earliest_finish looks
# Words that open a name but are not a first name: titles, initials' companions, Dutch name particles.
_NOT_FIRST_NAMES = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "prof",
        "sir",
        "dame",
        "dhr",
        "mevr",
        "mw",
        "heer",
        "mevrouw",
        "meneer",
        "ir",
        "ing",
        "drs",
        "de",
        "van",
        "der",
        "den",
        "het",
        "ter",
        "ten",
        "te",
    }
)
_ENCLOSING = {"(": ")", "[": "]", "{": "}", '"': '"', "'": "'", "“": "”", "‘": "’", "„": "”", "«": "»"}
_TRAILING = ".!?;:,…-–— "


def refuses_work(a: Assessment) -> bool:
    """Whether the user says no to the work itself ("not my focus", "I don't want this work")."""
    return a.reason in WORK_REFUSALS


def user_label(text: str) -> str:
    """A user's name for something (a part of the job), trimmed to stand inside our quotes.

    Inner whitespace and line breaks become single spaces; trailing punctuation goes (our sentence has its
    own); brackets or quotes around the whole text go, so we never nest them. Capitals stay.
    """
    label = " ".join(text.split())
    while True:
        label = label.rstrip(_TRAILING).lstrip(" -–—")
        if len(label) >= 2 and _ENCLOSING.get(label[0]) == label[-1]:
            label = label[1:-1].strip()
            continue
        return label


def user_phrase(text: str) -> str:
    """A user's answer made fit to stand inside one of our sentences: trimmed like `user_label`, and a first
    word written with a capital only out of habit ("Redesign of …", "The website …") gets a lower-case letter.

    Acronyms and words with other capitals ("SEO", "McKinley's") keep theirs; a lone name at the start is the
    one casualty of this rule, and each field's help (`reply_inputs`) asks for the lower-case form.
    """
    phrase = user_label(text)
    first = phrase.split(" ", 1)[0]
    if len(first) > 1 and first[0].isupper() and first[1:].isalpha() and first[1:].islower():
        phrase = phrase[0].lower() + phrase[1:]
    return phrase


# Titles a formal greeting keeps, written the way each language writes them ("dhr." → "heer" / "Mr").
_TITLES: dict[str, dict[str, str]] = {
    "nl": {
        "mevrouw": "mevrouw",
        "mevr": "mevrouw",
        "mw": "mevrouw",
        "mrs": "mevrouw",
        "ms": "mevrouw",
        "heer": "heer",
        "dhr": "heer",
        "meneer": "heer",
        "mr": "heer",
        "dr": "dr.",
        "prof": "prof.",
    },
    "en": {
        "mevrouw": "Ms",
        "mevr": "Ms",
        "mw": "Ms",
        "mrs": "Mrs",
        "ms": "Ms",
        "miss": "Miss",
        "heer": "Mr",
        "dhr": "Mr",
        "meneer": "Mr",
        "mr": "Mr",
        "dr": "Dr",
        "prof": "Professor",
    },
}
_PARTICLES = frozenset({"de", "van", "der", "den", "het", "ter", "ten", "te", "la", "le", "du", "von"})


def formal_title(contact: str, lang: str = "nl") -> str:
    """The contact as a formal greeting names them when the user typed a title: "mevrouw Jansen",
    "heer Jansen" (from "dhr. Jansen"), "Ms Jansen"; "" when there is no title. A first name after the title
    goes ("mevrouw Petra de Boer" → "mevrouw De Boer": without a first name, a Dutch particle takes a capital)."""
    words = contact.split()
    if len(words) > 1 and words[0].casefold() == "de" and words[1].casefold() == "heer":
        words = ["heer", *words[2:]]  # "de heer Jansen"
    if len(words) < 2:
        return ""
    title = _TITLES.get(content.check_lang(lang), {}).get(words[0].rstrip(".").casefold())
    if title is None:
        return ""
    rest = words[1:]
    if len(rest) > 1 and rest[0].casefold() not in _PARTICLES and "." not in rest[0]:
        rest = rest[1:]  # the first name
    rest = [w for w in rest if not (len(w) <= 3 and w.endswith("."))] or rest  # initials
    if rest[0].casefold() in _PARTICLES:
        rest = [rest[0][0].upper() + rest[0][1:], *rest[1:]]
    return " ".join([title, *rest])


def greeting_name(contact: str, address: str, lang: str = "nl") -> str:
    """The name to greet: the first name for the informal "je" ("Maaike"); for "u" the title and surname
    when the user typed a title ("mevrouw Jansen"), otherwise the full name ("Maaike de Boer"), so the
    formal greeting needs no guess at anyone's gender. When the first word is a title, an initial or a name
    particle ("Dr.", "J.", "van"), the informal greeting uses the name as the user typed it."""
    words = contact.split()
    if address == "u":
        return formal_title(contact, lang) or " ".join(words)
    if len(words) < 2:
        return " ".join(words)
    first = words[0]
    plain = first.replace("-", "").replace("'", "").replace("’", "")
    if "." in first or first.casefold() in _NOT_FIRST_NAMES or not plain.isalpha() or len(plain) < 2:
        return " ".join(words)
    return first


# --- what can be offered ----------------------------------------------------------------------------------


def unavailable_offers(a: Assessment) -> dict[str, str]:
    """Every offer the reply cannot make, with why (a code under `reply_unavailable` in the content).

    work_refused (a no to the work itself takes no date, price, split or time to think), no_parts,
    no_urgent_part, nothing_after_urgent, does_not_fit, urgent_misses_deadline, no_date_in_horizon,
    fits_by_deadline (the whole job fits the free hours before the deadline, so it is not "later"),
    fits_free_hours (the same for rush: a job that fits normal hours earns no rush price), impossible (the
    rush verdict: promise nothing), no_skill, reversal_unconfirmed.
    """
    missing: dict[str, str] = {}
    refusing = refuses_work(a)
    if refusing:
        missing.update(dict.fromkeys(TIME_OFFERS, "work_refused"))
    else:
        split = _split_problem(a)
        if split:
            missing["split"] = split
        fits = fits_before_deadline(a)
        if fits:
            missing["later"] = "fits_by_deadline"
        elif a.earliest() is None:
            missing["later"] = "no_date_in_horizon"
        kind = verdict(a.quote())
        if kind == "impossible":
            missing["rush"] = "impossible"
        elif fits:
            missing["rush"] = "fits_free_hours"
    if not a.request.skill:
        missing["referral"] = "no_skill"
    if not (a.reversal_confirmed and a.reversal_example):
        missing["reversal"] = "reversal_unconfirmed"
    return {offer: missing[offer] for offer in OFFERS if offer in missing}


def fits_before_deadline(a: Assessment) -> bool:
    """Whether the whole job fits the free hours before the deadline (the deadline day up to its time)."""
    r = a.request
    return r.hours <= free_hours(a.calendar, r.received, r.deadline) + EPSILON


def _split_problem(a: Assessment) -> str:
    if not a.parts:
        return "no_parts"
    if not any(p.urgent for p in a.parts):
        return "no_urgent_part"
    if all(p.urgent for p in a.parts):
        return "nothing_after_urgent"
    try:
        plan = a.split_plan()
    except InputError:
        return "does_not_fit"
    if plan is None or plan.urgent_done is None or not plan.meets_deadline:
        return "urgent_misses_deadline"
    return ""


def available_offers(a: Assessment) -> list[str]:
    """The offers the earlier steps made possible (the reply step only offers these), in OFFERS order."""
    missing = unavailable_offers(a)
    return [offer for offer in OFFERS if offer not in missing]


def why_unavailable(a: Assessment, lang: str | None = None) -> dict[str, str]:
    """`unavailable_offers` as sentences for the reply step, in the user's language."""
    lang = content.check_lang(lang or a.lang)
    values = {
        "deadline": format_date(a.request.deadline.date(), lang),
        "weeks": count(lang, "week", START_HORIZON_DAYS // 7),
    }
    return {
        offer: content.text(lang, f"reply_unavailable.{code}", **values)
        for offer, code in unavailable_offers(a).items()
    }


# --- one set of promises ----------------------------------------------------------------------------------

# The offer a recorded outcome takes up: once the client has chosen, the plan holds that offer alone.
OUTCOME_OFFERS: Mapping[str, str] = {
    "accepted_rush": "rush",
    "split": "split",
    "later": "later",
    "referred": "referral",
}
# Referral cases whose script promises to come back with a name (by the think date): C and D know no one yet.
ANSWER_CASES: tuple[str, ...] = ("C", "D")


@dataclass(frozen=True)
class Promises:
    """What one reply commits to: the offers it makes (chosen and available, in OFFERS order) and the dates
    and amounts behind them (None for offers it doesn't make). `left_out` holds chosen offers the reply
    leaves out because they would contradict another one, with why (a code under `reply_notes`).

    Every surface reads its dates and amounts from here (the steps, the summary, the mail and phone script, the
    .ics, the history); none works out its own. `think_by` is the "time to think" answer date, `referral_by` the
    date a referral of case C or D promises a name by, `check_in` the aftercare date (the user's own, or the
    suggested one), `window_from` the first day of the request's window ("from tomorrow"), `start` the first
    day with a free hour. `split_plan` is the schedule behind `urgent_done` and `rest_done`. `agreed` holds the
    offer the client took once an outcome is recorded (`decided`); until then every offer is an option.
    """

    offers: tuple[str, ...]
    urgent_done: date | None
    rest_done: date | None
    whole_done: date | None
    rush_by: date | None
    rush_total: Decimal | None
    rush_base: Decimal | None
    rest_at_full_pace: bool
    left_out: Mapping[str, str] = field(default_factory=dict)
    think_by: date | None = None
    referral_by: date | None = None
    check_in: date | None = None
    window_from: date | None = None
    start: date | None = None
    split_plan: SplitPlan | None = field(default=None, compare=False, repr=False)
    agreed: tuple[str, ...] = ()
    decided: bool = False

    def dates(self) -> dict[str, date]:
        """The promised dates by what they promise (urgent_done, rest_done, whole_done, rush_by, think_by,
        referral_by), the check-in left out: only those the reply makes."""
        promised = {
            "urgent_done": self.urgent_done,
            "rest_done": self.rest_done,
            "whole_done": self.whole_done,
            "rush_by": self.rush_by,
            "think_by": self.think_by,
            "referral_by": self.referral_by,
        }
        return {key: day for key, day in promised.items() if day is not None}


# The offers each promised date belongs to (for the plan once the client has chosen).
DATE_OFFERS: Mapping[str, str] = {
    "urgent_done": "split",
    "rest_done": "split",
    "whole_done": "later",
    "rush_by": "rush",
    "think_by": "think",
    "referral_by": "referral",
}


def promises(a: Assessment, offers: Iterable[str] | None = None) -> Promises:
    """The dates and amounts of the offers the reply makes, without contradictions.

    `offers` replaces the case's chosen offers: a step asks what the reply would promise with an offer added.
    Asking for time to think is a holding reply: it says when you will answer and offers nothing else (the
    other chosen offers are left out, "holding_reply"). The split plan spreads the rest over time (a share of
    each day's free hours) to keep room for other clients, so on its own it may end later than the whole job
    done at full pace. When the same reply also offers the whole job by a date ("later"), those hours are
    promised anyway, so the rest of the split is promised at full pace (`plan_at_full_pace`: the urgent parts
    first, then the rest in the same free hours), which ends on `earliest_finish` of the parts' hours, so the
    promise can be kept. Should the parts add up to more hours than the whole job, so that even full pace ends
    after it, the whole-job date is left out of the reply ("parts_exceed_job") rather than contradicted.
    Without a "later" offer the split keeps its spread pace. The rush offer names the deadline and its price
    only when the verdict is not "impossible" (available_offers never lists it then).
    """
    from notnow.split import plan_at_full_pace  # late: split brings pandas only when a plan is made

    wanted = set(a.offers if offers is None else offers)
    chosen = [o for o in available_offers(a) if o in wanted]
    left_out: dict[str, str] = offers_left_out(a, chosen)
    chosen = [o for o in chosen if o not in left_out]
    plan: SplitPlan | None = a.split_plan() if "split" in chosen else None
    whole = a.earliest() if "later" in chosen else None
    urgent_done = rest_done = None
    full_pace = False
    if plan is not None:
        urgent_done, rest_done = plan.urgent_done, plan.all_done
        if whole is not None and rest_done is not None and rest_done > whole:
            r = a.request
            at_full_pace = plan_at_full_pace(a.calendar, a.parts, r.received, r.deadline)
            if at_full_pace.all_done is not None and at_full_pace.all_done <= whole:
                plan, full_pace = at_full_pace, True
                urgent_done, rest_done = plan.urgent_done, plan.all_done
            else:
                chosen.remove("later")
                whole = None
                left_out["later"] = "parts_exceed_job"
    quote = a.quote() if "rush" in chosen else None
    answer = "referral" in chosen and a.referral().case in ANSWER_CASES
    agreed = OUTCOME_OFFERS.get(a.outcome, "")
    return Promises(
        offers=tuple(chosen),
        urgent_done=urgent_done,
        rest_done=rest_done,
        whole_done=whole,
        rush_by=a.request.deadline.date() if quote else None,
        rush_total=quote.total if quote else None,
        rush_base=quote.base_fee if quote else None,
        rest_at_full_pace=full_pace,
        left_out=left_out,
        think_by=a.think_date() if "think" in chosen else None,
        referral_by=a.think_date() if answer else None,
        check_in=_check_in(a),
        window_from=window_start(a.request.received),
        start=None if refuses_work(a) else first_start_day(a),
        split_plan=plan,
        agreed=(agreed,) if agreed in chosen else (),
        decided=bool(a.outcome),
    )


def offers_left_out(a: Assessment, chosen: list[str]) -> dict[str, str]:
    """Chosen offers one reply cannot make beside the others, with why (a code under `reply_notes`).

    Asking for time to think is a holding reply: it says when the answer comes and offers nothing else
    ("holding_reply"). A senior role or the reversal principle only stands beside a referral to a colleague the
    user knows (case A or B): the senior role is the user's role next to that colleague ("needs_referral").
    A rush delivery on a day the user keeps free for a special occasion is no offer ("occasion_on_deadline").
    """
    if "think" in chosen:
        return {offer: "holding_reply" for offer in chosen if offer != "think"}
    left_out: dict[str, str] = {}
    referred = "referral" in chosen and a.referral().case in ("A", "B")
    for offer in ("senior", "reversal"):
        if offer in chosen and not referred:
            left_out[offer] = "needs_referral"
    r = a.request
    if (
        "rush" in chosen
        and a.reason == "special_occasion"
        and r.deadline.date() in days_off_in_window(a.calendar, r.received, r.deadline)
    ):
        left_out["rush"] = "occasion_on_deadline"
    return left_out


def reply_blocker(a: Assessment) -> InputError | None:
    """Why no mail can be written yet, when the calendar contradicts the reason: "fully booked" with the
    hours free, leave or a special occasion with no day off marked in the window. The user fixes the
    reason or the calendar; a mail without its reason (and with a surcharge for work that fits) is worse."""
    r = a.request
    lang = a.reply_lang
    if a.reason == "fully_booked":
        free = free_hours(a.calendar, r.received, r.deadline)
        if fullness(free, r.hours) == "room":
            return InputError(
                "reason",
                "reason_has_room",
                free=format_hours(free, lang),
                hours=format_hours(r.hours, lang),
            )
    elif a.reason in ("leave", "special_occasion") and not days_off_in_window(a.calendar, r.received, r.deadline):
        return InputError("reason", f"reason_{a.reason}_no_days", deadline=format_date(r.deadline.date(), lang))
    return None


def _check_in(a: Assessment) -> date | None:
    """The user's own check-in date, else the suggested working day (None when that passes the last date
    notnow takes, late in 2100: the after step explains it beside the date)."""
    if a.follow_up is not None:
        return a.follow_up
    try:
        return coerce.in_range("follow_up", a.suggested_follow_up())
    except InputError:
        return None


def split_as_promised(a: Assessment) -> tuple[SplitPlan | None, Promises]:
    """The split plan the steps and pages show, with the promises it comes from: the plan the reply promises
    with the split offered beside the chosen offers (at full pace when it also offers the whole job by a
    date), or the plan as made when the split can't be promised (the steps still show why). None without parts.
    """
    promised = promises(a, offers=(*a.offers, "split"))
    return (promised.split_plan if promised.split_plan is not None else a.split_plan()), promised


def first_start_day(a: Assessment) -> date | None:
    """The first day after the request came in with any free hour: when the user can start."""
    day = a.request.received.date()
    for _ in range(START_HORIZON_DAYS):
        day += timedelta(days=1)
        if a.calendar.free_on(day) > 0:
            return day
    return None


def reply_notes(a: Assessment, lang: str | None = None) -> list[str]:
    """What the composed reply did on the user's behalf and why, for the reply step to show beside it, in the
    page's language (`lang`). A mail the calendar stops (`reply_blocker`) says why where the mail would be."""
    lang = content.check_lang(lang or a.lang)
    r = a.request
    notes = []
    if a.reason == "fully_booked":
        free = free_hours(a.calendar, r.received, r.deadline)
        if fullness(free, r.hours) == "partly":
            notes.append(
                content.text(
                    lang,
                    "reply_notes.booked_partly",
                    free=format_hours_unit(free, lang),
                    hours=format_hours_unit(r.hours, lang),
                )
            )
    elif a.reason == "other" and is_vague(a.reason_detail):
        notes.append(content.text(lang, "reply_notes.vague"))
    if a.reason_detail and not detail_holds(a):
        notes.append(content.text(lang, "reply_notes.detail_other_reason", detail=user_phrase(a.reason_detail)))
    for name in REPLY_INPUTS:
        slip = register_slip_note(_input_text(a, name), a.address, a.reply_lang, lang)
        if slip:
            notes.append(f"{content.text(lang, f'reply_inputs.{name}.label')}: {slip}")
    promised = promises(a)
    if promised.rest_at_full_pace and promised.rest_done is not None:
        notes.append(
            content.text(lang, "reply_notes.rest_at_full_pace", rest_done=format_date(promised.rest_done, lang))
        )
    for code in dict.fromkeys(promised.left_out.values()):  # one note per reason, however many offers it took
        notes.append(
            content.text(
                lang,
                f"reply_notes.{code}",
                parts=format_hours_unit(sum(p.hours for p in a.parts), lang),
                hours=format_hours_unit(r.hours, lang),
            )
        )
    return notes


# The informal Dutch forms a "u" reply must not carry, in text the user typed into the case.
JE_WORDS: tuple[str, ...] = ("je", "jij", "jou", "jouw", "jullie", "jezelf")
# The user's texts the reply places in its sentences (each asked under `reply_inputs` in the content).
REPLY_INPUTS: tuple[str, ...] = ("asked", "urgent_part", "why_soon", "at_stake", "reason_detail", "reversal_example")


def input_example(lang: str, name: str, address: str) -> str:
    """The example shown under a reply input, in the case's register (a "u" example in a "u" case)."""
    return content.text(lang, f"reply_inputs.{name}.example{'_u' if address == 'u' else ''}")


def register_slip(text: str, address: str, reply_lang: str) -> str:
    """The first informal word ("je", "jouw", …) in a text for a Dutch "u" reply; "" when it keeps to "u"."""
    if address != "u" or reply_lang != "nl":
        return ""
    found = (w.casefold() for w in re.findall(r"\w+", text))
    return next((w for w in found if w in JE_WORDS), "")


def register_slip_note(text: str, address: str, reply_lang: str, lang: str) -> str:
    """The note beside a field whose text slips into "je" in a "u" case ("" when it doesn't)."""
    word = register_slip(text, address, reply_lang)
    return content.text(lang, "reply_notes.register_slip", word=word) if word else ""


def _input_text(a: Assessment, name: str) -> str:
    if name in ("why_soon", "at_stake"):
        return a.empathy.get(name, "")
    if name in ("asked", "urgent_part"):
        return str(getattr(a.request, name))
    return str(getattr(a, name))


def detail_holds(a: Assessment) -> bool:
    """Whether the reason's detail was written for the reason now chosen: a detail ("three other client
    projects fill those days") belongs to its reason, and a new reason does not inherit it."""
    return bool(a.reason_detail) and a.detail_reason == a.reason


def words_in(text: str) -> int:
    """How many words a reply has, the way a reader counts them: tokens with a letter or a digit."""
    return sum(1 for token in text.split() if any(ch.isalnum() for ch in token))


class _Writer:
    """The sentences of one reply: one language, one register, one case, one set of promises."""

    def __init__(self, a: Assessment, lang: str) -> None:
        self.a = a
        self.lang = lang
        self.register = a.address
        self.refusing = refuses_work(a)
        self.year = a.request.received.year
        self.promised = promises(a)
        self.holding = self.promised.offers == ("think",)
        self.this_job = any(o in self.promised.offers for o in JOB_OFFERS)

    def say(self, key: str, **values: object) -> str:
        return content.text(self.lang, f"reply.{self.register}.{key}", **values)

    def say_plural(self, key: str, n: float, **values: object) -> str:
        return plural(self.lang, f"reply.{self.register}.{key}", n, **values)

    def common(self, key: str, **values: object) -> str:
        return content.text(self.lang, f"reply.common.{key}", **values)

    def when(self, day: date) -> str:
        """A weekday and date; the year only when it is not the year the request came in."""
        key = "date_format" if day.year == self.year else "date_format_year"
        return str(babel_format_date(day, self.common(key), locale=locale(self.lang)))

    def span(self, first: date, last: date) -> tuple[str, str]:
        """Two dates of a range, the first without its month when both share it ("Monday 23", "Wednesday 25
        November")."""
        if (first.year, first.month) == (last.year, last.month) and first.year == self.year:
            short = str(babel_format_date(first, self.common("day_format"), locale=locale(self.lang)))
            return short, self.when(last)
        return self.when(first), self.when(last)

    def week(self, day: date) -> str:
        """The Monday of the week a day falls in: "7 December" (for "in the week of …")."""
        monday = day - timedelta(days=day.weekday())
        key = "week_format" if monday.year == self.year else "week_format_year"
        return str(babel_format_date(monday, self.common(key), locale=locale(self.lang)))

    def money(self, amount: Decimal) -> str:
        return whole_money(amount, self.a.request.currency, self.lang)

    # greeting and sign-off

    def greeting(self) -> str:
        r = self.a.request
        if r.contact:
            titled = self.register == "u" and formal_title(r.contact, self.lang)
            key = "greeting_title" if titled else "greeting_name"
            return self.say(key, name=greeting_name(r.contact, self.register, self.lang))
        return self.say("greeting_company", client=r.client)

    def who(self) -> str:
        a = self.a
        if a.business and a.business != a.sender:
            return self.common("who_business", sender=a.sender, business=a.business)
        return self.common("who", sender=a.sender)

    def phone_greeting(self) -> str:
        r = self.a.request
        name = greeting_name(r.contact, self.register, self.lang) if r.contact else ""
        if name and self.a.sender:
            return self.say("phone_name_sender", name=name, who=self.who())
        if name:
            return self.say("phone_name", name=name)
        if self.a.sender:
            return self.say("phone_sender", who=self.who())
        return self.say("phone_plain")

    def signature_lines(self) -> list[str]:
        """Name, business and signature, each line once: a signature that holds the name is not doubled."""
        a = self.a
        signature = [line.strip() for line in a.signature.splitlines() if line.strip()]
        held = " ".join(signature).casefold()
        lines = [line for line in (a.sender, a.business) if line and line.casefold() not in held]
        lines += signature
        return list(dict.fromkeys(lines))

    # the paragraphs

    def opening(self) -> list[str]:
        a = self.a
        r = a.request
        known = "new" if r.relationship == "new" else "known"
        asked = user_phrase(r.asked)
        sentences = [self.say(f"thanks_{known}", asked=asked) if asked else self.say(f"thanks_{known}_plain")]
        why_soon = user_phrase(a.empathy.get("why_soon", ""))
        at_stake = user_phrase(a.empathy.get("at_stake", ""))
        if why_soon and at_stake:
            sentences.append(self.say("empathy_both", why_soon=why_soon, at_stake=at_stake))
        elif why_soon:
            sentences.append(self.say("why_soon", why_soon=why_soon))
        elif at_stake:
            sentences.append(self.say("at_stake", at_stake=at_stake))
        else:
            sentences.append(self.say("generic"))
        if not (self.holding or self.this_job):  # offers to do the job say "not quite yes" themselves
            sentences.append(self.say("regret_work" if self.refusing else "regret_time"))
        return sentences

    def reason(self) -> list[str]:
        """The honest reason (reply_blocker has stopped the mail when the calendar contradicts it), its
        detail when it was written for this reason, then, when nothing is offered, the day the user can start."""
        a = self.a
        r = a.request
        deadline = self.when(r.deadline.date())
        sentences: list[str] = []
        if a.reason == "fully_booked":
            free = free_hours(a.calendar, r.received, r.deadline)
            window_from = self.promised.window_from or r.received.date() + timedelta(days=1)
            start = self.when(window_from)  # named in full: "from Saturday 21 November", never "now"
            sentences.append(
                self.say(
                    f"booked_{fullness(free, r.hours)}",
                    start=start,
                    deadline=deadline,
                    free=format_hours_unit(free, self.lang),
                    hours=format_hours_unit(r.hours, self.lang),
                )
            )
        elif a.reason in ("leave", "special_occasion"):
            days = days_off_in_window(a.calendar, r.received, r.deadline)
            kind = "leave" if a.reason == "leave" else "special"
            if days:
                first, last = self.span(days[0], days[-1])
                sentences.append(
                    self.say(
                        f"{kind}_one" if len(days) == 1 else f"{kind}_many",
                        first=self.when(days[0]) if len(days) == 1 else first,
                        last=last,
                        days_off=count(self.lang, "day_off", len(days)),
                    )
                )
        elif a.reason in ("not_my_focus", "dont_want"):
            sentences.append(self.say(a.reason))
        detail = user_phrase(a.reason_detail) if detail_holds(a) else ""
        if a.reason == "other":
            if detail and not is_vague(detail):
                sentences.append(self.say("other", detail=detail))
        elif detail and sentences and sentences[-1].endswith(".") and ":" not in sentences[-1]:
            sentences[-1] = f"{sentences[-1][:-1]}: {detail}."  # the detail explains the sentence it ends
        elif detail:
            sentences.append(self.say("detail", detail=detail))
        first_day = None if self.refusing or self.promised.offers else self.promised.start
        if first_day is not None:
            sentences.append(self.say("availability", start=self.when(first_day)))
        return sentences

    def question(self) -> str:
        """The one question of the reply, after the offers: about the urgent part only when a split is
        offered, otherwise which offer suits (or whether the one offer helps)."""
        r = self.a.request
        urgent = user_phrase(r.urgent_part)
        if "split" in self.promised.offers and urgent:
            return self.say("ask_urgent", urgent_part=urgent, deadline=self.when(r.deadline.date()))
        return self.say("ask_many" if len(self.promised.offers) > 1 else "ask_one")

    def offers(self) -> list[str]:
        a = self.a
        promised = self.promised
        sentences = []
        back_by = self.when(promised.referral_by) if promised.referral_by else ""
        ref = a.referral() if "referral" in promised.offers else None
        names = join_names(list(ref.candidates), self.lang) if ref else ""
        for offer in promised.offers:
            if offer == "split" and promised.urgent_done and promised.rest_done:
                parts = [self.common("quoted", text=user_label(p.name)) for p in a.parts if p.urgent]
                sentences.append(
                    self.say(
                        "split",
                        parts=join_names(parts, self.lang),
                        urgent_done=self.when(promised.urgent_done),
                        rest_done=self.when(promised.rest_done),
                    )
                )
            elif offer == "later" and promised.whole_done:
                sentences.append(self.say("later", earliest=self.when(promised.whole_done)))
            elif (
                offer == "rush"
                and promised.rush_by
                and promised.rush_total is not None
                and promised.rush_base is not None
            ):
                sentences.append(
                    self.say(
                        "rush",
                        deadline=self.when(promised.rush_by),
                        total=self.money(promised.rush_total),
                        base_fee=self.money(promised.rush_base),
                        vat=self.common(f"vat_{a.vat}"),
                    )
                )
            elif offer == "referral" and ref is not None:
                if ref.case in ("A", "B"):
                    # "has room now" only when every named colleague was asked lately; else the mail says you'll ask
                    asked = room_confirmed(ref, a.colleagues, a.request.received.date())
                    key = f"referral_{ref.case}" if asked else f"referral_{ref.case}_ask"
                    sentences.append(self.say_plural(key, len(ref.candidates), names=names))
                else:
                    sentences.append(self.say(f"referral_{ref.case}", think_date=back_by))
            elif offer == "think" and promised.think_by:
                sentences.append(self.say("think", think_date=self.when(promised.think_by)))
            elif offer == "senior":
                sentences.append(self.say("senior", names=names, hours=format_hours_unit(a.senior_hours, self.lang)))
            elif offer == "reversal":
                sentences.append(self.say("reversal", example=user_phrase(a.reversal_example)))
        return sentences

    def one_offer(self, sentence: str) -> str:
        """A lone offer as a sentence: the dated offers ("The whole job by …") follow "I can offer:"; the others
        are whole sentences already."""
        if self.promised.offers[0] in JOB_OFFERS:
            return f"{self.say('lead_one')} {sentence[:1].lower()}{sentence[1:]}"
        return sentence

    def closing(self) -> list[str]:
        """The open door only when the answer to this job is no; then the check-in, by its week."""
        a = self.a
        sentences = []
        if not self.this_job:
            group = "work" if self.refusing else "time"
            sentences.append(self.say(f"door_{group}_{a.request.relationship}"))
        if self.promised.check_in is not None:
            sentences.append(self.say("check_in", week=self.week(self.promised.check_in)))
        return sentences


def whole_money(amount: Decimal, currency: str, lang: str) -> str:
    """An amount for a client: "€ 2.090" / "€2,090" when whole, with cents only when it has them."""
    if amount != amount.to_integral_value():
        return format_money(amount, currency, lang)
    pattern = locale(lang).currency_formats["standard"].pattern.replace(".00", "")
    text = format_currency(amount, currency, format=pattern, locale=locale(lang), currency_digits=False)
    return str(text).replace("\xa0", " ")


def compose_opening(assessment: Assessment, lang: str | None = None) -> str:
    """The greeting and the empathy paragraph the email opens with (the empathy step previews it), in the
    case's reply language unless `lang` says otherwise."""
    writer = _Writer(assessment, content.check_lang(lang or assessment.reply_lang))
    return writer.greeting() + "\n\n" + " ".join(writer.opening())


def compose_reply(assessment: Assessment, lang: str | None = None, channel: str | None = None) -> str:
    """The reply as plain text: an email, or a phone script with stage directions. In the case's reply
    language unless `lang` says otherwise (the page's language never rewrites it).

    Raises InputError (field "reason") when the calendar contradicts the reason (`reply_blocker`): the user
    fixes that first, rather than sending a mail without its reason."""
    a = assessment
    lang = content.check_lang(lang or a.reply_lang)
    channel = coerce.choice("channel", channel or a.channel, ("email", "phone"))
    blocker = reply_blocker(a)
    if blocker is not None:
        raise blocker
    w = _Writer(a, lang)
    opening = w.opening()
    if w.holding:
        reason: list[str] = []
        offers = w.offers()
        closing: list[str] = []
    else:
        reason, offers, closing = w.reason(), w.offers(), w.closing()
    lead = w.say("lead_work" if w.refusing else "lead_time")

    if channel == "email":
        asked = user_phrase(a.request.asked)
        blocks = [w.say("subject", asked=asked) if asked else w.say("subject_plain"), w.greeting(), " ".join(opening)]
        if reason:
            blocks.append(" ".join(reason))
        if w.holding:
            blocks.append(" ".join(offers))
        elif len(offers) == 1:  # one offer reads as a sentence, not a list
            blocks.append(f"{w.one_offer(offers[0])} {w.question()}")
        elif offers:
            blocks.append(lead + "\n" + "\n".join(f"- {s}" for s in offers) + "\n" + w.question())
        if closing:
            blocks.append(" ".join(closing))
        blocks.append("\n".join([w.say("sign_off"), *w.signature_lines()]))
        return "\n\n".join(blocks) + "\n"

    def cue(key: str, **values: object) -> str:
        return content.text(lang, f"reply.phone.{key}", **values)

    lines: list[str] = [cue("heading"), "", w.phone_greeting(), " ".join(opening), ""]
    if w.holding:
        lines += [cue("cue_hold"), *offers, ""]
    else:
        if reason:
            lines += [cue("cue_bad_news"), " ".join(reason), cue("cue_pause"), ""]
        if offers:
            lines += [cue("cue_ask"), w.question(), cue("cue_solution"), *offers, ""]
        lines += [cue("cue_insist"), cue("cue_name_what_is", example=w.say("name_what_is_example")), ""]
    if closing:
        lines.append(" ".join(closing))
    lines.append(w.say("phone_sign_off"))
    return "\n".join(lines) + "\n"
