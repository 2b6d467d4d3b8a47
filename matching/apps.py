from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from history.trails import EventTrail, register_event_trail


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        # A match's audit trail is its MatchEvents (matching.selectors.attach_summaries loads them).
        register_event_trail(EventTrail(model="matching.Match", related_name="events", loaded="event_list"))
        # Registers the tasks (the services queue them by name), then subscribes the rescoring to
        # the domain apps' announcements (talentmatch.events).
        from matching import tasks  # noqa: F401
        from matching.services import scheduling

        scheduling.subscribe()
