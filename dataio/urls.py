from django.urls import path

from dataio import views
from talentmatch.access import Capability, guard

app_name = "dataio"

urlpatterns = [
    path("", guard(Capability.DATA_EXPORT, views.data_home), name="data-home"),
    path("import/", guard(Capability.DATA_IMPORT, views.data_import), name="data-import"),
    path("import/jobs/<slug:job>/", guard(Capability.DATA_IMPORT, views.import_job), name="import-job"),
    path(
        "templates/<slug:kind>.<slug:fmt>",
        guard(Capability.DATA_IMPORT, views.import_template),
        name="import-template",
    ),
    path("export/<slug:kind>.<slug:fmt>", guard(Capability.DATA_EXPORT, views.data_export), name="data-export"),
]
