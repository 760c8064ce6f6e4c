from django.contrib import admin
from django.db import models

from initiatives.models import Initiative, InitiativePartner, Resource


class PartnerInline(admin.TabularInline):
    model = InitiativePartner
    extra = 0
    raw_id_fields = ["organisation"]
    fields = ["organisation", "state", "invited_at", "answered_at"]
    readonly_fields = ["invited_at", "answered_at"]


class ResourceInline(admin.TabularInline):
    """Links and files are added by the organisation (files pass uploads.validate there);
    curators may correct a title or take one off."""

    model = Resource
    extra = 0
    fields = ["title", "url", "original_name", "size"]
    readonly_fields = ["url", "original_name", "size"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "organisation", "status", "published_at", "created_at"]
    list_filter = ["status", ("published_at", admin.EmptyFieldListFilter), "themes"]
    search_fields = ["title", "organisation__name"]
    list_select_related = ["organisation"]
    raw_id_fields = ["organisation", "created_by"]
    filter_horizontal = ["themes", "iso26000"]
    autocomplete_fields = ["practices"]
    readonly_fields = ["uid", "created_at", "updated_at"]
    inlines = [PartnerInline, ResourceInline]
