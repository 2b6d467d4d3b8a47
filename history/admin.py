from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from history.models import ChangeRecord
from talentmatch.admin import ReadOnlyModelAdmin


@admin.register(ChangeRecord)
class ChangeRecordAdmin(ReadOnlyModelAdmin):
    service_note = _("The history is written by the services alone: it is read-only here.")
    list_display = ("created_at", "company", "actor", "object_kind", "object_id", "action", "subject")
    list_filter = ("object_kind", "action")
    list_select_related = ("company", "actor")
    readonly_fields = [field.name for field in ChangeRecord._meta.fields]
