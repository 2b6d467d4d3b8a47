"""The fixed cast shared by every test: two companies, one user per role in each, a platform admin."""

import os
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.db import connection

from talentmatch.models import Company, User, UserRole
from talentmatch.tests.factories import CompanyFactory, UserFactory

PASSWORD = "correct-horse-battery"


@dataclass
class Side:
    company: Company
    manager: User
    recruiter: User
    sales: User
    consultant_user: User

    def user(self, role: str) -> User:
        return {
            "manager": self.manager,
            "recruiter": self.recruiter,
            "sales": self.sales,
            "consultant": self.consultant_user,
        }[role]


@dataclass
class Cast:
    a: Side
    b: Side
    admin: User


def _side(name: str, prefix: str) -> Side:
    company = CompanyFactory(name=name)
    users = {
        role: UserFactory(
            email=f"{role}@{prefix}.test", company=company, role=role, first_name=role.title(), last_name=name
        )
        for role in (UserRole.MANAGER, UserRole.RECRUITER, UserRole.SALES, UserRole.CONSULTANT)
    }
    return Side(company, users["manager"], users["recruiter"], users["sales"], users["consultant"])


REAL_PASSWORD_HASHERS = list(settings.PASSWORD_HASHERS)


@pytest.fixture(autouse=True)
def _no_warm_pools_across_tests():
    """Each test's data is rolled back (and SQLite reuses ids): a pool kept warm by an earlier test
    is not this test's. Within a test, the warm pools follow the writes as in production."""
    from matching.store import warm

    warm.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 costs ~0.3 s per hash; tests about hashing itself restore REAL_PASSWORD_HASHERS."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *REAL_PASSWORD_HASHERS]


@pytest.fixture
def cast(db) -> Cast:
    return Cast(
        a=_side("Alpha Conseil", "alpha"),
        b=_side("Beta Services", "beta"),
        admin=UserFactory(
            email="admin@platform.test", role=UserRole.ADMIN, company=None, first_name="Ada", last_name="Admin"
        ),
    )


def pytest_collection_modifyitems(config, items):
    """`postgres_only` tests skip on SQLite, or fail when TALENTMATCH_REQUIRE_POSTGRES is set (CI);
    `once_in_ci` tests skip in CI's SQLite run (they would check the same thing twice)."""
    for item in items:
        if item.get_closest_marker("postgres_only"):
            item.fixturenames.append("_require_postgres")
        if item.get_closest_marker("once_in_ci"):
            item.fixturenames.append("_once_in_ci")


@pytest.fixture
def _once_in_ci():
    if os.environ.get("CI") and connection.vendor != "postgresql":
        pytest.skip("Independent of the database: CI runs it in its PostgreSQL run")


@pytest.fixture
def _require_postgres(db):
    if connection.vendor == "postgresql":
        return
    if settings.TALENTMATCH_REQUIRE_POSTGRES:
        pytest.fail("This test needs PostgreSQL and TALENTMATCH_REQUIRE_POSTGRES is set.")
    pytest.skip("PostgreSQL only")
