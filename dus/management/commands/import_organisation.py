"""Import the organisation from a CSV file (the format of README, "Importing the
organisation"): by default a dry run that prints the plan; `--apply` writes it in one
transaction. Problems in the file are printed with their line numbers, and nothing is
saved; the exit status is then 1."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from dus import orgimport
from dus.models import User
from dus.orgimport import ImportPlan, ImportRefused

LABELS = {
    "units_created": "Units to create",
    "units_changed": "Units to change",
    "units_deactivated": "Units to deactivate",
    "people_created": "People to create",
    "people_changed": "People to change",
    "people_deactivated": "People to deactivate",
}


class Command(BaseCommand):
    help = "Import units and people from a CSV file. Prints the plan; --apply writes it."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="The organisation file (CSV, UTF-8).")
        parser.add_argument(
            "--apply", action="store_true", help="Write the plan (without it: a dry run)."
        )
        parser.add_argument(
            "--user", help="User name of the person doing the import, for the history."
        )

    def handle(self, *args, file: Path, apply: bool, user: str | None, **options) -> None:
        by = None
        if user:
            by = User.objects.filter(username=user).first()
            if by is None:
                raise CommandError(f"No user named {user!r}.")
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        with translation.override(settings.LANGUAGE_CODE):
            if not apply:
                plan = orgimport.plan_file(data)
                self._print(plan)
                if not plan.problems:
                    self.stdout.write("Dry run: nothing was saved. Add --apply to write the plan.")
                return
            try:
                plan = orgimport.apply(data, by)
            except ImportRefused as refused:
                self._print(refused.plan)
                return
            self._print(plan)
            self.stdout.write(self.style.SUCCESS("Applied."))

    def _print(self, plan: ImportPlan) -> None:
        if plan.problems:
            for problem in plan.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"The file has {len(plan.problems)} problems; nothing was saved.")
        if plan.is_empty:
            self.stdout.write("Nothing to change: the portal already has this organisation.")
            return
        for name, label in LABELS.items():
            actions = getattr(plan, name)
            self.stdout.write(f"{label}: {len(actions)}")
            for action in actions:
                self.stdout.write(f"  {action.name} ({action.external_id})")
                for change in action.changes:
                    self.stdout.write(f"    {change.label}: {change.before} → {change.after}")
