"""Tests on SQLite build their database from the models, not the migrations: the code a
migration runs (RunPython, RunSQL) must be listed in tests/conftest.py, either to run on
that database too or as code that only converts old rows, so none is silently missed."""

from django.db import migrations
from django.db.migrations.loader import MigrationLoader

from tests.conftest import MIGRATION_CODE_FOR_OLD_ROWS_ONLY, MIGRATION_CODE_RUN_ON_MODELS

OUR_APPS = {"dus", "missions", "portfolio", "dialogues"}


def _code_of_our_migrations() -> list[tuple[str, str]]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    found = []
    for (app, _name), migration in loader.disk_migrations.items():
        if app not in OUR_APPS:
            continue
        for operation in migration.operations:
            if isinstance(operation, migrations.RunPython):
                found.append((operation.code.__module__, operation.code.__name__))
            elif isinstance(operation, migrations.RunSQL):
                found.append((migration.__module__, "RunSQL"))
    return found


def test_every_migrations_code_is_either_run_on_the_models_database_or_only_for_old_rows():
    listed = set(MIGRATION_CODE_RUN_ON_MODELS) | set(MIGRATION_CODE_FOR_OLD_ROWS_ONLY)
    missing = [code for code in _code_of_our_migrations() if code not in listed]
    assert not missing, f"add these to tests/conftest.py's lists: {missing}"
