"""A release: the public figures of one scope as published at one moment, with the privacy
loss (epsilon, delta) its noise was calibrated to. Written once, never changed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

BUDGET_WINDOW = dt.timedelta(days=365)


class ReleaseQuerySet(models.QuerySet["Release"]):
    def latest_of(self, scope: str) -> Release | None:
        return self.filter(scope=scope).order_by("-released_at", "-pk").first()

    def epsilon_spent(self, *, now: dt.datetime) -> float:
        """The privacy loss of every release in the 365 days up to ``now``."""
        spent = self.filter(released_at__gt=now - BUDGET_WINDOW, released_at__lte=now).aggregate(
            total=Sum("epsilon")
        )["total"]
        return float(spent or 0.0)


class Release(models.Model):
    scope = models.CharField(_("scope"), max_length=120)
    released_at = models.DateTimeField(_("released at"), default=timezone.now)
    epsilon = models.FloatField(_("epsilon"))
    delta = models.FloatField(_("delta"), default=0.0)
    data = models.JSONField(_("figures"))

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("release")
        verbose_name_plural = _("releases")
        indexes = [models.Index(fields=["scope", "-released_at"], name="releases_scope_latest")]
        constraints = [
            models.CheckConstraint(condition=models.Q(epsilon__gt=0), name="release_epsilon_pos"),
            models.CheckConstraint(condition=models.Q(delta__gte=0), name="release_delta_nonneg"),
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.released_at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A published release is a public record: a changed one would be a second, unaccounted
        # look at the data.
        if not self._state.adding:
            raise ValueError("A release is never changed once published.")
        super().save(*args, **kwargs)

    def as_public(self) -> dict[str, Any]:
        """What the JSON of a release carries: when, at what privacy loss, and the cells."""
        return {
            "released_at": self.released_at.isoformat(),
            "epsilon": self.epsilon,
            "delta": self.delta,
            **self.data,
        }
