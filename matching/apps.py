from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        # Registers the tasks (the services queue them by name), then subscribes the rescoring to
        # the domain apps' announcements (talentmatch.events).
        from matching import tasks  # noqa: F401
        from matching.services import scheduling

        scheduling.subscribe()
