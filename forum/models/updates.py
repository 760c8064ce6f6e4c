"""Members' activity updates: the standing agenda items of a series (the first being "Updates
by members"), each member's short written update on their CSR-related activities before a
meeting, and the update paper the secretariat compiles from them and circulates with the
agenda (docs/forum.md, "Members' activity updates")."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from forum.models.bodies import Member, UpdateGrouping, random_id
from forum.models.meetings import Meeting, MeetingSeries

# The title of the standing item that collects members' updates, as the ILO's coordination
# group has it: "each meeting begins with an update by members on their CSR-related activities".
UPDATES_ITEM_TITLE = "Updates by members"
UPDATE_MAX_LENGTH = 3000


class StandingAgendaItem(models.Model):
    """An item on the agenda of every meeting of a series. With ``updates_days_before`` it
    collects members' written updates, due that many days before each meeting."""

    uid = models.CharField(max_length=16, unique=True, default=random_id, editable=False)
    series = models.ForeignKey(
        MeetingSeries, on_delete=models.CASCADE, related_name="standing_items"
    )
    title = models.CharField(_("title"), max_length=300)
    presenter = models.CharField(_("presenter"), max_length=200, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    updates_days_before = models.PositiveSmallIntegerField(
        _("written updates due, days before the meeting"),
        null=True,
        blank=True,
        help_text=_("Leave empty for an item without written updates."),
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["series", "position", "pk"]
        verbose_name = _("standing agenda item")
        verbose_name_plural = _("standing agenda items")
        constraints = [
            models.CheckConstraint(
                condition=Q(updates_days_before__isnull=True) | Q(updates_days_before__lte=60),
                name="forum_standing_updates_days_sensible",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def collects_updates(self) -> bool:
        return self.updates_days_before is not None


class MemberUpdateQuerySet(models.QuerySet["MemberUpdate"]):
    def search(self, words: str) -> MemberUpdateQuerySet:
        """Updates whose text, author or organisation contains each word (any case): the same
        on PostgreSQL and SQLite."""
        found = self
        for word in words.split()[:10]:
            found = found.filter(
                Q(text__icontains=word)
                | Q(member__user__name__icontains=word)
                | Q(member__organisation__name__icontains=word)
                | Q(meeting__title__icontains=word)
            )
        return found


class MemberUpdate(models.Model):
    """One member's update on their CSR-related activities for one meeting; editable until
    the meeting's deadline (``Meeting.updates_due_at``)."""

    uid = models.CharField(max_length=16, unique=True, default=random_id, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="member_updates")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField(_("your update"), max_length=UPDATE_MAX_LENGTH)
    submitted_at = models.DateTimeField(_("sent"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = MemberUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "pk"]
        verbose_name = _("member's update")
        verbose_name_plural = _("members' updates")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="forum_update_unique"),
        ]
        indexes = [models.Index(fields=["meeting", "submitted_at"], name="forum_update_meeting")]

    def __str__(self) -> str:
        return f"{self.member} – {self.meeting}"


class UpdatePaper(models.Model):
    """The updates of a meeting as compiled and circulated: a copy of them (``content``), so
    the paper members received does not change when an update or a membership does later.
    Compiling again writes the next revision."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="update_paper")
    grouping = models.CharField(max_length=20, choices=UpdateGrouping.choices)
    # [{"label": str, "entries": [{"name", "organisation", "text"}]}], in the paper's order.
    content = models.JSONField(default=list)
    revision = models.PositiveIntegerField(default=0)
    compiled_at = models.DateTimeField()
    compiled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("update paper")
        verbose_name_plural = _("update papers")

    def __str__(self) -> str:
        return f"{self.meeting} – {self.revision}"

    def get_absolute_url(self) -> str:
        return reverse("forum:update_paper", kwargs={"uid": self.meeting.uid})

    @property
    def entry_count(self) -> int:
        return sum(len(group["entries"]) for group in self.content)
