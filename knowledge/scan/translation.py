"""The quick scan's texts in the portal's four languages (django-modeltranslation); imported by
``knowledge.translation``, which modeltranslation discovers."""

from modeltranslation.translator import TranslationOptions, register

from knowledge.scan.models import Option, Question, Questionnaire, Section


@register(Questionnaire)
class QuestionnaireTranslation(TranslationOptions):
    fields = ("title", "introduction")


@register(Section)
class SectionTranslation(TranslationOptions):
    fields = ("title",)


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text", "help_text")


@register(Option)
class OptionTranslation(TranslationOptions):
    fields = ("label",)
