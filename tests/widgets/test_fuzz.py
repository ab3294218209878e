"""Fuzz the whole workbook the way a user could: random values into every input on the page, every button
clicked, step changes, Back/Next and language switches — on the worked example (also with autosave into a real
SQLite store, and moved to the edges of the date range) and on a blank new case, starting from every step.

After every action: nothing escaped the setter, no guarded callback met an unexpected error (`state.problem`
stays empty and nothing was logged as an error), the case is still a valid Assessment that survives a JSON round
trip, and every date in it lies within 2000-01-01 … 2100-12-31.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from notnow import STEPS, Assessment
from notnow.profile import Profile
from notnow.store import Store
from notnow.ui import Workbook
from notnow.ui.find import find, find_all
from tests.widgets.handles import visible_widgets

pytestmark = pytest.mark.slow  # half a minute of hypothesis: make test runs it, make check does not

EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)
NOW = datetime(2026, 11, 23, 9, 0)  # a blank case is received now: fixed, so a failure replays
FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)  # the error log is cleared per example

CHOICES = (widgets.Dropdown, widgets.RadioButtons, widgets.ToggleButtons)
SWITCHES = (widgets.Checkbox, widgets.ToggleButton)
TYPED = (widgets.Text, widgets.Textarea)

TRICKY_TEXT = (
    "",
    " ",
    "0",
    "-0",
    "-1",
    "0,0",
    "12,5",
    "1.5e3",
    "1e400",
    "-1e400",
    "nan",
    "inf",
    "-inf",
    "1_000",
    "١٢",
    "9" * 400,
    "9999-12-31",
    "0001-01-01",
    "2000-01-01",
    "2100-12-31",
    "1999-12-31",
    "2101-01-01",
    "2026-11-23 8",
    "2026-11-23: 24",
    "2026-11-23 25",
    "2026-11-23 -1",
    "2026-02-30 4",
    "2026-12-24 .. 2026-12-31",
    "2000-01-01 .. 2100-12-31",
    "0001-01-01 .. 9999-12-31",
    "9999-12-31 .. 0001-01-01",
    "00:00",
    "23:59",
    "24:00",
    "9:00",
    "EUR",
    "xyz",
    "<script>alert(1)</script>",
    "a\x00b",
    "\u202e",
    "🙂" * 20,
    "Ünïcødé — “quotes” ‘and’ dashes",
    "line\nbreak",
    "\t\r\n",
)


LIMITS = (200, 1000, 2000, 5000, 10_000, 20_000)  # the longest texts notnow takes, field by field


def typed_text() -> st.SearchStrategy[str]:
    """Anything a user could type or paste: tricky values, numbers of any size, dates of any year, calendar
    lines, unicode, and very long strings (up to 10,000 characters)."""
    any_day = st.dates(date(1, 1, 1), date(9999, 12, 31))
    hours = st.one_of(st.integers(-(10**6), 10**6), st.floats(allow_nan=True, allow_infinity=True))
    # A browser's JSON can carry a lone surrogate (half an emoji); hypothesis's text leaves those out.
    lone_surrogate = st.integers(0xD800, 0xDFFF).map(chr)
    return st.one_of(
        st.sampled_from(TRICKY_TEXT),
        st.text(max_size=40),
        st.lists(st.characters() | lone_surrogate, max_size=20).map("".join),
        st.integers(-(10**40), 10**40).map(str),
        st.floats().map(str),
        any_day.map(date.isoformat),
        st.lists(st.tuples(any_day, hours), max_size=6).map(lambda rows: "\n".join(f"{d} {h}" for d, h in rows)),
        st.tuples(any_day, any_day).map(lambda pair: f"{pair[0]} .. {pair[1]}"),
        st.builds(
            lambda ch, n: ch * n,
            st.characters(),
            st.integers(1000, 10_000) | st.sampled_from(LIMITS).flatmap(lambda n: st.integers(n - 12, n + 1)),
        ),
    )


def moments() -> st.SearchStrategy[datetime | None]:
    """Any moment of years 1–9999, more often near the ends of 2000–2100 and around now."""
    return st.one_of(
        st.none(),
        st.datetimes(datetime(1, 1, 1), datetime(9999, 12, 31, 23, 59)),
        st.datetimes(datetime(2099, 12, 1), datetime(2100, 12, 31, 23, 59)),
        st.datetimes(datetime(2000, 1, 1), datetime(2000, 2, 1)),
        st.datetimes(datetime(2026, 1, 1), datetime(2028, 12, 31)),
    )


ICS = sorted((Path(__file__).resolve().parents[1] / "unit" / "ics").glob("*.ics"))


def calendar_files() -> st.SearchStrategy[bytes]:
    """What a user might upload as a calendar: real exports, damaged ones, and anything else."""
    real = st.sampled_from([path.read_bytes() for path in ICS])
    damaged = st.tuples(real, st.integers(0, 4000), st.binary(max_size=40)).map(
        lambda cut: cut[0][: cut[1]] + cut[2] + cut[0][cut[1] + len(cut[2]) :]
    )
    junk = st.binary(max_size=200) | typed_text().map(lambda t: t.encode("utf-8", "replace"))
    return st.one_of(real, real, damaged, junk)


def uploaded(data: bytes) -> tuple[dict[str, Any], ...]:
    """FileUpload.value as ipywidgets 8 reports one chosen file."""
    return (
        {
            "name": "diary.ics",
            "type": "text/calendar",
            "size": len(data),
            "content": memoryview(data),
            "last_modified": datetime(2026, 11, 23, 9, 0, tzinfo=UTC),
        },
    )


def value_for(widget: widgets.Widget) -> st.SearchStrategy[Any]:
    """What a user can put into this kind of input."""
    if isinstance(widget, TYPED):
        return typed_text()
    if isinstance(widget, CHOICES):
        values = [o[1] if isinstance(o, tuple) else o for o in widget.options]
        return st.sampled_from(values) if values else st.none()
    if isinstance(widget, SWITCHES):
        return st.booleans()
    if isinstance(widget, widgets.NaiveDatetimePicker):
        return moments()
    if isinstance(widget, widgets.DatePicker):
        return moments().map(lambda moment: moment and moment.date())
    if isinstance(widget, widgets.Accordion):
        return st.sampled_from([None, *range(len(widget.children))])
    if isinstance(widget, widgets.FileUpload):
        return calendar_files().map(uploaded)
    if isinstance(widget, widgets.FloatSlider | widgets.BoundedFloatText):
        return st.floats(allow_nan=False) | st.sampled_from([widget.min, widget.max, 0.0, -1e308, 1e308])
    raise TypeError(f"no values for {type(widget).__name__}")


def inputs(root: widgets.Widget) -> list[widgets.Widget]:
    """Every input a user can reach: shown and enabled (a disabled or hidden one takes no clicks)."""
    kinds = (
        widgets.Accordion,
        widgets.FileUpload,
        *TYPED,
        *CHOICES,
        *SWITCHES,
        widgets.NaiveDatetimePicker,
        widgets.DatePicker,
        widgets.FloatSlider,
        widgets.BoundedFloatText,
        widgets.Button,
    )
    return [w for w in visible_widgets(root) if isinstance(w, kinds) and not getattr(w, "disabled", False)]


def describe(widget: widgets.Widget) -> str:
    """The widget's nn-* classes (as the browser receives them) or, without one, its kind and text."""
    classes = [c for c in widget.get_state("_dom_classes")["_dom_classes"] if c.startswith("nn-")]
    words = getattr(widget, "description", "") or getattr(widget, "placeholder", "")
    return f"{type(widget).__name__} {' '.join(classes) or repr(words[:30])}"


