"""The chapter notebooks, notebooks/<lang>/NN-*.ipynb, generated from data/ so that no language lags behind.

Every markdown cell comes from `chapters.toml` and `method.toml` of that language; code cells stay thin calls
into notnow. `python -m notnow.chapters` rewrites the notebooks that differ; `--check` only lists them (a test
runs the same comparison, so a text edited in data/ without regenerating fails the suite).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from string import Template

import nbformat
from nbformat import NotebookNode

from notnow import content

__all__ = [
    "CHAPTERS",
    "Chapter",
    "build",
    "default_folder",
    "expected",
    "main",
    "notebook_path",
    "render",
    "stale",
    "write",
]

METADATA = {
    "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}


@dataclass(frozen=True)
class Chapter:
    """One chapter: its table in chapters.toml (for a step also the step key), file stem, number, method moves."""

    key: str
    stem: str
    number: int | None
    moves: tuple[str, ...] = ()


CHAPTERS: tuple[Chapter, ...] = (
    Chapter("start", "00-start", None),
    Chapter("request", "01-request", 1, ("auto_yes",)),
    Chapter("empathy", "02-empathy", 2),
    Chapter("honesty", "03-honesty", 3, ("career_fit",)),
    Chapter("split", "04-split", 4),
    Chapter("when", "05-when", 5),
    Chapter("rush", "06-rush", 6, ("rush_habit",)),
    Chapter("referral", "07-referral", 7, ("career_fit", "formal_intake")),
    Chapter("reply", "08-reply", 8, ("availability_early", "ask_dont_push")),
    Chapter("after", "09-after", 9, ("extra_mile", "no_earns_more")),
    Chapter("history", "10-history", 10, ("rush_habit",)),  # the history is where the habit shows
)

# Code cells as templates: $lang is the language as a Python string literal, $key the chapter's key.
_EXAMPLE = "from notnow import Assessment\ncase = Assessment.example($lang)"
_EXERCISE = {
    "start": "from notnow.ui.page import start_page\nstart_page($lang)",
    "history": "from notnow import Store\nfrom notnow.ui.history import HistoryPanel\nHistoryPanel(Store(), $lang)",
}
_STEP_EXERCISE = 'from notnow.ui.page import chapter\nchapter("$key", $lang)'
_NUMBERS: dict[str, tuple[str, ...]] = {
    "start": (),
    "request": (
        "from notnow import Assessment, free_hours\ncase = Assessment.example($lang)",
        "case.request",
        "free_hours(case.calendar, case.request.received, case.request.deadline)",
    ),
    "empathy": (_EXAMPLE, "case.empathy"),
    "honesty": (_EXAMPLE, "case.reason, case.reason_detail", "case.honesty_flags()"),
    "split": (
        _EXAMPLE,
        "plan = case.split_plan()\nplan.schedule",
        "plan.urgent_done, plan.all_done, plan.meets_deadline",
    ),
    "when": (_EXAMPLE, "case.earliest()"),
    "rush": (_EXAMPLE, "quote = case.quote()\nquote.total, quote.feasible, quote.worth_it", "quote"),
    "referral": (_EXAMPLE, "case.referral()"),
    "reply": (
        "from notnow import Assessment, compose_reply\ncase = Assessment.example($lang)",
        "print(compose_reply(case, $lang))",
    ),
    "after": (
        "from notnow import Assessment, content\ncase = Assessment.example($lang)",
        '[rule["title"] for rule in content.get($lang, "pushback.rules")]',
        "case.follow_up, case.boundary_notes",
    ),
    "history": ("import notnow.history\nnotnow.history.outcome_counts(Store().cases())",),
}


# nbformat's builders carry no type hints; these wrappers give them one.
def _markdown_cell(source: str) -> NotebookNode:
    cell: NotebookNode = nbformat.v4.new_markdown_cell(source)  # type: ignore[no-untyped-call]
    return cell


def _code_cell(source: str) -> NotebookNode:
    cell: NotebookNode = nbformat.v4.new_code_cell(source)  # type: ignore[no-untyped-call]
    return cell


def _chapter(key: str) -> Chapter:
    for chapter in CHAPTERS:
        if chapter.key == key:
            return chapter
    raise ValueError(f"unknown chapter {key!r}; one of {', '.join(c.key for c in CHAPTERS)}")


def _text(lang: str, key: str, **values: object) -> str:
    return content.text(lang, key, **values).strip()


def _title(chapter: Chapter, lang: str) -> str:
    title = _text(lang, f"chapters.{chapter.key}.title")
    return title if chapter.number is None else f"{chapter.number}. {title}"


def _link(chapter: Chapter, lang: str) -> str:
    return f"[{_title(chapter, lang)}]({chapter.stem}.ipynb)"


def _code(template: str, chapter: Chapter, lang: str) -> str:
    return Template(template).substitute(lang=json.dumps(lang), key=chapter.key)


def _moves(chapter: Chapter, lang: str) -> str:
    """The method moves this chapter teaches: title, text, then the question to ask and an example."""
    ask, example = _text(lang, "chapters.labels.ask_yourself"), _text(lang, "chapters.labels.for_example")
    parts = [f"## {_text(lang, 'chapters.labels.method_heading')}"]
    for move in chapter.moves:
        key = f"method.{move}"
        parts.append(
            f"### {_text(lang, key + '.title')}\n\n{_text(lang, key + '.text')}\n\n"
            f"> **{ask}** {_text(lang, key + '.prompt')}\n>\n"
            f"> **{example}** {_text(lang, key + '.example')}"
        )
    return "\n\n".join(parts)


def _contents(lang: str) -> str:
    """The start page's list of chapters, each a link, then how to work through them."""
    items = [f"{c.number}. [{_text(lang, f'chapters.{c.key}.title')}]({c.stem}.ipynb)" for c in CHAPTERS if c.number]
    return "\n\n".join(
        (
            f"## {_text(lang, 'chapters.labels.contents_heading')}",
            "\n".join(items),
            _text(lang, "chapters.start.how_to"),
        )
    )


