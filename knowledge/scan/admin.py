"""Curators write the quick scan in the admin: a questionnaire with its sections (inline), a
section with its questions, a question with its weighted answers, every text in the four
languages. A published version is read-only; "Make a new version" copies it into a draft to
edit, and publishing that draft retires the old one. Runs and answers are the organisations'
own and are not in the admin. Registered from ``KnowledgeConfig.ready``."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from knowledge.scan import services
from knowledge.scan.models import Option, Question, Questionnaire, Section


def _frozen(obj: Any) -> bool:
    if obj is None:
        return False
    questionnaire = obj if isinstance(obj, Questionnaire) else obj.owning_questionnaire()
    return questionnaire is not None and questionnaire.is_frozen


class FrozenInline(TranslationTabularInline):
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _frozen(obj) and super().has_delete_permission(request, obj)


class FrozenAdmin(TranslationAdmin):
    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _frozen(obj) and super().has_delete_permission(request, obj)


class SectionInline(FrozenInline):
    model = Section
    fields = ["position", "title", "theme", "iso26000"]
    show_change_link = True


class QuestionInline(FrozenInline):
    model = Question
    fields = ["position", "text", "help_text", "weight"]
    show_change_link = True


class OptionInline(FrozenInline):
    model = Option
    fields = ["position", "label", "points"]
    extra = 3


@admin.register(Questionnaire)
class QuestionnaireAdmin(FrozenAdmin):
    list_display = ["title", "key", "version", "status", "published_at"]
    list_filter = ["status"]
    search_fields = ["title", "key"]
    inlines = [SectionInline]
    actions = ["publish", "new_version"]

    @admin.action(description=_("Publish the selected drafts"))
    def publish(self, request: HttpRequest, queryset: QuerySet[Questionnaire]) -> None:
        for questionnaire in queryset:
            try:
                services.questionnaire_publish(questionnaire=questionnaire)
            except ValidationError as exc:
                self.message_user(
                    request, f"{questionnaire}: {' '.join(exc.messages)}", messages.ERROR
                )
            else:
                self.message_user(
                    request, _("%(name)s is published.") % {"name": questionnaire}, messages.SUCCESS
                )

    @admin.action(description=_("Make a new version to edit"))
    def new_version(self, request: HttpRequest, queryset: QuerySet[Questionnaire]) -> None:
        for questionnaire in queryset:
            try:
                draft = services.questionnaire_new_version(questionnaire=questionnaire)
            except ValidationError as exc:
                self.message_user(
                    request, f"{questionnaire}: {' '.join(exc.messages)}", messages.ERROR
                )
            else:
                self.message_user(
                    request, _("%(name)s is a new draft.") % {"name": draft}, messages.SUCCESS
                )


@admin.register(Section)
class SectionAdmin(FrozenAdmin):
    list_display = ["title", "questionnaire", "position", "theme", "iso26000"]
    list_filter = ["questionnaire"]
    list_select_related = ["questionnaire", "theme", "iso26000"]
    inlines = [QuestionInline]


@admin.register(Question)
class QuestionAdmin(FrozenAdmin):
    list_display = ["text", "section", "position", "weight"]
    list_filter = ["section__questionnaire"]
    list_select_related = ["section"]
    search_fields = ["text"]
    inlines = [OptionInline]
