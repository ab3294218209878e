"""A participant's own Jupyter server under JupyterHub (and in the Kubernetes image): the dashboard only.

The hub points JUPYTER_CONFIG_PATH here; deploy/kubernetes/Dockerfile copies this file to /etc/jupyter.
"""

c = get_config()  # noqa: F821 (Jupyter provides get_config when it loads this file)

# The dashboard as in `make serve`: no tracebacks or sources shown, no files served beside the page.
c.VoilaConfiguration.show_tracebacks = False
c.VoilaConfiguration.strip_sources = True
c.VoilaConfiguration.file_allowlist = []
c.VoilaConfiguration.http_header_envs = ["Accept-Language"]  # the starting language follows the browser

# A closed tab's kernel goes after 10 idle minutes; the hub's idle culler stops the whole server later.
c.MappingKernelManager.cull_idle_timeout = 600
c.MappingKernelManager.cull_interval = 60
c.MappingKernelManager.cull_connected = False

# Participants come for the dashboard: no shell on the machine, no JupyterLab (less memory, less to attack).
c.ServerApp.terminals_enabled = False
c.ServerApp.jpserver_extensions = {
    "jupyterlab": False,
    "jupyter_lsp": False,
    "jupyter_server_terminals": False,
    "notebook_shim": False,
}
