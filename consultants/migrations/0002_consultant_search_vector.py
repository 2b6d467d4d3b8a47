"""Full-text search of consultants on PostgreSQL: an accent-insensitive French configuration, a stored
tsvector column with its GIN index, and the column filled for the rows already there.

On SQLite only the (always empty) column is added: the list page searches there without it.
"""

import django.contrib.postgres.search
from django.db import migrations

CONFIGURATION = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
        ALTER TEXT SEARCH CONFIGURATION french_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
    END IF;
END
$$
""",
    "CREATE INDEX IF NOT EXISTS consultants_search_vector_idx ON consultants USING gin (search_vector)",
]

# The document as consultants.services.consultant_search_refresh builds it at the time of this
# migration, for every existing row.
BACKFILL = """
UPDATE consultants AS c SET search_vector =
    setweight(to_tsvector('french_unaccent', coalesce(
        (SELECT u.first_name || ' ' || u.last_name FROM users AS u WHERE u.id = c.user_id), '')), 'A')
    || setweight(to_tsvector('french_unaccent', coalesce(c.title, '')), 'B')
    || setweight(to_tsvector('french_unaccent', coalesce(
        (SELECT string_agg(s.name, ' ') FROM consultant_skills AS cs JOIN skills AS s ON s.id = cs.skill_id
         WHERE cs.consultant_id = c.id), '')), 'B')
    || setweight(to_tsvector('french_unaccent', coalesce(
        (SELECT string_agg(a.alias, ' ') FROM consultant_skills AS cs JOIN skill_aliases AS a ON a.skill_id = cs.skill_id
         WHERE cs.consultant_id = c.id), '')), 'C')
    || setweight(to_tsvector('french_unaccent', coalesce(c.bio, '')), 'D')
"""

UNDO = [
    "DROP INDEX IF EXISTS consultants_search_vector_idx",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in CONFIGURATION:
        schema_editor.execute(statement)
    schema_editor.execute(BACKFILL)


def backwards(apps, schema_editor):
    # The unaccent extension stays: other objects of the database may have come to rely on it.
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in UNDO:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("consultants", "0001_initial"),
        ("talentmatch", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="consultant",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(forwards, backwards),
    ]
