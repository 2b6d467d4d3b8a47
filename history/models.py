"""The change history: one row per recorded change to a company's object (who, when, what)."""

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from talentmatch import access
from talentmatch.models import Company


class ChangeRecordQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ChangeRecordQuerySet":
        """Records of the user's company (every company for the platform administrator); a consultant
        reaches only the records of their own profile."""
        if not access.capabilities_of(user):
            return self.none()
        if access.sees_all_companies(user):
            return self.all()
        if not user.company_id:
            return self.none()
        records = self.filter(company_id=user.company_id)
        if user.role == user.Role.CONSULTANT:
            # The consultants app sits above history: its model is looked up, not imported.
            own = apps.get_model("consultants", "Consultant").objects.filter(user=user).values("pk")
            records = records.filter(object_kind="consultant", object_id__in=own)
        return records


class ChangeRecord(models.Model):
    """One change: `changes` maps each changed field to `[old, new]` (JSON values, dates as ISO text)."""

    id = models.BigAutoField(primary_key=True)
    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="change_records"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    object_kind = models.CharField(_("kind of object"), max_length=40)
    object_id = models.BigIntegerField(_("object id"))
    action = models.CharField(_("action"), max_length=40)
    # What inside the object the change is about, e.g. the skill's name for a skill change.
    subject = models.CharField(_("subject"), max_length=255, blank=True, default="")
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    objects = ChangeRecordQuerySet.as_manager()

    class Meta:
        db_table = "change_records"
        ordering = ["-created_at", "-pk"]
        verbose_name = _("change record")
        verbose_name_plural = _("change records")
        indexes = [
            models.Index("object_kind", "object_id", models.F("created_at").desc(), name="change_records_object_idx"),
            models.Index("company", models.F("created_at").desc(), name="change_records_company_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.object_kind} {self.object_id}: {self.action}"
