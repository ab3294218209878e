"""Step 8, reply: offers, channel, the composed text the user may edit, copy, download and outcome."""

from __future__ import annotations

import re
from urllib.parse import unquote

import ipywidgets as widgets
import pytest

from notnow import Assessment, Request
from notnow.ui.model import CaseModel
from notnow.ui.steps.reply import ReplyStep, download_filename

XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture
def model() -> CaseModel:
    return CaseModel(Assessment.example("en"))


@pytest.fixture
def step(model: CaseModel) -> ReplyStep:
    return ReplyStep(model)


def all_widgets(root: widgets.Widget) -> list[widgets.Widget]:
    found = [root]
    for child in getattr(root, "children", ()):
        found += all_widgets(child)
    return found


def only(step: ReplyStep, *offers: str) -> None:
    for offer, box in step._offer_boxes.items():
        if not box.disabled:
            box.value = offer in offers


def shown(w: widgets.Widget) -> bool:
    return w.layout.display != "none"


def test_the_example_reply_has_the_chosen_offers(step, model):
    ticked = [o for o, box in step._offer_boxes.items() if box.value]
    assert ticked == ["split", "later", "rush", "referral"]
    text = step._text.value
    assert text.startswith("Re: your request")
    assert "€2,090.00" in text
    assert "Tuesday, 24 November 2026" in text  # urgent part done
    assert "Sanne de Vries" in text
    assert not shown(step._no_offer)
    assert not shown(step._compose_again)
    assert step.valid


def test_unavailable_offers_are_disabled_with_the_reason(step):
    box = step._offer_boxes["reversal"]
    assert box.disabled
    assert not box.value
    assert "Not possible now" in step._offer_notes["reversal"].value
    assert not step._offer_boxes["think"].disabled


def test_only_the_later_date(step, model):
    only(step, "later")
    assert model.assessment.offers == ["later"]
    assert "Thursday, 26 November 2026" in step._text.value
    assert "€2,090.00" not in step._text.value
    assert "Sanne" not in step._text.value


def test_phone_script(step, model):
    step._channel.value = "phone"
    assert model.assessment.channel == "phone"
    assert step._text.value.startswith("Phone script")
    assert "(Now stay silent for about four seconds" in step._text.value


def test_switching_to_dutch_recomposes_and_keeps_the_choices(step, model):
    only(step, "later")
    step._channel.value = "phone"
    model.lang = "nl"
    assert "donderdag 26 november 2026" in step._text.value
    assert step._text.value.startswith("Belscript")
    assert step._channel.value == "phone"
    assert dict(step._channel.options)["Belscript"] == "phone"
    assert step._offer_boxes["later"].description == "Een latere datum"
    assert [o for o, box in step._offer_boxes.items() if box.value] == ["later"]
    assert "Download .txt" in step._download.value
    assert "Kopiëren" in step._copy.value


def test_the_users_edits_are_kept_until_compose_again(step, model):
    edited = step._text.value.replace("Kind regards,", "Warm regards,\nAnna")
    step._text.value = edited
    assert model.assessment.reply_text == edited.strip()
    assert shown(step._compose_again)
    assert "You have edited this text" in step._edited_note.value

    only(step, "later")  # the choices change: the user's text stays
    assert step._text.value == edited
    assert model.assessment.reply_text == edited.strip()
    assert "Your choices changed" in step._edited_note.value

    step._compose_again.click()
    assert model.assessment.reply_text == ""
    assert "Warm regards" not in step._text.value
    assert "Thursday, 26 November 2026" in step._text.value
    assert "€2,090.00" not in step._text.value
    assert not shown(step._compose_again)
    assert not shown(step._edited_note)


def test_editing_back_to_the_composed_text_counts_as_not_edited(step, model):
    composed = step._text.value
    step._text.value = composed + "PS"
    assert model.assessment.reply_text
    step._text.value = composed
    assert model.assessment.reply_text == ""
    assert not shown(step._compose_again)


