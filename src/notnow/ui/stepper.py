"""The workbook: the nine steps walked with Back / Next, titles with their status, a language switch."""

from __future__ import annotations

import html
import importlib
from typing import TYPE_CHECKING

import ipywidgets as widgets
import traitlets

from notnow import content
from notnow.assessment import STEPS, Assessment
from notnow.ui.base import StepView, tr
from notnow.ui.model import CaseModel

if TYPE_CHECKING:
    from notnow.store import Store

STEP_CLASSES: dict[str, str] = {
    "request": "notnow.ui.steps.request:RequestStep",
    "empathy": "notnow.ui.steps.empathy:EmpathyStep",
    "honesty": "notnow.ui.steps.honesty:HonestyStep",
    "split": "notnow.ui.steps.split:SplitStep",
    "when": "notnow.ui.steps.when:WhenStep",
    "rush": "notnow.ui.steps.rush:RushStep",
    "referral": "notnow.ui.steps.referral:ReferralStep",
    "reply": "notnow.ui.steps.reply:ReplyStep",
    "after": "notnow.ui.steps.after:AfterStep",
}
MARKS = {"done": "✓", "current": "●", "todo": "○"}


def step_class(key: str) -> type[StepView]:
    """Import a step's component only when it is first shown (keeps the first page fast)."""
    module_name, class_name = STEP_CLASSES[key].split(":")
    cls: type[StepView] = getattr(importlib.import_module(module_name), class_name)
    return cls


