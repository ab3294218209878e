"""deploy/jupyterhub's two config files, loaded as JupyterHub and Jupyter load them (no servers started).

What only a running hub can show (logins, spawns, the culler at work) is in test_jupyterhub.py; the one hub
started here is refused before it starts anything.
"""

from __future__ import annotations

import os
import pwd
import re
import runpy
import stat
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from traitlets.config import Config, PyFileConfigLoader

from notnow.serving import page_config_hook
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
        "NOTNOW_HUB_TESTING",
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


TEST_ONLY_CHOICES = [
    ("NOTNOW_HUB_AUTHENTICATOR", "shared-password"),
    ("NOTNOW_HUB_AUTHENTICATOR", "jupyterhub.authenticators.shared.SharedPasswordAuthenticator"),
    ("NOTNOW_HUB_AUTHENTICATOR", "dummy"),
    ("NOTNOW_HUB_AUTHENTICATOR", "jupyterhub.auth.DummyAuthenticator"),
    ("NOTNOW_HUB_SPAWNER", "simple"),
    ("NOTNOW_HUB_SPAWNER", "jupyterhub.spawner.SimpleLocalProcessSpawner"),
]


@pytest.mark.parametrize(("variable", "choice"), TEST_ONLY_CHOICES)
@pytest.mark.parametrize("testing", [None, "0", "yes"])
def test_a_test_only_authenticator_or_spawner_is_refused_outside_a_test(
    hub_env: Path, monkeypatch: pytest.MonkeyPatch, variable: str, choice: str, testing: str | None
):
    """Shared-password or dummy logins, or every server as one account: refused unless NOTNOW_HUB_TESTING=1."""
    monkeypatch.setenv(variable, choice)
    if testing is not None:
        monkeypatch.setenv("NOTNOW_HUB_TESTING", testing)
    with pytest.raises(ValueError, match="for tests only"):
        load(HUB_CONFIG)


@pytest.mark.parametrize(("variable", "choice"), TEST_ONLY_CHOICES)
def test_a_test_only_choice_is_taken_when_the_test_variable_is_set(
    hub_env: Path, monkeypatch: pytest.MonkeyPatch, variable: str, choice: str
):
    """tests/deploy sets NOTNOW_HUB_TESTING=1, and then the hub takes the test-only choice as named."""
    monkeypatch.setenv(variable, choice)
    monkeypatch.setenv("NOTNOW_HUB_TESTING", "1")
    config = load(HUB_CONFIG)
    trait = "authenticator_class" if variable == "NOTNOW_HUB_AUTHENTICATOR" else "spawner_class"
    assert config.JupyterHub[trait] == choice


@pytest.mark.parametrize("testing", [None, "0"])
def test_a_test_only_choice_made_on_the_command_line_logs_nobody_in_and_starts_no_server(
    hub_env: Path, monkeypatch: pytest.MonkeyPatch, testing: str | None
):
    """`--JupyterHub.authenticator_class=dummy` or a simple spawner on the command line: this file never sees the
    choice, so its hooks refuse at work: a login through the dummy authenticator is refused (None), a spawn
    through the simple spawner raises. The room's own choices pass."""
    from jupyterhub.auth import DummyAuthenticator, PAMAuthenticator
    from jupyterhub.spawner import LocalProcessSpawner, SimpleLocalProcessSpawner

    if testing is not None:
        monkeypatch.setenv("NOTNOW_HUB_TESTING", testing)
    config = load(HUB_CONFIG)
    login = {"name": "alice", "admin": False}
    assert config.Authenticator.post_auth_hook(DummyAuthenticator(), None, dict(login)) is None
    assert config.Authenticator.post_auth_hook(PAMAuthenticator(), None, dict(login)) == login
    with pytest.raises(ValueError, match="SimpleLocalProcessSpawner is for tests only"):
        config.Spawner.pre_spawn_hook(SimpleLocalProcessSpawner(user=SimpleNamespace(name="alice")))
    assert not (hub_env / "homes").exists()  # refused before anything was made
    me = pwd.getpwuid(os.getuid()).pw_name  # the default spawner runs a participant as their own account
    config.Spawner.pre_spawn_hook(LocalProcessSpawner(user=SimpleNamespace(name=me)))
    assert (hub_env / "homes" / me).is_dir()


def test_with_the_test_variable_the_hooks_let_the_test_only_choices_work(hub_env: Path, monkeypatch):
    """tests/deploy's hub logs in with a shared password and spawns with the simple spawner: allowed there."""
    from jupyterhub.auth import DummyAuthenticator
    from jupyterhub.spawner import SimpleLocalProcessSpawner

    monkeypatch.setenv("NOTNOW_HUB_TESTING", "1")
    config = load(HUB_CONFIG)
    assert config.Authenticator.post_auth_hook(DummyAuthenticator(), None, {"name": "bob"}) == {"name": "bob"}
    config.Spawner.pre_spawn_hook(SimpleLocalProcessSpawner(user=SimpleNamespace(name="bob")))
    assert (hub_env / "homes" / "bob").is_dir()


