"""The migrated database against the seed document's schema (sections 2.2, 2.3 and 11).

The seed is transcribed below as literal tables because it is not available where the tests run.
Everything is read back from the database through Django's introspection, so the test holds for
SQLite and PostgreSQL alike: type names are normalised to Django field types first.
"""

from typing import NamedTuple

import pytest
from django.apps import apps
from django.db import connection


class Column(NamedTuple):
    type: str
    constraints: str = ""
    references: str | None = None


# Section 2.2, column by column: (type, constraints as written in the seed, referenced table for an FK).
SEED_TABLES: dict[str, dict[str, Column]] = {
    "users": {
        "id": Column("INTEGER", "PK"),
        "email": Column("VARCHAR(255)", "UNIQUE, NOT NULL"),
        "hashed_password": Column("VARCHAR(255)", "NOT NULL"),
        "first_name": Column("VARCHAR(100)", "NOT NULL"),
        "last_name": Column("VARCHAR(100)", "NOT NULL"),
        "role": Column("ENUM", "NOT NULL"),
        "company_id": Column("INTEGER", "FK", "companies"),
        "is_active": Column("BOOLEAN", "DEFAULT TRUE"),
        "created_at": Column("TIMESTAMP", "NOT NULL"),
        "updated_at": Column("TIMESTAMP"),
    },
    "companies": {
        "id": Column("INTEGER", "PK"),
        "name": Column("VARCHAR(255)", "NOT NULL"),
        "description": Column("TEXT"),
        "website": Column("VARCHAR(255)"),
        "address": Column("VARCHAR(255)"),
        "city": Column("VARCHAR(100)"),
        "postal_code": Column("VARCHAR(20)"),
        "country": Column("VARCHAR(100)"),
        "is_active": Column("BOOLEAN", "DEFAULT TRUE"),
        "created_at": Column("TIMESTAMP", "NOT NULL"),
        "updated_at": Column("TIMESTAMP"),
    },
    "consultants": {
        "id": Column("INTEGER", "PK"),
        "user_id": Column("INTEGER", "FK, UNIQUE", "users"),
        "company_id": Column("INTEGER", "FK, NOT NULL", "companies"),
        "title": Column("VARCHAR(255)", "NOT NULL"),
        "experience_years": Column("INTEGER"),
        "availability_status": Column("ENUM", "NOT NULL"),
        "availability_date": Column("DATE"),
        "hourly_rate": Column("FLOAT"),
        "daily_rate": Column("FLOAT"),
        "bio": Column("TEXT"),
        "location": Column("VARCHAR(255)"),
        "remote_work": Column("BOOLEAN", "DEFAULT FALSE"),
        "max_travel_distance": Column("INTEGER"),
        "created_at": Column("TIMESTAMP", "NOT NULL"),
        "updated_at": Column("TIMESTAMP"),
    },
    "skills": {
        "id": Column("INTEGER", "PK"),
        # Section 11.3 later replaces this UNIQUE by UNIQUE (name, category): see SUPERSEDED_UNIQUE.
        "name": Column("VARCHAR(255)", "UNIQUE, NOT NULL"),
        "category": Column("ENUM", "NOT NULL"),
        "description": Column("TEXT"),
        "created_at": Column("TIMESTAMP", "NOT NULL"),
        "updated_at": Column("TIMESTAMP"),
    },
    "consultant_skills": {
        "id": Column("INTEGER", "PK"),
        "consultant_id": Column("INTEGER", "FK, NOT NULL", "consultants"),
        "skill_id": Column("INTEGER", "FK, NOT NULL", "skills"),
        "proficiency_level": Column("ENUM", "NOT NULL"),
        "years_experience": Column("INTEGER"),
        "details": Column("TEXT"),
        "created_at": Column("TIMESTAMP", "NOT NULL"),
        "updated_at": Column("TIMESTAMP"),
    },
    "resumes": {
        "id": Column("INTEGER", "PK"),
        "consultant_id": Column("INTEGER", "FK, NOT NULL", "consultants"),
        "file_path": Column("VARCHAR(255)", "NOT NULL"),
        "file_type": Column("VARCHAR(50)", "NOT NULL"),
        "version": Column("INTEGER", "DEFAULT 1"),
        "extracted_data": Column("TEXT"),
        "created_at": Column("TIMESTAMP", "NOT NULL"),
        "updated_at": Column("TIMESTAMP"),
    },
    "tenders": {
        "id": Column("INTEGER", "PK"),
        "company_id": Column("INTEGER", "FK, NOT NULL", "companies"),
        "title": Column("VARCHAR(255)", "NOT NULL"),
        "client_name": Column("VARCHAR(255)", "NOT NULL"),
        "description": Column("TEXT", "NOT NULL"),
        "start_date": Column("DATE"),
        "end_date": Column("DATE"),
        "status": Column("ENUM", "NOT NULL"),
        "location": Column("VARCHAR(255)"),
        "remote_work": Column("BOOLEAN", "DEFAULT FALSE"),
        "budget": Column("FLOAT"),
        "required_consultants": Column("INTEGER", "DEFAULT 1"),
        "created_at": Column("TIMESTAMP", "NOT NULL"),
        "updated_at": Column("TIMESTAMP"),
    },
    "tender_skills": {
        "id": Column("INTEGER", "PK"),
        "tender_id": Column("INTEGER", "FK, NOT NULL", "tenders"),
        "skill_id": Column("INTEGER", "FK, NOT NULL", "skills"),
        "importance": Column("VARCHAR(50)", "NOT NULL"),
        "details": Column("TEXT"),
        "created_at": Column("TIMESTAMP", "NOT NULL"),
        "updated_at": Column("TIMESTAMP"),
    },
    "matches": {
        "id": Column("INTEGER", "PK"),
        "consultant_id": Column("INTEGER", "FK, NOT NULL", "consultants"),
        "tender_id": Column("INTEGER", "FK, NOT NULL", "tenders"),
        "match_score": Column("FLOAT", "NOT NULL"),
        "status": Column("ENUM", "NOT NULL"),
        "notes": Column("TEXT"),
        "created_at": Column("TIMESTAMP", "NOT NULL"),
        "updated_at": Column("TIMESTAMP"),
    },
    "portfolios": {
        "id": Column("INTEGER", "PK"),
        "consultant_id": Column("INTEGER", "FK, NOT NULL", "consultants"),
        "tender_id": Column("INTEGER", "FK, NOT NULL", "tenders"),
        "file_path": Column("VARCHAR(255)"),
        "version": Column("INTEGER", "DEFAULT 1"),
        "status": Column("ENUM", "NOT NULL"),
        "content": Column("TEXT"),
        "generated_date": Column("TIMESTAMP", "NOT NULL"),
        "created_at": Column("TIMESTAMP", "NOT NULL"),
        "updated_at": Column("TIMESTAMP"),
    },
    "collaborations": {
        "id": Column("INTEGER", "PK"),
        "initiator_company_id": Column("INTEGER", "FK, NOT NULL", "companies"),
        "partner_company_id": Column("INTEGER", "FK, NOT NULL", "companies"),
        "status": Column("ENUM", "NOT NULL"),
        "start_date": Column("DATE"),
        "end_date": Column("DATE"),
        "terms": Column("TEXT"),
        "created_at": Column("TIMESTAMP", "NOT NULL"),
        "updated_at": Column("TIMESTAMP"),
    },
}

