from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityArea(models.Model):
    """One of the Alliance's three areas of activity (COM(2006) 136)."""

    slug = models.SlugField(_("key"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("area of activity")
        verbose_name_plural = _("areas of activity")

    def __str__(self) -> str:
        return self.title
