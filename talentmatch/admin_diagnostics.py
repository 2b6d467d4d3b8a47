"""The database diagnostics page of Django admin, at /admin/diagnostics/ (platform admin only)."""

from django.contrib import admin
from django.db import DEFAULT_DB_ALIAS, connections
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from talentmatch import diagnostics
from talentmatch.access import Capability, guard

TABLE_LIMIT = 20
STATEMENT_LIMIT = 20


def diagnostics_view(request):
    context = {
        **admin.site.each_context(request),
        "title": _("Database diagnostics"),
        "is_postgresql": diagnostics.is_postgresql(),
        "vendor": connections[DEFAULT_DB_ALIAS].vendor,
    }
    if context["is_postgresql"]:
        context.update(
            statements=diagnostics.slowest_statements(limit=STATEMENT_LIMIT),
            tables=diagnostics.largest_tables(limit=TABLE_LIMIT),
            indexes=diagnostics.unused_indexes(),
        )
    return TemplateResponse(request, "admin/diagnostics.html", context)


def _with_diagnostics(get_urls):
    def get_urls_with_diagnostics():
        view = admin.site.admin_view(guard(Capability.PLATFORM_ADMIN, diagnostics_view))
        return [path("diagnostics/", view, name="diagnostics"), *get_urls()]

    return get_urls_with_diagnostics


# admin.site.urls is read once, by the URLconf, after every admin module has been imported.
admin.site.get_urls = _with_diagnostics(admin.site.get_urls)
