"""Calls for tenders and the skills they ask for."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from consultants.models import ProficiencyLevel, Skill
from talentmatch import access, limits
from talentmatch.constraints import choices_check, not_negative
from talentmatch.models import Company, TimestampedModel, User


class TenderQuerySet(models.QuerySet):
    def visible_to(self, user) -> "TenderQuerySet":
        """The tenders of the user's company (all of them for the platform administrator)."""
        if not access.can(user, access.Capability.TENDER_VIEW):
            return self.none()
        if access.sees_all_companies(user):
            return self.all()
        return self.filter(company_id=access.company_id_of(user))

    def open(self) -> "TenderQuerySet":
        """Tenders that may still receive suggestions."""
        return self.filter(status__in=Tender.MATCHABLE_STATUSES)


class TenderStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class Tender(TimestampedModel):
    """A client's call for tenders, owned by the ESN that answers it."""

    Status = TenderStatus

    MATCHABLE_STATUSES = (Status.OPEN, Status.IN_PROGRESS)

    company = models.ForeignKey(Company, verbose_name=_("company"), on_delete=models.PROTECT, related_name="tenders")
    title = models.CharField(_("title"), max_length=255)
    client_name = models.CharField(_("client"), max_length=255)
    description = models.TextField(_("description"))
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    location = models.CharField(_("location"), max_length=255, null=True, blank=True)
    remote_work = models.BooleanField(_("remote work possible"), default=False, db_default=False)
    budget = models.FloatField(_("budget (€)"), null=True, blank=True, validators=limits.BUDGET)
    required_consultants = models.IntegerField(_("consultants required"), default=1, db_default=1)
    onsite_days_per_week = models.FloatField(
        _("on-site days per week"),
        null=True,
        blank=True,
        help_text=_("For a tender open to remote work: days a week on site (0 to 5). Empty: no constraint."),
    )
    reply_deadline = models.DateField(_("reply deadline"), null=True, blank=True)
    owner = models.ForeignKey(
        User,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_tenders",
        help_text=_("The salesperson of the company who answers this call."),
    )
    client_contact_name = models.CharField(_("client contact"), max_length=255, blank=True, default="", db_default="")
    client_contact_email = models.EmailField(
        _("client contact e-mail"), max_length=254, blank=True, default="", db_default=""
    )
    client_contact_phone = models.CharField(
        _("client contact phone"), max_length=30, blank=True, default="", db_default=""
    )
    skills = models.ManyToManyField(Skill, through="TenderSkill", related_name="tenders")

    objects = TenderQuerySet.as_manager()

    class Meta:
        db_table = "tenders"
        ordering = ["-created_at", "-pk"]
        verbose_name = _("tender")
        verbose_name_plural = _("tenders")
        constraints = [
            choices_check("tenders", "status", TenderStatus),
            not_negative("tenders", "budget"),
            models.CheckConstraint(condition=Q(required_consultants__gte=1), name="tenders_required_consultants_min_1"),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")) | Q(start_date__isnull=True) | Q(end_date__isnull=True),
                name="tenders_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(onsite_days_per_week__isnull=True)
                | Q(onsite_days_per_week__gte=0, onsite_days_per_week__lte=5),
                name="tenders_onsite_days_0_to_5",
            ),
        ]
        indexes = [
            models.Index(fields=["company", "status"], name="tenders_company_status_idx"),
            models.Index(fields=["status", "start_date"], name="tenders_status_start_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.client_name}"

    def clean(self) -> None:
        super().clean()
        # A form checks the fields before the company is set; the service's full_clean has it.
        if (
            self.owner_id is not None
            and self.company_id is not None
            and not is_tender_owner(self.owner, self.company_id)
        ):
            raise ValidationError({"owner": _("The owner must be an active salesperson or manager of the company.")})


def owner_roles() -> list[str]:
    """The roles of a company that may own its tenders: those that create and change them."""
    return [
        role
        for role, capabilities in access.ROLE_CAPABILITIES.items()
        if access.Capability.TENDER_CHANGE in capabilities and role != User.Role.ADMIN
    ]


def is_tender_owner(user: User, company_id: int | None) -> bool:
    return user.is_active and user.company_id == company_id and user.role in owner_roles()


class TenderSkillImportance(models.TextChoices):
    REQUIRED = "required", _("Required")
    PREFERRED = "preferred", _("Preferred")
    NICE_TO_HAVE = "nice_to_have", _("Nice to have")


class TenderSkill(TimestampedModel):
    """A skill a tender asks for, with its importance and an optional minimum level."""

    Importance = TenderSkillImportance

    tender = models.ForeignKey(Tender, verbose_name=_("tender"), on_delete=models.CASCADE, related_name="tender_skills")
    skill = models.ForeignKey(Skill, verbose_name=_("skill"), on_delete=models.PROTECT, related_name="+")
    importance = models.CharField(
        _("importance"), max_length=50, choices=Importance.choices, default=Importance.REQUIRED
    )
    minimum_level = models.CharField(
        _("minimum level"), max_length=20, choices=ProficiencyLevel.choices, null=True, blank=True
    )
    details = models.TextField(_("details"), null=True, blank=True)

    class Meta:
        db_table = "tender_skills"
        ordering = ["tender", "importance", "skill__name"]
        verbose_name = _("tender skill")
        verbose_name_plural = _("tender skills")
        constraints = [
            models.UniqueConstraint(fields=["tender", "skill"], name="tender_skills_tender_skill_key"),
            choices_check("tender_skills", "importance", TenderSkillImportance),
            choices_check("tender_skills", "minimum_level", ProficiencyLevel, nullable=True),
        ]

    def __str__(self) -> str:
        return f"{self.skill} ({self.get_importance_display()})"
