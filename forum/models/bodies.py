"""Bodies and their members, and each person's forum settings.

One meetings engine serves the Multistakeholder Forum, coordination groups of focal persons and
each open coalition's laboratory meetings.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import opaque_slug

# The Django group whose members manage every body (docs/forum.md); staff put people in it.
SECRETARIAT_GROUP = "Forum secretariat"


def random_id() -> str:
    """An opaque identifier for addresses of private objects (12 URL-safe characters)."""
    return secrets.token_urlsafe(9)


def feed_token() -> str:
    return secrets.token_urlsafe(32)


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


class Location(models.TextChoices):
    """Where a focal person works: the ILO's group is "equally representing headquarters and
    the field"."""

    HEADQUARTERS = "headquarters", _("Headquarters")
    FIELD = "field", _("Field office")


class UpdateGrouping(models.TextChoices):
    """How the update paper of a body's meeting groups members' updates."""

    CONSTITUENCY = "constituency", _("By constituency")
    LOCATION = "location", _("Headquarters and field offices")


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
    open_joining = models.BooleanField(
        _("open to join"),
        default=False,
        help_text=_(
            "Open: anyone signed in who asks becomes a member at once. Otherwise the "
            "secretariat approves or declines each request."
        ),
    )
    update_grouping = models.CharField(
        _("members' updates grouped"),
        max_length=20,
        choices=UpdateGrouping.choices,
        default=UpdateGrouping.CONSTITUENCY,
        help_text=_("How the update paper of a meeting groups the members' updates."),
    )
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
            self.slug = opaque_slug(self.name, fallback="body", random_chars=6)
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

    def reporting(self) -> MemberQuerySet:
        """Members who send a written update before a meeting that collects them: those who
        attend, but the secretariat, who compiles the updates."""
        return self.attending().exclude(role=MemberRole.SECRETARIAT)


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
    location = models.CharField(_("works at"), max_length=12, choices=Location.choices, blank=True)
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


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the secretariat")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class JoinRequest(models.Model):
    """A person asks to join a moderated body; the secretariat approves or declines it. Kept
    after the decision, as the record of who decided what and why."""

    uid = models.CharField(max_length=16, unique=True, default=random_id, editable=False)
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_join_requests"
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
    motivation = models.TextField(_("motivation"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=JoinRequestStatus.choices,
        default=JoinRequestStatus.PENDING,
    )
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("request to join")
        verbose_name_plural = _("requests to join")
        constraints = [
            # A second request while one waits would only be a second copy for the queue.
            models.UniqueConstraint(
                fields=["body", "user"],
                condition=Q(status="pending"),
                name="forum_joinrequest_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.body}"


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


def secretariat_membership(user: Any) -> models.QuerySet[Any]:
    """The user's row in the "Forum secretariat" group, for an ``Exists`` in a larger query."""
    return secretariat_membership_of(user.pk)


def secretariat_membership_of(user_id: Any) -> models.QuerySet[Any]:
    """``secretariat_membership`` by the user's id (or an ``OuterRef`` to it)."""
    through = get_user_model().groups.through
    return through.objects.filter(user_id=user_id, group__name=SECRETARIAT_GROUP)
