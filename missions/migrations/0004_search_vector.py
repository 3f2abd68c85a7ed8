"""Stored search vectors for missions and clusters, as portfolio migration 0008 does
for initiatives and logbook entries: a trigger keeps them in step on PostgreSQL, a GIN
index finds the matches; SQLite has the column but searches the texts directly.
"""

import django.contrib.postgres.search
from django.db import migrations

VECTORS = {
    "missions_mission": (
        "setweight(to_tsvector('pg_catalog.danish', coalesce(NEW.title, '')), 'A')"
        " || setweight(to_tsvector('pg_catalog.danish',"
        " coalesce(NEW.statement, '') || ' ' || coalesce(NEW.ambition, '')), 'B')"
    ),
    "missions_cluster": (
        "setweight(to_tsvector('pg_catalog.danish', coalesce(NEW.name, '')), 'A')"
        " || setweight(to_tsvector('pg_catalog.danish', coalesce(NEW.purpose, '')), 'B')"
    ),
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
        ("missions", "0003_text_limits"),
    ]

    operations = [
        migrations.AddField(
            model_name="cluster",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="mission",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create, drop, elidable=False),
    ]
