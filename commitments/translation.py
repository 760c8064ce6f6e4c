"""The texts of the commitments in the portal's four languages (django-modeltranslation).

The English text is the original; a missing translation shows it, marked with its language.
"""

from modeltranslation.translator import TranslationOptions, register

from commitments.models import Action, Commitment, Framework, SubItem


@register(Framework)
class FrameworkTranslation(TranslationOptions):
    fields = ("title", "introduction")


@register(Commitment)
class CommitmentTranslation(TranslationOptions):
    fields = ("title",)


@register(Action)
class ActionTranslation(TranslationOptions):
    fields = ("text",)


@register(SubItem)
class SubItemTranslation(TranslationOptions):
    fields = ("text",)
