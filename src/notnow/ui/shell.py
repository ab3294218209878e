"""Parts of the app shell around the stepper, each a small widget of its own: the save status and the link to
the case's one-page summary. `Workbook` (notnow.ui.app) places them and tells them when to speak."""

from __future__ import annotations

import ipywidgets as widgets
from markupsafe import Markup

from notnow.errors import InputError
from notnow.fmt import error_text
from notnow.ui.autosave import Saver
from notnow.ui.base import ERROR_COLOUR, OK_COLOUR, coloured, tr
from notnow.ui.debounce import Debouncer
from notnow.ui.guard import Reporter
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
