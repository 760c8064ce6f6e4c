"""Writes of the forum: every change that has a rule or sends mail goes through here.

Mail is written to the outbox in the same transaction as the change that causes it (through
``notifications.services.email_to_member``), so a rolled-back change sends nothing and a
repeated one sends nothing twice: every message has a key naming the recipient and the event.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

import uploads
from accounts.models import Organisation, User, normalise_email
from forum.models import (
    SECRETARIAT_GROUP,
    ActionItem,
    AgendaItem,
    Body,
    Constituency,
    DigestFrequency,
    Document,
    DocumentVersion,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    Member,
    MemberPreferences,
    MemberRole,
    Minutes,
    MinutesRevision,
    MinutesStatus,
    Recommendation,
    RecommendationReview,
    Registration,
    RegistrationStatus,
    feed_token,
    is_forum_secretariat,
)
from notifications.consent import FORUM_DIGEST
from notifications.models import OutgoingEmail, Status
from notifications.services import consent_record, email_enqueue, email_render, email_to_member
from pagecache import invalidates

TOPIC_MEETINGS = "forum.meetings"
TOPIC_REMINDERS = "forum.reminders"
TOPIC_MINUTES = "forum.minutes"
TOPIC_DIGEST = "forum.digest"
TOPIC_RECOMMENDATIONS = "forum.recommendations"

SERIES_HORIZON = timedelta(days=365)


# --- Who may do what ----------------------------------------------------------------------------


def can_manage(user: Any, body: Body) -> bool:
    """The "Forum secretariat" group manages every body; a member with the secretariat role
    manages their own body."""
    if not user.is_authenticated:
        return False
    if is_forum_secretariat(user):
        return True
    return (
        Member.objects.active().filter(body=body, user=user, role=MemberRole.SECRETARIAT).exists()
    )


@dataclass(frozen=True)
class Standing:
    manager: bool
    member: bool
    attending: bool

    @classmethod
    def of(cls, roles: Iterable[str], *, secretariat: bool) -> Standing:
        """From a person's active roles in a body and whether they are in the "Forum
        secretariat" group: ``can_manage``'s rule, membership, and whether they attend
        meetings (every active role but informed-only)."""
        roles = set(roles)
        manager = MemberRole.SECRETARIAT in roles or secretariat
        return cls(
            manager=manager,
            member=manager or bool(roles),
            attending=bool(roles - {MemberRole.INFORMED}),
        )


NO_STANDING = Standing(manager=False, member=False, attending=False)


def standing(user: Any, body: Body) -> Standing:
    """What the viewer is in ``body``, in one query (see ``Standing.of``)."""
    if not user.is_authenticated:
        return NO_STANDING
    roles = set(Member.objects.active().filter(body=body, user=user).values_list("role", flat=True))
    # The group is asked only when the role does not already make them a manager.
    return Standing.of(
        roles, secretariat=MemberRole.SECRETARIAT in roles or is_forum_secretariat(user)
    )


def require_manager(user: Any, body: Body) -> None:
    if not can_manage(user, body):
        raise PermissionDenied(_("Only the secretariat of this body can do that."))


def preferences_for(user: Any) -> MemberPreferences:
    preferences, _created = MemberPreferences.objects.get_or_create(
        user=user, defaults={"time_zone": settings.TIME_ZONE}
    )
    return preferences


def zone_of(user: Any) -> ZoneInfo:
    """The zone a person reads times in: their forum preference, else the site's zone."""
    if user is not None and user.is_authenticated:
        name = getattr(user, "_forum_time_zone", None)
        if name is None:
            preferences = MemberPreferences.objects.filter(user=user)
            remember_zone(user, preferences.values_list("time_zone", flat=True).first())
            name = user._forum_time_zone
        if name:
            return ZoneInfo(name)
    return ZoneInfo(settings.TIME_ZONE)


def remember_zone(user: Any, time_zone: str | None) -> None:
    """Keep, for this request, the zone preference of ``user`` read within another query
    (None: they have no forum settings)."""
    user._forum_time_zone = time_zone or ""


# --- Bodies and members ---------------------------------------------------------------------------


