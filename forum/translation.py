"""Bodies and meeting titles in the portal's four languages (django-modeltranslation).

The English text is the original; a missing translation shows it, marked with its language
(``{% translated %}`` in ``portal.templatetags.languages``).
"""

from modeltranslation.translator import TranslationOptions, register

from forum.models import Body, Meeting


@register(Body)
class BodyTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Meeting)
class MeetingTranslation(TranslationOptions):
    fields = ("title", "description")
