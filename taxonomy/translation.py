"""The vocabularies in the portal's four languages (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from taxonomy.models import Iso26000Subject, Sector, Theme


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Iso26000Subject)
class Iso26000SubjectTranslation(TranslationOptions):
    fields = ("name",)


@register(Sector)
class SectorTranslation(TranslationOptions):
    fields = ("name",)
