from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from talentmatch import health, views
from talentmatch.mfa.views import PasswordLoginView, admin_login

admin.site.site_header = "TalentMatch"
admin.site.site_title = "TalentMatch"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("", views.home, name="home"),
    path("login/", PasswordLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("talentmatch.account_urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("consultants/", include("consultants.urls")),
    path("tenders/", include("tenders.urls")),
    path("skills/", include("consultants.skills.urls")),
    path("matches/", include("matching.urls")),
    path("collaborations/", include("collaborations.urls")),
    path("data/", include("dataio.urls")),
    path("privacy/", include("privacy.urls")),
    path("notifications/", include("notifications.urls")),
    path("company/", include("talentmatch.branding.urls")),
    # Django admin logs in through the same two steps as the app.
    path("admin/login/", admin_login),
    path("admin/", admin.site.urls),
]
