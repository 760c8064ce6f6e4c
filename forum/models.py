"""Bodies and their members, meetings, agendas, documents, registrations, minutes, action
items and recommendations.

One meetings engine serves the Multistakeholder Forum, coordination groups of focal persons and
each open coalition's laboratory meetings. Times are stored in UTC; a meeting keeps the zone it
is held in (a zoneinfo name), so it can be shown in the viewer's zone and its own.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import Exists, FilteredRelation, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

# The Django group whose members manage every body (docs/forum.md); staff put people in it.
SECRETARIAT_GROUP = "Forum secretariat"


def random_id() -> str:
    """An opaque identifier for addresses of private objects (12 URL-safe characters)."""
    return secrets.token_urlsafe(9)


def feed_token() -> str:
    return secrets.token_urlsafe(32)


def _opaque_suffix() -> str:
    alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
    return "".join(secrets.choice(alphabet) for _ in range(6))


class BodyKind(models.TextChoices):
    FORUM = "forum", _("Multistakeholder Forum")
    COORDINATION = "coordination-group", _("Coordination group")
    LABORATORY = "laboratory", _("Coalition laboratory")


class Constituency(models.TextChoices):
    BUSINESS = "business", _("Business")
    EMPLOYERS = "employers", _("Employers' organisations")
    TRADE_UNIONS = "trade-unions", _("Trade unions")
    CIVIL_SOCIETY = "civil-society", _("Civil society and NGOs")
    FACILITATOR = "facilitator", _("Facilitator")
    RESEARCH = "research", _("Research and education")


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    SECRETARIAT = "secretariat", _("Secretariat")
    MEMBER = "member", _("Member")
    OBSERVER = "observer", _("Observer")
    INFORMED = "informed", _("Informed only")


class DigestFrequency(models.TextChoices):
    NONE = "none", _("No digest")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


class BodyQuerySet(models.QuerySet["Body"]):
    def for_theme(self, theme: Any) -> Body | None:
        """The coalition laboratory of a priority area (a ``taxonomy.Theme``), if there is one."""
        return self.filter(kind=BodyKind.LABORATORY, theme=theme).first()


class Body(models.Model):
    """The Multistakeholder Forum, a coordination group, or a coalition's laboratory."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("address key"), max_length=80, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=BodyKind.choices)
    theme = models.ForeignKey(
        "taxonomy.Theme",
        verbose_name=_("priority area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forum_bodies",
        help_text=_("Only for a coalition laboratory: the priority area it works on."),
    )
    description = models.TextField(_("description"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = BodyQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        constraints = [
            models.UniqueConstraint(
                fields=["theme"],
                condition=Q(theme__isnull=False),
                name="forum_body_one_laboratory_per_theme",
            ),
            models.CheckConstraint(
                condition=(Q(kind="laboratory") & Q(theme__isnull=False))
                | (~Q(kind="laboratory") & Q(theme__isnull=True)),
                name="forum_body_theme_only_for_laboratory",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.slug:
            prefix = slugify(self.name)[:60].strip("-") or "body"
            self.slug = f"{prefix}-{_opaque_suffix()}"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("forum:body", kwargs={"slug": self.slug})


class MemberQuerySet(models.QuerySet["Member"]):
    def active(self, on: date | None = None) -> MemberQuerySet:
        on = on or timezone.localdate()
        return self.filter(start_date__lte=on).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=on)
        )

    def attending(self) -> MemberQuerySet:
        """Members who take part in meetings: everyone except the informed-only."""
        return self.exclude(role=MemberRole.INFORMED)


class Member(models.Model):
    """A person in a body, representing an organisation of a constituency."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_memberships"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation represented"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    constituency = models.CharField(_("constituency"), max_length=20, choices=Constituency.choices)
    role = models.CharField(
        _("role"), max_length=12, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    start_date = models.DateField(_("member since"), default=timezone.localdate)
    end_date = models.DateField(_("member until"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["constituency", "user__name", "user__email"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(fields=["body", "user"], name="forum_member_unique"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="forum_member_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.body}"

    @property
    def is_active(self) -> bool:
        today = timezone.localdate()
        return self.start_date <= today and (self.end_date is None or self.end_date >= today)


class MemberPreferences(models.Model):
    """A person's forum settings: digest frequency, time zone, themes, calendar feed secret."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_preferences"
    )
    digest_frequency = models.CharField(
        _("digest"),
        max_length=10,
        choices=DigestFrequency.choices,
        default=DigestFrequency.WEEKLY,
    )
    time_zone = models.CharField(_("your time zone"), max_length=64, default="Europe/Brussels")
    themes = models.ManyToManyField(
        "taxonomy.Theme",
        verbose_name=_("priority areas you follow"),
        blank=True,
        related_name="+",
    )
    feed_token = models.CharField(max_length=64, unique=True, default=feed_token, editable=False)

    class Meta:
        verbose_name = _("forum preferences")
        verbose_name_plural = _("forum preferences")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CONFIRMED = "confirmed", _("Confirmed")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Visibility(models.TextChoices):
    MEMBERS = "members", _("Members only")
    PUBLIC = "public", _("Public")


def _bodies_with_member(user: Any) -> models.QuerySet[Member]:
    return Member.objects.active().filter(user=user, body=OuterRef("body"))


def _secretariat_membership(user: Any) -> models.QuerySet[Any]:
    """The user's row in the "Forum secretariat" group, for an ``Exists`` in a larger query."""
    return user.groups.through.objects.filter(user_id=user.pk, group__name=SECRETARIAT_GROUP)


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

    def visible_to(self, user: Any) -> MeetingQuerySet:
        """Public meetings, plus members-only meetings of the user's bodies (all of them for the
        secretariat group)."""
        if not user.is_authenticated:
            return self.public()
        secretariat = _known_forum_secretariat(user)
        if secretariat:
            return self
        if "viewer_role" in self.query.annotations:
            # with_viewer() came first: its columns say the same, without building the
            # subqueries a second time.
            visible = Q(visibility=Visibility.PUBLIC) | Q(viewer_role__isnull=False)
            if secretariat is None:
                visible |= Q(viewer_secretariat=True)
            return self.filter(visible)
        visible = Q(visibility=Visibility.PUBLIC) | Exists(_bodies_with_member(user))
        if secretariat is None:
            # Not known yet in this request: ask in the same query rather than in one more.
            visible |= Exists(_secretariat_membership(user))
        return self.filter(visible)

    def with_viewer(self, user: Any) -> MeetingQuerySet:
        """What a meeting's page needs to know about a signed-in ``user``, read with the
        meeting: ``viewer_role`` (their active role in its body, or None), ``viewer_secretariat``
        (in the "Forum secretariat" group), ``viewer_time_zone`` (their forum preference, or
        None) and ``viewer_registration`` (their registration, when they answered)."""
        if not user.is_authenticated:
            return self
        return (
            self.annotate(
                # One row at most: a person is a member of a body once (forum_member_unique).
                viewer_role=models.Subquery(
                    _bodies_with_member(user).order_by().values("role")[:1]
                ),
                viewer_secretariat=Exists(_secretariat_membership(user)),
                viewer_time_zone=models.Subquery(
                    MemberPreferences.objects.filter(user=user).values("time_zone")[:1]
                ),
                viewer_registration=FilteredRelation(
                    "registrations", condition=Q(registrations__user=user)
                ),
            )
            # At most one row: a person registers once for a meeting (forum_registration_unique).
            .select_related("viewer_registration")
        )

    def attendable_by(self, user: Any) -> MeetingQuerySet:
        """Meetings of the bodies in which the user takes part (not informed-only)."""
        return self.filter(Exists(_bodies_with_member(user).attending()))


def is_forum_secretariat(user: Any) -> bool:
    if not user.is_authenticated:
        return False
    cached = _known_forum_secretariat(user)
    if cached is None:
        cached = _secretariat_membership(user).exists()
        remember_forum_secretariat(user, cached)
    return cached


def _known_forum_secretariat(user: Any) -> bool | None:
    """``is_forum_secretariat`` for a signed-in user without a query, or None if not known yet."""
    if user.is_superuser:
        return True
    return getattr(user, "_forum_secretariat", None)


def remember_forum_secretariat(user: Any, value: bool) -> None:
    """Keep, for this request, whether ``user`` is in the group (read within another query)."""
    user._forum_secretariat = value


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

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

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


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITING = "waiting", _("On the waiting list")
    DECLINED = "declined", _("Declined")


class Registration(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_registrations"
    )
    status = models.CharField(max_length=12, choices=RegistrationStatus.choices)
    # The constituency the person represented when they answered: the balance of a meeting
    # must not change when someone's membership changes later.
    constituency = models.CharField(max_length=20, choices=Constituency.choices)
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
