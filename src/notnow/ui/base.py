"""What every step component shares: texts in the chosen language, fields with messages beside them."""

from __future__ import annotations

import asyncio
import html
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ClassVar

import ipywidgets as widgets
import traitlets

from notnow import content
from notnow.errors import InputError
from notnow.fmt import error_text
from notnow.markdown import markdown
from notnow.ui.model import CaseModel


def tr(lang: str, key: str, **values: object) -> str:
    """A UI text: keys without a dot prefix live under ui.*; others are full content keys."""
    return content.text(lang, key if "." in key else f"ui.{key}", **values)


def markdown_html(text: str) -> str:
    """Our teaching text as HTML: the one renderer of the printable pages too (notnow.markdown).

    A plain str, not Markup: `"<h3>…</h3>" + Markup(…)` would escape the widget's own tags.
    """
    return str(markdown(text))


def _kernel_loop() -> asyncio.AbstractEventLoop | None:
    """The running event loop when we run inside a Jupyter kernel (where debouncing pays off), else None."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    if getattr(get_ipython(), "kernel", None) is None:
        return None
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class Field(widgets.VBox):
    """A labelled input with its validation message right beside (under) it."""

    def __init__(self, name: str, control: widgets.Widget, label_key: str | None = None) -> None:
        self.name = name
        self.control = control
        self.label_key = label_key or f"fields.{name}"
        self._label = widgets.HTML(layout=widgets.Layout(width="210px"))
        self._message = widgets.HTML(layout=widgets.Layout(display="none"))
        self._message.add_class("nn-error")
        control.add_class(f"nn-{name.replace('_', '-')}")
        super().__init__([widgets.HBox([self._label, control]), self._message])
        self.error: InputError | None = None

    def relabel(self, lang: str) -> None:
        self._label.value = f"<b>{html.escape(tr(lang, self.label_key))}</b>"
        self.show(self.error, lang)

    def show(self, error: InputError | None, lang: str) -> None:
        """Show the error's message in `lang` beside the field, or clear it."""
        self.error = error
        if error is None:
            self._message.value = ""
            self._message.layout.display = "none"
        else:
            self._message.value = f'<span style="color:#b00020">⚠ {html.escape(error_text(error, lang))}</span>'
            self._message.layout.display = None


class StepView(widgets.VBox):
    """Base of the nine step components: private child widgets, a read-only `valid`, no business rules.

    Subclasses build their widgets in `_build`, set labels in `_relabel` and redraw results in `_refresh`.
    """

    key: ClassVar[str] = ""
    valid = traitlets.Bool(True, read_only=True)

    def __init__(self, model: CaseModel) -> None:
        super().__init__()
        self._model = model
        self._fields: list[Field] = []
        self._active = True
        self._chart_handle: asyncio.TimerHandle | None = None
        self._quiet = False  # True while inputs are filled from the case: their observers must not write back
        self._intro = widgets.HTML()
        self._intro.add_class("nn-intro")
        self.add_class(f"nn-step-{self.key}")
        self.children = [self._intro, *self._build()]
        model.observe(self._on_lang, "lang")
        model.observe(self._on_revision, "revision")
        model.observe(self._on_generation, "generation")
        self._relabel_all()
        self._load()
        self._refresh()

    # --- for subclasses -----------------------------------------------------------------------
    def _build(self) -> list[widgets.Widget]:
        raise NotImplementedError

    def _relabel(self) -> None:
        """Set every label and option text for the current language."""

    def _load(self) -> None:
        """Fill the inputs from the case (on start and when another case is opened)."""

    def _refresh(self) -> None:
        """Redraw results from the case (called after every change while this step is shown)."""

    def _set_valid(self, value: bool) -> None:
        self.set_trait("valid", value)

    @property
    def lang(self) -> str:
        return self._model.lang

    @property
    def case(self) -> Any:
        return self._model.assessment

    def t(self, key: str, **values: object) -> str:
        return tr(self.lang, key, **values)

    def field(self, name: str, control: widgets.Widget, label_key: str | None = None) -> Field:
        f = Field(name, control, label_key)
        self._fields.append(f)
        return f

    def attempt(self, target: Field | None, action: Callable[[], None]) -> bool:
        """Run `action`; an InputError shows beside its field (or `target`) instead of a traceback."""
        by_name = {f.name: f for f in self._fields}
        try:
            action()
        except InputError as error:
            shown = by_name.get(error.field) or target or (self._fields[0] if self._fields else None)
            for f in self._fields:
                if f is not shown and f.error is not None and f.error.field == error.field:
                    f.show(None, self.lang)
            if shown is not None:
                shown.show(error, self.lang)
            return False
        if target is not None:
            target.show(None, self.lang)
        return True

    @contextmanager
    def _quietly(self) -> Iterator[None]:
        """Fill inputs from the case without their change handlers writing back into it."""
        self._quiet = True
        try:
            yield
        finally:
            self._quiet = False

    def commit(self) -> None:
        """Tell the other steps the case changed."""
        self._model.changed()

    def later(self, draw: Callable[[], None], delay: float = 0.25) -> None:
        """Draw something slow (a chart) once typing pauses; at once outside a kernel (tests, scripts)."""
        loop = _kernel_loop()
        if loop is None:
            draw()
            return
        if self._chart_handle is not None:
            self._chart_handle.cancel()
        self._chart_handle = loop.call_later(delay, draw)

    # --- wiring -------------------------------------------------------------------------------
    def activate(self, active: bool) -> None:
        """Only the shown step refreshes on every change; it catches up when shown again."""
        self._active = active
        if active:
            self._refresh()

    def _relabel_all(self) -> None:
        self._intro.value = (f"<h3>{html.escape(self.t(f'steps.{self.key}.title'))}</h3>"
                             + markdown_html(self.t(f"steps.{self.key}.intro")))
        for f in self._fields:
            f.relabel(self.lang)
        self._relabel()

    def _on_lang(self, _change: object) -> None:
        self._relabel_all()
        if self._active:
            self._refresh()

    def _on_generation(self, _change: object) -> None:
        for f in self._fields:
            f.show(None, self.lang)
        self._load()

    def _on_revision(self, _change: object) -> None:
        if self._active:
            self._refresh()
