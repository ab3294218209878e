"""The dashboard as a user meets it: the real page in headless Chromium, served by a real Voila.

The expected figures are worked by hand from the example calendar (8 h days Mon–Fri; booked Mon 23 Nov 6 h,
Tue 24 Nov 4 h, Wed 25 Nov 2 h; overtime 2 h per working day, 4 h per weekend day; received Fri 20 Nov 10:00;
tiers under 7 days' notice 25 %; overtime premium 50 %).
"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Locator, Page, expect

from notnow import STEPS, content
from tests.notebooks.voila_server import NOTEBOOKS, WORKSHOP_CONFIG, VoilaServer
from tests.ui.conftest import FIRST_RENDER_MS, require_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ATTACK = "<img src=x onerror=alert(1)>"
WORKSHOP_TOKEN = "workshop-test-token"
STEP_MS = 30_000


@pytest.fixture
def dashboard(page: Page, voila_dashboard) -> Page:
    """A fresh dashboard (its own kernel) with every browser dialog recorded in `page.dialogs`."""
    page.set_default_timeout(STEP_MS)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = dialogs  # type: ignore[attr-defined]
    page.goto(voila_dashboard.link("/"), wait_until="domcontentloaded", timeout=FIRST_RENDER_MS)  # a pool render
    page.wait_for_selector(".nn-workbook .nn-step-request .nn-client input", timeout=FIRST_RENDER_MS)
    return page


def control(page: Page, name: str, element: str = "input") -> Locator:
    return page.locator(f".nn-{name} {element}").first


def error_beside(page: Page, name: str) -> Locator:
    """The message area of the field whose control has class nn-<name>."""
    return page.locator(f".nn-field:has(.nn-{name}) > .nn-error").first


def normalised(text: str) -> str:
    return re.sub(r"[\u00a0\u202f]", " ", text)


def wait_for_value(box: Locator, *parts: str, timeout: float = STEP_MS / 1000) -> str:
    """Poll a textarea until its value holds every part (amounts may use non-breaking spaces)."""
    deadline = time.monotonic() + timeout
    value = ""
    while time.monotonic() < deadline:
        value = normalised(box.input_value())
        if all(part in value for part in parts):
            return value
        time.sleep(0.2)
    missing = [part for part in parts if part not in value]
    raise AssertionError(f"{missing} not in the text:\n{value}")


def load_example(page: Page) -> None:
    page.locator(".nn-load-example").click()
    expect(control(page, "client")).to_have_value("Bloom & Co")


def next_to(page: Page, key: str) -> None:
    """Click Next and wait until `key` is the step shown."""
    expect(page.locator(".nn-next")).to_be_enabled()
    page.locator(".nn-next").click()
    expect(page.locator(f".nn-step-{key}")).to_be_visible()


def walk_to(page: Page, key: str, start: str = "request") -> None:
    for step in STEPS[STEPS.index(start) + 1 : STEPS.index(key) + 1]:
        next_to(page, step)


def assert_no_traceback(page: Page) -> None:
    body = page.inner_text("body")
    for sign in ("Traceback", "There was an error when executing cell", "Error:"):
        assert sign not in body, f"{sign!r} shown on the page"
    expect(page.locator('[data-mime-type="application/vnd.jupyter.stderr"]')).to_have_count(0)


def test_a_user_walks_from_the_request_to_a_reply_with_their_own_numbers(dashboard: Page):
    page = dashboard
    load_example(page)
    control(page, "client").fill("Acme Studio")
    control(page, "hours").fill("22")
    control(page, "rate").fill("100")
    control(page, "deadline").fill("2026-11-26T17:00")  # Thursday instead of Wednesday
    # Window Sat 21 – Thu 26 Nov: free 2 + 4 + 6 + 8 = 20 h.
    expect(page.locator(".nn-request-summary")).to_contain_text("20 hours free")

    walk_to(page, "reply")

    # Notice 6.3 days → 25 %. Base 22 × €100 = €2,200; rush €550; overtime 22 − 20 = 2 h × €100 × 50 % = €100.
    # Total €2,850.00. Earliest in normal hours: 2, 6, 12, 20, 28 h by Fri 27 Nov ≥ 22 h.
    wait_for_value(
        control(page, "reply-text", "textarea"),
        "Dear Maaike",
        "€2,850",  # whole amounts without cents
        "€2,200",
        "Thursday 26 November",  # no year: every date is in the request's year
        "Friday 27 November",
    )
    next_to(page, "after")
    assert_no_traceback(page)


def test_switching_to_dutch_midway_relabels_everything_and_keeps_the_answers(dashboard: Page):
    page = dashboard
    load_example(page)
    control(page, "client").fill("Acme Studio")
    control(page, "hours").fill("22")
    expect(page.locator(".nn-request-summary")).to_contain_text("22 hours")
    walk_to(page, "honesty")

    page.locator(".nn-language button", has_text="Nederlands").click()
    expect(page.locator(".nn-next")).to_have_text("Verder")
    expect(page.locator(".nn-nav button", has_text=content.text("nl", "steps.honesty.title"))).to_be_visible()
    expect(page.locator(".nn-step-honesty h3")).to_have_text(content.text("nl", "steps.honesty.title"))

    page.locator(".nn-nav button", has_text=content.text("nl", "steps.request.title")).click()
    expect(page.locator(".nn-step-request")).to_contain_text(content.text("nl", "ui.request.heading_request"))
    expect(control(page, "client")).to_have_value("Acme Studio")
    expect(control(page, "hours")).to_have_value("22")

    walk_to(page, "reply")
    # 22 h × €95 = €2,090; rush 25 % €522.50; overtime 22 − 12 = 10 h × €95 × 50 % = €475 → €3,087.50.
    # The page's language changes labels only: the reply keeps its own language (issue 14).
    wait_for_value(control(page, "reply-text", "textarea"), "Dear Maaike", "€3,087.50", "Friday 27 November")
    assert_no_traceback(page)


def test_a_client_name_with_markup_shows_as_text_and_runs_nothing(dashboard: Page):
    page = dashboard
    load_example(page)
    control(page, "client").fill(ATTACK)
    control(page, "contact").fill(ATTACK)  # the reply greets the contact person
    expect(page.locator(".nn-request-summary")).to_contain_text("16 hours")
    next_to(page, "empathy")
    expect(page.locator(".nn-step-empathy")).to_contain_text(ATTACK)  # the greeting, shown literally
    walk_to(page, "reply", start="empathy")
    wait_for_value(control(page, "reply-text", "textarea"), ATTACK)
    page.wait_for_timeout(500)  # give an injected onerror handler every chance to fire
    assert page.dialogs == []  # type: ignore[attr-defined]
    expect(page.locator("img[src=x]")).to_have_count(0)
    assert page.evaluate("() => document.querySelectorAll('img[onerror]').length") == 0


def test_a_bad_value_shows_a_message_beside_the_field_and_no_traceback(dashboard: Page):
    page = dashboard
    load_example(page)
    expect(page.locator(".nn-next")).to_be_enabled()
    control(page, "hours").fill("abc")
    message = error_beside(page, "hours")
    expect(message).to_be_visible()
    expect(message).to_contain_text("Enter a number for estimated hours")
    expect(page.locator(".nn-next")).to_be_disabled()
    assert_no_traceback(page)

    control(page, "hours").fill("16")
    expect(message).to_be_hidden()
    expect(page.locator(".nn-next")).to_be_enabled()


@pytest.fixture(scope="module")
def voila_workshop():
    """The dashboard under the workshop config (serve/workshop): token, preheated kernels, no sources, culling."""
    require_chromium()
    with VoilaServer(NOTEBOOKS / "workbook.ipynb", config_dir=WORKSHOP_CONFIG, token=WORKSHOP_TOKEN) as server:
        yield server


def test_the_workshop_config_asks_a_token_greets_in_dutch_and_frees_the_kernel_on_close(browser, voila_workshop):
    context = browser.new_context(extra_http_headers={"Accept-Language": "nl-NL,nl;q=0.9,en;q=0.8"})
    try:
        page = context.new_page()
        page.goto(f"{voila_workshop.url}/", wait_until="domcontentloaded")
        assert "/login" in page.url  # no token, no dashboard and no kernel
        expect(page.locator(".nn-workbook")).to_have_count(0)

        page.goto(f"{voila_workshop.url}/?token={WORKSHOP_TOKEN}", wait_until="domcontentloaded")
        page.wait_for_selector(".nn-workbook .nn-next", timeout=FIRST_RENDER_MS)
        expect(page.locator(".nn-next")).to_have_text("Verder")  # the language arrives after the preheat
        assert "dashboard()" not in page.content()  # sources stripped
        assert "Culling kernels with idle durations > 60 seconds at 15 second intervals" in voila_workshop.log()
        assert "Using pre-heated kernel" in voila_workshop.log()

        shut = voila_workshop.log().count("Kernel shutdown")
        page.close(run_before_unload=True)  # the tab closes: its kernel must go at once, not wait for the culler
        deadline = time.monotonic() + 20
        while voila_workshop.log().count("Kernel shutdown") == shut and time.monotonic() < deadline:
            time.sleep(0.25)
        assert voila_workshop.log().count("Kernel shutdown") > shut, "closing the tab left its kernel running"
    finally:
        context.close()


def open_workshop_page(browser, server, link: str = "/"):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(STEP_MS)
    joiner = "&" if "?" in link else "?"
    page.goto(f"{server.url}{link}{joiner}token={WORKSHOP_TOKEN}", wait_until="domcontentloaded")
    page.wait_for_selector(".nn-workbook .nn-come-back .nn-link", timeout=FIRST_RENDER_MS)
    return context, page


def saved_cases(page: Page) -> list[str]:
    return page.locator(".nn-open-case select option").all_inner_texts()


def test_workshop_participants_never_see_each_others_cases(browser, voila_workshop):
    alice, alice_page = open_workshop_page(browser, voila_workshop)
    bob = None
    try:
        load_example(alice_page)
        control(alice_page, "client").fill("Alice's client")
        alice_page.locator(".nn-save").click()
        expect(alice_page.locator(".nn-save-status")).to_contain_text("Saved")
        expect(alice_page.locator(".nn-open-case select option", has_text="Alice's client")).to_have_count(1)
        alice_link = alice_page.locator(".nn-link").get_attribute("href") or ""
        assert "?me=" in alice_link

        # Another participant, in a separate browser context, gets their own code and an empty list.
        bob, bob_page = open_workshop_page(browser, voila_workshop)
        bob_link = bob_page.locator(".nn-link").get_attribute("href") or ""
        assert bob_link.split("?me=")[1] != alice_link.split("?me=")[1]
        expect(bob_page.locator(".nn-open-case select option")).not_to_have_count(0)  # the list is drawn
        assert not any("Alice's client" in option for option in saved_cases(bob_page))
        expect(bob_page.locator(".nn-client input")).to_have_value("")  # nothing of Alice's was resumed
        bob.close()

        # Alice's own link brings her back to her case in a fresh context (a new tab, another day).
        bob, again = open_workshop_page(browser, voila_workshop, "/?me=" + alice_link.split("?me=")[1])
        expect(again.locator(".nn-client input")).to_have_value("Alice's client")
        expect(again.locator(".nn-open-case select option", has_text="Alice's client")).to_have_count(1)
    finally:
        alice.close()
        if bob is not None:
            bob.close()


def test_everything_typed_on_the_last_step_is_there_after_a_reload(browser, voila_dashboard):
    """Autosave after every change: the rules ticked, the follow-up date and the notes of the last step
    come back when the page is reloaded (through the participant's own link)."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    try:
        page = context.new_page()
        page.set_default_timeout(STEP_MS)
        page.goto(voila_dashboard.link("/"), wait_until="domcontentloaded", timeout=FIRST_RENDER_MS)
        page.wait_for_selector(".nn-workbook .nn-come-back .nn-link", timeout=FIRST_RENDER_MS)
        link = page.locator(".nn-come-back .nn-link").get_attribute("href") or ""
        load_example(page)
        walk_to(page, "after")
        page.locator(".nn-pushback-stay-calm input").check()
        control(page, "follow-up").fill("2026-12-09")
        control(page, "boundary-notes", "textarea").fill("Extra rounds are quoted before I start.")
        # "Saved at" is already shown from the example's save: first see these changes wait ("Saving…", at
        # least half a second; checked every frame), then their save return. (A reload within that half second
        # is covered in tests/widgets/test_autosave_kernel.py: the kernel saves as it shuts down.)
        page.wait_for_function(
            "() => document.querySelector('.nn-save-status').textContent.includes('Saving')", polling="raf"
        )
        expect(page.locator(".nn-save-status")).to_contain_text("Saved at", timeout=STEP_MS)

        page.goto(
            voila_dashboard.link("/", me=link.split("?me=")[1]), wait_until="domcontentloaded", timeout=FIRST_RENDER_MS
        )
        page.wait_for_selector(".nn-workbook .nn-step-after", timeout=FIRST_RENDER_MS)
        expect(page.locator(".nn-pushback-stay-calm input")).to_be_checked()
        expect(control(page, "follow-up")).to_have_value("2026-12-09")
        expect(control(page, "boundary-notes", "textarea")).to_have_value("Extra rounds are quoted before I start.")
    finally:
        context.close()
