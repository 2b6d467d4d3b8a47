"""What the privacy app keeps: the consultants' consent records and the access log of personal data."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultants.models import Consultant
from talentmatch import access
from talentmatch.consent import Purpose
from talentmatch.constraints import choices_check
from talentmatch.events import DataAccessKind
from talentmatch.models import Company


class ConsentRecordQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ConsentRecordQuerySet":
        """The records of the consultants the user may see (a consultant: their own)."""
        return self.filter(consultant__in=Consultant.objects.visible_to(user))


class ConsentRecord(models.Model):
    """One answer of a consultant about one purpose, with who recorded it and when. Records are
    never rewritten: a new answer becomes the current one and the previous ones stay as history."""

    Purpose = Purpose

    consultant = models.ForeignKey(
        Consultant, verbose_name=_("consultant"), on_delete=models.CASCADE, related_name="consent_records"
    )
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    granted = models.BooleanField(_("consent given"))
    note = models.CharField(_("note"), max_length=255, blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded on"), default=timezone.now)
    # The latest answer for (consultant, purpose); the one the consent rule reads.
    is_current = models.BooleanField(_("current"), default=True)

    objects = ConsentRecordQuerySet.as_manager()

    class Meta:
        db_table = "consent_records"
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        constraints = [
            choices_check("consent_records", "purpose", Purpose),
            models.UniqueConstraint(
                fields=["consultant", "purpose"], condition=Q(is_current=True), name="consent_records_current_key"
            ),
        ]
        indexes = [models.Index(fields=["purpose", "is_current", "granted"], name="consent_records_purpose_idx")]

    def __str__(self) -> str:
        return f"{self.consultant_id} {self.purpose}: {'yes' if self.granted else 'no'}"


class AccessKind(models.TextChoices):
    RESUME_DOWNLOAD = DataAccessKind.RESUME_DOWNLOAD, _("CV downloaded")
    PORTFOLIO_DOWNLOAD = DataAccessKind.PORTFOLIO_DOWNLOAD, _("Dossier downloaded")
    DATA_EXPORT = DataAccessKind.DATA_EXPORT, _("Data exported")
    PERSONAL_DATA_EXPORT = DataAccessKind.PERSONAL_DATA_EXPORT, _("Personal data downloaded")


class AccessLogQuerySet(models.QuerySet):
    def visible_to(self, user) -> "AccessLogQuerySet":
        """The log of the user's company, for those who manage its privacy; all of it for the admin."""
        if not access.can(user, access.Capability.PRIVACY_MANAGE):
            return self.none()
        if access.sees_all_companies(user):
            return self.all()
        return self.filter(company_id=access.company_id_of(user))


class AccessLogEntry(models.Model):
    """Who read which personal data, and when: a CV, a dossier, an export. Names no person in
    `detail`, so that an erasure leaves nothing personal here."""

    Kind = AccessKind

    id = models.BigAutoField(primary_key=True)
    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("what"), max_length=30, choices=AccessKind.choices)
    consultant = models.ForeignKey(
        Consultant,
        verbose_name=_("consultant"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="access_log_entries",
    )
    object_id = models.BigIntegerField(_("object id"), null=True, blank=True)
    detail = models.CharField(_("detail"), max_length=255, blank=True, default="")
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        db_table = "access_log"
        ordering = ["-created_at", "-pk"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        constraints = [choices_check("access_log", "kind", AccessKind)]
        indexes = [models.Index("company", models.F("created_at").desc(), name="access_log_company_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.user_id} {self.kind} {self.detail}"
