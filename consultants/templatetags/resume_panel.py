"""`{% resume_panel consultant %}`: the CV panel of a profile, rendered with its own context so that
the profile view need not know about CVs."""

from django import template

from consultants.resumes.views import PANEL_TEMPLATE, panel_context
from talentmatch.access import Capability, can

register = template.Library()


@register.simple_tag(takes_context=True)
def resume_panel(context, consultant):
    request = context.get("request")
    if request is None or consultant is None or not can(request.user, Capability.RESUME_VIEW):
        return ""
    return template.loader.render_to_string(PANEL_TEMPLATE, panel_context(consultant, request), request=request)
