"""Importing tenders with their skill needs, and the skill catalogue with aliases and related skills."""

import datetime

from consultants.models import Skill
from dataio.tests.conftest import csv_bytes
from dataio.tests.importing import _import, _state
from tenders.models import Tender

# --- tenders -----------------------------------------------------------------------------------

TENDERS_CSV = csv_bytes(
    "title,client_name,description,start_date,end_date,status,budget,skills",
    "Portail,Banque Exemple,Refonte,2027-01-04,2027-06-30,open,60000,Python:required:advanced; Docker:nice_to_have",
    "Portail,Banque Exemple,Seconde phase,2027-09-01,,in_progress,,Django:preferred",
    "Audit,Assurance,Audit sécurité,,,closed,,",
)


def test_tenders_import_with_their_skill_needs_and_update_in_place_on_client_title_and_start(cast, catalogue):
    first = _import(cast, "tenders", TENDERS_CSV)
    assert (first.created, first.updated, first.unchanged, first.rejected) == (3, 0, 0, 0)
    portal = Tender.objects.get(title="Portail", start_date=datetime.date(2027, 1, 4))
    assert portal.company == cast.a.company
    assert sorted(portal.tender_skills.values_list("skill__name", "importance", "minimum_level")) == [
        ("Docker", "nice_to_have", None),
        ("Python", "required", "advanced"),
    ]
    before = _state()
    again = _import(cast, "tenders", TENDERS_CSV)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert _state() == before
    changed = csv_bytes(
        "title,client_name,start_date,status,skills",
        "portail,banque exemple,04/01/2027,in_progress,Python:required:expert",
    )
    report = _import(cast, "tenders", changed)
    assert (report.created, report.updated) == (0, 1)
    portal.refresh_from_db()
    assert portal.status == "in_progress"
    assert list(portal.tender_skills.values_list("skill__name", "minimum_level")) == [("Python", "expert")]


def test_a_tender_with_bad_needs_or_dates_is_rejected_and_nothing_written(cast, catalogue):
    content = csv_bytes(
        "title,client_name,description,start_date,end_date,skills",
        "A,Client,Desc,2027-05-01,2027-01-01,Python:mandatory",
        ",Client,Desc,,,",
        "B,Client,Desc,,,Python:required:wizard",
    )
    report = _import(cast, "tenders", content)
    assert [(problem.line, problem.reasons) for problem in report.problems] == [
        (
            2,
            ["skills: Python: unknown importance “mandatory” (expected one of: required, preferred, nice_to_have)."],
        ),
        (3, ["title: this cell is required."]),
        (4, ["skills: Python: unknown level “wizard” (expected one of: beginner, intermediate, advanced, expert)."]),
    ]
    assert Tender.objects.count() == 0
    dates = csv_bytes("title,client_name,description,start_date,end_date", "A,Client,Desc,2027-05-01,2027-01-01")
    assert [problem.reasons for problem in _import(cast, "tenders", dates).problems] == [
        ["end_date: The end date cannot be before the start date."]
    ]


# --- the skill catalogue -----------------------------------------------------------------------


def test_the_skill_catalogue_imports_with_aliases_and_related_skills_and_twice_is_unchanged(cast, catalogue):
    content = csv_bytes(
        "name,category,description,aliases,related",
        "FastAPI,framework,Async web framework,Fast API; fastapi-py,Python; Starlette",
        "Starlette,framework,ASGI toolkit,,",
        "Py,programming_language,The Python language,Py; Python 3,",
    )
    first = _import(cast, "skills", content)
    assert (first.created, first.updated, first.unchanged, first.rejected) == (2, 1, 0, 0)
    fastapi = Skill.objects.get(name="FastAPI")
    assert sorted(fastapi.aliases.values_list("alias", flat=True)) == ["Fast API", "fastapi-py"]
    assert sorted(fastapi.related_skills.values_list("name", flat=True)) == ["Python", "Starlette"]
    python = Skill.objects.get(name="Python")
    # "Py" is an alias of Python: the row updates Python and keeps its name and the alias.
    assert (python.description, sorted(python.aliases.values_list("alias", flat=True))) == (
        "The Python language",
        ["Py", "Python 3"],
    )
    before = _state()
    again = _import(cast, "skills", content)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert _state() == before


def test_a_skill_row_with_an_unknown_category_or_related_skill_is_rejected(cast, catalogue):
    content = csv_bytes(
        "name,category,related",
        "Rust,language,",
        "Axum,framework,Tokio",
        "Postgres,framework,",
    )
    report = _import(cast, "skills", content)
    assert [(problem.line, problem.reasons) for problem in report.problems] == [
        (
            2,
            [
                "category: unknown category “language” (expected one of: programming_language, framework, database, "
                "cloud, devops, methodology, soft_skill, other)."
            ],
        ),
        (3, ["related: unknown skill “Tokio”."]),
        (4, ["“Postgres” is an alias of PostgreSQL, a skill of category database."]),
    ]
    assert not Skill.objects.filter(name__in=["Rust", "Axum"]).exists()
