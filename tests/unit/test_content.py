"""The one content loader: both languages complete, and it works from an installed wheel."""

from __future__ import annotations

import os
import string
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from notnow import InputError, content
from notnow.honesty import REASONS

ROOT = Path(__file__).resolve().parents[2]


def shape(node, path=""):
    """Every key path, list length and list id, plus the placeholders of every text."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from shape(value, f"{path}.{key}")
    elif isinstance(node, list):
        yield (path, "len", len(node))
        for i, item in enumerate(node):
            if isinstance(item, dict) and "id" in item:
                yield (f"{path}[{i}]", "id", item["id"])
            yield from shape(item, f"{path}[{i}]")
    elif isinstance(node, str):
        yield (path, "placeholders", tuple(sorted({f for _, f, _, _ in string.Formatter().parse(node) if f})))


def test_every_key_exists_in_both_languages():
    en, nl = set(shape(content.load("en"))), set(shape(content.load("nl")))
    assert sorted(en - nl) == []
    assert sorted(nl - en) == []


def test_languages_really_differ():
    assert content.text("en", "steps.split.title") != content.text("nl", "steps.split.title")


@pytest.mark.parametrize("lang", content.LANGS)
def test_every_error_code_and_field_has_a_message(lang):
    codes = {
        "required",
        "number",
        "positive",
        "not_negative",
        "at_most",
        "between",
        "choice",
        "date",
        "datetime",
        "deadline_not_after_received",
        "mixed_timezones",
        "unknown_country",
        "too_long",
        "no_workdays",
        "day_too_full",
        "does_not_fit",
        "duplicate",
        "not_found",
        "bad_json",
        "damaged_store",
    }
    assert codes <= content.load(lang)["errors"].keys()
    raised = set()
    for path in (ROOT / "src" / "notnow").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        raised |= {part.split('"')[1] for part in text.split("InputError(")[1:] if part.startswith('"')}
    assert raised <= content.load(lang)["fields"].keys()


@pytest.mark.parametrize("lang", content.LANGS)
def test_the_method_is_complete(lang):
    tree = content.load(lang)
    assert len(tree["pushback"]["rules"]) == 9
    assert len(tree["no_reasons"]) == 7
    assert set(tree["referral"]["cases"]) == {"A", "B", "C", "D"}
    assert set(tree["honesty"]["reasons"]) == set(REASONS)
    assert len(tree["empathy"]["prompts"]) == 3


METHOD_MOVES = {
    "auto_yes",
    "career_fit",
    "availability_early",
    "rush_habit",
    "ask_dont_push",
    "formal_intake",
    "extra_mile",
    "no_earns_more",
}


@pytest.mark.parametrize("lang", content.LANGS)
def test_every_move_of_the_method_has_a_title_text_prompt_and_example(lang):
    moves = content.get(lang, "method")
    assert set(moves) == METHOD_MOVES
    for name, move in moves.items():
        assert set(move) == {"title", "text", "prompt", "example"}, name
        assert all(move[key].strip() for key in move), name
        plain = [key for key in ("title", "prompt", "example") if "\n" in move[key] or "**" in move[key]]
        assert plain == [], f"{name}: {plain} must be one line of plain text"


def test_unknown_language_is_an_input_error():
    with pytest.raises(InputError) as caught:
        content.load("de")
    assert caught.value.field == "language"


@pytest.mark.slow
def test_content_and_templates_load_from_an_installed_wheel(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels), str(ROOT)],
        check=True,
    )
    wheel = next(wheels.glob("notnow-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "notnow/_data/content/nl/teaching.toml" in names
    for template in ("base.html.j2", "macros.html.j2", "summary.html.j2", "worksheet.html.j2", "notnow.css"):
        assert f"notnow/templates/{template}" in names
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)], check=True
    )
    probe = (
        "import jinja2, notnow, notnow.content as c; from notnow import Assessment;"
        "from notnow.summary import case_summary_html, worksheet_html;"
        "print(notnow.__file__); print(c.data_dir());"
        "print(c.text('nl', 'steps.split.title')); print(Assessment.example('nl').quote().total);"
        "loader = jinja2.PackageLoader('notnow', 'templates');"
        "print(loader.get_source(jinja2.Environment(), 'summary.html.j2')[1]);"
        "page = case_summary_html(Assessment.example('nl'), 'nl');"
        "print('€ 2.090,00' in page, 'size: A4' in page, 'Workshop worksheet' in worksheet_html('en'))"
    )
    env = {**os.environ, "PYTHONPATH": str(target), "PYTHONIOENCODING": "utf-8"}
    out = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=True,
        encoding="utf-8",
    ).stdout.splitlines()
    assert out[0].startswith(str(target))  # the wheel's copy, not the checkout
    assert out[1] == str(target / "notnow" / "_data")
    assert out[2] == content.text("nl", "steps.split.title")
    assert out[3] == "2090.00"
    assert out[4] == str(target / "notnow" / "templates" / "summary.html.j2")
    assert out[5] == "True True True"  # the rush total (16 h × €95 + 25 % + 4 h × €47.50), the inlined CSS
