from django.urls import path

from privacy import views
from talentmatch.access import Capability, guard

app_name = "privacy"

urlpatterns = [
    path("", guard(Capability.PRIVACY_MANAGE, views.privacy_home), name="privacy-home"),
    path("settings/", guard(Capability.PRIVACY_MANAGE, views.privacy_settings), name="privacy-settings"),
    path("access-log/", guard(Capability.PRIVACY_MANAGE, views.access_log), name="access-log"),
    path(
        "consultants/<int:pk>/", guard(Capability.CONSULTANT_VIEW, views.consultant_privacy), name="consultant-privacy"
    ),
    path("consultants/<int:pk>/consent/", guard(Capability.CONSENT_RECORD, views.consent_add), name="consent-record"),
    path(
        "consultants/<int:pk>/export/",
        guard(Capability.PERSONAL_DATA_EXPORT, views.personal_data_download),
        name="personal-data-export",
    ),
    path(
        "consultants/<int:pk>/departure/",
        guard(Capability.PRIVACY_MANAGE, views.consultant_departure),
        name="consultant-departure",
    ),
    path(
        "consultants/<int:pk>/erase/",
        guard(Capability.PERSONAL_DATA_ERASE, views.consultant_erasure),
        name="consultant-erase",
    ),
]
