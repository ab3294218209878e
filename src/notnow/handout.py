"""The workshop handout as PDF: `python -m notnow.handout OUTDIR` (also `make handout`).

Writes worksheet-en.pdf and worksheet-nl.pdf (the blank worksheet), example-en.pdf and example-nl.pdf
(the worked example's case summary), and facilitator-en.pdf and facilitator-nl.pdf (the host's guide:
`notnow.facilitator`). The HTML from `notnow.summary` is printed by headless Chromium, so
what you print from the dashboard's summary link and what lands in the PDF come from the same page.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from notnow import content
from notnow.assessment import Assessment
from notnow.facilitator import facilitator_html
from notnow.summary import case_summary_html, worksheet_html

CHROMIUM_NAMES: tuple[str, ...] = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_FALLBACK = "/usr/bin/chromium"
TIMEOUT_S = 120.0


class HandoutError(RuntimeError):
    """The PDFs could not be made (no Chromium, or it failed); the message says what to do."""


# How Chromium runs here, for the PDFs and for the browser tests alike (tests/ui/conftest.py).
CHROMIUM_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def find_chromium() -> str:
    """The Chromium to print with: $NOTNOW_CHROMIUM, else chromium on the PATH, else /usr/bin/chromium."""
    wanted = os.environ.get("NOTNOW_CHROMIUM", "").strip()
    if wanted:
        found = shutil.which(wanted)
        if found:
            return found
        raise HandoutError(f"NOTNOW_CHROMIUM is set to {wanted!r}, but that is not an executable program.")
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    if os.access(CHROMIUM_FALLBACK, os.X_OK):
        return CHROMIUM_FALLBACK
    raise HandoutError(
        "Chromium is needed to make the PDFs but was not found. Install it (Debian/Ubuntu: "
        "`sudo apt-get install chromium`), or point NOTNOW_CHROMIUM at a Chromium or Chrome binary. "
        "Without it you can still open the HTML pages (notnow.summary) in a browser and print them."
    )


def html_to_pdf(html_text: str, pdf_path: Path, chromium: str | None = None, timeout: float = TIMEOUT_S) -> Path:
    """Print one HTML document to `pdf_path` (A4, no browser header or footer) with headless Chromium."""
    return _chromium_writes(html_text, pdf_path, ["--no-pdf-header-footer", "--print-to-pdf={out}"], chromium, timeout)


def html_to_png(
    html_text: str, png_path: Path, chromium: str | None = None, timeout: float = TIMEOUT_S, size: str = "1600,1000"
) -> Path:
    """A picture of one HTML document (`size`: the window, width,height in pixels) with headless Chromium."""
    args = [f"--window-size={size}", "--hide-scrollbars", "--screenshot={out}"]
    return _chromium_writes(html_text, png_path, args, chromium, timeout)


def _chromium_writes(html_text: str, path: Path, output_args: list[str], chromium: str | None, timeout: float) -> Path:
    """Open `html_text` in headless Chromium, which writes `path` as `output_args` say ({out}: where)."""
    browser = chromium or find_chromium()
    path = Path(path).resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="notnow-handout-") as scratch:
        page = Path(scratch) / "page.html"
        page.write_text(html_text, encoding="utf-8")
        profile = Path(scratch) / "profile"
        partial = path.with_name(f".{path.name}.partial{path.suffix}")
        partial.unlink(missing_ok=True)
        args = [
            browser,
            "--headless",
            *CHROMIUM_FLAGS,
            "--disable-dev-shm-usage",
            "--disable-extensions",
            "--mute-audio",
            f"--user-data-dir={profile}",
            *(arg.format(out=partial) for arg in output_args),
            page.as_uri(),
        ]
        env = {**os.environ, "HOME": scratch}  # Chromium writes caches under $HOME; keep them out of the user's
        returncode, output = _run(args, env, timeout, path.name, partial)
        if returncode != 0 or not partial.is_file() or partial.stat().st_size == 0:
            partial.unlink(missing_ok=True)
            tail = "\n".join(output.strip().splitlines()[-8:])
            raise HandoutError(f"Chromium could not print {path.name} (exit code {returncode}).\n{tail}")
        os.replace(partial, path)  # a finished file or none: never half a file under the real name
    return path


def _run(args: list[str], env: dict[str, str], timeout: float, name: str, partial: Path) -> tuple[int, str]:
    """Run Chromium in its own process group, so a timeout stops its helper processes too."""
    try:
        process = subprocess.Popen(
            args,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
            start_new_session=True,
        )
    except OSError as error:
        raise HandoutError(f"Chromium ({args[0]}) could not be started: {error}") from None
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        partial.unlink(missing_ok=True)
        raise HandoutError(f"Chromium did not finish {name} within {timeout:g} seconds.") from None
    return process.returncode, output or ""


def documents() -> list[tuple[str, Callable[[], str]]]:
    """(file name, page maker) for every PDF of the handout."""
    docs: list[tuple[str, Callable[[], str]]] = []
    for lang in content.LANGS:
        docs.append((f"worksheet-{lang}.pdf", partial(worksheet_html, lang)))
    for lang in content.LANGS:
        docs.append((f"example-{lang}.pdf", partial(_example_summary, lang)))
    for lang in content.LANGS:
        docs.append((f"facilitator-{lang}.pdf", partial(facilitator_html, lang)))
    return docs


def _example_summary(lang: str) -> str:
    return case_summary_html(Assessment.example(lang), lang)


def write_handouts(
    outdir: str | os.PathLike[str], chromium: str | None = None, timeout: float = TIMEOUT_S
) -> list[Path]:
    """Write every handout PDF into `outdir` (created when missing); returns the paths written."""
    browser = chromium or find_chromium()
    target = Path(outdir)
    target.mkdir(parents=True, exist_ok=True)
    return [html_to_pdf(make(), target / name, browser, timeout) for name, make in documents()]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m notnow.handout",
        description=(
            "Write the workshop handout PDFs (blank worksheets, the worked example and the facilitator's guide, "
            "in English and Dutch)."
        ),
    )
    parser.add_argument("outdir", help="folder to write the PDFs into (created when missing)")
    parser.add_argument("--timeout", type=float, default=TIMEOUT_S, help="seconds allowed per PDF")
    args = parser.parse_args(argv)
    try:
        paths = write_handouts(args.outdir, timeout=args.timeout)
    except HandoutError as error:
        print(f"notnow.handout: {error}", file=sys.stderr)
        return 1
    for path in paths:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
