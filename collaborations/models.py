"""Partnerships between ESNs, through which they share consultants."""

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Greatest, Least
from django.utils.translation import gettext_lazy as _

from talentmatch import access
from talentmatch.constraints import choices_check
from talentmatch.models import Company, TimestampedModel


class CollaborationQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CollaborationQuerySet":
        """Collaborations the user's company takes part in, on either side."""
        if not access.can(user, access.Capability.COLLABORATION_VIEW):
            return self.none()
        if access.sees_all_companies(user):
            return self.all()
        company_id = access.company_id_of(user)
        return self.filter(Q(initiator_company_id=company_id) | Q(partner_company_id=company_id))


class CollaborationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")


class Collaboration(TimestampedModel):
    Status = CollaborationStatus

    initiator_company = models.ForeignKey(
        Company,
        verbose_name=_("initiating company"),
        on_delete=models.PROTECT,
        related_name="initiated_collaborations",
    )
    partner_company = models.ForeignKey(
        Company,
        verbose_name=_("partner company"),
        on_delete=models.PROTECT,
        related_name="partner_collaborations",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    terms = models.TextField(_("terms"), null=True, blank=True)

    objects = CollaborationQuerySet.as_manager()

    class Meta:
        db_table = "collaborations"
        ordering = ["-created_at", "-pk"]
        verbose_name = _("collaboration")
        verbose_name_plural = _("collaborations")
        constraints = [
            choices_check("collaborations", "status", CollaborationStatus),
            models.CheckConstraint(
                condition=~Q(initiator_company=F("partner_company")), name="collaborations_distinct_companies"
            ),
            # One collaboration per pair of companies, whichever side initiated it.
            models.UniqueConstraint(
                Least("initiator_company", "partner_company"),
                Greatest("initiator_company", "partner_company"),
                name="collaborations_pair_key",
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")) | Q(start_date__isnull=True) | Q(end_date__isnull=True),
                name="collaborations_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["partner_company", "status"], name="collaborations_partner_idx")]

    def __str__(self) -> str:
        return f"{self.initiator_company} ↔ {self.partner_company}"
