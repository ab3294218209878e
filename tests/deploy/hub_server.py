"""Start the real JupyterHub of deploy/jupyterhub on free local ports in a temp folder, and stop all it started.

Test-only choices, and nothing else, differ from a workshop machine: the shared-password authenticator and
SimpleLocalProcessSpawner (every participant runs as this process's own user), set through the config's own
environment variables, and the ports.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import requests

from tests.notebooks.voila_server import ROOT, free_port

HUB_DEPLOY = ROOT / "deploy" / "jupyterhub"
HUB_CONFIG = HUB_DEPLOY / "jupyterhub_config.py"
PROXY = HUB_DEPLOY / "node_modules" / ".bin" / "configurable-http-proxy"


class JupyterHubServer:
    """`jupyterhub -f deploy/jupyterhub/jupyterhub_config.py` in its own session; `url` once `start()` returns."""

    def __init__(self, participants: list[str], admins: list[str], password: str) -> None:
        self._scratch = tempfile.TemporaryDirectory(prefix="notnow-hub-")
        scratch = Path(self._scratch.name)
        self.state = scratch / "state"
        self.homes = scratch / "homes"
        self.log_path = scratch / "hub.log"
        participant_list = scratch / "participants.txt"
        participant_list.write_text("".join(f"{name}\n" for name in participants))
        self.port, hub_port, api_port = free_port(), free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "NOTNOW_HUB_DIR": str(self.state),
            "NOTNOW_HUB_HOMES": str(self.homes),
            "NOTNOW_HUB_USERS": str(participant_list),
            "NOTNOW_HUB_ADMINS": ",".join(admins),
            "NOTNOW_HUB_BIND_URL": self.url,
            "NOTNOW_HUB_AUTHENTICATOR": "shared-password",
            "NOTNOW_HUB_SPAWNER": "simple",
            # The config refuses the two test-only choices above unless this says it is a test.
            "NOTNOW_HUB_TESTING": "1",
            "CONFIGPROXY_AUTH_TOKEN": secrets.token_hex(32),
            # Set on the hub on purpose: the participants' servers must not inherit the single Voila's mode.
            "NOTNOW_WORKSHOP": "1",
        }
        for name in ("NOTNOW_HOME", "JPY_COOKIE_SECRET", "JUPYTER_CONFIG_PATH", "JUPYTERHUB_API_TOKEN"):
            self.env.pop(name, None)
        self.cwd = scratch
        self.admin_password = secrets.token_urlsafe(32)  # a fresh one each run; the authenticator wants ≥ 32
        self.hub_args = [
            "-f",
            str(HUB_CONFIG),
            f"--SharedPasswordAuthenticator.user_password={password}",
            f"--SharedPasswordAuthenticator.admin_password={self.admin_password}",
            f"--SimpleLocalProcessSpawner.home_dir_template={scratch / 'unix-homes'}/{{username}}",
            f"--JupyterHub.hub_port={hub_port}",
            f"--ConfigurableHTTPProxy.api_url=http://127.0.0.1:{api_port}",
        ]
        if os.geteuid() == 0:  # CI runs as root: the test spawner then starts every server as root
            self.hub_args.append("--SimpleLocalProcessSpawner.args=--allow-root")
        self.process: subprocess.Popen[bytes] | None = None

    def log_in(self, username: str, password: str) -> requests.Session:
        """A session logged in to the hub as username, as the login form does it."""
        session = requests.Session()
        session.get(f"{self.url}/hub/login", timeout=30)
        login = session.post(
            f"{self.url}/hub/login",
            allow_redirects=False,
            timeout=30,
            data={"username": username, "password": password, "_xsrf": session.cookies.get("_xsrf", "")},
        )
        if login.status_code != 302:
            session.close()
            raise RuntimeError(f"{username} could not log in ({login.status_code}):\n{self.log()}")
        return session

    def new_token(self, username: str, password: str | None = None) -> str:
        """An API token of a user (an admin by default): they log in and ask the hub's REST API for one.

        Any participant can do this from the hub's token page: what the token reaches is what they reach.
        """
        with self.log_in(username, self.admin_password if password is None else password) as session:
            made = session.post(
                f"{self.url}/hub/api/users/{username}/tokens",
                json={"note": "tests/deploy"},
                headers={"X-XSRFToken": session.cookies.get("_xsrf", path="/hub/") or ""},
                timeout=30,
            )
            if made.status_code != 201:
                raise RuntimeError(f"no token for {username} ({made.status_code}): {made.text}")
            return str(made.json()["token"])

    def start(self, timeout: float = 120) -> JupyterHubServer:
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "jupyterhub", *self.hub_args],
                cwd=self.cwd,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            with contextlib.suppress(requests.RequestException):
                # Through the proxy: 200 once both the proxy and its route to the hub are up.
                if requests.get(f"{self.url}/hub/api", timeout=5).status_code == 200:
                    return self
            time.sleep(0.5)
        log = self.log()
        self.stop()
        raise RuntimeError(f"JupyterHub did not answer within {timeout} s:\n{log}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        """SIGTERM to the hub (it stops the servers, the culler and the proxy); then end whatever it left.

        The proxy, the culler, every participant's server and their kernels run in sessions of their own, so
        they are collected as the hub's descendants before it goes, and ended by id if still there after.
        """
        process, self.process = self.process, None
        if process is not None:
            try:
                descendants = psutil.Process(process.pid).children(recursive=True)
            except psutil.NoSuchProcess:
                descendants = []
            for sig, wait in ((signal.SIGTERM, 90), (signal.SIGKILL, 10)):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, sig)
                try:
                    process.wait(wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
            for child in descendants:
                with contextlib.suppress(psutil.NoSuchProcess):
                    child.terminate()
            _gone, alive = psutil.wait_procs(descendants, timeout=10)
            for child in alive:
                with contextlib.suppress(psutil.NoSuchProcess):
                    child.kill()
            psutil.wait_procs(alive, timeout=5)
        self._scratch.cleanup()

    def __enter__(self) -> JupyterHubServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()