def test_changing_choices_back_hides_the_changed_note(step):
    step._text.value = "My own words."
    step._offer_boxes["rush"].value = False
    assert "Your choices changed" in step._edited_note.value
    step._offer_boxes["rush"].value = True
    assert "You have edited this text" in step._edited_note.value


def test_a_too_long_reply_shows_a_message_and_keeps_the_text(step, model):
    step._text.value = "x" * 20_001
    assert "20000" in step._text_field._message.value
    assert model.assessment.reply_text == ""
    step._offer_boxes["rush"].value = False  # a refresh must not overwrite what the user typed
    assert step._text.value == "x" * 20_001


def test_no_offer_ticked_shows_a_note_but_does_not_block(step, model):
    only(step)
    assert model.assessment.offers == []
    assert shown(step._no_offer)
    assert "bare no" in step._no_offer.value
    assert step.valid
    step._offer_boxes["think"].value = True
    assert not shown(step._no_offer)
    assert "Monday, 23 November 2026" in step._text.value  # think date: the next working day


def test_a_confirmed_reversal_can_be_offered(model):
    model.assessment.reversal_example = "A colleague's client came to me and stayed for years."
    model.assessment.reversal_confirmed = True
    step = ReplyStep(model)
    assert not step._offer_boxes["reversal"].disabled
    step._offer_boxes["reversal"].value = True
    assert "stayed for years" in step._text.value


def test_offers_that_became_impossible_are_remembered(step, model):
    model.assessment.parts = []
    model.changed()
    assert step._offer_boxes["split"].disabled
    step._offer_boxes["later"].value = False
    assert "split" in model.assessment.offers  # kept for when the split plan is back


def test_copy_button_copies_the_reply_textarea_in_the_browser(step):
    assert "nn-reply-text" in step._text._dom_classes
    copy = step._copy.value
    assert copy.startswith("<button")
    assert "navigator.clipboard.writeText" in copy
    assert "document.execCommand(&#x27;copy&#x27;)" in copy
    assert ".nn-reply-text textarea" in copy


def test_download_link_holds_the_current_text(step):
    link = step._download.value
    assert 'download="reply-Bloom-Co.txt"' in link
    href = re.search(r'href="data:text/plain;charset=utf-8,([^"]*)"', link)
    assert href is not None
    assert unquote(href.group(1)) == step._text.value
    step._text.value = "Short & sweet <b>no</b>"
    href = re.search(r'href="data:text/plain;charset=utf-8,([^"]*)"', step._download.value)
    assert href is not None
    assert unquote(href.group(1)) == "Short & sweet <b>no</b>"


def test_a_client_name_with_html_stays_text(step, model):
    r = model.assessment.request
    model.assessment.request = Request(**{**r.to_dict(), "client": XSS})
    model.changed()
    assert XSS in step._text.value  # a Textarea shows it as text
    assert 'download="reply-img-src-x-onerror-alert-1.txt"' in step._download.value
    for w in all_widgets(step):
        if isinstance(w, widgets.HTML):
            assert "<img" not in w.value


@pytest.mark.parametrize(("client", "name"), [
    ("Bloom & Co", "reply-Bloom-Co.txt"),
    ('a"b/../c', "reply-a-b-c.txt"),
    ("***", "reply-client.txt"),
    ("Café Müller", "reply-Café-Müller.txt"),
])
def test_download_filename_is_sanitised(client, name):
    assert download_filename(client) == name


def test_outcome_is_saved_and_can_be_undecided(step, model):
    assert step._outcome.value == ""
    assert step._outcome.label == "— not decided yet —"
    step._outcome.value = "referred"
    assert model.assessment.outcome == "referred"
    model.lang = "nl"
    assert step._outcome.value == "referred"
    assert step._outcome.label == "Doorverwezen naar een collega"
    step._outcome.value = ""
    assert model.assessment.outcome == ""


def test_opening_a_case_with_edited_text_shows_that_text(step, model):
    other = Assessment.example("en")
    other.reply_text = "My saved reply."
    other.channel = "phone"
    model.replace(other)
    assert step._text.value == "My saved reply."
    assert step._channel.value == "phone"
    assert shown(step._compose_again)
