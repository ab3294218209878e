"""JupyterHub for a notnow workshop on one machine: every participant gets their own server and their own store.

Run from anywhere: `jupyterhub -f deploy/jupyterhub/jupyterhub_config.py` (as root with the default spawner,
which starts each participant's server as their own Unix account). See deploy/README.md.

Settings come from the environment, never from this file: secrets live outside the repository.

  NOTNOW_HUB_DIR           the hub's state: database, cookie secret, proxy pid (default /srv/notnow-hub)
  NOTNOW_HUB_HOMES         the parent of every participant's NOTNOW_HOME (default /srv/notnow-homes)
  NOTNOW_HUB_USERS         the participant list, one username a line (default $NOTNOW_HUB_DIR/participants.txt);
                           nobody else can log in (no open signup)
  NOTNOW_HUB_ADMINS        comma-separated usernames with admin rights (default none)
  NOTNOW_HUB_AUTHENTICATOR how participants log in (default pam: the machine's own accounts)
  NOTNOW_HUB_SPAWNER       how their servers start (default localprocess: as their own Unix account)
  NOTNOW_HUB_TESTING       1 only in tests/deploy: allows the test-only choices above (shared-password, dummy,
                           simple); without it the hub refuses to start with them
  NOTNOW_HUB_BIND_URL      where the proxy listens (default http://127.0.0.1:8000: put a TLS proxy in front,
                           or set NOTNOW_HUB_SSL_CERT and NOTNOW_HUB_SSL_KEY)
  NOTNOW_HUB_CULL_TIMEOUT  seconds of inactivity after which a participant's server is stopped (default 3600)
  JPY_COOKIE_SECRET        the hub's cookie secret (hex); else $NOTNOW_HUB_DIR/jupyterhub_cookie_secret,
                           which the hub creates with mode 0600 on first start
  CONFIGPROXY_AUTH_TOKEN   the proxy's token; else read from the file NOTNOW_HUB_PROXY_TOKEN_FILE; else the hub
                           makes a fresh one at each start (fine while the hub starts the proxy itself)
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

c = get_config()  # noqa: F821 (JupyterHub provides get_config when it loads this file)

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
STATE = Path(os.environ.get("NOTNOW_HUB_DIR", "/srv/notnow-hub")).expanduser().resolve()
# Not inside STATE: that stays 0700, and every participant must be able to pass through to their own folder.
HOMES = Path(os.environ.get("NOTNOW_HUB_HOMES", "/srv/notnow-homes")).expanduser().resolve()
PARTICIPANTS = Path(os.environ.get("NOTNOW_HUB_USERS", str(STATE / "participants.txt"))).expanduser()
# Names that are safe as a folder name and in a URL; the hub lowercases names before checking them.
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{0,63}$")


def read_names(text: str) -> set[str]:
    """Usernames from a list: one a line (or comma-separated), blank lines and # comments ignored."""
    names = set()
    for line in text.splitlines():
        for name in line.split("#", 1)[0].split(","):
            if name.strip():
                names.add(name.strip().lower())
    return names


def participant_home(username: str) -> Path:
    """The participant's own NOTNOW_HOME: HOMES/<username>, refusing any name that could point elsewhere."""
    if not USERNAME.fullmatch(username):
        raise ValueError(f"username {username!r} cannot be a folder name")
    home = HOMES / username
    if home.parent != HOMES:
        raise ValueError(f"username {username!r} points outside {HOMES}")
    return home


# Choices made for tests, never for a room: anyone with the one password can log in as any participant
# (shared-password, dummy), or every participant's server runs as one Unix account and can read the others'
# stores (simple). Matched on the class and its bases, however the choice is spelled.
TEST_ONLY = frozenset({"SharedPasswordAuthenticator", "DummyAuthenticator", "SimpleLocalProcessSpawner"})
TESTING_VARIABLE = "NOTNOW_HUB_TESTING"


