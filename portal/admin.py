from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from modeltranslation.admin import TranslationAdmin

from portal.models import ContactDetails


@admin.register(ContactDetails)
class ContactDetailsAdmin(TranslationAdmin):
    """A single row: it can be changed, never added twice or deleted."""

    fieldsets = ((None, {"fields": ("operator", "address", "email", "phone", "hours", "note")}),)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and not ContactDetails.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: ContactDetails, form: Any, change: bool
    ) -> None:
        obj.pk = 1
        super().save_model(request, obj, form, change)
