from django.contrib import admin

from history.models import ChangeRecord


@admin.register(ChangeRecord)
class ChangeRecordAdmin(admin.ModelAdmin):
    list_display = ("created_at", "company", "actor", "object_kind", "object_id", "action", "subject")
    list_filter = ("object_kind", "action")
    list_select_related = ("company", "actor")
    readonly_fields = [field.name for field in ChangeRecord._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
