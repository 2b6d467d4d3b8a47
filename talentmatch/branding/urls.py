from django.urls import path

from talentmatch.access import Capability, guard
from talentmatch.branding import views

urlpatterns = [
    path("branding/", guard(Capability.COMPANY_BRANDING, views.company_branding), name="company-branding"),
    path("branding/logo/", guard(Capability.COMPANY_BRANDING, views.company_logo), name="company-logo"),
]
