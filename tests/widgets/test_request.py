"""The request step, driven from Python through its `nn-*` inputs: values in, messages beside fields, the case
replaced with the parsed values."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import ipywidgets as widgets
import pytest

from notnow import Assessment, content
from notnow.profile import Profile
from notnow.ui.find import find, find_all, message_beside, walk
from notnow.ui.state import CaseState
from notnow.ui.steps.request import RequestStep
from tests.widgets.handles import all_html, label_of


@pytest.fixture
def step() -> RequestStep:
    return RequestStep(CaseState(Assessment.example("en")))


def text(step: RequestStep, css: str) -> widgets.Text:
    return find(step, css, widgets.Text)


def area(step: RequestStep, css: str) -> widgets.Textarea:
    return find(step, css, widgets.Textarea)


CLASSES = (
    "nn-client",
    "nn-contact",
    "nn-relationship",
    "nn-asked",
    "nn-hours",
    "nn-urgent-part",
    "nn-received",
    "nn-deadline",
    "nn-rate",
    "nn-currency",
    "nn-skill",
    "nn-hours-per-day",
    "nn-workdays",
    "nn-booked",
    "nn-days-off",
    "nn-country",
    "nn-overtime-per-workday",
    "nn-overtime-per-weekend-day",
)


def fields_with_messages(step: RequestStep) -> set[str]:
    """The inputs (by class) that show a message beside them."""
    return {css for css in CLASSES if find_all(step, css) and message_beside(step, css)}


def open_calendar(step: RequestStep) -> None:
    """Open the calendar panel and the request's more details, as the user does (their inputs are built then)."""
    find(step, "nn-calendar", widgets.Accordion).selected_index = 0
    find(step, "nn-more-details", widgets.Accordion).selected_index = 0


def summary(step: RequestStep) -> str:
    return str(find(step, "nn-request-summary").value)


def test_the_example_loads_valid_with_its_free_hours_in_the_summary(step):
    assert step.valid
    assert text(step, "nn-client").value == "Bloom & Co"
    # Window Sat 21 – Wed 25 Nov: Mon 8−6 = 2, Tue 8−4 = 4, Wed 8−2 = 6 free, so 12 of the 16 hours asked.
    assert "16 hours asked, 12 hours free before the deadline" in summary(step)


def test_changing_the_hours_replaces_the_case(step):
    before = step.state.case
    text(step, "nn-hours").value = "20"
    assert step.state.case.request.hours == 20
    assert before.request.hours == 16  # the old case is not changed in place
    # 20 h × €95 = €1,900 base fee.
    assert step.state.case.quote().base_fee == Decimal("1900.00")


def test_bad_hours_show_a_message_beside_the_field_and_keep_the_last_good_case(step):
    text(step, "nn-hours").value = "abc"
    assert not step.valid
    assert fields_with_messages(step) == {"nn-hours"}
    assert "Enter a number for estimated hours." in message_beside(step, "nn-hours")
    assert step.state.case.request.hours == 16


def test_several_bad_fields_each_get_their_own_message(step):
    text(step, "nn-client").value = "   "
    text(step, "nn-rate").value = "-3"
    assert fields_with_messages(step) == {"nn-client", "nn-rate"}
    assert "This field is still empty: client." in message_beside(step, "nn-client")
    assert "The value for hourly rate must be 0 or more." in message_beside(step, "nn-rate")


def test_a_deadline_before_the_request_is_shown_at_the_deadline(step):
    find(step, "nn-deadline").value = datetime(2026, 11, 19, 9, 0)  # received Fri 20 Nov 10:00
    assert fields_with_messages(step) == {"nn-deadline"}
    assert "The deadline must come after the moment the request arrived." in message_beside(step, "nn-deadline")
    assert step.state.case.request.deadline == datetime(2026, 11, 25, 17, 0)


def test_booked_lines_and_days_off_are_parsed_into_the_calendar(step):
    open_calendar(step)
    area(step, "nn-booked").value = "2026-11-23 8\n2026-11-24: 8"
    # Mon and Tue fully booked; the list replaces the old one, so Wednesday is free: 8 hours.
    assert "8 hours free" in summary(step)
    assert dict(step.state.case.calendar.booked) == {datetime(2026, 11, 23).date(): 8, datetime(2026, 11, 24).date(): 8}
    area(step, "nn-days-off").value = "2026-11-25"
    assert "0 hours free" in summary(step)


def test_a_bad_booked_line_names_the_booked_field(step):
    open_calendar(step)
    area(step, "nn-booked").value = "next monday 6"
    assert fields_with_messages(step) == {"nn-booked"}
    assert "booked hours" in message_beside(step, "nn-booked")


def test_switching_off_every_working_day_is_an_error(step):
    open_calendar(step)
    for toggle in find(step, "nn-workdays").children:
        toggle.value = False
    assert fields_with_messages(step) == {"nn-workdays"}
    assert "Pick at least one working weekday for working days." in message_beside(step, "nn-workdays")
    assert step.state.case.calendar.workdays == (4,)  # the last good set: Friday was switched off last


def test_the_weekday_toggles_write_the_working_days(step):
    open_calendar(step)
    find(step, "nn-workdays").children[5].value = True  # Saturday on
    assert step.state.case.calendar.workdays == (0, 1, 2, 3, 4, 5)
    # Saturday 21 Nov now counts: 8 more free hours, 20 in all.
    assert "20 hours free" in summary(step)


def test_a_language_switch_relabels_and_keeps_the_answers(step):
    open_calendar(step)
    text(step, "nn-client").value = "Studio Noord"
    step.state.update(lang="nl")
    assert text(step, "nn-client").value == "Studio Noord"
    assert "Klant" in label_of(step, "nn-client")
    assert find(step, "nn-workdays").children[0].description.lower().startswith("ma")
    assert "Alles staat klaar" in summary(step)


