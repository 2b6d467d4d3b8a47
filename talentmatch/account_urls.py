"""The account pages around the login: password reset (no login needed), password change, and the
second factor (talentmatch/mfa/: the login's code step, enrolment, recovery codes).

Django's own views; the templates are in templates/registration/. The reset never says whether an
address has an account, and a changed password ends every other session of the user (Django's
session auth hash), while the session that changed it stays signed in.
"""

from django.contrib.auth import views as auth_views
from django.urls import path

from talentmatch.mfa import views as mfa_views

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
    # The login's second step (no login yet: the session holds who passed the password).
    path("login/code/", mfa_views.login_code, name="login-code"),
    path("login/recovery/", mfa_views.login_recovery, name="login-recovery"),
    # Every signed-in user's own two-factor page.
    path("account/two-factor/", mfa_views.mfa_settings, name="mfa-settings"),
    path("account/two-factor/enrol/", mfa_views.mfa_enrol, name="mfa-enrol"),
    path("account/two-factor/recovery-codes/", mfa_views.mfa_recovery_codes, name="mfa-recovery-codes"),
    path("account/two-factor/disable/", mfa_views.mfa_disable, name="mfa-disable"),
]
