"""Frameworks and their hierarchy in the admin, and a page that builds one from an outline.

Pledges and progress reports are not registered: a changelist of pledges would be a list of
private pledgers, which the Alliance's rule forbids. Staff count as coordinators of every
framework and act on reports through the review pages.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from commitments import services
from commitments.forms import OutlineImportForm
from commitments.models import Action, ActionPractice, Commitment, Framework, Pledge, SubItem
from commitments.outline import OutlineError


class NoDeleteOverPledges:
    """Django's delete confirmation lists every pledge and report under the object, private
    ones included: with pledges below it, a framework, commitment or action is not deleted
    here (and there is no bulk delete, whose confirmation lists them too)."""

    pledges_lookup = ""

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request, obj=None):
        if obj is not None and Pledge.objects.filter(**{self.pledges_lookup: obj}).exists():
            return False
        return super().has_delete_permission(request, obj)


class CommitmentInline(TranslationTabularInline):
    model = Commitment
    extra = 0


class SubItemInline(TranslationTabularInline):
    model = SubItem
    extra = 0


class ActionPracticeInline(admin.StackedInline):
    """The knowledge-centre practices that serve the action, in the order its page lists them.
    Drafts may be linked ahead of publication: pages show only published practices. Stacked,
    so that each field has its label (axe)."""

    model = ActionPractice
    extra = 0
    autocomplete_fields = ["practice"]
    fields = ["practice", "position"]
    verbose_name = _("practice serving this action")
    verbose_name_plural = _("practices serving this action")


@admin.register(Framework)
class FrameworkAdmin(NoDeleteOverPledges, TranslationAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    pledges_lookup = "framework"
    list_display = ["title", "short_title", "slug", "period_start", "period_end", "is_published"]
    list_filter = ["is_published", "reporting_cycle"]
    search_fields = ["title", "short_title", "slug"]
    filter_horizontal = ["coordinators"]
    inlines = [CommitmentInline]
    change_list_template = "admin/commitments/framework/change_list.html"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "import-outline/",
                self.admin_site.admin_view(self.import_outline),
                name="commitments_framework_import_outline",
            ),
            *super().get_urls(),
        ]

    def import_outline(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = OutlineImportForm(request.POST or None)
        problems: list[str] = []
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            try:
                framework = services.framework_create(**data)
            except OutlineError as exc:
                problems = exc.messages
                form.add_error("outline", _("The outline has problems; nothing was created."))
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _("%(title)s was created with %(n)s commitments.")
                    % {"title": framework.title, "n": framework.commitments.count()},
                )
                return redirect(reverse("admin:commitments_framework_change", args=[framework.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Create a framework from an outline"),
            "form": form,
            "problems": problems,
            "opts": self.model._meta,
        }
        return TemplateResponse(
            request,
            "admin/commitments/framework/import_outline.html",
            context,
            status=400 if form.errors else 200,
        )


@admin.register(Commitment)
class CommitmentAdmin(NoDeleteOverPledges, TranslationAdmin):
    pledges_lookup = "action__commitment"
    list_display = ["__str__", "framework", "number"]
    list_filter = ["framework"]
    list_select_related = ["framework"]


@admin.register(Action)
class ActionAdmin(NoDeleteOverPledges, TranslationAdmin):
    pledges_lookup = "action"
    list_display = ["code", "text", "commitment"]
    list_filter = ["commitment__framework"]
    list_select_related = ["commitment__framework"]
    inlines = [SubItemInline, ActionPracticeInline]
    # Organisations link their initiatives themselves, from the initiative's form.
    exclude = ["initiatives"]

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is ActionPractice and formset.has_changed():
            # The links show on the action's and the practices' public pages.
            services.action_practices_changed()