def test_messages_follow_the_language(step):
    text(step, "nn-hours").value = "abc"
    english = message_beside(step, "nn-hours")
    step.state.update(lang="nl")
    dutch = message_beside(step, "nn-hours")
    assert dutch != english
    assert "geschatte uren" in dutch
    assert text(step, "nn-hours").value == "abc"  # the typing stays


def test_user_text_in_html_is_escaped(step):
    text(step, "nn-client").value = "<img src=x onerror=alert(1)>"
    text(step, "nn-hours").value = "x<script>"
    assert step.state.case.request.client == "<img src=x onerror=alert(1)>"
    assert "<script>" not in message_beside(step, "nn-hours")
    assert "<img" not in all_html(step)


def test_a_new_case_shows_empty_client_and_hours_and_blocks_until_both_are_filled_in():
    state = CaseState(Profile().new_case(now=datetime(2026, 11, 20, 10, 0)), fresh=True)
    step = RequestStep(state)
    assert text(step, "nn-client").value == ""
    assert text(step, "nn-hours").value == ""
    assert not step.valid
    assert summary(step) == ""
    text(step, "nn-client").value = "Van Dijk Makelaars"
    assert state.fresh
    assert not step.valid
    text(step, "nn-hours").value = "6"
    assert not state.fresh
    assert step.valid
    assert (state.case.request.client, state.case.request.hours) == ("Van Dijk Makelaars", 6)
    # A new case is due a week after it came in: 5 working days of 8 h, nothing booked.
    assert "6 hours asked, 40 hours free before the deadline" in summary(step)


def test_the_calendar_summary_names_hours_days_and_country(step):
    shown = str(find(step, "nn-calendar-summary").value)
    # Booked inside the window: 6 + 4 + 2 = 12 hours; one day off (24 Dec) in the list.
    assert "8 hours a day on" in shown
    assert "Netherlands" in shown
    assert "12 hours booked before the deadline" in shown
    assert "1 day off" in shown


def test_currency_and_country_dropdowns_write_the_case(step):
    open_calendar(step)
    find(step, "nn-currency", widgets.Dropdown).value = "GBP"
    find(step, "nn-country", widgets.Dropdown).value = "BE"
    assert step.state.case.request.currency == "GBP"
    assert step.state.case.calendar.country == "BE"
    assert "Belgium" in str(find(step, "nn-calendar-summary").value)


def test_placeholders_say_what_to_type_in_each_language(step):
    assert text(step, "nn-hours").placeholder == "e.g. 16"
    assert text(step, "nn-client").placeholder == "Who is asking? e.g. Bloom & Co"
    step.state.update(lang="nl")
    assert text(step, "nn-hours").placeholder == "bijv. 16"
    assert text(step, "nn-client").placeholder == "Wie vraagt het? bijv. Bloom & Co"


def test_half_an_emoji_from_the_browser_is_kept_as_a_replacement_character(tmp_path):
    """Found by the fuzz: a lone surrogate (a browser can send one) broke every encoder after it (the summary
    link, the download, SQLite) and the page said 'Something went wrong'."""
    from notnow.store import Store
    from notnow.ui import Workbook

    store = Store(tmp_path / "cases.sqlite3")
    wb = Workbook(Assessment.example("en"), store=store)
    find(wb, "nn-client", widgets.Text).value = "Bloom \ud83d Co"
    assert wb.state.problem == ""
    assert wb.assessment.request.client == "Bloom \ufffd Co"
    assert store.load(wb.assessment.case_id).request.client == "Bloom \ufffd Co"
    find(wb, "nn-client", widgets.Text).value = "Bloom \ud83d\ude00 Co"  # a whole emoji stays one
    assert wb.assessment.request.client == "Bloom 😀 Co"


def test_the_calendar_inputs_appear_when_the_panel_is_first_opened(step):
    assert find_all(step, "nn-booked") == []  # not built for the first page
    open_calendar(step)
    assert area(step, "nn-booked").value != ""  # the example's booked days, shown in the user's format
    assert find(step, "nn-workdays").value == (0, 1, 2, 3, 4)


def test_the_calendars_help_comes_with_its_inputs_and_follows_the_language(step):
    """Not on the first page (three widget models fewer); once opened it says how to write booked hours and days
    off, in the case's language, and again after a switch."""
    texts = [content.text(lang, "diary.booked_help") for lang in ("en", "nl")]

    def help_shown() -> list[str]:
        shown = [str(w.value) for w in walk(step) if isinstance(w, widgets.HTML)]
        return [value for value in shown if texts[0] in value or texts[1] in value]

    assert help_shown() == []
    open_calendar(step)
    assert len(help_shown()) == 1 and texts[0] in help_shown()[0]
    step.state.update(lang="nl")
    assert len(help_shown()) == 1 and texts[1] in help_shown()[0]


def test_the_calendar_opens_for_a_request_late_in_2100():
    """Found by the fuzz's edge cases: the diary import reached half a year past the request, beyond the last
    date notnow takes, so opening the calendar failed and its inputs never appeared."""
    example = Assessment.example("en")
    late = example.replace(
        request=example.request.replace(received=datetime(2100, 12, 20, 10, 0), deadline=datetime(2100, 12, 31, 23, 59))
    )
    step = RequestStep(CaseState(late))
    open_calendar(step)
    assert step.state.problem == ""
    assert find(step, "nn-booked", widgets.Textarea)
    assert find(step, "nn-diary-upload")
