"""deploy/jupyterhub's two config files, loaded as JupyterHub and Jupyter load them (no servers started).

What only a running hub can show (logins, spawns, the culler at work) is in test_jupyterhub.py.
"""

from __future__ import annotations

import re
import stat
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from traitlets.config import Config, PyFileConfigLoader

from notnow.ui.page import visitor_store
from tests.deploy.hub_server import HUB_CONFIG, HUB_DEPLOY
from tests.notebooks.voila_server import ROOT

SINGLEUSER = HUB_DEPLOY / "singleuser"


def load(path: Path) -> Config:
    return PyFileConfigLoader(path.name, path=str(path.parent)).load_config()


@pytest.fixture
def hub_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The hub's environment pointed at a temp folder; the participant list has comments and a blank line."""
    (tmp_path / "participants.txt").write_text("# row 1\nAlice\nbob, carol\n\n")
    for name in (
        "JPY_COOKIE_SECRET",
        "CONFIGPROXY_AUTH_TOKEN",
        "NOTNOW_HUB_PROXY_TOKEN_FILE",
        "NOTNOW_HUB_AUTHENTICATOR",
        "NOTNOW_HUB_SPAWNER",
        "NOTNOW_HUB_CULL_TIMEOUT",
        "NOTNOW_HUB_SSL_CERT",
        "NOTNOW_HUB_SSL_KEY",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NOTNOW_HUB_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("NOTNOW_HUB_HOMES", str(tmp_path / "homes"))
    monkeypatch.setenv("NOTNOW_HUB_USERS", str(tmp_path / "participants.txt"))
    monkeypatch.setenv("NOTNOW_HUB_ADMINS", "host")
    return tmp_path


def spawner_for(username: str) -> Any:
    """What the hub's hooks read of a spawner: the user's name (the real spawner runs in test_jupyterhub.py)."""
    return SimpleNamespace(user=SimpleNamespace(name=username))


def test_each_participant_server_opens_the_dashboard_from_the_repos_notebooks(hub_env: Path):
    config = load(HUB_CONFIG)
    assert config.Spawner.default_url == "/voila/render/workbook.ipynb"
    assert Path(config.Spawner.notebook_dir) == ROOT / "notebooks"
    assert (Path(config.Spawner.notebook_dir) / "workbook.ipynb").is_file()
    assert config.Spawner.cmd[1:] == ["-m", "jupyterhub.singleuser"]
    assert config.Spawner.environment["JUPYTER_CONFIG_PATH"] == str(SINGLEUSER)


def test_a_participant_server_is_one_person_with_their_own_store_not_the_workshop_mode(hub_env: Path):
    environment = load(HUB_CONFIG).Spawner.environment
    home = environment["NOTNOW_HOME"](spawner_for("alice"))
    assert home == str(hub_env / "homes" / "alice")
    # The dashboard, given that environment, takes one unscoped store and shows no personal link.
    store, link = visitor_store({"NOTNOW_HOME": home, "NOTNOW_WORKSHOP": environment["NOTNOW_WORKSHOP"]})
    assert store is not None and store.owner == ""
    assert link == ""


def test_the_pre_spawn_hook_makes_each_participant_a_private_folder(hub_env: Path):
    make_home = load(HUB_CONFIG).Spawner.pre_spawn_hook
    homes = hub_env / "homes"
    (homes / "bob").mkdir(parents=True, mode=0o755)  # left open by hand before: closed again on spawn
    (homes / "bob").chmod(0o755)
    for name in ("alice", "bob"):
        make_home(spawner_for(name))
        assert stat.S_IMODE((homes / name).stat().st_mode) == 0o700
    assert stat.S_IMODE(homes.stat().st_mode) == 0o711  # pass through to your own folder, list nobody's


@pytest.mark.parametrize("username", ["..", "../etc", ".hidden", "a/b", "", "al ice", "x" * 65])
def test_a_username_that_is_no_plain_folder_name_is_refused(hub_env: Path, username: str):
    config = load(HUB_CONFIG)
    with pytest.raises(ValueError, match="username"):
        config.Spawner.pre_spawn_hook(spawner_for(username))
    assert not re.match(config.Authenticator.username_pattern, username)  # the hub refuses the login first
    assert not (hub_env / "homes").exists()  # refused before anything was made


def test_nobody_outside_the_participant_list_can_log_in(hub_env: Path):
    config = load(HUB_CONFIG)
    assert config.JupyterHub.authenticator_class == "pam"
    assert config.JupyterHub.spawner_class == "localprocess"
    assert config.Authenticator.allow_all is False
    assert config.Authenticator.allowed_users == {"alice", "bob", "carol"}
    assert config.Authenticator.admin_users == {"host"}
    assert config.LocalAuthenticator.create_system_users is False
    assert config.NativeAuthenticator.open_signup is False
    assert config.FirstUseAuthenticator.create_users is False


def test_with_no_participant_list_nobody_can_log_in(hub_env: Path):
    (hub_env / "participants.txt").unlink()
    assert load(HUB_CONFIG).Authenticator.allowed_users == set()


def test_secrets_come_from_outside_the_repository(hub_env: Path, monkeypatch: pytest.MonkeyPatch):
    config = load(HUB_CONFIG)
    assert "cookie_secret" not in config.JupyterHub
    assert Path(config.JupyterHub.cookie_secret_file) == hub_env / "state" / "jupyterhub_cookie_secret"
    assert "auth_token" not in config.ConfigurableHTTPProxy  # the hub makes one at start, or reads the env
    assert stat.S_IMODE((hub_env / "state").stat().st_mode) == 0o700

    (hub_env / "proxy-token").write_text("from-a-file\n")
    monkeypatch.setenv("NOTNOW_HUB_PROXY_TOKEN_FILE", str(hub_env / "proxy-token"))
    assert load(HUB_CONFIG).ConfigurableHTTPProxy.auth_token == "from-a-file"


def test_the_idle_culler_is_a_hub_service_with_only_the_scopes_it_needs(hub_env: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("NOTNOW_HUB_CULL_TIMEOUT", "1800")
    config = load(HUB_CONFIG)
    (service,) = config.JupyterHub.services
    assert service["command"][1:] == ["-m", "jupyterhub_idle_culler", "--timeout=1800", "--cull-every=300"]
    (role,) = config.JupyterHub.load_roles
    assert role["services"] == [service["name"]]
    assert sorted(role["scopes"]) == ["delete:servers", "list:users", "read:servers", "read:users:activity"]


def test_the_participant_server_hides_tracebacks_strips_sources_and_has_no_terminal():
    config = load(SINGLEUSER / "jupyter_server_config.py")
    assert config.VoilaConfiguration.show_tracebacks is False
    assert config.VoilaConfiguration.strip_sources is True
    assert config.VoilaConfiguration.file_allowlist == []
    assert config.ServerApp.terminals_enabled is False
    assert config.ServerApp.jpserver_extensions["jupyterlab"] is False  # the dashboard, not a lab
    assert config.MappingKernelManager.cull_idle_timeout == 600
