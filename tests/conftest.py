"""Fixtures shared by all tests: named people, and the rules for marked tests.

Tests marked `postgres`, `redis`, `browser`, `html_checker` or `faults` skip, saying why,
when that service or tool is not there. With DUS_REQUIRE_ALL=1 (set by .ci/run) a missing
service fails each such test instead, so CI cannot pass by skipping.

Tests run in parallel workers (pytest-xdist), each with a test database of its own, in
no fixed order. On SQLite that database is built from the models, not the migrations:
rows that a data migration adds and tests rely on must be seeded in `django_db_setup`
below too, as the strategic frame is.
"""

import gc
import importlib
import io
import os
import runpy
import shutil
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from hypothesis.database import DirectoryBasedExampleDatabase

from dus.models import Role, Unit
from tests.factories import make_contract_holder, make_group_manager, make_unit, make_user

# Playwright's sync API runs an event loop beside the ORM in browser tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Property-based tests (tests/dus/test_post_fuzz.py): three examples for each POST view in
# `make test` (the suite's time budget), the same ones every run; 200 in CI
# (HYPOTHESIS_PROFILE=ci, set by .ci/run), drawn afresh, with failures kept under var/
# (git-ignored) to be tried first next time.
hypothesis_settings.register_profile(
    "default", max_examples=3, deadline=None, derandomize=True, database=None
)
hypothesis_settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    database=DirectoryBasedExampleDatabase(
        Path(__file__).resolve().parents[1] / "var" / "hypothesis"
    ),
    print_blob=True,
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# The Nu Html Checker: `make vnu` installs the pinned vnu-jar from npm under var/tools/.
JAVA = os.environ.get("JAVA", "java")
VNU_JAR = Path(
    os.environ.get("VNU_JAR")
    or Path(__file__).resolve().parents[1] / "var/tools/node_modules/vnu-jar/build/dist/vnu.jar"
)


def _missing(marker: str) -> str | None:
    """Why a service for this marker is unavailable, or None when it is there."""
    if marker == "postgres":
        url = os.environ.get("DATABASE_URL", "")
        if not url.startswith(("postgres://", "postgresql://")):
            return "needs PostgreSQL: DATABASE_URL is not a postgres:// URL"
    elif marker == "redis":
        if not os.environ.get("REDIS_URL"):
            return "needs Redis: REDIS_URL is not set"
    elif marker == "browser":
        if not shutil.which(CHROMIUM):
            return f"needs Chromium at {CHROMIUM} (apt-get install chromium)"
        try:
            import playwright  # noqa: F401
        except ImportError:
            return "needs playwright (pip install -e '.[dev]')"
    elif marker == "html_checker":
        if not shutil.which(JAVA):
            return (
                f"needs Java ({JAVA}) for the Nu Html Checker: apt-get install default-jre-headless"
            )
        if not VNU_JAR.is_file():
            return f"needs the Nu Html Checker at {VNU_JAR} (make vnu, or set VNU_JAR)"
    return None


def _missing_for_faults(item) -> str | None:
    """Why a fault test cannot start its private servers: `@pytest.mark.faults("redis",
    "postgres", "smtp")` names the ones it needs (tests/services.py)."""
    from tests.services import MISSING

    for name in item.get_closest_marker("faults").args:
        if reason := MISSING[name]():
            return reason
    return None


def pytest_collection_modifyitems(config, items) -> None:
    require_all = os.environ.get("DUS_REQUIRE_ALL") == "1"
    for item in items:
        for marker in ("postgres", "redis", "browser", "html_checker", "faults"):
            if marker not in item.keywords:
                continue
            reason = _missing_for_faults(item) if marker == "faults" else _missing(marker)
            if reason is None:
                continue
            if require_all:
                # An error in the test itself (a UsageError here would only crash an xdist
                # worker, without the reason).
                item.add_marker(pytest.mark.required_service(f"{reason}, and DUS_REQUIRE_ALL=1"))
            else:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session) -> None:
    """Fewer garbage collections: tests allocate many short-lived objects that reference
    counting frees, so Python's default (a collection every 2,000 allocations) spends a few
    per cent of the suite's time finding nothing. The objects of start-up (Django, the
    modules) are frozen out of every collection."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)


def pytest_runtest_setup(item) -> None:
    for marker in item.iter_markers("required_service"):
        pytest.fail(marker.args[0], pytrace=False)


def pytest_xdist_auto_num_workers(config) -> int | None:
    """`-n auto` (set in pyproject.toml): the suite, or a folder of it, runs on one worker
    per core; tests named by file or node id run in this one process, where a second
    worker's start-up would cost more than it saves. `-n 2` or `-n 0` decide yourself."""
    if config.args and all(".py" in arg for arg in config.args):
        return 0
    return None  # xdist's own count: one per core


