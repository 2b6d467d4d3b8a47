"""CV routes of a consultant, included under consultants/<pk>/cvs/ (names in the `consultants` namespace)."""

from django.urls import path

from consultants.resumes import views
from talentmatch.access import Capability, guard

urlpatterns = [
    path("", guard(Capability.RESUME_VIEW, views.resume_panel), name="resume-panel"),
    path("upload/", guard(Capability.RESUME_UPLOAD, views.resume_upload), name="resume-upload"),
    path(
        "<int:resume_pk>/download/",
        guard(Capability.RESUME_VIEW, views.resume_download),
        name="resume-download",
    ),
    path(
        "<int:resume_pk>/suggestions/<int:skill_pk>/accept/",
        guard(Capability.RESUME_UPLOAD, views.resume_suggestion_accept),
        name="resume-suggestion-accept",
    ),
    path(
        "<int:resume_pk>/suggestions/<int:skill_pk>/ignore/",
        guard(Capability.RESUME_UPLOAD, views.resume_suggestion_ignore),
        name="resume-suggestion-ignore",
    ),
    path(
        "<int:resume_pk>/career/<int:number>/accept/",
        guard(Capability.RESUME_UPLOAD, views.resume_career_accept),
        name="resume-career-accept",
    ),
    path(
        "<int:resume_pk>/career/<int:number>/ignore/",
        guard(Capability.RESUME_UPLOAD, views.resume_career_ignore),
        name="resume-career-ignore",
    ),
]