@invalidates("forum")
def body_create(*, by: Any, name: str, kind: str, theme: Any = None, description: str = "") -> Body:
    if not is_forum_secretariat(by):
        raise PermissionDenied(_("Only the Forum secretariat can create bodies."))
    body = Body(name=name, kind=kind, theme=theme, description=description)
    body.full_clean(exclude=["slug"])
    body.save()
    return body


@invalidates("forum")
def body_update(*, body: Body, by: Any, **fields: Any) -> Body:
    """Change a body's details (the fields of ``BodyForm``)."""
    require_manager(by, body)
    for name, value in fields.items():
        setattr(body, name, value)
    body.full_clean(exclude=["slug"])
    body.save(update_fields=list(fields))
    return body


@invalidates("forum")
def member_add(
    *,
    body: Body,
    by: Any,
    user: User,
    constituency: str,
    role: str,
    organisation: Any = None,
    start_date: date | None = None,
    end_date: date | None = None,
) -> Member:
    require_manager(by, body)
    already = ValidationError(_("%(person)s is already a member of this body.") % {"person": user})
    if Member.objects.filter(body=body, user=user).exists():
        raise already
    try:
        # A second tab accepting the same invitation meets the unique constraint, not a 500.
        with transaction.atomic():
            member = Member.objects.create(
                body=body,
                user=user,
                constituency=constituency,
                role=role,
                organisation=organisation,
                start_date=start_date or timezone.localdate(),
                end_date=end_date,
            )
    except IntegrityError:
        if Member.objects.filter(body=body, user=user).exists():
            raise already from None
        raise
    preferences_for(user)
    return member


# The secretariat adds a person by inviting their address; the person joins by accepting. The
# answer to the secretariat is the same whether or not the address has an account, and nobody
# appears in the member list before they accept, so the form cannot be used to learn who has
# an account. The invitation is a signed link (no row): it names the address it was sent to and
# works only for the account with that (verified) address, so the link alone grants nothing.
# Its payload is signed, not encrypted: it names the body by its slug and the sender by a keyed
# hash, never by a database id. The invitation lapses when its sender stops managing the body.
_INVITATION_SALT = "forum.member-invitation"


def _sender_reference(user: User) -> str:
    return salted_hmac(_INVITATION_SALT, str(user.pk)).hexdigest()[:24]


def _sender_among_managers(body: Body, reference: str) -> User | None:
    """Whoever sent an invitation with ``reference``, if they still manage ``body``."""
    managers = (
        User.objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(groups__name=SECRETARIAT_GROUP)
            | Q(
                pk__in=Member.objects.active()
                .filter(body=body, role=MemberRole.SECRETARIAT)
                .values("user")
            )
        )
        .distinct()
    )
    for user in managers:
        if constant_time_compare(_sender_reference(user), reference):
            return user
    return None


@dataclass(frozen=True)
class MemberInvitation:
    body: Body
    invited_by: User | None  # None once the sender no longer manages the body
    sender_name: str
    email: str
    organisation_name: str
    constituency: str
    role: str
    start_date: date
    end_date: date | None

    @property
    def role_label(self) -> str:
        return str(MemberRole(self.role).label)

    @property
    def constituency_label(self) -> str:
        return str(Constituency(self.constituency).label)


def member_invite(
    *,
    body: Body,
    by: User,
    email: str,
    organisation_name: str,
    constituency: str,
    role: str,
    start_date: date | None = None,
    end_date: date | None = None,
) -> None:
    """Email ``email`` an invitation to join ``body``, representing the organisation named."""
    require_manager(by, body)
    email = normalise_email(email)
    start_date = start_date or timezone.localdate()
    token = signing.dumps(
        {
            "b": body.slug,
            "by": _sender_reference(by),
            "n": by.get_full_name(),
            "e": email,
            "o": organisation_name.strip(),
            "c": constituency,
            "r": role,
            "s": start_date.isoformat(),
            "x": end_date.isoformat() if end_date else None,
        },
        salt=_INVITATION_SALT,
        compress=True,
    )
    expires = timezone.now() + timedelta(days=settings.INVITATION_DAYS)
    rendered = email_render(
        kind="forum_member_invitation",
        context={
            "body": body,
            "inviter": by,
            "organisation_name": organisation_name.strip(),
            "role": MemberRole(role).label,
            "constituency": Constituency(constituency).label,
            "expires": expires,
        },
        # The link opens only for the invited account, but staff who read the outbox need not
        # hold it either.
        secrets={"accept_url": settings.SITE_URL + reverse("forum:join", args=[token])},
        language=by.language,
    )
    # Each invitation is its own message: sending again sends a new link.
    email_enqueue(key=f"forum.invitation:{body.pk}:{uuid.uuid4()}", to=email, rendered=rendered)


