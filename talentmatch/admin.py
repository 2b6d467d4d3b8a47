from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from talentmatch.models import Company, User

TIMESTAMPS = ("created_at", "updated_at")


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ("name", "city", "country", "is_active", "created_at")
    list_filter = ("is_active", "country")
    search_fields = ("name", "city")
    readonly_fields = TIMESTAMPS


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "first_name", "last_name", "role", "company")


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    list_display = ("email", "first_name", "last_name", "role", "company", "is_active", "last_login")
    list_filter = ("role", "is_active", "company")
    list_select_related = ("company",)
    search_fields = ("email", "first_name", "last_name")
    ordering = ("last_name", "first_name")
    readonly_fields = ("last_login", *TIMESTAMPS)
    filter_horizontal = ()
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Identity"), {"fields": ("first_name", "last_name", "phone")}),
        (_("Access"), {"fields": ("role", "company", "is_active")}),
        (_("Dates"), {"fields": ("last_login", *TIMESTAMPS)}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "first_name", "last_name", "role", "company", "password1", "password2"),
            },
        ),
    )


from talentmatch import admin_diagnostics  # noqa: E402, F401
