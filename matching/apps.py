from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        # The matching rescoring answers the domain apps' announcements (talentmatch.events).
        from matching.services import scheduling

        scheduling.subscribe()
