"""The consultant's consent: to being proposed to clients (dossiers) and to being shared with partners.

A company that sets `Company.consent_required` shares a consultant with partners, and puts them in a
dossier, only while the consultant's latest recorded answer for that purpose is a yes. The records
themselves are written by privacy.services.consent_record; this module holds the rule every gate
applies (talentmatch.tenancy for sharing, matching's dossiers, collaborations' selections).

Like tenancy, it sits on the platform floor and reaches the privacy model through the app registry
when a rule runs, so every app may import it at module level.
"""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Purpose(models.TextChoices):
    PROPOSAL = "proposal", gettext_lazy("Being proposed to clients")
    PARTNER_SHARING = "partner_sharing", gettext_lazy("Being shared with partner companies")


def _record_model():
    return apps.get_model("privacy", "ConsentRecord")


def given_ids(purpose: str):
    """The consultants whose current answer for `purpose` is a yes, as a subquery of ids."""
    return _record_model().objects.filter(purpose=purpose, is_current=True, granted=True).values("consultant_id")


def given_q(purpose: str, prefix: str = "") -> Q:
    """Consultants (fields looked up through `prefix`, e.g. "consultant__") who consent to `purpose`."""
    return Q(**{f"{prefix}pk__in": given_ids(purpose)})


def is_given(consultant, purpose: str) -> bool:
    return (
        _record_model()
        .objects.filter(consultant_id=consultant.pk, purpose=purpose, is_current=True, granted=True)
        .exists()
    )


def is_missing(consultant, purpose: str) -> bool:
    """True when the consultant's company requires consent and the consultant has not given it, or
    when the consultant's personal data has been erased (nobody is left to consent)."""
    if consultant.erased_at is not None:
        return True
    company = consultant.company
    return bool(company.consent_required) and not is_given(consultant, purpose)


def require(consultant, purpose: str) -> None:
    """Raise a ValidationError that says what to do when the consent `purpose` needs is missing."""
    if not is_missing(consultant, purpose):
        return
    if consultant.erased_at is not None:
        raise ValidationError(_("This consultant's personal data has been erased."), code="erased")
    if purpose == Purpose.PROPOSAL:
        message = _(
            "%(name)s has not consented to being proposed to clients: record their consent on their "
            "privacy page before generating a dossier."
        )
    else:
        message = _(
            "%(name)s has not consented to being shared with partner companies: record their consent on "
            "their privacy page first."
        )
    raise ValidationError(message % {"name": consultant.full_name or consultant.title}, code="consent_missing")
