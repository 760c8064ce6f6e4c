"""Writes on accounts and organisations. Views, admin and commands call these."""

from __future__ import annotations

import hashlib
import secrets
import time
import uuid
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

import pagecache
from accounts import hooks
from accounts.models import (
    Invitation,
    Membership,
    Organisation,
    Role,
    StaffEnrolment,
    User,
    normalise_email,
)
from notifications.links import email_link
from notifications.services import email_enqueue, email_render


def organisation_create(
    *, by: User, name: str, kind: str, size_class: str, country: str, sector=None, website: str = ""
) -> Organisation:
    """Create an organisation; its creator becomes its first administrator."""
    with transaction.atomic():
        organisation = Organisation.objects.create(
            name=name.strip(),
            kind=kind,
            size_class=size_class,
            country=country,
            sector=sector,
            website=website,
        )
        Membership.objects.create(user=by, organisation=organisation, role=Role.ADMIN)
    return organisation


def organisation_update(*, organisation: Organisation, by: User, **details: Any) -> Organisation:
    """Change an organisation's details (the fields of ``OrganisationForm``)."""
    require_admin(organisation=organisation, user=by)
    for name, value in details.items():
        setattr(organisation, name, value)
    organisation.save(update_fields=list(details))
    # Public pages of other apps show its name; they say which (``hooks``).
    pagecache.changed(*hooks.organisation_shown_in)
    return organisation


def require_admin(*, organisation: Organisation, user: User) -> None:
    """Raise PermissionDenied unless ``user`` administers ``organisation``."""
    if (
        not user.is_authenticated
        or not Membership.objects.filter(
            organisation=organisation, user=user, role=Role.ADMIN
        ).exists()
    ):
        raise PermissionDenied(_("Only an administrator of this organisation can do that."))


def _counted_within(key: str, *, limit: int, seconds: int) -> bool:
    """Count one more for ``key`` in the current window of ``seconds``, in the shared cache
    so that every web process sees the same count; False once past ``limit``."""
    key = f"accounts:limit:{key}:{int(time.time() // seconds)}"
    cache.add(key, 0, timeout=seconds)
    try:
        return cache.incr(key) <= limit
    except ValueError:  # the window ended between the two calls
        cache.add(key, 1, timeout=seconds)
        return True


def _invitation_allowed(*, organisation: Organisation, by: User) -> None:
    """Raise ValidationError when the sender or the organisation has sent its share of
    invitations: each carries words the sender chose (the organisation's name) to any address."""
    if not _counted_within(
        f"invitations:sender:{by.pk}",
        limit=settings.INVITATIONS_PER_SENDER_PER_HOUR,
        seconds=60 * 60,
    ):
        raise ValidationError(
            _("You have sent too many invitations in a short time. Try again in an hour.")
        )
    if not _counted_within(
        f"invitations:organisation:{organisation.pk}",
        limit=settings.INVITATIONS_PER_ORGANISATION_PER_DAY,
        seconds=24 * 60 * 60,
    ):
        raise ValidationError(
            _("This organisation has sent too many invitations today. Try again tomorrow.")
        )


def invitation_send(
    *, organisation: Organisation, by: User, email: str, role: str = Role.MEMBER
) -> Invitation:
    """Invite a colleague by email. Inviting the same address again renews the invitation
    with a fresh link; the one sent before stops working."""
    require_admin(organisation=organisation, user=by)
    email = normalise_email(email)
    if organisation.memberships.filter(user__email__iexact=email).exists():
        raise ValidationError(
            _("%(email)s is already a member of %(organisation)s.")
            % {"email": email, "organisation": organisation.name}
        )
    _invitation_allowed(organisation=organisation, by=by)
    expires_at = timezone.now() + timedelta(days=settings.INVITATION_DAYS)
    with transaction.atomic():
        # Locking the organisation row orders concurrent invitations to the same address.
        Organisation.objects.select_for_update().get(pk=organisation.pk)
        invitation = Invitation.objects.filter(
            organisation=organisation, email__iexact=email, accepted_at__isnull=True
        ).first()
        if invitation is None:
            invitation = Invitation.objects.create(
                organisation=organisation,
                email=email,
                role=role,
                invited_by=by,
                expires_at=expires_at,
            )
        else:
            invitation.reissue(role=role, invited_by=by, expires_at=expires_at)
        rendered = email_render(
            kind="invitation",
            context={"invitation": invitation, "organisation": organisation, "inviter": by},
            secrets={"accept_url": email_link(invitation.get_absolute_url())},
            language=by.language,
        )
        email_enqueue(
            key=f"invitation:{invitation.pk}:{invitation.expires_at.isoformat()}",
            to=invitation.email,
            rendered=rendered,
        )
    return invitation


def invitation_revoke(*, invitation: Invitation, by: User) -> None:
    require_admin(organisation=invitation.organisation, user=by)
    Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).delete()


