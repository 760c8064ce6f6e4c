"""The help desk in the admin: the expert role per priority area, and the questions (read
only: experts answer in the portal, where the asker is emailed)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from knowledge.helpdesk.models import Expert, HelpQuestion, Message


@admin.register(Expert)
class ExpertAdmin(admin.ModelAdmin):
    list_display = ("user", "is_active", "areas")
    list_filter = ("is_active", "themes")
    search_fields = ("user__email", "user__name")
    autocomplete_fields = ("user",)
    filter_horizontal = ("themes",)

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).select_related("user").prefetch_related("themes")

    @admin.display(description=_("priority areas"))
    def areas(self, obj: Expert) -> str:
        return ", ".join(str(theme) for theme in obj.themes.all())


class MessageInline(admin.TabularInline):
    model = Message
    fields = ("created_at", "from_asker", "author", "body")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(HelpQuestion)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("subject", "theme", "status", "claimed_by", "created_at", "first_answered_at")
    list_filter = ("status", "theme", "publish_consent")
    search_fields = ("subject",)
    date_hierarchy = "created_at"
    fields = (
        "subject",
        "body",
        "theme",
        "sector",
        "size_class",
        "status",
        "claimed_by",
        "publish_consent",
        "consent_version",
        "created_at",
        "first_answered_at",
        "practice",
        "portal_page",
    )
    readonly_fields = fields
    inlines = [MessageInline]

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).select_related("theme", "claimed_by")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("in the portal"))
    def portal_page(self, obj: HelpQuestion) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("helpdesk:question", args=[obj.uid]), _("Open")
        )
