"""Vocabularies shared by every app, so a practice, a pledge and a coalition name the same theme."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Vocabulary(models.Model):
    slug = models.SlugField(_("key"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Theme(Vocabulary):
    """One of the Alliance's ten priority areas."""

    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta(Vocabulary.Meta):
        verbose_name = _("priority area")
        verbose_name_plural = _("priority areas")


class Iso26000Subject(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("ISO 26000 core subject")
        verbose_name_plural = _("ISO 26000 core subjects")


class SectorQuerySet(models.QuerySet):
    def sections(self) -> SectorQuerySet:
        return self.filter(parent__isnull=True)


class Sector(models.Model):
    """A NACE Rev. 2 section (``C``, no parent) or division (``C25``, its section the parent)."""

    code = models.CharField(_("NACE code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("section"),
        on_delete=models.PROTECT,
        related_name="children",
        null=True,
        blank=True,
    )

    objects = SectorQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("NACE sector")
        verbose_name_plural = _("NACE sectors")

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"
