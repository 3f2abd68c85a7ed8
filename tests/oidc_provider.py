"""An OpenID Connect identity provider inside the test run, for signing in with a work
account without any outside service.

It answers discovery, JWKS, authorization and token requests on a local HTTP server (a
thread, on a free port), and issues real ID tokens signed with an RSA key made here once
per test process. A test sets `provider.claims` for the person who signs in next, and
`provider.tamper` to spoil the next token (a wrong audience, an expired one, ...).

Use the fixtures by importing them into a test module: `provider` (the process's one
provider, reset for each test) and `oidc` (the portal's settings pointed at it).
"""

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_ID = "dus-portalen-test"
CLIENT_SECRET = "test-secret-" + "s" * 20
KEY_ID = "test-key-1"
MAJA_OID = "0b6e3c9a-5f2d-4c8e-9a71-3d2f8e6b1c40"  # Entra's stable id of the person

# The test's Entra groups and the roles they grant (OIDC_GROUP_ROLES).
GROUP_MANAGEMENT = "11111111-aaaa-4aaa-8aaa-000000000001"
STAFF = "11111111-aaaa-4aaa-8aaa-000000000002"
DIRECTION = "11111111-aaaa-4aaa-8aaa-000000000003"
GROUP_ROLES = {
    GROUP_MANAGEMENT: ["group_management"],
    STAFF: ["staff"],
    DIRECTION: ["direction"],
}


class Provider:
    """The identity provider's state; its HTTP side is `_Handler`."""

    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.provider = self
        self.issuer = f"http://127.0.0.1:{self.server.server_port}/tenant/v2.0"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.reset()

    def reset(self) -> None:
        self.claims: dict = {}  # the claims of the person who signs in next
        self.tamper: dict = {}  # claims to change in the next token; None removes one
        self.sign_with = self.key  # the other key (a forgery), or a text for HS256
        self.issued: list[str] = []  # the ID tokens issued, in order
        self.replay: str | None = None  # an ID token to hand out again instead of a new one
        self.grants: dict[str, dict] = {}  # code -> the authorization request's parameters
        self.seen: list[str] = []  # the paths asked for, in order

    def endpoint(self, name: str) -> str:
        return f"{self.issuer}/{name}"

    def discovery(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": self.endpoint("authorize"),
            "token_endpoint": self.endpoint("token"),
            "jwks_uri": self.endpoint("keys"),
            "response_types_supported": ["code"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
        }

    def jwks(self) -> dict:
        jwk = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {"keys": [{**jwk, "kid": KEY_ID, "use": "sig", "alg": "RS256"}]}

    def authorize(self, url: str) -> str:
        """The person signs in at the provider: the authorization request's URL in, the
        portal's callback URL (with code and state) out."""
        params = {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}
        assert url.startswith(self.endpoint("authorize") + "?")
        assert params["response_type"] == "code"
        assert params["client_id"] == CLIENT_ID
        assert params["code_challenge_method"] == "S256"
        code = secrets.token_urlsafe(16)
        self.grants[code] = params
        return params["redirect_uri"] + "?" + urlencode({"code": code, "state": params["state"]})

    def token(self, form: dict) -> tuple[int, dict]:
        """The token endpoint: a code once, for the client that asked, with its PKCE proof."""
        grant = self.grants.pop(form.get("code", ""), None)
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
        if (
            grant is None
            or form.get("grant_type") != "authorization_code"
            or form.get("client_id") != CLIENT_ID
            or form.get("client_secret") != CLIENT_SECRET
            or form.get("redirect_uri") != grant["redirect_uri"]
            or challenge.rstrip(b"=").decode() != grant["code_challenge"]
        ):
            return 400, {"error": "invalid_grant"}
        return 200, {
            "access_token": secrets.token_urlsafe(16),
            "token_type": "Bearer",
            "id_token": self.replay or self.id_token(grant["nonce"]),
        }

    def id_token(self, nonce: str) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": CLIENT_ID,
            "sub": "pairwise-sub-of-maja",
            "oid": MAJA_OID,
            "iat": now,
            "nbf": now,
            "exp": now + 3600,
            "nonce": nonce,
            "name": "Maja Lund",
            "email": "maja.lund@skanderborg.dk",
            "preferred_username": "maja.lund@skanderborg.dk",
            "groups": [],
            **self.claims,
        }
        for name, value in self.tamper.items():
            if value is None:
                claims.pop(name, None)
            else:
                claims[name] = value
        algorithm = "HS256" if isinstance(self.sign_with, str) else "RS256"
        token = jwt.encode(claims, self.sign_with, algorithm=algorithm, headers={"kid": KEY_ID})
        self.issued.append(token)
        return token


class _Handler(BaseHTTPRequestHandler):
    def _answer(self, status: int, body: dict | None = None, location: str = "") -> None:
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        data = json.dumps(body or {}).encode()
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        provider: Provider = self.server.provider
        path = urlsplit(self.path).path
        provider.seen.append(path)
        prefix = urlsplit(provider.issuer).path
        if path == prefix + "/.well-known/openid-configuration":
            self._answer(200, provider.discovery())
        elif path == prefix + "/keys":
            self._answer(200, provider.jwks())
        elif path == prefix + "/authorize":  # signs in at once, as a browser test needs
            url = f"http://127.0.0.1:{self.server.server_port}{self.path}"
            self._answer(302, location=provider.authorize(url))
        else:
            self._answer(404)

    def do_POST(self) -> None:
        provider: Provider = self.server.provider
        provider.seen.append(urlsplit(self.path).path)
        length = int(self.headers.get("Content-Length", 0))
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        self._answer(*provider.token(form))

    def log_message(self, *args) -> None:  # quiet
        pass


_provider: Provider | None = None


@pytest.fixture
def provider() -> Provider:
    """The test process's identity provider (its keys are made once), reset for this test."""
    global _provider
    if _provider is None:
        _provider = Provider()
    _provider.reset()
    return _provider


@pytest.fixture
def oidc(settings, provider) -> Provider:
    """The portal set up to sign in with `provider`, its endpoints found by discovery."""
    settings.OIDC_ENABLED = True
    settings.OIDC_ISSUER = provider.issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = ""
    settings.OIDC_OP_TOKEN_ENDPOINT = ""
    settings.OIDC_OP_JWKS_ENDPOINT = ""
    settings.OIDC_GROUP_ROLES = GROUP_ROLES
    settings.OIDC_GROUPS_CLAIM = "groups"
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        "django.contrib.auth.backends.ModelBackend",
        "dus.oidc.OIDCBackend",
    ]
    return provider
