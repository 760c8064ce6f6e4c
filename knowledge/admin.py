"""Curation: practices with filters, search, bulk publish/archive, history and preview; a review
queue for submissions; a queue of practices past their review-by date; collections with
ordering; JSON Lines import and export."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from import_export.admin import ImportExportMixin
from import_export.forms import ImportForm
from simple_history.admin import SimpleHistoryAdmin

from knowledge import services
from knowledge.bundles import check_bundle
from knowledge.files import validate_attachment, validate_import_file
from knowledge.models import (
    Attachment,
    Audience,
    Collection,
    CollectionItem,
    Practice,
    PracticeDueForReview,
    PracticeLink,
    SavedSearch,
    SearchSynonyms,
    Submission,
)
from knowledge.resources import PracticeResource
from knowledge.sheets import FORMATS
from taxonomy.choices import Country

ARCHIVED = ngettext_lazy("%d practice archived.", "%d practices archived.")


def counted_action(description: Any, done: Any) -> Callable:
    """An admin action for staff who may change rows: the method returns how many rows it
    changed, and the admin reports ``done % count``."""

    def decorate(change: Callable[..., int]) -> Callable:
        @admin.action(description=description, permissions=["change"])
        @functools.wraps(change)
        def action(model_admin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet):
            count = change(model_admin, request, queryset)
            model_admin.message_user(request, done % count, messages.SUCCESS)

        return action

    return decorate


class HistoryAdmin(SimpleHistoryAdmin):
    """simple_history's admin, with its version URL's parameters named like the admin's own
    (the URL canary in tests/alliance fills named parameters only)."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}_simple_history"
        urls = [u for u in super().get_urls() if getattr(u, "name", None) != name]
        return [
            path(
                "<path:object_id>/history/<str:version_id>/",
                self.admin_site.admin_view(self.history_form_view),
                name=name,
            ),
            *urls,
        ]


def _label(name: str) -> str:
    # The model field's name as Django's own form fields show it: capitalised.
    return capfirst(Practice._meta.get_field(name).verbose_name)


