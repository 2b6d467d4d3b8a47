from django import template

from history.selectors import history_for

register = template.Library()


@register.simple_tag(takes_context=True)
def change_history(context, obj):
    """`{% change_history object as records %}`: the object's history as the viewer may see it."""
    request = context.get("request")
    if obj is None or request is None:
        return []
    return history_for(obj, request.user)
