"""Step 1's mail intake, driven from Python through its `nn-*` handles: a pasted or dropped mail fills the empty
fields with where each came from, never overwrites what the user typed without asking, and keeps the thread."""

from __future__ import annotations

import base64
import email
import email.policy
import html
import re
from datetime import UTC, datetime
from pathlib import Path

import ipywidgets as widgets
import pytest

from notnow import Assessment
from notnow.profile import Profile
from notnow.reply import compose_reply
from notnow.ui.find import find, find_all
from notnow.ui.state import CaseState
from notnow.ui.steps.reply import downloads_html
from notnow.ui.steps.request import RequestStep
from tests.widgets.handles import all_html, page_text

MAIL = Path(__file__).parents[1] / "unit" / "mail"
STAMP = datetime(2026, 12, 2, 9, 30, tzinfo=UTC)


def new_step(lang: str = "en") -> tuple[CaseState, RequestStep]:
    state = CaseState(Profile(lang=lang).new_case(now=datetime(2026, 12, 2, 9, 0)), fresh=True)
    return state, RequestStep(state)


def upload(step: RequestStep, name: str, data: bytes) -> None:
    """What ipywidgets 8 puts in FileUpload.value when a file is dropped on (or chosen with) the button."""
    file = {"name": name, "type": "", "size": len(data), "content": memoryview(data), "last_modified": STAMP}
    find(step, "nn-mail-upload", widgets.FileUpload).value = (file,)


def drop(step: RequestStep, name: str) -> None:
    upload(step, name, (MAIL / name).read_bytes())


def notes(step: RequestStep) -> list[str]:
    return [str(n.value) for n in find_all(step, "nn-read-from")]


def test_the_step_opens_with_the_mail_prompt_in_both_languages() -> None:
    """The first thing step 1 shows is "Paste the client's mail, or drop the .eml / .msg", with named inputs."""
    for lang, prompt in (("en", "Paste the client's mail"), ("nl", "Plak de mail van de klant")):
        _, step = new_step(lang)
        intake = find(step, "nn-mail-intake")
        assert step.children.index(intake) == 1  # right under the step's heading
        assert prompt in page_text(intake)
        assert find(step, "nn-mail-paste", widgets.Textarea).description
        assert find(step, "nn-mail-upload", widgets.FileUpload).description


def test_a_dropped_eml_fills_a_new_case_and_says_where_each_came_from() -> None:
    """The .eml fills client, contact, asked, deadline and received, each with "read from: '…'" beside it;
    the case keeps the thread (address, subject, message id)."""
    state, step = new_step()
    drop(step, "nl_plain.eml")
    r = state.case.request
    assert (r.client, r.contact, r.asked) == ("Van Dijk Makelaars", "Eva Jansen", "Brochure voor ons nieuwe kantoor")
    assert r.hours == 16
    assert r.deadline == datetime(2026, 12, 11, 12, 0)
    assert r.received == datetime(2026, 12, 2, 10, 15)
    assert find(step, "nn-client", widgets.Text).value == "Van Dijk Makelaars"  # shown, not blank
    assert not state.fresh and step.valid  # client and hours came from the mail
    assert any("read from: ‘uiterlijk vrijdag 11 december om 12.00 uur’" in n for n in notes(step))
    case = state.case
    assert (case.client_email, case.mail_subject, case.message_id) == (
        "eva.jansen@vandijkmakelaars.nl",
        "Re: Brochure voor ons nieuwe kantoor",
        "<20261202091500.4711@vandijkmakelaars.nl>",
    )


def test_a_mail_without_hours_leaves_hours_empty_and_the_case_new() -> None:
    """Nothing invented: the free-mail fixture names no hours, so the hours input stays empty to fill in."""
    state, step = new_step()
    drop(step, "nl_freemail.eml")
    assert find(step, "nn-hours", widgets.Text).value == ""
    assert state.fresh and not step.valid
    find(step, "nn-hours", widgets.Text).value = "6"
    assert not state.fresh and step.valid


