"""CV pages: the CV panel of a consultant's profile (upload, status, download, skill suggestions).

Capabilities are declared in urls.py; rows are reached through Consultant.objects.visible_to,
so another company's CV answers 404 like a missing one.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from consultants.career.views import SECTION_TEMPLATE, section_context
from consultants.models import Consultant, ConsultantSkill, Resume, ResumeStatus, Skill
from consultants.resumes import extraction, services
from consultants.resumes.career import review
from consultants.resumes.forms import ResumeUploadForm, SuggestionAcceptForm
from consultants.skills.views import skill_rows_fragment
from consultants.views import CONSULTANT_SKILLS
from talentmatch.access import Capability, can
from talentmatch.events import DataAccess, DataAccessKind
from talentmatch.forms import add_service_errors
from talentmatch.storage import private_download

PANEL_TEMPLATE = "consultants/resumes/_resume_panel.html"
LISTED_RESUMES = 10


class UploadCap(FileUploadHandler):
    """Stops reading an uploaded file one byte past the size limit, so an oversize file is never kept."""

    def __init__(self, request=None):
        super().__init__(request)
        self.exceeded = False
        self.received = 0

    def new_file(self, *args, **kwargs):
        self.received = 0
        super().new_file(*args, **kwargs)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > extraction.MAX_RESUME_BYTES:
            self.exceeded = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


# --- the panel ------------------------------------------------------------------------------------


def _consultant(request: HttpRequest, pk: int) -> Consultant:
    return get_object_or_404(Consultant.objects.visible_to(request.user).with_people(), pk=pk)


def _resume(consultant: Consultant, resume_pk: int) -> Resume:
    return get_object_or_404(Resume.objects.filter(consultant=consultant), pk=resume_pk)


def watched_id(request: HttpRequest) -> int | None:
    """The CV a poll follows (`?watch=<pk>`), so that its notice tells where its reading stands."""
    value = request.GET.get("watch", "")
    return int(value) if value.isdigit() else None


def _reading_notice(resume: Resume) -> str:
    version = {"version": resume.version}
    if resume.status == ResumeStatus.QUEUED:
        return _("CV version %(version)s received: its text is being read.") % version
    if resume.status == ResumeStatus.EXTRACTED:
        return _("CV version %(version)s has been read.") % version
    if resume.status == ResumeStatus.UNREADABLE:
        return _("CV version %(version)s holds no text (a scanned image?): enter the skills by hand.") % version
    return _("CV version %(version)s could not be read.") % version


def panel_context(
    consultant: Consultant,
    request,
    *,
    upload_form=None,
    failed: dict | None = None,
    career_failed: dict | None = None,
    notice="",
    watch=None,
) -> dict:
    """What the CV panel shows: the latest CVs with their status, the upload form for those who may
    upload, and the pending skill suggestions and career proposals of the latest extracted CV for
    them to review. A watched CV (one just uploaded) has its notice follow its reading until it is over."""
    user = request.user
    can_upload = can(user, Capability.RESUME_UPLOAD)
    listed = list(consultant.resumes.order_by("-version")[:LISTED_RESUMES])
    watched = next((resume for resume in listed if resume.pk == watch), None)
    if watched is not None and not notice:
        notice = _reading_notice(watched)
    suggestions = []
    career = []
    source = None
    if can_upload:
        source = next((resume for resume in listed if resume.status == ResumeStatus.EXTRACTED), None)
    if source is not None:
        pending = [s for s in source.skill_suggestions or [] if s.get("state") == "pending"]
        proposed = review.pending(source)
        # One query for the skills of both lists.
        skills = Skill.objects.in_bulk({s["skill"] for s in pending} | review.skill_ids(proposed))
        career = review.career_proposals(consultant, proposed, skills, career_failed)
        declared = {
            held.skill_id: held
            for held in ConsultantSkill.objects.filter(
                consultant=consultant, skill_id__in=[s["skill"] for s in pending if s["skill"] in skills]
            )
        }
        failed = failed or {}
        for suggestion in pending:
            skill = skills.get(suggestion["skill"])
            if skill is None:  # removed from the catalogue since
                continue
            held = declared.get(skill.pk)
            years = suggestion.get("years")
            form = failed.get(skill.pk) or SuggestionAcceptForm(
                prefix=f"suggestion-{skill.pk}",
                initial={
                    "proficiency_level": held.proficiency_level if held else services.default_level(years),
                    "years_experience": years if years is not None else (held.years_experience if held else None),
                    "seen_declared": services.declared_marker(held),
                },
            )
            suggestions.append({"skill": skill, "years": years, "held": held, "form": form})
    return {
        "consultant": consultant,
        "resumes": listed,
        "watched": watched,
        "polling": any(resume.status == ResumeStatus.QUEUED for resume in listed),
        "can_upload": can_upload,
        "upload_form": upload_form or (ResumeUploadForm(auto_id="id_cv_%s") if can_upload else None),
        "suggestions": suggestions,
        "career_suggestions": career,
        "suggestion_source": source,
        "notice": notice,
        "request": request,
    }


def _panel(request: HttpRequest, consultant: Consultant, **context) -> HttpResponse:
    return render(request, PANEL_TEMPLATE, panel_context(consultant, request, **context))


def _back_to_profile(consultant: Consultant):
    return redirect(reverse("consultants:consultant-detail", kwargs={"pk": consultant.pk}) + "#cvs-title")


@require_GET
def resume_panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The panel alone, for htmx polling while a CV is being read; the profile page otherwise."""
    consultant = _consultant(request, pk)
    if not request.htmx:
        return _back_to_profile(consultant)
    return _panel(request, consultant, watch=watched_id(request))


