"""The account pages around the login: password reset (no login needed) and password change.

Django's own views; the templates are in templates/registration/. The reset never says whether an
address has an account, and a changed password ends every other session of the user (Django's
session auth hash), while the session that changed it stays signed in.
"""

from django.contrib.auth import views as auth_views
from django.urls import path

urlpatterns = [
    path("password/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]
