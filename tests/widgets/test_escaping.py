"""User text is HTML-escaped wherever the widgets show it as HTML, by default: markupsafe's `Markup` templates,
never hand `html.escape` calls (which are easy to forget, and to apply twice).

The rule is checked on the source of the widget layer; the behaviour by typing markup into the public inputs of
the Workbook and reading every HTML widget (shown or hidden) on the request, referral, reply and summary paths.
"""

from __future__ import annotations

import ast
import base64
import re
from pathlib import Path
from urllib.parse import quote

import ipywidgets as widgets
import pytest

from notnow import Assessment
from notnow.store import Store
from notnow.ui import Workbook
from notnow.ui.find import find
from tests.widgets.handles import all_html, cell, row_named

UI = Path(__file__).resolve().parents[2] / "src" / "notnow" / "ui"

CLIENT = "<img src=x onerror=alert(1)>"
CLIENT_SHOWN = "&lt;img src=x onerror=alert(1)&gt;"  # markupsafe.escape(CLIENT), worked out by hand
COLLEAGUE = '"><script>alert(1)</script>'
COLLEAGUE_SHOWN = "&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"  # markupsafe writes " as &#34;
RAW = ("<img src=x", "onerror=alert(1)>", "<script>", "</script>")  # none of it may reach the page as markup


def ui_sources() -> list[Path]:
    files = sorted(UI.rglob("*.py"))
    assert len(files) > 15  # the widget layer itself, not an empty match
    return files


# --- the rule --------------------------------------------------------------------------------------


def test_the_widget_layer_has_no_hand_escapes():
    """Escaping is the default (Markup templates), so no ui module calls html.escape or imports it."""
    offenders = [
        f"{path.relative_to(UI)}:{n}: {line.strip()}"
        for path in ui_sources()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "html.escape" in line or re.search(r"from\s+html\s+import\s+.*\bescape\b", line)
    ]
    assert offenders == []


def test_the_widget_layer_does_not_import_jinja2():
    """markupsafe only: Jinja2 would slow the first page (the printable summary imports it, late)."""
    offenders = [
        f"{path.relative_to(UI)}:{node.lineno}"
        for path in ui_sources()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if (isinstance(node, ast.Import) and any(a.name.split(".")[0] == "jinja2" for a in node.names))
        or (isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "jinja2")
    ]
    assert offenders == []


def test_markup_templates_interpolate_nothing_but_constants():
    """`Markup(f"…{text}…")` would mark user text safe unescaped: a Markup template is a literal, or an
    f-string of module constants (styles, colours); every value goes through `.format`, which escapes it."""

    def constant(node: ast.expr) -> bool:
        return isinstance(node, ast.Name) and node.id.isupper()

    offenders = []
    for path in ui_sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Markup"):
                continue
            template = node.args[0] if node.args else None
            literal = isinstance(template, ast.Constant) and isinstance(template.value, str)
            of_constants = isinstance(template, ast.JoinedStr) and all(
                constant(part.value) for part in template.values if isinstance(part, ast.FormattedValue)
            )
            if not (literal or of_constants):
                offenders.append(f"{path.relative_to(UI)}:{node.lineno}")
    assert offenders == []


# --- the behaviour ---------------------------------------------------------------------------------


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "cases.sqlite3")


def open_step(wb: Workbook, key: str) -> list[str]:
    """Walk from the first step to `key` with Next, the way a user does (a step is built when first shown);
    the HTML of the whole Workbook on each step passed."""
    wb.go("request")
    seen = [all_html(wb)]
    while wb.step != key:
        before = wb.step
        wb.stepper.move(+1)
        assert wb.step != before, f"Next did not leave {before}"
        seen.append(all_html(wb))
    return seen


def every_step_html(wb: Workbook) -> str:
    """The HTML of the whole Workbook on each of the nine steps in turn."""
    return "\n".join(open_step(wb, "after"))


def assert_shown_as_text(page: str) -> None:
    for raw in RAW:
        assert raw not in page, raw


