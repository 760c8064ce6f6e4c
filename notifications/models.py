"""The portal's one email outbox: every message is a row before it is a delivery."""

from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutgoingEmailQuerySet(models.QuerySet["OutgoingEmail"]):
    def due(self) -> OutgoingEmailQuerySet:
        return self.filter(status=Status.QUEUED, due_at__lte=timezone.now())

    def stalled(self, *, older_than: timedelta) -> OutgoingEmailQuerySet:
        """Rows claimed by a worker that died before marking them: they go back in the queue."""
        return self.filter(status=Status.SENDING, claimed_at__lt=timezone.now() - older_than)


class OutgoingEmail(models.Model):
    """One message to one recipient.

    ``key`` names the recipient and the event or period (for example
    ``invitation:<token>``), so writing the same message twice is a no-op.
    """

    key = models.CharField(max_length=200, unique=True)
    to = models.EmailField()
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    due_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        indexes = [
            models.Index(
                fields=["due_at"],
                name="notif_outgoing_queued_due",
                condition=models.Q(status="queued"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"


class EmailOptOut(models.Model):
    """A person who asked for no more email on one topic (for example ``forum.digest``).

    Transactional mail (invitations, account mail) has no topic and is always sent.
    """

    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="email_opt_outs"
    )
    topic = models.CharField(max_length=60)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("email opt-out")
        verbose_name_plural = _("email opt-outs")
        constraints = [
            models.UniqueConstraint(fields=["user", "topic"], name="notif_optout_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ✕ {self.topic}"
