"""`manage.py restore FILE [--target DATABASE_URL] [--replace]` (dus/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dus.backup import restore, target_database


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup` into the database at --target (a database URL; "
        "PostgreSQL: made if it does not exist), or into the configured one. A database "
        "that has tables is replaced only with --replace."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--target", default="", help="database URL; default: DATABASE_URL")
        parser.add_argument("--replace", action="store_true")

    def handle(self, *args, file: Path, target: str, replace: bool, **options) -> None:
        if not file.is_file():
            raise CommandError(f"No such backup: {file}")
        database = target_database(target)
        restore(file, database, replace=replace)
        self.stdout.write(f"Restored {file} into {database['NAME']}.")