def dates_in(case: Assessment) -> Iterator[date]:
    yield case.request.received.date()
    yield case.request.deadline.date()
    yield from case.calendar.booked
    yield from case.calendar.days_off
    if case.follow_up is not None:
        yield case.follow_up


class ErrorLog(logging.Handler):
    """Collects what the widgets log as errors (a guarded callback that failed, with or without a reporter)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def error_log() -> Iterator[ErrorLog]:
    handler = ErrorLog()
    logger = logging.getLogger("notnow.ui")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


def check(wb: Workbook, errors: ErrorLog, action: str) -> None:
    assert wb.state.problem == "", f"a callback failed after {action}: {wb.state.problem}"
    assert not errors.records, f"logged after {action}: {errors.records[0].getMessage()} {errors.records[0].exc_info}"
    case = wb.assessment
    assert isinstance(case, Assessment)
    assert Assessment.from_json(case.to_json()) == case, f"the case no longer round-trips after {action}"
    outside = [d for d in dates_in(case) if not EARLIEST <= d <= LATEST]
    assert not outside, f"dates outside 2000–2100 after {action}: {outside}"


def body(wb: Workbook) -> widgets.Widget:
    """What fills the page under the toolbar now: the set-up panel, or the step shown."""
    for css in ("nn-profile", "nn-history-panel"):
        panels = find_all(wb, css)
        if panels:
            return panels[0]
    return wb.current()


SHELL = ("nn-new-case", "nn-load-example", "nn-view", "nn-confirm-yes", "nn-confirm-no")
# With a store: saving the set-up too, opening a saved case, the history.
STORE_SHELL = (
    *SHELL,
    "nn-open-case",
    "nn-open",
    "nn-save",
)
MOVES = ("nn-back", "nn-next", "nn-nav")
KINDS = ("field",) * 5 + ("button",) * 2 + ("shell",) * 2 + ("move", "go", "language")


def pick(data: st.DataObject, pool: list[widgets.Widget]) -> widgets.Widget | None:
    return pool[data.draw(st.integers(0, len(pool) - 1))] if pool else None


def act(wb: Workbook, data: st.DataObject, shell: tuple[str, ...] = SHELL) -> str:
    """One thing a user does; returns what, for the report of a failing example."""
    kind = data.draw(st.sampled_from(KINDS))
    if kind == "go":
        key = data.draw(st.sampled_from(STEPS))
        wb.go(key)
        return f"go({key!r})"
    if kind == "language":
        toggle = find(wb, "nn-language", widgets.ToggleButtons)
        toggle.value = "nl" if toggle.value == "en" else "en"
        return f"language → {toggle.value}"
    if kind in ("shell", "move"):
        names = shell if kind == "shell" else MOVES
        reachable = {id(w) for w in inputs(wb)}
        pool = [w for css in names for w in find_all(wb, css) if id(w) in reachable]
    else:
        here = inputs(body(wb))
        pool = [w for w in here if isinstance(w, widgets.Button) == (kind == "button")]
    widget = pick(data, pool)
    if widget is None:
        return f"{kind}: nothing to do here"
    if isinstance(widget, widgets.Button):
        widget.click()
        return f"click {describe(widget)}"
    value = data.draw(value_for(widget))
    widget.value = value
    text = repr(value)
    shown = text if len(text) < 80 else f"{text[:60]}… ({len(str(value))} characters)"
    return f"{describe(widget)} = {shown}"


def import_act(wb: Workbook, data: st.DataObject) -> str:
    """Mostly the calendar import of the request step (a file, which days, "use these"); sometimes anything."""
    if not find_all(wb, "nn-diary-upload") or data.draw(st.integers(0, 3)) == 0:
        return act(wb, data)
    kind = data.draw(st.sampled_from(["upload", "use", "use", "days"]))
    if kind == "upload":
        file = data.draw(calendar_files())
        find(wb, "nn-diary-upload", widgets.FileUpload).value = uploaded(file)
        return f"upload {file[:40]!r}… ({len(file)} bytes)"
    if kind == "days":
        days = find(wb, "nn-diary-days", widgets.ToggleButtons)
        days.value = data.draw(st.sampled_from([o[1] if isinstance(o, tuple) else o for o in days.options]))
        return f"diary days = {days.value!r}"
    use = find(wb, "nn-diary-use", widgets.Button)
    if use.disabled:
        return "use these: disabled"
    use.click()
    return "click use these"


def run(
    make: Callable[[], Workbook],
    data: st.DataObject,
    errors: ErrorLog,
    shell: tuple[str, ...] = SHELL,
    store: Store | None = None,
    step: Callable[[Workbook, st.DataObject], str] | None = None,
) -> None:
    errors.records.clear()
    wb = make()
    check(wb, errors, "opening")
    for _ in range(data.draw(st.integers(1, 12))):
        action = step(wb, data) if step is not None else act(wb, data, shell)
        note(action)
        check(wb, errors, action)
        if store is not None and wb.saver.status == "saved":  # what the page calls saved is what the store holds
            assert store.load(wb.assessment.case_id) == wb.assessment, f"saved ≠ shown after {action}"


@FUZZ
@given(data=st.data(), start=st.sampled_from(STEPS))
def test_no_input_breaks_the_worked_example(error_log, data, start):
    case = Assessment.example(data.draw(st.sampled_from(["en", "nl"]))).replace(step=start, reached="after")
    run(lambda: Workbook(case), data, error_log)


@FUZZ
@given(data=st.data(), start=st.sampled_from(STEPS))
def test_no_input_breaks_the_worked_example_saved_as_it_goes(error_log, data, start):
    """Autosave into a real SQLite store on every change, with an earlier case to open and the history."""
    case = Assessment.example("en").replace(step=start, reached="after")
    earlier = Assessment.example("nl")
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "cases.sqlite3")
        try:
            store.save(earlier.replace(request=earlier.request.replace(client="Eerdere klant"), step="rush"))
            run(lambda: Workbook(case, store=store), data, error_log, STORE_SHELL, store)
        finally:
            store.close()


@FUZZ
@given(data=st.data(), start=st.sampled_from(STEPS), late=st.booleans())
def test_no_input_breaks_a_case_at_the_edges_of_the_date_range(error_log, data, start, late):
    """The worked example moved to the last days notnow takes (Dec 2100) or its first (Jan 2000)."""
    example = Assessment.example("en")
    received, deadline = (
        (datetime(2100, 12, 20, 10, 0), datetime(2100, 12, 31, 23, 59))
        if late
        else (datetime(2000, 1, 1, 0, 0), datetime(2000, 1, 4, 17, 0))
    )
    case = example.replace(
        request=example.request.replace(received=received, deadline=deadline), step=start, reached="after"
    )
    run(lambda: Workbook(case), data, error_log)


@FUZZ
@given(data=st.data(), when=st.sampled_from(["example", "late", "early"]))
def test_no_calendar_file_breaks_the_calendar_import(error_log, data, when):
    """The request step's calendar opened and fed exports, damaged exports and junk, on the worked example and
    on it moved to either end of the date range."""
    example = Assessment.example("en")
    moments = {
        "late": (datetime(2100, 12, 20, 10, 0), datetime(2100, 12, 31, 23, 59)),
        "early": (datetime(2000, 1, 1, 0, 0), datetime(2000, 1, 4, 17, 0)),
    }
    case = example
    if when in moments:
        received, deadline = moments[when]
        case = example.replace(request=example.request.replace(received=received, deadline=deadline))

    def opened() -> Workbook:
        wb = Workbook(case)
        find(wb, "nn-calendar", widgets.Accordion).selected_index = 0
        find(wb, "nn-more-details", widgets.Accordion).selected_index = 0
        return wb

    run(opened, data, error_log, step=import_act)


@FUZZ
@given(data=st.data(), start=st.sampled_from(STEPS))
def test_no_input_breaks_a_blank_new_case(error_log, data, start):
    case = Profile().new_case(now=NOW).replace(step=start, reached="after")
    run(lambda: Workbook(case), data, error_log)
