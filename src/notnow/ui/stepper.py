"""A generic stepper: walks the steps it is given, with Back / Next and a title button per step.

In the style of aiidalab's WizardAppWidget: it takes its steps and watches each step's `valid`. The step shown
and the furthest step reached live in the case (`step`, `reached`), so after a resume or after fixing an
earlier field every step once reached can be opened again.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import ipywidgets as widgets
from markupsafe import Markup

from notnow import content
from notnow.fmt import join_names
from notnow.ui.base import ERROR_COLOUR, StepView, coloured, tr
from notnow.ui.debounce import Debouncer, kernel_loop
from notnow.ui.guard import guarded
from notnow.ui.state import CaseState

MARKS = {"done": "✓", "current": "●", "todo": "○"}
# After a step is shown, the next one is built while the user reads (in a kernel only): Next then only shows it.
# Late enough that a first page has finished drawing before the browser gets the next step's widgets.
PREFETCH_DELAY_S = 2.0
# What the later steps need (the plan, its chart, public holidays): ~0.6 s to import, done in a thread while the
# user reads the first step, so the split and when steps open without that wait.
HEAVY_MODULES = ("pandas", "matplotlib.figure", "matplotlib.backends.backend_agg", "holidays")


def _warm_up() -> None:
    for name in HEAVY_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:  # then the step that needs it says so when it is opened
            return


@dataclass(frozen=True)
class StepSpec:
    """A step the stepper can show: its key and how to build its component (only when first shown)."""

    key: str
    build: Callable[[CaseState], StepView]


class Stepper(widgets.VBox):
    """Back / Next over the given steps; Next only when the shown step is valid; reached steps stay open."""

    def __init__(self, steps: Sequence[StepSpec], state: CaseState) -> None:
        super().__init__()
        self.add_class("nn-stepper")
        self._specs = {spec.key: spec for spec in steps}
        self._order = [spec.key for spec in steps]
        self._state = state
        self._views: dict[str, StepView] = {}
        self._prefetch = Debouncer(delay=PREFETCH_DELAY_S, reporter=state.report)
        self._warming = False
        # One toggle group for the nine titles (not nine buttons: every widget costs page-load time).
        self._nav = widgets.ToggleButtons(
            options=[(key, key) for key in self._order],
            value=self.current,
            style={"button_width": "auto"},
            layout=widgets.Layout(flex_flow="row wrap"),
        )
        self._nav.add_class("nn-nav")
        self._nav.observe(guarded(self._on_nav, state.report), "value")
        self._syncing = False
        self._progress_label = widgets.Label()
        self._progress_label.add_class("nn-progress")
        self._body = widgets.VBox(layout=widgets.Layout(min_height="300px", padding="6px 0"))
        self._back = widgets.Button(icon="arrow-left")
        self._next = widgets.Button(icon="arrow-right", button_style="primary")
        self._back.add_class("nn-back")
        self._next.add_class("nn-next")
        self._hint = widgets.HTML()
        self._back.on_click(guarded(lambda _b: self.move(-1), state.report))
        self._next.on_click(guarded(lambda _b: self.move(+1), state.report))
        self.children = [
            self._nav,
            self._body,
            widgets.HBox(
                [self._back, self._next, self._progress_label, self._hint], layout=widgets.Layout(align_items="center")
            ),
        ]
        state.watch(guarded(self._on_case, state.report), {"step", "reached", "lang"})
        state.watch(guarded(lambda _c: self._refresh_hint(), state.report))  # what is missing may have changed
        self._show(self.current)

    # --- reading ------------------------------------------------------------------------------
    @property
    def current(self) -> str:
        step = self._state.case.step
        return step if step in self._specs else self._order[0]

    def view(self, key: str | None = None) -> StepView:
        """The component of a step (built now if it was not yet)."""
        key = key or self.current
        if key not in self._views:
            view = self._specs[key].build(self._state)
            view.observe(guarded(lambda _c: self._update_controls(), self._state.report), "valid")
            self._views[key] = view
        return self._views[key]

    @property
    def built(self) -> tuple[str, ...]:
        """The steps whose components exist (shown once, or built ahead while the user read the one before)."""
        return tuple(key for key in self._order if key in self._views)

    def reachable(self, key: str) -> bool:
        reached = self._state.case.reached
        return self._order.index(key) <= self._order.index(reached if reached in self._specs else self._order[0])

    # --- moving -------------------------------------------------------------------------------
    def go(self, key: str) -> None:
        """Open a step already reached."""
        if key in self._specs and self.reachable(key) and key != self.current:
            self._state.update(step=key)

    def move(self, delta: int) -> None:
        index = self._order.index(self.current) + delta
        if not 0 <= index < len(self._order):
            return
        if delta > 0 and not self.view().valid:
            return
        target = self._order[index]
        reached = self._state.case.reached
        furthest = max(self._order.index(target), self._order.index(reached) if reached in self._specs else 0)
        self._state.update(step=target, reached=self._order[furthest])

    def refresh(self) -> None:
        """Show the step the case says (after another case was opened)."""
        self._show(self.current)

    def _on_nav(self, change: dict[str, object]) -> None:
        """A title clicked: open that step when it was reached; otherwise the titles stay as they were."""
        if self._syncing:
            return
        key = str(change["new"])
        if key in self._specs and self.reachable(key):
            self.go(key)
        self._update_controls()

    def _on_case(self, changed: frozenset[str]) -> None:
        if "step" in changed or "*" in changed:
            self._show(self.current)
        else:
            self._update_controls()

    def _show(self, key: str) -> None:
        view = self.view(key)
        for other, step_view in self._views.items():
            step_view.activate(other == key)
        self._body.children = [view]
        self._update_controls()
        self._prefetch_after(key)

    def _prefetch_after(self, key: str) -> None:
        """Build the step after `key` soon, hidden, unless it is built already (or nothing runs timers)."""
        index = self._order.index(key) + 1
        loop = kernel_loop()
        if loop is None or index >= len(self._order) or self._order[index] in self._views:
            return
        upcoming = self._order[index]
        if not self._warming:
            self._warming = True
            warm = threading.Thread(target=_warm_up, name="notnow-warm-up", daemon=True)
            loop.call_later(PREFETCH_DELAY_S, warm.start)
        self._prefetch.schedule(lambda: self._prebuild(upcoming))

    def _prebuild(self, key: str) -> None:
        if key not in self._views and key != self.current:
            self.view(key).activate(False)  # hidden: it catches up when it is shown

    def _refresh_hint(self) -> None:
        view = self._views.get(self.current)
        if view is not None and not view.valid:
            self._hint.value = self._why_not(view, self._state.lang)

    @staticmethod
    def _why_not(view: StepView, lang: str) -> Markup:
        """Why Next waits: red "fix the marked fields" only when a field is marked; otherwise, in plain grey,
        what is still to fill in (a new case's client and hours), never a red message about nothing."""
        if view.error_entries():
            return coloured(tr(lang, "fix_first"), ERROR_COLOUR)
        missing = view.missing()
        if missing:
            text = tr(lang, "ui.forms.still_needed", fields=join_names(missing, lang))
        else:
            text = tr(lang, "ui.forms.still_empty")
        return coloured(text, "#555")

    def _update_controls(self) -> None:
        lang = self._state.lang
        key = self.current
        index = self._order.index(key)
        valid = self.view(key).valid
        self._back.description = tr(lang, "back")
        self._next.description = tr(lang, "next")
        self._back.disabled = index == 0
        self._next.disabled = index == len(self._order) - 1 or not valid
        self._progress_label.value = tr(lang, "step_of", n=index + 1, total=len(self._order))
        # the step bar's name for screen readers (hidden on screen; the page template makes the bar a navigation)
        self._nav.description = tr(lang, "ui.access.steps_nav")
        options, tooltips = [], []
        for step in self._order:
            reachable = self.reachable(step)
            state = "current" if step == key else ("done" if reachable else "todo")
            options.append((f"{MARKS[state]} {content.text(lang, f'steps.{step}.title')}", step))
            tooltips.append(tr(lang, f"status_{state}"))
        self._syncing = True
        try:
            if tuple(self._nav.options) != tuple(options):
                self._nav.options = options
            self._nav.tooltips = tooltips
            self._nav.value = key
        finally:
            self._syncing = False
        if not valid:
            self._hint.value = self._why_not(self.view(key), lang)
        elif index == len(self._order) - 1:
            self._hint.value = Markup("<i>{}</i>").format(tr(lang, "finished"))
        else:
            self._hint.value = ""
