from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # The domain apps announce what happened (talentmatch.events); the alerts listen. The
        # services import models, so they are imported once the registry is ready.
        from notifications import tasks  # noqa: F401
        from notifications.services import alerts

        alerts.subscribe()