def member_invitation_read(token: str) -> MemberInvitation | None:
    """The invitation a link stands for; None when the portal did not make it, it expired, or
    its body is gone."""
    try:
        data = signing.loads(
            token, salt=_INVITATION_SALT, max_age=timedelta(days=settings.INVITATION_DAYS)
        )
        body = Body.objects.get(slug=data["b"])
        return MemberInvitation(
            body=body,
            invited_by=_sender_among_managers(body, str(data["by"])),
            sender_name=str(data["n"]),
            email=str(data["e"]),
            organisation_name=str(data["o"]),
            constituency=str(data["c"]),
            role=str(data["r"]),
            start_date=date.fromisoformat(data["s"]),
            end_date=date.fromisoformat(data["x"]) if data["x"] else None,
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError, Body.DoesNotExist):
        return None


def member_invitation_is_for(invitation: MemberInvitation, user: User) -> bool:
    return normalise_email(user.email) == invitation.email


def member_join(
    *, invitation: MemberInvitation, user: User, organisation: Organisation | None
) -> Member:
    """``user`` accepts ``invitation``, representing one of their own organisations (or none)."""
    if not member_invitation_is_for(invitation, user):
        raise PermissionDenied(_("This invitation was sent to another email address."))
    if organisation is not None and not organisation.memberships.filter(user=user).exists():
        raise ValidationError(_("Choose one of your own organisations."))
    if invitation.invited_by is None:
        raise ValidationError(
            _("This invitation is no longer valid. Ask the secretariat for a new one.")
        )
    return member_add(
        body=invitation.body,
        by=invitation.invited_by,
        user=user,
        organisation=organisation,
        constituency=invitation.constituency,
        role=invitation.role,
        start_date=invitation.start_date,
        end_date=invitation.end_date,
    )


@invalidates("forum")
def member_update(*, member: Member, by: Any, **fields: Any) -> Member:
    require_manager(by, member.body)
    for name, value in fields.items():
        setattr(member, name, value)
    member.full_clean(exclude=["body", "user", "uid"], validate_constraints=False)
    member.save(update_fields=list(fields))
    return member


@invalidates("forum")
def member_end(*, member: Member, by: Any, on: date | None = None) -> Member:
    """A member leaves the body; the row stays for the history of meetings and balances."""
    require_manager(by, member.body)
    on = on or timezone.localdate()
    end = max(on, member.start_date)
    Member.objects.filter(pk=member.pk).update(end_date=end)
    member.end_date = end
    return member


# --- Meetings -------------------------------------------------------------------------------------


def _validate_meeting(meeting: Meeting) -> None:
    if meeting.ends_at <= meeting.starts_at:
        raise ValidationError({"ends_at": _("The meeting must end after it starts.")})


@invalidates("forum")
def meeting_schedule(
    *,
    body: Body,
    by: Any,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    time_zone: str,
    description: str = "",
    place: str = "",
    online_url: str = "",
    capacity: int | None = None,
    status: str = MeetingStatus.PLANNED,
    visibility: str = "members",
    reminder_hours: list[int] | None = None,
    series: MeetingSeries | None = None,
    occurrence: int | None = None,
) -> Meeting:
    require_manager(by, body)
    meeting = Meeting(
        body=body,
        title=title,
        description=description,
        starts_at=starts_at,
        ends_at=ends_at,
        time_zone=time_zone,
        place=place,
        online_url=online_url,
        capacity=capacity,
        status=status,
        visibility=visibility,
        reminder_hours=sorted(set(reminder_hours or [168, 24]), reverse=True),
        series=series,
        occurrence=occurrence,
        created_by=by if getattr(by, "pk", None) else None,
    )
    _validate_meeting(meeting)
    meeting.save()
    return meeting


