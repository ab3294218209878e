"""Step 8, reply: offers, channel, the composed text the user may edit, copy, download and outcome."""

from __future__ import annotations

import re
from urllib.parse import unquote

import ipywidgets as widgets
import pytest

from notnow import Assessment
from notnow.assessment import OFFERS
from notnow.profile import Profile
from notnow.ui.find import find, message_beside, walk
from notnow.ui.state import CaseState
from notnow.ui.steps.empathy import EmpathyStep
from notnow.ui.steps.honesty import HonestyStep
from notnow.ui.steps.reply import ReplyStep, download_filename
from tests.widgets.handles import all_html, html_holding, option_labels, shown

XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture
def step() -> ReplyStep:
    return ReplyStep(CaseState(Assessment.example("en")))


def box(step: ReplyStep, offer: str) -> widgets.Checkbox:
    return find(step, f"nn-offer-{offer}", widgets.Checkbox)


def note_beside(step: ReplyStep, offer: str) -> str:
    """The explanation shown next to an offer's checkbox."""
    checkbox = box(step, offer)
    line = next(w for w in walk(step) if isinstance(w, widgets.HBox) and checkbox in w.children)
    return " ".join(str(w.value) for w in line.children if isinstance(w, widgets.HTML))


def ticked(step: ReplyStep) -> list[str]:
    return [o for o in OFFERS if box(step, o).value]


def only(step: ReplyStep, *offers: str) -> None:
    for offer in OFFERS:
        if not box(step, offer).disabled:
            box(step, offer).value = offer in offers


def text(step: ReplyStep) -> widgets.Textarea:
    return find(step, "nn-reply-text", widgets.Textarea)


def visible(step: ReplyStep, css: str) -> bool:
    return shown(step, find(step, css))


def download(step: ReplyStep) -> str:
    return str(html_holding(step, "nn-download-reply").value)


def test_the_example_reply_has_the_chosen_offers(step):
    assert ticked(step) == ["split", "later", "rush", "referral"]
    reply = text(step).value
    assert reply.startswith("Re: the website copy for your spring campaign")
    assert "€2,090 instead of €1,520 (excl. VAT)" in reply  # the rush total
    assert "Tuesday 24 November" in reply  # the urgent part is done
    assert "Sanne de Vries" in reply
    assert not visible(step, "nn-no-offer")
    assert not visible(step, "nn-compose-again")
    assert step.valid


def test_unavailable_offers_are_disabled_with_the_reason(step):
    assert box(step, "reversal").disabled
    assert not box(step, "reversal").value
    assert "Not possible now" in note_beside(step, "reversal")
    assert not box(step, "think").disabled


def test_only_the_later_date(step):
    only(step, "later")
    assert tuple(step.state.case.offers) == ("later",)
    reply = text(step).value
    assert "Thursday 26 November" in reply  # the earliest finish
    assert "€" not in reply
    assert "Sanne" not in reply


def test_the_phone_script(step):
    find(step, "nn-channel", widgets.ToggleButtons).value = "phone"
    assert step.state.case.channel == "phone"
    assert text(step).value.startswith("Phone script")
    assert "(Now stay silent for about four seconds" in text(step).value


def test_switching_the_page_to_dutch_relabels_and_keeps_the_reply_and_the_choices(step):
    """The page's language changes labels only (issue 14: "Thank you for asking me for de teksten…")."""
    only(step, "later")
    channel = find(step, "nn-channel", widgets.ToggleButtons)
    channel.value = "phone"
    step.state.update(lang="nl")
    assert "Thursday 26 November" in text(step).value
    assert text(step).value.startswith("Phone script")
    assert channel.value == "phone"
    assert "Belscript" in option_labels(channel)
    assert box(step, "later").description == "Een latere datum"
    assert ticked(step) == ["later"]
    assert "Download .txt" in download(step)
    assert "Kopiëren" in html_holding(step, "nn-copy-reply").value


def test_the_users_edits_are_kept_until_compose_again(step):
    edited = text(step).value.replace("Kind regards,", "Warm regards,\nAnna")
    text(step).value = edited
    assert step.state.case.reply_text == edited.strip()
    assert visible(step, "nn-compose-again")
    assert "You have edited this text" in find(step, "nn-reply-edited").value

    only(step, "later")  # the choices change: the user's text stays
    assert text(step).value == edited
    assert step.state.case.reply_text == edited.strip()
    assert "Your choices changed" in find(step, "nn-reply-edited").value

    find(step, "nn-compose-again", widgets.Button).click()
    assert step.state.case.reply_text == ""
    assert "Warm regards" not in text(step).value
    assert "Thursday 26 November" in text(step).value
    assert "€" not in text(step).value
    assert not visible(step, "nn-compose-again")
    assert not visible(step, "nn-reply-edited")


