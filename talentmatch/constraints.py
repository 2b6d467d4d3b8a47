"""Database constraints shared by every app's models."""

from django.db import models
from django.db.models import Q


def choices_check(table: str, field: str, choices: type[models.TextChoices], *, nullable: bool = False):
    """A CHECK constraint that keeps `field` within the documented enum values, as the seed's ENUM did."""
    condition = Q(**{f"{field}__in": choices.values})
    if nullable:
        condition |= Q(**{f"{field}__isnull": True})
    return models.CheckConstraint(condition=condition, name=f"{table}_{field}_valid")


def not_negative(table: str, field: str):
    """A CHECK constraint that allows NULL or a value ≥ 0."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": 0}) | Q(**{f"{field}__isnull": True}),
        name=f"{table}_{field}_not_negative",
    )