@pytest.fixture(scope="session")
def django_db_use_migrations(request) -> bool:
    """Whether the test database is built by running the migrations. On SQLite it is built
    straight from the models (0.2 s instead of 3.5 s per worker) and seeded below as the data
    migration seeds it; on PostgreSQL (CI's second run) every migration runs, so each CI run
    still applies them all. `pytest --migrations` or `--nomigrations` decides yourself."""
    from django.db import connection

    if request.config.getoption("nomigrations"):
        return False
    return connection.vendor != "sqlite" or "--migrations" in request.config.invocation_params.args


# The code of the migrations' RunPython operations that a database built from the models
# (SQLite in tests, without migrations) needs too, in migration order; a test
# (tests/dus/test_migration_code.py) fails when a migration's code is in neither this list
# nor MIGRATION_CODE_FOR_OLD_ROWS_ONLY.
MIGRATION_CODE_RUN_ON_MODELS = [
    ("dus.migrations.0002_seed_dus_2024_25", "seed"),
    ("missions.migrations.0004_search_vector", "create"),
    ("portfolio.migrations.0009_initiative_last_entry_at", "create_triggers"),
    ("portfolio.migrations.0010_search_vector", "create"),
    ("portfolio.migrations.0011_figures_version", "create_triggers"),
]
# Code that only converts rows written before the migration: nothing to do in a new database.
MIGRATION_CODE_FOR_OLD_ROWS_ONLY = [
    (
        "portfolio.migrations.0005_review_cancel_and_decision_outcome",
        "mark_closed_decisions_applied",
    ),
]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_use_migrations, django_db_blocker):
    """The test database, with the strategic frame that data migration 0002 seeds and the
    database's own triggers (MIGRATION_CODE_RUN_ON_MODELS)."""
    if not django_db_use_migrations:
        from django.apps import apps
        from django.db import connection

        with django_db_blocker.unblock():
            for module, function in MIGRATION_CODE_RUN_ON_MODELS:
                code = getattr(importlib.import_module(module), function)
                with connection.schema_editor() as schema_editor:
                    code(apps, schema_editor)


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    from dus.cache import forget_versioned

    cache.clear()
    forget_versioned()
    yield
    cache.clear()
    forget_versioned()


@pytest.fixture(scope="module")
def module_transaction(django_db_setup, django_db_blocker):
    """A transaction around the rest of a module's tests, rolled back after its last one,
    for data that a module-scoped fixture builds once for all of them (as Django's
    setUpTestData does for a class). Each test still runs in a savepoint of its own, so
    what a test changes is undone after it; hand out deep copies of the objects, so that
    what a test changes in memory is too."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture
def frame(db):
    """The seeded strategic frame, also in transactional tests, which flush the
    database after each test and so lose what the data migration seeded."""
    from django.apps import apps

    seed_migration = importlib.import_module("dus.migrations.0002_seed_dus_2024_25")
    seed_migration.seed(apps, None)


@pytest.fixture
def contract_holder(db):
    return make_contract_holder()


@pytest.fixture
def coordinator(db):
    unit = make_unit(name="Jobcenter Skanderborg")
    return make_user(
        Role.CONTRACT_HOLDER, username="jonas", first_name="Jonas", last_name="Ravn", unit=unit
    )


@pytest.fixture
def group_manager(db):
    return make_group_manager()


@pytest.fixture
def director(db):
    return make_user(Role.DIRECTION, username="lone", first_name="Lone", last_name="Birk")


@pytest.fixture
def staff_member(db):
    unit = make_unit(name="HR og Udvikling", kind=Unit.Kind.STAFF)
    return make_user(Role.STAFF, username="ida", first_name="Ida", last_name="Friis", unit=unit)


@pytest.fixture
def outsider(db):
    """Someone signed in with no role and no membership."""
    return make_user(username="ude", first_name="Uffe", last_name="Udenfor")


@pytest.fixture
def settings_from_env(monkeypatch):
    """Load dus/settings.py in this process with the given environment (None unsets a
    variable), without a manage.py subprocess; returns the settings as a dict."""

    def load(**env: str | None) -> dict:
        for name, value in env.items():
            if value is None:
                monkeypatch.delenv(name, raising=False)
            else:
                monkeypatch.setenv(name, value)
        return runpy.run_path(str(Path(__file__).resolve().parents[1] / "dus" / "settings.py"))

    return load


@pytest.fixture
def deploy_check(settings, monkeypatch, db):
    """Run `check --deploy --fail-level WARNING` in this process on settings loaded by
    `settings_from_env`, as `manage.py check` would on them: every value that differs from
    the test settings is put in place for the test (DATABASES is left: the checks read it
    only with --database, but for a JSONField's check, which asks SQLite whether it supports
    JSON: hence `db`). Returns the command's output; a failed check raises."""
    from django.core.management import call_command

    def check(values: dict) -> str:
        monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)  # set for browser tests
        for name, value in values.items():
            if name.isupper() and name != "DATABASES" and getattr(settings, name, None) != value:
                setattr(settings, name, value)
        output = io.StringIO()
        call_command("check", "--deploy", "--fail-level", "WARNING", stdout=output)
        return output.getvalue()

    return check
