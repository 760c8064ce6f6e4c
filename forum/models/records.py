"""What meetings produce: registrations and attendance, minutes, action items and
recommendations with their reviews."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.models.bodies import Body, Constituency, Member, random_id
from forum.models.meetings import Meeting


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITING = "waiting", _("On the waiting list")
    DECLINED = "declined", _("Declined")
    # Came without registering: an attendance record, not a registration (nobody is registered
    # but by their own action).
    UNREGISTERED = "unregistered", _("Not registered")


class Registration(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_registrations"
    )
    status = models.CharField(max_length=12, choices=RegistrationStatus.choices)
    # The constituency the person represented when they answered: the balance of a meeting
    # must not change when someone's membership changes later.
    constituency = models.CharField(max_length=20, choices=Constituency.choices)
    # Stated by people who are not members of the body, registering for a public meeting;
    # members represent the organisation of their membership.
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    # Order on the waiting list: the time the person joined it.
    status_since = models.DateTimeField(default=timezone.now)
    # Counts the changes of status, so each confirmation email has its own outbox key.
    changes = models.PositiveIntegerField(default=0)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["status_since", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="forum_registration_unique")
        ]
        indexes = [models.Index(fields=["meeting", "status"], name="forum_reg_meeting_status")]

    def __str__(self) -> str:
        return f"{self.user} – {self.meeting} ({self.get_status_display()})"


class MinutesKind(models.TextChoices):
    MINUTES = "minutes", _("Minutes")
    SUMMARY = "summary", _("Summary note")


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Minutes(models.Model):
    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    kind = models.CharField(
        _("kind"), max_length=10, choices=MinutesKind.choices, default=MinutesKind.MINUTES
    )
    text = models.TextField(_("text"))
    status = models.CharField(
        max_length=10, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    revision = models.PositiveIntegerField(default=0)
    published_at = models.DateTimeField(null=True, blank=True)
    reopen_reason = models.CharField(max_length=300, blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.meeting}"

    @property
    def is_published(self) -> bool:
        return self.status == MinutesStatus.PUBLISHED


class MinutesRevision(models.Model):
    """Each publication of minutes, kept so readers see what changed and why."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    text = models.TextField()
    reason = models.CharField(_("why it was reopened"), max_length=300, blank=True)
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["minutes", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["minutes", "number"], name="forum_minutes_rev_unique")
        ]

    def __str__(self) -> str:
        return f"{self.minutes} r{self.number}"


class ActionItemQuerySet(models.QuerySet["ActionItem"]):
    def open(self) -> ActionItemQuerySet:
        return self.filter(done_at__isnull=True)

    def overdue(self, on: date | None = None) -> ActionItemQuerySet:
        return self.open().filter(due_date__lt=on or timezone.localdate())

    def carried_to(self, meeting: Meeting) -> ActionItemQuerySet:
        """Items agreed at an earlier meeting of the body that were still open when ``meeting``
        started: they come back on its agenda until they are done."""
        return self.filter(
            body_id=meeting.body_id, meeting__starts_at__lt=meeting.starts_at
        ).filter(Q(done_at__isnull=True) | Q(done_at__gt=meeting.starts_at))


class ActionItem(models.Model):
    uid = models.CharField(max_length=16, unique=True, default=random_id, editable=False)
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="action_items")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    title = models.CharField(_("action"), max_length=300)
    # Null once the owner deleted their account: the body keeps the action, unassigned.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="forum_action_items",
    )
    due_date = models.DateField(_("due date"))
    done_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    @property
    def is_overdue(self) -> bool:
        return not self.is_done and self.due_date < timezone.localdate()


class RecommendationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    UNDER_REVIEW = "under-review", _("Under review")
    ACCEPTED = "accepted", _("Accepted")
    IN_PROGRESS = "in-progress", _("Being implemented")
    IMPLEMENTED = "implemented", _("Implemented")
    NOT_TAKEN_UP = "not-taken-up", _("Not taken up")


class Recommendation(models.Model):
    """A recommendation of the Forum, followed up at review meetings."""

    uid = models.CharField(max_length=16, unique=True, default=random_id, editable=False)
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="recommendations")
    reference = models.CharField(_("reference"), max_length=20)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("recommendation"))
    raised_by = models.ManyToManyField(
        Member, verbose_name=_("raised by"), blank=True, related_name="recommendations_raised"
    )
    status = models.CharField(
        _("status"),
        max_length=15,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.OPEN,
    )
    response = models.TextField(_("reasoned response"), blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["body", "reference"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "reference"], name="forum_recommendation_reference_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("forum:recommendation", kwargs={"uid": self.uid})


class RecommendationReview(models.Model):
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="reviews"
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("review meeting"),
        on_delete=models.PROTECT,
        related_name="recommendation_reviews",
    )
    status = models.CharField(
        _("status after the review"), max_length=15, choices=RecommendationStatus.choices
    )
    note = models.TextField(_("what the meeting concluded"), blank=True)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("recommendation review")
        verbose_name_plural = _("recommendation reviews")

    def __str__(self) -> str:
        return f"{self.recommendation} @ {self.meeting}"