_TIME_FIELDS = {"starts_at", "ends_at", "time_zone"}
_PLACE_FIELDS = {"place", "online_url"}


@transaction.atomic
@invalidates("forum")
def meeting_update(*, meeting: Meeting, by: Any, **fields: Any) -> Meeting:
    """Change a meeting. A new time moves its reminders and tells the people registered; more
    places move people up from the waiting list."""
    require_manager(by, meeting.body)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("A cancelled meeting cannot be changed."))
    changed = {name for name, value in fields.items() if getattr(meeting, name) != value}
    if not changed:
        return meeting
    if "reminder_hours" in fields:
        fields["reminder_hours"] = sorted(set(fields["reminder_hours"]), reverse=True)
    for name in changed:
        setattr(meeting, name, fields[name])
    _validate_meeting(meeting)
    moved = bool(changed & {"starts_at", "ends_at"})
    if changed & (_TIME_FIELDS | _PLACE_FIELDS):
        meeting.sequence += 1
        changed.add("sequence")
    meeting.save(update_fields=[*changed, "updated"])
    # Reminders are rendered when queued: any change re-renders the ones not yet sent.
    if meeting.status != MeetingStatus.HELD:
        _reminders_cancel(meeting)
        for registration in meeting.registrations.filter(
            status=RegistrationStatus.REGISTERED
        ).select_related("user"):
            _reminders_enqueue(meeting, registration.user)
    if moved:
        _mail_registrants(
            meeting, kind="forum_meeting_moved", key=f"forum.moved:{meeting.pk}:{meeting.sequence}"
        )
    if "capacity" in changed:
        _promote_waiting(meeting)
    return meeting


@transaction.atomic
@invalidates("forum")
def meeting_cancel(*, meeting: Meeting, by: Any) -> Meeting:
    require_manager(by, meeting.body)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status in (MeetingStatus.CANCELLED, MeetingStatus.HELD):
        raise ValidationError(_("This meeting can no longer be cancelled."))
    Meeting.objects.filter(pk=meeting.pk).update(
        status=MeetingStatus.CANCELLED, sequence=F("sequence") + 1, updated=timezone.now()
    )
    meeting.refresh_from_db()
    _reminders_cancel(meeting)
    _mail_registrants(meeting, kind="forum_meeting_cancelled", key=f"forum.cancelled:{meeting.pk}")
    return meeting


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def series_occurrences(series: MeetingSeries, *, until: datetime) -> list[tuple[int, datetime]]:
    """(occurrence number, UTC start) of each meeting of the series starting before ``until``.

    The local time stays the same across daylight-saving changes: every two months at 10:00 in
    Geneva is 09:00 UTC in winter and 08:00 UTC in summer.
    """
    zone = ZoneInfo(series.time_zone)
    found: list[tuple[int, datetime]] = []
    number = 0
    while True:
        day = _add_months(series.first_date, number * series.interval_months)
        if series.until and day > series.until:
            break
        starts = datetime.combine(day, series.start_time, tzinfo=zone).astimezone(ZoneInfo("UTC"))
        if starts >= until:
            break
        found.append((number, starts))
        number += 1
    return found


@invalidates("forum")
def series_create(*, body: Body, by: Any, **fields: Any) -> MeetingSeries:
    require_manager(by, body)
    series = MeetingSeries(body=body, created_by=by, **fields)
    series.full_clean(exclude=["uid", "created_by"])
    with transaction.atomic():
        series.save()
        series_extend(series=series, by=by)
    return series


@transaction.atomic
@invalidates("forum")
def series_extend(*, series: MeetingSeries, by: Any = None, now: datetime | None = None) -> int:
    """Create the series' meetings for the next year that do not exist yet. Idempotent: each
    occurrence is unique, and a meeting the secretariat moved or cancelled stays as it is."""
    series = MeetingSeries.objects.select_for_update().get(pk=series.pk)
    now = now or timezone.now()
    existing = set(series.meetings.values_list("occurrence", flat=True))
    created = 0
    for number, starts in series_occurrences(series, until=now + SERIES_HORIZON):
        if number in existing or starts + series.duration < now:
            continue
        Meeting.objects.create(
            body=series.body,
            series=series,
            occurrence=number,
            title=series.title,
            starts_at=starts,
            ends_at=starts + series.duration,
            time_zone=series.time_zone,
            place=series.place,
            online_url=series.online_url,
            capacity=series.capacity,
            visibility=series.visibility,
            reminder_hours=[168, 24],
            created_by=by if getattr(by, "pk", None) else None,
        )
        created += 1
    return created


