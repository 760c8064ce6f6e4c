"""Joining a body on one's own initiative, and leaving it: a person asks, giving the organisation
they represent, a constituency and a motivation. An open body takes them at once; in a
moderated one the secretariat approves (with a role and dates) or declines with a reason, and
the person is told by email."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation
from forum.models import (
    SECRETARIAT_GROUP,
    Body,
    Constituency,
    JoinRequest,
    JoinRequestStatus,
    Member,
    MemberRole,
    Registration,
)
from forum.permissions import require_manager
from forum.services.mail import TOPIC_JOIN_REQUESTS, TOPIC_JOINING, mail_member
from forum.services.preferences import preferences_for
from forum.services.registrations import registrations_withdraw
from notifications.links import email_link
from notifications.services import MemberMail, emails_to_members
from pagecache import invalidates


@dataclass(frozen=True)
class JoinAnswer:
    """What asking to join did: ``member`` when the body is open (joined at once), else the
    ``request`` waiting for the secretariat."""

    member: Member | None = None
    request: JoinRequest | None = None


def _check_organisation(user: Any, organisation: Organisation | None) -> None:
    if organisation is not None and not organisation.memberships.filter(user=user).exists():
        raise ValidationError(_("Choose one of your own organisations."))


def _check_constituency(constituency: str) -> None:
    if constituency not in Constituency.values:
        raise ValidationError(_("Choose a constituency."))


def _start_membership(
    *,
    body: Body,
    user: Any,
    organisation: Organisation | None,
    constituency: str,
    role: str = MemberRole.MEMBER,
    start_date: date | None = None,
    end_date: date | None = None,
) -> Member:
    """A new membership, or a former member's row taken up again (one row per person and
    body: forum_member_unique). Call inside a transaction."""
    start_date = start_date or timezone.localdate()
    fields = {
        "organisation": organisation,
        "constituency": constituency,
        "role": role,
        "start_date": start_date,
        "end_date": end_date,
    }
    member = Member.objects.select_for_update().filter(body=body, user=user).first()
    if member is not None:
        if member.is_active:
            raise ValidationError(_("You are already a member of %(body)s.") % {"body": body})
        for name, value in fields.items():
            setattr(member, name, value)
        member.save(update_fields=list(fields))
    else:
        try:
            with transaction.atomic():
                member = Member.objects.create(body=body, user=user, **fields)
        except IntegrityError:
            raise ValidationError(
                _("You are already a member of %(body)s.") % {"body": body}
            ) from None
    preferences_for(user)
    return member


@transaction.atomic
@invalidates("forum")
def join_ask(
    *,
    body: Body,
    user: Any,
    organisation: Organisation | None,
    constituency: str,
    motivation: str = "",
) -> JoinAnswer:
    """``user`` asks to join ``body``, representing ``organisation`` (one of theirs, or none)."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Sign in to join."))
    _check_organisation(user, organisation)
    _check_constituency(constituency)
    if Member.objects.active().filter(body=body, user=user).exists():
        raise ValidationError(_("You are already a member of %(body)s.") % {"body": body})
    if body.open_joining:
        member = _start_membership(
            body=body, user=user, organisation=organisation, constituency=constituency
        )
        # A request from while the body was moderated is answered by joining.
        JoinRequest.objects.filter(body=body, user=user, status=JoinRequestStatus.PENDING).update(
            status=JoinRequestStatus.APPROVED, decided_at=timezone.now()
        )
        return JoinAnswer(member=member)
    if not motivation.strip():
        raise ValidationError(_("Say briefly why you would like to join."))
    pending = JoinRequest.objects.filter(
        body=body, user=user, status=JoinRequestStatus.PENDING
    ).first()
    if pending is not None:
        raise ValidationError(
            _("You asked already; the secretariat of %(body)s will answer by email.")
            % {"body": body}
        )
    try:
        with transaction.atomic():
            request = JoinRequest.objects.create(
                body=body,
                user=user,
                organisation=organisation,
                constituency=constituency,
                motivation=motivation.strip(),
            )
    except IntegrityError:  # a second tab sent the same request
        raise ValidationError(
            _("You asked already; the secretariat of %(body)s will answer by email.")
            % {"body": body}
        ) from None
    _tell_secretariat(request)
    return JoinAnswer(request=request)


