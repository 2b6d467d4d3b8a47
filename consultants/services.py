"""Every write on consultants and their skills goes through these functions."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from consultants.models import Consultant, ConsultantSkill, Skill
from talentmatch.models import Company, User, UserRole

CONSULTANT_FIELDS = (
    "title",
    "experience_years",
    "availability_status",
    "availability_date",
    "hourly_rate",
    "daily_rate",
    "bio",
    "location",
    "remote_work",
    "max_travel_distance",
    "profile_picture_url",
)


@transaction.atomic
def consultant_create(
    *, company: Company, first_name: str, last_name: str, email: str, phone: str = "", **fields
) -> Consultant:
    """Create a consultant and the user account that carries their name and e-mail.

    The account has the consultant role and no usable password until the consultant is invited.
    """
    unknown = set(fields) - set(CONSULTANT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown consultant fields: {sorted(unknown)}")
    email = User.objects.normalize_email(email).strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("A user with this e-mail address already exists.")})
    user = User(
        email=email, first_name=first_name, last_name=last_name, phone=phone, role=UserRole.CONSULTANT, company=company
    )
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    consultant = Consultant(user=user, company=company, **fields)
    consultant.full_clean()
    consultant.save()
    return consultant


@transaction.atomic
def consultant_skill_set(
    *,
    consultant: Consultant,
    skill: Skill,
    proficiency_level: str,
    years_experience: int | None = None,
    details: str | None = None,
) -> ConsultantSkill:
    """Declare a skill for a consultant, or update its level and years if already declared."""
    consultant_skill, _created = ConsultantSkill.objects.update_or_create(
        consultant=consultant,
        skill=skill,
        defaults={"proficiency_level": proficiency_level, "years_experience": years_experience, "details": details},
    )
    consultant_skill.full_clean()
    return consultant_skill
