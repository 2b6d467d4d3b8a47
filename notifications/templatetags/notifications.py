"""{% saved_searches_menu list_name query_string %}: the list page's saved searches and the form that
saves the current one (one query)."""

from django import template

from notifications.selectors import saved_searches_of
from notifications.services.saved_searches import saved_search_url

register = template.Library()


@register.inclusion_tag("notifications/_saved_searches.html", takes_context=True)
def saved_searches_menu(context, list_name: str, query: str = "") -> dict:
    user = context["request"].user
    searches = saved_searches_of(user, list_name) if user.is_authenticated else []
    for search in searches:
        search.url = saved_search_url(search)
    return {"searches": searches, "list_name": list_name, "query": query, "csrf_token": context.get("csrf_token")}