# Section 2.3 (and the values listed in 2.2.8 for tender_skills.importance), in the seed's order.
SEED_ENUMS: dict[tuple[str, str], list[str]] = {
    ("users", "role"): ["admin", "manager", "recruiter", "sales", "consultant"],
    ("consultants", "availability_status"): ["available", "partially_available", "unavailable", "on_mission"],
    ("tenders", "status"): ["open", "in_progress", "closed", "cancelled"],
    ("matches", "status"): ["suggested", "submitted", "accepted", "rejected"],
    ("portfolios", "status"): ["draft", "final"],
    ("collaborations", "status"): ["pending", "active", "inactive"],
    ("consultant_skills", "proficiency_level"): ["beginner", "intermediate", "advanced", "expert"],
    ("skills", "category"): [
        "programming_language",
        "framework",
        "database",
        "cloud",
        "devops",
        "methodology",
        "soft_skill",
        "other",
    ],
    ("tender_skills", "importance"): ["required", "preferred", "nice_to_have"],
}

# Columns the seed leaves nullable but gives a DEFAULT: we made them NOT NULL with that default on
# purpose, because NULL has no meaning there (an account neither active nor inactive, a CV without
# a version). The default itself is kept by the database, as documented.
NOT_NULL_WITH_DEFAULT = {
    ("users", "is_active"),
    ("companies", "is_active"),
    ("consultants", "remote_work"),
    ("tenders", "remote_work"),
    ("tenders", "required_consultants"),
    ("resumes", "version"),
    ("portfolios", "version"),
}

