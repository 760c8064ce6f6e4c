"""The portal's one email outbox: every message is a row before it is a delivery."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
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
    # A message with a one-time secret (a reset or invitation link, a code) keeps the secret
    # here, encrypted, and a stand-in in its subject and bodies; the worker puts it back in
    # at send time and empties this field once the message is sent or given up. No staff
    # page shows it (docs/email.md).
    carries_secret = models.BooleanField(_("carries a secret"), default=False, editable=False)
    sealed = models.TextField(blank=True, editable=False)

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
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_opt_outs"
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


class ConsentRecord(models.Model):
    """One act of agreeing to, or withdrawing from, email for a purpose: what was shown (the
    consent text's version and a hash of its wording in the language shown), and when.

    Rows are only ever added: the history is the proof. They go with the account when it is
    deleted (no more mail goes to it, so nothing is left to prove).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consent_records"
    )
    purpose = models.CharField(_("purpose"), max_length=60)
    given = models.BooleanField(_("given"), help_text=_("Unticked: withdrawn."))
    text_version = models.CharField(_("consent text version"), max_length=60)
    text_sha256 = models.CharField(_("hash of the wording shown"), max_length=64)
    language = models.CharField(_("language"), max_length=10)
    source = models.CharField(_("where"), max_length=40)
    reference = models.CharField(_("about"), max_length=100, blank=True)
    created = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["user", "created", "pk"]
        verbose_name = _("email consent record")
        verbose_name_plural = _("email consent records")
        indexes = [models.Index(fields=["user", "purpose", "created"], name="notif_consent_user")]

    def __str__(self) -> str:
        return f"{self.user} {'✓' if self.given else '✕'} {self.purpose} ({self.text_version})"
