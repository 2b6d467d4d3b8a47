from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from talentmatch import events


class ConsultantsConfig(AppConfig):
    name = "consultants"
    verbose_name = _("Consultants")

    def ready(self):
        # A consultant's profile follows their account when the account services write it.
        from consultants import services

        events.subscribe(events.Event.ACCOUNT_CHANGED, services.on_account_changed)
