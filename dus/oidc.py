"""Signing in with the municipality's identity provider (Microsoft Entra ID, AD FS) over
OpenID Connect: "Log ind med din arbejdskonto".

mozilla-django-oidc runs the authorization code flow: it sends the state, a nonce and a
PKCE code challenge (S256) with every sign-in, keeps them in the session and checks the
state on return (a state it did not send is refused, and each one is used once). This
module adds what the library leaves to the project:

- the endpoints from the issuer's discovery document (cached an hour), unless the
  settings name them;
- the ID token checked in full, not just its signature: signed with RS256 by a key of
  the provider's JWKS; `iss` equal to OIDC_ISSUER; `aud` holding the client id, and
  `azp` equal to it where there are several audiences; `exp` and `iat` present and
  `exp` not passed; the nonce equal to the one this sign-in sent;
- the person found by the provider's stable id (`oid`, else `sub`), else linked by
  e-mail, else created; their name and e-mail updated, and their roles set from the
  token's groups through OIDC_GROUP_ROLES (`User.set_idp_roles`);
- a Danish page instead of a 500 for every refusal (`failure`).

The person's claims are the ID token's: the userinfo endpoint is not asked, as Entra's
holds no groups.
"""

import hashlib
import hmac
import logging
import re
from typing import NoReturn

import jwt
import requests
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.generic import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from dus.history import one_record
from dus.models import User
from dus.validators import one_line

log = logging.getLogger(__name__)

DISCOVERY_SECONDS = 60 * 60
# What a sign-in takes from the identity provider into the person's row.
SIGN_IN_FIELDS = ("first_name", "last_name", "email", "idp_subject")
LEEWAY_SECONDS = 60  # clocks of the portal and the provider may differ this much

# The library's setting for an endpoint, and its key in the discovery document.
ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}

# Why a sign-in was refused: the Danish message, and the answer's status.
FAILURES = {
    "refused": (
        _(
            "The answer from the identity provider could not be verified, so you were not "
            "signed in. Try again; if it happens again, contact the portal's administrator."
        ),
        400,
    ),
    "expired": (
        _("This sign-in has expired or has already been used. Start again from the sign-in page."),
        400,
    ),
    "cancelled": (
        _("The identity provider did not sign you in. Try again, or contact your IT support."),
        400,
    ),
    "inactive": (
        _(
            "Your access to DUS-portalen has been closed. Contact the portal's administrator "
            "if you should have access."
        ),
        403,
    ),
    "unmatched": (
        _(
            "Your work account could not be matched to one person in the portal. Contact "
            "the portal's administrator."
        ),
        403,
    ),
    "unavailable": (
        _("The identity provider did not answer. Try again in a moment."),
        502,
    ),
}


class ProviderUnavailable(Exception):
    """The identity provider did not answer, or its discovery document is unusable."""


def refuse(request: HttpRequest, reason: str, detail: str) -> NoReturn:
    """Stop this sign-in: the reason picks the page the person sees (`failure`), the
    detail goes to the log only (it may say more than a stranger should read)."""
    request.oidc_refusal = reason
    raise SuspiciousOperation(f"OIDC sign-in refused ({reason}): {detail}")


def failure(request: HttpRequest, reason: str) -> HttpResponse:
    message, status = FAILURES[reason]
    return render(request, "registration/sign_in_failed.html", {"message": message}, status=status)


def discovery() -> dict:
    """The issuer's discovery document (`.well-known/openid-configuration`), cached; its
    `issuer` must be OIDC_ISSUER itself, as OpenID Connect Discovery requires."""
    issuer = settings.OIDC_ISSUER
    key = "oidc-discovery:" + hashlib.sha256(issuer.encode()).hexdigest()
    document = cache.get(key)
    if document is not None:
        return document
    url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnavailable(f"discovery at {url} failed: {error}") from error
    if not isinstance(document, dict) or document.get("issuer") != issuer:
        raise ProviderUnavailable(f"the discovery document at {url} is for another issuer")
    if not all(isinstance(document.get(name), str) for name in ENDPOINTS.values()):
        raise ProviderUnavailable(f"the discovery document at {url} lacks an endpoint")
    cache.set(key, document, DISCOVERY_SECONDS)
    return document


def get_settings(name: str, *default):
    """The library's settings, with an endpoint the settings leave empty read from the
    discovery document."""
    if name in ENDPOINTS and not getattr(settings, name, ""):
        return discovery()[ENDPOINTS[name]]
    return import_from_settings(name, *default)


