# `make run`: the dashboard for one user on this machine. voila.json beside this file holds the plain
# settings; the hardening both configs share (Host check, XSRF, log filter, page template) is in
# notnow.serving.configure. See ../README.md.
from pathlib import Path

from notnow.serving import configure

configure(c, jupyter_data=Path(__file__).resolve().parents[1] / "share")  # noqa: F821 (c: this config)
