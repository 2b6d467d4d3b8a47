"""Case-insensitive lookups on the columns indexed on lower(column) go through that index: Django's
`iexact` compiles to UPPER(column) = UPPER(value), which no index serves (a sequential scan of every
user on every lookup)."""

import pytest
from django.db import connection

from consultants.models import SkillAlias
from consultants.tests.factories import SkillFactory
from talentmatch.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.postgres_only]


def _plan(queryset) -> str:
    """The plan of `queryset` with sequential scans made as costly as the planner allows, so that a
    usable index is always taken and an unusable one shows as a sequential scan."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET LOCAL enable_seqscan = on")
    return plan


def test_an_email_lookup_ignoring_case_uses_the_lower_email_index(cast):
    assert "users_email_ci_key" in _plan(User.objects.filter(email__lower_exact="Manager.A@Example.COM"))
    assert "Seq Scan" in _plan(User.objects.filter(email__iexact="Manager.A@Example.COM"))


def test_an_email_lookup_ignoring_case_finds_the_account_whatever_the_case(cast):
    email = cast.a.manager.email
    assert list(User.objects.filter(email__lower_exact=email.upper())) == [cast.a.manager]
    assert User.objects.get_by_natural_key(email.swapcase()) == cast.a.manager


def test_an_alias_lookup_ignoring_case_uses_the_lower_alias_index():
    SkillAlias.objects.create(skill=SkillFactory(name="PostgreSQL"), alias="Postgres")
    queryset = SkillAlias.objects.filter(alias__lower_exact="POSTGRES")
    assert "skill_aliases_alias_ci_key" in _plan(queryset)
    assert [alias.alias for alias in queryset] == ["Postgres"]
