"""The reply and the plan leave the workbook as files a mail client and a calendar open: parsed back here."""

from __future__ import annotations

import base64
import email
import email.policy
import re
from datetime import date
from urllib.parse import unquote

import icalendar
import ipywidgets as widgets
import pytest

from notnow import Assessment
from notnow.ui import Workbook
from notnow.ui.find import find


@pytest.fixture
def reply_page() -> Workbook:
    return Workbook(Assessment.example("en").replace(step="reply", reached="reply"))


def href(book: Workbook, css: str) -> str:
    links = str(find(book, "nn-step-reply").children[-3].children[1].value)
    found = re.search(rf'class="{css}"[^>]*href="([^"]+)"', links)
    assert found, f"no link {css}"
    return found.group(1).replace("&amp;", "&")


def payload(uri: str) -> bytes:
    head, data = uri.split(",", 1)
    assert head.endswith(";base64")
    return base64.b64decode(data)


def test_the_mail_draft_opens_with_subject_and_body(reply_page):
    message = email.message_from_bytes(payload(href(reply_page, "nn-download-eml")), policy=email.policy.default)
    assert message["Subject"] == "Re: the website copy for your spring campaign"
    assert message["X-Unsent"] == "1"
    body = message.get_body().get_content()
    assert body.startswith("Dear Maaike,")
    assert "€2,090 instead of €1,520 (excl. VAT)" in body
    assert "Jordi Verbeek" in body


def test_the_mailto_link_carries_the_same_subject_and_body(reply_page):
    link = href(reply_page, "nn-mailto")
    assert link.startswith("mailto:?subject=")
    subject, body = (unquote(part.split("=", 1)[1]) for part in link.split("?", 1)[1].split("&"))
    assert subject == "Re: the website copy for your spring campaign"
    assert body.startswith("Dear Maaike,\r\n")


def test_the_plan_lands_in_a_calendar_with_the_reply_s_dates(reply_page):
    calendar = icalendar.Calendar.from_ical(payload(href(reply_page, "nn-download-plan")))
    days = {
        event.decoded("dtstart"): (str(event["summary"]), str(event["status"])) for event in calendar.walk("VEVENT")
    }
    # The example's split: landing page Tue 24 Nov, the rest Thu 26 Nov (promised with the whole job), offered
    # as options until the client chooses; check-in Tue 8 Dec (the example's follow-up date), the user's own.
    assert days[date(2026, 11, 24)] == ("Option: Deliver the urgent part to Bloom & Co", "TENTATIVE")
    assert days[date(2026, 12, 8)] == ("Check in with Bloom & Co", "CONFIRMED")


def test_edits_go_into_every_file(reply_page):
    text = find(reply_page, "nn-reply-text", widgets.Textarea)
    text.value = "Re: a shorter answer\n\nDear Maaike,\n\nNot this week, sorry.\n"
    message = email.message_from_bytes(payload(href(reply_page, "nn-download-eml")), policy=email.policy.default)
    assert message["Subject"] == "Re: a shorter answer"
    body = message.get_body().get_content().replace("\r\n", "\n")  # a mail file has CRLF line ends
    assert body.strip() == "Dear Maaike,\n\nNot this week, sorry."
