"""Backups of the portal's database and their restore (`make backup`, `make restore`).

PostgreSQL: `pg_dump -Fc` (one compressed file, consistent while the portal runs) and
`pg_restore` into a database of choice, made if it does not exist. SQLite: SQLite's own
online backup (safe while the portal writes), and the same the other way. A backup file
is named after its local time, `dus-20260302-081500.dump` (PostgreSQL) or `….sqlite3`, under
var/backups/ unless told otherwise. The connection's password goes to pg_dump and
pg_restore in their environment, never on a command line.
"""

import os
import sqlite3
import subprocess
from pathlib import Path

import dj_database_url
from django.conf import settings
from django.core.management.base import CommandError
from django.db import connections
from django.utils import timezone

DEFAULT_DIRECTORY = Path(settings.BASE_DIR) / "var" / "backups"
PG_MAGIC = b"PGDMP"
SQLITE_MAGIC = b"SQLite format 3\x00"
POSTGRES_ENGINES = ("django.db.backends.postgresql", "django.contrib.gis.db.backends.postgis")


def backup(directory: Path = DEFAULT_DIRECTORY, using: str = "default") -> Path:
    """Back the database up into a new file in `directory`; returns its path."""
    directory.mkdir(parents=True, exist_ok=True)
    connection = connections[using]
    if connection.vendor == "postgresql":
        target = _new_file(directory, ".dump")
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target}"], connection)
    elif connection.vendor == "sqlite":
        if connection.in_atomic_block:
            # SQLite's backup would wait for ever on this connection's own write lock.
            raise CommandError("Back SQLite up outside a transaction.")
        target = _new_file(directory, ".sqlite3")
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
    else:
        raise CommandError(f"No backup for a {connection.vendor} database.")
    return target


def _new_file(directory: Path, suffix: str) -> Path:
    """dus-<local date>-<time><suffix>, with -2, -3 … for a second one in the same second."""
    stem = "dus-" + timezone.localtime().strftime("%Y%m%d-%H%M%S")
    path, n = directory / f"{stem}{suffix}", 1
    while path.exists():
        n += 1
        path = directory / f"{stem}-{n}{suffix}"
    return path


def restore(source: Path, target: dict, replace: bool = False) -> None:
    """Restore the backup `source` into the database `target` (a DATABASES entry). A
    target that already has tables is refused unless `replace`: then its tables are
    replaced by the backup's."""
    with source.open("rb") as file:
        head = file.read(len(SQLITE_MAGIC))
    if head.startswith(PG_MAGIC):
        if target["ENGINE"] not in POSTGRES_ENGINES:
            raise CommandError("A PostgreSQL backup restores into PostgreSQL only.")
        _create_postgres_database(target)
        _refuse_unless_empty(target, _postgres_tables(target), replace)
        _run(
            [
                "pg_restore",
                f"--dbname={target['NAME']}",
                "--no-owner",
                "--clean",
                "--if-exists",
                "--exit-on-error",
                str(source),
            ],
            target,
        )
    elif head == SQLITE_MAGIC:
        if target["ENGINE"] != "django.db.backends.sqlite3":
            raise CommandError("An SQLite backup restores into SQLite only.")
        with sqlite3.connect(target["NAME"]) as existing:
            tables = existing.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        existing.close()
        _refuse_unless_empty(target, tables, replace)
        with sqlite3.connect(source) as backup_file, sqlite3.connect(target["NAME"]) as copy:
            backup_file.backup(copy)
        backup_file.close()
        copy.close()
    else:
        raise CommandError(f"{source} is neither a PostgreSQL dump nor an SQLite database.")


def _refuse_unless_empty(target: dict, tables: int, replace: bool) -> None:
    if tables and not replace:
        raise CommandError(
            f"The database {target['NAME']} is not empty: give --replace (make restore REPLACE=1)."
        )


def target_database(url: str | None, using: str = "default") -> dict:
    """The DATABASES entry for a restore's target: a database URL, or the configured one."""
    if not url:
        return connections[using].settings_dict
    try:
        return dj_database_url.parse(url)
    except ValueError as error:
        raise CommandError(f"Not a database URL: {error}") from None


def _libpq_environment(database) -> dict[str, str]:
    entry = database.settings_dict if hasattr(database, "settings_dict") else database
    values = {
        "PGHOST": entry.get("HOST"),
        "PGPORT": entry.get("PORT"),
        "PGUSER": entry.get("USER"),
        "PGPASSWORD": entry.get("PASSWORD"),
        "PGDATABASE": entry.get("NAME"),
    }
    return {**os.environ, **{name: str(value) for name, value in values.items() if value}}


def _run(command: list[str], database) -> None:
    try:
        subprocess.run(
            command, env=_libpq_environment(database), check=True, capture_output=True, text=True
        )
    except FileNotFoundError:
        raise CommandError(
            f"{command[0]} is not installed (apt-get install postgresql-client)."
        ) from None
    except subprocess.CalledProcessError as error:
        raise CommandError(f"{command[0]} failed: {error.stderr.strip()}") from None


def _postgres(target: dict, database: str | None = None):
    import psycopg

    return psycopg.connect(
        dbname=database or target["NAME"],
        host=target.get("HOST") or None,
        port=target.get("PORT") or None,
        user=target.get("USER") or None,
        password=target.get("PASSWORD") or None,
        autocommit=True,
    )


def _create_postgres_database(target: dict) -> None:
    from psycopg import sql

    with _postgres(target, "postgres") as server:
        exists = server.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [target["NAME"]]
        ).fetchone()
        if not exists:
            server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target["NAME"])))


def _postgres_tables(target: dict) -> int:
    with _postgres(target) as database:
        return database.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()[0]