def referral_colleague(wb: Workbook, name: str) -> widgets.Widget:
    """The colleague row of the referral step (the set-up panel has a colleagues table of its own)."""
    return row_named(find(wb, "nn-step-referral"), "colleague", name)


def test_a_client_name_typed_in_the_request_shows_as_text_on_every_step_and_view(store):
    wb = Workbook(Assessment.example("en"), store=store)
    find(wb, "nn-client", widgets.Text).value = CLIENT
    wb.save()
    page = every_step_html(wb)
    assert CLIENT_SHOWN in page  # e.g. the rush step's habit line names the client
    for view in ("profile", "history"):
        find(wb, "nn-view").value = view
        page += all_html(wb)
    assert CLIENT_SHOWN in str(find(wb, "nn-history-clients").value)  # the history table's client cell
    assert_shown_as_text(page)


def test_the_confirmation_that_names_the_client_shows_it_as_text(store):
    wb = Workbook(Assessment.example("en"), store=store)
    find(wb, "nn-client", widgets.Text).value = CLIENT
    find(wb, "nn-new-case", widgets.Button).click()  # asks first: the open case holds the user's work
    question = str(find(wb, "nn-confirm").children[0].value)
    assert CLIENT_SHOWN in question
    assert_shown_as_text(all_html(wb))


def test_a_colleague_name_typed_in_the_referral_table_shows_as_text_in_the_result_and_script(store):
    wb = Workbook(Assessment.example("en"), store=store)
    open_step(wb, "referral")
    cell(referral_colleague(wb, "Sanne de Vries"), "colleague", "name").value = COLLEAGUE
    assert wb.assessment.colleagues[0].name == COLLEAGUE  # taken as typed, only shown escaped
    result = str(find(wb, "nn-referral-result").value)
    assert f"Who: {COLLEAGUE_SHOWN}" in result
    assert f"it&#39;s {COLLEAGUE_SHOWN}" in result  # the case A script names her
    assert_shown_as_text(every_step_html(wb))


def test_markup_in_the_reply_text_and_names_stays_out_of_the_reply_step_html(store):
    wb = Workbook(Assessment.example("en"), store=store)
    find(wb, "nn-client", widgets.Text).value = CLIENT
    open_step(wb, "referral")
    cell(referral_colleague(wb, "Sanne de Vries"), "colleague", "name").value = COLLEAGUE
    open_step(wb, "reply")
    composed = str(find(wb, "nn-reply-text", widgets.Textarea).value)
    assert COLLEAGUE in composed  # the referral offer names the colleague: plain text in a textarea
    typed = f"Hello {CLIENT}, ask {COLLEAGUE}."
    find(wb, "nn-reply-text", widgets.Textarea).value = typed
    reply = all_html(find(wb, "nn-step-reply"))
    # The .txt link holds the text percent-encoded, and its file name keeps only letters, digits and dashes.
    assert quote(typed, safe="") in reply
    assert 'download="reply-img-src-x-onerror-alert-1.txt"' in reply
    assert_shown_as_text(reply)
    assert_shown_as_text(every_step_html(wb))


def test_the_summary_link_and_the_page_it_holds_show_the_names_as_text(store):
    wb = Workbook(Assessment.example("en"), store=store)
    find(wb, "nn-client", widgets.Text).value = CLIENT
    open_step(wb, "referral")
    cell(referral_colleague(wb, "Sanne de Vries"), "colleague", "name").value = COLLEAGUE
    link = str(find(wb, "nn-summary").value)
    # The file name keeps letters, digits, spaces, - and _ of the client's name: "img srcx onerroralert1".
    assert "download='notnow-img srcx onerroralert1.html'" in link
    assert_shown_as_text(link)
    encoded = re.search(r"href='data:text/html;charset=utf-8;base64,([A-Za-z0-9+/=]+)'", link)
    assert encoded is not None
    summary = base64.b64decode(encoded.group(1)).decode("utf-8")
    assert CLIENT_SHOWN in summary
    assert COLLEAGUE_SHOWN in summary
    assert_shown_as_text(summary)
