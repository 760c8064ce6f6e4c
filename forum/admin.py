from datetime import timedelta
from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from forum import services
from forum.models import (
    ActionItem,
    AgendaItem,
    Body,
    Document,
    DocumentVersion,
    JoinRequest,
    JoinRequestStatus,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    Member,
    Minutes,
    MinutesRevision,
    Recommendation,
    RecommendationReview,
    Registration,
    StandingAgendaItem,
)
from forum.services import standing_items_apply


class MemberInline(admin.TabularInline):
    model = Member
    extra = 0
    autocomplete_fields = ["user"]
    raw_id_fields = ["organisation"]


@admin.register(Body)
class BodyAdmin(TranslationAdmin):
    list_display = ["name", "kind", "theme", "open_joining"]
    list_filter = ["kind", "open_joining"]
    search_fields = ["name"]
    inlines = [MemberInline]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        super().save_formset(request, form, formset, change)
        if formset.model is not Member:
            return
        # A membership ended or removed here gives up its coming members-only meetings, as
        # ending it on the body's pages does (the admin's save is one transaction).
        for member, changed in formset.changed_objects:
            if "end_date" in changed and member.end_date is not None:
                services.registrations_withdraw(
                    body=member.body, user=member.user, last_day=member.end_date
                )
        for member in formset.deleted_objects:
            services.registrations_withdraw(
                body=member.body,
                user=member.user,
                last_day=timezone.localdate() - timedelta(days=1),
            )


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(TranslationAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "body", "starts_at", "time_zone", "status", "visibility"]
    list_filter = ["status", "visibility", "body"]
    search_fields = ["title"]
    date_hierarchy = "starts_at"
    list_select_related = ["body"]
    inlines = [AgendaItemInline]


class StandingAgendaItemInline(admin.TabularInline):
    model = StandingAgendaItem
    extra = 0
    fields = ["position", "title", "presenter", "updates_days_before"]


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "body", "interval_months", "first_date", "until"]
    inlines = [StandingAgendaItemInline]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # Standing items added here reach the meetings still to come, as on the series page.
        series = form.instance
        for meeting in series.meetings.filter(starts_at__gt=timezone.now()).exclude(
            status__in=[MeetingStatus.CANCELLED, MeetingStatus.HELD]
        ):
            standing_items_apply(meeting)


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["meeting", "user", "status", "constituency", "attended"]
    list_filter = ["status", "constituency"]
    list_select_related = ["meeting", "user"]
    raw_id_fields = ["meeting", "user"]


class DocumentVersionInline(admin.TabularInline):
    # Files come in only through the meeting page, where their content is checked.
    model = DocumentVersion
    extra = 0
    fields = ["number", "filename", "size", "note", "uploaded_by", "uploaded_at"]
    readonly_fields = ["number", "filename", "size", "uploaded_by", "uploaded_at"]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "meeting"]
    list_select_related = ["meeting"]
    raw_id_fields = ["meeting", "agenda_item"]
    inlines = [DocumentVersionInline]


class MinutesRevisionInline(admin.TabularInline):
    model = MinutesRevision
    extra = 0
    readonly_fields = ["number", "published_at", "published_by", "reason"]


@admin.register(Minutes)
class MinutesAdmin(admin.ModelAdmin):
    list_display = ["meeting", "kind", "status", "revision", "published_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["meeting"]
    raw_id_fields = ["meeting"]
    inlines = [MinutesRevisionInline]


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ["title", "body", "owner", "due_date", "done_at"]
    list_filter = ["body"]
    list_select_related = ["body", "owner"]
    raw_id_fields = ["meeting", "owner"]


class ReviewInline(admin.TabularInline):
    model = RecommendationReview
    extra = 0
    raw_id_fields = ["meeting"]


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["reference", "title", "body", "status"]
    list_filter = ["status", "body"]
    filter_horizontal = ["raised_by"]
    inlines = [ReviewInline]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    """Requests to join, read only: the secretariat answers in the body's queue, where approving
    makes the membership and declining needs a reason, and the person is emailed either way.
    Changing a status here would skip all three."""

    list_display = ["user", "body", "constituency", "status", "created", "decided_at", "answer"]
    list_filter = ["status", "body", "created", "decided_at"]
    list_select_related = ["user", "body", "decided_by"]
    search_fields = ["user__email", "user__name", "body__name"]
    date_hierarchy = "created"
    fields = [
        "body",
        "user",
        "organisation",
        "constituency",
        "motivation",
        "status",
        "reason",
        "decided_by",
        "decided_at",
        "created",
        "answer",
    ]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("in the portal"))
    def answer(self, obj: JoinRequest) -> str:
        links = [(reverse("forum:join_requests", args=[obj.body.slug]), _("Queue"))]
        if obj.status == JoinRequestStatus.PENDING:
            links += [
                (reverse("forum:join_request_approve", args=[obj.uid]), _("Approve")),
                (reverse("forum:join_request_decline", args=[obj.uid]), _("Decline")),
            ]
        return format_html_join(" · ", '<a href="{}">{}</a>', links)
