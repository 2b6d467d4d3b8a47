"""The pool change log (matching.PoolChange), written by the database itself.

Every write of a consultant, a consultant skill, a tender or a tender skill — through the services,
Django admin, bulk_create, QuerySet.update, COPY or raw SQL — logs the consultant or tender it
touches, in the same transaction. The warm pools kept by each worker process (matching.store.warm)
read the log to reload just those rows.

PostgreSQL: one statement-level trigger per table and operation, over the statement's transition
tables (a bulk load of a million skill rows logs each consultant once), with the writing
transaction's id. SQLite: row-level triggers (the embedded setup's data is small).
"""

from django.db import migrations, models

# (table, column naming the consultant or tender, side)
WATCHED = [
    ("consultants", "id", 1),
    ("consultant_skills", "consultant_id", 1),
    ("tenders", "id", 2),
    ("tender_skills", "tender_id", 2),
]
# Columns whose change alone scores nothing: an UPDATE touching only them is not logged on PostgreSQL
# (the search triggers rewrite `search_vector` of every holder of a renamed skill, for instance).
UNSCORED = {"consultants": ("search_vector", "sort_name", "updated_at"), "tenders": ("updated_at",)}


def _postgresql(table: str, column: str, side: int) -> str:
    log = (
        "INSERT INTO matching_pool_changes (side, row_id, transaction_id, created_at) "
        f"SELECT DISTINCT {side}, r.{column}, pg_current_xact_id()::text::bigint, now() FROM {{rows}} AS r;"
    )
    ignored = "".join(f" - '{name}'" for name in UNSCORED.get(table, ()))
    if ignored:
        # An update logs the rows whose other columns changed: the row as JSON without the unscored ones.
        update = (
            "INSERT INTO matching_pool_changes (side, row_id, transaction_id, created_at) "
            f"SELECT DISTINCT {side}, n.{column}, pg_current_xact_id()::text::bigint, now() "
            "FROM new_rows AS n JOIN old_rows AS o ON o.id = n.id "
            f"WHERE (to_jsonb(n){ignored}) IS DISTINCT FROM (to_jsonb(o){ignored});"
        )
    else:
        update = log.format(rows="new_rows") + "\n        " + log.format(rows="old_rows")
    return f"""
CREATE OR REPLACE FUNCTION {table}_pool_changes_log() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        INSERT INTO matching_pool_changes (side, row_id, transaction_id, created_at)
        VALUES ({side}, 0, pg_current_xact_id()::text::bigint, now());
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        {log.format(rows="new_rows")}
    ELSIF TG_OP = 'UPDATE' THEN
        {update}
    ELSIF TG_OP = 'DELETE' THEN
        {log.format(rows="old_rows")}
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER {table}_pool_changes_insert AFTER INSERT ON {table}
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {table}_pool_changes_log();
CREATE TRIGGER {table}_pool_changes_update AFTER UPDATE ON {table}
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {table}_pool_changes_log();
CREATE TRIGGER {table}_pool_changes_delete AFTER DELETE ON {table}
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {table}_pool_changes_log();
CREATE TRIGGER {table}_pool_changes_truncate AFTER TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION {table}_pool_changes_log();
"""


def _sqlite(table: str, column: str, side: int) -> list[str]:
    def log(row: str) -> str:
        return (
            "INSERT INTO matching_pool_changes (side, row_id, created_at) "
            f"VALUES ({side}, {row}.{column}, strftime('%Y-%m-%d %H:%M:%f', 'now'));"
        )

    return [
        f"CREATE TRIGGER {table}_pool_changes_insert AFTER INSERT ON {table} BEGIN {log('NEW')} END;",
        f"CREATE TRIGGER {table}_pool_changes_update AFTER UPDATE ON {table} BEGIN {log('OLD')} {log('NEW')} END;",
        f"CREATE TRIGGER {table}_pool_changes_delete AFTER DELETE ON {table} BEGIN {log('OLD')} END;",
    ]


def create_triggers(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for table, column, side in WATCHED:
            if schema_editor.connection.vendor == "postgresql":
                cursor.execute(_postgresql(table, column, side))
            elif schema_editor.connection.vendor == "sqlite":
                for statement in _sqlite(table, column, side):
                    cursor.execute(statement)


def drop_triggers(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for table, _column, _side in WATCHED:
            for operation in ("insert", "update", "delete", "truncate"):
                if schema_editor.connection.vendor == "postgresql":
                    cursor.execute(f"DROP TRIGGER IF EXISTS {table}_pool_changes_{operation} ON {table}")
                elif operation != "truncate":
                    cursor.execute(f"DROP TRIGGER IF EXISTS {table}_pool_changes_{operation}")
            if schema_editor.connection.vendor == "postgresql":
                cursor.execute(f"DROP FUNCTION IF EXISTS {table}_pool_changes_log()")


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0006_dossier_and_sends"),
        ("consultants", "0001_initial"),
        ("tenders", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="PoolChange",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("side", models.PositiveSmallIntegerField()),
                ("row_id", models.BigIntegerField()),
                ("transaction_id", models.BigIntegerField(null=True)),
                ("created_at", models.DateTimeField()),
            ],
            options={
                "db_table": "matching_pool_changes",
                "indexes": [models.Index(fields=["transaction_id"], name="pool_changes_transaction")],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
