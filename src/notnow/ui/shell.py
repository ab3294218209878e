"""Parts of the app shell around the stepper: the case menu, the save status and the link to the case's
one-page summary. `Workbook` (notnow.ui.app) places them and tells them when to speak."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import ipywidgets as widgets
from markupsafe import Markup

from notnow.errors import InputError
from notnow.fmt import error_text
from notnow.ui.autosave import Saver
from notnow.ui.base import ERROR_COLOUR, OK_COLOUR, coloured, tr
from notnow.ui.debounce import Debouncer
from notnow.ui.guard import Reporter, guarded
from notnow.ui.state import CaseState

STATUS_COLOUR = {"blank": "#555", "pending": "#555", "saved": OK_COLOUR, "failed": ERROR_COLOUR, "off": ERROR_COLOUR}
SUMMARY_DELAY_S = 1.0


class SaveStatus(widgets.HTML):
    """One line: whether the case is saved (only once the store returned), or a short announcement."""

    def __init__(self) -> None:
        super().__init__()
        self.add_class("nn-save-status")

    def show(self, saver: Saver, lang: str) -> None:
        status = saver.status
        if status == "saved":
            text = tr(lang, "ui.app.status_saved", time=saver.saved_at)
        elif status in ("failed", "off"):
            reason = error_text(saver.error, lang) if saver.error is not None else ""
            text = tr(lang, f"ui.app.status_{status}", reason=reason)
        else:
            text = tr(lang, f"ui.app.status_{status}")
        self.value = coloured(text, STATUS_COLOUR[status])

    def announce(self, text: str) -> None:
        self.value = coloured(text, OK_COLOUR)

    def announce_error(self, error: InputError, lang: str) -> None:
        self.value = coloured(error_text(error, lang), ERROR_COLOUR, "⚠")


class SummaryLink(widgets.HTML):
    """A data-URI link (Voila serves no local files) to the one-page HTML summary of the open case, redrawn
    once changes pause (it renders the whole summary)."""

    def __init__(self, state: CaseState, reporter: Reporter | None = None) -> None:
        super().__init__()
        self.add_class("nn-summary")
        self._state = state
        self._later = Debouncer(self.refresh, SUMMARY_DELAY_S, reporter)

    def schedule(self) -> None:
        self._later.schedule()

    def refresh(self) -> None:
        if self._state.fresh:
            self.value = ""
            return
        from notnow.summary import case_summary_html, summary_data_uri  # late: not needed for the first page

        case = self._state.case
        uri = summary_data_uri(case_summary_html(case, case.lang))
        name = "".join(ch for ch in case.request.client if ch.isalnum() or ch in "-_ ")[:40].strip() or "case"
        self.value = Markup("<a class='nn-summary-download' download='notnow-{}.html' href='{}'>⬇ {}</a>").format(
            name, uri, tr(case.lang, "ui.save.summary")
        )


class CaseMenu:
    """The case menu: New case, Worked example, the saved cases to open, Open, Save. A plain holder of its
    controls, not a box: the toolbar lays them out with the view switch (no extra widget on the first page).
    The app shell sets the actions: `on_new()`, `on_example()`, `on_open(case_id)`, `on_save()`."""

    def __init__(self, reporter: Reporter | None = None) -> None:
        self.on_new: Callable[[], object] = lambda: None
        self.on_example: Callable[[], object] = lambda: None
        self.on_open: Callable[[str], object] = lambda _case_id: None
        self.on_save: Callable[[], object] = lambda: None
        self._reporter = reporter
        self.new = self._button("file-o", "nn-new-case", lambda: self.on_new())
        self.example = self._button("magic", "nn-load-example", lambda: self.on_example())
        self.cases = widgets.Dropdown(layout=widgets.Layout(width="320px"))
        self.cases.add_class("nn-open-case")
        self.open = self._button("folder-open", "nn-open", lambda: self.on_open(str(self.cases.value or "")))
        self.save = self._button("save", "nn-save", lambda: self.on_save())

    @property
    def controls(self) -> list[widgets.Widget]:
        return [self.new, self.example, self.cases, self.open, self.save]

    def relabel(self, lang: str, has_store: bool) -> None:
        for button, key in (
            (self.new, "new_case"),
            (self.example, "example"),
            (self.open, "open"),
            (self.save, "save"),
        ):
            button.description = tr(lang, f"ui.app.{key}")
        for control in (self.cases, self.open, self.save):  # nothing to open or save without a store
            control.layout.display = None if has_store else "none"

    def list_cases(self, listed: list[tuple[str, str, datetime | None]], lang: str) -> None:
        """The saved cases to choose from ("client — saved at"), or a line saying there are none."""
        options: list[tuple[str, str]] = [(tr(lang, "ui.save.open_placeholder"), "")]
        for case_id, client, saved_at in listed:
            saved = saved_at.astimezone().strftime("%Y-%m-%d %H:%M") if saved_at is not None else ""
            options.append((f"{client} — {saved}", case_id))
        if len(options) == 1:
            options = [(tr(lang, "ui.save.nothing_saved"), "")]
        self.cases.options = options
        self.cases.value = ""
        self.cases.tooltip = tr(lang, "ui.access.open_case")  # its accessible name (the select's title)
        self.open.disabled = len(options) == 1

    def _button(self, icon: str, css: str, action: Callable[[], object]) -> widgets.Button:
        button = widgets.Button(icon=icon, layout=widgets.Layout(width="auto"))
        button.add_class(css)
        button.on_click(guarded(lambda _b: action(), self._reporter))
        return button
