"""The forum's blocks of a person's start page ("Your portal", composed by ``portal``): their
next meetings and open action items and, for whoever manages a body, the work waiting for the
secretariat. Selectors taking the person looking; each reads a fixed number of queries however
many rows there are (tests/portal/test_start_page.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from forum import selectors
from forum.models import (
    ActionItem,
    AgendaItem,
    Body,
    Constituency,
    Meeting,
    MeetingStatus,
    Member,
    MemberRole,
    Minutes,
    MinutesStatus,
    Registration,
    RegistrationStatus,
)

SHOWN = 5
# Registrations come in over the weeks before a meeting: an empty constituency is worth a
# warning only for the meetings this close.
WARNING_DAYS = 30


def upcoming_of(user: Any, *, secretariat: bool, limit: int = SHOWN) -> list[Meeting]:
    """The next meetings of the bodies ``user`` attends, and any others they answered and may
    still see, each with ``my_registration`` (their registration's status, or None).
    ``secretariat``: ``Viewer.secretariat``. One query."""
    answered = Registration.objects.filter(meeting=OuterRef("pk"), user=user).exclude(
        status=RegistrationStatus.DECLINED
    )
    attends = Member.objects.active().attending().filter(user=user, body=OuterRef("body"))
    return list(
        Meeting.objects.visible_to(user, secretariat=secretariat)
        .upcoming()
        .filter(Q(Exists(attends)) | Q(Exists(answered)))
        .annotate(my_registration=Subquery(answered.values("status")[:1]))
        .select_related("body")[:limit]
    )


def open_actions_of(user: Any, *, limit: int = SHOWN) -> list[ActionItem]:
    """``user``'s open action items, soonest due first. One query."""
    return list(selectors.open_actions_of(user).order_by("due_date", "pk")[:limit])


@dataclass(frozen=True)
class Unrepresented:
    meeting: Meeting
    # The labels of the constituencies with attending members and nobody registered.
    constituencies: list[str]


@dataclass(frozen=True)
class SecretariatWork:
    """What waits for whoever manages a body: upcoming meetings without an agenda, past
    meetings whose minutes are not published, and meetings soon where a constituency is
    unrepresented (``RegistrationFigures.unrepresented``, for many meetings at once)."""

    agendas_needed: list[Meeting]
    minutes_to_publish: list[Meeting]
    unrepresented: list[Unrepresented]


def _managed_bodies(user: Any, *, secretariat: bool) -> QuerySet[Body] | None:
    """The bodies ``user`` manages (``permissions.can_manage``), or None for none."""
    if secretariat:
        return Body.objects.all()
    own = Body.objects.filter(
        Exists(
            Member.objects.active().filter(
                body=OuterRef("pk"), user=user, role=MemberRole.SECRETARIAT
            )
        )
    )
    return own if own.exists() else None


def secretariat_work_of(
    user: Any, *, secretariat: bool, limit: int = SHOWN
) -> SecretariatWork | None:
    """The work waiting in the bodies ``user`` manages, or None when they manage none.
    ``secretariat``: ``Viewer.secretariat``. Up to six queries."""
    bodies = _managed_bodies(user, secretariat=secretariat)
    if bodies is None:
        return None
    upcoming = Meeting.objects.upcoming().filter(body__in=bodies).select_related("body")
    agendas_needed = list(
        upcoming.filter(~Exists(AgendaItem.objects.filter(meeting=OuterRef("pk"))))[:limit]
    )
    published = Minutes.objects.filter(meeting=OuterRef("pk"), status=MinutesStatus.PUBLISHED)
    minutes_to_publish = list(
        Meeting.objects.past()
        .filter(body__in=bodies)
        .exclude(status=MeetingStatus.CANCELLED)
        .filter(~Exists(published))
        .select_related("body")[:limit]
    )
    soon = list(upcoming.filter(starts_at__lte=timezone.now() + timedelta(days=WARNING_DAYS)))
    return SecretariatWork(
        agendas_needed=agendas_needed,
        minutes_to_publish=minutes_to_publish,
        unrepresented=_unrepresented(soon)[:limit],
    )


def _unrepresented(meetings: list[Meeting]) -> list[Unrepresented]:
    """The meetings among ``meetings`` where a constituency with attending members in the
    body has nobody registered: two queries for all of them."""
    if not meetings:
        return []
    registered: set[tuple[int, str]] = set(
        Registration.objects.filter(meeting__in=meetings, status=RegistrationStatus.REGISTERED)
        .order_by()
        .values_list("meeting_id", "constituency")
        .distinct()
    )
    present: set[tuple[int, str]] = set(
        Member.objects.active()
        .attending()
        .filter(body_id__in={meeting.body_id for meeting in meetings})
        .order_by()
        .values_list("body_id", "constituency")
        .distinct()
    )
    found = []
    for meeting in meetings:
        missing = [
            str(label)
            for key, label in Constituency.choices
            if (meeting.body_id, key) in present and (meeting.pk, key) not in registered
        ]
        if missing:
            found.append(Unrepresented(meeting=meeting, constituencies=missing))
    return found
