"""One editable table for parts, rush tiers and colleagues: add a row, remove one, a message beside each.

The rows hold what the user types; `parse` turns a row into an item (a Part, a tier, a Colleague) or raises
the InputError shown beside that row. Only when every row holds does `on_change(items)` get the whole list,
and an InputError from there (two parts with one name, a plan that no longer fits) shows under the table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import ipywidgets as widgets
import traitlets
from markupsafe import Markup

from notnow.errors import InputError
from notnow.fmt import error_text
from notnow.ui.base import ERROR_COLOUR, coloured, tr
from notnow.ui.guard import Reporter, guarded

T = TypeVar("T")


@dataclass(frozen=True)
class Column:
    """One column: `kind` is text, check or choice; `choices(lang)` gives (label, value) pairs for a choice."""

    key: str
    kind: str
    width: str
    label_key: str
    placeholder_key: str | None = None
    choices: Callable[[str], list[tuple[str, str]]] | None = None
    default: Any = ""
    # A check's text from the row's values (e.g. "asked on 2 Dec"): `caption(values, lang)`; else placeholder.
    caption: Callable[[dict[str, Any], str], str] | None = None


class _Row:
    """The controls of one row and the message under them."""

    def __init__(self, prefix: str, columns: Sequence[Column], lang: str) -> None:
        self.controls: dict[str, widgets.Widget] = {}
        for column in columns:
            layout = widgets.Layout(width=column.width)
            control: widgets.Widget
            if column.kind == "check":
                control = widgets.Checkbox(value=bool(column.default), indent=False, layout=layout)
            elif column.kind == "choice":
                options = column.choices(lang) if column.choices else []
                control = widgets.Dropdown(options=options, value=column.default or None, layout=layout)
            else:
                control = widgets.Text(value=str(column.default), layout=layout)
            control.add_class(f"nn-{prefix}-{column.key.replace('_', '-')}")
            self.controls[column.key] = control
        self.remove = widgets.Button(icon="trash", layout=widgets.Layout(width="40px"))
        self.remove.add_class(f"nn-{prefix}-remove")
        self.message = widgets.HTML(layout=widgets.Layout(display="none"))
        self.message.add_class("nn-error")
        self.box = widgets.VBox([widgets.HBox([*self.controls.values(), self.remove]), self.message])
        self.box.add_class(f"nn-{prefix}-row")
        self.touched = False  # a freshly added blank row shows no message until the user edits it
        self.kept: dict[str, Any] = {}  # what the item holds beyond the columns (a colleague's asked-on date)
        self.error: InputError | None = None

    def values(self) -> dict[str, Any]:
        return {**self.kept, **{key: control.value for key, control in self.controls.items()}}

    def fill(self, values: dict[str, Any]) -> None:
        for key, value in values.items():
            if key in self.controls:
                self.controls[key].value = value
            else:
                self.kept[key] = value

    def show(self, error: InputError | None, lang: str) -> None:
        self.error = error
        if error is None:
            self.message.value, self.message.layout.display = "", "none"
        else:
            self.message.value = coloured(error_text(error, lang), ERROR_COLOUR, "⚠")
            self.message.layout.display = None

    def close(self) -> None:
        for widget in (*self.controls.values(), self.remove, self.message, *self.box.children, self.box):
            widget.close()


def _same_items(new: tuple[T, ...], old: tuple[T, ...]) -> bool:
    """The same items, in any order: the value kept them in its own order (tiers by notice), which must not
    move a row under the user's cursor (items need only compare equal, not hash)."""
    if len(new) != len(old):
        return False
    left = list(old)
    for item in new:
        for index, candidate in enumerate(left):
            if candidate == item:
                del left[index]
                break
        else:
            return False
    return True


