"""The Alliance's pages and coalitions in the portal's four languages (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from alliance.models import ActivityArea, Coalition


@register(ActivityArea)
class ActivityAreaTranslation(TranslationOptions):
    fields = ("title", "summary")


@register(Coalition)
class CoalitionTranslation(TranslationOptions):
    fields = ("purpose",)