def test_editing_back_to_the_composed_text_counts_as_not_edited(step):
    composed = text(step).value
    text(step).value = composed + "PS"
    assert step.state.case.reply_text
    text(step).value = composed
    assert step.state.case.reply_text == ""
    assert not visible(step, "nn-compose-again")


def test_changing_the_choices_back_hides_the_changed_note(step):
    text(step).value = "My own words."
    box(step, "rush").value = False
    assert "Your choices changed" in find(step, "nn-reply-edited").value
    box(step, "rush").value = True
    assert "You have edited this text" in find(step, "nn-reply-edited").value


def test_a_too_long_reply_shows_a_message_and_keeps_the_case(step):
    text(step).value = "x" * 20_001
    assert "Keep your reply to at most 20000 characters." in message_beside(step, "nn-reply-text")
    assert step.state.case.reply_text == ""
    assert text(step).value == "x" * 20_001
    assert not step.valid


def test_a_too_long_reply_is_not_overwritten_when_an_offer_changes(step):
    text(step).value = "x" * 20_001
    box(step, "rush").value = False
    assert text(step).value == "x" * 20_001


def test_no_offer_ticked_shows_a_note_but_does_not_block(step):
    only(step)
    assert tuple(step.state.case.offers) == ()
    assert visible(step, "nn-no-offer")
    assert "bare no" in find(step, "nn-no-offer").value
    assert step.valid
    box(step, "think").value = True
    assert not visible(step, "nn-no-offer")
    assert "Monday 23 November" in text(step).value  # the think date: the next working day after Fri 20


def test_a_confirmed_reversal_can_be_offered():
    case = Assessment.example("en").replace(
        reversal_example="A colleague's client came to me and stayed for years.", reversal_confirmed=True
    )
    step = ReplyStep(CaseState(case))
    assert not box(step, "reversal").disabled
    box(step, "reversal").value = True
    assert "stayed for years" in text(step).value


def test_offers_that_became_impossible_are_remembered(step):
    step.state.update(parts=())
    assert box(step, "split").disabled
    box(step, "later").value = False
    assert "split" in step.state.case.offers  # kept for when the split plan is back
    assert "later" not in step.state.case.offers


def test_the_copy_button_copies_the_reply_textarea_in_the_browser(step):
    copy = str(html_holding(step, "nn-copy-reply").value)
    assert copy.startswith("<button")
    assert "navigator.clipboard.writeText" in copy
    assert "document.execCommand(&#39;copy&#39;)" in copy
    assert ".nn-reply-text textarea" in copy
    assert text(step) is find(step, "nn-reply-text")  # the textarea the script looks for carries that class


def test_the_download_link_holds_the_current_text(step):
    assert 'download="reply-Bloom-Co.txt"' in download(step)
    href = re.search(r'href="data:text/plain;charset=utf-8,([^"]*)"', download(step))
    assert href is not None
    assert unquote(href.group(1)) == text(step).value
    text(step).value = "Short & sweet <b>no</b>"
    href = re.search(r'href="data:text/plain;charset=utf-8,([^"]*)"', download(step))
    assert href is not None
    assert unquote(href.group(1)) == "Short & sweet <b>no</b>"


def test_a_client_name_with_html_stays_text(step):
    step.state.update_request(client=XSS, contact="")  # no contact person: the reply greets the client
    assert XSS in text(step).value  # a Textarea shows it as text
    assert 'download="reply-img-src-x-onerror-alert-1.txt"' in download(step)
    assert "<img" not in all_html(step)


@pytest.mark.parametrize(
    ("client", "name"),
    [
        ("Bloom & Co", "reply-Bloom-Co.txt"),
        ('a"b/../c', "reply-a-b-c.txt"),
        ("***", "reply-client.txt"),
        ("Café Müller", "reply-Café-Müller.txt"),
    ],
)
def test_the_download_filename_is_sanitised(client, name):
    assert download_filename(client) == name


def test_the_outcome_is_saved_and_can_be_undecided(step):
    outcome = find(step, "nn-outcome", widgets.Dropdown)
    assert outcome.value == ""
    assert outcome.label == "— not decided yet —"
    outcome.value = "referred"
    assert step.state.case.outcome == "referred"
    step.state.update(lang="nl")
    assert outcome.value == "referred"
    assert outcome.label == "Doorverwezen naar een collega"
    outcome.value = ""
    assert step.state.case.outcome == ""


def test_opening_a_case_with_edited_text_shows_that_text(step):
    step.state.replace(Assessment.example("en").replace(reply_text="My saved reply.", channel="phone"))
    assert text(step).value == "My saved reply."
    assert find(step, "nn-channel", widgets.ToggleButtons).value == "phone"
    assert visible(step, "nn-compose-again")