class EditableRows(widgets.VBox, Generic[T]):
    """An editable list of items. `items` is the list as last parsed; `valid` (read-only, observable) tells
    whether every row holds, so the step around it can block Next while a row shows a message."""

    valid = traitlets.Bool(True, read_only=True)

    def __init__(
        self,
        prefix: str,
        columns: Sequence[Column],
        parse: Callable[[dict[str, Any]], T],
        values_of: Callable[[T], dict[str, Any]],
        on_change: Callable[[tuple[T, ...]], object],
        add_key: str,
        remove_key: str,
        lang: str,
        reporter: Reporter | None = None,
    ) -> None:
        super().__init__()
        self._prefix = prefix
        self._columns = tuple(columns)
        self._parse = parse
        self._values_of = values_of
        self._on_change = on_change
        self._add_key, self._remove_key = add_key, remove_key
        self._lang = lang
        self._report = reporter
        self._rows: list[_Row] = []
        self._items: tuple[T, ...] = ()
        self._quiet = False
        self.table_error: InputError | None = None
        # What a new row starts with, by its place (the split's first row is the request's urgent part).
        self.new_row_values: Callable[[int], dict[str, Any]] | None = None
        self._header = widgets.HBox([widgets.HTML(layout=widgets.Layout(width=c.width)) for c in self._columns])
        self._rows_box = widgets.VBox()
        self._rows_box.add_class(f"nn-{prefix}-rows")
        self._message = widgets.HTML(layout=widgets.Layout(display="none"))
        self._message.add_class("nn-error")
        self._add = widgets.Button(icon="plus", layout=widgets.Layout(width="auto", align_self="flex-start"))
        self._add.add_class(f"nn-add-{prefix}")
        self._add.on_click(guarded(lambda _b: self.add_row(), reporter))
        self.add_class(f"nn-{prefix}-table")
        self.children = [self._header, self._rows_box, self._message, self._add]
        self.relabel(lang)

    # --- reading ------------------------------------------------------------------------------
    @property
    def items(self) -> tuple[T, ...]:
        return self._items

    @property
    def row_count(self) -> int:
        return len(self._rows)

    def error_entries(self) -> list[tuple[str, widgets.Widget]]:
        """The messages shown in the table, each with the control to go to (for the step's summary)."""
        entries = [
            (error_text(row.error, self._lang), next(iter(row.controls.values())))
            for row in self._rows
            if row.error is not None and row.message.layout.display != "none"
        ]
        if self.table_error is not None and self._message.layout.display != "none":
            first = next(iter(self._rows[0].controls.values())) if self._rows else self._add
            entries.append((error_text(self.table_error, self._lang), first))
        return entries

    # --- changing -----------------------------------------------------------------------------
    def set_items(self, items: Sequence[T], force: bool = False) -> None:
        """Show these items (another case, or a change made elsewhere). Items equal to what the rows last
        gave are not redrawn, so the user's typing (even an unfinished, invalid row) stays."""
        items = tuple(items)
        if not force and _same_items(items, self._items):
            return  # ours, perhaps put in order (tiers): the rows keep their place and the text typed
        for row in self._rows:
            row.close()
        self._rows = []
        self._quiet = True
        try:
            for item in items:
                self._new_row().fill(self._values_of(item))
        finally:
            self._quiet = False
        self._items = items
        self._show_table_error(None)
        self._show_rows()

    def add_row(self) -> None:
        row = self._new_row()
        if self.new_row_values is not None:
            self._quiet = True
            try:
                row.fill(self.new_row_values(len(self._rows) - 1))
            finally:
                self._quiet = False
        self._show_rows()
        self._rows_changed()

    def relabel(self, lang: str) -> None:
        self._lang = lang
        for cell, column in zip(self._header.children, self._columns, strict=True):
            cell.value = Markup("<b>{}</b>").format(tr(lang, column.label_key))
        self._add.description = tr(lang, self._add_key)
        self._quiet = True
        try:
            for row in self._rows:
                self._relabel_row(row)
        finally:
            self._quiet = False
        for row in self._rows:
            row.show(row.error, lang)
        self._show_table_error(self.table_error)

    # --- inside -------------------------------------------------------------------------------
    def _new_row(self) -> _Row:
        row = _Row(self._prefix, self._columns, self._lang)
        self._relabel_row(row)
        for control in row.controls.values():
            control.observe(guarded(lambda _c, row=row: self._row_edited(row), self._report), "value")
        row.remove.on_click(guarded(lambda _b, row=row: self._remove(row), self._report))
        self._rows.append(row)
        return row

    def _relabel_row(self, row: _Row) -> None:
        for column in self._columns:
            control = row.controls[column.key]
            control.tooltip = tr(self._lang, column.label_key)  # the cell's accessible name: its column's title
            if column.kind == "choice" and column.choices is not None:
                value = control.value
                control.options = column.choices(self._lang)
                control.value = value
            elif column.kind == "check":
                if column.caption is not None:
                    control.description = column.caption(row.values(), self._lang)
                else:
                    control.description = tr(self._lang, column.placeholder_key) if column.placeholder_key else ""
            elif column.placeholder_key:
                control.placeholder = tr(self._lang, column.placeholder_key)
        row.remove.tooltip = tr(self._lang, self._remove_key)

    def _row_edited(self, row: _Row) -> None:
        if self._quiet:
            return
        row.touched = True
        self._rows_changed()

    def _keep(self, row: _Row, item: T) -> None:
        """Keep what the parsed item holds beyond the columns (set when a box was ticked), and the captions
        that show it."""
        row.kept = {k: v for k, v in self._values_of(item).items() if k not in row.controls}
        for column in self._columns:
            if column.caption is not None:
                row.controls[column.key].description = column.caption(row.values(), self._lang)

    def _remove(self, row: _Row) -> None:
        if row in self._rows:
            self._rows.remove(row)
            self._show_rows()
            row.close()
            self._rows_changed()

    def _show_rows(self) -> None:
        self._rows_box.children = [row.box for row in self._rows]
        self._header.layout.display = None if self._rows else "none"

    def _rows_changed(self) -> None:
        parsed: list[T] = []
        ok = True
        for row in self._rows:
            try:
                parsed.append(self._parse(row.values()))
            except InputError as error:
                row.show(error if row.touched else None, self._lang)
                row.error = error  # an untouched blank row still blocks, silently
                ok = False
            else:
                row.show(None, self._lang)
                self._keep(row, parsed[-1])
        if not ok:
            self._show_table_error(None)
            return
        items, previous = tuple(parsed), self._items
        self._items = items  # first: the change comes back to set_items, which must see it is ours
        self._show_table_error(None)  # before on_change: the step reads `valid` in there
        try:
            self._on_change(items)
        except InputError as error:
            self._items = previous
            self._place_table_error(error, items)

    def _place_table_error(self, error: InputError, items: tuple[T, ...]) -> None:
        """A duplicate shows beside the row that repeats the name; anything else under the table."""
        repeated = error.params.get("value")
        if error.code == "duplicate" and repeated is not None:
            rows = [
                row
                for row, item in zip(self._rows, items, strict=True)
                if self._values_of(item).get("name") == repeated
            ]
            if rows:
                rows[-1].show(error, self._lang)
                self._show_table_error(None)
                self.table_error = error
                self._update_valid()
                return
        self._show_table_error(error)

    def _update_valid(self) -> None:
        self.set_trait("valid", self.table_error is None and all(row.error is None for row in self._rows))

    def _show_table_error(self, error: InputError | None) -> None:
        self.table_error = error
        self._update_valid()
        if error is None:
            self._message.value, self._message.layout.display = "", "none"
        else:
            text = error_text(error, self._lang)
            self._message.value = coloured(text, ERROR_COLOUR, "⚠")
            self._message.layout.display = None
