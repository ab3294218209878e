"""One plan of promises (`reply.promises`): every surface says the same dates, none on a day off.

The worked example, by hand: 16 h at €95, received Fri 20 Nov 2026 10:00, due Wed 25 Nov 17:00 (the end of a
working day that starts at 9). Free: Mon 23 2 h, Tue 24 4 h, Wed 25 6 h = 12 h. Whole job: running free 2, 6, 12,
20 ≥ 16 on Thu 26 Nov. Split: landing page (6 h, urgent) Mon 2 + Tue 4 → Tue 24 Nov; on its own the product pages
(10 h) would take half the free hours, Wed 3 + Thu 4 + Fri 3 → Fri 27 Nov. The example also offers the whole job
by Thu 26, so the rest is promised at full pace: Wed 6 + Thu 4 → Thu 26 Nov. That was the bug: the mail said 26,
the split step, the summary and the .ics said 27. Rush: by Wed 25 Nov for €2,090.00 (the usual €1,520.00).
Referral: Sanne de Vries is trusted: case A, which promises no date. Check-in: the user's own Tue 8 Dec.
"""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from decimal import Decimal

import icalendar
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notnow import (
    OFFERS,
    OUTCOMES,
    REASONS,
    Assessment,
    Colleague,
    Part,
    Request,
    WorkCalendar,
    compose_reply,
    earliest_finish,
    free_hours,
    plan_split,
)
from notnow.content import text as content_text
from notnow.outbox import plan_entries, plan_ics
from notnow.reply import OUTCOME_OFFERS, available_offers, promises, unavailable_offers, why_unavailable
from notnow.split import plan_at_full_pace
from notnow.summary import case_summary_html
from tests.conftest import examples

LANGS = ("en", "nl")


def ics_events(a: Assessment, lang: str) -> list[tuple[date, str, str]]:
    """The .ics as a calendar reads it back: (day, title, status) per event, in file order."""
    calendar = icalendar.Calendar.from_ical(plan_ics(plan_entries(a, lang), lang=lang))
    return [(e.decoded("dtstart"), str(e["summary"]), str(e["status"])) for e in calendar.walk("VEVENT")]


# --- the worked example --------------------------------------------------------------------------------------


def test_the_worked_example_promises_by_hand(example):
    """Every date and amount the example's reply commits to, worked out by hand (see the module docstring)."""
    p = promises(example)
    assert p.offers == ("split", "later", "rush", "referral")
    assert (p.urgent_done, p.rest_done, p.whole_done, p.rush_by) == (
        date(2026, 11, 24),
        date(2026, 11, 26),
        date(2026, 11, 26),
        date(2026, 11, 25),
    )
    assert (p.rush_total, p.rush_base) == (Decimal("2090.00"), Decimal("1520.00"))
    assert p.rest_at_full_pace
    assert (p.think_by, p.referral_by) == (None, None)  # case A names a colleague, no date to come back
    assert p.check_in == date(2026, 12, 8)
    assert p.window_from == date(2026, 11, 21)  # the day after the request: "from tomorrow"
    assert p.start == date(2026, 11, 23)  # the first day with a free hour
    assert (p.agreed, p.decided) == ((), False)


def test_mail_split_step_summary_and_ics_say_the_same_rest_date(example, example_nl):
    """The rest of the split: Thu 26 Nov everywhere, never the spread plan's Fri 27 Nov."""
    from notnow.ui.state import CaseState
    from notnow.ui.steps.split import SplitStep

    for case, (rest, spread) in ((example, ("26 November", "27 November")), (example_nl, ("26 november", "27 nov"))):
        lang = case.lang
        mail = compose_reply(case, lang, "email")
        step = SplitStep(CaseState(case))
        shown = "".join(str(w.value) for w in step.children if hasattr(w, "value") and isinstance(w.value, str))
        page = case_summary_html(case, lang)
        days = [day for day, _title, _status in ics_events(case, lang)]
        assert rest in mail and spread not in mail
        assert rest in shown and spread not in shown
        assert rest in page and spread not in page
        assert date(2026, 11, 26) in days and date(2026, 11, 27) not in days