class Workbook(widgets.VBox):
    """The stepper over one shared case. `assessment` is the read-only result; `step` the current step."""

    step = traitlets.Unicode("request", read_only=True)

    def __init__(self, assessment: Assessment | None = None, lang: str | None = None,
                 store: Store | None = None, come_back_link: str = "") -> None:
        super().__init__()
        self.add_class("nn-workbook")
        resumed = False
        if assessment is None and store is not None:
            assessment = store.latest()  # pick up where the user left off (kernel restart, page reload)
            resumed = assessment is not None
        fresh = assessment is None
        case = assessment or Assessment.blank(lang or "en")
        self._model = CaseModel(case, content.check_lang(lang or case.lang))
        self._model.fresh = fresh
        self._steps: dict[str, StepView] = {}
        self._visited: set[str] = set(STEPS[: STEPS.index(case.step) + 1]) if not fresh else {"request"}

        self._title = widgets.HTML()
        self._language = widgets.ToggleButtons(
            options=[("Nederlands", "nl"), ("English", "en")], value=self._model.lang,
            style={"button_width": "100px"})
        self._language.add_class("nn-language")
        self._nav_buttons = {key: widgets.Button(layout=widgets.Layout(width="auto")) for key in STEPS}
        for key, button in self._nav_buttons.items():
            button.add_class(f"nn-nav-{key}")
            button.on_click(lambda _b, k=key: self.go(k))
        self._progress = widgets.IntProgress(min=0, max=len(STEPS), layout=widgets.Layout(width="240px"))
        self._progress_label = widgets.Label()
        self._body = widgets.VBox(layout=widgets.Layout(min_height="300px", padding="6px 0"))
        self._back = widgets.Button(icon="arrow-left")
        self._next = widgets.Button(icon="arrow-right", button_style="primary")
        self._reset = widgets.Button(icon="undo", button_style="")
        self._hint = widgets.HTML()
        for name in ("back", "next", "reset"):
            getattr(self, f"_{name}").add_class(f"nn-{name}")
        self._back.on_click(lambda _b: self._move(-1))
        self._next.on_click(lambda _b: self._move(+1))
        self._reset.on_click(self._on_reset)
        self._language.observe(self._on_language, "value")
        self._store = store
        self._savebar = None
        self._history_panel: widgets.Widget | None = None
        self._extra_tools = widgets.VBox()
        if store is not None:
            from notnow.ui.saving import SaveBar

            self._savebar = SaveBar(self._model, store, come_back_link)
            self._savebar.on_open = self.open_case
            self._savebar.history_toggle.observe(self._on_history, "value")
            self._extra_tools.children = [self._savebar]

        self.children = [
            widgets.HBox([self._title, self._language],
                         layout=widgets.Layout(justify_content="space-between", align_items="center")),
            self._extra_tools,
            widgets.HBox([self._progress, self._progress_label]),
            widgets.HBox(list(self._nav_buttons.values()), layout=widgets.Layout(flex_flow="row wrap")),
            self._body,
            widgets.HBox([self._back, self._next, self._reset, self._hint]),
        ]
        self._show(case.step if not fresh else "request")
        self._relabel()
        if resumed and self._savebar is not None:
            self._savebar.announce("ui.save.resumed", case.request.client)

    # --- read-only results ----------------------------------------------------------------------
    @property
    def assessment(self) -> Assessment:
        return self._model.assessment

    @property
    def model(self) -> CaseModel:
        return self._model

    def current(self) -> StepView:
        return self._steps[self.step]

    # --- navigation -----------------------------------------------------------------------------
    def go(self, key: str) -> None:
        """Jump to a step already reached (the nav buttons of later steps stay disabled)."""
        if key in self._visited and key != self.step:
            self._show(key)

    def _move(self, delta: int) -> None:
        index = STEPS.index(self.step) + delta
        if not 0 <= index < len(STEPS):
            return
        if delta > 0 and not self.current().valid:
            return
        self._show(STEPS[index])

    def _show(self, key: str) -> None:
        if self._savebar is not None:
            self._savebar.history_toggle.value = False
        if key not in self._steps:
            self._steps[key] = step_class(key)(self._model)
            self._steps[key].observe(lambda _c: self._update_controls(), "valid")
        for other_key, step in self._steps.items():
            step.activate(other_key == key)
        self._visited.add(key)
        self.set_trait("step", key)
        self._model.step = key
        self._body.children = [self._steps[key]]
        self._update_controls()
        if self._savebar is not None:
            self._savebar.save(auto=True)  # autosave on every step change, with the new step recorded

    def save(self) -> str | None:
        """Save now (the Save button does the same); None when there is no store or nothing to save."""
        return self._savebar.save(auto=False) if self._savebar is not None else None

    def _on_history(self, change: dict[str, object]) -> None:
        if change["new"] and self._store is not None:
            if self._history_panel is None:
                from notnow.ui.history import HistoryPanel

                self._history_panel = HistoryPanel(self._store)
            panel = self._history_panel
            getattr(panel, "set_language", lambda _l: None)(self._model.lang)
            getattr(panel, "refresh", lambda: None)()
            self._body.children = [panel]
        else:
            self._body.children = [self._steps[self.step]]

    def _update_controls(self) -> None:
        lang = self._model.lang
        index = STEPS.index(self.step)
        valid = self.current().valid
        self._back.disabled = index == 0
        self._next.disabled = index == len(STEPS) - 1 or not valid
        self._progress.value = index + 1
        self._progress_label.value = tr(lang, "step_of", n=index + 1, total=len(STEPS))
        for key, button in self._nav_buttons.items():
            state = "current" if key == self.step else ("done" if key in self._visited else "todo")
            button.description = f"{MARKS[state]} {content.text(lang, f'steps.{key}.title')}"
            button.tooltip = tr(lang, f"status_{state}")
            button.button_style = {"current": "info", "done": "success", "todo": ""}[state]
            button.disabled = key not in self._visited
        if not valid:
            self._hint.value = f"<span style='color:#b00020'>{html.escape(tr(lang, 'fix_first'))}</span>"
        elif index == len(STEPS) - 1:
            self._hint.value = f"<i>{html.escape(tr(lang, 'finished'))}</i>"
        else:
            self._hint.value = ""

    # --- language and reset ---------------------------------------------------------------------
    def _on_language(self, change: dict[str, object]) -> None:
        self._model.lang = str(change["new"])
        self._relabel()

    def set_language(self, lang: str) -> None:
        self._language.value = content.check_lang(lang)

    def _relabel(self) -> None:
        lang = self._model.lang
        for other in content.LANGS:  # the page's lost-connection banner speaks the language shown (serve/)
            self.remove_class(f"nn-lang-{other}")
        self.add_class(f"nn-lang-{lang}")
        self._title.value = (f"<h2 style='margin:4px 0'>{html.escape(content.text(lang, 'app.title'))}</h2>"
                             f"<i>{html.escape(content.text(lang, 'app.tagline'))}</i>")
        self._back.description = tr(lang, "back")
        self._next.description = tr(lang, "next")
        self._reset.description = tr(lang, "reset")
        self._update_controls()

    def _on_reset(self, _button: object) -> None:
        lang = self._model.lang
        if self._reset.description != tr(lang, "reset_confirm"):
            self._reset.description = tr(lang, "reset_confirm")
            self._reset.button_style = "danger"
            return
        self._reset.description = tr(lang, "reset")
        self._reset.button_style = ""
        self.open_case(Assessment.blank(lang), fresh=True)

    def open_case(self, assessment: Assessment, fresh: bool = False) -> None:
        """Swap in another case (a saved one, or a blank one) and go where it left off."""
        self._model.fresh = fresh
        target = "request" if fresh else assessment.step
        self._model.replace(assessment)
        self._visited = set(STEPS[: STEPS.index(target) + 1])
        self._show(target)
