"""`{% portfolio_panel match %}`: the portfolio panel of a match, rendered with its own context so that
the match view need not know about portfolios."""

from django import template

from matching.portfolios.views import PANEL_TEMPLATE, panel_context
from talentmatch.access import Capability, can

register = template.Library()


@register.simple_tag(takes_context=True)
def portfolio_panel(context, match):
    request = context.get("request")
    if request is None or match is None or not can(request.user, Capability.MATCH_VIEW):
        return ""
    return template.loader.render_to_string(PANEL_TEMPLATE, panel_context(match, request), request=request)
