"""`manage.py backup [--directory DIR]`: the database into a new file (dus/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from dus.backup import DEFAULT_DIRECTORY, backup


class Command(BaseCommand):
    help = "Back the database up into a new, time-stamped file under var/backups/."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--directory", type=Path, default=DEFAULT_DIRECTORY)

    def handle(self, *args, directory: Path, **options) -> None:
        self.stdout.write(str(backup(directory)))