class PracticeAdminForm(forms.ModelForm):
    audience = forms.MultipleChoiceField(
        label=_label("audience"),
        choices=Audience.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    countries = forms.MultipleChoiceField(
        label=_label("countries"), choices=Country.choices, required=False
    )
    url = forms.URLField(label=_label("url"), required=False, assume_scheme="https")

    class Meta:
        model = Practice
        fields = [
            "source_id",
            "title",
            "summary",
            "body",
            "type",
            "themes",
            "iso26000",
            "sectors",
            "audience",
            "countries",
            "language",
            "translation_of",
            "successor",
            "year",
            "publisher",
            "url",
            "status",
            "review_by",
        ]


class SubmittedAttachmentInline(admin.TabularInline):
    """A submission's file, as its submitter sent it: to look at, or delete."""

    model = Attachment
    extra = 0
    fields = ["original_name", "extension", "size", "created_at"]
    readonly_fields = fields
    can_delete = True

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


# --- Downloads and links (issue 14) -----------------------------------------------------------


class AttachmentAdminForm(forms.ModelForm):
    """A new row takes a file, checked like every upload (``validate_attachment``); a kept
    row changes only its title and language."""

    upload = forms.FileField(label=_("File"), required=False)

    class Meta:
        model = Attachment
        fields = ["title", "language"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        upload = cleaned.get("upload")
        if self.instance.pk is None:
            if upload is None:
                self.add_error("upload", _("Choose a file to attach."))
            else:
                try:
                    validate_attachment(upload)
                except forms.ValidationError as error:
                    self.add_error("upload", error)
        return cleaned


class AttachmentInline(admin.StackedInline):
    model = Attachment
    form = AttachmentAdminForm
    extra = 1
    fields = ["upload", "title", "language", "original_name", "kind", "size_shown"]
    readonly_fields = ["original_name", "kind", "size_shown"]
    verbose_name = _("download")
    verbose_name_plural = _("downloads")

    @admin.display(description=_("kind"))
    def kind(self, obj: Attachment) -> str:
        return obj.kind_label if obj.pk else ""

    @admin.display(description=_("size"))
    def size_shown(self, obj: Attachment) -> str:
        return filesizeformat(obj.size) if obj.pk else ""


class PracticeLinkInline(admin.StackedInline):
    model = PracticeLink
    extra = 1
    fields = ["position", "title", "url", "language"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


def _save_attachments(practice: Practice, formset: Any) -> None:
    """Through the services, so new files get a generated name and a checksum, and deleted
    rows lose their file once the deletion commits. Fills in what ``formset.save()`` would,
    for the admin's history message."""
    deleted = set(map(id, formset.deleted_forms))
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
    for form in formset.initial_forms:
        if id(form) in deleted:
            formset.deleted_objects.append(form.instance)
            services.attachment_delete(attachment=form.instance)
        elif form.has_changed():
            formset.changed_objects.append((form.instance, form.changed_data))
            services.attachment_update(
                attachment=form.instance,
                title=form.cleaned_data["title"],
                language=form.cleaned_data["language"],
            )
    for form in formset.extra_forms:
        if id(form) in deleted or not form.has_changed():
            continue
        attachment = services.attachment_add(
            practice=practice,
            upload=form.cleaned_data["upload"],
            title=form.cleaned_data["title"],
            language=form.cleaned_data["language"],
        )
        formset.new_objects.append(attachment)


class ReviewOverdueFilter(admin.SimpleListFilter):
    title = _("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("overdue", _("Past its review-by date"))]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.review_overdue()
        return queryset


class PracticeImportForm(ImportForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["import_file"].help_text = _(
            "JSON Lines (or a zip holding one JSON Lines file and the files its attachments "
            "name), or a CSV or XLSX spreadsheet whose first row names the columns (id, title, "
            "summary, type, language, …). Nothing is written before you confirm the preview."
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        upload: UploadedFile | None = cleaned.get("import_file")
        kind = dict(self.fields["format"].choices).get(cleaned.get("format"))
        if upload is not None and kind:
            try:
                if str(kind) == "zip":
                    check_bundle(upload)
                else:
                    validate_import_file(upload, kind=str(kind))
            except forms.ValidationError as error:
                self.add_error("import_file", error)
        return cleaned


@admin.register(Practice)
class PracticeAdmin(ImportExportMixin, HistoryAdmin):
    form = PracticeAdminForm
    list_display = ["title", "type", "language", "status", "published_at", "review_by"]
    list_filter = [
        "status",
        "type",
        "language",
        ReviewOverdueFilter,
        "themes",
        "iso26000",
        # Of NACE's 109 sections and divisions, only those some practice is tagged with.
        ("sectors", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["title", "summary", "source_id", "publisher"]
    filter_horizontal = ["themes", "iso26000", "sectors"]
    autocomplete_fields = ["translation_of", "successor"]
    readonly_fields = ["slug", "published_at", "submitted_by", "created_at", "updated_at"]
    date_hierarchy = "published_at"
    inlines = [AttachmentInline, PracticeLinkInline]
    actions = ["publish", "archive", "export_jsonl"]
    # django-import-export: "Import" and "Export" on the list, JSON Lines, CSV and XLSX
    # (knowledge.sheets), with a preview.
    resource_classes = [PracticeResource]
    formats = FORMATS
    import_form_class = PracticeImportForm

    def view_on_site(self, obj: Practice) -> str:
        # Staff may open drafts and practices in review there: that is the preview.
        return obj.get_absolute_url()

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is Attachment:
            _save_attachments(form.instance, formset)
        else:
            super().save_formset(request, form, formset, change)

    @counted_action(
        _("Publish the selected practices"),
        ngettext_lazy("%d practice published.", "%d practices published."),
    )
    def publish(self, request: HttpRequest, queryset: QuerySet[Practice]) -> int:
        return services.practices_publish(practices=queryset.select_related("submitted_by"))

    @counted_action(_("Archive the selected practices"), ARCHIVED)
    def archive(self, request: HttpRequest, queryset: QuerySet[Practice]) -> int:
        return services.practices_archive(practices=queryset)

    @admin.action(description=_("Export the selected practices (JSON Lines)"))
    def export_jsonl(self, request: HttpRequest, queryset: QuerySet[Practice]) -> HttpResponse:
        return _export_response(queryset)


def _export_response(queryset: QuerySet[Practice]) -> HttpResponse:
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(
        services.practices_export(queryset=queryset), content_type="application/jsonl"
    )
    response["Content-Disposition"] = f'attachment; filename="practices-{stamp}.jsonl"'
    return response


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "type", "language", "submitted_by", "created_at"]
    list_filter = ["type", "language"]
    search_fields = ["title", "summary"]
    actions = ["publish", "decline"]
    readonly_fields = ["submitted_by", "created_at"]
    exclude = ["audience", "countries"]
    inlines = [SubmittedAttachmentInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Practice]:
        return super().get_queryset(request).review_queue().select_related("submitted_by")

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        title = {"title": _("Submissions waiting for review")}
        return super().changelist_view(request, {**title, **(extra_context or {})})

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def view_on_site(self, obj: Practice) -> str:
        return obj.get_absolute_url()

    @counted_action(
        _("Publish and tell the submitter"),
        ngettext_lazy("%d submission published.", "%d submissions published."),
    )
    def publish(self, request: HttpRequest, queryset: QuerySet[Practice]) -> int:
        return services.practices_publish(practices=queryset)

    @counted_action(
        _("Decline and tell the submitter"),
        ngettext_lazy("%d submission declined.", "%d submissions declined."),
    )
    def decline(self, request: HttpRequest, queryset: QuerySet[Practice]) -> int:
        return sum(services.submission_decline(practice=p) for p in queryset)


@admin.register(PracticeDueForReview)
class PracticeDueForReviewAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "review_by", "published_at", "language"]
    list_filter = ["type", "language"]
    search_fields = ["title"]
    ordering = ["review_by"]
    actions = ["archive"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Practice]:
        return super().get_queryset(request).review_overdue()

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        title = {"title": _("Practices past their review-by date")}
        return super().changelist_view(request, {**title, **(extra_context or {})})

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return redirect(reverse("admin:knowledge_practice_change", args=[object_id]))

    @counted_action(_("Archive the selected practices"), ARCHIVED)
    def archive(self, request: HttpRequest, queryset: QuerySet[Practice]) -> int:
        return services.practices_archive(practices=queryset)


class CollectionItemInline(admin.TabularInline):
    model = CollectionItem
    extra = 1
    autocomplete_fields = ["practice"]
    fields = ["position", "practice"]
    ordering = ["position"]


@admin.register(Collection)
class CollectionAdmin(HistoryAdmin):
    list_display = ["title", "is_published"]
    list_filter = ["is_published"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [CollectionItemInline]


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    list_display = ["name", "frequency", "created_at", "last_alert_at"]
    list_filter = ["frequency"]
    readonly_fields = ["user", "query", "created_at", "last_alert_at"]
    search_fields = ["name"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


# --- Search synonyms (knowledge/search/synonyms.py) -------------------------------------------


@admin.register(SearchSynonyms)
class SearchSynonymsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "language", "is_active"]
    list_filter = ["language", "is_active"]
    search_fields = ["terms"]