def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Join the organisation the invitation is for, with the role it offers."""
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used."))
    if invitation.is_expired:
        raise ValidationError(_("This invitation has expired. Ask the organisation for a new one."))
    if normalise_email(user.email) != normalise_email(invitation.email):
        raise ValidationError(
            _("This invitation was sent to %(email)s. Sign in with that address to accept it.")
            % {"email": invitation.email}
        )
    with transaction.atomic():
        # The conditional update makes a double click or a second tab a no-op, not an error.
        used = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
            accepted_at=timezone.now()
        )
        if not used:
            raise ValidationError(_("This invitation has already been used."))
        membership, _created = Membership.objects.get_or_create(
            user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
        )
    return membership


def _lock_admins(organisation: Organisation) -> int:
    """Lock the organisation and count its admins, so two demotions can't race past the last."""
    Organisation.objects.select_for_update().get(pk=organisation.pk)
    return organisation.memberships.filter(role=Role.ADMIN).count()


def membership_change_role(*, membership: Membership, role: str, by: User) -> Membership:
    if role not in Role.values:
        raise ValidationError(_("Choose a valid role."))
    require_admin(organisation=membership.organisation, user=by)
    with transaction.atomic():
        admins = _lock_admins(membership.organisation)
        membership.refresh_from_db(fields=["role"])
        if membership.role == Role.ADMIN and role != Role.ADMIN and admins <= 1:
            raise ValidationError(
                _(
                    "An organisation needs at least one administrator. Make someone else "
                    "administrator first."
                )
            )
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


def _remove(membership: Membership, *, message: str) -> None:
    with transaction.atomic():
        admins = _lock_admins(membership.organisation)
        membership.refresh_from_db(fields=["role"])
        if membership.role == Role.ADMIN and admins <= 1:
            raise ValidationError(message)
        membership.delete()


def membership_remove(*, membership: Membership, by: User) -> None:
    require_admin(organisation=membership.organisation, user=by)
    _remove(
        membership,
        message=_(
            "The last administrator cannot be removed. Make someone else administrator first."
        ),
    )


def membership_leave(*, membership: Membership) -> None:
    _remove(
        membership,
        message=_(
            "You are the last administrator, so you cannot leave. Make someone else "
            "administrator first."
        ),
    )


def sessions_purge() -> int:
    """Forget expired sessions: Django never deletes them, and each names a person."""
    deleted, _rows = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


def invitations_purge(*, older_than_days: int = 30) -> int:
    """Forget invitations that expired or were used more than ``older_than_days`` ago."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    deleted, _rows = Invitation.objects.filter(
        Q(accepted_at__lt=cutoff) | Q(accepted_at__isnull=True, expires_at__lt=cutoff)
    ).delete()
    return deleted


def _enrolment_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def staff_enrolment_issue(*, user: User, by: User | None) -> str:
    """A one-time link with which ``user`` may set up a second factor; returns its address.

    Any earlier link of the account stops working, so only the newest one is ever live.
    """
    if not user.is_staff_account or not user.is_active:
        raise ValidationError(_("Only active staff accounts need an enrolment link."))
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        StaffEnrolment.objects.filter(user=user, used_at__isnull=True).delete()
        StaffEnrolment.objects.create(
            user=user,
            token_hash=_enrolment_hash(token),
            issued_by=by,
            expires_at=timezone.now() + timedelta(minutes=settings.STAFF_ENROLMENT_MINUTES),
        )
    return email_link(f"{reverse('accounts:second_factor')}?{urlencode({'token': token})}")


def staff_enrolment_send(*, user: User, by: User | None) -> None:
    """Email ``user`` an enrolment link at their verified address (the sign-in address)."""
    if not EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists():
        raise ValidationError(
            _("The account's email address is not verified; ask an administrator for a link.")
        )
    with transaction.atomic():
        url = staff_enrolment_issue(user=user, by=by)
        rendered = email_render(
            kind="staff_enrolment",
            context={"minutes": settings.STAFF_ENROLMENT_MINUTES},
            secrets={"enrol_url": url},
            language=user.language,
        )
        email_enqueue(key=f"staff-enrolment:{uuid.uuid4()}", to=user.email, rendered=rendered)


def _live_enrolment(*, user: User, token: str) -> QuerySet[StaffEnrolment]:
    return StaffEnrolment.objects.filter(
        user=user,
        token_hash=_enrolment_hash(token),
        used_at__isnull=True,
        expires_at__gt=timezone.now(),
    )


def staff_enrolment_redeem(*, user: User, token: str) -> bool:
    """Use up ``user``'s enrolment link; False if it is unknown, used, expired or another's.
    A conditional update, so two requests racing with one link cannot both win."""
    return _live_enrolment(user=user, token=token).update(used_at=timezone.now()) == 1


def staff_enrolment_is_live(*, user: User, token: str) -> bool:
    return _live_enrolment(user=user, token=token).exists()


def next_steps_set_hidden(*, user: User, hidden: bool) -> None:
    """Hide the person's "Next steps" on Your portal, or show them again."""
    User.objects.filter(pk=user.pk).update(next_steps_hidden=hidden)
