"""Settings for the benchmark: the real settings, with static file URLs that need no
collectstatic (the manifest storage would fail on every {% static %} without one)."""

from dus.settings import *  # noqa: F403
from dus.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