def test_the_hub_refuses_to_start_with_the_shared_password_authenticator_outside_a_test(hub_env: Path):
    """The real `jupyterhub -f jupyterhub_config.py` exits with the reason before it starts a proxy or a server."""
    env = {name: value for name, value in os.environ.items() if name != "NOTNOW_HUB_TESTING"}
    env |= {
        "NOTNOW_HUB_DIR": str(hub_env / "state"),
        "NOTNOW_HUB_HOMES": str(hub_env / "homes"),
        "NOTNOW_HUB_USERS": str(hub_env / "participants.txt"),
        "NOTNOW_HUB_AUTHENTICATOR": "shared-password",
        "NOTNOW_HUB_BIND_URL": "http://127.0.0.1:18300",  # never bound: the hub stops before its proxy starts
    }
    hub = subprocess.run(
        [sys.executable, "-m", "jupyterhub", "-f", str(HUB_CONFIG), "--JupyterHub.hub_port=18301"],
        cwd=hub_env,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,  # a bound against a hang, not a measured time
        check=False,
    )
    assert hub.returncode != 0
    assert "is for tests only" in hub.stderr + hub.stdout
    assert not (hub_env / "state" / "jupyterhub.sqlite").exists()  # it never opened its database


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


def test_each_participant_server_stops_on_an_error_in_its_config_rather_than_start_open(hub_env: Path):
    """Jupyter only logs an error in a config file and starts with its defaults, unless this variable says so."""
    environment = load(HUB_CONFIG).Spawner.environment
    assert environment["TRAITLETS_APPLICATION_RAISE_CONFIG_FILE_ERROR"] == "1"


def test_the_participant_server_draws_the_page_with_notnows_template_and_no_mathjax_url(hub_env: Path):
    """The template is where the server's JUPYTER_PATH points; with no MathJax URL nothing loads it from cdnjs."""
    config = load(SINGLEUSER / "jupyter_server_config.py")
    assert config.VoilaConfiguration.template == "notnow"
    assert config.VoilaConfiguration.page_config_hook is page_config_hook  # the banner's texts, as `make serve`
    assert config.ServerApp.tornado_settings["mathjax_url"] is None
    data_path = Path(load(HUB_CONFIG).Spawner.environment["JUPYTER_PATH"])
    assert (data_path / "voila" / "templates" / "notnow" / "static" / "access.js").is_file()


def test_the_participant_server_hides_tracebacks_strips_sources_and_has_no_terminal():
    config = load(SINGLEUSER / "jupyter_server_config.py")
    assert config.VoilaConfiguration.show_tracebacks is False
    assert config.VoilaConfiguration.strip_sources is True
    assert config.VoilaConfiguration.file_allowlist == []
    assert config.ServerApp.terminals_enabled is False
    assert config.ServerApp.jpserver_extensions["jupyterlab"] is False  # the dashboard, not a lab
    assert config.MappingKernelManager.cull_idle_timeout == 600


# What the standalone Voila lets a page send its kernel (voila/app.py), worked out from Voila 0.5.13's source.
VOILA_MESSAGE_TYPES = [
    "comm_open",
    "comm_close",
    "comm_msg",
    "comm_info_request",
    "kernel_info_request",
    "shutdown_request",
]


def test_the_page_kernel_takes_only_the_widget_messages_voila_allows():
    """No execute_request (nor inspect, complete, history, input_reply): a kernel id in hand runs no code."""
    config = load(SINGLEUSER / "jupyter_server_config.py")
    assert config.MappingKernelManager.allowed_message_types == VOILA_MESSAGE_TYPES
    assert config.MappingKernelManager.allow_tracebacks is False


@pytest.mark.parametrize(
    ("action", "resource"),
    [
        ("write", "kernels"),  # POST /api/kernels, restart, interrupt, delete
        ("write", "sessions"),  # POST /api/sessions starts a kernel too
        ("read", "sessions"),
        ("read", "contents"),  # /api/contents, /files/, /view/
        ("write", "contents"),
        ("read", "nbconvert"),
        ("write", "config"),
        ("write", "events"),
        ("write", "server"),  # POST /api/shutdown
        ("execute", "terminals"),
    ],
)
def test_the_participant_server_refuses_everything_the_dashboard_does_not_need(action: str, resource: str):
    """The authorizer says no before it asks the hub: these are refused whoever asks."""
    config = load(SINGLEUSER / "jupyter_server_config.py")
    authorizer = config.ServerApp.authorizer_class()
    assert authorizer.is_authorized(None, None, action, resource) is False


def test_the_participant_server_grants_only_the_pages_own_kernel_requests():
    """What the page asks of Jupyter Server: its kernel's model and its websocket; still checked with the hub."""
    from jupyterhub.singleuser.extension import JupyterHubAuthorizer

    namespace = runpy.run_path(str(SINGLEUSER / "jupyter_server_config.py"), init_globals={"get_config": Config})
    assert namespace["DASHBOARD_ONLY"] == {("read", "kernels"), ("execute", "kernels")}
    assert issubclass(load(SINGLEUSER / "jupyter_server_config.py").ServerApp.authorizer_class, JupyterHubAuthorizer)