def series_extend_all() -> int:
    return sum(series_extend(series=series) for series in MeetingSeries.objects.all())


# --- Agenda and documents -------------------------------------------------------------------------


@invalidates("forum")
def agenda_item_add(
    *, meeting: Meeting, by: Any, title: str, presenter: str = "", description: str = ""
) -> AgendaItem:
    require_manager(by, meeting.body)
    with transaction.atomic():
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        last = meeting.agenda_items.aggregate(last=Max("position"))["last"]
        return AgendaItem.objects.create(
            meeting=meeting,
            position=(last or 0) + 1,
            title=title,
            presenter=presenter,
            description=description,
        )


@invalidates("forum")
def agenda_item_update(*, item: AgendaItem, by: Any, **fields: Any) -> AgendaItem:
    require_manager(by, item.meeting.body)
    for name, value in fields.items():
        setattr(item, name, value)
    item.save(update_fields=list(fields))
    return item


@transaction.atomic
@invalidates("forum")
def agenda_item_move(*, item: AgendaItem, by: Any, up: bool) -> None:
    """Swap an item with its neighbour, renumbering the agenda 1..n on the way."""
    require_manager(by, item.meeting.body)
    Meeting.objects.select_for_update().filter(pk=item.meeting_id).first()
    items = list(AgendaItem.objects.filter(meeting_id=item.meeting_id).order_by("position", "pk"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if up else index + 1
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    for position, other in enumerate(items, start=1):
        if other.position != position:
            AgendaItem.objects.filter(pk=other.pk).update(position=position)


@invalidates("forum")
def agenda_item_delete(*, item: AgendaItem, by: Any) -> None:
    require_manager(by, item.meeting.body)
    item.delete()


MAX_UPLOAD_BYTES = 20 * 1024 * 1024
ACCEPTED_KINDS = ("pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp")


def _check_upload(upload: UploadedFile) -> str:
    """The kind of an acceptable document, or ValidationError with a clear message."""
    return uploads.validate(
        upload,
        accepted=ACCEPTED_KINDS,
        max_bytes=MAX_UPLOAD_BYTES,
        not_accepted=_("Upload a PDF or an office document (%(kinds)s)."),
    ).key


@transaction.atomic
@invalidates("forum")
def document_upload(
    *,
    meeting: Meeting,
    by: Any,
    title: str,
    upload: UploadedFile,
    agenda_item: AgendaItem | None = None,
) -> Document:
    require_manager(by, meeting.body)
    kind = _check_upload(upload)
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError(_("Choose an item of this meeting's agenda."))
    document = Document.objects.create(meeting=meeting, agenda_item=agenda_item, title=title)
    _version_add(document, by=by, upload=upload, kind=kind, note="")
    return document


@transaction.atomic
@invalidates("forum")
def document_version_add(
    *, document: Document, by: Any, upload: UploadedFile, note: str = ""
) -> DocumentVersion:
    require_manager(by, document.meeting.body)
    kind = _check_upload(upload)
    Document.objects.select_for_update().filter(pk=document.pk).first()
    return _version_add(document, by=by, upload=upload, kind=kind, note=note)


def _version_add(
    document: Document, *, by: Any, upload: UploadedFile, kind: str, note: str
) -> DocumentVersion:
    last = document.versions.aggregate(last=Max("number"))["last"] or 0
    version = DocumentVersion(
        document=document,
        number=last + 1,
        filename=uploads.safe_name(upload.name, extension=kind, default="document"),
        size=upload.size,
        note=note,
        uploaded_by=by,
    )
    # The stored name is generated: the uploader's name never reaches the file system.
    version.file.save(f"upload.{kind}", upload, save=False)
    stored, storage = version.file.name, version.file.storage
    try:
        version.save()
    except Exception:
        storage.delete(stored)
        raise
    return version


# --- Registrations and the waiting list -----------------------------------------------------------


def _attending_member(meeting: Meeting, user: Any) -> Member | None:
    return Member.objects.active().attending().filter(body_id=meeting.body_id, user=user).first()


@transaction.atomic
@invalidates("forum")
def registration_register(*, meeting: Meeting, user: Any) -> Registration:
    """Register for a meeting, or join its waiting list when it is full."""
    # The meeting row is the lock: two members taking the last place cannot both get it.
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    member = _attending_member(meeting, user)
    if member is None:
        raise PermissionDenied(_("Only members of %(body)s can register.") % {"body": meeting.body})
    if not meeting.is_open_for_registration:
        raise ValidationError(_("Registration for this meeting is closed."))
    registration = Registration.objects.filter(meeting=meeting, user=user).first()
    if registration is not None and registration.status != RegistrationStatus.DECLINED:
        return registration
    registered = meeting.registrations.filter(status=RegistrationStatus.REGISTERED).count()
    full = meeting.capacity is not None and registered >= meeting.capacity
    status = RegistrationStatus.WAITING if full else RegistrationStatus.REGISTERED
    if registration is None:
        registration = Registration.objects.create(
            meeting=meeting, user=user, status=status, constituency=member.constituency
        )
    else:
        registration.status = status
        registration.constituency = member.constituency
        registration.status_since = timezone.now()
        registration.changes += 1
        registration.save(update_fields=["status", "constituency", "status_since", "changes"])
    _registration_mail(meeting, registration)
    if status == RegistrationStatus.REGISTERED:
        _reminders_enqueue(meeting, user)
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
    _reminders_cancel(meeting, user_id=user.pk)
    if gave_up_place:
        _promote_waiting(meeting)
    return registration


def _promote_waiting(meeting: Meeting) -> list[Registration]:
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
        _registration_mail(meeting, registration, promoted=True)
        _reminders_enqueue(meeting, registration.user)
    return candidates


@transaction.atomic
@invalidates("forum")
def attendance_record(*, meeting: Meeting, by: Any, present: list[int]) -> Meeting:
    """Keep the attendance log and mark the meeting held. ``present`` are user ids of members
    who came; people who came without registering are added as registered."""
    require_manager(by, meeting.body)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("A cancelled meeting cannot be held."))
    members = {m.user_id: m for m in Member.objects.attending().filter(body_id=meeting.body_id)}
    unknown = set(present) - set(members)
    if unknown:
        raise ValidationError(_("Only members of the body can be on the attendance log."))
    existing = {r.user_id: r for r in meeting.registrations.all()}
    for user_id in present:
        if user_id in existing:
            continue
        Registration.objects.create(
            meeting=meeting,
            user_id=user_id,
            status=RegistrationStatus.REGISTERED,
            constituency=members[user_id].constituency,
            attended=True,
        )
    meeting.registrations.filter(user_id__in=present).update(attended=True)
    meeting.registrations.exclude(user_id__in=present).update(attended=False)
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD, updated=timezone.now())
    _reminders_cancel(meeting)
    meeting.refresh_from_db()
    return meeting