class OIDCBackend(OIDCAuthenticationBackend):
    """The library's backend, checking the ID token in full and keeping the person's
    name, e-mail and roles in step with the identity provider."""

    get_settings = staticmethod(get_settings)

    def __init__(self, *args, **kwargs) -> None:
        # Django makes a backend for every sign-in, the password ones too, and for every
        # request of a person signed in through it: nothing here may ask the provider.
        self.UserModel = User
        self.OIDC_RP_IDP_SIGN_KEY = None

    OIDC_OP_TOKEN_ENDPOINT = property(lambda self: get_settings("OIDC_OP_TOKEN_ENDPOINT"))
    OIDC_OP_JWKS_ENDPOINT = property(lambda self: get_settings("OIDC_OP_JWKS_ENDPOINT"))
    OIDC_RP_CLIENT_ID = property(lambda self: settings.OIDC_RP_CLIENT_ID)
    OIDC_RP_CLIENT_SECRET = property(lambda self: settings.OIDC_RP_CLIENT_SECRET)
    OIDC_RP_SIGN_ALGO = property(lambda self: settings.OIDC_RP_SIGN_ALGO)

    def authenticate(self, request, nonce=None, code_verifier=None, **kwargs):
        # Only the callback passes a nonce: a password sign-in is none of this backend's.
        if request is None or not nonce:
            return None
        try:
            return super().authenticate(request, nonce=nonce, code_verifier=code_verifier)
        except SuspiciousOperation as error:
            log.warning("%s", error)
            if not getattr(request, "oidc_refusal", None):
                request.oidc_refusal = "refused"
            return None  # so Django sends user_login_failed, and the sign-in limits count it

    def get_token(self, payload: dict) -> dict:
        try:
            answer = super().get_token(payload)
        except requests.HTTPError as error:
            status = error.response.status_code if error.response is not None else 0
            if 400 <= status < 500:  # a code that is not valid, or a PKCE verifier that fails
                refuse(self.request, "refused", f"the token endpoint answered {status}")
            raise
        if not isinstance(answer, dict):
            refuse(self.request, "refused", "the token endpoint's answer is not an object")
        return answer

    def verify_token(self, token, **kwargs) -> dict:
        """The ID token's claims, once every check has passed (see the module's doc)."""
        nonce = kwargs.get("nonce")
        if not isinstance(token, str) or not token:
            refuse(self.request, "refused", "no ID token")
        algorithm = settings.OIDC_RP_SIGN_ALGO
        try:
            if jwt.get_unverified_header(token).get("alg") != algorithm:
                refuse(self.request, "refused", f"the ID token is not signed with {algorithm}")
            key = self.retrieve_matching_jwk(token)
            claims = jwt.decode(
                token,
                key,
                algorithms=[algorithm],
                audience=settings.OIDC_RP_CLIENT_ID,
                issuer=settings.OIDC_ISSUER,
                leeway=LEEWAY_SECONDS,
                options={"require": ["iss", "aud", "exp", "iat", "sub", "nonce"]},
            )
        except (jwt.PyJWTError, KeyError, TypeError, ValueError) as error:
            refuse(self.request, "refused", f"ID token: {type(error).__name__}: {error}")
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if (len(audiences) > 1 or "azp" in claims) and (
            claims.get("azp") != settings.OIDC_RP_CLIENT_ID
        ):
            refuse(self.request, "refused", "the ID token's azp is not our client id")
        if not (
            isinstance(nonce, str)
            and isinstance(claims["nonce"], str)
            and hmac.compare_digest(claims["nonce"].encode(), nonce.encode())
        ):
            refuse(self.request, "refused", "the ID token's nonce is not this sign-in's")
        return claims

    def get_user(self, user_id):
        # Django's rule, not the library's: a deactivated person's session ends at once.
        return ModelBackend.get_user(self, user_id)

    def get_userinfo(self, access_token, id_token, payload) -> dict:
        return payload  # the verified ID token's claims (see the module's doc)

    def get_or_create_user(self, access_token, id_token, payload) -> User:
        """The person the token is for: found by the provider's stable id; else, at their
        first sign-in, the one active person with the token's e-mail, linked; else a new
        person. A deactivated person is refused."""
        claims = self.get_userinfo(access_token, id_token, payload)
        subject = claims.get("oid") or claims.get("sub")
        usable = isinstance(subject, str) and 0 < len(subject) <= 255
        if not usable or one_line(subject) != subject:
            refuse(self.request, "refused", "the ID token has no usable oid or sub")
        email = token_email(claims)
        with transaction.atomic():
            person = User.objects.select_for_update().filter(idp_subject=subject).first()
            if person is None:
                person = self.link_by_email(email, subject) or self.create_user(claims)
            if not person.is_active:
                refuse(self.request, "inactive", f"person {person.pk} is deactivated")
            self.update_user(person, claims)
        return person

    def link_by_email(self, email: str, subject: str) -> User | None:
        """At a first sign-in: the one active person with this e-mail, now linked to the
        provider's id. Not when several share it, when theirs is linked to another id, or
        when the only ones are deactivated (they would come back as a new person). Never
        a superuser: the break-glass account stays local, whatever the token claims."""
        if not email:
            return None
        matches = list(User.objects.select_for_update().filter(email__iexact=email))
        active = [person for person in matches if person.is_active]
        if not active:
            if matches:
                refuse(self.request, "inactive", "the e-mail's person is deactivated")
            return None
        if len(active) > 1:
            refuse(self.request, "unmatched", f"{len(active)} active people share the e-mail")
        person = active[0]
        if person.idp_subject or person.is_superuser:
            refuse(self.request, "unmatched", f"person {person.pk} cannot be linked by e-mail")
        person.idp_subject = subject
        return person

    def create_user(self, claims: dict) -> User:
        email = token_email(claims)
        person = User(
            username=new_username(email or str(claims.get("preferred_username") or "")),
            idp_subject=claims.get("oid") or claims.get("sub"),
        )
        person.set_unusable_password()
        return person

    def update_user(self, person: User, claims: dict) -> User:
        """Name and e-mail as the provider has them now, and the roles its groups grant."""
        first, last = token_names(claims)
        if first or last:
            person.first_name, person.last_name = first, last
        person.email = token_email(claims) or person.email
        # One history record for the person and their roles, and none when the provider
        # changed nothing: a sign-in is not a change.
        with one_record(person):
            stored = User.objects.filter(pk=person.pk).values_list(*SIGN_IN_FIELDS).first()
            if stored != tuple(getattr(person, name) for name in SIGN_IN_FIELDS):
                person.save()
            person.set_idp_roles(granted_roles(claims))
        return person


