"""The version of the data behind the dashboard's figures, kept by the database."""

from django.db import connection, models

TRIGGER = "portfolio_figures_changed"  # migration 0011


class FiguresVersion(models.Model):
    """One row whose `version` the database changes in every transaction that writes
    to a table behind the dashboard's figures (triggers in migration 0011, on SQLite and
    PostgreSQL, for save, bulk_create, update() and raw SQL alike). The dashboard keeps
    its aggregates in the cache under this version: a write makes a new version, so the
    next read computes them again and nobody sees figures older than the last write.

    On PostgreSQL the version is the writing transaction's id, set at its commit; on
    SQLite a random number. Neither comes back after a rollback, as a counter would."""

    version = models.BigIntegerField(null=True)

    class Meta:
        verbose_name = "figures version"

    def __str__(self) -> str:
        return str(self.version)

    @classmethod
    def current(cls) -> int | None:
        """The version now, or None when the row is missing (a flushed test database):
        then nothing may be cached."""
        if connection.vendor == "postgresql" and connection.in_atomic_block:
            # The triggers are deferred to the commit: fire those of this transaction's
            # own writes first, so that it reads its own new version. One round trip.
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SET CONSTRAINTS {TRIGGER} IMMEDIATE; SET CONSTRAINTS {TRIGGER} DEFERRED; "
                    f"SELECT version FROM {cls._meta.db_table} WHERE id = 1"
                )
                while cursor.description is None and cursor.nextset():
                    pass
                row = cursor.fetchone()
            return row[0] if row else None
        return cls.objects.filter(pk=1).values_list("version", flat=True).first()
