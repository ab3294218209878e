"""`make lab` opens the chapters in the user's language, read from the locale; LANG=… on the command line wins."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from tests.notebooks.voila_server import ROOT

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def lab_command(environment: dict[str, str], *make_args: str) -> str:
    """The command `make lab` would run (make -n prints it without running anything)."""
    # Under `make test` the parent make's MAKELEVEL and flags would make this one print "Entering directory".
    inherited = ("LANG", "LC_ALL", "MAKEFLAGS", "MFLAGS", "MAKELEVEL")
    env = {key: value for key, value in os.environ.items() if key not in inherited}
    result = subprocess.run(
        ["make", "--no-print-directory", "-n", "lab", *make_args],
        cwd=ROOT,
        env={**env, **environment},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize(
    ("environment", "make_args", "folder"),
    [
        ({"LANG": "nl_NL.UTF-8"}, (), "nl"),
        ({"LANG": "nl_BE.UTF-8"}, (), "nl"),
        ({"LANG": "en_GB.UTF-8"}, (), "en"),
        ({"LANG": "de_DE.UTF-8"}, (), "en"),  # no German chapters: English
        ({}, (), "en"),
        ({"LC_ALL": "nl_NL.UTF-8", "LANG": "en_US.UTF-8"}, (), "nl"),  # LC_ALL outranks LANG, as in POSIX
        ({"LC_ALL": "C.UTF-8", "LANG": "nl_NL.UTF-8"}, (), "nl"),  # a C locale states no language
        ({"LANG": "en_GB.UTF-8"}, ("LANG=nl_NL.UTF-8",), "nl"),
        ({"LC_ALL": "nl_NL.UTF-8"}, ("LANG=en",), "en"),  # what is typed on the command line wins
    ],
)
def test_make_lab_opens_the_start_page_in_the_users_language(environment, make_args, folder):
    assert lab_command(environment, *make_args).endswith(f"jupyter lab notebooks/{folder}/00-start.ipynb")