def forbidden_outside_tests(cls: type) -> str:
    """The test-only classes `cls` is or derives from, outside a test run; "" in one, or for a class fit for a room."""
    if os.environ.get(TESTING_VARIABLE) == "1":
        return ""
    return ", ".join(sorted(TEST_ONLY & {base.__name__ for base in cls.__mro__}))


def refuse_test_only(trait: str, choice: str) -> str:
    """The choice for JupyterHub.<trait>, unless it is a test-only class and this is not a test run."""
    from jupyterhub.app import JupyterHub

    chosen = JupyterHub.class_traits()[trait].validate(None, choice)  # as the hub resolves it: entry point or path
    test_only = forbidden_outside_tests(chosen)
    if test_only:
        raise ValueError(
            f"{trait} {choice!r} ({test_only}) is for tests only and is not safe for a room; "
            f"the hub starts with it only when {TESTING_VARIABLE}=1 (see deploy/README.md)"
        )
    return choice


def refuse_test_only_logins(authenticator: Any, handler: Any, authentication: dict[str, Any]) -> Any:
    """After each login (post_auth_hook): none through a test-only authenticator outside a test (None: refused).
    refuse_test_only checks the choice as this file names it; this catches one made on the command line
    (`--JupyterHub.authenticator_class=dummy`), which this file never sees."""
    test_only = forbidden_outside_tests(type(authenticator))
    if test_only:
        authenticator.log.error(
            "notnow: login refused: %s is for tests only (%s is not 1; see deploy/README.md)",
            test_only,
            TESTING_VARIABLE,
        )
        return None
    return authentication


def _restrict(path: Path, mode: int, owner: tuple[int, int] | None = None) -> None:
    """Set mode (and owner) on the folder itself: O_NOFOLLOW, so a symlink put in its place is refused."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        os.fchmod(fd, mode)
        if owner is not None:
            os.fchown(fd, *owner)
    finally:
        os.close(fd)


def _unix_owner(spawner: Any) -> tuple[int, int] | None:
    """The participant's uid and gid when the hub (as root) starts servers as their own Unix account."""
    from jupyterhub.spawner import LocalProcessSpawner, SimpleLocalProcessSpawner

    if os.geteuid() != 0 or not isinstance(spawner, LocalProcessSpawner):
        return None
    if isinstance(spawner, SimpleLocalProcessSpawner):  # every participant runs as the hub's own user
        return None
    import pwd

    account = pwd.getpwnam(spawner.user.name)
    return account.pw_uid, account.pw_gid


def make_participant_home(spawner: Any) -> None:
    """Before each spawn: the participant's store folder exists, mode 0700, owned by them. No server starts
    through a test-only spawner outside a test (one chosen on the command line included)."""
    test_only = forbidden_outside_tests(type(spawner))
    if test_only:
        raise ValueError(f"spawner {test_only} is for tests only; {TESTING_VARIABLE} is not 1 (see deploy/README.md)")
    home = participant_home(spawner.user.name)
    HOMES.mkdir(mode=0o711, parents=True, exist_ok=True)
    _restrict(HOMES, 0o711)  # others may pass through to their own folder, not list the names
    home.mkdir(mode=0o700, exist_ok=True)
    _restrict(home, 0o700, _unix_owner(spawner))


STATE.mkdir(mode=0o700, parents=True, exist_ok=True)

# --- the hub and its proxy ---------------------------------------------------------------------------------
c.JupyterHub.bind_url = os.environ.get("NOTNOW_HUB_BIND_URL", "http://127.0.0.1:8000")
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")
if os.environ.get("NOTNOW_HUB_SSL_CERT") and os.environ.get("NOTNOW_HUB_SSL_KEY"):
    c.JupyterHub.ssl_cert = os.environ["NOTNOW_HUB_SSL_CERT"]
    c.JupyterHub.ssl_key = os.environ["NOTNOW_HUB_SSL_KEY"]
