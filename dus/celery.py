"""The Celery app, configured from Django settings (CELERY_* names)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dus.settings")

app = Celery("dus")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
