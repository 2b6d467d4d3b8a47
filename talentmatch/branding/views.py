"""The company's branding page (managers): the dossiers' logo and colours."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from talentmatch.branding import services
from talentmatch.forms import add_service_errors
from talentmatch.models import HEX_COLOUR

COLOUR = forms.TextInput(attrs={"type": "color"})


class BrandingForm(forms.Form):
    logo = forms.FileField(
        label=gettext_lazy("Logo"), required=False, help_text=gettext_lazy("PNG or JPEG, at most 1 MB.")
    )
    remove_logo = forms.BooleanField(label=gettext_lazy("Remove the logo"), required=False)
    brand_colour = forms.CharField(
        label=gettext_lazy("Main colour"), max_length=7, validators=[HEX_COLOUR], widget=COLOUR
    )
    accent_colour = forms.CharField(
        label=gettext_lazy("Accent colour"), max_length=7, validators=[HEX_COLOUR], widget=COLOUR
    )


def company_branding(request: HttpRequest) -> HttpResponse:
    company = request.user.company
    if company is None:
        return render(request, "talentmatch/company_branding.html", {"form": None})
    initial = {"brand_colour": company.brand_colour, "accent_colour": company.accent_colour}
    form = BrandingForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["logo"]
        try:
            services.company_branding_set(
                company=company,
                by=request.user,
                brand_colour=form.cleaned_data["brand_colour"],
                accent_colour=form.cleaned_data["accent_colour"],
                logo=upload.read(services.LOGO_MAX_BYTES + 1) if upload else None,
                remove_logo=form.cleaned_data["remove_logo"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Branding saved: the next dossiers carry it."))
            return redirect("company-branding")
    context = {"form": form, "company": company, "has_logo": services.logo_bytes(company) is not None}
    return render(request, "talentmatch/company_branding.html", context, status=400 if form.errors else 200)


def company_logo(request: HttpRequest) -> HttpResponse:
    """The company's stored logo (a PNG re-encoded on upload), for the branding page's preview."""
    logo = services.logo_bytes(request.user.company) if request.user.company_id else None
    if logo is None:
        raise Http404
    response = HttpResponse(logo, content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
