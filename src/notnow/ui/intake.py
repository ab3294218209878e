"""MailIntake: step 1 opens with the client's mail — pasted, or its .eml / .msg dropped — and fills what it says.

The rules for reading live in `notnow.intake`; this component only lays them out. What the mail says fills the
request's empty fields, each with a note beside it saying where it came from ("read from: 'uiterlijk vrijdag
11 december'"); a field the user already filled is never overwritten without asking: the mail's value is shown
with one button to take it. The case keeps the client's address, subject and message id, so the reply can go
back in the client's thread.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import ipywidgets as widgets
from markupsafe import Markup

from notnow.errors import InputError
from notnow.fmt import error_text, format_date, format_hours_unit, locale
from notnow.intake import Intake, read_mail
from notnow.ui.base import CAUTION_COLOUR, ERROR_COLOUR, OK_COLOUR, Field, tr
from notnow.ui.debounce import Debouncer
from notnow.ui.guard import guarded
from notnow.ui.state import ALL, CaseState

FIELDS: tuple[str, ...] = ("client", "contact", "asked", "hours", "deadline", "received")  # request fields read
PASTE_PAUSE = 0.4  # s: read a paste once the text stops changing, not on every key


def _same(name: str, a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is b
    if isinstance(a, datetime) and isinstance(b, datetime):
        return a.replace(tzinfo=None, second=0, microsecond=0) == b.replace(tzinfo=None, second=0, microsecond=0)
    if name == "hours":
        return float(a) == float(b)
    return bool(a == b)


class MailIntake(widgets.VBox):
    """Paste or drop the client's mail; what it says fills the request's empty fields.

    `field_of(name)` finds the step's input for a request field (None when not built yet); `typed()` is the set
    of fields the user filled in on this case; `filled()` is called after fields were filled, so the step can
    leave its "new case" state.
    """

    def __init__(
        self,
        state: CaseState,
        field_of: Callable[[str], Field | None],
        typed: Callable[[], set[str]],
        filled: Callable[[], None],
    ) -> None:
        self._state = state
        self._field_of = field_of
        self._typed = typed
        self._filled = filled
        self._paste_pause = Debouncer(lambda: self.read(self._paste.value), PASTE_PAUSE, state.report)
        self._notes: dict[str, widgets.HTML] = {}
        self._read: dict[str, Any] = {}  # the value each noted field got from the mail
        self._offer: dict[str, Any] = {}  # what the mail says for fields the user filled otherwise
        self._prompt = widgets.HTML()
        self._paste = widgets.Textarea(layout=widgets.Layout(width="570px", height="64px"))
        self._paste.add_class("nn-mail-paste")
        self._upload = widgets.FileUpload(accept=".eml,.msg,message/rfc822,application/vnd.ms-outlook", multiple=False)
        self._upload.add_class("nn-mail-upload")
        # The message and the "use what the mail says" button exist only once there is something to say: the
        # first page loads every widget model it holds.
        self._message: widgets.HTML | None = None
        self._use: widgets.Button | None = None
        report = state.report
        self._paste.observe(guarded(self._on_paste, report), "value")
        self._upload.observe(guarded(self._on_upload, report), "value")
        state.watch(guarded(self._on_case, report))
        super().__init__([self._prompt, self._paste, self._upload])  # no box around the two: a model less to load
        self.add_class("nn-mail-intake")
        self.relabel()

    # --- texts ---------------------------------------------------------------------------------------------
    @property
    def lang(self) -> str:
        return self._state.lang

    def _t(self, key: str, **values: object) -> str:
        return tr(self.lang, f"ui.intake.{key}", **values)

    def _t_drop(self, key: str) -> str:
        return tr(self.lang, f"ui.intake_drop.{key}")

    def relabel(self) -> None:
        # The words static/drop.js shows while a file is dragged over the box, in the language shown: carried in
        # this HTML (no widget model more on the first page), hidden until a drag.
        hint, refused = self._t_drop("hint"), self._t_drop("refused")
        self._prompt.value = Markup(
            "<h4>{}</h4><p class='nn-drop-hint' hidden role='status' data-hint='{}' data-refused='{}'>{}</p>"
        ).format(self._t("prompt"), hint, refused, hint)
        self._paste.placeholder = self._t("paste_placeholder")
        self._paste.description = self._t("paste_label")
        self._paste.tooltip = self._t("prompt")
        self._upload.description = self._t("upload")
        self._upload.tooltip = self._t("upload")
        if self._use is not None:
            self._use.description = self._t("use_mail")

    # --- reading ---------------------------------------------------------------------------------------------
    def _on_paste(self, _change: dict[str, Any]) -> None:
        self._paste_pause.schedule()  # in a kernel once typing pauses; in tests and scripts at once

    def _on_upload(self, change: dict[str, Any]) -> None:
        files = change["new"]
        if not files:
            return  # the upload was cleared (below)
        data = bytes(files[0]["content"])
        self._upload.value = ()  # the file is read: the kernel keeps no copy
        self.read(data)

    def read(self, message: bytes | str) -> Intake | None:
        """Read the mail and fill the empty fields; an unreadable mail is said beside the paste box."""
        if isinstance(message, str) and not message.strip():
            self._say("")
            return None
        calendar = self._state.case.calendar
        try:
            intake = read_mail(message, day_start=calendar.day_start, hours_per_day=calendar.hours_per_day)
        except InputError as error:
            self._say(error_text(error, self.lang), ERROR_COLOUR, "⚠")
            return None
        self._apply(intake)
        return intake

    def _apply(self, intake: Intake) -> None:
        values = self._values(intake)
        empty = {n: v for n, v in values.items() if self._is_empty(n)}
        self._offer = {n: v for n, v in values.items() if n not in empty and not self._shows(n, v)}
        if intake.lang and intake.lang != self._state.case.lang:
            self._offer["lang"] = intake.lang
        self._state.update(client_email=intake.email, mail_subject=intake.subject, message_id=intake.message_id)
        written = self._write(empty)
        self._clear_notes()
        self._read = dict(values)
        for name in written:
            self._note(name, intake.found.get(name, ""))
        self._report(intake, written)

    def _values(self, intake: Intake) -> dict[str, Any]:
        """The request fields the mail says something about (nothing for what it leaves out)."""
        found = intake.found
        values: dict[str, Any] = {n: getattr(intake, n) for n in ("client", "contact", "asked") if getattr(intake, n)}
        if intake.hours:
            values["hours"] = intake.hours
        if intake.deadline is not None:
            values["deadline"] = intake.deadline
        if "received" in found:
            values["received"] = intake.received
        return values

    def _is_empty(self, name: str) -> bool:
        """A field counts as empty while the user has not filled it: in a new case every request field holds a
        placeholder; in a saved one, only what is blank."""
        if name in self._typed():
            return False
        if self._state.fresh:
            return True
        return getattr(self._state.case.request, name) in ("", None)

    def _shows(self, name: str, value: Any) -> bool:
        return _same(name, getattr(self._state.case.request, name), value)

    def _write(self, values: dict[str, Any]) -> list[str]:
        """Write the fields together (the deadline is checked against the received moment); when that is refused,
        each one alone, so one value the case can't take leaves the others in."""
        if not values:
            return []
        typed = self._typed()
        typed.update(values)  # before the write: a new case shows a field only once it counts as filled
        try:
            self._state.update_request(**values)
            written = list(values)
        except InputError:
            written = []
            for name, value in values.items():
                try:
                    self._state.update_request(**{name: value})
                    written.append(name)
                except InputError:
                    typed.discard(name)
        self._filled()
        return written

    def _use_mail(self) -> None:
        """The user asked for the mail's values in the fields they had filled themselves."""
        offer, self._offer = self._offer, {}
        lang = offer.pop("lang", None)
        written = self._write(offer)
        if lang:
            self._state.update(lang=lang)
        for name in written:
            self._note(name, "")
        self._say(self._t("filled", fields=self._labels(written)) if written else "", OK_COLOUR, "✔")

    # --- showing ---------------------------------------------------------------------------------------------
    def _labels(self, names: list[str]) -> str:
        return ", ".join(tr(self.lang, f"fields.{'language' if n == 'lang' else n}") for n in names)

    def _shown_value(self, name: str, value: Any) -> str:
        if name == "hours":
            return format_hours_unit(float(value), self.lang)
        if isinstance(value, datetime):
            return f"{format_date(value.date(), self.lang)} {value:%H:%M}"
        if name == "lang":
            return str(locale(self.lang).languages.get(value, value))
        return f"‘{value}’"

    def _report(self, intake: Intake, written: list[str]) -> None:
        lines: list[Markup] = []
        if written:
            lines.append(self._line(self._t("filled", fields=self._labels(written)), OK_COLOUR, "✔"))
        elif not self._offer:
            lines.append(self._line(self._t("nothing"), CAUTION_COLOUR, "ℹ"))
        for name, value in self._offer.items():
            words = intake.found.get(name, "") if name != "lang" else ""
            lines.append(
                self._line(
                    self._t("differs", value=self._shown_value(name, value), field=self._labels([name]), words=words),
                    CAUTION_COLOUR,
                    "⚠",
                )
            )
        if intake.email and intake.subject:
            lines.append(self._line(self._t("thread", email=intake.email, subject=intake.subject), "#555", "ℹ"))
        self._show(Markup("").join(lines))
        self._show_use(bool(self._offer))

    @staticmethod
    def _line(text: str, colour: str, mark: str) -> Markup:
        return Markup("<p style='margin:2px 0;color:{}'>{} {}</p>").format(colour, mark, text)

    def _say(self, text: str, colour: str = "inherit", mark: str = "") -> None:
        self._show(self._line(text, colour, mark) if text else Markup(""))
        self._show_use(False)

    def _show(self, html: Markup) -> None:
        if self._message is None:
            if not html:
                return
            self._message = widgets.HTML()
            self._message.add_class("nn-mail-message")
            box: Any = self
            box.children = (*box.children, self._message)
        self._message.value = html
        self._message.layout.display = None if html else "none"

    def _show_use(self, show: bool) -> None:
        if self._use is None:
            if not show:
                return
            self._use = widgets.Button(description=self._t("use_mail"), layout=widgets.Layout(width="auto"))
            self._use.add_class("nn-mail-use")
            self._use.on_click(guarded(lambda _b: self._use_mail(), self._state.report))
            box: Any = self
            box.children = (*box.children, self._use)
        self._use.layout.display = None if show else "none"

    def _note(self, name: str, words: str) -> None:
        """ "read from: '…'" under the field the mail filled (when the field is on the page)."""
        target = self._field_of(name)
        if target is None:
            return
        note = widgets.HTML()
        note.add_class("nn-read-from")
        note.value = Markup("<small style='color:{}'>✉ {}</small>").format(
            OK_COLOUR, self._t("read_from", words=words) if words else self._t("filled", fields=self._labels([name]))
        )
        box: Any = target
        box.children = (*box.children, note)
        self._notes[name] = note

    def _drop_note(self, name: str) -> None:
        note = self._notes.pop(name)
        target = self._field_of(name)
        if target is not None:
            box: Any = target
            box.children = tuple(c for c in box.children if c is not note)
        note.close()

    def _clear_notes(self) -> None:
        for name in list(self._notes):
            self._drop_note(name)

    def _on_case(self, changed: frozenset[str]) -> None:
        if changed is ALL:  # another case opened: what was read belongs to the one before
            self._clear_notes()
            self._offer = {}
            self._say("")
        elif "request" in changed:  # a note stays only while its field still holds what the mail said
            request = self._state.case.request
            for name in [n for n in self._notes if not _same(n, getattr(request, n), self._read.get(n))]:
                self._drop_note(name)
        if changed is ALL or "lang" in changed:
            self.relabel()
