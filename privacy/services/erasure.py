"""Erasing a consultant's personal data (the right to erasure), keeping the pipeline's statistics.

The consultant's row stays — its matches, their moves and the counts of the pipeline hang on it —
but nothing personal is left on it or around it: the account (names, e-mail, phone, login history)
is deleted, the profile's fields emptied and its search document removed, the skills, CVs,
dossiers (rows and files), consents and the profile's change history deleted, the free-text notes
of its matches and their moves emptied. Suggestions are not history: they go too, as the consultant
can no longer be proposed. What stays reads "Erased consultant #id".
"""

from __future__ import annotations

from dataclasses import dataclass

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from collaborations.models import CollaborationSharing
from consultants.cache import consultants_invalidate
from consultants.models import AvailabilityStatus, Consultant, ConsultantSkill, Resume
from history.models import ChangeRecord
from history.services import record_change, register_action
from matching.models import Match, MatchEvent, MatchStatus, Portfolio
from privacy.models import ConsentRecord
from talentmatch import access, events, tenancy
from talentmatch.models import User, UserRole
from talentmatch.storage import private_delete

ERASED = "erased"
register_action(ERASED, gettext_lazy("Personal data erased"))

# The profile's fields once erased: nothing about the person, nothing that ranks them anywhere.
ERASED_FIELDS = {
    "title": "—",
    "experience_years": None,
    "availability_status": AvailabilityStatus.UNAVAILABLE,
    "availability_date": None,
    "hourly_rate": None,
    "daily_rate": None,
    "bio": None,
    "location": None,
    "remote_work": False,
    "max_travel_distance": None,
    "profile_picture_url": None,
    "search_vector": None,
    "sort_name": None,
    "sharing_excluded": True,
    "left_on": None,
}


@dataclass
class Erasure:
    consultant: Consultant
    files: list[str]
    counts: dict[str, int]


@transaction.atomic
def consultant_erase(*, consultant: Consultant, by: User) -> Erasure:
    """Erase the consultant's personal data (see the module's docstring); the files are deleted
    once the transaction commits. `by` holds PERSONAL_DATA_ERASE and sees the consultant."""
    if not (
        access.can(by, access.Capability.PERSONAL_DATA_ERASE)
        and Consultant.objects.visible_to(by).filter(pk=consultant.pk).exists()
    ):
        raise PermissionDenied
    consultant = Consultant.objects.select_for_update(of=("self",)).select_related("user").get(pk=consultant.pk)
    if consultant.erased_at is not None:
        raise ValidationError(_("This consultant's personal data has already been erased."))
    if consultant.user_id is not None and consultant.user_id == by.pk:
        raise ValidationError(_("You cannot erase your own data: ask another manager."))
    resumes = Resume.objects.filter(consultant=consultant)
    portfolios = Portfolio.objects.filter(consultant=consultant)
    files = sorted(
        {
            path
            for path in [
                *resumes.values_list("file_path", flat=True),
                *portfolios.values_list("file_path", flat=True),
                *portfolios.values_list("docx_path", flat=True),
            ]
            if path
        }
    )
    matches = Match.objects.filter(consultant=consultant)
    counts = {
        "resumes": resumes.delete()[0],
        "portfolios": portfolios.delete()[0],
        "skills": ConsultantSkill.objects.filter(consultant=consultant).delete()[0],
        "consents": ConsentRecord.objects.filter(consultant=consultant).delete()[0],
        "selections": CollaborationSharing.selection.through.objects.filter(consultant=consultant).delete()[0],
        "suggestions": matches.filter(status=MatchStatus.SUGGESTED).delete()[0],
        "history": ChangeRecord.objects.filter(object_kind="consultant", object_id=consultant.pk).delete()[0],
    }
    matches.update(notes=None, breakdown={}, breakdown_fingerprint=None)
    MatchEvent.objects.filter(match__consultant=consultant).update(note="")
    user = consultant.user
    Consultant.objects.filter(pk=consultant.pk).update(user=None, erased_at=timezone.now(), **ERASED_FIELDS)
    if user is not None:
        if user.role == UserRole.CONSULTANT:
            for model in (AccessAttempt, AccessFailureLog, AccessLog):
                model.objects.filter(username__iexact=user.email).delete()
            user.delete()
            counts["account"] = 1
        else:  # an account with another role is someone's login: it is unlinked, not deleted
            counts["account"] = 0
    record_change(obj=consultant, action=ERASED, actor=by, changes={})
    consultants_invalidate([consultant.pk])
    events.consultant_changed([consultant.pk])
    events.pool_changed(tenancy.partner_company_ids(consultant.company_id))
    transaction.on_commit(lambda: [private_delete(path) for path in files])
    consultant.refresh_from_db()
    return Erasure(consultant=consultant, files=files, counts=counts)
