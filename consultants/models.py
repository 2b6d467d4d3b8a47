"""The skill catalogue, consultants, their skills and their CVs."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from consultants.names import reads_french, skill_display_name
from talentmatch import access, limits, tenancy
from talentmatch.constraints import choices_check, not_negative
from talentmatch.models import Company, TimestampedModel


class ProficiencyLevel(models.TextChoices):
    BEGINNER = "beginner", _("Beginner")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")
    EXPERT = "expert", _("Expert")


# Ordinal of each level, 1 (beginner) to 4 (expert), for comparisons and scoring.
PROFICIENCY_RANK = {level: rank for rank, level in enumerate(ProficiencyLevel.values, start=1)}


class SkillQuerySet(models.QuerySet):
    def visible_to(self, user) -> "SkillQuerySet":
        """The catalogue is shared by every company; anyone with SKILL_VIEW reads all of it."""
        if not access.can(user, access.Capability.SKILL_VIEW):
            return self.none()
        return self.all()


class SkillCategory(models.TextChoices):
    PROGRAMMING_LANGUAGE = "programming_language", _("Programming language")
    FRAMEWORK = "framework", _("Framework")
    DATABASE = "database", _("Database")
    CLOUD = "cloud", _("Cloud")
    DEVOPS = "devops", _("DevOps")
    METHODOLOGY = "methodology", _("Methodology")
    SOFT_SKILL = "soft_skill", _("Soft skill")
    OTHER = "other", _("Other")


class Skill(TimestampedModel):
    """An entry of the shared skill catalogue, unique by (name, category) since the seed's migration 003."""

    Category = SkillCategory

    # The canonical (English) name is the key: imports, exports and the catalogue file match on it.
    name = models.CharField(_("name"), max_length=255)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    description = models.TextField(_("description"), null=True, blank=True)
    # Shown instead of `name` and `description` on French pages when set; the name only where French differs.
    name_fr = models.CharField(_("French name"), max_length=255, blank=True, default="", db_default="")
    description_fr = models.TextField(_("French description"), blank=True, default="", db_default="")
    related_skills = models.ManyToManyField(
        "self", verbose_name=_("related skills"), blank=True, db_table="skill_relations"
    )

    objects = SkillQuerySet.as_manager()

    class Meta:
        db_table = "skills"
        ordering = ["name"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        constraints = [
            models.UniqueConstraint(fields=["name", "category"], name="skills_name_category_key"),
            choices_check("skills", "category", SkillCategory),
        ]
        indexes = [models.Index(fields=["category"], name="skills_category_idx")]

    def __str__(self) -> str:
        return self.name

    def display_name(self, language: str | None = None) -> str:
        """The name for a reader of `language` (default: the active one): French when there is one."""
        return skill_display_name(self.name, self.name_fr, language)

    @property
    def label(self) -> str:
        """The name in the active language (`display_name()`), for templates."""
        return self.display_name()

    @property
    def localized_description(self) -> str:
        """The description in the active language, the English one when no French one is written."""
        if self.description_fr and reads_french():
            return self.description_fr
        return self.description or ""


class SkillAlias(models.Model):
    """Another name for a catalogue skill ("JS" for JavaScript, "Postgres" for PostgreSQL)."""

    skill = models.ForeignKey(Skill, verbose_name=_("skill"), on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(_("alias"), max_length=255)

    class Meta:
        db_table = "skill_aliases"
        ordering = ["alias"]
        verbose_name = _("skill alias")
        verbose_name_plural = _("skill aliases")
        constraints = [models.UniqueConstraint(models.functions.Lower("alias"), name="skill_aliases_alias_ci_key")]

    def __str__(self) -> str:
        return self.alias


class ConsultantQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ConsultantQuerySet":
        """Consultants the user may see: their company's, or only their own profile for a consultant."""
        if not access.can(user, access.Capability.CONSULTANT_VIEW):
            return self.none()
        scope = tenancy.viewer_scope(user)
        if scope.kind == scope.ALL:
            return self.all()
        if scope.kind == scope.SELF:
            return self.filter(user=user)
        return self.filter(company_id=scope.id)

    def shared_with(self, user, links=None) -> "ConsultantQuerySet":
        """Partner companies' consultants shared with the user's company right now (see
        talentmatch.tenancy), for the roles that work with partners; never the user's own company's."""
        if not access.can(user, access.Capability.COLLABORATION_VIEW) or access.company_id_of(user) is None:
            return self.none()
        links = tenancy.links_to(access.company_id_of(user)) if links is None else links
        if not links:
            return self.none()
        return self.filter(tenancy.shared_q(links))

    def free_on(self, day) -> "ConsultantQuerySet":
        """Consultants on the bench on `day` (partially available ones included), by the rule of
        matching/dashboard/forecast.py: free from their availability date, or now for the available
        and partially available ones without one; those who left by then are not."""
        free = Q(availability_date__lte=day) | Q(
            availability_date__isnull=True,
            availability_status__in=[AvailabilityStatus.AVAILABLE, AvailabilityStatus.PARTIALLY_AVAILABLE],
        )
        return self.filter(free).exclude(left_on__lte=day)

    def with_people(self) -> "ConsultantQuerySet":
        """With the user (name, e-mail) and company; the search document stays in the database."""
        return self.select_related("user", "company").defer("search_vector")


class AvailabilityStatus(models.TextChoices):
    AVAILABLE = "available", _("Available")
    PARTIALLY_AVAILABLE = "partially_available", _("Partially available")
    UNAVAILABLE = "unavailable", _("Unavailable")
    ON_MISSION = "on_mission", _("On mission")


class Consultant(TimestampedModel):
    """A consultant of an ESN. Name, e-mail and phone live on the linked user account (seed 2.2.1)."""

    AvailabilityStatus = AvailabilityStatus

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        # An erasure (privacy.services.consultant_erase) deletes the account and keeps the profile,
        # anonymised, so that the pipeline's history and counts stay.
        on_delete=models.SET_NULL,
        related_name="consultant_profile",
        null=True,
        blank=True,
    )
    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.PROTECT, related_name="consultants"
    )
    title = models.CharField(_("title"), max_length=255)
    experience_years = models.IntegerField(
        _("years of experience"), null=True, blank=True, validators=limits.EXPERIENCE_YEARS
    )
    availability_status = models.CharField(
        _("availability"),
        max_length=30,
        choices=AvailabilityStatus.choices,
        default=AvailabilityStatus.AVAILABLE,
    )
    availability_date = models.DateField(_("available from"), null=True, blank=True)
    hourly_rate = models.FloatField(_("hourly rate (€)"), null=True, blank=True, validators=limits.HOURLY_RATE)
    daily_rate = models.FloatField(_("daily rate (€)"), null=True, blank=True, validators=limits.DAILY_RATE)
    bio = models.TextField(_("biography"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=255, null=True, blank=True)
    remote_work = models.BooleanField(_("open to remote work"), default=False, db_default=False)
    max_travel_distance = models.IntegerField(_("maximum travel distance (km)"), null=True, blank=True)
    profile_picture_url = models.URLField(_("profile picture URL"), max_length=255, null=True, blank=True)
    skills = models.ManyToManyField(Skill, through="ConsultantSkill", related_name="consultants")
    # PostgreSQL full-text document (names, title, skill names and aliases, one exact lexeme per held
    # skill, bio), kept by database triggers on every write of the row, its account, its skills and the
    # catalogue (migration 0008; see consultants.search); its GIN index is created by migration 0002.
    # Always NULL on SQLite, where the list page searches without it.
    search_vector = SearchVectorField(null=True, editable=False)
    # The account's "last first" name, folded (talentmatch.text.name_sort_key), for the list's
    # default order through an index; written by the services that write a name (`consultant_create`,
    # `consultant_update`, and `consultant_names_refresh` after an account write). NULL without an account.
    sort_name = models.CharField(max_length=301, null=True, blank=True, editable=False)
    # The owner's veto: never shared with partner companies, whatever the collaborations say.
    sharing_excluded = models.BooleanField(_("excluded from sharing with partners"), default=False, db_default=False)
    # The day the consultant left the company (empty while they work there): the retention period of
    # their CVs and dossiers (PRIVACY_RESUME_RETENTION_MONTHS) runs from it.
    left_on = models.DateField(_("left the company on"), null=True, blank=True)
    # Set by the erasure of the person's data: the row stays, anonymised, for the pipeline's statistics.
    erased_at = models.DateTimeField(_("personal data erased on"), null=True, blank=True, editable=False)

    objects = ConsultantQuerySet.as_manager()

    class Meta:
        db_table = "consultants"
        ordering = ["sort_name", "pk"]
        verbose_name = _("consultant")
        verbose_name_plural = _("consultants")
        constraints = [
            choices_check("consultants", "availability_status", AvailabilityStatus),
            not_negative("consultants", "experience_years"),
            not_negative("consultants", "hourly_rate"),
            not_negative("consultants", "daily_rate"),
            not_negative("consultants", "max_travel_distance"),
        ]
        indexes = [
            models.Index(fields=["company", "availability_status"], name="consultants_company_avail_idx"),
            models.Index(fields=["availability_date"], name="consultants_avail_date_idx"),
            # One per order of the consultant list, so that a page of 100,000 rows is read, not sorted.
            models.Index(fields=["company", "sort_name", "id"], name="consultants_sort_name_idx"),
            models.Index(fields=["company", "daily_rate", "id"], name="consultants_rate_asc_idx"),
            # "Highest rate" and "soonest available" place NULLs where an ascending index does not:
            # their indexes exist on PostgreSQL only (migration 0004), as SQLite cannot index NULLS FIRST/LAST.
        ]

    def __str__(self) -> str:
        return self.full_name or self.title

    @property
    def full_name(self) -> str:
        if self.erased_at is not None:
            return str(_("Erased consultant #%(id)s") % {"id": self.pk})
        return self.user.full_name if self.user_id else ""

    @property
    def email(self) -> str:
        return self.user.email if self.user_id else ""


class ConsultantSkill(TimestampedModel):
    consultant = models.ForeignKey(
        Consultant, verbose_name=_("consultant"), on_delete=models.CASCADE, related_name="consultant_skills"
    )
    skill = models.ForeignKey(Skill, verbose_name=_("skill"), on_delete=models.PROTECT, related_name="+")
    proficiency_level = models.CharField(_("level"), max_length=20, choices=ProficiencyLevel.choices)
    years_experience = models.IntegerField(
        _("years of experience"), null=True, blank=True, validators=limits.EXPERIENCE_YEARS
    )
    details = models.TextField(_("details"), null=True, blank=True)

    class Meta:
        db_table = "consultant_skills"
        ordering = ["skill__name"]
        verbose_name = _("consultant skill")
        verbose_name_plural = _("consultant skills")
        constraints = [
            models.UniqueConstraint(fields=["consultant", "skill"], name="consultant_skills_consultant_skill_key"),
            choices_check("consultant_skills", "proficiency_level", ProficiencyLevel),
            not_negative("consultant_skills", "years_experience"),
        ]
        indexes = [models.Index(fields=["skill", "proficiency_level"], name="consultant_skills_skill_idx")]

    def __str__(self) -> str:
        return f"{self.skill} ({self.get_proficiency_level_display()})"


class ResumeStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    EXTRACTED = "extracted", _("Extracted")
    UNREADABLE = "unreadable", _("Unreadable")
    FAILED = "failed", _("Failed")


class Resume(TimestampedModel):
    """A CV file of a consultant; `version` counts up per consultant."""

    Status = ResumeStatus

    consultant = models.ForeignKey(
        Consultant, verbose_name=_("consultant"), on_delete=models.CASCADE, related_name="resumes"
    )
    file_path = models.CharField(_("file path"), max_length=255)
    file_type = models.CharField(_("file type"), max_length=50)
    version = models.IntegerField(_("version"), default=1, db_default=1)
    extracted_data = models.TextField(_("extracted data"), null=True, blank=True)
    # Text extraction's outcome: queued until the task has run; an unreadable CV keeps no text.
    status = models.CharField(
        _("status"), max_length=20, choices=ResumeStatus.choices, default=ResumeStatus.QUEUED, db_default="queued"
    )
    # Skills found in the text: [{"skill": id, "years": int | null, "state": "pending" | "accepted" | "ignored"}].
    skill_suggestions = models.JSONField(_("skill suggestions"), default=list, blank=True)
    # Career entries read in the text, for review: [{"id": int, "kind": a CAREER_KINDS key,
    # "values": {field: value, dates in ISO}, "skills": [skill ids], "lines": [source lines],
    # "state": "pending" | "accepted" | "ignored"}].
    career_suggestions = models.JSONField(_("career suggestions"), default=list, blank=True)

    class Meta:
        db_table = "resumes"
        ordering = ["consultant", "-version"]
        verbose_name = _("CV")
        verbose_name_plural = _("CVs")
        constraints = [
            models.UniqueConstraint(fields=["consultant", "version"], name="resumes_consultant_version_key"),
            models.CheckConstraint(condition=Q(version__gte=1), name="resumes_version_positive"),
            choices_check("resumes", "status", ResumeStatus),
        ]

    def __str__(self) -> str:
        return f"{self.consultant} — v{self.version}"


class SkillProposalQuerySet(models.QuerySet):
    def visible_to(self, user) -> "SkillProposalQuerySet":
        """The platform admin reviews every company's proposals; a manager follows their company's."""
        if access.sees_all_companies(user):
            return self.all()
        if not access.can(user, access.Capability.SKILL_PROPOSE) or access.company_id_of(user) is None:
            return self.none()
        return self.filter(company_id=access.company_id_of(user))


class SkillProposalStatus(models.TextChoices):
    PENDING = "pending", _("Pending review")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class SkillProposal(TimestampedModel):
    """A company's request to add a skill to the shared catalogue, which only the platform admin
    edits: accepted, it becomes a skill through the catalogue's own service."""

    company = models.ForeignKey(Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="+")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=255)
    category = models.CharField(_("category"), max_length=30, choices=SkillCategory.choices)
    description = models.TextField(_("description"), blank=True, default="")
    aliases = models.JSONField(_("aliases"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SkillProposalStatus.choices, default=SkillProposalStatus.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True, default="")
    skill = models.ForeignKey(
        Skill, verbose_name=_("skill"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = SkillProposalQuerySet.as_manager()

    class Meta:
        db_table = "skill_proposals"
        ordering = ["status", "-created_at", "-pk"]
        verbose_name = _("skill proposal")
        verbose_name_plural = _("skill proposals")
        constraints = [
            choices_check("skill_proposals", "status", SkillProposalStatus),
            choices_check("skill_proposals", "category", SkillCategory),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.status})"


# A consultant's career lives in its own module, registered here with the app's other models.
from consultants.career.models import (  # noqa: E402, F401
    Certification,
    Education,
    Experience,
    LanguageLevel,
    SpokenLanguage,
)
