"""What the constraint tests share: the constraints the project's models declare, and assertions that a
direct write is refused by the named constraint and leaves the table as it was."""

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.db.models import UniqueConstraint

from collaborations.models import CollaborationSharing
from collaborations.tests.factories import CollaborationFactory

PROJECT_APPS = ["talentmatch", "consultants", "tenders", "matching", "collaborations"]


def _declared_constraints() -> dict:
    return {
        constraint.name: (model, constraint)
        for app_label in PROJECT_APPS
        for model in apps.get_app_config(app_label).get_models()
        for constraint in model._meta.constraints
    }


def _named_in_error(name: str) -> str:
    """What the database's error message says about the constraint `name`.

    PostgreSQL always names the constraint; SQLite names CHECK constraints and expression indexes
    but reports a plain UNIQUE constraint by its columns ("skills.name, skills.category").
    """
    model, constraint = _declared_constraints()[name]
    if connection.vendor == "sqlite" and isinstance(constraint, UniqueConstraint) and constraint.fields:
        table = model._meta.db_table
        return ", ".join(f"{table}.{model._meta.get_field(field).column}" for field in constraint.fields)
    return name


def assert_insert_refused(name: str, write) -> None:
    """`write` must fail on the constraint `name` and add no row to its table."""
    model = _declared_constraints()[name][0]
    before = model.objects.count()
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        write()
    assert _named_in_error(name) in str(error.value)
    assert model.objects.count() == before


def assert_update_refused(name: str, instance, **values) -> None:
    """Updating `instance` with `values` must fail on the constraint `name` and change nothing."""
    model = type(instance)
    rows = model.objects.filter(pk=instance.pk)
    before = list(rows.values(*values))
    count = model.objects.count()
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        rows.update(**values)
    assert _named_in_error(name) in str(error.value)
    assert list(rows.values(*values)) == before
    assert model.objects.count() == count


def _collaboration_sharing() -> CollaborationSharing:
    collaboration = CollaborationFactory()
    return CollaborationSharing.objects.create(collaboration=collaboration, company=collaboration.partner_company)
