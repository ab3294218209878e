"""A participant's own Jupyter server under JupyterHub (and in the Kubernetes image): the dashboard only.

The hub points JUPYTER_CONFIG_PATH here; deploy/kubernetes/Dockerfile copies this file to /etc/jupyter.

A participant is logged in to this server, so everything Jupyter Server offers a logged-in user would be theirs:
starting kernels and running code, reading and writing files. They come for the dashboard, so the server grants
only what its page needs (DashboardOnlyAuthorizer) and the page's kernel takes only widget messages.
"""

from __future__ import annotations

from typing import Any

from jupyterhub.singleuser.extension import JupyterHubAuthorizer

from notnow.serving import page_config_hook

c = get_config()  # noqa: F821 (Jupyter provides get_config when it loads this file)

# The dashboard as in `make serve`: no tracebacks or sources shown, no files served beside the page.
# The page is notnow's own template (serve/share/voila/templates/notnow: the lost-connection banner, access.js, no
# CDN links), found on JUPYTER_PATH, which the hub (jupyterhub_config.py) and the image (Dockerfile) point at it.
# The hook hands the template its banner texts.
c.VoilaConfiguration.template = "notnow"
c.VoilaConfiguration.page_config_hook = page_config_hook
# Inside Jupyter Server, Voila tells the page to load MathJax 2 from cdnjs (the standalone Voila leaves the URL
# unset); unset here too, the page typesets with the MathJax 3 in Voila's own bundle, served by this server.
c.ServerApp.tornado_settings = {"mathjax_url": None, "mathjax_config": None}
c.VoilaConfiguration.show_tracebacks = False
c.VoilaConfiguration.strip_sources = True
c.VoilaConfiguration.file_allowlist = []
c.VoilaConfiguration.http_header_envs = ["Accept-Language"]  # the starting language follows the browser

# A closed tab's kernel goes after 10 idle minutes; the hub's idle culler stops the whole server later.
c.MappingKernelManager.cull_idle_timeout = 600
c.MappingKernelManager.cull_interval = 60
c.MappingKernelManager.cull_connected = False

# The page's kernel takes what the widgets send and nothing else: the message types the standalone Voila (and
# so `make serve`) allows. An execute_request from a script that found the kernel id is dropped, not run.
c.MappingKernelManager.allowed_message_types = [
    "comm_open",
    "comm_close",
    "comm_msg",
    "comm_info_request",
    "kernel_info_request",
    "shutdown_request",
]
c.MappingKernelManager.allow_tracebacks = False  # an error in a widget callback shows no paths to the visitor

# Participants come for the dashboard: no shell on the machine, no JupyterLab (less memory, less to attack).
c.ServerApp.terminals_enabled = False
c.ServerApp.jpserver_extensions = {
    "jupyterlab": False,
    "jupyter_lsp": False,
    "jupyter_server_terminals": False,
    "notebook_shim": False,
}

# What the dashboard's page asks of Jupyter Server's own API: its kernel's model (GET /api/kernels/<id>) and the
# websocket to it; Voila renders the page, starts that kernel and shuts it down through handlers of its own. Every
# other (action, resource) pair is refused with 403: starting, restarting or deleting kernels and sessions through
# the REST API (POST /api/kernels would run any code), /files/, /api/contents and /view/ (the server's folder),
# nbconvert, the frontend config, events, shutdown.
DASHBOARD_ONLY = frozenset({("read", "kernels"), ("execute", "kernels")})


class DashboardOnlyAuthorizer(JupyterHubAuthorizer):
    """The hub's own check (this participant may use this server), and then only what the dashboard needs."""

    def is_authorized(self, handler: Any, user: Any, action: str, resource: str) -> bool:
        if (action, resource) not in DASHBOARD_ONLY:
            # The action and resource only: the URL may hold a kernel id, which is as good as a key.
            self.log.warning("Refused %s on %s: this server serves the dashboard only", action, resource)
            return False
        return bool(super().is_authorized(handler, user, action, resource))


c.ServerApp.authorizer_class = DashboardOnlyAuthorizer
