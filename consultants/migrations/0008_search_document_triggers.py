"""The consultant search document kept by PostgreSQL itself: every write of a consultant, its account,
its skills or the catalogue — through the services, Django admin, bulk_create, QuerySet.update or raw
SQL — rewrites the affected documents in the same statement, so a write is searchable at once.

The document (consultant_search_document) is the one the services used to build, plus one exact
lexeme per held skill, '#<skill id>', which no text can produce (the parser drops '#'): the search
resolves a typed skill name or alias ("C#", "C++", ".NET", "Go") to those lexemes, so that a skill
is found exactly even when French full-text drops its name ("c" is a French stop word).

Nothing is done on SQLite, whose search reads the current rows at query time (consultants.search).
"""

from django.db import migrations

DOCUMENT = """
CREATE OR REPLACE FUNCTION consultant_search_document(c consultants) RETURNS tsvector
LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
    SELECT CASE WHEN c.erased_at IS NOT NULL THEN NULL ELSE
        setweight(to_tsvector('french_unaccent', coalesce(
            (SELECT u.first_name || ' ' || u.last_name FROM users AS u WHERE u.id = c.user_id), '')), 'A')
        || setweight(to_tsvector('french_unaccent', coalesce(c.title, '')), 'B')
        || setweight(to_tsvector('french_unaccent', coalesce(
            (SELECT string_agg(s.name, ' ') FROM consultant_skills AS cs JOIN skills AS s ON s.id = cs.skill_id
             WHERE cs.consultant_id = c.id), '')), 'B')
        || setweight(coalesce(
            (SELECT array_to_tsvector(array_agg(DISTINCT '#' || cs.skill_id))
             FROM consultant_skills AS cs WHERE cs.consultant_id = c.id), ''::tsvector), 'B')
        || setweight(to_tsvector('french_unaccent', coalesce(
            (SELECT string_agg(a.alias, ' ') FROM consultant_skills AS cs
             JOIN skill_aliases AS a ON a.skill_id = cs.skill_id WHERE cs.consultant_id = c.id), '')), 'C')
        || setweight(to_tsvector('french_unaccent', coalesce(c.bio, '')), 'D')
    END
$$
"""

# A consultant row: its own document, computed before the row is written (no second update).
CONSULTANT = """
CREATE OR REPLACE FUNCTION consultants_search_document_trigger() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    NEW.search_vector := consultant_search_document(NEW);
    RETURN NEW;
END
$$;
CREATE TRIGGER consultants_search_document
    BEFORE INSERT OR UPDATE OF user_id, title, bio, erased_at ON consultants
    FOR EACH ROW EXECUTE FUNCTION consultants_search_document_trigger();
"""

# An account's name: the profiles it carries (a login's last_login does not pass the WHEN).
USER = """
CREATE OR REPLACE FUNCTION users_search_document_trigger() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    UPDATE consultants AS c SET search_vector = consultant_search_document(c) WHERE c.user_id = NEW.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER users_search_document
    AFTER UPDATE OF first_name, last_name ON users
    FOR EACH ROW
    WHEN (OLD.first_name IS DISTINCT FROM NEW.first_name OR OLD.last_name IS DISTINCT FROM NEW.last_name)
    EXECUTE FUNCTION users_search_document_trigger();
"""

# Skills held: once per statement, so a bulk load of 10,000 rows rewrites each consultant once. A
# transition table serves one event only, hence three triggers on one function.
CONSULTANT_SKILL = """
CREATE OR REPLACE FUNCTION consultant_skills_search_document_trigger() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE consultants AS c SET search_vector = consultant_search_document(c)
        WHERE c.id IN (SELECT consultant_id FROM new_rows);
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE consultants AS c SET search_vector = consultant_search_document(c)
        WHERE c.id IN (SELECT consultant_id FROM old_rows);
    ELSE
        UPDATE consultants AS c SET search_vector = consultant_search_document(c)
        WHERE c.id IN (
            SELECT n.consultant_id FROM new_rows AS n JOIN old_rows AS o ON o.id = n.id
            WHERE n.skill_id <> o.skill_id OR n.consultant_id <> o.consultant_id
            UNION
            SELECT o.consultant_id FROM new_rows AS n JOIN old_rows AS o ON o.id = n.id
            WHERE n.skill_id <> o.skill_id OR n.consultant_id <> o.consultant_id
        );
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER consultant_skills_search_document_insert
    AFTER INSERT ON consultant_skills REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION consultant_skills_search_document_trigger();
CREATE TRIGGER consultant_skills_search_document_update
    AFTER UPDATE ON consultant_skills REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION consultant_skills_search_document_trigger();
CREATE TRIGGER consultant_skills_search_document_delete
    AFTER DELETE ON consultant_skills REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION consultant_skills_search_document_trigger();
"""