# Section 11.3 (migration 003) drops the seed's UNIQUE on skills.name for UNIQUE (name, category).
SUPERSEDED_UNIQUE = {("skills", "name")}

# The seed's type → the Django field types that introspection may report for it.
COMPATIBLE_TYPES = {
    "INTEGER": {"IntegerField", "AutoField"},
    "VARCHAR": {"CharField"},
    "ENUM": {"CharField"},
    "TEXT": {"TextField"},
    "FLOAT": {"FloatField"},
    "DATE": {"DateField"},
    "TIMESTAMP": {"DateTimeField"},
    "BOOLEAN": {"BooleanField"},
}


def _columns(table: str) -> dict:
    with connection.cursor() as cursor:
        return {info.name: info for info in connection.introspection.get_table_description(cursor, table)}


def _constraints(table: str) -> dict:
    with connection.cursor() as cursor:
        return connection.introspection.get_constraints(cursor, table)


def _relations(table: str) -> dict:
    with connection.cursor() as cursor:
        return connection.introspection.get_relations(cursor, table)


def _field_type(info) -> str:
    """The backend's column type as a Django field name: "varchar(255)" and oid 1043 both read CharField."""
    field_type = connection.introspection.get_field_type(info.type_code, info)
    # The contract allows (type, params); only the type matters here.
    return field_type[0] if isinstance(field_type, tuple) else field_type


def _unique_column_sets(table: str) -> list[list[str]]:
    return [
        list(constraint["columns"])
        for constraint in _constraints(table).values()
        if constraint["unique"] and not constraint["primary_key"]
    ]


def _model_for_table(table: str):
    return next(model for model in apps.get_models() if model._meta.db_table == table)


def _field_for_column(table: str, column: str):
    model = _model_for_table(table)
    return next(field for field in model._meta.concrete_fields if field.column == column)