def _navigation(chapter: Chapter, lang: str) -> str:
    """Links on: the next chapter, back to the start, and this chapter in every other language."""
    lines = []
    position = CHAPTERS.index(chapter)
    if chapter.number is not None and position + 1 < len(CHAPTERS):
        lines.append(_text(lang, "chapters.labels.next", link=_link(CHAPTERS[position + 1], lang)))
    if chapter.key != "start":
        lines.append(_text(lang, "chapters.labels.back_to_start", link=_link(CHAPTERS[0], lang)))
    lines += [
        f"[{_text(other, 'chapters.labels.other_language')}](../{other}/{chapter.stem}.ipynb)"
        for other in content.LANGS
        if other != lang
    ]
    return "\n\n".join(["---", *lines])


def build(key: str, lang: str) -> NotebookNode:
    """One chapter notebook in one language, without outputs, with stable cell ids."""
    chapter, lang = _chapter(key), content.check_lang(lang)
    lead = f"# {_title(chapter, lang)}\n\n{_text(lang, f'chapters.{key}.lead')}"
    is_step = key not in _EXERCISE
    if is_step:
        lead += "\n\n" + _text(lang, "chapters.labels.work_through")
    markdown = [lead]
    if chapter.moves:
        markdown.append(_moves(chapter, lang))
    cells = [_markdown_cell(source) for source in markdown]
    cells.append(_code_cell(_code(_STEP_EXERCISE if is_step else _EXERCISE[key], chapter, lang)))
    if key == "start":
        cells.append(_markdown_cell(_contents(lang)))
    else:
        numbers = f"## {_text(lang, 'chapters.labels.numbers_heading')}\n\n{_text(lang, f'chapters.{key}.numbers')}"
        cells.append(_markdown_cell(numbers))
        cells += [_code_cell(_code(source, chapter, lang)) for source in _NUMBERS[key]]
    cells.append(_markdown_cell(_navigation(chapter, lang)))
    for index, cell in enumerate(cells):
        cell.id = f"{chapter.stem}-{index:02d}"  # fixed ids: a regenerated notebook is byte-for-byte the same
    notebook: NotebookNode = nbformat.v4.new_notebook(cells=cells, metadata=METADATA)  # type: ignore[no-untyped-call]
    nbformat.validate(notebook)
    return notebook


def render(key: str, lang: str) -> str:
    """The notebook as the text stored on disk (what JupyterLab writes: sorted keys, one-space indent)."""
    text: str = nbformat.writes(build(key, lang))  # type: ignore[no-untyped-call]
    return text + "\n"


def notebook_path(folder: Path, key: str, lang: str) -> Path:
    return folder / lang / f"{_chapter(key).stem}.ipynb"


def expected(folder: Path) -> dict[Path, str]:
    """Every chapter in every language: where it belongs under `folder`, and its text."""
    return {notebook_path(folder, c.key, lang): render(c.key, lang) for lang in content.LANGS for c in CHAPTERS}


def stale(folder: Path) -> list[Path]:
    """The chapter notebooks under `folder` that are missing or differ from what data/ says."""
    return [
        path
        for path, text in expected(folder).items()
        if not path.is_file() or path.read_text(encoding="utf-8") != text
    ]


def write(folder: Path) -> list[Path]:
    """Rewrite the stale chapter notebooks under `folder`; the others are left untouched."""
    texts = expected(folder)
    changed = stale(folder)
    for path in changed:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(texts[path], encoding="utf-8")
    return changed


def default_folder() -> Path:
    """The checkout's notebooks/ folder (an installed wheel has none: pass a folder instead)."""
    folder = content.data_dir().parent / "notebooks"
    if not (folder / "workbook.ipynb").is_file():
        raise FileNotFoundError(f"no notebooks folder next to {content.data_dir()}: pass the folder to write to")
    return folder


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m notnow.chapters", description="Write the chapter notebooks from data/."
    )
    parser.add_argument("folder", nargs="?", type=Path, help="the notebooks folder (default: the checkout's)")
    parser.add_argument("--check", action="store_true", help="only list the notebooks that differ; exit 1 if any")
    args = parser.parse_args(argv)
    try:
        folder = args.folder or default_folder()
    except FileNotFoundError as missing:
        parser.error(str(missing))
    if args.check:
        differ = stale(folder)
        for path in differ:
            print(f"differs from data/: {path}")
        if differ:
            print("run `python -m notnow.chapters` to regenerate them")
        return 1 if differ else 0
    for path in write(folder):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
