from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from releases.models import Release


@admin.register(Release)
class ReleaseAdmin(admin.ModelAdmin):
    """Read only: releases are published by beat or ``publish_statistics`` and never change."""

    list_display = ("scope", "released_at", "epsilon", "delta")
    list_filter = ("scope",)
    date_hierarchy = "released_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
