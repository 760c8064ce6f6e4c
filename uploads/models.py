"""The fields every "link or file" row shares (a progress report's evidence, an initiative's
resources): the concrete models add their owner, the ``url`` and the ``file`` field."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class LinkOrFile(models.Model):
    """A titled link or a titled file, never both and never neither (a check constraint);
    for a file, what ``uploads.details`` keeps about it."""

    title = models.CharField(_("title"), max_length=200)
    original_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    extension = models.CharField(max_length=8, blank=True)
    size = models.PositiveIntegerField(default=0)

    url: models.URLField
    file: models.FileField

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=(Q(url="") & ~Q(file="")) | (~Q(url="") & Q(file="")),
                name="%(app_label)s_%(class)s_link_or_file",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_file(self) -> bool:
        return bool(self.file)
