from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentmatchConfig(AppConfig):
    name = "talentmatch"
    verbose_name = _("Platform")
