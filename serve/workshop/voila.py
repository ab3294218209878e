# `make serve`: one Voila for a workshop room. voila.json beside this file holds the plain settings (pool,
# culling); the hardening both configs share is in notnow.serving.configure. See ../README.md.
import os
from pathlib import Path

from notnow.serving import configure

os.environ.setdefault("NOTNOW_WORKSHOP", "1")  # every participant's kernel scopes the store to their link
configure(c, jupyter_data=Path(__file__).resolve().parents[1] / "share")  # noqa: F821 (c: this config)