def test_half_an_emoji_typed_into_the_reply_still_gives_a_download(step):
    """Found by the fuzz: the downloads encoded the textarea's text as UTF-8 and a lone surrogate (which a
    browser can send) raised inside the callback."""
    text(step).value = "Hello \ud83d there"
    assert step.state.problem == ""
    assert step.state.case.reply_text == "Hello \ufffd there"
    href = re.search(r'href="data:text/plain;charset=utf-8,([^"]*)"', download(step))
    assert href is not None
    assert unquote(href.group(1)) == "Hello \ufffd there"


def test_the_reply_language_is_chosen_in_the_reply_step(step):
    """The case's reply language: Dutch reply on an English page, and back."""
    languages = find(step, "nn-reply-lang", widgets.ToggleButtons)
    assert languages.value == "en"
    languages.value = "nl"
    assert step.state.case.reply_lang == "nl" and step.state.case.lang == "en"
    assert text(step).value.startswith("Re: the website copy")  # the user's own words stay as typed
    assert "Beste Maaike," in text(step).value and "€ 2.090 in plaats van € 1.520 (excl. btw)" in text(step).value
    assert "Language of the reply" in all_html(step)
    languages.value = "en"
    assert "Dear Maaike," in text(step).value


def test_the_vat_choice_is_made_in_the_reply_step(step):
    vat = find(step, "nn-vat", widgets.ToggleButtons)
    assert vat.value == "excl" and option_labels(vat) == ["excl. VAT", "incl. VAT"]
    vat.value = "incl"
    assert step.state.case.vat == "incl"
    assert "(incl. VAT)" in text(step).value


def test_a_reason_the_calendar_contradicts_shows_what_to_fix_instead_of_a_mail(step):
    """Fully booked with 24 free hours for a 16-hour job: no mail, a note, no downloads."""
    step.state.update_calendar(booked={})
    assert text(step).value == ""
    assert visible(step, "nn-reply-blocked")
    assert "24 hours free" in find(step, "nn-reply-blocked").value
    assert "nn-download-reply" not in all_html(step)
    step.state.update(reason="special_occasion", calendar=step.state.case.calendar.replace(days_off={"2026-11-24"}))
    assert not visible(step, "nn-reply-blocked")
    assert "On Tuesday 24 November I have a special occasion" in text(step).value


# --- the case's register reaches the inputs the reply uses -------------------------------------------------


def test_a_u_case_shows_u_examples_and_notes_a_je_beside_the_field():
    """Dutch reply in "u": the examples say "uw"; "je" typed into an answer gets a note beside that field."""
    case = Assessment.example("nl").replace(address="u", empathy={})
    state = CaseState(case)
    empathy = EmpathyStep(state)
    why_soon = find(empathy, "nn-empathy-why-soon", widgets.Textarea)
    assert "uw voorjaarscampagne" in why_soon.placeholder
    why_soon.value = "je campagne gaat maandag live"
    note = find(empathy, "nn-field-note")
    assert shown(empathy, note) and "‘je’" in note.value
    why_soon.value = "uw campagne gaat maandag live"
    assert not shown(empathy, note)
    honesty = HonestyStep(state)
    state.update(reason_detail="jouw project en drie andere vullen die dagen")
    assert "‘jouw’" in find(honesty, "nn-field-note").value


def test_a_je_case_takes_je_without_a_note():
    state = CaseState(Assessment.example("nl"))
    empathy = EmpathyStep(state)
    find(empathy, "nn-empathy-why-soon", widgets.Textarea).value = "je campagne gaat maandag live"
    assert not [w for w in walk(empathy) if "nn-field-note" in getattr(w, "_dom_classes", ()) and shown(empathy, w)]


def test_the_set_up_holds_the_vat_choice_for_new_cases():
    from notnow.ui.profile import ProfilePanel
    from notnow.ui.state import ProfileState

    state = ProfileState(Profile())
    panel = ProfilePanel(state, lambda: "en")
    vat = find(panel, "nn-vat", widgets.ToggleButtons)
    assert vat.value == "excl" and option_labels(vat) == ["excl. VAT", "incl. VAT"]
    vat.value = "incl"
    assert state.profile.vat == "incl" and state.profile.new_case().vat == "incl"


def test_a_detail_written_for_another_reason_is_kept_and_asked_about():
    """A new reason keeps the old detail (nothing typed is lost), leaves it out of the reply and says so."""
    state = CaseState(Assessment.example("en"))
    honesty = HonestyStep(state)
    state.update(reason="dont_want")
    assert state.case.reason_detail.startswith("three other client projects")
    assert "written for another reason" in find(honesty, "nn-field-note").value
    reply = ReplyStep(state)
    assert "three other client projects" not in text(reply).value
    assert "written for another reason" in find(reply, "nn-reply-notes").value
    state.update(reason_detail="I only write about food and travel now")
    assert not shown(honesty, find(honesty, "nn-field-note"))
    assert "I only write about food and travel now" in text(reply).value