def token_email(claims: dict) -> str:
    email = one_line(claims.get("email") or "")[:254]
    try:
        validate_email(email)
    except ValidationError:
        return ""
    return email


def token_names(claims: dict) -> tuple[str, str]:
    """First and last name: `given_name` and `family_name`, or else `name` split before
    its last word."""
    first = one_line(claims.get("given_name") or "")
    last = one_line(claims.get("family_name") or "")
    if not (first or last):
        first, _, last = one_line(claims.get("name") or "").rpartition(" ")
        if not first:
            first, last = last, ""
    return first[:150], last[:150]


def new_username(hint: str) -> str:
    """A free user name from the e-mail's or the provider's user name's local part
    (`maja.lund`), with a number added where it is taken."""
    base = re.sub(r"[^\w.+-]", "", hint.partition("@")[0], flags=re.ASCII).lower()[:140]
    base = base or "bruger"
    candidate, number = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def granted_roles(claims: dict) -> set[str]:
    """The roles OIDC_GROUP_ROLES maps the token's groups to."""
    name = settings.OIDC_GROUPS_CLAIM
    groups = claims.get(name) or []
    if isinstance(groups, str):  # AD FS sends a single group as a plain string
        groups = [groups]
    if not isinstance(groups, list):
        groups = []
    if name in (claims.get("_claim_names") or {}):
        # Entra leaves the groups out when a person has more than 200: map only the
        # groups assigned to the application (README), so that never happens.
        log.warning("OIDC: the ID token leaves the groups out (overage); no roles granted")
    mapping = settings.OIDC_GROUP_ROLES
    return {role for group in groups if isinstance(group, str) for role in mapping.get(group, [])}


class StartView(OIDCAuthenticationRequestView):
    """Sends the person to the identity provider, with state, nonce and PKCE."""

    get_settings = staticmethod(get_settings)

    def __init__(self, **kwargs) -> None:
        View.__init__(self, **kwargs)  # the endpoint is read when used (discovery may fail)

    OIDC_OP_AUTH_ENDPOINT = property(lambda self: get_settings("OIDC_OP_AUTHORIZATION_ENDPOINT"))
    OIDC_RP_CLIENT_ID = property(lambda self: settings.OIDC_RP_CLIENT_ID)

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            return super().get(request)
        except ProviderUnavailable as error:
            log.error("OIDC: the identity provider did not answer: %s", error)
            return failure(request, "unavailable")


class CallbackView(OIDCAuthenticationCallbackView):
    """Where the identity provider sends the person back: signs them in, or shows why not."""

    get_settings = staticmethod(get_settings)

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            return super().get(request)
        except SuspiciousOperation as error:  # a state this session did not send
            log.warning("OIDC sign-in refused: %s", error)
            return failure(request, getattr(request, "oidc_refusal", None) or "expired")
        except (requests.RequestException, ProviderUnavailable) as error:
            log.error("OIDC: the identity provider did not answer: %s", error)
            return failure(request, "unavailable")

    def login_failure(self) -> HttpResponse:
        reason = getattr(self.request, "oidc_refusal", None)
        if reason is None:
            reason = "cancelled" if self.request.GET.get("error") else "expired"
        return failure(self.request, reason)


start = StartView.as_view()
callback = CallbackView.as_view()
