from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from taxonomy.models import Iso26000Subject, Sector, Theme


@admin.register(Theme)
class ThemeAdmin(TranslationAdmin):
    list_display = ["name", "slug", "position"]
    search_fields = ["name", "slug"]


@admin.register(Iso26000Subject)
class Iso26000SubjectAdmin(TranslationAdmin):
    list_display = ["name", "slug", "position"]


@admin.register(Sector)
class SectorAdmin(TranslationAdmin):
    list_display = ["code", "name", "parent"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["parent"]
    search_fields = ["code", "name"]
