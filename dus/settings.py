"""Settings for DUS-portalen, read from the environment (see .env.example).

Safe by default: DEBUG is off unless set, and without DEBUG a SECRET_KEY and
ALLOWED_HOSTS must be given. With no variables at all beyond DEBUG=true (what
`make run` sets), the portal runs on an embedded SQLite database under var/ and
Celery runs tasks eagerly, so no other service is needed.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from dus.env import env_bool, env_int, env_int_list, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Absolute address of the portal, for links in e-mails.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(
        "SITE_URL must be set to the portal's address, e.g. https://dus.example.dk."
    )

INSTALLED_APPS = [
    "dus",
    "missions",
    "portfolio",
    "dialogues",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",  # intcomma: "2.004" in Danish
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",  # SearchVectorField (the stored search vectors)
    "django.forms",  # Django's form templates, for FORM_RENDERER
    "django_htmx",
    "simple_history",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "dus.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Ends a sign-in after SESSION_IDLE_SECONDS idle, or SESSION_COOKIE_AGE after it began.
    "dus.middleware.SessionTimeoutMiddleware",
    "dus.middleware.RefusalLogMiddleware",  # every 403, logged with the user id
    "dus.middleware.PrivatePagesMiddleware",
    # Every view needs sign-in unless marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the sign-in page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dus.urls"
WSGI_APPLICATION = "dus.wsgi.application"
ASGI_APPLICATION = "dus.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dus.context_processors.navigation",
            ],
        },
    },
]

# Fields render with the markup of Det Fælles Designsystem (`{{ form.field.as_field_group }}`).
FORM_RENDERER = "dus.forms.DesignSystemRenderer"

# Database: embedded SQLite unless DATABASE_URL is given (PostgreSQL in production).
CONN_MAX_AGE = env_int("CONN_MAX_AGE", 60, minimum=0)
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    try:
        DATABASES = {
            "default": dj_database_url.parse(
                DATABASE_URL, conn_max_age=CONN_MAX_AGE, conn_health_checks=True
            )
        }
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {error}") from None
else:
    (BASE_DIR / "var").mkdir(exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "var" / "dus.sqlite3",
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Every SQLite database, however configured: a transaction takes the write lock when
    # it begins (IMMEDIATE) and waits up to 20 s for it, and readers do not block the
    # writer (WAL), so concurrent requests queue instead of failing "database is locked".
    # Options given in the URL's query string win.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "dus.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Signing in with the municipality's identity provider over OpenID Connect (dus/oidc.py;
# README, "Signing in with a work account"): on when the issuer, client id and secret are
# all set. The endpoints come from the issuer's discovery document unless set here.
OIDC_ISSUER = env_str("OIDC_ISSUER")
OIDC_RP_CLIENT_ID = env_str("OIDC_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_CLIENT_SECRET")
_oidc_given = {
    "OIDC_ISSUER": OIDC_ISSUER,
    "OIDC_CLIENT_ID": OIDC_RP_CLIENT_ID,
    "OIDC_CLIENT_SECRET": OIDC_RP_CLIENT_SECRET,
}
OIDC_ENABLED = all(_oidc_given.values())
if any(_oidc_given.values()) and not OIDC_ENABLED:
    _missing = ", ".join(name for name, value in _oidc_given.items() if not value)
    raise ImproperlyConfigured(
        f"OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET go together: {_missing} missing."
    )
if OIDC_ENABLED and not DEBUG and not OIDC_ISSUER.startswith("https://"):
    raise ImproperlyConfigured("OIDC_ISSUER must be an https:// address when DEBUG is off.")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_TOKEN_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_JWKS_URI")
OIDC_RP_SCOPES = env_str("OIDC_SCOPES", "openid email profile")
# The claim that lists the person's groups, and which roles each group grants:
# `group-id=role,group-id=role` with the roles' code names (dus.models.Role).
OIDC_GROUPS_CLAIM = env_str("OIDC_GROUPS_CLAIM", "groups")
OIDC_GROUP_ROLES: dict[str, list[str]] = {}
for _pair in env_list("OIDC_GROUP_ROLES"):
    _group, _equals, _role = (part.strip() for part in _pair.rpartition("="))
    if not _group or _role not in {"direction", "group_management", "contract_holder", "staff"}:
        raise ImproperlyConfigured(
            f"OIDC_GROUP_ROLES: {_pair!r} is not group-id=role with role one of direction, "
            "group_management, contract_holder, staff."
        )
    OIDC_GROUP_ROLES.setdefault(_group, []).append(_role)
# What mozilla-django-oidc checks with these (the rest is dus/oidc.py's, README lists all):
# the ID token signed with RS256 by a key from the provider's JWKS, never "none" or HS256;
# a nonce and a PKCE code challenge (S256) sent with every sign-in; the state kept in
# the session and checked on return.
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_USE_NONCE = True
OIDC_USE_PKCE = True
OIDC_PKCE_CODE_CHALLENGE_METHOD = "S256"
OIDC_ALLOW_UNSECURED_JWT = False
OIDC_VERIFY_SSL = True
OIDC_TIMEOUT = 10  # seconds for each call to the identity provider
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_callback"
# Signing in with user name and password: for a break-glass administrator and the demo.
# Only off when the identity provider is set up, or nobody could sign in.
LOCAL_SIGNIN = env_bool("LOCAL_SIGNIN", True)
if not LOCAL_SIGNIN and not OIDC_ENABLED:
    raise ImproperlyConfigured(
        "LOCAL_SIGNIN=false needs the identity provider (OIDC_ISSUER, OIDC_CLIENT_ID, "
        "OIDC_CLIENT_SECRET): nobody could sign in."
    )
# Sign-in limits (django-axes, the first backend): after SIGNIN_FAILURE_LIMIT wrong
# passwords for one user name, or from one address, signing in is refused until
# SIGNIN_LOCKOUT_MINUTES have passed since the last try, with a message on the sign-in
# page (dus.views.signin_locked_out). Sign-ins refused by the identity provider's path
# (dus/oidc.py) count as failures from their address too.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    *(["django.contrib.auth.backends.ModelBackend"] if LOCAL_SIGNIN else []),
    *(["dus.oidc.OIDCBackend"] if OIDC_ENABLED else []),
]
AXES_FAILURE_LIMIT = env_int("SIGNIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SIGNIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one locks out
AXES_LOCKOUT_CALLABLE = "dus.views.signin_locked_out"
# The address is REMOTE_ADDR, never a forwarded header a client could forge.
AXES_CLIENT_IP_CALLABLE = "dus.views.client_address"
AXES_USERNAME_CALLABLE = "dus.views.signin_username"  # cut to a user name's length
# Proxies of our own in front of the web server that append to X-Forwarded-For (0: none).
FORWARDED_FOR_PROXIES = env_int("FORWARDED_FOR_PROXIES", 0, minimum=0)
AXES_DISABLE_ACCESS_LOG = True  # failed attempts are kept; no log of every sign-in
AXES_VERBOSE = False  # no banner on every start
# Masked in django-axes' log lines and never kept in a failed attempt's record: the user name
# and address (axes' own default), the identity provider's one-time code and its proofs.
AXES_SENSITIVE_PARAMETERS = [
    *("username", "ip_address", "password"),
    *("code", "state", "nonce", "code_verifier"),
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "frame:overview"
LOGOUT_REDIRECT_URL = "login"

SESSION_ENGINE = "django.contrib.sessions.backends.db"
# A sign-in lasts at most SESSION_COOKIE_AGE seconds from signing in, however active the
# person is, and ends sooner after SESSION_IDLE_SECONDS without a request
# (dus.middleware.SessionTimeoutMiddleware). Signing out deletes the session on the server.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 10, minimum=60)
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_SECONDS", 60 * 60, minimum=60)
SESSION_SAVE_EVERY_REQUEST = False  # an active session is not stretched past its age

# Language and time.
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates as Danish authorities write them: dus/formats/.
FORMAT_MODULE_PATH = ["dus.formats"]
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

# Static files: whitenoise serves them, compressed and with hashed names.
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Security. The production defaults pass `manage.py check --deploy`.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # health checks come over plain http from inside
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    # Only behind a proxy that sets the header itself (the compose file's does not).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# The portfolio's dashboard: when work counts as stale, and a unit's default capacity
# for development work (hours a month of active initiatives) before it stands out.
STALE_DAYS = env_int("STALE_DAYS", 45, minimum=1)
DEFAULT_CAPACITY_HOURS = env_int("DEFAULT_CAPACITY_HOURS", 160, minimum=1)

# E-mail (Django 6.1's MAILERS): SMTP, to EMAIL_HOST or the local mail relay; under
# DEBUG without EMAIL_HOST, e-mails are printed to the console instead.
if env_str("EMAIL_HOST") or not DEBUG:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("EMAIL_HOST", "localhost"),
                "port": env_int("EMAIL_PORT", 25, minimum=1),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_str("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", False),
                "use_ssl": env_bool("EMAIL_USE_SSL", False),
                "timeout": env_int("EMAIL_TIMEOUT", 20, minimum=1),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "DUS-portalen <dus-portalen@skanderborg.dk>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Django's cache: shared in Redis when there is one, else per process. The portal keeps
# no pages in it; the dashboard keeps its figures as data under the version of their
# tables, which the database changes on every write (portfolio.models.FiguresVersion).
# While Redis is down the cache misses and the pages are computed (dus/cache.py); the
# short timeouts keep a Redis that does not answer from holding up a request.
if env_str("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "dus.cache.RedisCache",
            "LOCATION": env_str("REDIS_URL"),
            "KEY_PREFIX": "dus",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
    }

# Celery: Redis in production; without REDIS_URL tasks run eagerly in-process.
REDIS_URL = env_str("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Tasks the worker runs at once: its tasks are a few e-mails every few minutes. At 1 they
# run in the worker process itself (Celery's solo pool): a prefork pool of one child
# would hold a second whole Django (~70 MB resident) for no parallelism. More starts that
# many child processes (prefork); Celery's default is one per CPU.
CELERY_WORKER_CONCURRENCY = env_int("CELERY_WORKER_CONCURRENCY", 1, minimum=1)
CELERY_WORKER_POOL = "solo" if CELERY_WORKER_CONCURRENCY == 1 else "prefork"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A worker whose broker (Redis) went away keeps trying to reconnect, however long it is
# away (Celery's default gives up after 100 tries), and sends the due reminders once it
# is back: they are database rows, not messages, so nothing was lost with Redis.
CELERY_BROKER_CONNECTION_MAX_RETRIES = None

# Reminders (portfolio/reminders.py): due reminders are database rows that a periodic
# beat task sends; never ETA/countdown tasks, which Redis would deliver again and again.
# Days before a review that its reminders go out, at the review's time of day.
REMINDER_DAYS_BEFORE = sorted(
    set(env_int_list("REMINDER_DAYS_BEFORE", [7, 1], minimum=1, maximum=60)), reverse=True
)
# Tries to send one reminder (with growing pauses between) before it is marked failed.
REMINDER_MAX_ATTEMPTS = env_int("REMINDER_MAX_ATTEMPTS", 5, minimum=1)
# Seconds between two passes of the beat task that sends due reminders.
REMINDER_INTERVAL_SECONDS = env_int("REMINDER_INTERVAL_SECONDS", 300, minimum=1)
# Days before a Ledertræf (at its start time) that its presenters are reminded.
GATHERING_REMINDER_DAYS_BEFORE = env_int("GATHERING_REMINDER_DAYS_BEFORE", 3, minimum=1, maximum=60)
# Group management's weekly digest: ISO weekday (1 = Monday) and hour, local time.
DIGEST_WEEKDAY = env_int("DIGEST_WEEKDAY", 1, minimum=1, maximum=7)
DIGEST_HOUR = env_int("DIGEST_HOUR", 7, minimum=0, maximum=23)
CELERY_BEAT_SCHEDULE = {
    "send-due-reminders": {
        "task": "portfolio.tasks.send_reminders",
        "schedule": float(REMINDER_INTERVAL_SECONDS),
    },
}

# Logs go to stderr: JSON lines (dus.logs.JsonFormatter) unless LOG_FORMAT=text, which is
# the default under DEBUG. The events on "dus.events" (sign-in, sign-out, failed sign-in,
# refusals, state changes) name a person by user id only (dus/logs.py).
LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG else "json").lower()
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r} is not one of json, text.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "dus.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO").upper()},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
