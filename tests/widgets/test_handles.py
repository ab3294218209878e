"""The tests reach into components only through public handles, and the helpers that read a page do so honestly."""

from __future__ import annotations

import ast
from pathlib import Path

import ipywidgets as widgets
import pytest

from tests.widgets.handles import as_text, page_text, shown

TESTS = Path(__file__).resolve().parents[1]


def private_uses(source: str) -> list[str]:
    """`x._name` attribute uses and private names imported from the widget package, by line (`self._name` of a
    file's own helper class and dunders are fine; the logic's tests may import its private tables)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute):
            own = isinstance(node.value, ast.Name) and node.value.id == "self"
            if node.attr.startswith("_") and not node.attr.startswith("__") and not own:
                found.append(f"{node.lineno} .{node.attr}")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("notnow.ui"):
            found += [f"{node.lineno} import {alias.name}" for alias in node.names if alias.name.startswith("_")]
    return sorted(found)


COMPONENT_TESTS = sorted([*(TESTS / "widgets").glob("*.py"), *(TESTS / "ui").glob("*.py")])  # what drives widgets


@pytest.mark.parametrize("path", COMPONENT_TESTS, ids=lambda p: str(p.relative_to(TESTS)))
def test_no_test_touches_a_private_attribute(path):
    assert private_uses(path.read_text(encoding="utf-8")) == []


def test_the_private_attribute_check_finds_what_it_is_for():
    sample = "from notnow.ui.rows import _Row\nstep._rows[0].value = 1\nself._scratch = 1\nx.__class__\n"
    assert private_uses(sample) == ["1 import _Row", "2 ._rows"]


def test_page_text_leaves_out_what_is_hidden_and_reads_html_as_words():
    note = widgets.HTML("<p>Fish &amp; chips</p><p>today</p>")
    secret = widgets.HTML("hidden words", layout=widgets.Layout(display="none"))
    inner = widgets.HTML("inside a hidden box")
    box = widgets.VBox([inner], layout=widgets.Layout(display="none"))
    page = widgets.VBox([note, secret, box, widgets.Button(description="Go")])
    text = " ".join(page_text(page).split())
    assert "Fish & chips today" in text
    assert "Go" in text
    assert "hidden words" not in text
    assert "inside a hidden box" not in text
    assert not shown(page, inner)
    assert shown(page, note)
    assert not shown(page, widgets.HTML("elsewhere"))  # not under the page at all


def test_as_text_drops_tags_and_decodes_entities():
    assert as_text("<b>Bloom &amp; Co</b><br>can&#x27;t").split() == ["Bloom", "&", "Co", "can't"]
