from talentmatch import access


def capabilities(request):
    """Expose the user's capabilities to templates, e.g. `{% if caps.tender_change %}`."""
    user = getattr(request, "user", None)
    return {"caps": {capability.name.lower(): True for capability in access.capabilities_of(user)}}
