"""Partnerships between ESNs, through which they share consultants."""

from django.conf import settings
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

    def other_side(self, company_id: int | None) -> Company:
        """The party that is not `company_id` (the partner as seen by that company)."""
        return self.partner_company if company_id == self.initiator_company_id else self.initiator_company


class CollaborationEvent(models.Model):
    """One change of a collaboration — proposal, answer, end, sharing settings — with who and when."""

    collaboration = models.ForeignKey(
        Collaboration, verbose_name=_("collaboration"), on_delete=models.CASCADE, related_name="events"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    from_status = models.CharField(
        _("from status"), max_length=20, choices=CollaborationStatus.choices, null=True, blank=True
    )
    to_status = models.CharField(_("to status"), max_length=20, choices=CollaborationStatus.choices)
    note = models.CharField(_("note"), max_length=500, blank=True, default="")
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        db_table = "collaboration_events"
        ordering = ["created_at", "pk"]
        verbose_name = _("collaboration event")
        verbose_name_plural = _("collaboration events")
        constraints = [
            choices_check("collaboration_events", "from_status", CollaborationStatus, nullable=True),
            choices_check("collaboration_events", "to_status", CollaborationStatus),
        ]

    def __str__(self) -> str:
        return f"{self.collaboration}: {self.from_status or '—'} → {self.to_status}"


class SharingMode(models.TextChoices):
    AVAILABLE = "available", _("Every consultant available within 30 days")
    SELECTION = "selection", _("Only the consultants I select")


class CollaborationSharing(models.Model):
    """How one party shares its consultants with the other through a collaboration.

    No row means the defaults: every consultant available within 30 days, names hidden.
    """

    Mode = SharingMode

    collaboration = models.ForeignKey(
        Collaboration, verbose_name=_("collaboration"), on_delete=models.CASCADE, related_name="sharing"
    )
    company = models.ForeignKey(Company, verbose_name=_("sharing company"), on_delete=models.CASCADE, related_name="+")
    mode = models.CharField(_("what is shared"), max_length=20, choices=Mode.choices, default=Mode.AVAILABLE)
    show_names = models.BooleanField(_("show consultants' names"), default=False)
    selection = models.ManyToManyField(
        "consultants.Consultant",
        verbose_name=_("selected consultants"),
        blank=True,
        related_name="+",
        db_table="collaboration_selections",
    )

    class Meta:
        db_table = "collaboration_sharing"
        verbose_name = _("sharing settings")
        verbose_name_plural = _("sharing settings")
        constraints = [
            models.UniqueConstraint(fields=["collaboration", "company"], name="collaboration_sharing_side_key"),
            choices_check("collaboration_sharing", "mode", SharingMode),
        ]

    def __str__(self) -> str:
        return f"{self.collaboration} — {self.company}"
