"""Start a real Voila server on a free local port for a test session, and stop it (and its kernels) after."""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
RUN_CONFIG = ROOT / "serve" / "run"  # what `make run` serves with
WORKSHOP_CONFIG = ROOT / "serve" / "workshop"  # what `make serve` serves with


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class VoilaServer:
    """`voila <target>` as a child process in its own process group; `url` once `start()` returns.

    It serves the way `make run` does (`config_dir`: serve/run; serve/workshop for `make serve`): a token
    (`link()` gives an address with it), XSRF on, local Host names only. Config files are read only from
    `config_dir`, so a `voila.json` in the working directory never changes what a test serves. Under
    serve/workshop the room is 2 participants unless `env` sets NOTNOW_ROOM.
    """

    def __init__(self, target: Path, *extra: str, config_dir: Path = RUN_CONFIG, env: dict[str, str] | None = None,
                 token: str | None = None, port: int | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.token = token or secrets.token_urlsafe(24)
        self._scratch = tempfile.TemporaryDirectory(prefix="notnow-voila-")
        scratch = Path(self._scratch.name)
        self.log_path = scratch / "voila.log"
        self.args = [
            sys.executable, "-m", "voila", str(target), "--no-browser", f"--port={self.port}",
            "--Voila.ip=127.0.0.1", f"--Voila.config_file_paths={config_dir}", *extra,
        ]
        inherited = {name: value for name, value in os.environ.items() if name not in (
            "QUERY_STRING", "HTTP_ACCEPT_LANGUAGE", "VOILA_PREHEAT", "NOTNOW_PUBLIC_URL", "NOTNOW_LINK_TOKEN")}
        # a room of 2 unless a test asks for more: every pool kernel costs seconds of CPU to warm up
        self.env = {**inherited, "NOTNOW_HOME": str(scratch / "home"), "JUPYTER_TOKEN": self.token,
                    "TRAITLETS_APPLICATION_RAISE_CONFIG_FILE_ERROR": "1", "NOTNOW_ROOM": "2", **(env or {})}
        self.cwd = scratch
        self.process: subprocess.Popen[bytes] | None = None

    def link(self, path: str = "/", **query: str) -> str:
        """The address of `path` with the token (and `query`), as the user gets it from `make run`."""
        return f"{self.url}{path}?{urlencode({**query, 'token': self.token})}"

    def start(self, timeout: float = 60) -> VoilaServer:
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(self.args, cwd=self.cwd, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Voila exited with {self.process.returncode}:\n{self.log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"Voila did not answer within {timeout} s:\n{self.log()}")

    def kernel_pids(self) -> set[int]:
        """The kernels this server runs now: its live ipykernel child processes."""
        import psutil

        if self.process is None:
            return set()
        try:
            children = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return set()
        pids = set()
        for child in children:
            with contextlib.suppress(psutil.Error):  # gone meanwhile, or a killed kernel not yet reaped
                if child.status() != psutil.STATUS_ZOMBIE and "ipykernel" in " ".join(child.cmdline()):
                    pids.add(child.pid)
        return pids

    def wait_for_log(self, text: str, timeout: float = 240, count: int = 1) -> bool:
        """Wait until the server's log holds `text` (`count` times); False if it did not within `timeout` s."""
        deadline = time.monotonic() + timeout
        while self.log().count(text) < count:
            if time.monotonic() > deadline or (self.process is not None and self.process.poll() is not None):
                return False
            time.sleep(0.25)
        return True

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        """SIGTERM to our own process group (Voila shuts its kernels down), SIGKILL if it lingers."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 5)):
                try:
                    os.killpg(process.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    process.wait(wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
        if process is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):  # kernels left behind in our group
                os.killpg(process.pid, signal.SIGKILL)
        self._scratch.cleanup()

    def __enter__(self) -> VoilaServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()
