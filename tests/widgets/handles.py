"""Reading a component from the outside, the way a user (or a browser test) sees it: by `nn-*` class, by what
is shown, never by a private attribute. Shared by the widget tests."""

from __future__ import annotations

import html
import re
from typing import Any

import ipywidgets as widgets

from notnow.ui.find import find, find_all, walk

TEXT_TRAITS = ("value", "description", "placeholder", "tooltip")


def hidden(widget: widgets.Widget) -> bool:
    return getattr(getattr(widget, "layout", None), "display", None) == "none"


def shown(root: widgets.Widget, target: widgets.Widget) -> bool:
    """Whether `target` is on the page under `root`: in the tree, and neither it nor a box around it hidden."""

    def path(node: widgets.Widget) -> list[widgets.Widget] | None:
        if node is target:
            return [node]
        for child in getattr(node, "children", ()) or ():
            below = path(child)
            if below is not None:
                return [node, *below]
        return None

    found = path(root)
    return found is not None and not any(hidden(w) for w in found)


def visible_widgets(root: widgets.Widget) -> list[widgets.Widget]:
    """`root` and everything inside it that is on the page (no hidden box on the way)."""
    if hidden(root):
        return []
    seen = [root]
    for child in getattr(root, "children", ()) or ():
        seen += visible_widgets(child)
    return seen


BLOCK_TAG = re.compile(r"</?(?:p|div|li|ul|ol|br|h\d|tr|td|th|table|blockquote)\b[^>]*>", re.IGNORECASE)
ANY_TAG = re.compile(r"<[^>]+>")


def as_text(markup: str) -> str:
    """HTML as the words a reader sees: tags dropped (blocks become spaces), entities decoded."""
    return html.unescape(ANY_TAG.sub("", BLOCK_TAG.sub(" ", markup)))


def page_text(root: widgets.Widget) -> str:
    """Everything a user can read under `root`: HTML and labels, button and checkbox texts (hidden parts left out)."""
    parts: list[str] = []
    for w in visible_widgets(root):
        if isinstance(w, widgets.HTML):
            parts.append(as_text(str(w.value)))
        elif isinstance(w, widgets.Label):
            parts.append(str(w.value))
        elif isinstance(w, widgets.Button | widgets.Checkbox | widgets.ToggleButton):
            parts.append(str(w.description))
        elif isinstance(w, widgets.Dropdown | widgets.RadioButtons | widgets.ToggleButtons):
            parts.append(" ".join(option_labels(w)))
    return "\n".join(parts)


def option_labels(choice: Any) -> list[str]:
    """The labels of a dropdown's or radio group's options, as listed."""
    return [str(o[0]) if isinstance(o, tuple) else str(o) for o in choice.options]


def all_html(root: widgets.Widget) -> str:
    """Every HTML value under `root`, shown or hidden (for checks that user text is never markup)."""
    return "\n".join(str(w.value) for w in walk(root) if isinstance(w, widgets.HTML))


def html_holding(root: widgets.Widget, marker: str) -> widgets.HTML:
    """The one HTML widget whose markup holds `marker` (e.g. an element class inside it)."""
    found = [w for w in walk(root) if isinstance(w, widgets.HTML) and marker in str(w.value)]
    if len(found) != 1:
        raise LookupError(f"{len(found)} HTML widgets hold {marker!r}")
    return found[0]


def label_of(root: widgets.Widget, css: str) -> str:
    """The label text of the field that holds the input with class `css` (its own HTML label, or the input's
    description where the input carries the label itself)."""
    for field in find_all(root, "nn-field"):
        controls = find_all(field, css)
        if controls:
            messages = {id(w) for w in find_all(field, "nn-error") + find_all(field, "nn-help")}
            labels = [str(w.value) for w in walk(field) if isinstance(w, widgets.HTML) and id(w) not in messages]
            return " ".join([*labels, str(getattr(controls[0], "description", ""))]).strip()
    raise LookupError(f"no field holds an input with class {css!r}")


# --- editable tables (parts, tiers, colleagues) ----------------------------------------------------


def rows(root: widgets.Widget, prefix: str) -> list[widgets.Widget]:
    """The rows of the table `prefix` (part, tier, colleague), top to bottom."""
    return find_all(root, f"nn-{prefix}-row")


def cell(row: widgets.Widget, prefix: str, column: str) -> Any:
    return find(row, f"nn-{prefix}-{column}")


def row_values(root: widgets.Widget, prefix: str, *columns: str) -> list[tuple[Any, ...]]:
    return [tuple(cell(row, prefix, c).value for c in columns) for row in rows(root, prefix)]


def row_named(root: widgets.Widget, prefix: str, name: str) -> widgets.Widget:
    return next(row for row in rows(root, prefix) if cell(row, prefix, "name").value == name)


def row_message(row: widgets.Widget) -> str:
    """The message shown under one row ("" when none is shown)."""
    return " ".join(str(m.value) for m in find_all(row, "nn-error") if not hidden(m))


def table_message(root: widgets.Widget, prefix: str) -> str:
    """The message shown under the whole table (not under one row)."""
    table = find(root, f"nn-{prefix}-table")
    in_rows = {id(m) for row in rows(table, prefix) for m in find_all(row, "nn-error")}
    return " ".join(str(m.value) for m in find_all(table, "nn-error") if id(m) not in in_rows and not hidden(m))
