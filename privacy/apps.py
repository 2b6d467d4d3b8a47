from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from talentmatch import events


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        # The lower apps announce every download and export (talentmatch.events): keep them in the log.
        # The services import models, so they are imported once the registry is ready.
        from privacy import tasks  # noqa: F401
        from privacy.services import access_log_record

        events.subscribe(events.Event.DATA_ACCESSED, access_log_record)
