"""`manage.py send_reminders`: one pass of the reminder sending, by hand or from cron
(the same code as the beat task; useful under `make run`, where no beat runs)."""

from django.core.management.base import BaseCommand

from portfolio.reminders import send_due_reminders


class Command(BaseCommand):
    help = "Send the reminders that are due now (one pass of the beat task)."

    def handle(self, *args, **options) -> None:
        counts = send_due_reminders()
        summary = ", ".join(f"{status}: {n}" for status, n in sorted(counts.items()))
        self.stdout.write(summary or "Nothing was due.")
