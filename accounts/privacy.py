"""The GDPR rights the portal serves itself: a download of one's data, and erasure.

What each app holds is declared in the registry of ``accounts.hooks``; this module runs it and
declares what accounts itself (with allauth, the admin's log, sessions and the outbox) holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.cached_db import SessionStore
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.html import escape

import pagecache
from accounts import hooks
from accounts.models import Invitation, Membership, Organisation, Role, User
from notifications.models import ConsentRecord, EmailOptOut, OutgoingEmail

# What stands in the place of an erased person's name or address in text kept for others.
ERASED = "[erased]"


def identifiers_of(user: User) -> list[str]:
    """The strings that name a person in text: their addresses and their name."""
    emails = {user.email, *EmailAddress.objects.filter(user=user).values_list("email", flat=True)}
    return sorted({s for s in [*emails, user.name.strip()] if s}, key=len, reverse=True)


def mentions_scrub(
    queryset: models.QuerySet[Any], *, needles: Iterable[str], fields: Iterable[str] | None = None
) -> int:
    """Replace every mention of ``needles`` in the text and JSON columns of ``queryset``'s rows
    (all of them unless ``fields`` are named) with ``ERASED``; returns the rows changed.

    Names match as whole words and case-insensitively, also in their HTML-escaped form.
    """
    model = queryset.model
    wanted = list(fields) if fields is not None else None
    columns = [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField | models.JSONField)
        and not f.primary_key
        and (wanted is None or f.name in wanted)
    ]
    variants = sorted({v for n in needles if n for v in (n, escape(n))}, key=len, reverse=True)
    if not columns or not variants:
        return 0
    pattern = re.compile(
        "|".join(rf"(?<!\w){re.escape(v)}(?!\w)" for v in variants), flags=re.IGNORECASE
    )
    found = Q()
    annotations = {}
    for f in columns:
        lookup = f.name
        if isinstance(f, models.JSONField):
            lookup = f"_privacy_{f.name}"
            annotations[lookup] = Cast(f.name, models.TextField())
        for v in variants:
            found |= Q(**{f"{lookup}__icontains": v})
    changed = 0
    for row in queryset.annotate(**annotations).filter(found):
        touched = []
        for f in columns:
            old = getattr(row, f.attname)
            new = _scrub_value(old, pattern)
            if new != old:
                setattr(row, f.attname, new)
                touched.append(f.name)
        if touched:
            model._default_manager.filter(pk=row.pk).update(
                **{name: getattr(row, name) for name in touched}
            )
            changed += 1
    return changed


def _scrub_value(value: Any, pattern: re.Pattern[str]) -> Any:
    if isinstance(value, str):
        return pattern.sub(ERASED, value)
    if isinstance(value, list):
        return [_scrub_value(v, pattern) for v in value]
    if isinstance(value, dict):
        return {_scrub_value(k, pattern): _scrub_value(v, pattern) for k, v in value.items()}
    return value


def personal_data_export(*, user: User) -> dict[str, Any]:
    data: dict[str, Any] = {"exported_at": timezone.now().isoformat()}
    for section, entry in sorted(hooks.personal_data.items()):
        if entry.export is not None:
            data[section] = entry.export(user)
    return data


# Deleting a person or an organisation removes what public pages count (members, pledges,
# registrations) and may show (a published profile).
def organisation_delete(*, organisation: Organisation) -> None:
    with transaction.atomic():
        for callback in hooks.organisation_deleting:
            callback(organisation)
        for entry in hooks.personal_data.values():
            if entry.organisation_erasing is not None:
                entry.organisation_erasing(organisation)
        _mentions_scrub(needles=[organisation.name, organisation.slug])
        organisation.delete()
        pagecache.changed(*pagecache.areas())


def account_delete(*, user: User) -> None:
    """Erase the account and what is personal to it, leaving organisations consistent.

    Where the person was an organisation's only administrator, its longest-standing other
    member becomes administrator; an organisation with no other member is deleted. Then every
    app's entry of the registry erases or anonymises what it holds, and the account goes.
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
        needles = identifiers_of(user)
        for entry in hooks.personal_data.values():
            if entry.person_erasing is not None:
                entry.person_erasing(user)
        _mentions_scrub(needles=needles)
        user.delete()
        pagecache.changed(*pagecache.areas())


def _mentions_scrub(*, needles: list[str]) -> None:
    for entry in hooks.personal_data.values():
        for label in entry.mentions:
            mentions_scrub(apps.get_model(label)._default_manager.all(), needles=needles)


# --- What accounts holds ---------------------------------------------------------------------


def _account(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "name": user.name,
        "language": user.language,
        "next_steps_hidden": user.next_steps_hidden,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "staff": user.is_staff_account,
        "second_factor": [a.type for a in user.authenticator_set.all()],
    }


