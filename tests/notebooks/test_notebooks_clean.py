"""The notebooks are stored clean: no outputs, no execution counts, no widget state, thin cells."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import nbformat
import pytest

from tests.notebooks.voila_server import NOTEBOOKS, ROOT

ANSI = re.compile(r"\x1b\[[0-9;]*m")
PAGES = sorted(path for path in NOTEBOOKS.rglob("*.ipynb") if ".ipynb_checkpoints" not in path.parts)
STEP_CHAPTERS = ("01-request", "02-empathy", "03-honesty", "04-split", "05-when", "06-rush", "07-referral",
                 "08-reply", "09-after")


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_start_page_every_chapter_and_the_history_are_there_in_each_language(lang):
    names = {path.stem for path in PAGES if path.parent.name == lang}
    assert names == {"00-start", *STEP_CHAPTERS, "10-history"}


def test_the_dashboard_stays_where_it_is_served_from():
    assert NOTEBOOKS / "workbook.ipynb" in PAGES


@pytest.mark.parametrize("path", PAGES, ids=lambda p: str(p.relative_to(NOTEBOOKS)))
def test_notebook_is_stored_without_outputs_counts_or_widget_state(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    problems = [f"cell {i}: {len(cell.outputs)} output(s)" for i, cell in enumerate(nb.cells)
                if cell.cell_type == "code" and cell.outputs]
    problems += [f"cell {i}: execution_count {cell.execution_count}" for i, cell in enumerate(nb.cells)
                 if cell.cell_type == "code" and cell.execution_count is not None]
    if "widgets" in nb.metadata:
        problems.append("notebook metadata holds saved widget state ('widgets')")
    problems += [f"cell {i}: metadata {sorted(cell.metadata)}" for i, cell in enumerate(nb.cells)
                 if {"execution", "widgets"} & set(cell.metadata)]
    assert not problems, f"{path.name} is not clean (run nbstripout on it): " + "; ".join(problems)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: str(p.relative_to(NOTEBOOKS)))
def test_code_cells_stay_thin(path):
    nb = nbformat.read(path, as_version=4)
    fat = [i for i, cell in enumerate(nb.cells) if cell.cell_type == "code" and len(cell.source.splitlines()) > 3]
    assert not fat, f"{path.name}: code cells {fat} have more than 3 lines; move the code into notnow.ui.page"


@pytest.mark.slow
def test_every_notebook_runs_top_to_bottom_under_nbval(tmp_path):
    """nbval over every notebook (both languages' chapters and the dashboard) in its own pytest run.

    Its own run, so the main run keeps its strict options and does not collect notebooks.

    The kernels save into a scratch NOTNOW_HOME, never into the user's own case store.
    """
    env = {**os.environ, "NOTNOW_HOME": str(tmp_path / "home")}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "-p", "no:cacheprovider", "-q", "--rootdir", str(NOTEBOOKS),
         "-o", "addopts=", "-W", "ignore::DeprecationWarning", str(NOTEBOOKS)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )
    failed = result.returncode != 0
    report = ANSI.sub("", f"{result.stdout[-6000:]}\n{result.stderr[-2000:]}")
    assert not failed, f"nbval failed:\n{report}"