# --- Minutes and action items ---------------------------------------------------------------------


@invalidates("forum")
def minutes_save(*, meeting: Meeting, by: Any, kind: str, text: str) -> Minutes:
    require_manager(by, meeting.body)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None:
        return Minutes.objects.create(meeting=meeting, kind=kind, text=text)
    if minutes.is_published:
        raise ValidationError(_("Reopen the published minutes before you change them."))
    minutes.kind, minutes.text = kind, text
    minutes.save(update_fields=["kind", "text", "updated"])
    return minutes


@transaction.atomic
@invalidates("forum")
def minutes_publish(*, minutes: Minutes, by: Any) -> Minutes:
    """Publish and circulate to every member of the body, informed-only members included."""
    require_manager(by, minutes.meeting.body)
    minutes = Minutes.objects.select_for_update().select_related("meeting__body").get(pk=minutes.pk)
    if minutes.is_published:
        raise ValidationError(_("These minutes are already published."))
    if not minutes.text.strip():
        raise ValidationError(_("Write the minutes before publishing them."))
    now = timezone.now()
    minutes.revision += 1
    minutes.status = MinutesStatus.PUBLISHED
    minutes.published_at = now
    MinutesRevision.objects.create(
        minutes=minutes,
        number=minutes.revision,
        text=minutes.text,
        reason=minutes.reopen_reason,
        published_at=now,
        published_by=by,
    )
    minutes.reopen_reason = ""
    minutes.save(update_fields=["revision", "status", "published_at", "reopen_reason", "updated"])
    meeting = minutes.meeting
    for member in Member.objects.active().filter(body_id=meeting.body_id).select_related("user"):
        _mail(
            member.user,
            topic=TOPIC_MINUTES,
            kind="forum_minutes",
            key=f"forum.minutes:{minutes.pk}:{minutes.revision}:{member.user_id}",
            meeting=meeting,
            minutes=minutes,
        )
    return minutes