def _normalised_default(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip().strip("'").lower()
    return {"true": "1", "false": "0"}.get(value, value)


SEED_COLUMNS = [(table, column, spec) for table, columns in SEED_TABLES.items() for column, spec in columns.items()]
COLUMN_IDS = [f"{table}.{column}" for table, column, _ in SEED_COLUMNS]


def test_the_seed_transcription_lists_the_eleven_documented_tables():
    assert sorted(SEED_TABLES) == sorted(
        [
            "users",
            "companies",
            "consultants",
            "skills",
            "consultant_skills",
            "resumes",
            "tenders",
            "tender_skills",
            "matches",
            "portfolios",
            "collaborations",
        ]
    )
    assert len(SEED_COLUMNS) == 106


def test_every_documented_table_exists_in_the_migrated_database(db):
    with connection.cursor() as cursor:
        tables = {info.name for info in connection.introspection.get_table_list(cursor) if info.type == "t"}
    assert set(SEED_TABLES) <= tables


@pytest.mark.parametrize(("table", "column", "spec"), SEED_COLUMNS, ids=COLUMN_IDS)
def test_documented_column_exists_with_a_compatible_type(db, table, column, spec):
    columns = _columns(table)
    assert column in columns
    info = columns[column]
    base_type, _, size = spec.type.partition("(")
    assert _field_type(info) in COMPATIBLE_TYPES[base_type]
    if base_type == "VARCHAR":
        assert info.display_size == int(size.rstrip(")"))


@pytest.mark.parametrize(("table", "column", "spec"), SEED_COLUMNS, ids=COLUMN_IDS)
def test_documented_column_has_the_documented_nullability(db, table, column, spec):
    info = _columns(table)[column]
    documented_not_null = "NOT NULL" in spec.constraints or "PK" in spec.constraints
    if (table, column) in NOT_NULL_WITH_DEFAULT:
        assert not documented_not_null
        assert info.null_ok is False
    else:
        assert info.null_ok is (not documented_not_null)


def test_the_not_null_deviations_are_exactly_the_documented_defaults():
    documented_defaults = {(table, column) for table, column, spec in SEED_COLUMNS if "DEFAULT" in spec.constraints}
    assert documented_defaults == NOT_NULL_WITH_DEFAULT


@pytest.mark.parametrize(
    ("table", "column"), sorted(NOT_NULL_WITH_DEFAULT), ids=[f"{t}.{c}" for t, c in sorted(NOT_NULL_WITH_DEFAULT)]
)
def test_a_documented_default_is_kept_by_the_database_itself(db, table, column):
    documented = SEED_TABLES[table][column].constraints.removeprefix("DEFAULT ")
    assert _normalised_default(_columns(table)[column].default) == _normalised_default(documented)


@pytest.mark.parametrize("table", list(SEED_TABLES))
def test_the_primary_key_is_the_integer_id_column(db, table):
    primary_keys = [c["columns"] for c in _constraints(table).values() if c["primary_key"]]
    assert primary_keys == [["id"]]
    assert _field_type(_columns(table)["id"]) == "AutoField"


@pytest.mark.parametrize(
    ("table", "column"),
    [
        (table, column)
        for table, column, spec in SEED_COLUMNS
        if "UNIQUE" in spec.constraints and (table, column) not in SUPERSEDED_UNIQUE
    ],
)
def test_a_documented_unique_column_is_unique_in_the_database(db, table, column):
    assert [column] in _unique_column_sets(table)


def test_the_documented_unique_columns_are_users_email_and_consultants_user_id():
    documented = {(table, column) for table, column, spec in SEED_COLUMNS if "UNIQUE" in spec.constraints}
    assert documented - SUPERSEDED_UNIQUE == {("users", "email"), ("consultants", "user_id")}


@pytest.mark.parametrize(
    ("table", "column", "target"),
    [(table, column, spec.references) for table, column, spec in SEED_COLUMNS if "FK" in spec.constraints],
)
def test_a_documented_foreign_key_references_the_documented_table(db, table, column, target):
    assert _relations(table)[column] == ("id", target)


def test_every_documented_foreign_key_names_its_target_table():
    for table, column, spec in SEED_COLUMNS:
        assert ("FK" in spec.constraints) is (spec.references is not None), f"{table}.{column}"


def test_consultants_have_the_profile_picture_url_column_of_migration_002(db):
    info = _columns("consultants")["profile_picture_url"]
    assert _field_type(info) == "CharField"
    assert info.display_size == 255
    assert info.null_ok is True


def test_skills_are_unique_by_name_and_category_not_by_name_alone_after_migration_003(db):
    unique_sets = _unique_column_sets("skills")
    assert ["name", "category"] in unique_sets
    assert ["name"] not in unique_sets


@pytest.mark.parametrize(("table", "column"), list(SEED_ENUMS), ids=[f"{t}.{c}" for t, c in SEED_ENUMS])
def test_an_enum_column_offers_exactly_the_documented_values(table, column):
    field = _field_for_column(table, column)
    assert [value for value, _label in field.choices] == SEED_ENUMS[(table, column)]


@pytest.mark.parametrize(("table", "column"), list(SEED_ENUMS), ids=[f"{t}.{c}" for t, c in SEED_ENUMS])
def test_an_enum_column_is_guarded_by_a_check_constraint_on_the_documented_values(db, table, column):
    name = f"{table}_{column}_valid"
    constraint = _constraints(table)[name]
    assert constraint["check"] is True
    assert constraint["columns"] == [column]
    declared = next(c for c in _model_for_table(table)._meta.constraints if c.name == name)
    lookup, values = declared.condition.children[0]
    assert lookup == f"{column}__in"
    assert list(values) == SEED_ENUMS[(table, column)]


def test_every_documented_enum_column_is_in_the_enum_table():
    enum_columns = {(table, column) for table, column, spec in SEED_COLUMNS if spec.type == "ENUM"}
    assert enum_columns | {("tender_skills", "importance")} == set(SEED_ENUMS)
