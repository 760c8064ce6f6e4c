"""Registrations, the waiting list and the attendance log."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.models import (
    Body,
    Constituency,
    Meeting,
    MeetingStatus,
    Member,
    Registration,
    RegistrationStatus,
    Visibility,
)
from forum.permissions import require_manager
from forum.services.mail import (
    mail_registration,
    mail_registrations_withdrawn,
    reminders_cancel,
    reminders_enqueue,
)
from pagecache import invalidates

# The statuses of someone who asked to come; the others can still register.
_ANSWERED_YES = (RegistrationStatus.REGISTERED, RegistrationStatus.WAITING)


def _attending_member(meeting: Meeting, user: Any) -> Member | None:
    """The user's membership that covers the meeting's day: one that ends before it gives no
    place, as leaving would have taken it back (``registrations_withdraw``)."""
    members = Member.objects.active(on=meeting.local_starts_at.date()).attending()
    return members.filter(body_id=meeting.body_id, user=user).first()


@transaction.atomic
@invalidates("forum")
def registration_register(
    *,
    meeting: Meeting,
    user: Any,
    constituency: str = "",
    organisation_name: str = "",
) -> Registration:
    """Register for a meeting, or join its waiting list when it is full. Members of the body
    register as their membership says; anyone signed in may register for a public meeting,
    stating their ``constituency`` and ``organisation_name``. Both count the same for
    capacity, the waiting list and the constituency balance."""
    # The meeting row is the lock: two members taking the last place cannot both get it.
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    member = _attending_member(meeting, user)
    if member is None and not meeting.is_public:
        raise PermissionDenied(_("Only members of %(body)s can register.") % {"body": meeting.body})
    if not meeting.is_open_for_registration:
        raise ValidationError(_("Registration for this meeting is closed."))
    if member is not None:
        constituency = member.constituency
        organisation_name = ""
    elif constituency not in Constituency.values:
        raise ValidationError(_("Choose the constituency you represent."))
    organisation_name = organisation_name.strip()[:200]
    registration = Registration.objects.filter(meeting=meeting, user=user).first()
    if registration is not None and registration.status in _ANSWERED_YES:
        return registration
    registered = meeting.registrations.filter(status=RegistrationStatus.REGISTERED).count()
    full = meeting.capacity is not None and registered >= meeting.capacity
    status = RegistrationStatus.WAITING if full else RegistrationStatus.REGISTERED
    if registration is None:
        registration = Registration.objects.create(
            meeting=meeting,
            user=user,
            status=status,
            constituency=constituency,
            organisation_name=organisation_name,
        )
    else:
        registration.status = status
        registration.constituency = constituency
        registration.organisation_name = organisation_name
        registration.status_since = timezone.now()
        registration.changes += 1
        registration.save(
            update_fields=[
                "status",
                "constituency",
                "organisation_name",
                "status_since",
                "changes",
            ]
        )
    mail_registration(meeting, registration)
    if status == RegistrationStatus.REGISTERED:
        reminders_enqueue(meeting, user)
    return registration


@transaction.atomic
@invalidates("forum")
def registration_decline(*, meeting: Meeting, user: Any) -> Registration:
    """Say one will not come; a place given up goes to the first person waiting."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    member = _attending_member(meeting, user)
    registration = Registration.objects.filter(meeting=meeting, user=user).first()
    if member is None and registration is None:
        raise PermissionDenied(_("Only members of %(body)s can answer.") % {"body": meeting.body})
    if not meeting.is_open_for_registration:
        raise ValidationError(_("Registration for this meeting is closed."))
    if registration is None:
        return Registration.objects.create(
            meeting=meeting,
            user=user,
            status=RegistrationStatus.DECLINED,
            constituency=member.constituency,
        )
    if registration.status == RegistrationStatus.DECLINED:
        return registration
    gave_up_place = registration.status == RegistrationStatus.REGISTERED
    Registration.objects.filter(pk=registration.pk).update(
        status=RegistrationStatus.DECLINED,
        status_since=timezone.now(),
        changes=F("changes") + 1,
    )
    registration.refresh_from_db()
    reminders_cancel(meeting, user_id=user.pk)
    if gave_up_place:
        promote_waiting(meeting)
    return registration