@invalidates("forum")
def minutes_reopen(*, minutes: Minutes, by: Any, reason: str) -> Minutes:
    require_manager(by, minutes.meeting.body)
    if not reason.strip():
        raise ValidationError(_("Say why the minutes are reopened; readers will see it."))
    updated = Minutes.objects.filter(pk=minutes.pk, status=MinutesStatus.PUBLISHED).update(
        status=MinutesStatus.DRAFT, reopen_reason=reason.strip()[:300], updated=timezone.now()
    )
    if not updated:
        raise ValidationError(_("Only published minutes can be reopened."))
    minutes.refresh_from_db()
    return minutes


@invalidates("forum")
def action_item_add(
    *, meeting: Meeting, by: Any, title: str, owner: User, due_date: date
) -> ActionItem:
    require_manager(by, meeting.body)
    if not Member.objects.filter(body_id=meeting.body_id, user=owner).exists():
        raise ValidationError(_("The owner must be a member of the body."))
    return ActionItem.objects.create(
        body_id=meeting.body_id, meeting=meeting, title=title, owner=owner, due_date=due_date
    )


@invalidates("forum")
def action_item_complete(*, item: ActionItem, by: Any) -> ActionItem:
    if by.pk != item.owner_id and not can_manage(by, item.body):
        raise PermissionDenied(_("Only the owner or the secretariat can close this action."))
    ActionItem.objects.filter(pk=item.pk, done_at__isnull=True).update(done_at=timezone.now())
    item.refresh_from_db()
    return item


@invalidates("forum")
def action_item_reopen(*, item: ActionItem, by: Any) -> ActionItem:
    if by.pk != item.owner_id and not can_manage(by, item.body):
        raise PermissionDenied(_("Only the owner or the secretariat can reopen this action."))
    ActionItem.objects.filter(pk=item.pk).update(done_at=None)
    item.refresh_from_db()
    return item


# --- Recommendations -----------------------------------------------------------------------------


@invalidates("forum")
def recommendation_create(
    *,
    body: Body,
    by: Any,
    reference: str,
    title: str,
    text: str,
    raised_by: list[Member] | None = None,
) -> Recommendation:
    require_manager(by, body)
    if Recommendation.objects.filter(body=body, reference=reference).exists():
        raise ValidationError({"reference": _("Another recommendation has this reference.")})
    with transaction.atomic():
        recommendation = Recommendation.objects.create(
            body=body, reference=reference, title=title, text=text
        )
        recommendation.raised_by.set(raised_by or [])
    return recommendation


@transaction.atomic
@invalidates("forum")
def recommendation_review(
    *, recommendation: Recommendation, by: Any, meeting: Meeting, status: str, note: str = ""
) -> RecommendationReview:
    require_manager(by, recommendation.body)
    if meeting.body_id != recommendation.body_id:
        raise ValidationError(_("Choose a meeting of the same body."))
    review = RecommendationReview.objects.create(
        recommendation=recommendation, meeting=meeting, status=status, note=note, created_by=by
    )
    Recommendation.objects.filter(pk=recommendation.pk).update(status=status)
    recommendation.status = status
    return review


