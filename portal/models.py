"""The operator's contact details: one row, set in the admin in the portal's four languages."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ContactDetails(models.Model):
    """The contact page and the footer's contact link show this single row (pk 1)."""

    operator = models.CharField(_("operator"), max_length=200, blank=True)
    address = models.TextField(_("postal address"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    note = models.TextField(
        _("note"), blank=True, help_text=_("Shown under the details, for example how to reach us.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("contact details")
        verbose_name_plural = _("contact details")

    def __str__(self) -> str:
        return str(_("Contact details"))

    @classmethod
    def current(cls) -> ContactDetails:
        """The one row; before anyone set it, an unsaved one with the address from settings."""
        found = cls.objects.filter(pk=1).first()
        return found or cls(pk=1, email=settings.CONTACT_EMAIL)
