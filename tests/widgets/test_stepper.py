"""The stepper: Back / Next, the step buttons, what was reached, the progress line, and the language."""

from __future__ import annotations

import ipywidgets as widgets
import pytest

from notnow import STEPS, Assessment
from notnow.ui import Workbook
from notnow.ui.find import find, find_all
from notnow.ui.state import CaseState
from notnow.ui.stepper import Stepper, StepSpec
from notnow.ui.steps.empathy import EmpathyStep
from notnow.ui.steps.request import RequestStep
from tests.widgets.handles import page_text, shown


@pytest.fixture
def workbook() -> Workbook:
    return Workbook(Assessment.example("en"))


def button(root: widgets.Widget, css: str) -> widgets.Button:
    return find(root, css, widgets.Button)


def nav(root: widgets.Widget) -> widgets.ToggleButtons:
    return find(root, "nn-nav", widgets.ToggleButtons)


def title(root: widgets.Widget, key: str) -> str:
    """The label the nav shows for a step: its mark (✓ ● ○) and its title."""
    return next(label for label, value in nav(root).options if value == key)


def test_a_new_case_starts_on_the_request_with_next_and_back_disabled():
    wb = Workbook()
    assert wb.step == "request"
    assert button(wb, "nn-next").disabled
    assert button(wb, "nn-back").disabled


def test_next_walks_every_step_and_back_returns(workbook):
    seen = [workbook.step]
    while not button(workbook, "nn-next").disabled:
        button(workbook, "nn-next").click()
        seen.append(workbook.step)
    assert seen == list(STEPS)
    assert "That's the whole workbook." in page_text(workbook.stepper)
    button(workbook, "nn-back").click()
    assert workbook.step == "reply"
    assert workbook.assessment.step == "reply"
    assert workbook.assessment.reached == "after"


def test_next_stays_disabled_while_the_step_is_invalid(workbook):
    find(workbook, "nn-hours", widgets.Text).value = "-1"
    assert button(workbook, "nn-next").disabled
    assert "Fix the marked fields first, then continue." in page_text(workbook.stepper)
    button(workbook, "nn-next").click()
    workbook.stepper.move(+1)
    assert workbook.step == "request"
    find(workbook, "nn-hours", widgets.Text).value = "16"
    assert not button(workbook, "nn-next").disabled


def test_later_steps_cannot_be_jumped_to_before_they_are_reached(workbook):
    assert title(workbook, "rush").startswith("○")
    assert not workbook.stepper.reachable("rush")
    nav(workbook).value = "rush"  # a click on a title not reached yet
    assert workbook.step == "request"
    assert nav(workbook).value == "request"  # the titles show where the user is
    workbook.go("rush")
    assert workbook.step == "request"


def test_jump_back_to_a_completed_step(workbook):
    for _ in range(4):
        button(workbook, "nn-next").click()
    assert workbook.step == "when"
    nav(workbook).value = "empathy"
    assert workbook.step == "empathy"
    assert title(workbook, "when").startswith("✓")
    assert title(workbook, "empathy").startswith("●")
    assert title(workbook, "rush").startswith("○")
    nav(workbook).value = "when"  # forward again, to a step already reached
    assert workbook.step == "when"


def test_only_the_shown_step_is_on_the_page(workbook):
    assert find(workbook, "nn-step-request")
    button(workbook, "nn-next").click()
    assert find(workbook, "nn-step-empathy")
    with pytest.raises(LookupError):
        find(workbook, "nn-step-request")


def test_progress_shows_the_position(workbook):
    button(workbook, "nn-next").click()
    assert find(workbook, "nn-progress").value == "Step 2 of 9"


def test_a_language_switch_changes_labels_and_keeps_answers(workbook):
    find(workbook, "nn-client", widgets.Text).value = "Studio Noord"
    find(workbook, "nn-language", widgets.ToggleButtons).value = "nl"
    assert button(workbook, "nn-next").description == "Verder"
    assert "Stap 1 van 9" in page_text(workbook.stepper)
    assert workbook.assessment.request.client == "Studio Noord"
    assert workbook.assessment.lang == "nl"