def _account_erasing(user: User) -> None:
    user_type = ContentType.objects.get_for_model(User)
    LogEntry.objects.filter(content_type=user_type, object_id=str(user.pk)).delete()
    # Signed-in sessions would outlive the account in the database and the cache, each
    # holding the person's id; the store's delete clears both.
    for session in Session.objects.filter(expire_date__gte=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            SessionStore(session_key=session.session_key).delete()


def _organisation_log_erasing(organisation: Organisation) -> None:
    kind = ContentType.objects.get_for_model(Organisation)
    LogEntry.objects.filter(content_type=kind, object_id=str(organisation.pk)).delete()


def _email_addresses(user: User) -> list[dict[str, Any]]:
    return [
        {"email": a.email, "verified": a.verified, "primary": a.primary}
        for a in EmailAddress.objects.filter(user=user)
    ]


def _organisations(user: User) -> list[dict[str, Any]]:
    return [
        {"organisation": m.organisation.name, "role": m.role, "joined": m.created.isoformat()}
        for m in Membership.objects.filter(user=user).select_related("organisation")
    ]


def _invitations_sent(user: User) -> list[dict[str, Any]]:
    return [
        {"to": i.email, "organisation": i.organisation.name, "created": i.created.isoformat()}
        for i in Invitation.objects.filter(invited_by=user).select_related("organisation")
    ]


def _invitations_received(user: User) -> list[dict[str, Any]]:
    return [
        {
            "organisation": i.organisation.name,
            "created": i.created.isoformat(),
            "accepted": i.accepted_at.isoformat() if i.accepted_at else None,
        }
        for i in _invitations_to(user).select_related("organisation")
    ]


def _invitations_erasing(user: User) -> None:
    # Accepted ones too: the membership they led to is the record, and it goes with the person.
    _invitations_to(user).delete()


def _unsubscribed(user: User) -> list[str]:
    return list(EmailOptOut.objects.filter(user=user).values_list("topic", flat=True))


def _consents(user: User) -> list[dict[str, Any]]:
    return [
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
    ]


def _addressed_to(user: User, field: str) -> Q:
    query = Q(pk__in=[])
    for address in identifiers_of(user):
        if "@" in address:
            query |= Q(**{f"{field}__iexact": address})
    return query


def _invitations_to(user: User) -> models.QuerySet[Invitation]:
    return Invitation.objects.filter(_addressed_to(user, "email"))


def _mail_of(user: User) -> models.QuerySet[OutgoingEmail]:
    return OutgoingEmail.objects.filter(_addressed_to(user, "to"))


def _emails_to_you(user: User) -> list[dict[str, Any]]:
    return [
        {
            "subject": e.subject,
            "status": e.status,
            "created": e.created.isoformat(),
            "sent": e.sent_at.isoformat() if e.sent_at else None,
        }
        for e in _mail_of(user).order_by("created")
    ]


def _outbox_erasing(user: User) -> None:
    # Mail to others that names the person (an invitation from them, a digest listing their
    # action) is kept for its recipient: ``mentions`` takes the name and address out.
    _mail_of(user).delete()


def _deleted_with_account(
    section: str, model: str, export: Callable[[User], Any]
) -> hooks.PersonalData:
    """A section whose rows go when the account is deleted: nothing to erase by hand."""
    return hooks.PersonalData(
        section=section, covers={model: "deleted with the account"}, export=export
    )


def register() -> None:
    """Called from ``AccountsConfig.ready``."""
    entries = [
        hooks.PersonalData(
            section="account",
            covers={
                "accounts.User": "deleted",
                "accounts.User_groups": "deleted with the account",
                "accounts.User_user_permissions": "deleted with the account",
                "mfa.Authenticator": "deleted with the account",
                "admin.LogEntry": "the person's own entries go with the account; entries about"
                " their account or organisation are deleted, others have their name and"
                " address erased",
                "sessions.Session": "their signed-in sessions are deleted",
                "accounts.StaffEnrolment": "a staff account's one-time enrolment links (a hash"
                " and dates) are deleted with it; links the person issued keep no issuer",
            },
            mentions=["admin.LogEntry"],
            export=_account,
            person_erasing=_account_erasing,
            organisation_erasing=_organisation_log_erasing,
        ),
        _deleted_with_account("email_addresses", "account.EmailAddress", _email_addresses),
        hooks.PersonalData(
            section="organisations",
            covers={
                "accounts.Membership": "deleted with the account or the organisation (a"
                " successor administrator first)",
            },
            export=_organisations,
        ),
        hooks.PersonalData(
            section="invitations_sent",
            covers={"accounts.Invitation": "the sender set to null; deleted with the organisation"},
            export=_invitations_sent,
        ),
        hooks.PersonalData(
            section="invitations_received",
            covers={"accounts.Invitation": "invitations to the person's addresses are deleted"},
            export=_invitations_received,
            person_erasing=_invitations_erasing,
        ),
        _deleted_with_account(
            "email_unsubscribed_topics", "notifications.EmailOptOut", _unsubscribed
        ),
        _deleted_with_account("email_consents", "notifications.ConsentRecord", _consents),
        hooks.PersonalData(
            section="emails_to_you",
            covers={
                "notifications.OutgoingEmail": "mail to the person deleted; their name and"
                " address erased from mail to others",
            },
            export=_emails_to_you,
            person_erasing=_outbox_erasing,
            mentions=["notifications.OutgoingEmail"],
        ),
    ]
    for entry in entries:
        hooks.register_personal_data(entry)