# The catalogue's words in the documents: a skill's name, its aliases; their holders follow. (A French
# name is found through the skill's lexeme, not as text: filling the French names of a catalogue
# rewrites no document.)
CATALOGUE = """
CREATE OR REPLACE FUNCTION skills_search_document_trigger() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    UPDATE consultants AS c SET search_vector = consultant_search_document(c)
    WHERE c.id IN (SELECT cs.consultant_id FROM consultant_skills AS cs WHERE cs.skill_id = NEW.id);
    RETURN NULL;
END
$$;
CREATE TRIGGER skills_search_document
    AFTER UPDATE OF name ON skills
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION skills_search_document_trigger();

CREATE OR REPLACE FUNCTION skill_aliases_search_document_trigger() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE consultants AS c SET search_vector = consultant_search_document(c)
        WHERE c.id IN (SELECT cs.consultant_id FROM consultant_skills AS cs
                       WHERE cs.skill_id IN (SELECT skill_id FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE consultants AS c SET search_vector = consultant_search_document(c)
        WHERE c.id IN (SELECT cs.consultant_id FROM consultant_skills AS cs
                       WHERE cs.skill_id IN (SELECT skill_id FROM old_rows));
    ELSE
        UPDATE consultants AS c SET search_vector = consultant_search_document(c)
        WHERE c.id IN (SELECT cs.consultant_id FROM consultant_skills AS cs
                       WHERE cs.skill_id IN (SELECT skill_id FROM new_rows UNION SELECT skill_id FROM old_rows));
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER skill_aliases_search_document_insert
    AFTER INSERT ON skill_aliases REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION skill_aliases_search_document_trigger();
CREATE TRIGGER skill_aliases_search_document_update
    AFTER UPDATE ON skill_aliases REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION skill_aliases_search_document_trigger();
CREATE TRIGGER skill_aliases_search_document_delete
    AFTER DELETE ON skill_aliases REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION skill_aliases_search_document_trigger();
"""

# Every existing row gets the new document (with its skill lexemes), and the planner the statistics of
# those lexemes: a skill half the consultants hold is then read through the list's index, not the GIN one.
BACKFILL = "UPDATE consultants AS c SET search_vector = consultant_search_document(c)"
STATISTICS = "ANALYZE consultants"

UNDO = """
DROP TRIGGER IF EXISTS skill_aliases_search_document_insert ON skill_aliases;
DROP TRIGGER IF EXISTS skill_aliases_search_document_update ON skill_aliases;
DROP TRIGGER IF EXISTS skill_aliases_search_document_delete ON skill_aliases;
DROP FUNCTION IF EXISTS skill_aliases_search_document_trigger();
DROP TRIGGER IF EXISTS skills_search_document ON skills;
DROP FUNCTION IF EXISTS skills_search_document_trigger();
DROP TRIGGER IF EXISTS consultant_skills_search_document_insert ON consultant_skills;
DROP TRIGGER IF EXISTS consultant_skills_search_document_update ON consultant_skills;
DROP TRIGGER IF EXISTS consultant_skills_search_document_delete ON consultant_skills;
DROP FUNCTION IF EXISTS consultant_skills_search_document_trigger();
DROP TRIGGER IF EXISTS users_search_document ON users;
DROP FUNCTION IF EXISTS users_search_document_trigger();
DROP TRIGGER IF EXISTS consultants_search_document ON consultants;
DROP FUNCTION IF EXISTS consultants_search_document_trigger();
DROP FUNCTION IF EXISTS consultant_search_document(consultants);
"""


class PostgresRunSQL(migrations.RunSQL):
    """RunSQL on PostgreSQL only; on another database it does nothing, either way."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [
        ("consultants", "0007_skill_french_names"),
        ("talentmatch", "0001_initial"),
    ]

    operations = [
        PostgresRunSQL(
            sql=[DOCUMENT, CONSULTANT, USER, CONSULTANT_SKILL, CATALOGUE, BACKFILL, STATISTICS],
            reverse_sql=[UNDO],
        ),
    ]
