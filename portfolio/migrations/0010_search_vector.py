"""Stored search vectors for the two big tables the portal's search covers.

On PostgreSQL a trigger keeps each row's vector in step with its texts on every
INSERT and UPDATE (save, bulk_create, update, raw SQL alike), and a GIN index finds
the matches; SQLite has the column but searches its texts directly (dus/search.py).
The expressions are the ones `dus.search` ranks and marks with: Danish configuration,
the initiative's title weighted above its other texts.
"""

import django.contrib.postgres.search
from django.db import migrations

VECTORS = {
    "portfolio_initiative": (
        "setweight(to_tsvector('pg_catalog.danish', coalesce(NEW.title, '')), 'A')"
        " || setweight(to_tsvector('pg_catalog.danish',"
        " coalesce(NEW.what, '') || ' ' || coalesce(NEW.hypothesis, '')), 'B')"
    ),
    "portfolio_logentry": "to_tsvector('pg_catalog.danish', coalesce(NEW.text, ''))",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, vector in VECTORS.items():
        schema_editor.execute(
            f"""
            CREATE FUNCTION {table}_search_vector() RETURNS trigger AS $$
            BEGIN
                NEW.search_vector := {vector};
                RETURN NEW;
            END
            $$ LANGUAGE plpgsql;
            CREATE TRIGGER {table}_search_vector BEFORE INSERT OR UPDATE ON {table}
                FOR EACH ROW EXECUTE FUNCTION {table}_search_vector();
            UPDATE {table} SET search_vector = NULL;
            CREATE INDEX {table}_search_vector_gin ON {table} USING gin (search_vector);
            ANALYZE {table};
            """
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in VECTORS:
        schema_editor.execute(
            f"""
            DROP INDEX IF EXISTS {table}_search_vector_gin;
            DROP TRIGGER IF EXISTS {table}_search_vector ON {table};
            DROP FUNCTION IF EXISTS {table}_search_vector();
            """
        )


class Migration(migrations.Migration):
    dependencies = [
        ("portfolio", "0009_initiative_last_entry_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="initiative",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="logentry",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create, drop, elidable=False),
    ]
