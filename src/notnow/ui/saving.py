"""Save, autosave, open a saved case, and the summary download: the workbook's link to the Store."""

from __future__ import annotations

import html
from datetime import datetime
from typing import TYPE_CHECKING

import ipywidgets as widgets

from notnow.errors import InputError
from notnow.fmt import error_text
from notnow.ui.base import tr
from notnow.ui.model import CaseModel

if TYPE_CHECKING:
    from collections.abc import Callable

    from notnow.assessment import Assessment
    from notnow.store import Store


class SaveBar(widgets.VBox):
    """Save and open cases of one store (scoped to one participant in a workshop)."""

    def __init__(self, model: CaseModel, store: Store, come_back_link: str = "") -> None:
        super().__init__()
        self.add_class("nn-savebar")
        self._model = model
        self._store = store
        self._link = come_back_link
        self._save = widgets.Button(icon="save", layout=widgets.Layout(width="auto"))
        self._save.add_class("nn-save")
        self._cases = widgets.Dropdown(layout=widgets.Layout(width="320px"))
        self._cases.add_class("nn-open-case")
        self._open = widgets.Button(icon="folder-open", layout=widgets.Layout(width="auto"))
        self._open.add_class("nn-open")
        self._history = widgets.ToggleButton(icon="bar-chart", layout=widgets.Layout(width="auto"))
        self._history.add_class("nn-history")
        self._status = widgets.HTML()
        self._status.add_class("nn-save-status")
        self._summary = widgets.HTML()
        self._link_box = widgets.HTML()
        self._link_box.add_class("nn-come-back")
        self._save.on_click(lambda _b: self.save(auto=False))
        self._open.on_click(lambda _b: self._open_chosen())
        self.on_open: Callable[[Assessment], None] = lambda _case: None  # the workbook swaps the case in
        self.children = [
            widgets.HBox([self._save, self._cases, self._open, self._history, self._status],
                         layout=widgets.Layout(align_items="center", flex_flow="row wrap")),
            self._summary,
            self._link_box,
        ]
        model.observe(lambda _c: self.relabel(), "lang")
        self.relabel()
        self._refresh_list()
        if store.notice is not None:
            self._show(error_text(store.notice, model.lang), error=True)

    @property
    def history_toggle(self) -> widgets.ToggleButton:
        return self._history

    def relabel(self) -> None:
        lang = self._model.lang
        self._save.description = tr(lang, "ui.save.save")
        self._open.description = tr(lang, "ui.save.open")
        self._history.description = tr(lang, "ui.save.history")
        if self._link:
            self._link_box.value = (f"<small>{html.escape(tr(lang, 'ui.save.come_back'))} "
                                    f"<a class='nn-link' href='{html.escape(self._link, quote=True)}'>"
                                    f"{html.escape(self._link)}</a></small>")
        self._refresh_list()
        self._refresh_summary()

    def save(self, auto: bool) -> str | None:
        """Save the case when its request is filled in; returns the case id (None when not saved)."""
        lang = self._model.lang
        if self._model.fresh:
            if not auto:
                self._show(tr(lang, "ui.save.not_yet"))
            return None
        try:
            case_id = self._store.save(self._model.assessment)
        except InputError as error:
            self._show(error_text(error, lang), error=True)
            return None
        except OSError as error:  # a full disk or a read-only folder: say so, never a traceback
            self._show(str(error), error=True)
            return None
        now = datetime.now().strftime("%H:%M")
        self._show(tr(lang, "ui.save.autosaved" if auto else "ui.save.saved", time=now))
        self._refresh_list()
        self._refresh_summary()
        return case_id

    def announce(self, key: str, client: str) -> None:
        self._show(tr(self._model.lang, key, client=client))

    def _show(self, text: str, error: bool = False) -> None:
        colour = "#b00020" if error else "#2e7d32"
        self._status.value = f"<span style='color:{colour}'>{html.escape(text)}</span>"

    def _refresh_list(self) -> None:
        lang = self._model.lang
        frame = self._store.cases()
        options: list[tuple[str, str]] = [(tr(lang, "ui.save.open_placeholder"), "")]
        for row in frame.itertuples():
            stamp = row.saved_at
            saved = stamp.strftime("%Y-%m-%d %H:%M") if isinstance(stamp, datetime) else ""
            options.append((f"{row.client} — {saved}", str(row.id)))
        if len(options) == 1:
            options = [(tr(lang, "ui.save.nothing_saved"), "")]
        self._cases.options = options
        self._cases.value = ""
        self._open.disabled = len(options) == 1

    def _open_chosen(self) -> None:
        case_id = self._cases.value
        if not case_id:
            return
        try:
            case = self._store.load(case_id)
        except InputError as error:
            self._show(error_text(error, self._model.lang), error=True)
            return
        self.on_open(case)
        self.announce("ui.save.opened", case.request.client)

    def _refresh_summary(self) -> None:
        """A data-URI link (Voila serves no local files) to the one-page HTML summary of the case."""
        if self._model.fresh:
            self._summary.value = ""
            return
        from notnow.summary import case_summary_html, summary_data_uri

        a = self._model.assessment
        uri = summary_data_uri(case_summary_html(a, self._model.lang))
        name = "".join(ch for ch in a.request.client if ch.isalnum() or ch in "-_ ")[:40].strip() or "case"
        self._summary.value = (f"<a class='nn-summary-download' download='notnow-{html.escape(name, quote=True)}.html' "
                               f"href='{uri}'>⬇ {html.escape(tr(self._model.lang, 'ui.save.summary'))}</a>")
