"""`python -m notnow demo` walks the worked example in both languages."""

from __future__ import annotations

import subprocess
import sys


def test_demo_prints_the_example_in_both_languages():
    out = subprocess.run([sys.executable, "-m", "notnow", "demo"], capture_output=True, text=True, check=True).stdout
    assert "€2,090.00" in out and "€ 2.090,00" in out
    assert "Thursday, 26 November 2026" in out and "donderdag 26 november 2026" in out
    assert "Sanne de Vries" in out


def test_demo_in_one_language_prints_only_that_language(capsys):
    from notnow.__main__ import main

    assert main(["demo", "--lang", "nl"]) == 0
    out = capsys.readouterr().out
    assert "€ 2.090,00" in out  # 1,520 + 380 + 190, worked by hand in tests/unit/test_rush.py
    assert "donderdag 26 november 2026" in out
    assert "€2,090.00" not in out and "Thursday" not in out


def test_demo_asks_for_a_command_it_knows(capsys):
    import pytest

    from notnow.__main__ import main

    with pytest.raises(SystemExit) as stopped:
        main(["serve"])
    assert stopped.value.code == 2
    assert "invalid choice: 'serve'" in capsys.readouterr().err