def test_the_stepper_builds_a_step_only_when_it_is_first_shown():
    built: list[str] = []

    def spec(key: str, cls: type) -> StepSpec:
        return StepSpec(key, lambda state: built.append(key) or cls(state))

    state = CaseState(Assessment.example("en"))
    stepper = Stepper([spec("request", RequestStep), spec("empathy", EmpathyStep)], state)
    assert built == ["request"]
    assert stepper.current == "request"
    stepper.move(+1)
    assert built == ["request", "empathy"]
    assert state.case.step == "empathy"
    stepper.move(+1)  # past the last step: nothing happens
    assert stepper.current == "empathy"
    stepper.move(-1)
    assert built == ["request", "empathy"]  # built once
    assert find(stepper, "nn-step-request")


def test_a_step_outside_the_given_ones_shows_the_first():
    state = CaseState(Assessment.example("en").replace(step="rush", reached="rush"))
    stepper = Stepper([StepSpec("request", RequestStep), StepSpec("empathy", EmpathyStep)], state)
    assert stepper.current == "request"
    assert find(stepper, "nn-step-request")


@pytest.fixture
def as_in_a_kernel(monkeypatch):
    """An ipykernel Kernel as notnow.ui.debounce.kernel_loop recognises one (no sockets), removed afterwards so no
    other test debounces; and no prefetch delay to wait for."""
    from ipykernel.kernelbase import Kernel

    import notnow.ui.stepper as stepper_module

    monkeypatch.setattr(stepper_module, "PREFETCH_DELAY_S", 0.0)
    Kernel.instance()
    yield
    Kernel.clear_instance()


def test_in_a_kernel_the_step_after_the_shown_one_is_built_ahead_and_shown_at_once(as_in_a_kernel):
    import asyncio
    import concurrent.futures

    async def walk() -> tuple[tuple[str, ...], tuple[str, ...], str]:
        book = Workbook(Assessment.example("en"))
        first = book.stepper.built
        await asyncio.sleep(0.2)  # the loop runs the prefetch
        ahead = book.stepper.built
        button(book, "nn-next").click()
        return first, ahead, book.step

    # a loop of its own in a thread of its own: under `make test` Playwright keeps a loop running in this one
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        first, ahead, shown = pool.submit(asyncio.run, walk()).result(timeout=60)
    assert first == ("request",)
    assert ahead == ("request", "empathy")
    assert shown == "empathy"


def test_outside_a_kernel_nothing_is_built_ahead(workbook):
    assert workbook.stepper.built == ("request",)
    button(workbook, "nn-next").click()
    assert workbook.stepper.built == ("request", "empathy")


def test_an_empty_first_step_says_what_to_fill_in_without_a_red_message():
    """Before anything was typed no field is marked, so no red "fix the marked fields" either: a grey line
    names what is still needed (client and hours), and no error summary shows."""
    wb = Workbook()
    assert "Fix the marked fields" not in page_text(wb.stepper)
    assert "Fill in client and estimated hours to go on." in page_text(wb.stepper)
    assert "#b00020" not in page_html_of_hint(wb)
    assert not find_all(wb, "nn-error-link")
    find(wb, "nn-client", widgets.Text).value = "Van Dijk Makelaars"
    assert "Fill in estimated hours to go on." in page_text(wb.stepper)


def test_the_error_summary_lists_each_message_and_a_click_goes_to_its_field(workbook):
    """GOV.UK style: a summary at the top of the step, each message a link that moves focus to its field."""
    hours = find(workbook, "nn-hours", widgets.Text)
    hours.value = "-1"
    links = find_all(workbook, "nn-error-link")
    assert len(links) == 1
    assert links[0].description.startswith("Estimated hours: ")
    focused: list[str] = []
    hours.focus = lambda: focused.append("hours")  # what ipywidgets would send to the browser
    links[0].click()
    assert focused == ["hours"]
    hours.value = "16"
    assert not [link for link in find_all(workbook, "nn-error-link") if shown(workbook, link)]


def page_html_of_hint(wb: Workbook) -> str:
    """The HTML of the line beside Next (its colour included)."""
    row = wb.stepper.children[-1]
    return " ".join(str(w.value) for w in row.children if isinstance(w, widgets.HTML))
