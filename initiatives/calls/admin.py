"""Calls in the admin, where curators open them: the call, its criteria with weights and its
reviewers. Proposals are read here; reviews and decisions happen in the portal, where the
reviewers' rule (no peeking before your own review) and the applicants' emails live."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from initiatives.calls import services
from initiatives.calls.models import Call, CallState, Criterion, Proposal, Reviewer


class CallAdminForm(forms.ModelForm):
    class Meta:
        model = Call
        fields = ["title", "text", "themes", "deadline", "review_deadline", "state"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        opening = data.get("state") == CallState.OPEN and (
            self.instance.pk is None
            or self.initial.get("state") != CallState.OPEN
            or "deadline" in self.changed_data
        )
        problems = services.call_problems(
            deadline=data.get("deadline"),
            review_deadline=data.get("review_deadline"),
            opening=opening,
        )
        if problems:
            raise ValidationError(problems)
        return data


class CriteriaFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        kept = [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("title")
        ]
        if self.instance.state == CallState.OPEN and not kept:
            raise ValidationError(_("An opened call needs at least one criterion."))


class CriterionInline(admin.StackedInline):
    model = Criterion
    formset = CriteriaFormSet
    fields = ("title", "description", "weight", "order")
    extra = 2


class ReviewerInline(admin.StackedInline):
    model = Reviewer
    autocomplete_fields = ("user",)
    extra = 2


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    form = CallAdminForm
    list_display = ("title", "state", "deadline", "review_deadline", "opened_at", "portal_page")
    list_filter = ("state", "themes")
    search_fields = ("title",)
    date_hierarchy = "deadline"
    fields = ("title", "text", "themes", "deadline", "review_deadline", "state")
    filter_horizontal = ("themes",)
    inlines = [CriterionInline, ReviewerInline]

    def save_model(self, request: HttpRequest, obj: Call, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if form.instance.state == CallState.OPEN:
            services.call_opened(call=form.instance)

    @admin.display(description=_("in the portal"))
    def portal_page(self, obj: Call) -> str:
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("Open"))


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ("title", "call", "organisation", "state", "submitted_at", "decided_at")
    list_filter = ("state", "call")
    search_fields = ("title", "organisation__name")
    fields = (
        "call",
        "organisation",
        "title",
        "summary",
        "requested_amount",
        "state",
        "submitted_at",
        "decided_at",
        "decision_message",
        "initiative",
        "portal_page",
    )
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).select_related("call", "organisation")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("in the portal"))
    def portal_page(self, obj: Proposal) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("calls:proposal", args=[obj.uid]), _("Open")
        )
