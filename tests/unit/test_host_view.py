"""The host's page on the workshop server (notnow.host_view): its key, and how the config takes it."""

from __future__ import annotations

import pytest
from traitlets.config import Config

from notnow import host_view
from notnow.serving import LocalIdentityProvider


def room_config(room_token: str = "the-rooms-own-token-123") -> Config:
    c = Config()
    c.Voila.token = room_token
    c.Voila.identity_provider_class = LocalIdentityProvider
    c.Voila.tornado_settings = {"extra_log_scrub_param_keys": ["me"]}
    return c


def test_the_host_key_comes_out_of_the_environment_so_no_kernel_inherits_it(monkeypatch):
    """make serve exports NOTNOW_HOST_TOKEN; the server reads it once and drops it from its environment."""
    monkeypatch.setenv(host_view.HOST_TOKEN_ENV, "h" * 40)
    key = host_view.configure_host(room_config())
    assert key == "h" * 40
    assert host_view.HOST_TOKEN_ENV not in __import__("os").environ


def test_a_missing_or_short_host_key_is_replaced_by_an_unguessable_one(monkeypatch):
    """No key, or one of fewer than 16 characters, gets 32 random bytes instead (43 characters)."""
    monkeypatch.delenv(host_view.HOST_TOKEN_ENV, raising=False)
    assert len(host_view.configure_host(room_config())) == 43
    assert len(host_view.configure_host(room_config(), token="short")) == 43


def test_the_host_key_may_not_be_the_rooms_token():
    """A host who reused the room's token would hand the room view to every participant: refused at start."""
    with pytest.raises(SystemExit, match="must differ"):
        host_view.configure_host(room_config("same-token-for-both-1234"), token="same-token-for-both-1234")


def test_the_host_page_joins_the_servers_pages_and_its_key_is_masked_in_the_access_log():
    """The identity provider now also serves the host's page; `key` is scrubbed like the participant's `me`."""
    c = room_config()
    host_view.configure_host(c, token="k" * 32)
    provider = c.Voila.identity_provider_class
    assert issubclass(provider, LocalIdentityProvider)
    paths = [path for path, _handler in provider().get_handlers()]
    assert host_view.HOST_PATH in paths
    assert "/login" in paths  # the login and logout pages are still there
    assert c.Voila.tornado_settings["extra_log_scrub_param_keys"] == ["me", "key"]
