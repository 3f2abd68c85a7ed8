"""DUS-portalen's project package: settings, URLs, the Celery app, the strategic frame."""

from dus.celery import app as celery_app

__all__ = ["celery_app"]
