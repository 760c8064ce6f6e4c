"""Bodies and their members: creating and changing bodies, inviting people, who joins and
who leaves."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from accounts.models import Organisation, User, normalise_email
from forum.models import (
    SECRETARIAT_GROUP,
    Body,
    Constituency,
    Member,
    MemberRole,
    UpdateGrouping,
)
from forum.permissions import is_forum_secretariat, require_manager
from forum.services.preferences import preferences_for
from forum.services.registrations import registrations_withdraw
from notifications.links import email_link
from notifications.services import email_enqueue, email_render
from pagecache import invalidates


@invalidates("forum")
def body_create(
    *,
    by: Any,
    name: str,
    kind: str,
    theme: Any = None,
    description: str = "",
    open_joining: bool = False,
    update_grouping: str = UpdateGrouping.CONSTITUENCY,
) -> Body:
    if not is_forum_secretariat(by):
        raise PermissionDenied(_("Only the Forum secretariat can create bodies."))
    body = Body(
        name=name,
        kind=kind,
        theme=theme,
        description=description,
        open_joining=open_joining,
        update_grouping=update_grouping,
    )
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
        secrets={"accept_url": email_link(reverse("forum:join", args=[token]))},
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


@transaction.atomic
@invalidates("forum")
def member_update(*, member: Member, by: Any, **fields: Any) -> Member:
    require_manager(by, member.body)
    for name, value in fields.items():
        setattr(member, name, value)
    member.full_clean(exclude=["body", "user", "uid"], validate_constraints=False)
    member.save(update_fields=list(fields))
    if member.end_date is not None:
        # An end date set here ends the membership as member_end does.
        registrations_withdraw(body=member.body, user=member.user, last_day=member.end_date)
    return member


@transaction.atomic
@invalidates("forum")
def member_end(*, member: Member, by: Any, on: date | None = None) -> Member:
    """A member leaves the body; the row stays for the history of meetings and balances.
    Their places at the body's members-only meetings after the last day are given up, and
    they are told by email which (``registrations_withdraw``)."""
    require_manager(by, member.body)
    on = on or timezone.localdate()
    end = max(on, member.start_date)
    Member.objects.filter(pk=member.pk).update(end_date=end)
    member.end_date = end
    registrations_withdraw(body=member.body, user=member.user, last_day=end)
    return member