@transaction.atomic
@invalidates("forum")
def recommendation_respond(
    *, recommendation: Recommendation, by: Any, response: str
) -> Recommendation:
    """Give the reasoned response, and send it to the members who raised the recommendation."""
    require_manager(by, recommendation.body)
    if not response.strip():
        raise ValidationError({"response": _("Write the response.")})
    now = timezone.now()
    Recommendation.objects.filter(pk=recommendation.pk).update(
        response=response.strip(), responded_at=now
    )
    recommendation.refresh_from_db()
    for member in recommendation.raised_by.select_related("user"):
        _mail(
            member.user,
            topic=TOPIC_RECOMMENDATIONS,
            kind="forum_recommendation_response",
            key=f"forum.response:{recommendation.pk}:{int(now.timestamp())}:{member.user_id}",
            recommendation=recommendation,
        )
    return recommendation


# --- Preferences and the calendar feed ------------------------------------------------------------


@transaction.atomic
def preferences_update(
    *, user: Any, digest_frequency: str, time_zone: str, themes: Any = ()
) -> MemberPreferences:
    preferences = preferences_for(user)
    was_on = preferences.digest_frequency != DigestFrequency.NONE
    if was_on != (digest_frequency != DigestFrequency.NONE):
        consent_record(
            user_id=user.pk,
            purpose=TOPIC_DIGEST,
            text=FORUM_DIGEST,
            given=not was_on,
            source="forum-preferences",
        )
    preferences.digest_frequency = digest_frequency
    preferences.time_zone = time_zone
    preferences.save(update_fields=["digest_frequency", "time_zone"])
    preferences.themes.set(themes)
    return preferences


def feed_token_rotate(*, user: Any) -> MemberPreferences:
    """A new secret address for the calendar feed; the old one stops working at once."""
    preferences = preferences_for(user)
    preferences.feed_token = feed_token()
    preferences.save(update_fields=["feed_token"])
    return preferences


# --- Mail -----------------------------------------------------------------------------------------


def _mail(
    user: Any, *, topic: str, kind: str, key: str, due_at: datetime | None = None, **context: Any
):
    zone = zone_of(user)
    return email_to_member(
        user=user,
        topic=topic,
        kind=kind,
        key=key,
        context={**context, "zone": zone, "site_url": settings.SITE_URL},
        due_at=due_at,
    )


def _mail_registrants(meeting: Meeting, *, kind: str, key: str) -> None:
    """Tell everyone registered or waiting (not those who declined) about ``meeting``; each
    message's key is ``key`` followed by the person's id."""
    for registration in meeting.registrations.exclude(
        status=RegistrationStatus.DECLINED
    ).select_related("user"):
        _mail(
            registration.user,
            topic=TOPIC_MEETINGS,
            kind=kind,
            key=f"{key}:{registration.user_id}",
            meeting=meeting,
        )


def _registration_mail(
    meeting: Meeting, registration: Registration, *, promoted: bool = False
) -> None:
    _mail(
        registration.user,
        topic=TOPIC_MEETINGS,
        kind="forum_registration",
        key=f"forum.registration:{registration.pk}:{registration.changes}",
        meeting=meeting,
        registration=registration,
        promoted=promoted,
    )


def _reminder_prefix(meeting: Meeting, user_id: int | None = None) -> str:
    return f"forum.reminder:{meeting.pk}:" + (f"{user_id}:" if user_id is not None else "")


def _reminders_enqueue(meeting: Meeting, user: Any) -> None:
    """One outbox row per reminder time, due then; the beat dispatcher sends it when due.
    The key holds the start time, so a moved meeting gets fresh rows."""
    now = timezone.now()
    for hours in meeting.reminder_hours or []:
        due = meeting.starts_at - timedelta(hours=int(hours))
        if due <= now:
            continue
        _mail(
            user,
            topic=TOPIC_REMINDERS,
            kind="forum_reminder",
            key=(
                f"{_reminder_prefix(meeting, user.pk)}{int(hours)}:"
                f"{int(meeting.starts_at.timestamp())}"
            ),
            due_at=due,
            meeting=meeting,
            hours=int(hours),
        )


def _reminders_cancel(meeting: Meeting, *, user_id: int | None = None) -> int:
    deleted, _rows = OutgoingEmail.objects.filter(
        key__startswith=_reminder_prefix(meeting, user_id), status=Status.QUEUED
    ).delete()
    return deleted
