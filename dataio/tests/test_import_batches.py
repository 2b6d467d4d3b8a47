"""New consultants of an import are written a batch at a time: a fixed number of queries whatever the
number of rows, the same history and search documents as the services write one by one, and a batch
that the database refuses is written again row by row so that the refused lines are reported."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultants.models import Consultant
from consultants.services import consultant_create, consultant_skill_set
from dataio.services import data_import
from dataio.tests.conftest import csv_bytes
from dataio.tests.importing import _state
from history.models import ChangeRecord
from talentmatch.models import User, UserRole

HEADER = "first_name,last_name,email,title,daily_rate,remote_work,skills"


def _rows(count: int, domain: str = "example.com") -> bytes:
    return csv_bytes(
        HEADER,
        *(
            f"Prénom{n},Nom{n},p{n}@{domain},Dev {n},{500 + n},true,Python:expert:{n % 9}; Postgres:beginner"
            for n in range(count)
        ),
    )


def _queries_of_an_import(cast, count: int) -> int:
    with CaptureQueriesContext(connection) as captured:
        report = data_import(
            kind="consultants", name="f.csv", content=_rows(count), company=cast.a.company, by=cast.a.manager
        )
    assert (report.created, report.rejected) == (count, 0)
    return len(captured.captured_queries)


def test_importing_thirty_new_consultants_costs_the_queries_of_importing_ten(cast, catalogue):
    ten = _queries_of_an_import(cast, 10)
    Consultant.objects.filter(company=cast.a.company).delete()
    User.objects.filter(email__endswith="@example.com", role=UserRole.CONSULTANT).delete()
    ChangeRecord.objects.all().delete()
    thirty = _queries_of_an_import(cast, 30)
    assert ten == thirty
    if connection.vendor == "postgresql":
        # The file's savepoint (2); the catalogue (2), this company's consultants by e-mail (1), the
        # addresses taken (1); one batch: its savepoint (2), accounts, profiles, skills, history (4);
        # matching told of the consultants changed (2).
        assert thirty == 14


def test_the_history_of_an_imported_consultant_is_the_one_the_services_record(cast, catalogue):
    data_import(kind="consultants", name="f.csv", content=_rows(1), company=cast.a.company, by=cast.a.manager)
    imported = Consultant.objects.get(user__email="p0@example.com")
    by_hand = consultant_create(
        company=cast.b.company,
        first_name="Prénom0",
        last_name="Nom0",
        email="p0@example.org",
        by=cast.b.manager,
        title="Dev 0",
        daily_rate=500.0,
        remote_work=True,
        availability_status="available",
    )
    consultant_skill_set(
        consultant=by_hand, skill=catalogue["Python"], proficiency_level="expert", years_experience=0, by=cast.b.manager
    )
    consultant_skill_set(
        consultant=by_hand, skill=catalogue["PostgreSQL"], proficiency_level="beginner", by=cast.b.manager
    )

    def trail(consultant, manager):
        records = ChangeRecord.objects.filter(object_kind="consultant", object_id=consultant.pk).order_by("pk")
        assert {(record.company_id, record.actor_id) for record in records} == {(consultant.company_id, manager.pk)}
        return [(record.action, record.subject, record.changes) for record in records]

    expected = trail(by_hand, cast.b.manager)
    expected[0][2]["email"] = [None, "p0@example.com"]
    assert trail(imported, cast.a.manager) == expected
    assert [action for action, _subject, _changes in expected] == ["created", "skill_added", "skill_added"]


@pytest.mark.postgres_only
def test_imported_consultants_have_their_full_search_document_with_their_skills(cast, catalogue):
    data_import(kind="consultants", name="f.csv", content=_rows(3), company=cast.a.company, by=cast.a.manager)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.search_vector = consultant_search_document(c), c.search_vector::text LIKE %s"
            " FROM consultants AS c WHERE c.company_id = %s",
            [f"%'#{catalogue['PostgreSQL'].pk}'%", cast.a.company.pk],
        )
        assert cursor.fetchall() == [(True, True)] * 3


def test_a_batch_the_database_refuses_is_reported_line_by_line_and_nothing_is_written(cast, catalogue):
    before = _state()

    def someone_takes_an_address_meanwhile(done: int, total: int) -> None:
        if done == 100:
            User.objects.create_user(
                "p142@example.com", first_name="Autre", last_name="Compte", company=cast.b.company, role=UserRole.SALES
            )

    report = data_import(
        kind="consultants",
        name="f.csv",
        content=_rows(150),
        company=cast.a.company,
        by=cast.a.manager,
        progress=someone_takes_an_address_meanwhile,
    )
    assert [(problem.line, problem.reasons) for problem in report.problems] == [
        (144, ["email: This e-mail address is not available: use another one."])
    ]
    assert (report.created, report.rejected, report.applied) == (149, 1, False)
    assert _state() == before


def test_the_progress_of_an_import_is_told_every_hundred_rows_and_at_the_end(cast, catalogue):
    seen = []
    data_import(
        kind="consultants",
        name="f.csv",
        content=_rows(250),
        company=cast.a.company,
        by=cast.a.manager,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen == [(100, 250), (200, 250), (250, 250)]
