from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataioConfig(AppConfig):
    name = "dataio"
    verbose_name = _("Import and export")

    def ready(self) -> None:
        # Registers the background import task: the import page queues it by name.
        from dataio import tasks  # noqa: F401
