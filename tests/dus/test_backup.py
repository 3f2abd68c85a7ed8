"""`make backup` and `make restore` (dus/backup.py, through their management commands):
a backup restored into a new database has every table with the same number of rows.
SQLite here; PostgreSQL (pg_dump/pg_restore) in the test marked postgres."""

import os
import sqlite3

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.factories import make_entry, make_initiative

pytestmark = pytest.mark.django_db
# SQLite's online backup reads what is committed: those tests commit (and so need the
# frame seeded again, as the database is emptied after each). On PostgreSQL they skip
# before the database is touched.
ON_SQLITE = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="the SQLite backup backs up an SQLite database",
)


def _backup(tmp_path) -> str:
    call_command("backup", directory=tmp_path / "backups", stdout=(out := _Out()))
    return out.text.strip()


class _Out:
    text = ""

    def write(self, text: str) -> None:
        self.text += text


def _counts(cursor, tables) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


@ON_SQLITE
@pytest.mark.django_db(transaction=True)
def test_it_restores_an_sqlite_backup_with_the_same_rows_per_table(frame, tmp_path):
    make_entry(make_initiative(), text="Før sikkerhedskopien.")
    with connection.cursor() as cursor:
        before = _counts(cursor, connection.introspection.table_names(cursor))
    path = _backup(tmp_path)
    assert path.startswith(str(tmp_path / "backups" / "dus-")) and path.endswith(".sqlite3")

    restored = tmp_path / "restored.sqlite3"
    call_command("restore", path, target=f"sqlite:///{restored}", stdout=_Out())
    with sqlite3.connect(restored) as copy:
        tables = [
            name
            for (name,) in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not name.startswith("sqlite_")
        ]
        after = _counts(copy.cursor(), tables)
    copy.close()
    assert after == before
    assert after["portfolio_logentry"] == 1 and after["dus_hardproblem"] > 0


@ON_SQLITE
@pytest.mark.django_db(transaction=True)
def test_it_replaces_a_database_with_tables_only_when_told(frame, tmp_path):
    path = _backup(tmp_path)
    target = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    call_command("restore", path, target=target, stdout=_Out())
    with pytest.raises(CommandError, match="is not empty: give --replace"):
        call_command("restore", path, target=target, stdout=_Out())
    call_command("restore", path, target=target, replace=True, stdout=_Out())


def test_it_refuses_a_file_that_is_no_backup_and_a_backup_inside_a_transaction(tmp_path):
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a backup")
    with pytest.raises(CommandError, match="neither a PostgreSQL dump nor an SQLite"):
        call_command("restore", str(bogus), target=f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with pytest.raises(CommandError, match="No such backup"):
        call_command("restore", str(tmp_path / "missing.dump"))
    if connection.vendor == "sqlite":  # this test runs inside one
        with pytest.raises(CommandError, match="outside a transaction"):
            _backup(tmp_path)


@pytest.mark.postgres
def test_it_restores_a_postgres_backup_into_a_new_database_with_the_same_rows(tmp_path):
    """pg_dump sees what is committed: the migrated database with its seeded frame and
    roles (this test's own transaction is not). The copy goes into a new database, made
    by the restore, and is dropped afterwards."""
    import psycopg
    from psycopg import sql

    from dus.backup import target_database

    source = connection.settings_dict
    restored_name = f"{source['NAME']}_restored"
    params = {
        "host": source["HOST"] or None,
        "port": source["PORT"] or None,
        "user": source["USER"] or None,
        "password": source["PASSWORD"] or None,
        "autocommit": True,
    }
    tables_sql = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"

    def counts(name: str) -> dict[str, int]:
        with psycopg.connect(dbname=name, **params) as database:
            tables = [table for (table,) in database.execute(tables_sql)]
            return _counts(database.cursor(), tables)

    def drop() -> None:
        with psycopg.connect(dbname="postgres", **params) as server:
            server.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(restored_name)
                )
            )

    drop()
    try:
        path = _backup(tmp_path)
        assert path.endswith(".dump")
        target = {**target_database(None), "NAME": restored_name}
        url = "postgres://{USER}:{PASSWORD}@{HOST}:{PORT}/{NAME}".format(
            **{k: target.get(k) or "" for k in ("USER", "PASSWORD", "HOST", "PORT", "NAME")}
        ).replace(":@", "@")
        call_command("restore", path, target=url, stdout=_Out())
        before, after = counts(source["NAME"]), counts(restored_name)
        assert after == before
        assert after["dus_hardproblem"] > 0 and after["auth_group"] > 0
        with pytest.raises(CommandError, match="is not empty"):
            call_command("restore", path, target=url, stdout=_Out())
    finally:
        drop()
