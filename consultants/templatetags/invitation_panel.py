"""`{% invitation_panel consultant %}`: the profile's access panel (can this person log in, their
invitation), for those who invite, rendered with its own context so the profile view need not know."""

from django import template

from consultants.invitations.views import PANEL_TEMPLATE, panel_context
from talentmatch.access import Capability, can

register = template.Library()


@register.simple_tag(takes_context=True)
def invitation_panel(context, consultant):
    request = context.get("request")
    if request is None or consultant is None or not can(request.user, Capability.ACCOUNT_INVITE):
        return ""
    return template.loader.render_to_string(PANEL_TEMPLATE, panel_context(consultant), request=request)