def test_a_paste_fills_the_fields_too() -> None:
    state, step = new_step()
    find(step, "nn-mail-paste", widgets.Textarea).value = (
        "Hi Jordi,\n\nCould you proofread our annual report? About 10 hours of work, by Friday.\n\n"
        "Kind regards,\nSarah Miller\nHead of Marketing, Northwind Apps\n"
    )
    r = state.case.request
    assert (r.client, r.contact, r.hours) == ("Northwind Apps", "Sarah Miller", 10)
    assert r.asked == "Could you proofread our annual report?"


def test_a_typed_field_is_not_overwritten_without_asking() -> None:
    """The user typed the client first: the mail's client is offered, and taken only on the button."""
    state, step = new_step()
    find(step, "nn-client", widgets.Text).value = "VDM"
    drop(step, "nl_plain.eml")
    assert state.case.request.client == "VDM"
    assert state.case.request.contact == "Eva Jansen"  # the empty ones are filled
    assert "Van Dijk Makelaars" in all_html(step)
    use = find(step, "nn-mail-use", widgets.Button)
    use.click()
    assert state.case.request.client == "Van Dijk Makelaars"


def test_an_unreadable_file_says_so_beside_the_box_and_changes_nothing() -> None:
    state, step = new_step()
    before = state.case
    find(step, "nn-mail-paste", widgets.Textarea).value = "   "
    upload(step, "x.msg", b"\x00\x01\x02\x03")
    assert state.case == before
    assert "No mail text could be read" in str(find(step, "nn-mail-message").value)


@pytest.mark.parametrize("name", ["en_html.eml", "nl_outlook.msg"])
def test_html_and_msg_files_fill_the_case(name: str) -> None:
    state, step = new_step()
    drop(step, name)
    assert state.case.request.client in ("Northwind Apps", "Bakkerij Hoekstra")
    assert state.case.client_email


def test_the_thread_survives_saving() -> None:
    """The saved case keeps the original message id, address and subject; old JSON without them still loads."""
    state, step = new_step()
    drop(step, "en_html.eml")
    again = Assessment.from_json(state.case.to_json())
    assert (again.client_email, again.mail_subject, again.message_id) == (
        "sarah.miller@northwindapps.com",
        "Landing page copy for the Q1 launch",
        "<CAF=x7Qn2026.landing@mail.northwindapps.com>",
    )
    old = Assessment.example("en").to_dict()
    for key in ("client_email", "mail_subject", "message_id"):
        old.pop(key)
    assert Assessment.from_dict(old).message_id == ""


def test_a_note_goes_when_the_user_changes_its_field() -> None:
    """ "read from" stays beside a field only while it holds what the mail said."""
    _, step = new_step()
    drop(step, "nl_plain.eml")
    before = len(notes(step))
    find(step, "nn-contact", widgets.Text).value = "Eef"
    assert len(notes(step)) == before - 1
    assert not any("Eva Jansen" in n for n in notes(step))


def test_the_reply_goes_back_in_the_clients_thread() -> None:
    """The reply step's .eml draft goes To the client, "Re: <their subject>", In-Reply-To their message id;
    the mailto link carries the address; the greeting uses the contact read from the mail."""
    state, step = new_step()
    drop(step, "en_html.eml")
    case = state.case
    text = compose_reply(case, case.lang, "email")
    assert text.split("\n\n")[1].startswith("Dear Sarah")
    links = str(downloads_html(case, text, lambda key: key))
    href = re.search(r'class="nn-download-eml"[^>]*href="([^"]+)"', links)
    assert href is not None
    draft = email.message_from_bytes(base64.b64decode(href.group(1).split(",", 1)[1]), policy=email.policy.default)
    assert str(draft["To"]) == "sarah.miller@northwindapps.com"
    assert str(draft["Subject"]) == "Re: Landing page copy for the Q1 launch"
    assert str(draft["In-Reply-To"]) == "<CAF=x7Qn2026.landing@mail.northwindapps.com>"
    assert "mailto:sarah.miller@northwindapps.com?subject=Re%3A%20Landing" in html.unescape(links)
