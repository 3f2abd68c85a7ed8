"""Test settings: the real settings, with what a test run needs on top.

DEBUG stays off (as in production); the key and hosts are test-only values.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SITE_URL", "http://testserver")

from dus.settings import *  # noqa: F403
from dus.settings import STORAGES

# No collectstatic before tests: serve from the finders.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}

# Each test starts with an empty cache (tests/conftest.py clears it); never a shared one.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
