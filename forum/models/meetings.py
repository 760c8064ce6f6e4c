"""Meetings and their series, agendas and documents. Times are stored in UTC; a meeting keeps
the zone it is held in (a zoneinfo name), so it can be shown in the viewer's zone and its own.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.models.bodies import (
    Body,
    Member,
    random_id,
    secretariat_membership,
)


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CONFIRMED = "confirmed", _("Confirmed")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class MeetingInFuture(ValidationError):
    """Refused: the meeting has not started yet, and holding it was not confirmed."""


class Visibility(models.TextChoices):
    MEMBERS = "members", _("Members only")
    PUBLIC = "public", _("Public")


def _bodies_with_member(user: Any) -> models.QuerySet[Member]:
    return Member.objects.active().filter(user=user, body=OuterRef("body"))


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def upcoming(self, now: datetime | None = None) -> MeetingQuerySet:
        """Meetings not yet over and not cancelled, soonest first."""
        return (
            self.filter(ends_at__gte=now or timezone.now())
            .exclude(status=MeetingStatus.CANCELLED)
            .order_by("starts_at", "pk")
        )

    def past(self, now: datetime | None = None) -> MeetingQuerySet:
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at", "-pk")

    def public(self) -> MeetingQuerySet:
        return self.filter(visibility=Visibility.PUBLIC)

    def visible_to(self, user: Any, *, secretariat: bool | None = None) -> MeetingQuerySet:
        """Public meetings, plus members-only meetings of the user's bodies (all of them for the
        secretariat group). ``secretariat``: whether the user is in that group, when the caller
        knows already (``Viewer.secretariat``); otherwise it is asked in the same query."""
        if not user.is_authenticated:
            return self.public()
        if secretariat or user.is_superuser:
            return self
        visible = Q(visibility=Visibility.PUBLIC) | Exists(_bodies_with_member(user))
        if secretariat is None:
            # Not known yet: ask in the same query rather than in one more.
            visible |= Exists(secretariat_membership(user))
        return self.filter(visible)

    def attendable_by(self, user: Any) -> MeetingQuerySet:
        """Meetings of the bodies in which the user takes part (not informed-only)."""
        return self.filter(Exists(_bodies_with_member(user).attending()))


class MeetingSeries(models.Model):
    """A meeting that recurs every few months at the same local time, created ahead."""

    uid = models.CharField(max_length=16, unique=True, default=random_id, editable=False)
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="series")
    title = models.CharField(_("title"), max_length=200)
    first_date = models.DateField(_("first meeting on"))
    start_time = models.TimeField(_("starts at (local time)"))
    duration = models.DurationField(_("duration"), default=timedelta(hours=2))
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Brussels")
    interval_months = models.PositiveSmallIntegerField(_("every … months"), default=2)
    until = models.DateField(_("last meeting no later than"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["body", "title"]
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")
        constraints = [
            models.CheckConstraint(
                condition=Q(interval_months__gte=1), name="forum_series_interval_positive"
            ),
            models.CheckConstraint(
                condition=Q(duration__gt=timedelta(0)), name="forum_series_duration_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Meeting(models.Model):
    uid = models.CharField(max_length=16, unique=True, default=random_id, editable=False)
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings")
    series = models.ForeignKey(
        MeetingSeries, on_delete=models.SET_NULL, null=True, blank=True, related_name="meetings"
    )
    occurrence = models.PositiveIntegerField(null=True, blank=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Brussels")
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    reminder_hours = models.JSONField(
        _("reminders (hours before the start)"), default=list, blank=True
    )
    # When set, members send a written update on their activities until then (forum.updates).
    updates_due_at = models.DateTimeField(_("members' updates due"), null=True, blank=True)
    # Bumped whenever the time or place changes, so calendar clients replace the event.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["body", "starts_at"], name="forum_meeting_body_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="forum_meeting_ends_after"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="forum_meeting_capacity_positive",
            ),
            models.UniqueConstraint(
                fields=["series", "occurrence"],
                condition=Q(series__isnull=False),
                name="forum_meeting_one_per_occurrence",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("forum:meeting", kwargs={"uid": self.uid})

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def local_starts_at(self) -> datetime:
        return self.starts_at.astimezone(self.zone)

    @property
    def local_ends_at(self) -> datetime:
        return self.ends_at.astimezone(self.zone)

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC

    @property
    def is_in_future(self) -> bool:
        return self.starts_at > timezone.now()

    def check_may_be_held(self, *, confirm_future: bool) -> None:
        """Marking a meeting held or publishing its minutes before it has started needs
        ``confirm_future``: its date is more likely wrong than the meeting early."""
        if self.is_in_future and not confirm_future:
            raise MeetingInFuture(
                _("This meeting is dated in the future: confirm that it has taken place.")
            )

    @property
    def is_open_for_registration(self) -> bool:
        return (
            self.status in (MeetingStatus.PLANNED, MeetingStatus.CONFIRMED)
            and self.starts_at > timezone.now()
        )


class AgendaItem(models.Model):
    uid = models.CharField(max_length=16, unique=True, default=random_id, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    presenter = models.CharField(_("presenter"), max_length=200, blank=True)
    description = models.TextField(_("notes"), blank=True)
    # The series' standing item this one was made from, so it is made once per meeting.
    standing_item = models.ForeignKey(
        "forum.StandingAgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="agenda_items",
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "standing_item"],
                condition=Q(standing_item__isnull=False),
                name="forum_agenda_standing_once",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Document(models.Model):
    """A meeting paper; each upload is a new version and old versions stay readable."""

    uid = models.CharField(max_length=16, unique=True, default=random_id, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
    )
    title = models.CharField(_("title"), max_length=300)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title


def _document_path(instance: DocumentVersion, filename: str) -> str:
    return f"forum/{secrets.token_urlsafe(12)}/{filename}"


class DocumentVersion(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(_("file"), upload_to=_document_path, max_length=300)
    filename = models.CharField(max_length=200)
    size = models.PositiveBigIntegerField(default=0)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "-number"]
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="forum_docversion_unique")
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"
