from django import template

from history.selectors import audit_trail_for

register = template.Library()


@register.inclusion_tag("history/_audit_trail.html", takes_context=True)
def audit_trail(context, obj, collapsible: bool = False):
    """`{% audit_trail object %}`: the object's trail as the viewer may see it, as a card titled
    "History" (`collapsible=True`: a closed <details>, left out when the trail is empty)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    entries = audit_trail_for(obj, user) if obj is not None else []
    return {"entries": entries, "collapsible": collapsible}
