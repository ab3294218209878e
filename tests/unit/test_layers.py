"""Three layers, one direction: the logic never imports ipywidgets."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import importlib, pathlib, sys
import notnow
root = pathlib.Path(notnow.__file__).parent
for path in sorted(root.rglob("*.py")):
    parts = path.relative_to(root).with_suffix("").parts
    if parts[0] != "ui":  # the widget layer is allowed ipywidgets; walking it would import it
        importlib.import_module(".".join(("notnow", *parts)).removesuffix(".__init__"))
notnow.Store
print(sorted(m for m in sys.modules if m.split(".")[0] in {"ipywidgets", "IPython", "matplotlib"}))
"""


def test_logic_modules_import_without_ipywidgets():
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
