from django.contrib import admin

from taxonomy.models import Iso26000Subject, Sector, Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    search_fields = ["name", "slug"]


@admin.register(Iso26000Subject)
class Iso26000SubjectAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]