def secretariat_of(body: Body) -> list[Any]:
    """Who is told of a request to join ``body``: its members with the secretariat role, or,
    when it has none, the "Forum secretariat" group, which manages every body. Only active
    accounts; the asker never (they may be in the group and ask as a person)."""
    own = Member.objects.active().filter(body=body, role=MemberRole.SECRETARIAT)
    people = get_user_model()._default_manager.filter(is_active=True)
    found = list(people.filter(pk__in=own.values("user_id")).order_by("pk"))
    if not found:
        found = list(people.filter(groups__name=SECRETARIAT_GROUP).distinct().order_by("pk"))
    return found


def _tell_secretariat(join_request: JoinRequest) -> None:
    """One message per person of the body's secretariat and request, with the queue's link;
    written with the request, so a request that is rolled back tells nobody."""
    body = join_request.body
    queue_url = email_link(reverse("forum:join_requests", args=[body.slug]))
    emails_to_members(
        topic=TOPIC_JOIN_REQUESTS,
        kind="forum_join_requested",
        mails=[
            MemberMail(
                user=person,
                key=f"forum.join-requested:{join_request.pk}:{person.pk}",
                context={
                    "body": body,
                    "join_request": join_request,
                    "asker": join_request.user,
                    "queue_url": queue_url,
                },
            )
            for person in secretariat_of(body)
            if person.pk != join_request.user_id
        ],
    )


def _claim_pending(join_request: JoinRequest, by: Any) -> JoinRequest:
    require_manager(by, join_request.body)
    locked = (
        JoinRequest.objects.select_for_update(of=("self",))
        .select_related("body", "user", "organisation")
        .get(pk=join_request.pk)
    )
    if locked.status != JoinRequestStatus.PENDING:
        raise ValidationError(_("This request was answered already."))
    return locked


def _mail_decision(join_request: JoinRequest) -> None:
    mail_member(
        join_request.user,
        topic=TOPIC_JOINING,
        kind="forum_join_decided",
        key=f"forum.join-request:{join_request.pk}:{join_request.status}",
        join_request=join_request,
        body=join_request.body,
        approved=join_request.status == JoinRequestStatus.APPROVED,
    )


@transaction.atomic
@invalidates("forum")
def join_request_approve(
    *,
    join_request: JoinRequest,
    by: Any,
    role: str = MemberRole.MEMBER,
    start_date: date | None = None,
    end_date: date | None = None,
) -> Member:
    """The secretariat lets the person in, with a role and dates; they are told by email."""
    join_request = _claim_pending(join_request, by)
    if end_date is not None and end_date < (start_date or timezone.localdate()):
        raise ValidationError(_("The membership cannot end before it starts."))
    member = _start_membership(
        body=join_request.body,
        user=join_request.user,
        organisation=join_request.organisation,
        constituency=join_request.constituency,
        role=role,
        start_date=start_date,
        end_date=end_date,
    )
    JoinRequest.objects.filter(pk=join_request.pk).update(
        status=JoinRequestStatus.APPROVED, decided_by=by, decided_at=timezone.now()
    )
    join_request.status = JoinRequestStatus.APPROVED
    _mail_decision(join_request)
    return member


@transaction.atomic
@invalidates("forum")
def join_request_decline(*, join_request: JoinRequest, by: Any, reason: str) -> JoinRequest:
    """The secretariat declines, saying why; the person is told by email, reason included."""
    join_request = _claim_pending(join_request, by)
    if not reason.strip():
        raise ValidationError(_("Give the reason: the person receives it."))
    JoinRequest.objects.filter(pk=join_request.pk).update(
        status=JoinRequestStatus.DECLINED,
        reason=reason.strip(),
        decided_by=by,
        decided_at=timezone.now(),
    )
    join_request.refresh_from_db()
    _mail_decision(join_request)
    return join_request


@transaction.atomic
@invalidates("forum")
def member_leave(*, body: Body, user: Any) -> list[Registration]:
    """``user`` leaves ``body`` at once. The row stays, ended yesterday (the end day counts
    as a day of membership), for the history of meetings; a membership that began only today
    leaves no history and goes. Their places at the body's coming members-only meetings are
    given up (``registrations_withdraw``, which tells them by email); returned, soonest
    first, so the page can say which."""
    member = Member.objects.select_for_update().active().filter(body=body, user=user).first()
    if member is None:
        raise ValidationError(_("You are not a member of %(body)s.") % {"body": body})
    yesterday = timezone.localdate() - timedelta(days=1)
    if member.start_date > yesterday:
        member.delete()
    else:
        Member.objects.filter(pk=member.pk).update(end_date=yesterday)
    return registrations_withdraw(body=body, user=user, last_day=yesterday)