def test_rush_is_not_offered_when_the_job_fits_before_the_deadline(example):
    """With an empty diary Mon–Wed give 24 free hours ≥ 16: no surcharge for work that fits normal hours."""
    free = example.replace(calendar=example.calendar.replace(booked={}))
    assert unavailable_offers(free)["rush"] == "fits_free_hours"
    assert unavailable_offers(free)["later"] == "fits_by_deadline"
    assert "rush" not in available_offers(free) and "rush" not in promises(free).offers
    for lang, words in (("en", "nothing to rush"), ("nl", "niets te haasten")):
        assert words in why_unavailable(free, lang)["rush"]
        # "Fully booked" with this room stops the mail (issue 14); a reason that holds gets a mail, with no price.
        holds = free.replace(reason="other", reason_detail="my father has surgery that week")
        assert "€" not in compose_reply(holds, lang, "email")
    # By Tuesday 10:00 the same diary has Mon 8 + Tue 1 = 9 free hours < 16: rush is on offer again.
    r = example.request
    morning = free.replace(request=r.replace(deadline=datetime(2026, 11, 24, 10, 0)))
    assert "rush" in available_offers(morning)


def test_time_to_think_is_a_holding_reply(example):
    """Asking for time offers nothing else: one date, the answer on Mon 23 Nov (the next working day)."""
    holding = example.replace(offers=("split", "later", "rush", "referral", "think"))
    p = promises(holding)
    assert p.offers == ("think",)
    assert set(p.left_out) == {"split", "later", "rush", "referral"}
    assert p.dates() == {"think_by": date(2026, 11, 23)}
    assert [(d, s) for d, _t, s in ics_events(holding, "en")] == [
        (date(2026, 11, 23), "CONFIRMED"),  # the user's own promise, not an option for the client
        (date(2026, 12, 8), "CONFIRMED"),
    ]


def test_a_referral_that_still_has_to_find_someone_promises_a_date(example):
    """Case D (no colleague has the skill): the reply promises a name by the think date, Mon 23 Nov."""
    nobody = example.replace(colleagues=(Colleague("Priya Shah", ["design"], "trusted", True),), offers=("referral",))
    assert nobody.referral().case == "D"
    assert promises(nobody).dates() == {"referral_by": date(2026, 11, 23)}
    titles = [t for _d, t, _s in ics_events(nobody, "nl")]
    assert titles == ["Optie: Bloom & Co laten weten welke collega kan helpen", "Even contact opnemen met Bloom & Co"]


def test_a_check_in_on_a_holiday_week_is_moved_to_the_next_working_day(example):
    """Deadline Tue 8 Dec, days off 21–24 Dec: not Tue 22 Dec (leave) but Mon 28 Dec, in the plan and the .ics."""
    r = example.request
    case = example.replace(
        request=r.replace(deadline=datetime(2026, 12, 8, 17, 0)),
        calendar=example.calendar.replace(days_off={date(2026, 12, d) for d in range(21, 25)}),
        follow_up=None,
        offers=(),
    )
    assert promises(case).check_in == date(2026, 12, 28)
    assert [d for d, _t, _s in ics_events(case, "en")] == [date(2026, 12, 28)]


def test_every_combination_of_offers_in_both_languages_gives_exactly_the_promised_dates(example):
    """All 128 choices of offers, nl and en, undecided and decided: the .ics holds the promises and the check-in."""
    reversal = example.replace(reversal_example="a colleague sent a client my way", reversal_confirmed=True)
    for size in range(len(OFFERS) + 1):
        for chosen in itertools.combinations(OFFERS, size):
            for lang in LANGS:
                case = reversal.replace(offers=chosen, lang=lang)
                check_plan(case, lang)
                check_plan(case.replace(outcome="later"), lang)


# --- over generated cases ----------------------------------------------------------------------------------

COLLEAGUES = st.sampled_from(
    [
        (),
        (Colleague("Sanne Vos", ["copywriting"], "trusted", True),),
        (Colleague("Tom Brink", ["copywriting"], "untested", True),),
        (Colleague("Pim Smit", ["copywriting"], "unsuitable", True),),
    ]
)


