from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from collaborations.models import Collaboration
from talentmatch.admin import TIMESTAMPS, ReadOnlyModelAdmin


@admin.register(Collaboration)
class CollaborationAdmin(ReadOnlyModelAdmin):
    service_note = _(
        "Collaborations are proposed, answered and ended by the companies' managers on the collaborations "
        "pages, where every change is kept: they are read-only here."
    )
    list_display = ("initiator_company", "partner_company", "status", "start_date", "end_date")
    list_filter = ("status",)
    list_select_related = ("initiator_company", "partner_company")
    search_fields = ("initiator_company__name", "partner_company__name")
    readonly_fields = TIMESTAMPS