# --- upload -----------------------------------------------------------------------------------


@csrf_exempt  # only so the size cap is installed before the body is read; _resume_upload checks CSRF
@require_POST
def resume_upload(request: HttpRequest, pk: int) -> HttpResponse:
    cap = UploadCap(request)
    request.upload_handlers.insert(0, cap)
    return _resume_upload(request, pk, cap)


@csrf_protect
def _resume_upload(request: HttpRequest, pk: int, cap: UploadCap) -> HttpResponse:
    consultant = _consultant(request, pk)
    form = ResumeUploadForm(request.POST, request.FILES, auto_id="id_cv_%s")
    if cap.exceeded:
        form.is_valid()
        form.errors.clear()
        form.add_error("file", _("The file is larger than 10 MB."))
    elif form.is_valid() and form.cleaned_data["file"].size > extraction.MAX_RESUME_BYTES:
        form.add_error("file", _("The file is larger than 10 MB."))
    elif form.is_valid():
        data = form.cleaned_data["file"].read()
        try:
            resume = services.resume_upload(consultant=consultant, data=data, by=request.user)
        except ValidationError as error:
            for message in error.message_dict.get("file", error.messages):
                form.add_error("file", message)
        else:
            if request.htmx:
                return _panel(request, consultant, watch=resume.pk)
            messages.success(request, _reading_notice(resume))
            return _back_to_profile(consultant)
    if request.htmx:
        return _panel(request, consultant, upload_form=form)
    return render(request, "consultants/resumes/resume_upload.html", {"consultant": consultant, "form": form})


# --- download ---------------------------------------------------------------------------------


def download_name(resume: Resume) -> str:
    """A plain ASCII file name: no path, no control character, nothing the user typed."""
    person = slugify(resume.consultant.full_name) or f"consultant-{resume.consultant_id}"
    return f"cv-{person}-v{resume.version}.{resume.file_type}"


@require_GET
def resume_download(request: HttpRequest, pk: int, resume_pk: int) -> FileResponse:
    consultant = _consultant(request, pk)
    resume = _resume(consultant, resume_pk)
    return private_download(
        relative=resume.file_path,
        filename=download_name(resume),
        content_type=extraction.CONTENT_TYPES.get(resume.file_type, "application/octet-stream"),
        access=DataAccess(
            kind=DataAccessKind.RESUME_DOWNLOAD,
            user_id=request.user.pk,
            company_id=consultant.company_id,
            consultant_id=consultant.pk,
            object_id=resume.pk,
            detail=f"v{resume.version}.{resume.file_type}",
        ),
    )


# --- suggestions ------------------------------------------------------------------------------


def _suggested(request: HttpRequest, pk: int, resume_pk: int, skill_pk: int) -> tuple[Consultant, Resume, Skill]:
    consultant = _consultant(request, pk)
    resume = _resume(consultant, resume_pk)
    if not any(s.get("skill") == skill_pk for s in resume.skill_suggestions or []):
        raise Http404
    return consultant, resume, get_object_or_404(Skill, pk=skill_pk)


def _after_suggestion(
    request: HttpRequest, consultant: Consultant, *, notice: str = "", error: str = "", failed=None
) -> HttpResponse:
    if request.htmx:
        response = _panel(request, consultant, notice=error or notice, failed=failed)
        if notice and not error and not failed:
            # The skills card beside the panel shows the profile's skills: refresh it in place too.
            skills = skill_rows_fragment(request, CONSULTANT_SKILLS, consultant)
            response.content += f'<div hx-swap-oob="outerHTML:#consultant-skills">{skills}</div>'.encode()
        return response
    if error:
        messages.error(request, error)
    elif failed:
        messages.error(request, _("Please correct the level or the years of experience."))
    elif notice:
        messages.success(request, notice)
    return _back_to_profile(consultant)


