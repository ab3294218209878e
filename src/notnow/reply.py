"""Compose the reply the user can send: empathy, the honest reason, concrete offers, an open door."""

from __future__ import annotations

from typing import TYPE_CHECKING

from notnow import coerce, content
from notnow.errors import InputError
from notnow.fmt import format_date, format_hours_unit, format_money, join_names

if TYPE_CHECKING:
    from notnow.assessment import Assessment


def _fragment(text: str) -> str:
    """A user's answer as a fragment inside our sentence: no trailing full stop of its own."""
    return text.strip().rstrip(".!").strip()


def available_offers(a: Assessment) -> list[str]:
    """The offers the earlier steps made possible (the reply step only offers these)."""
    offers: list[str] = []
    try:
        plan = a.split_plan()
    except InputError:
        plan = None
    if (plan is not None and plan.urgent_done is not None and plan.meets_deadline
            and any(not p.urgent for p in a.parts)):
        offers.append("split")
    if a.earliest() is not None:
        offers.append("later")
    if a.quote().feasible:
        offers.append("rush")
    if a.request.skill:
        offers.append("referral")
    offers += ["think", "senior"]
    if a.reversal_confirmed and a.reversal_example:
        offers.append("reversal")
    return offers


def _offer_sentences(a: Assessment, lang: str) -> list[str]:
    chosen = [o for o in a.offers if o in available_offers(a)]
    r = a.request
    think = format_date(a.think_date(), lang)
    sentences = []
    for offer in chosen:
        if offer == "split":
            plan = a.split_plan()
            if plan is None or plan.urgent_done is None or plan.all_done is None:
                continue  # available_offers() only lists split when both dates exist
            urgent = [p.name for p in a.parts if p.urgent]
            sentences.append(content.text(lang, "reply.offer.split", urgent_parts=join_names(urgent, lang),
                                          urgent_done=format_date(plan.urgent_done, lang),
                                          all_done=format_date(plan.all_done, lang)))
        elif offer == "later":
            earliest = a.earliest()
            if earliest is None:
                continue
            sentences.append(content.text(lang, "reply.offer.later", earliest=format_date(earliest, lang)))
        elif offer == "rush":
            q = a.quote()
            sentences.append(content.text(lang, "reply.offer.rush", deadline=format_date(r.deadline.date(), lang),
                                          total=format_money(q.total, r.currency, lang),
                                          base_fee=format_money(q.base_fee, r.currency, lang)))
        elif offer == "referral":
            ref = a.referral()
            key = f"reply.offer.referral_{ref.case}"
            if ref.case in ("A", "B"):
                sentences.append(content.text(lang, key, names=join_names(ref.candidates, lang)))
            else:
                sentences.append(content.text(lang, key, think_date=think))
        elif offer == "think":
            sentences.append(content.text(lang, "reply.offer.think", think_date=think))
        elif offer == "senior":
            sentences.append(content.text(lang, "reply.offer.senior", hours=format_hours_unit(a.senior_hours, lang)))
        elif offer == "reversal":
            sentences.append(content.text(lang, "reply.offer.reversal", example=_fragment(a.reversal_example)))
    return sentences


def _opening_sentences(a: Assessment, lang: str) -> list[str]:
    """Thanks, the client's side in the user's own words (or a generic line), and honest regret."""
    r = a.request
    opening = []
    if r.asked:
        opening.append(content.text(lang, "reply.opening.thanks", asked=_fragment(r.asked)))
    if a.empathy.get("why_soon"):
        opening.append(content.text(lang, "reply.opening.why_soon", why_soon=_fragment(a.empathy["why_soon"])))
    if a.empathy.get("at_stake"):
        opening.append(content.text(lang, "reply.opening.at_stake", at_stake=_fragment(a.empathy["at_stake"])))
    if not (a.empathy.get("why_soon") or a.empathy.get("at_stake")):
        opening.append(content.text(lang, "reply.opening.generic"))
    opening.append(content.text(lang, "reply.opening.regret"))
    return opening


def compose_opening(assessment: Assessment, lang: str | None = None) -> str:
    """The greeting and the empathy paragraph the email opens with (the empathy step previews it)."""
    lang = content.check_lang(lang or assessment.lang)
    greeting = content.text(lang, "reply.email.greeting", client=assessment.request.client)
    return greeting + "\n\n" + " ".join(_opening_sentences(assessment, lang))


def compose_reply(assessment: Assessment, lang: str | None = None, channel: str | None = None) -> str:
    """The reply as plain text: an email, or a phone script with stage directions."""
    a = assessment
    lang = content.check_lang(lang or a.lang)
    channel = coerce.choice("channel", channel or a.channel, ("email", "phone"))
    r = a.request

    opening = _opening_sentences(a, lang)

    reason = []
    if a.reason:
        reason.append(content.text(lang, f"reply.reason.{a.reason}"))
    if a.reason_detail:
        reason.append(content.text(lang, "reply.reason.detail_lead") + " " + _fragment(a.reason_detail) + ".")

    offers = _offer_sentences(a, lang)
    closing = [content.text(lang, "reply.closing.door_open")]
    if a.follow_up:
        closing.append(content.text(lang, "reply.closing.follow_up", follow_up=format_date(a.follow_up, lang)))

    if channel == "email":
        blocks = []
        if r.asked:
            blocks.append(content.text(lang, "reply.subject", asked=_fragment(r.asked)))
        blocks.append(content.text(lang, "reply.email.greeting", client=r.client))
        blocks.append(" ".join(opening))
        if reason:
            blocks.append(" ".join(reason))
        if offers:
            blocks.append(content.text(lang, "reply.offer.lead") + "\n" + "\n".join(f"- {s}" for s in offers))
        blocks.append(" ".join(closing))
        blocks.append(content.text(lang, "reply.email.sign_off"))
        return "\n\n".join(blocks) + "\n"

    cue = "reply.phone."
    lines = [content.text(lang, cue + "heading"), "",
             content.text(lang, cue + "greeting", client=r.client), " ".join(opening), "",
             content.text(lang, cue + "cue_bad_news"), " ".join(reason) if reason else "",
             content.text(lang, cue + "cue_pause"), "", content.text(lang, cue + "cue_solution")]
    lines += offers
    lines += ["", content.text(lang, cue + "cue_insist"), content.text(lang, cue + "cue_name_what_is"), "",
              " ".join(closing), content.text(lang, cue + "sign_off")]
    return "\n".join(line for i, line in enumerate(lines) if line or (i and lines[i - 1])) + "\n"
