"""The workshop handout: `python -m notnow.handout OUTDIR` prints six PDFs with headless Chromium."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from notnow import content, handout
from notnow.assessment import STEPS

ROOT = Path(__file__).resolve().parents[2]
PDFS = (
    "worksheet-en.pdf",
    "worksheet-nl.pdf",
    "example-en.pdf",
    "example-nl.pdf",
    "facilitator-en.pdf",
    "facilitator-nl.pdf",
)


def need(program: str) -> None:
    """Skip when a tool is missing, except on CI (CI=true), where a missing tool is a failure."""
    found = shutil.which(program) or (program == "chromium" and os.access(handout.CHROMIUM_FALLBACK, os.X_OK))
    if found:
        return
    package = {"pdftotext": "poppler-utils", "pdftoppm": "poppler-utils"}.get(program, program)
    reason = f"{program} is not installed (Debian: apt-get install {package})"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; on CI it must be there")
    pytest.skip(reason)


def pdf_text(path: Path) -> str:
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    return " ".join(out.replace("\xa0", " ").split())  # pdftotext may break lines or keep nbsp


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    need("chromium")
    need("pdftotext")
    outdir = tmp_path_factory.mktemp("handout") / "out"
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):  # the command's own main(), in this process
        assert handout.main([str(outdir)]) == 0
    return outdir, printed.getvalue()


@pytest.mark.slow
def test_the_handout_module_runs_as_a_command():
    """`python -m notnow.handout --help` answers, naming the facilitator's guide among what it writes."""
    result = subprocess.run(
        [sys.executable, "-m", "notnow.handout", "--help"], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "facilitator's guide" in " ".join(result.stdout.split())


@pytest.mark.slow
def test_the_handout_command_writes_and_prints_six_pdfs(written):
    outdir, stdout = written
    printed = [Path(line) for line in stdout.splitlines() if line.strip()]
    assert [p.name for p in printed] == list(PDFS)
    for name in PDFS:
        path = outdir / name
        assert path in printed or path.resolve() in printed
        assert path.read_bytes().startswith(b"%PDF-")
    assert not list(outdir.glob(".*partial"))


@pytest.mark.slow
def test_the_filled_example_holds_the_rush_total_in_both_languages(written):
    outdir, _ = written
    en = pdf_text(outdir / "example-en.pdf")
    assert "€2,090.00" in en
    assert "Thursday, 26 November 2026" in en
    nl = pdf_text(outdir / "example-nl.pdf")
    assert re.search(r"€\s?2\.090,00", nl)
    assert "donderdag 26 november 2026" in nl


@pytest.mark.slow
@pytest.mark.parametrize("lang", content.LANGS)
def test_the_worksheets_hold_every_step_title(written, lang):
    outdir, _ = written
    text = pdf_text(outdir / f"worksheet-{lang}.pdf")
    for key in STEPS:
        title = " ".join(content.text(lang, f"steps.{key}.title").split())
        assert title in text, f"{title!r} missing from worksheet-{lang}.pdf"
    for rule in content.get(lang, "pushback.rules"):
        assert rule["title"] in text


@pytest.mark.slow
@pytest.mark.parametrize("name", PDFS)
def test_page_one_renders_to_a_non_empty_image(written, tmp_path, name):
    need("pdftoppm")
    from PIL import Image

    outdir, _ = written
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(outdir / name), str(tmp_path / "p")],
        check=True,
        timeout=60,
    )
    [png] = list(tmp_path.glob("p*.png"))
    with Image.open(png) as image:
        grey = image.convert("L")
        assert grey.size[0] > 250 and grey.size[1] > 350  # A4 at 40 dpi: about 331 × 468
        dark = sum(grey.histogram()[:200])  # pixels darker than light grey
    assert dark > 0.01 * grey.size[0] * grey.size[1], "page 1 is (nearly) blank"


# --- without Chromium: a clear message, no traceback ---------------------------------------------------


def test_a_missing_chromium_is_a_clear_error(monkeypatch, tmp_path, capsys):
    monkeypatch.delenv("NOTNOW_CHROMIUM", raising=False)
    monkeypatch.setattr(handout.shutil, "which", lambda _name: None)
    monkeypatch.setattr(handout, "CHROMIUM_FALLBACK", str(tmp_path / "no-chromium-here"))
    with pytest.raises(handout.HandoutError, match="Chromium is needed"):
        handout.find_chromium()
    assert handout.main([str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "Chromium is needed" in err and "apt-get install chromium" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_a_chromium_that_fails_is_reported_with_its_exit_code(tmp_path):
    fake = tmp_path / "fake-chromium"
    fake.write_text("#!/bin/sh\necho 'cannot print' >&2\nexit 3\n")
    fake.chmod(0o755)
    with pytest.raises(handout.HandoutError, match="exit code 3") as caught:
        handout.html_to_pdf("<p>hi</p>", tmp_path / "x.pdf", chromium=str(fake))
    assert "cannot print" in str(caught.value)
    assert not (tmp_path / "x.pdf").exists()


def test_a_chromium_that_hangs_is_stopped_by_the_timeout(tmp_path):
    fake = tmp_path / "slow-chromium"
    fake.write_text("#!/bin/sh\nexec sleep 30\n")
    fake.chmod(0o755)
    with pytest.raises(handout.HandoutError, match="within 1 seconds"):
        handout.html_to_pdf("<p>hi</p>", tmp_path / "x.pdf", chromium=str(fake), timeout=1)


@pytest.mark.slow
@pytest.mark.parametrize("lang", content.LANGS)
def test_the_facilitator_guide_prints_both_plans_and_every_step_question(written, lang):
    """The guide's PDF holds the two plans' totals, each step's question to the room and the closing."""
    outdir, _ = written
    text = pdf_text(outdir / f"facilitator-{lang}.pdf")
    assert content.text(lang, "facilitator.total", n=90) in text
    assert content.text(lang, "facilitator.total", n=210) in text
    for key in STEPS:
        assert " ".join(content.text(lang, f"facilitator.steps.{key}.ask").split()) in text
    assert content.text(lang, "facilitator.close_title") in text


@pytest.mark.slow
@pytest.mark.parametrize("lang", content.LANGS)
def test_the_facilitator_guide_is_a_few_pages_not_a_book(written, lang):
    """A host reads it the evening before: between two and four A4 pages."""
    need("pdfinfo")
    outdir, _ = written
    info = subprocess.run(
        ["pdfinfo", str(outdir / f"facilitator-{lang}.pdf")], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert 2 <= pages <= 4
