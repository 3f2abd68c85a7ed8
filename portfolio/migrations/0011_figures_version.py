"""The version of the data behind the dashboard's figures (FiguresVersion), changed by the
database in every transaction that writes to one of TABLES, however it writes (save,
bulk_create, update(), raw SQL, TRUNCATE).

PostgreSQL: a deferred constraint trigger per row sets the version to the next number of
a sequence when the transaction commits (or when a reader in the same transaction asks
for the version: FiguresVersion.current() sets the triggers IMMEDIATE first). Taking the
row's lock only at commit keeps writers from waiting on each other mid-transaction (no
deadlocks between, say, two reorderings); a sequence's numbers never come back, not even
after a rollback. SQLite: a trigger per row and operation, a random number.
"""

from django.db import migrations, models

TABLES = [
    "portfolio_initiative",
    "portfolio_initiative_problems",
    "portfolio_logentry",
    "portfolio_review",
    "missions_cluster",
    "missions_mission",
    "dus_unit",
    "dus_user",
    "dus_hardproblem",
    "dus_track",
    "dus_plan",
]
TRIGGER = "portfolio_figures_changed"

POSTGRESQL = [
    "CREATE SEQUENCE portfolio_figures_seq",
    f"""
    CREATE FUNCTION {TRIGGER}() RETURNS trigger AS $$
    BEGIN
        INSERT INTO portfolio_figuresversion (id, version)
        VALUES (1, nextval('portfolio_figures_seq'))
        ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    *(
        sql
        for table in TABLES
        for sql in (
            f"""CREATE CONSTRAINT TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE
            ON {table} DEFERRABLE INITIALLY DEFERRED
            FOR EACH ROW EXECUTE FUNCTION {TRIGGER}()""",
            f"""CREATE TRIGGER {TRIGGER}_truncate AFTER TRUNCATE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}()""",
        )
    ),
    "INSERT INTO portfolio_figuresversion (id, version) VALUES (1, nextval('portfolio_figures_seq'))",
]
POSTGRESQL_DROP = [
    *(
        f"DROP TRIGGER IF EXISTS {name} ON {table}"
        for table in TABLES
        for name in (TRIGGER, f"{TRIGGER}_truncate")
    ),
    f"DROP FUNCTION IF EXISTS {TRIGGER}()",
    "DROP SEQUENCE IF EXISTS portfolio_figures_seq",
]
BUMP = "INSERT OR REPLACE INTO portfolio_figuresversion (id, version) VALUES (1, abs(random()))"
SQLITE = [
    *(
        f"CREATE TRIGGER {TRIGGER}_{table}_{op.lower()} AFTER {op} ON {table} BEGIN {BUMP}; END"
        for table in TABLES
        for op in ("INSERT", "UPDATE", "DELETE")
    ),
    BUMP,
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {TRIGGER}_{table}_{op}"
    for table in TABLES
    for op in ("insert", "update", "delete")
]


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"postgresql": POSTGRESQL, "sqlite": SQLITE}[vendor]:
        schema_editor.execute(sql)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"postgresql": POSTGRESQL_DROP, "sqlite": SQLITE_DROP}[vendor]:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("dus", "0007_unit_capacity_hours_bounds"),
        ("missions", "0004_search_vector"),
        ("portfolio", "0010_search_vector"),
    ]

    operations = [
        migrations.CreateModel(
            name="FiguresVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("version", models.BigIntegerField(null=True)),
            ],
            options={"verbose_name": "figures version"},
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
