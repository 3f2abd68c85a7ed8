"""Signing in with a work account (OpenID Connect), through the real views, against the
identity provider of tests/oidc_provider.py, which issues real signed tokens."""

import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from dus.models import Role, User
from tests import oidc_provider
from tests.factories import make_user
from tests.oidc_provider import (
    CLIENT_ID,
    CLIENT_SECRET,
    DIRECTION,
    GROUP_MANAGEMENT,
    MAJA_OID,
    STAFF,
)

# The test identity provider's fixtures.
provider = oidc_provider.provider
oidc = oidc_provider.oidc

pytestmark = pytest.mark.django_db

REFUSED = "Svaret fra identitetsudbyderen kunne ikke bekræftes"
EXPIRED = "udløbet eller allerede brugt"


def start(client, next_url: str = "") -> str:
    """Click "Log ind med din arbejdskonto": the provider's authorization URL."""
    query = f"?next={next_url}" if next_url else ""
    response = client.get(reverse("oidc_start") + query)
    assert response.status_code == 302
    return response["Location"]


def sign_in(client, provider, next_url: str = ""):
    """The whole round: to the provider, signed in there, back to the callback."""
    callback = provider.authorize(start(client, next_url))
    parts = urlsplit(callback)
    assert parts.netloc == "testserver"
    return client.get(f"{parts.path}?{parts.query}")


