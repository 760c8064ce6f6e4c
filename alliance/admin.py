from django.contrib import admin

from alliance.models import ActivityArea


@admin.register(ActivityArea)
class ActivityAreaAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "position"]
