"""Three layers, one direction: the logic never imports ipywidgets."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import importlib, pkgutil, sys
import notnow
for info in pkgutil.walk_packages(notnow.__path__, "notnow."):
    if not info.name.startswith("notnow.ui"):
        importlib.import_module(info.name)
notnow.Store
print(sorted(m for m in sys.modules if m.split(".")[0] in {"ipywidgets", "IPython", "matplotlib"}))
"""


def test_logic_modules_import_without_ipywidgets():
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
