"""`python -m notnow demo` walks the worked example in both languages."""

from __future__ import annotations

import subprocess
import sys


def test_demo_prints_the_example_in_both_languages():
    out = subprocess.run([sys.executable, "-m", "notnow", "demo"], capture_output=True, text=True, check=True).stdout
    assert "€2,090.00" in out and "€ 2.090,00" in out
    assert "Thursday, 26 November 2026" in out and "donderdag 26 november 2026" in out
    assert "Sanne de Vries" in out