@require_POST
def resume_suggestion_accept(request: HttpRequest, pk: int, resume_pk: int, skill_pk: int) -> HttpResponse:
    consultant, resume, skill = _suggested(request, pk, resume_pk, skill_pk)
    form = SuggestionAcceptForm(request.POST, prefix=f"suggestion-{skill.pk}")
    if not form.is_valid():
        return _after_suggestion(request, consultant, failed={skill.pk: form})
    try:
        services.resume_suggestion_accept(
            resume=resume,
            skill=skill,
            proficiency_level=form.cleaned_data["proficiency_level"],
            years_experience=form.cleaned_data["years_experience"],
            seen_declared=form.cleaned_data["seen_declared"],
            by=request.user,
        )
    except ValidationError as error:
        return _after_suggestion(request, consultant, error=" ".join(error.messages))
    return _after_suggestion(request, consultant, notice=_("%(skill)s saved on the profile.") % {"skill": skill.name})


@require_POST
def resume_suggestion_ignore(request: HttpRequest, pk: int, resume_pk: int, skill_pk: int) -> HttpResponse:
    consultant, resume, skill = _suggested(request, pk, resume_pk, skill_pk)
    try:
        services.resume_suggestion_ignore(resume=resume, skill=skill, by=request.user)
    except ValidationError as error:
        return _after_suggestion(request, consultant, error=" ".join(error.messages))
    notice = _("Suggestion %(skill)s ignored.") % {"skill": skill.name}
    if request.htmx:
        return _panel(request, consultant, notice=notice)
    messages.success(request, notice)
    return _back_to_profile(consultant)


# --- career proposals ---------------------------------------------------------------------------


def _proposed(request: HttpRequest, pk: int, resume_pk: int, number: int) -> tuple[Consultant, Resume, dict]:
    consultant = _consultant(request, pk)
    resume = _resume(consultant, resume_pk)
    proposal = next((p for p in review.pending(resume) if p["id"] == number), None)
    if proposal is None and not any(p.get("id") == number for p in resume.career_suggestions or []):
        raise Http404
    return consultant, resume, proposal


def _after_career(
    request: HttpRequest, consultant: Consultant, *, kind: str = "", notice="", error="", failed=None
) -> HttpResponse:
    if not request.htmx:
        if error or failed:
            messages.error(request, error or _("Please correct the proposed entry."))
        elif notice:
            messages.success(request, notice)
        return _back_to_profile(consultant)
    response = _panel(request, consultant, notice=error or notice, career_failed=failed)
    if kind and not (error or failed):
        # The career card the entry joined, refreshed in place beside the panel.
        card = render_to_string(SECTION_TEMPLATE, section_context(consultant, kind, request.user), request=request)
        response.content += f'<div hx-swap-oob="outerHTML:#career-{kind}">{card}</div>'.encode()
    return response


@require_POST
def resume_career_accept(request: HttpRequest, pk: int, resume_pk: int, number: int) -> HttpResponse:
    consultant, resume, proposal = _proposed(request, pk, resume_pk, number)
    if proposal is None:
        return _after_career(request, consultant, error=_("This suggestion has already been handled."))
    form = review.proposal_form(consultant, proposal, {}, data=request.POST)
    if not form.is_valid():
        return _after_career(request, consultant, failed={number: form})
    try:
        entry = services.resume_career_accept(
            resume=resume,
            number=number,
            values=form.service_values(),
            skills=form.service_skills(),
            by=request.user,
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return _after_career(request, consultant, failed={number: form})
    notice = _("“%(entry)s” added to the profile.") % {"entry": entry}
    return _after_career(request, consultant, kind=proposal["kind"], notice=notice)


@require_POST
def resume_career_ignore(request: HttpRequest, pk: int, resume_pk: int, number: int) -> HttpResponse:
    consultant, resume, proposal = _proposed(request, pk, resume_pk, number)
    if proposal is None:
        return _after_career(request, consultant, error=_("This suggestion has already been handled."))
    try:
        services.resume_career_ignore(resume=resume, number=number, by=request.user)
    except ValidationError as error:
        return _after_career(request, consultant, error=" ".join(error.messages))
    return _after_career(request, consultant, notice=_("Suggestion ignored: the profile is unchanged."))
