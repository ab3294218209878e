"""Dropping the client's mail on step 1 (static/drop.js) in the real page: headless Chromium, a real Voila.

The drops are synthetic DragEvents carrying a real DataTransfer built in the page from the fixture's bytes:
headless Chromium cannot drag a file from the desktop, and everything after the event is the page's own code.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.ui.conftest import FIRST_RENDER_MS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MAIL = Path(__file__).parents[1] / "unit" / "mail"
STEP_MS = 30_000

# Drag `name` (the given bytes) over the element at `selector`, then drop it there; what the page showed while
# the file was over it, and whether the page kept the browser from opening the file.
DRAG_AND_DROP = """([selector, name, type, bytes]) => {
    const target = document.querySelector(selector);
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(bytes)], name, {type}));
    const event = (kind) => new DragEvent(kind, {dataTransfer: transfer, bubbles: true, cancelable: true});
    target.dispatchEvent(event("dragenter"));
    target.dispatchEvent(event("dragover"));
    const box = document.querySelector(".nn-mail-intake");
    const hint = box.querySelector(".nn-drop-hint");
    const during = {
        classes: [...box.classList].filter((c) => c.startsWith("nn-drop")).sort(),
        hint: hint.hidden ? "" : hint.textContent,
    };
    const drop = event("drop");
    target.dispatchEvent(drop);
    return {during, prevented: drop.defaultPrevented};
}"""


@pytest.fixture
def dashboard(page: Page, voila_dashboard) -> Page:
    """A fresh dashboard (its own kernel), step 1 drawn."""
    page.set_default_timeout(STEP_MS)
    page.goto(voila_dashboard.link("/"), wait_until="domcontentloaded", timeout=FIRST_RENDER_MS)
    page.wait_for_selector(".nn-workbook .nn-step-request .nn-mail-paste textarea", timeout=FIRST_RENDER_MS)
    return page


def drag_and_drop(page: Page, selector: str, name: str, data: bytes, type_: str = "") -> dict:
    return page.evaluate(DRAG_AND_DROP, [selector, name, type_, list(data)])


def test_an_eml_dropped_on_the_paste_box_is_read_as_an_upload_and_fills_the_client(dashboard: Page):
    """The box marks itself as the target with the hint while the file is over it; the dropped .eml reaches the
    kernel through the FileUpload and fills the client from the signature."""
    page = dashboard
    address = page.url
    client = page.locator(".nn-client input").first
    expect(client).to_have_value("")
    result = drag_and_drop(page, ".nn-mail-paste textarea", "nl_plain.eml", (MAIL / "nl_plain.eml").read_bytes())
    assert result["during"] == {"classes": ["nn-drop-over", "nn-drop-ready"], "hint": "Let go to read this mail"}
    assert result["prevented"]  # the browser does not open the file itself
    expect(client).to_have_value("Van Dijk Makelaars")
    expect(page.locator(".nn-contact input").first).to_have_value("Eva Jansen")
    expect(page.locator(".nn-mail-paste textarea")).to_have_value("")  # the file's text was not dropped in as text
    assert page.url == address


def test_a_file_dropped_beside_the_box_or_of_another_kind_is_refused_and_the_page_stays(dashboard: Page):
    """A mail dropped elsewhere on the page neither navigates away nor is read; a PDF dropped on the box is
    refused in words."""
    page = dashboard
    address = page.url
    mail = (MAIL / "nl_plain.eml").read_bytes()
    result = drag_and_drop(page, ".nn-next", "nl_plain.eml", mail, "message/rfc822")
    assert result["during"] == {"classes": ["nn-drop-ready"], "hint": "Let go to read this mail"}
    assert result["prevented"]
    result = drag_and_drop(page, ".nn-mail-upload", "offer.pdf", b"%PDF-1.4\n", "application/pdf")
    assert result["prevented"]
    hint = page.locator(".nn-mail-intake .nn-drop-hint")
    expect(hint).to_be_visible()
    expect(hint).to_have_text("Only a .eml or .msg file can be read here. Drop the mail itself, or paste its text.")
    # The kernel handles messages in order: once it has answered a paste made after the drops, a dropped file
    # handed to it would have filled the client.
    page.locator(".nn-mail-paste textarea").fill("Hello there, nice weather today.")
    expect(page.locator(".nn-mail-message")).to_contain_text("The mail names none of the fields below")
    expect(page.locator(".nn-client input").first).to_have_value("")
    expect(hint).to_be_hidden()  # typing in the box after a refusal puts the refusal away
    assert page.url == address
