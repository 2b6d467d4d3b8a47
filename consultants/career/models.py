"""A consultant's career: missions and jobs, education, certifications and spoken languages.

Registered in the consultants app (imported by consultants.models); the consultant and the catalogue
skill are named by string so that this module imports nothing of consultants.models.
"""

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from talentmatch.constraints import choices_check


class Experience(models.Model):
    """A mission at a client or a job at an employer; an empty end date is an ongoing one."""

    consultant = models.ForeignKey(
        "consultants.Consultant", verbose_name=_("consultant"), on_delete=models.CASCADE, related_name="experiences"
    )
    employer = models.CharField(_("client or employer"), max_length=255)
    sector = models.CharField(_("sector"), max_length=120, blank=True, default="")
    role = models.CharField(_("role"), max_length=255)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True, help_text=_("Empty while it goes on."))
    description = models.TextField(_("description"), blank=True, default="")
    location = models.CharField(_("place"), max_length=255, blank=True, default="")
    skills = models.ManyToManyField(
        "consultants.Skill", verbose_name=_("skills used"), blank=True, related_name="+", db_table="experience_skills"
    )

    class Meta:
        db_table = "consultant_experiences"
        ordering = [F("end_date").desc(nulls_first=True), "-start_date", "pk"]
        verbose_name = _("experience")
        verbose_name_plural = _("experiences")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="consultant_experiences_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.role} — {self.employer}"


class Education(models.Model):
    consultant = models.ForeignKey(
        "consultants.Consultant", verbose_name=_("consultant"), on_delete=models.CASCADE, related_name="education"
    )
    school = models.CharField(_("school"), max_length=255)
    degree = models.CharField(_("degree"), max_length=255)
    field = models.CharField(_("field of study"), max_length=255, blank=True, default="")
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True)

    class Meta:
        db_table = "consultant_education"
        ordering = [F("end_year").desc(nulls_first=True), "pk"]
        verbose_name = _("education")
        verbose_name_plural = _("education")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True) | Q(start_year__isnull=True) | Q(end_year__gte=F("start_year")),
                name="consultant_education_years_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.degree} — {self.school}"


class Certification(models.Model):
    consultant = models.ForeignKey(
        "consultants.Consultant",
        verbose_name=_("consultant"),
        on_delete=models.CASCADE,
        related_name="certifications",
    )
    name = models.CharField(_("name"), max_length=255)
    issuer = models.CharField(_("issuer"), max_length=255, blank=True, default="")
    obtained_on = models.DateField(_("obtained on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)

    class Meta:
        db_table = "consultant_certifications"
        ordering = [F("obtained_on").desc(nulls_last=True), "name", "pk"]
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(obtained_on__isnull=True)
                | Q(expires_on__gte=F("obtained_on")),
                name="consultant_certifications_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name


class LanguageLevel(models.TextChoices):
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"
    NATIVE = "native", _("Native")


class SpokenLanguage(models.Model):
    """A language the consultant speaks, at a CEFR level (A1–C2) or as their mother tongue."""

    Level = LanguageLevel

    consultant = models.ForeignKey(
        "consultants.Consultant", verbose_name=_("consultant"), on_delete=models.CASCADE, related_name="languages"
    )
    language = models.CharField(_("language"), max_length=100)
    level = models.CharField(_("level"), max_length=10, choices=LanguageLevel.choices)

    class Meta:
        db_table = "consultant_languages"
        ordering = ["pk"]
        verbose_name = _("spoken language")
        verbose_name_plural = _("spoken languages")
        constraints = [
            models.UniqueConstraint("consultant", Lower("language"), name="consultant_languages_language_key"),
            choices_check("consultant_languages", "level", LanguageLevel),
        ]

    def __str__(self) -> str:
        return f"{self.language} ({self.get_level_display()})"
