"""deploy/kubernetes, read as Helm and Docker read it: who can log in, and that no secret is in the files.

No cluster or Docker here (deploy/README.md): what can be checked without them is what the files say.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from tests.notebooks.voila_server import ROOT

KUBERNETES = ROOT / "deploy" / "kubernetes"

# Authenticators where the first person to type a listed name sets its password (or no password is checked):
# whoever comes first in the room, or on the internet, is that participant, or the host. Names as the chart's
# hub image spells their entry points and classes.
CLAIMED_BY_THE_FIRST_COMER = {
    "firstuseauthenticator",
    "firstuseauthenticator.firstuseauthenticator",
    "nativeauthenticator",
    "nativeauthenticator.nativeauthenticator",
    "tmpauthenticator",
    "tmpauthenticator.tmpauthenticator",
    "dummy",
    "jupyterhub.auth.dummyauthenticator",
    "shared-password",
    "jupyterhub.authenticators.shared.sharedpasswordauthenticator",
}
# Settings of the chart and of the authenticator that are secrets: they belong in the values file kept outside.
SECRETS = {"cookieSecret", "secretToken", "client_secret", "client_id", "admin_password", "user_password"}


@pytest.fixture(scope="module")
def values() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((KUBERNETES / "values.yaml").read_text())
    return loaded


def keys_in(tree: Any) -> set[str]:
    """Every mapping key anywhere in a parsed YAML tree."""
    if isinstance(tree, dict):
        return set(tree) | {key for value in tree.values() for key in keys_in(value)}
    if isinstance(tree, list):
        return {key for item in tree for key in keys_in(item)}
    return set()


def test_participants_log_in_with_oauth_never_with_a_name_claimed_at_first_use(values: dict[str, Any]):
    """The login proves who someone is (GitHub OAuth); no first-use, sign-up, shared or dummy password."""
    hub_config = values["hub"]["config"]
    authenticator = hub_config["JupyterHub"]["authenticator_class"]
    assert authenticator == "github"
    assert authenticator.lower() not in CLAIMED_BY_THE_FIRST_COMER
    for section in ("FirstUseAuthenticator", "NativeAuthenticator", "TmpAuthenticator", "DummyAuthenticator"):
        assert section not in hub_config, f"{section} settings left in the values"


def test_only_the_listed_participants_and_the_host_get_in(values: dict[str, Any]):
    """An allow list, no allow_all: a GitHub account alone is not enough; the host is named, not first to come."""
    authenticator = values["hub"]["config"]["Authenticator"]
    assert authenticator["allow_all"] is False
    assert len(authenticator["allowed_users"]) >= 1
    assert len(authenticator["admin_users"]) == 1
    assert "host" not in authenticator["admin_users"]  # a name anyone could pick is no way to name the admin
    for name in authenticator["allowed_users"] + authenticator["admin_users"]:
        assert name == name.lower(), f"{name}: JupyterHub compares lower-cased names"


def test_the_oauth_callback_is_the_workshops_own_https_host(values: dict[str, Any]):
    """GitHub sends people back to the one host the proxy has a certificate for, over HTTPS."""
    callback = urlsplit(values["hub"]["config"]["GitHubOAuthenticator"]["oauth_callback_url"])
    assert callback.scheme == "https"
    assert callback.path == "/hub/oauth_callback"
    assert values["proxy"]["https"]["enabled"] is True
    assert [callback.hostname] == values["proxy"]["https"]["hosts"]


def test_the_values_hold_no_secret(values: dict[str, Any]):
    """Cookie secret, proxy token and the OAuth app's id and secret are kept out of the repository."""
    assert SECRETS.isdisjoint(keys_in(values))


def test_the_participant_image_serves_the_dashboard_only_config_and_stops_on_an_error_in_it():
    """The image copies the one-machine server config, and an error in it stops the server, not opens it."""
    dockerfile = (KUBERNETES / "Dockerfile").read_text()
    assert "COPY deploy/jupyterhub/singleuser/jupyter_server_config.py /etc/notnow/jupyter/" in dockerfile
    assert "JUPYTER_CONFIG_PATH=/etc/notnow/jupyter" in dockerfile
    assert "TRAITLETS_APPLICATION_RAISE_CONFIG_FILE_ERROR=1" in dockerfile


def test_the_participant_image_ships_notnows_page_template_where_voila_looks():
    """The template folder is copied to the Jupyter data path the image sets (the config names the template)."""
    dockerfile = (KUBERNETES / "Dockerfile").read_text()
    assert "COPY serve/share /srv/notnow/share" in dockerfile
    assert "JUPYTER_PATH=/srv/notnow/share" in dockerfile
    assert (ROOT / "serve" / "share" / "voila" / "templates" / "notnow" / "index.html.j2").is_file()
