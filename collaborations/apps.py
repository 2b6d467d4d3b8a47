from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from history.trails import EventTrail, register_event_trail


class CollaborationsConfig(AppConfig):
    name = "collaborations"
    verbose_name = _("Collaborations")

    def ready(self) -> None:
        # A collaboration's audit trail is its CollaborationEvents.
        register_event_trail(EventTrail(model="collaborations.Collaboration", related_name="events"))
