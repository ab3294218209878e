"""What every step component shares: texts in the chosen language, inputs bound to one field of the case.

A step never keeps its own copy of the case. Each input is *bound* to one field: it shows what the case holds,
and a change of the input writes only that field through `CaseState.update` (validated; an InputError shows
beside the input and leaves the case as it was). When another step changes the same field, every input bound to
it follows. So a stale value can never be written back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ClassVar

import ipywidgets as widgets
import traitlets
from markupsafe import Markup

from notnow import content
from notnow.assessment import Assessment
from notnow.errors import InputError
from notnow.fmt import error_text
from notnow.markdown import markdown
from notnow.ui.debounce import Debouncer
from notnow.ui.find import find_all
from notnow.ui.guard import Reporter, guarded
from notnow.ui.state import ALL, CaseState, Reactive

ERROR_COLOUR = "#b00020"
OK_COLOUR = "#1b5e20"
CAUTION_COLOUR = "#6d4c00"


def tr(lang: str, key: str, **values: object) -> str:
    """A UI text: keys without a dot prefix live under ui.*; others are full content keys."""
    return content.text(lang, key if "." in key else f"ui.{key}", **values)


def markdown_html(text: str) -> Markup:
    """Our teaching text as HTML: the one renderer of the printable pages too (notnow.markdown).

    Markup, like every HTML snippet of the widgets: it goes into `Markup(…).format(…)` and `Markup("").join(…)`
    as it is, while plain text there is escaped. Never `"<h3>…</h3>" + Markup(…)`: that escapes the str's tags.
    """
    return markdown(text)


def method_html(lang: str, moves: tuple[str, ...] | list[str]) -> Markup:
    """Moves of the method (data/content/*/method.toml) as boxes: title, text and the question to ask."""
    return Markup("").join(
        Markup(
            "<div style='border-left:3px solid #90caf9;padding:2px 12px;margin:6px 0'><b>{}</b>{}<p><i>{}</i></p></div>"
        ).format(
            tr(lang, f"method.{move}.title"),
            markdown_html(tr(lang, f"method.{move}.text")),
            tr(lang, f"method.{move}.prompt"),
        )
        for move in moves
    )


def method_box() -> widgets.HTML:
    """Where a step shows moves of the method (class nn-method: a chapter notebook shows them itself)."""
    box = widgets.HTML()
    box.add_class("nn-method")
    return box


def coloured(text: str, colour: str, mark: str = "") -> Markup:
    """A short message inline (escaped), coloured, with an optional mark (✔ ⚠ ⛔ ℹ): the one way the widgets
    colour a status, a hint or an error message."""
    prefix = f"{mark} " if mark else ""
    return Markup("<span style='color:{}'>{}{}</span>").format(colour, prefix, text)


def note_html(text: str, colour: str = "inherit", mark: str = "") -> Markup:
    """One line of our own text (escaped), coloured, with an optional mark (✔ ⚠ ⛔ ℹ)."""
    prefix = f"{mark} " if mark else ""
    return Markup("<p style='margin:2px 0;color:{}'>{}{}</p>").format(colour, prefix, text)


def focus(control: widgets.Widget) -> None:
    """Move the browser's focus to a control (ipywidgets 8 sends it a "focus" message; a group: its first)."""
    target = control
    while not hasattr(target, "focus") and getattr(target, "children", None):
        target = target.children[0]
    if hasattr(target, "focus"):
        target.focus()


LABEL_WIDTH = 210  # px: the column of labels on the left


def _own_label(control: widgets.Widget) -> bool:
    """Controls whose `description` can be the field's label, beside them (a checkbox's description is its own
    text; a toggle group puts its description above itself)."""
    return isinstance(control, widgets.widget_description.DescriptionWidget) and not isinstance(
        control, widgets.Checkbox | widgets.ToggleButton | widgets.Button | widgets.ToggleButtons
    )


class Field(widgets.VBox):
    """A labelled input with its validation message right beside (under) it.

    Every widget costs page-load time, so a field is as few as possible: the label is the control's own
    description where it has one, and the message and help widgets exist only when there is something to say.
    """

    def __init__(
        self, name: str, control: widgets.Widget, label_key: str | None = None, help_key: str | None = None
    ) -> None:
        self.name = name
        self.control = control
        self.label_key = label_key if label_key is not None else f"fields.{name}"  # "": no label
        self.help_key = help_key
        self._label: widgets.HTML | None = None
        if self.label_key and _own_label(control):
            control.style.description_width = f"{LABEL_WIDTH}px"
            width = str(control.layout.width or "")
            if width.endswith("px"):  # the description takes its room from the control's width; a layout of
                # its own, as layouts may be shared between controls
                kept = {k: v for k, v in control.layout.get_state().items() if not k.startswith("_") and v}
                control.layout = widgets.Layout(**{**kept, "width": f"{int(width[:-2]) + LABEL_WIDTH}px"})
            first: widgets.Widget = control
        elif self.label_key:
            self._label = widgets.HTML(layout=widgets.Layout(width=f"{LABEL_WIDTH}px"))
            first = widgets.HBox([self._label, control])
        else:
            first = control
        self._help = widgets.HTML(layout=widgets.Layout(margin=f"0 0 0 {LABEL_WIDTH + 4}px")) if help_key else None
        self._message: widgets.HTML | None = None
        control.add_class(f"nn-{name.replace('_', '-')}")
        self.add_class("nn-field")
        super().__init__([first, *([self._help] if self._help else [])])
        self.error: InputError | None = None

    def relabel(self, lang: str) -> None:
        if self.label_key:
            label = tr(lang, self.label_key)
            label = label[:1].upper() + label[1:]
            if self._label is not None:
                self._label.value = Markup("<b>{}</b>").format(label)
            else:
                self.control.description = label
                self.control.tooltip = label
        if self._help is not None and self.help_key:
            self._help.value = Markup("<small style='color:#555'>{}</small>").format(tr(lang, self.help_key))
        self.show(self.error, lang)

    def set_note(self, text: str) -> None:
        """A note beside the field that is no error (a "je" typed into a "u" case); "" hides it. The note's
        widget is made the first time there is something to say."""
        note = next((w for w in self.children if "nn-field-note" in getattr(w, "_dom_classes", ())), None)
        if note is None:
            if not text:
                return
            note = widgets.HTML()
            note.add_class("nn-field-note")
            box: Any = self
            box.children = (*box.children, note)
        note.value = Markup(f'<small style="color:{CAUTION_COLOUR}">ℹ {{}}</small>').format(text) if text else ""
        note.layout.display = None if text else "none"

    @property
    def message(self) -> str:
        """The message shown beside the field now ("" when none)."""
        return "" if self._message is None or self.error is None else str(self._message.value)

    def show(self, error: InputError | None, lang: str) -> None:
        """Show the error's message in `lang` beside the field, or clear it."""
        self.error = error
        if error is None:
            if self._message is not None:
                self._message.value = ""
                self._message.layout.display = "none"
            return
        if self._message is None:  # the first message this field has to show
            self._message = widgets.HTML()
            self._message.add_class("nn-error")
            box: Any = self
            box.children = (*box.children, self._message)
        self._message.value = coloured(error_text(error, lang), ERROR_COLOUR, "⚠")
        self._message.layout.display = None


class Binding:
    """One input bound to one field of a value object (the case, the profile): `get(current)` is what the
    input shows, `put(value)` writes it back; `current()` gives the object now, `lang()` the language."""

    def __init__(
        self,
        field: Field,
        get: Callable[[Any], Any],
        put: Callable[[Any], object],
        current: Callable[[], Any],
        lang: Callable[[], str],
        keep_invalid: bool = False,
    ) -> None:
        self.field = field
        # For an input whose shown value follows other fields (the reply text follows the offers): the user's
        # invalid entry stays, with its message, until they fix it or another case is opened.
        self.keep_invalid = keep_invalid
        self.get = get
        self.put = put
        self._current = current
        self._lang = lang
        self._shown: Any = None
        self._writing = False
        self._loading = False

    @property
    def control(self) -> widgets.Widget:
        return self.field.control

    def load(self, current: Any, force: bool = False) -> None:
        """Show the object's value, unless it is what the input already stands for (keep the user's typing)."""
        if self._writing:
            return
        value = self.get(current)
        if not force and (value == self._shown or (self.keep_invalid and self.field.error is not None)):
            return  # unchanged: keep what the user has typed (an invalid entry keeps its message)
        self._shown = value
        self._loading = True
        try:
            self.control.value = value
        finally:
            self._loading = False
        self.field.show(None, self._lang())

    def changed(self, value: Any) -> None:
        """The user changed the input: write the field, or show why not."""
        if self._loading:
            return
        self._writing = True
        try:
            self.put(value)
        except InputError as error:
            self.field.show(error, self._lang())
        else:
            self._shown = self.get(self._current())
            self.field.show(None, self._lang())
        finally:
            self._writing = False


class BoundView(widgets.VBox):
    """A panel whose inputs are bound to fields of one reactive value (the case, or the profile)."""

    def __init__(self, source: Reactive[Any], lang: Callable[[], str], reporter: Reporter | None = None) -> None:
        super().__init__()
        self._source = source
        self._lang_of = lang
        self._reporter = reporter
        self._fields: list[Field] = []
        self._bindings: list[Binding] = []

    def field(
        self, name: str, control: widgets.Widget, label_key: str | None = None, help_key: str | None = None
    ) -> Field:
        f = Field(name, control, label_key, help_key)
        self._fields.append(f)
        return f

    def bind(
        self,
        name: str,
        control: widgets.Widget,
        get: Callable[[Any], Any],
        put: Callable[[Any], object],
        label_key: str | None = None,
        help_key: str | None = None,
        keep_invalid: bool = False,
    ) -> Field:
        """A labelled input showing `get(value)`; a change calls `put(new)` (InputError → beside it)."""
        f = self.field(name, control, label_key, help_key)
        binding = Binding(f, get, put, lambda: self._source.value, self._lang_of, keep_invalid)
        self._bindings.append(binding)
        self.on(control, lambda change: self._input_changed(binding, change["new"]))
        return f

    def on(self, widget: widgets.Widget, handler: Callable[[dict[str, Any]], object], names: str = "value") -> None:
        """Observe `names` of `widget` with a guarded handler (no exception leaves it)."""
        widget.observe(guarded(handler, self._reporter), names)

    def on_click(self, button: widgets.Button, handler: Callable[[], object]) -> None:
        button.on_click(guarded(lambda _button: handler(), self._reporter))

    def field_named(self, name: str) -> Field:
        return next(f for f in self._fields if f.name == name)

    def attempt(self, target: Field | None, action: Callable[[], object]) -> bool:
        """Run `action`; an InputError shows beside its field (or `target`) instead of a traceback."""
        by_name = {f.name: f for f in self._fields}
        lang = self._lang_of()
        try:
            action()
        except InputError as error:
            shown = by_name.get(error.field) or target or (self._fields[0] if self._fields else None)
            if shown is not None:
                shown.show(error, lang)
            self._update_valid()
            return False
        if target is not None:
            target.show(None, lang)
        self._update_valid()
        return True

    @contextmanager
    def _quietly(self) -> Iterator[None]:
        """Fill inputs without their handlers writing back (the one quiet flag: the bindings')."""
        loading = [b._loading for b in self._bindings]
        for b in self._bindings:
            b._loading = True
        try:
            yield
        finally:
            for b, was in zip(self._bindings, loading, strict=True):
                b._loading = was

    def _load_bindings(self, force: bool = False) -> None:
        current = self._source.value
        for binding in self._bindings:
            binding.load(current, force=force)

    def _input_changed(self, binding: Binding, value: Any) -> None:
        binding.changed(value)
        self._update_valid()

    def _update_valid(self) -> None:
        """Subclasses with a `valid` trait set it here."""


class StepView(BoundView):
    """Base of the nine step components: private child widgets, a read-only `valid`, no business rules.

    Subclasses build their widgets in `_build` (binding inputs with `bind`), set labels in `_relabel` and redraw
    results in `_refresh`. `reads` names the case fields whose change makes this step redraw.
    """

    key: ClassVar[str] = ""
    reads: ClassVar[frozenset[str] | None] = None  # None: any change
    valid = traitlets.Bool(True, read_only=True)

    def __init__(self, state: CaseState) -> None:
        super().__init__(state, lambda: state.lang, state.report)
        self._state = state
        self._active = True
        self._stale = False
        self._later = Debouncer(reporter=self._reporter)
        self._summary_box: widgets.VBox | None = None
        self._summary_shown: list[tuple[str, widgets.Widget]] = []
        self._intro = widgets.HTML()
        self._intro.add_class("nn-intro")
        self.add_class(f"nn-step-{self.key}")
        self.children = [self._intro, *self._build()]
        state.watch(guarded(self._on_case, state.report))
        self._relabel_all()
        self._load_bindings(force=True)
        self._refresh()
        self._update_valid()

    # --- for subclasses -----------------------------------------------------------------------
    def _build(self) -> list[widgets.Widget]:
        raise NotImplementedError

    def _relabel(self) -> None:
        """Set every label and option text for the current language."""

    def _refresh(self) -> None:
        """Redraw results from the case (after a change to a field in `reads`, while this step is shown)."""

    def _own_valid(self) -> bool:
        """Step-specific conditions on top of "no input shows an error"."""
        return True

    @property
    def lang(self) -> str:
        return self._state.lang

    @property
    def case(self) -> Assessment:
        return self._state.case

    @property
    def state(self) -> CaseState:
        return self._state

    def t(self, key: str, **values: object) -> str:
        return tr(self.lang, key, **values)

    def later(self, draw: Callable[[], None], delay: float = 0.25) -> None:
        """Draw something slow (a chart) once typing pauses; at once outside a kernel (tests, scripts)."""
        self._later.schedule(draw, delay)

    def missing(self) -> list[str]:
        """What must still be filled in before Next (by name), where no message marks it: a new case's client
        and hours. The stepper says so in plain words instead of "fix the marked fields"."""
        return []

    def error_entries(self) -> list[tuple[str, widgets.Widget]]:
        """Every message shown on this step, as (text, the control it is about), top to bottom: the summary of
        errors at the top of the step links each to its control."""
        lang = self.lang
        entries: list[tuple[str, widgets.Widget]] = []
        for f in self._fields:
            if f.error is not None:
                label = tr(lang, f.label_key) if f.label_key else ""
                text = error_text(f.error, lang)
                entries.append((f"{label[:1].upper()}{label[1:]}: {text}" if label else text, f.control))
        return entries

    # --- wiring -------------------------------------------------------------------------------
    def _update_valid(self) -> None:
        self.set_trait("valid", all(f.error is None for f in self._fields) and self._own_valid())
        self._show_error_summary()

    def _show_error_summary(self) -> None:
        """The GOV.UK pattern: a box at the top of the step listing each message, a click goes to its field.
        Built when there is first something to list (no widgets on a step without errors)."""
        entries = self.error_entries() if not self.valid else []
        if (not entries and self._summary_box is None) or entries == self._summary_shown:
            return  # nothing new to say: no widgets rebuilt on every key
        self._summary_shown = entries
        if self._summary_box is None:
            self._summary_box = widgets.VBox()
            self._summary_box.add_class("nn-error-summary")
            shown: Any = self
            shown.children = (shown.children[0], self._summary_box, *shown.children[1:])
        links: list[widgets.Widget] = []
        if entries:
            links.append(
                widgets.HTML(
                    Markup("<b style='color:{}'>{}</b>").format(ERROR_COLOUR, tr(self.lang, "ui.forms.summary_heading"))
                )
            )
        for text, control in entries:
            link = widgets.Button(description=text, tooltip=text, layout=widgets.Layout(width="auto"))
            link.add_class("nn-error-link")
            link.on_click(guarded(lambda _b, control=control: focus(control), self._reporter))
            links.append(link)
        for old in self._summary_box.children:
            old.close()
        self._summary_box.children = links
        self._summary_box.layout.display = None if entries else "none"

    def activate(self, active: bool) -> None:
        """Only the shown step redraws on every change; a hidden one catches up when shown again."""
        self._active = active
        if active and self._stale:
            self._stale = False
            self._refresh()
            self._update_valid()

    show_method = True  # a chapter notebook sets it off: its own text presents the method's moves

    def _intro_more(self) -> Markup:
        """HTML to add under the step's teaching intro (in the same widget: one widget less to load)."""
        return Markup("")

    def hide_method(self) -> None:
        """Leave the method's moves out (a chapter notebook presents them itself)."""
        self.show_method = False
        for box in find_all(self, "nn-method"):
            box.layout.display = "none"
        self._relabel_all()

    def _relabel_all(self) -> None:
        self._intro.value = (
            Markup("<h3>{}</h3>").format(self.t(f"steps.{self.key}.title"))
            + markdown_html(self.t(f"steps.{self.key}.intro"))
            + self._intro_more()
        )
        for f in self._fields:
            f.relabel(self.lang)
        self._relabel()

    def _on_case(self, changed: frozenset[str]) -> None:
        if changed is ALL or "lang" in changed:
            self._relabel_all()
        self._load_bindings(force=changed is ALL)
        if changed is ALL or self.reads is None or changed & self.reads or "lang" in changed:
            if self._active:
                self._refresh()
            else:
                self._stale = True
        self._update_valid()
