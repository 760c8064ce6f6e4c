"""Admin for the Alliance's reference content.

Support declarations and their counters are deliberately not registered: the operator keeps
no list of supporters, and staff see the published aggregate figures only.
"""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from alliance.models import ActivityArea, Coalition


@admin.register(ActivityArea)
class ActivityAreaAdmin(TranslationAdmin):
    list_display = ["title", "slug", "position"]


@admin.register(Coalition)
class CoalitionAdmin(TranslationAdmin):
    list_display = ["theme", "laboratory"]
    readonly_fields = ["theme"]
    autocomplete_fields = ["laboratory"]
    # Organisations link their initiatives themselves, from the initiative's form.
    exclude = ["initiatives"]

    def has_add_permission(self, request):
        return False  # one per priority area, made by a migration
