"""The intake endpoint of the new-tender page: it reads the call (pasted text or file), proposes the
tender's fields and skills, and shows the new-tender form filled with them. It saves nothing."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from consultants.resumes.views import UploadCap
from tenders.forms import TenderForm
from tenders.intake import page
from tenders.intake.forms import IntakeForm
from tenders.intake.proposals import propose
from tenders.intake.reading import pasted_text, read_upload


@csrf_exempt  # only so that the size cap is installed before the body is read; _intake checks CSRF
@require_POST
def tender_intake(request: HttpRequest) -> HttpResponse:
    cap = UploadCap(request)
    request.upload_handlers.insert(0, cap)
    return _intake(request, cap)


@csrf_protect
def _intake(request: HttpRequest, cap: UploadCap) -> HttpResponse:
    intake_form = IntakeForm(request.POST, request.FILES)
    typed = TenderForm(request.POST, company_id=request.user.company_id)
    if cap.exceeded:
        intake_form.is_valid()
        intake_form.errors.clear()
        intake_form.add_error("file", _("The file is larger than 10 MB."))
        return page.render_form(request, intake_form=intake_form, typed=typed)
    if not intake_form.is_valid():
        return page.render_form(request, intake_form=intake_form, typed=typed)
    upload = intake_form.cleaned_data.get("file")
    try:
        call = read_upload(upload.read()) if upload else pasted_text(intake_form.cleaned_data["text"])
    except ValidationError as error:
        for message in error.message_dict.get("file", error.messages):
            intake_form.add_error("file", message)
        return page.render_form(request, intake_form=intake_form, typed=typed)
    intake = propose(call)
    # The text read goes back into the text box, so that the user sees what was read.
    intake_form = IntakeForm(initial={"text": intake.text})
    return page.render_form(request, intake_form=intake_form, typed=typed, intake=intake)
