"""The GDPR rights the portal serves itself: a download of one's data, and erasure."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from accounts import hooks
from accounts.models import Invitation, Membership, Organisation, Role, User
from config import pagecache
from notifications.models import ConsentRecord, EmailOptOut, OutgoingEmail


def _own_data(user: User) -> dict[str, Any]:
    return {
        "account": {
            "email": user.email,
            "name": user.name,
            "language": user.language,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "staff": user.is_staff_account,
        },
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user)
        ],
        "organisations": [
            {"organisation": m.organisation.name, "role": m.role, "joined": m.created.isoformat()}
            for m in Membership.objects.filter(user=user).select_related("organisation")
        ],
        "invitations_sent": [
            {"to": i.email, "organisation": i.organisation.name, "created": i.created.isoformat()}
            for i in Invitation.objects.filter(invited_by=user).select_related("organisation")
        ],
        "invitations_received": [
            {
                "organisation": i.organisation.name,
                "created": i.created.isoformat(),
                "accepted": i.accepted_at.isoformat() if i.accepted_at else None,
            }
            for i in Invitation.objects.filter(email__iexact=user.email).select_related(
                "organisation"
            )
        ],
        "email_unsubscribed_topics": list(
            EmailOptOut.objects.filter(user=user).values_list("topic", flat=True)
        ),
        "email_consents": [
            {
                "purpose": c.purpose,
                "given": c.given,
                "text_version": c.text_version,
                "text_sha256": c.text_sha256,
                "language": c.language,
                "where": c.source,
                "about": c.reference,
                "when": c.created.isoformat(),
            }
            for c in ConsentRecord.objects.filter(user=user).order_by("created", "pk")
        ],
        "emails_to_you": [
            {
                "subject": e.subject,
                "status": e.status,
                "created": e.created.isoformat(),
                "sent": e.sent_at.isoformat() if e.sent_at else None,
            }
            for e in OutgoingEmail.objects.filter(to__iexact=user.email).order_by("created")
        ],
    }


def personal_data_export(*, user: User) -> dict[str, Any]:
    data = {"exported_at": timezone.now().isoformat(), **_own_data(user)}
    for section, provider in sorted(hooks.personal_data.items()):
        data[section] = provider(user)
    return data


# Deleting a person or an organisation removes what public pages count (members, pledges,
# registrations) and may show (a published profile).
@pagecache.changes(*pagecache.AREAS)
def organisation_delete(*, organisation: Organisation) -> None:
    for callback in hooks.organisation_deleting:
        callback(organisation)
    organisation.delete()


@pagecache.changes(*pagecache.AREAS)
def account_delete(*, user: User) -> None:
    """Erase the account and what is personal to it, leaving organisations consistent.

    Where the person was an organisation's only administrator, its longest-standing other
    member becomes administrator; an organisation with no other member is deleted.
    """
    with transaction.atomic():
        memberships = list(
            Membership.objects.select_for_update().filter(user=user).select_related("organisation")
        )
        for membership in memberships:
            organisation = membership.organisation
            others = organisation.memberships.exclude(user=user).order_by("created", "pk")
            if not others.exists():
                organisation_delete(organisation=organisation)
            elif membership.role == Role.ADMIN and not others.filter(role=Role.ADMIN).exists():
                successor = others.first()
                successor.role = Role.ADMIN
                successor.save(update_fields=["role"])
        OutgoingEmail.objects.filter(to__iexact=user.email).delete()
        Invitation.objects.filter(email__iexact=user.email, accepted_at__isnull=True).delete()
        # Memberships, email addresses, authenticators, opt-outs and consent records go with
        # the user (CASCADE); invitations the person sent keep the organisation's record
        # without the inviter.
        user.delete()