if not os.environ.get("CONFIGPROXY_AUTH_TOKEN") and os.environ.get("NOTNOW_HUB_PROXY_TOKEN_FILE"):
    c.ConfigurableHTTPProxy.auth_token = Path(os.environ["NOTNOW_HUB_PROXY_TOKEN_FILE"]).read_text().strip()
# The pinned proxy from `npm ci --prefix deploy/jupyterhub`, else one on the PATH.
LOCAL_PROXY = HERE / "node_modules" / ".bin" / "configurable-http-proxy"
c.ConfigurableHTTPProxy.command = [str(LOCAL_PROXY) if LOCAL_PROXY.exists() else "configurable-http-proxy"]
# Many participants log in within the same minutes: refuse ("try again") beyond this rather than crawl.
c.JupyterHub.concurrent_spawn_limit = 20

# --- who may log in: the participant list, nobody else -------------------------------------------------------
# The machine's own accounts by default; NOTNOW_HUB_AUTHENTICATOR names another (see deploy/README.md).
c.JupyterHub.authenticator_class = refuse_test_only(
    "authenticator_class", os.environ.get("NOTNOW_HUB_AUTHENTICATOR", "pam")
)
c.Authenticator.allow_all = False
c.Authenticator.allowed_users = read_names(PARTICIPANTS.read_text()) if PARTICIPANTS.is_file() else set()
c.Authenticator.admin_users = read_names(os.environ.get("NOTNOW_HUB_ADMINS", ""))
c.Authenticator.username_pattern = USERNAME.pattern
c.Authenticator.post_auth_hook = refuse_test_only_logins
c.LocalAuthenticator.create_system_users = False
# Authenticators that can sign people up: off, should one be chosen on the command line.
c.NativeAuthenticator.open_signup = False
c.FirstUseAuthenticator.create_users = False

# --- each participant's server: the dashboard, their own store -----------------------------------------------
# Each participant's server runs as their own Unix account; NOTNOW_HUB_SPAWNER names another.
c.JupyterHub.spawner_class = refuse_test_only("spawner_class", os.environ.get("NOTNOW_HUB_SPAWNER", "localprocess"))
c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]
c.Spawner.notebook_dir = str(REPO / "notebooks")
c.Spawner.default_url = "/voila/render/workbook.ipynb"
c.Spawner.disable_user_config = True  # a participant's ~/.jupyter cannot undo the settings below
c.Spawner.start_timeout = 120  # a first start takes 20–40 s on a small machine, longer when many log in
c.Spawner.http_timeout = 120
c.Spawner.pre_spawn_hook = make_participant_home
c.Spawner.environment = {
    "NOTNOW_HOME": lambda spawner: str(participant_home(spawner.user.name)),
    # One person, one store: never the single Voila's workshop mode with its per-link codes.
    "NOTNOW_WORKSHOP": "0",
    # The server's own jupyter_server_config.py: hidden tracebacks, stripped sources, kernel culling.
    "JUPYTER_CONFIG_PATH": str(HERE / "singleuser"),
    # Where Voila finds notnow's page template (voila/templates/notnow), as `make serve` does (notnow.serving).
    "JUPYTER_PATH": str(REPO / "serve" / "share"),
    # An error in that file stops the server instead of leaving it open with Jupyter's defaults.
    "TRAITLETS_APPLICATION_RAISE_CONFIG_FILE_ERROR": "1",
    "PATH": os.pathsep.join([str(Path(sys.executable).parent), "/usr/local/bin", "/usr/bin", "/bin"]),
}

# --- the idle culler: a hub-managed service with only the scopes it needs ------------------------------------
CULLER = "jupyterhub-idle-culler-service"
c.JupyterHub.services = [
    {
        "name": CULLER,
        "command": [
            sys.executable,
            "-m",
            "jupyterhub_idle_culler",
            f"--timeout={int(os.environ.get('NOTNOW_HUB_CULL_TIMEOUT', '3600'))}",
            "--cull-every=300",
        ],
    },
]
c.JupyterHub.load_roles = [
    {
        "name": "jupyterhub-idle-culler-role",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": [CULLER],
    },
]