@st.composite
def cases(draw: st.DrawFn) -> Assessment:
    """A case with a real diary (booked hours, days off, a working week of its own, a day that starts when the
    user says) and any offers, outcome and check-in."""
    first = date(2026, 1, 1) + timedelta(days=draw(st.integers(0, 364)))
    received = datetime.combine(first, datetime.min.time()) + timedelta(minutes=draw(st.integers(0, 24 * 60 - 1)))
    window = [first + timedelta(days=i) for i in range(1, 60)]
    calendar = WorkCalendar(
        hours_per_day=draw(st.sampled_from([4, 6, 8])),
        workdays=draw(st.sets(st.integers(0, 6), min_size=1)),
        booked=draw(st.dictionaries(st.sampled_from(window), st.sampled_from([0, 2, 4, 8]), max_size=20)),
        days_off=draw(st.sets(st.sampled_from(window), max_size=8)),
        overtime_per_workday=draw(st.sampled_from([0, 2])),
        overtime_per_weekend_day=draw(st.sampled_from([0, 4])),
        day_start=draw(st.sampled_from(["07:00", "09:00", "09:30", "13:00"])),
    )
    hours = draw(st.sampled_from([2, 6, 16, 40]))
    request = Request(
        "Bloom & Co",
        hours,
        received,
        received + timedelta(minutes=draw(st.integers(60, 20 * 24 * 60))),
        skill="copywriting",
        rate=95,
        urgent_part="the landing page",
    )
    parts: tuple[Part, ...] = ()
    if draw(st.booleans()):
        urgent = draw(st.integers(1, hours - 1))
        parts = (
            Part("Landing page", urgent, True),
            Part("Product pages", hours - urgent + draw(st.sampled_from([0, 8]))),
        )
    follow_up = draw(st.none() | st.sampled_from(window))
    return Assessment(
        request=request,
        calendar=calendar,
        lang=draw(st.sampled_from(LANGS)),
        reason=draw(st.sampled_from(REASONS)),
        parts=parts,
        spread=draw(st.sampled_from([0.25, 0.5, 1.0])),
        colleagues=draw(COLLEAGUES),
        offers=tuple(draw(st.sets(st.sampled_from(OFFERS)))),
        outcome=draw(st.sampled_from(("", "", *OUTCOMES))),
        follow_up=follow_up,
    )


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(), st.sampled_from(LANGS))
def test_the_ics_holds_exactly_the_promised_dates_plus_the_check_in(case, lang):
    """Over any diary, offers and outcome, in nl and en: the .ics is the plan of promises, nothing more or less."""
    check_plan(case, lang)


def check_plan(a: Assessment, lang: str) -> None:
    """The .ics against the promises, and the promises against the rules they come from (worked out here from
    the calendar functions, not read back from the plan)."""
    p = promises(a)
    r = a.request
    deadline = r.deadline.date()
    received = r.received.date()

    # Each promised date is what its rule gives.
    if p.whole_done is not None:
        assert p.whole_done == earliest_finish(a.calendar, r.hours, r.received)
        assert "split" not in p.offers or (p.rest_done is not None and p.rest_done <= p.whole_done)
    if p.urgent_done is not None:
        if p.rest_at_full_pace:
            plan = plan_at_full_pace(a.calendar, a.parts, r.received, r.deadline)
        else:
            plan = plan_split(a.calendar, a.parts, r.received, r.deadline, a.spread)
        assert (p.urgent_done, p.rest_done) == (plan.urgent_done, plan.all_done)
        assert p.urgent_done <= deadline
    if p.rush_by is not None:
        assert p.rush_by == deadline
        assert r.hours > free_hours(a.calendar, r.received, r.deadline)  # never a surcharge for what fits
    for answer in (p.think_by, p.referral_by):
        if answer is not None:
            # a working day before the deadline day, or the day the request came in when no such day is left
            assert (answer < deadline and a.calendar.is_working_day(answer)) or answer == received
    if "think" in p.offers:
        assert p.offers == ("think",)  # a holding reply
    for day in (p.urgent_done, p.rest_done, p.whole_done):
        assert day is None or a.calendar.is_working_day(day)
    if a.follow_up is not None:
        assert p.check_in == a.follow_up
    else:
        assert p.check_in is not None and a.calendar.is_working_day(p.check_in)
        assert p.check_in >= deadline + timedelta(days=14)

    # The .ics holds exactly those dates (the chosen offer's alone once the client chose) and the check-in.
    agreed = OUTCOME_OFFERS.get(a.outcome)
    kinds = {
        "urgent_done": "split",
        "rest_done": "split",
        "whole_done": "later",
        "rush_by": "rush",
        "think_by": "think",
        "referral_by": "referral",
    }
    expected = [day for what, day in p.dates().items() if not a.outcome or kinds[what] == agreed]
    events = ics_events(a, lang)
    assert sorted(day for day, _title, _status in events) == sorted([*expected, p.check_in])
    option = content_text(lang, "outbox.option", title="")
    check_in_title = content_text(lang, "outbox.follow_up", client=r.client)
    for _day, title, status in events:
        is_option = title.startswith(option)
        assert (status == "TENTATIVE") == is_option
        if a.outcome or title == check_in_title or "think" in p.offers:
            assert status == "CONFIRMED"
        else:
            assert is_option
