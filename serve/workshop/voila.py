# `make serve`: one Voila for a workshop room. voila.json beside this file holds the plain settings (culling, the
# pool's pace); the hardening both configs share is in notnow.serving.configure, the room in configure_room:
# a preheated pool of ROOM kernels (NOTNOW_ROOM, default 30) and come-back links that start with
# NOTNOW_PUBLIC_URL (default: this server's own address) and carry the room's token. configure_host adds the
# host's own page (the room's picture, notnow.host_view) behind NOTNOW_HOST_TOKEN. See ../README.md.
from pathlib import Path

from notnow.host_view import configure_host
from notnow.serving import configure, configure_room

configure(c, jupyter_data=Path(__file__).resolve().parents[1] / "share")  # noqa: F821 (c: this config)
configure_room(c)  # noqa: F821
configure_host(c)  # noqa: F821
