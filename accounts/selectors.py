"""Reads with access rules: outsiders get 404, members without the right get 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from accounts.models import Invitation, Membership, Organisation, User


def get_membership(user: User, slug: str, *, admin: bool = False) -> Membership:
    """``user``'s membership of the organisation ``slug``.

    A private organisation and a missing one answer the same 404.
    """
    membership = (
        Membership.objects.select_related("organisation", "organisation__sector")
        .filter(organisation__slug=slug, user=user)
        .first()
    )
    if membership is None:
        raise Http404
    if admin and not membership.is_admin:
        raise PermissionDenied(_("Only an administrator of this organisation can do that."))
    return membership


def get_member_of(organisation: Organisation, uid: str) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("user", "organisation"),
        organisation=organisation,
        uid=uid,
    )


def organisation_members(organisation: Organisation) -> QuerySet[Membership]:
    return organisation.memberships.select_related("user").order_by("-role", "user__email")


def memberships_of(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("organisation")


def invitations_for(user: User) -> QuerySet[Invitation]:
    return (
        Invitation.objects.pending().filter(email__iexact=user.email).select_related("organisation")
    )


def get_invitation(token: str) -> Invitation:
    """An invitation not yet used. A used link answers as an unknown one: it no longer says
    which organisation invited whom."""
    return get_object_or_404(
        Invitation.objects.filter(accepted_at__isnull=True).select_related("organisation"),
        token=token,
    )


def get_open_invitation_of(organisation: Organisation, token: str) -> Invitation:
    return get_object_or_404(
        Invitation.objects.filter(accepted_at__isnull=True), organisation=organisation, token=token
    )
