"""The contact details in the portal's four languages (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from portal.models import ContactDetails


@register(ContactDetails)
class ContactDetailsTranslation(TranslationOptions):
    fields = ("operator", "address", "hours", "note")
