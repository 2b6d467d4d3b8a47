from django.utils.functional import SimpleLazyObject

from notifications.selectors import unread_count


def notifications(request):
    """The top bar's unread count: one query, only on a page that shows it, once per request."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
