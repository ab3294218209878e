"""The chapter notebooks are generated from data/: both languages, the method moves in place, never drifting."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from notnow import content
from notnow.chapters import CHAPTERS, build, main, notebook_path, stale, write

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
STEMS = (
    "00-start",
    "01-request",
    "02-empathy",
    "03-honesty",
    "04-split",
    "05-when",
    "06-rush",
    "07-referral",
    "08-reply",
    "09-after",
    "10-history",
)
# Where each move of the method lands, as the task lists it (and the history, where the rush habit shows).
MOVES_BY_CHAPTER = {
    "request": {"auto_yes"},
    "honesty": {"career_fit"},
    "rush": {"rush_habit"},
    "referral": {"career_fit", "formal_intake"},
    "reply": {"availability_early", "ask_dont_push"},
    "after": {"extra_mile", "no_earns_more"},
    "history": {"rush_habit"},
}
LINK = re.compile(r"\]\(([^)]+\.ipynb)\)")


def markdown(notebook) -> str:
    return "\n\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")


def code(notebook) -> list[str]:
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


def test_the_committed_chapter_notebooks_are_what_data_generates():
    assert stale(NOTEBOOKS) == [], "run `python -m notnow.chapters` and commit the notebooks"


def test_every_chapter_exists_in_every_language():
    for lang in content.LANGS:
        assert sorted(path.stem for path in (NOTEBOOKS / lang).glob("*.ipynb")) == list(STEMS)


@pytest.mark.parametrize("key", [c.key for c in CHAPTERS])
def test_no_markdown_cell_is_left_in_the_other_language(key):
    en, nl = build(key, "en"), build(key, "nl")
    assert [c.cell_type for c in en.cells] == [c.cell_type for c in nl.cells]
    same = [
        i
        for i, (a, b) in enumerate(zip(en.cells, nl.cells, strict=True))
        if a.cell_type == "markdown" and a.source == b.source
    ]
    assert same == []


@pytest.mark.parametrize("lang", content.LANGS)
def test_a_chapter_opens_with_its_numbered_title_and_lead_from_data(lang):
    first = build("honesty", lang).cells[0].source
    assert first.startswith(f"# 3. {content.text(lang, 'chapters.honesty.title')}\n")
    assert content.text(lang, "chapters.honesty.lead").strip() in first


@pytest.mark.parametrize("lang", content.LANGS)
@pytest.mark.parametrize("key", sorted(MOVES_BY_CHAPTER))
def test_each_method_move_is_taught_in_the_chapter_where_it_belongs(key, lang):
    text = markdown(build(key, lang))
    shown = {move for move in content.get(lang, "method") if content.text(lang, f"method.{move}.title") in text}
    assert shown == MOVES_BY_CHAPTER[key]
    for move in shown:
        assert content.text(lang, f"method.{move}.prompt") in text
        assert content.text(lang, f"method.{move}.example") in text


def test_every_method_move_is_taught_in_some_chapter():
    assert set(content.get("en", "method")) == set().union(*MOVES_BY_CHAPTER.values())


@pytest.mark.parametrize("lang", content.LANGS)
def test_a_step_chapter_runs_its_step_in_the_notebooks_language(lang):
    cells = code(build("honesty", lang))
    assert cells[0] == f'from notnow.ui.page import chapter\nchapter("honesty", "{lang}")'
    assert f'case = Assessment.example("{lang}")' in cells[1]


@pytest.mark.parametrize("lang", content.LANGS)
def test_code_cells_hold_no_comments_that_would_need_translating(lang):
    commented = [source for c in CHAPTERS for source in code(build(c.key, lang)) if "#" in source]
    assert commented == []


@pytest.mark.parametrize("lang", content.LANGS)
def test_every_link_between_chapters_points_at_a_generated_notebook(lang):
    generated = {notebook_path(NOTEBOOKS, c.key, other).resolve() for c in CHAPTERS for other in content.LANGS}
    for chapter in CHAPTERS:
        here = notebook_path(NOTEBOOKS, chapter.key, lang).parent
        targets = {(here / target).resolve() for target in LINK.findall(markdown(build(chapter.key, lang)))}
        assert targets, f"{chapter.stem} links nowhere"
        assert targets <= generated, f"{chapter.stem} links to {sorted(map(str, targets - generated))}"


def test_the_start_page_lists_all_ten_chapters_in_order():
    links = LINK.findall(markdown(build("start", "nl")))
    assert links[:10] == [f"{stem}.ipynb" for stem in STEMS[1:]]
    assert links[10:] == ["../en/00-start.ipynb"]


def test_a_generated_chapter_is_a_valid_notebook_without_outputs():
    notebook = build("rush", "nl")
    nbformat.validate(notebook)
    assert all(
        cell.outputs == [] and cell.execution_count is None for cell in notebook.cells if cell.cell_type == "code"
    )


def test_an_unknown_chapter_is_refused_with_the_chapters_named():
    with pytest.raises(ValueError, match="honesty"):
        build("nonsense", "en")


def test_writing_twice_changes_nothing_the_second_time(tmp_path):
    first = write(tmp_path)
    assert len(first) == len(CHAPTERS) * len(content.LANGS)  # 11 chapters × 2 languages
    assert write(tmp_path) == []
    assert stale(tmp_path) == []


def test_a_notebook_edited_by_hand_is_reported_and_restored(tmp_path):
    write(tmp_path)
    edited = notebook_path(tmp_path, "split", "nl")
    edited.write_text(
        edited.read_text(encoding="utf-8").replace("Kan het in delen?", "Can it be split?"), encoding="utf-8"
    )
    assert stale(tmp_path) == [edited]
    assert write(tmp_path) == [edited]
    assert "# 4. Kan het in delen?" in edited.read_text(encoding="utf-8")


def test_check_exits_1_while_a_notebook_is_missing_and_0_once_written(tmp_path, capsys):
    write(tmp_path)
    missing = notebook_path(tmp_path, "after", "en")
    missing.unlink()
    assert main([str(tmp_path), "--check"]) == 1
    assert str(missing) in capsys.readouterr().out
    assert main([str(tmp_path)]) == 0
    assert main([str(tmp_path), "--check"]) == 0


def test_check_without_a_folder_checks_the_checkouts_notebooks(capsys):
    assert main(["--check"]) == 0
    assert capsys.readouterr().out == ""
