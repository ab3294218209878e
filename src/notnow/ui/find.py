"""Find widgets by their `nn-*` CSS class: the public handles of every component.

Tests, benchmarks and notebooks reach into a component through these classes (the same ones a browser test
uses), never through private attributes, so a refactor inside a component breaks nothing outside it. In the
spirit of solara's testing helpers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeVar

import ipywidgets as widgets

W = TypeVar("W", bound=widgets.Widget)


def walk(root: widgets.Widget) -> Iterator[widgets.Widget]:
    """The widget and everything inside it, depth first (children of boxes, accordions and tabs)."""
    yield root
    for child in getattr(root, "children", ()) or ():
        if isinstance(child, widgets.Widget):
            yield from walk(child)


def find_all(root: widgets.Widget, css: str, kind: type[W] | None = None) -> list[Any]:
    """Every widget under `root` with the CSS class `css` (and of type `kind`, when given)."""
    return [w for w in walk(root) if css in getattr(w, "_dom_classes", ()) and (kind is None or isinstance(w, kind))]


def find(root: widgets.Widget, css: str, kind: type[W] | None = None) -> Any:
    """The one widget under `root` with the CSS class `css`; LookupError when there is none or several."""
    found = find_all(root, css, kind)
    if len(found) != 1:
        raise LookupError(f"{len(found)} widgets with class {css!r}" + (f" of type {kind.__name__}" if kind else ""))
    return found[0]


def has(root: widgets.Widget, css: str) -> bool:
    return bool(find_all(root, css))


def message_beside(root: widgets.Widget, css: str) -> str:
    """The message shown beside the input with class `css` (its field's `nn-error`), "" when none is shown."""
    for field in find_all(root, "nn-field"):
        if find_all(field, css):
            return str(field.message)
    raise LookupError(f"no field holds an input with class {css!r}")
