"""Notifications (in-app and by e-mail), each person's preferences, and saved searches."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from talentmatch import access
from talentmatch.constraints import choices_check
from talentmatch.models import Company


class NotificationKind(models.TextChoices):
    TENDER_MATCH = "tender_match", _("A consultant on the bench fits a new or changed tender")
    CONSULTANT_FREEING = "consultant_freeing", _("A consultant frees up in 90, 60 or 30 days")
    COLLABORATION_PROPOSED = "collaboration_proposed", _("A collaboration is proposed")
    COLLABORATION_ACCEPTED = "collaboration_accepted", _("A collaboration is accepted")
    COLLABORATION_ENDED = "collaboration_ended", _("A collaboration ends")
    DOSSIER_READY = "dossier_ready", _("A dossier you asked for is ready")
    IMPORT_READY = "import_ready", _("An import you ran is saved")
    REPLY_DEADLINE = "reply_deadline", _("A tender is due in 2 days with nobody submitted")
    SAVED_SEARCH = "saved_search", _("A saved search has new results")


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user) -> "NotificationQuerySet":
        """A person's own notifications, never anyone else's (the platform admin's too)."""
        if not access.capabilities_of(user):
            return self.none()
        return self.filter(recipient=user)

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One thing to tell one person. Its text is made at display time, in the reader's language, from
    `kind` and `params`; `key` names the event, so a person hears of each event once."""

    Kind = NotificationKind

    id = models.BigAutoField(primary_key=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    # The recipient's company when it was sent: the alerts never cross it.
    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    key = models.CharField(_("event key"), max_length=200)
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    target_id = models.BigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    # The page the notification opens (a path of this site), and what its text is made of.
    link = models.CharField(_("link"), max_length=500, blank=True, default="")
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # When it left by e-mail (immediately or in a digest); NULL while it has not, or never will.
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        db_table = "notifications"
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notifications_recipient_key"),
            choices_check("notifications", "kind", NotificationKind),
        ]
        indexes = [
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notifications_unread_idx"),
            models.Index("recipient", models.F("created_at").desc(), name="notifications_recipient_idx"),
            models.Index(fields=["recipient"], condition=Q(emailed_at__isnull=True), name="notifications_unmailed_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id} · {self.kind} · {self.key}"


class EmailMode(models.TextChoices):
    DIGEST = "digest", _("One daily digest")
    IMMEDIATE = "immediate", _("At once, one e-mail each")
    OFF = "off", _("No e-mail")


class NotificationPreference(models.Model):
    """How a person wants to hear: the e-mail mode and the kinds they turned off (neither shown nor sent)."""

    EmailMode = EmailMode

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_preference",
    )
    email_mode = models.CharField(
        _("e-mail"), max_length=10, choices=EmailMode.choices, default=EmailMode.DIGEST, db_default="digest"
    )
    muted_kinds = models.JSONField(_("kinds turned off"), default=list, blank=True)
    # The language of the e-mails (the account has none of its own; the pages follow the switcher).
    language = models.CharField(
        _("language of the e-mails"), max_length=5, choices=settings.LANGUAGES, default="fr", db_default="fr"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        db_table = "notification_preferences"
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [choices_check("notification_preferences", "email_mode", EmailMode)]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.email_mode}"


class SavedSearchList(models.TextChoices):
    CONSULTANTS = "consultants", _("Consultants")
    TENDERS = "tenders", _("Tenders")


class SavedSearchQuerySet(models.QuerySet):
    def visible_to(self, user) -> "SavedSearchQuerySet":
        """A person's own saved searches."""
        if not access.capabilities_of(user):
            return self.none()
        return self.filter(owner=user)


class SavedSearch(models.Model):
    """A list page's filters and query, saved under a name; with `alert`, a daily check tells the owner
    of the rows that appeared since (`seen_up_to`: the highest row id already told of)."""

    List = SavedSearchList

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE, related_name="saved_searches"
    )
    list_name = models.CharField(_("list"), max_length=20, choices=List.choices)
    name = models.CharField(_("name"), max_length=100)
    query = models.CharField(_("filters"), max_length=1000, blank=True, default="")
    alert = models.BooleanField(_("alert me of new results"), default=False, db_default=False)
    seen_up_to = models.BigIntegerField(default=0, db_default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = SavedSearchQuerySet.as_manager()

    class Meta:
        db_table = "saved_searches"
        ordering = ["name", "pk"]
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        constraints = [
            models.UniqueConstraint(fields=["owner", "list_name", "name"], name="saved_searches_owner_name"),
            choices_check("saved_searches", "list_name", SavedSearchList),
        ]

    def __str__(self) -> str:
        return self.name
