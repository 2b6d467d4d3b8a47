from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The French demo data and `manage.py seed_demo`; no models, nothing a real install needs."""

    name = "demo"
    verbose_name = _("Demo data")
