"""Django admin for the platform administrator, and the bases every app's admin builds on.

Company data is written in admin through the same services as in the app (`ServiceModelAdmin`), so
that its history, search document, page cache and rescoring follow every admin write; a model no
service writes is shown read-only with a note (`ReadOnlyModelAdmin`).
"""

from __future__ import annotations

from collections.abc import Iterator

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from talentmatch.models import Company, User
from talentmatch.services import USER_FIELDS, user_create, user_update

TIMESTAMPS = ("created_at", "updated_at")


class _Refused(Exception):
    """A service refused an admin write that the admin form had accepted (ValidationError)."""

    def __init__(self, error: ValidationError):
        super().__init__()
        self.error = error


class NoteMixin:
    """Shows `service_note` under the title of the model's list and form pages."""

    service_note = ""
    change_form_template = "admin/service_note_change_form.html"
    change_list_template = "admin/service_note_change_list.html"

    def changelist_view(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        return super().changelist_view(request, {"service_note": self.service_note, **(extra_context or {})})

    def changeform_view(self, request: HttpRequest, object_id=None, form_url="", extra_context=None) -> HttpResponse:
        extra_context = {"service_note": self.service_note, **(extra_context or {})}
        return super().changeform_view(request, object_id, form_url, extra_context)


class ServiceModelAdmin(NoteMixin, admin.ModelAdmin):
    """A ModelAdmin whose writes call the app's services instead of saving the form.

    A subclass implements `service_save(request, form, formsets, change)`: it calls the services with
    the validated form and inline formsets and returns the saved object; and, if a service deletes
    the model, `service_delete(request, obj)` (without it, nothing is deleted in admin). A
    ValidationError a service raises is shown on the form, with what was typed kept, and nothing is
    written.
    """

    service_note = _(
        "Changes made here go through the same services as in the application: they are kept in the "
        "history, and search and matching follow them."
    )

    def service_save(self, request: HttpRequest, form, formsets, change: bool) -> models.Model:
        raise NotImplementedError

    service_delete = None

    def save_model(self, request, obj, form, change):
        """Nothing here: `save_related` writes the object together with its inlines, through the services."""

    def save_related(self, request, form, formsets, change):
        try:
            saved = self.service_save(request, form, formsets, change)
        except ValidationError as error:
            raise _Refused(error) from error
        instance = form.instance
        for field in instance._meta.concrete_fields:
            setattr(instance, field.attname, getattr(saved, field.attname))
        instance._state.adding = False

    def changeform_view(self, request: HttpRequest, object_id=None, form_url="", extra_context=None) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except _Refused as refused:
            # The transaction of the first pass is rolled back; the second shows the form again,
            # invalid with the service's errors (see get_form), and writes nothing.
            request._service_errors = refused.error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        error = getattr(request, "_service_errors", None)
        if error is None:
            return form_class

        class RefusedForm(form_class):
            def clean(self):
                cleaned = super().clean()
                messages = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
                for name, texts in messages.items():
                    self.add_error(name if name in self.fields else None, texts)
                return cleaned

        return RefusedForm

    def has_delete_permission(self, request, obj=None):
        return self.service_delete is not None and super().has_delete_permission(request, obj)

    def delete_model(self, request, obj):
        self.service_delete(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.service_delete(request, obj)


class ReadOnlyModelAdmin(NoteMixin, admin.ModelAdmin):
    """A model no service writes from admin: listed and shown, never added, changed or deleted here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def inline_changes(formset) -> Iterator[tuple[str, forms.ModelForm]]:
    """The rows an inline formset changes, as ("delete" | "change" | "add", form), removals first, in
    place of `formset.save()`; fills in `new_objects`, `changed_objects` and `deleted_objects` as
    `save()` would, for the admin's change message."""
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
    deleted = [form for form in formset.initial_forms if form.instance.pk is not None and form in formset.deleted_forms]
    changed = [
        form
        for form in formset.initial_forms
        if form.instance.pk is not None and form not in deleted and form.has_changed()
    ]
    added = [form for form in formset.extra_forms if form.has_changed() and not formset._should_delete_form(form)]
    for form in deleted:
        formset.deleted_objects.append(form.instance)
        yield "delete", form
    for form in changed:
        formset.changed_objects.append((form.instance, form.changed_data))
        yield "change", form
    for form in added:
        formset.new_objects.append(form.instance)
        yield "add", form


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
class UserAdmin(ServiceModelAdmin, DjangoUserAdmin):
    """Accounts are written by talentmatch.services (a consultant's profile follows its account's name);
    no service deletes one: deactivate it instead."""

    service_note = _(
        "Changes made here go through the account services: a consultant's profile, search and history "
        "follow their account. An account is not deleted here: clear “Active” to close it."
    )
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

    def service_save(self, request, form, formsets, change):
        data = form.cleaned_data
        if change:
            return user_update(
                user=form.instance, by=request.user, **{name: data[name] for name in USER_FIELDS if name in data}
            )
        return user_create(
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            role=data["role"],
            company=data.get("company"),
            password=data.get("password1") if form.instance.has_usable_password() else None,
            by=request.user,
        )


from talentmatch import admin_diagnostics  # noqa: E402, F401
