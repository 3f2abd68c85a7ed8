"""The settings for signing in with a work account: read from the environment, refused
when they cannot work, and off (nothing changes) without them."""

import re

import pytest
from django.core.exceptions import ImproperlyConfigured

from dus.models import Role

PROVIDER = {
    "OIDC_ISSUER": "https://login.microsoftonline.com/tenant-id/v2.0",
    "OIDC_CLIENT_ID": "client-id",
    "OIDC_CLIENT_SECRET": "client-secret",
}
BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]


def test_it_is_off_without_the_settings(settings_from_env):
    s = settings_from_env(**dict.fromkeys([*PROVIDER, "LOCAL_SIGNIN", "OIDC_GROUP_ROLES"]))
    assert (s["OIDC_ENABLED"], s["LOCAL_SIGNIN"]) == (False, True)
    assert s["AUTHENTICATION_BACKENDS"] == BACKENDS


def test_it_reads_the_provider_and_the_group_mapping(settings_from_env):
    s = settings_from_env(
        **PROVIDER,
        OIDC_GROUP_ROLES="g1=group_management, g2 = staff,g1=direction",
        LOCAL_SIGNIN="false",
    )
    assert s["OIDC_ENABLED"] is True
    assert s["OIDC_GROUP_ROLES"] == {"g1": ["group_management", "direction"], "g2": ["staff"]}
    assert s["AUTHENTICATION_BACKENDS"] == [BACKENDS[0], "dus.oidc.OIDCBackend"]
    # What the library checks with these (README, "Signing in with a work account").
    assert (s["OIDC_RP_SIGN_ALGO"], s["OIDC_USE_NONCE"], s["OIDC_USE_PKCE"]) == (
        "RS256",
        True,
        True,
    )
    assert s["OIDC_PKCE_CODE_CHALLENGE_METHOD"] == "S256"
    assert (s["OIDC_ALLOW_UNSECURED_JWT"], s["OIDC_VERIFY_SSL"]) == (False, True)


def test_it_knows_every_role_and_no_other(settings_from_env):
    every = ",".join(f"g{n}={role}" for n, role in enumerate(Role.values))
    assert len(settings_from_env(**PROVIDER, OIDC_GROUP_ROLES=every)["OIDC_GROUP_ROLES"]) == 4


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"OIDC_CLIENT_SECRET": None}, "OIDC_CLIENT_SECRET missing"),
        ({"OIDC_ISSUER": "http://idp.example.dk"}, "OIDC_ISSUER must be an https://"),
        ({"OIDC_GROUP_ROLES": "g1=koncernledelse"}, "OIDC_GROUP_ROLES: 'g1=koncernledelse'"),
        ({"OIDC_GROUP_ROLES": "g1"}, "OIDC_GROUP_ROLES: 'g1'"),
        ({"OIDC_GROUP_ROLES": "=staff"}, "OIDC_GROUP_ROLES: '=staff'"),
    ],
)
def test_it_stops_on_settings_that_cannot_work(settings_from_env, env, message):
    with pytest.raises(ImproperlyConfigured, match=re.escape(message)):
        settings_from_env(**{**PROVIDER, **env})


def test_it_will_not_switch_off_passwords_without_the_provider(settings_from_env):
    with pytest.raises(ImproperlyConfigured, match="LOCAL_SIGNIN=false needs"):
        settings_from_env(**dict.fromkeys(PROVIDER), LOCAL_SIGNIN="false")
