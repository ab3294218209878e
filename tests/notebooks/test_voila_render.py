"""Every notebook renders in a real Voila server without an error, under the settings the dashboard uses."""

from __future__ import annotations

import html
from collections.abc import Iterator

import pytest
import requests

from notnow import content
from notnow.chapters import CHAPTERS
from tests.notebooks.voila_server import NOTEBOOKS, VoilaServer

# Both languages' chapters (en/, nl/) and the dashboard, as paths below the served folder.
PAGES = sorted(path.relative_to(NOTEBOOKS).as_posix() for path in NOTEBOOKS.rglob("*.ipynb")
               if ".ipynb_checkpoints" not in path.parts)


@pytest.fixture(scope="session")
def voila_folder() -> Iterator[VoilaServer]:
    # serve/run's settings; no preheated pool, which in a folder would start a kernel for every notebook
    with VoilaServer(NOTEBOOKS, "--VoilaConfiguration.preheat_kernel=False") as server:
        yield server


@pytest.mark.slow
@pytest.mark.parametrize("name", PAGES)
def test_notebook_renders_in_voila_without_errors(voila_folder, name):
    response = requests.get(voila_folder.link(f"/voila/render/{name}"), timeout=180,
                            headers={"Accept-Language": "nl-NL,nl;q=0.9,en;q=0.8"})
    assert response.status_code == 200, response.text[:2000]
    body = response.text
    cell_failed = "There was an error when executing cell" in body
    assert not cell_failed, f"{name}: a cell failed to execute; the server log:\n{voila_folder.log()[-3000:]}"
    traceback_shown = "Traceback" in body
    assert not traceback_shown, f"{name}: a traceback reached the page"
    assert "application/vnd.jupyter.widget-view+json" in body, f"{name}: no widget on the page"
    lang, _, stem = name.rpartition("/")
    chapter = next((c for c in CHAPTERS if c.stem == stem.removesuffix(".ipynb")), None)
    if chapter is not None:  # a chapter shows its own title, in the language of its folder
        title = content.text(lang, f"chapters.{chapter.key}.title")
        assert html.escape(title, quote=False) in body, f"{name}: the title {title!r} is not on the page"
