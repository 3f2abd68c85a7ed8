"""Load the demo organisation and users, missions, portfolios and dialogues. Never for
production data. It fills every app, so it lives in the top layer."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from dialogues.demo import load_dialogues
from dialogues.demo_gatherings import load_gatherings
from dus.demo import DEMO_PASSWORD, load_organisation
from dus.models import User
from missions.demo import load_missions
from portfolio.demo import load_portfolios


class Command(BaseCommand):
    help = "Load demo units and users (password 'demo'). Idempotent. Refused without DEBUG."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Load even though DEBUG is off (never in prod)."
        )
        parser.add_argument(
            "--if-new", action="store_true", help="Load only into a database with no users yet."
        )

    def handle(self, *args, force: bool, if_new: bool, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "Demo users have the password 'demo': refused while DEBUG is off. "
                "Use --force only on a machine that is not production."
            )
        if if_new and User.objects.exists():
            self.stdout.write("The database already has users; demo data not loaded.")
            return
        with transaction.atomic():
            people = load_organisation()
            load_missions(people)
            load_portfolios(people)
            load_dialogues(people)
            load_gatherings(people)
        signing_in = sorted(name for name, user in people.items() if user.has_usable_password())
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded. Sign in as {', '.join(signing_in)} "
                f"with the password '{DEMO_PASSWORD}'."
            )
        )
