"""The app's URLs plus one view that fails, to see the 500 page (test_security_errors.py)."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from talentmatch.urls import urlpatterns as app_urlpatterns


@login_not_required
def failing_view(request):
    raise RuntimeError("secret detail: the 500 page must never show this")


urlpatterns = [*app_urlpatterns, path("failing/", failing_view)]