def registrations_withdraw(*, body: Body, user: Any, last_day: date) -> list[Registration]:
    """A membership of ``body`` ends on ``last_day`` (it counts as a day of membership): the
    person's registrations and waiting-list places for the body's members-only meetings that
    start after that day and are still ahead are given up, each place to the first person
    waiting, as if they had declined, and the person is told by email which ones. Their
    registrations for public meetings stay: those are open to anyone. Returns the given-up
    registrations, soonest meeting first, with their meeting. Call inside a transaction."""
    first_moment = datetime.combine(
        last_day + timedelta(days=1), time.min, tzinfo=timezone.get_current_timezone()
    )
    meeting_ids = list(
        Registration.objects.filter(
            user=user,
            status__in=_ANSWERED_YES,
            meeting__body=body,
            meeting__starts_at__gte=max(first_moment, timezone.now()),
            meeting__status__in=[MeetingStatus.PLANNED, MeetingStatus.CONFIRMED],
        )
        .exclude(meeting__visibility=Visibility.PUBLIC)
        .values_list("meeting_id", flat=True)
    )
    if not meeting_ids:
        return []
    withdrawn = []
    # Meeting rows are the locks of their places, taken in one order so that two people
    # leaving at once cannot wait on each other.
    meetings = Meeting.objects.select_for_update().filter(pk__in=meeting_ids).order_by("pk")
    for meeting in meetings.select_related("body"):
        registration = Registration.objects.filter(
            meeting=meeting, user=user, status__in=_ANSWERED_YES
        ).first()
        if registration is None:  # declined meanwhile
            continue
        gave_up_place = registration.status == RegistrationStatus.REGISTERED
        Registration.objects.filter(pk=registration.pk).update(
            status=RegistrationStatus.DECLINED,
            status_since=timezone.now(),
            changes=F("changes") + 1,
        )
        registration.refresh_from_db()
        registration.meeting = meeting
        reminders_cancel(meeting, user_id=user.pk)
        if gave_up_place:
            promote_waiting(meeting)
        withdrawn.append(registration)
    withdrawn.sort(key=lambda r: (r.meeting.starts_at, r.meeting.pk))
    if withdrawn:
        mail_registrations_withdrawn(user, body=body, registrations=withdrawn)
    return withdrawn


def promote_waiting(meeting: Meeting) -> list[Registration]:
    """Move people up from the waiting list while there are places. Call with the meeting row
    locked."""
    waiting = meeting.registrations.filter(status=RegistrationStatus.WAITING).order_by(
        "status_since", "pk"
    )
    if meeting.capacity is None:
        candidates = list(waiting.select_related("user"))
    else:
        registered = meeting.registrations.filter(status=RegistrationStatus.REGISTERED).count()
        free = max(meeting.capacity - registered, 0)
        candidates = list(waiting.select_related("user")[:free]) if free else []
    for registration in candidates:
        Registration.objects.filter(pk=registration.pk).update(
            status=RegistrationStatus.REGISTERED,
            status_since=timezone.now(),
            changes=F("changes") + 1,
        )
        registration.refresh_from_db()
        mail_registration(meeting, registration, promoted=True)
        reminders_enqueue(meeting, registration.user)
    return candidates


@transaction.atomic
@invalidates("forum")
def attendance_record(
    *, meeting: Meeting, by: Any, present: list[int], confirm_future: bool = False
) -> Meeting:
    """Keep the attendance log and mark the meeting held; before its start only with
    ``confirm_future``. ``present`` are user ids of members who came. Nobody is registered
    here: someone who came without registering (the secretariat, often) is recorded as
    attending and "not registered"."""
    require_manager(by, meeting.body)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("A cancelled meeting cannot be held."))
    meeting.check_may_be_held(confirm_future=confirm_future)
    members = {m.user_id: m for m in Member.objects.attending().filter(body_id=meeting.body_id)}
    # Whoever registered from outside the body (a public meeting) may be on the log as well.
    registrants = set(
        meeting.registrations.filter(
            status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITING]
        ).values_list("user_id", flat=True)
    )
    unknown = set(present) - set(members) - registrants
    if unknown:
        raise ValidationError(_("Only members of the body can be on the attendance log."))
    unregistered = RegistrationStatus.UNREGISTERED
    meeting.registrations.filter(status=unregistered).exclude(user_id__in=present).delete()
    answered = set(meeting.registrations.values_list("user_id", flat=True))
    Registration.objects.bulk_create(
        Registration(
            meeting=meeting,
            user_id=user_id,
            status=unregistered,
            constituency=members[user_id].constituency,
            attended=True,
        )
        for user_id in present
        if user_id not in answered
    )
    meeting.registrations.filter(user_id__in=present).update(attended=True)
    meeting.registrations.exclude(user_id__in=present).update(attended=False)
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD, updated=timezone.now())
    reminders_cancel(meeting)
    meeting.refresh_from_db()
    return meeting
