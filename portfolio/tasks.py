"""Celery tasks of the portfolio. Beat runs `send_reminders` every
REMINDER_INTERVAL_SECONDS (CELERY_BEAT_SCHEDULE in dus/settings.py)."""

from celery import shared_task

from portfolio.reminders import send_due_reminders


@shared_task(name="portfolio.tasks.send_reminders")
def send_reminders() -> dict[str, int]:
    """One pass over the due reminders (and this week's digest, when it is time)."""
    return dict(send_due_reminders())