def signed_in(client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def roles(user: User) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def test_it_offers_the_work_account_on_the_sign_in_page(client, oidc):
    page = client.get(reverse("login") + "?next=/klynger/").content.decode()
    assert f'href="{reverse("oidc_start")}?next=/klynger/"' in page
    assert "Log ind med din arbejdskonto" in page
    assert 'name="password"' in page  # the local sign-in stays, under it
    assert "autofocus" not in page  # the work account's button comes first


def test_it_sends_state_nonce_and_a_pkce_challenge(client, oidc):
    url = start(client)
    assert url.startswith(oidc.issuer + "/authorize?")
    params = {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}
    assert params["client_id"] == CLIENT_ID
    assert params["redirect_uri"] == "http://testserver" + reverse("oidc_callback")
    assert params["scope"] == "openid email profile"
    assert params["code_challenge_method"] == "S256"
    assert len(params["state"]) >= 32 and len(params["nonce"]) >= 32
    assert len(params["code_challenge"]) == 43
    # The endpoints came from the discovery document, fetched once and then cached.
    start(client)
    assert oidc.seen.count("/tenant/v2.0/.well-known/openid-configuration") == 1


def test_it_creates_a_new_person_with_the_roles_their_groups_map_to(client, oidc):
    oidc.claims = {"groups": [GROUP_MANAGEMENT, "a-group-nobody-mapped"]}
    response = sign_in(client, oidc, next_url="/klynger/")
    assert response.status_code == 302
    assert response["Location"] == "/klynger/"
    person = signed_in(client)
    assert person is not None
    assert (person.username, person.first_name, person.last_name, person.email) == (
        "maja.lund",
        "Maja",
        "Lund",
        "maja.lund@skanderborg.dk",
    )
    assert person.idp_subject == MAJA_OID
    assert not person.has_usable_password()
    assert roles(person) == {Role.GROUP_MANAGEMENT}
    assert person.idp_roles == [Role.GROUP_MANAGEMENT]
    # The token was exchanged with the PKCE verifier (the provider checks it) and its
    # signature checked against the provider's keys.
    assert "/tenant/v2.0/token" in oidc.seen and "/tenant/v2.0/keys" in oidc.seen


def test_it_updates_name_email_and_roles_at_the_next_sign_in(client, oidc):
    oidc.claims = {"groups": [GROUP_MANAGEMENT, STAFF]}
    sign_in(client, oidc)
    person = signed_in(client)
    person.groups.add(Group.objects.get_or_create(name=Role.CONTRACT_HOLDER)[0])  # by hand
    client.post(reverse("logout"))

    oidc.claims = {
        "groups": [STAFF, DIRECTION],
        "given_name": "Maja",
        "family_name": "Lund Holm",
        "email": "MAJA.HOLM@skanderborg.dk",
    }
    assert sign_in(client, oidc).status_code == 302
    person.refresh_from_db()
    assert signed_in(client) == person
    assert (person.first_name, person.last_name, person.email) == (
        "Maja",
        "Lund Holm",
        "MAJA.HOLM@skanderborg.dk",
    )
    # Group management went with the group; direction came; the hand-set role stayed.
    assert roles(person) == {Role.STAFF, Role.DIRECTION, Role.CONTRACT_HOLDER}
    assert person.idp_roles == [Role.DIRECTION, Role.STAFF]
    assert User.objects.count() == 1


def test_it_leaves_a_role_set_by_hand_when_the_groups_grant_it_too(client, oidc):
    person = make_user(Role.STAFF, email="maja.lund@skanderborg.dk")
    oidc.claims = {"groups": [STAFF]}
    sign_in(client, oidc)
    person.refresh_from_db()
    assert person.idp_roles == []
    client.post(reverse("logout"))
    oidc.claims = {"groups": []}
    sign_in(client, oidc)
    assert roles(person) == {Role.STAFF}


def test_it_links_the_one_person_with_the_tokens_email(client, oidc):
    person = make_user(username="maja", email="Maja.Lund@Skanderborg.dk")
    sign_in(client, oidc)
    assert signed_in(client) == person
    person.refresh_from_db()
    assert (person.username, person.idp_subject) == ("maja", MAJA_OID)
    assert person.has_usable_password()  # a local password, where there was one, stays


def test_it_takes_sub_where_the_token_has_no_oid(client, oidc):
    oidc.tamper = {"oid": None}
    sign_in(client, oidc)
    assert signed_in(client).idp_subject == "pairwise-sub-of-maja"


def test_it_gives_a_new_person_a_free_user_name(client, oidc):
    make_user(username="maja.lund", email="another@example.dk")
    sign_in(client, oidc)
    assert signed_in(client).username == "maja.lund-2"


def assert_refused(response, client, text: str, status: int = 400) -> None:
    assert response.status_code == status
    page = response.content.decode()
    assert text in page
    assert "Du blev ikke logget ind" in page
    assert '<html lang="da">' in page
    assert signed_in(client) is None


@pytest.mark.parametrize(
    "tamper",
    [
        {"aud": "another-client"},
        {"aud": ["another-client", CLIENT_ID], "azp": "another-client"},
        {"aud": ["another-client", CLIENT_ID]},  # several audiences and no azp
        {"iss": "https://login.example.invalid/tenant/v2.0"},
        {"iss": None},
        {"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200},
        {"exp": None},
        {"nonce": "the-nonce-of-an-earlier-sign-in"},
        {"nonce": None},
        {"oid": None, "sub": None},
    ],
    ids=[
        "wrong-audience",
        "another-azp",
        "several-audiences-no-azp",
        "wrong-issuer",
        "no-issuer",
        "expired",
        "no-expiry",
        "another-sign-ins-nonce",
        "no-nonce",
        "no-subject",
    ],
)
def test_it_refuses_a_token_that_fails_a_check(client, oidc, tamper):
    oidc.tamper = tamper
    assert_refused(sign_in(client, oidc), client, REFUSED)
    assert not User.objects.exists()


@pytest.mark.parametrize(
    "key", ["other_key", "client secret (HS256)"], ids=["another-rsa-key", "hs256"]
)
def test_it_refuses_a_token_not_signed_with_the_providers_key(client, oidc, key):
    oidc.sign_with = oidc.other_key if key == "other_key" else CLIENT_SECRET
    assert_refused(sign_in(client, oidc), client, REFUSED)
    assert not User.objects.exists()


def test_it_refuses_a_token_replayed_into_another_sign_in(client, oidc):
    """An ID token taken from an earlier sign-in carries that sign-in's nonce."""
    sign_in(client, oidc)
    client.post(reverse("logout"))
    oidc.replay = oidc.issued[0]
    assert_refused(sign_in(client, oidc), client, REFUSED)


def test_it_refuses_a_callback_used_twice(client, oidc):
    callback = urlsplit(oidc.authorize(start(client)))
    first = client.get(f"{callback.path}?{callback.query}")
    assert first.status_code == 302
    client.post(reverse("logout"))
    assert_refused(client.get(f"{callback.path}?{callback.query}"), client, EXPIRED)


def test_it_refuses_a_state_this_browser_was_not_given(client, oidc):
    start(client)
    response = client.get(reverse("oidc_callback") + "?code=any&state=forged-state")
    assert_refused(response, client, EXPIRED)
    assert "/tenant/v2.0/token" not in oidc.seen


def test_it_refuses_a_callback_in_a_browser_that_did_not_start(client, oidc):
    response = client.get(reverse("oidc_callback") + "?code=any&state=any")
    assert_refused(response, client, EXPIRED)


def test_it_refuses_a_code_the_provider_does_not_accept(client, oidc):
    callback = urlsplit(oidc.authorize(start(client)))
    oidc.grants.clear()  # the code expired at the provider
    assert_refused(client.get(f"{callback.path}?{callback.query}"), client, REFUSED)


def test_it_says_so_when_the_provider_did_not_sign_the_person_in(client, oidc):
    state = parse_qs(urlsplit(start(client)).query)["state"][0]
    response = client.get(reverse("oidc_callback") + f"?error=access_denied&state={state}")
    assert_refused(response, client, "Identitetsudbyderen loggede dig ikke ind")


def test_it_refuses_a_deactivated_person(client, oidc):
    make_user(idp_subject=MAJA_OID, is_active=False)
    assert_refused(sign_in(client, oidc), client, "Din adgang til DUS-portalen er lukket", 403)


def test_it_ends_the_session_of_a_person_deactivated_after_signing_in(client, oidc):
    sign_in(client, oidc)
    assert client.get("/").status_code == 200
    User.objects.update(is_active=False)
    assert client.get("/").status_code == 302


def test_it_does_not_bring_a_deactivated_person_back_as_a_new_one(client, oidc):
    make_user(email="maja.lund@skanderborg.dk", is_active=False)
    assert_refused(sign_in(client, oidc), client, "Din adgang til DUS-portalen er lukket", 403)
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    "others",
    [
        [{"email": "maja.lund@skanderborg.dk"}, {"email": "MAJA.LUND@skanderborg.dk"}],
        [{"email": "maja.lund@skanderborg.dk", "idp_subject": "someone-else"}],
        [{"email": "maja.lund@skanderborg.dk", "is_superuser": True}],
    ],
    ids=["two-share-the-email", "linked-to-another-id", "superuser"],
)
def test_it_does_not_link_by_email_where_that_is_not_safe(client, oidc, others):
    for kwargs in others:
        make_user(**kwargs)
    assert_refused(sign_in(client, oidc), client, "kunne ikke kobles til én person", 403)
    assert User.objects.filter(idp_subject=MAJA_OID).count() == 0


def test_it_says_so_when_the_provider_does_not_answer(client, oidc, settings):
    settings.OIDC_ISSUER = "http://127.0.0.1:9/nobody-listens"
    response = client.get(reverse("oidc_start"))
    assert response.status_code == 502
    assert "Identitetsudbyderen svarede ikke" in response.content.decode()


def test_it_refuses_a_discovery_document_for_another_issuer(client, oidc, settings):
    settings.OIDC_ISSUER = oidc.issuer + "/"  # the document names the issuer without it
    assert client.get(reverse("oidc_start")).status_code == 502


def test_it_uses_the_endpoints_the_settings_name_without_discovery(client, oidc, settings):
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = oidc.endpoint("authorize")
    settings.OIDC_OP_TOKEN_ENDPOINT = oidc.endpoint("token")
    settings.OIDC_OP_JWKS_ENDPOINT = oidc.endpoint("keys")
    assert sign_in(client, oidc).status_code == 302
    assert signed_in(client) is not None
    assert "/tenant/v2.0/.well-known/openid-configuration" not in oidc.seen


def test_it_counts_refused_sign_ins_toward_the_sign_in_limits(client, oidc, settings):
    settings.AXES_FAILURE_LIMIT = 2
    oidc.tamper = {"aud": "another-client"}
    sign_in(client, oidc)
    sign_in(client, oidc)
    oidc.tamper = {}
    response = sign_in(client, oidc)
    assert response.status_code == 429
    assert "For mange mislykkede forsøg" in response.content.decode()
    assert signed_in(client) is None


def test_it_shows_nothing_of_this_without_the_settings(client):
    page = client.get(reverse("login")).content.decode()
    assert "arbejdskonto" not in page
    assert 'name="password"' in page
    assert client.get(reverse("oidc_start")).status_code == 404
    assert client.get(reverse("oidc_callback") + "?code=x&state=y").status_code == 404


def test_it_refuses_passwords_when_local_sign_in_is_off(client, oidc, settings):
    settings.LOCAL_SIGNIN = False
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        "dus.oidc.OIDCBackend",
    ]
    make_user(username="maja")
    page = client.get(reverse("login")).content.decode()
    assert "Log ind med din arbejdskonto" in page
    assert 'name="password"' not in page
    response = client.post(reverse("login"), {"username": "maja", "password": "demo-pass"})
    assert response.status_code == 405
    assert "Log ind med brugernavn og adgangskode er slået fra" in response.content.decode()
    assert signed_in(client) is None
    # The work account still signs in.
    assert sign_in(client, oidc).status_code == 302
