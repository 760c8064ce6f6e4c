"""Writes on initiatives: registering, editing, publishing, partners, links and files.

Views, the admin, the demo and the calls for projects call these. None of them reads or writes
anything about the organisation's support for the Alliance: an initiative stands on its own.
Every write to what a public page may show renews the page cache area ``initiatives`` (and the
areas of the pages that list linked initiatives), after commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

import pagecache
import uploads
from accounts.models import Membership, Organisation, Role
from accounts.services import require_admin
from initiatives import links
from initiatives.models import Initiative, InitiativePartner, PartnerState, Resource, Status
from notifications.services import email_to_member
from taxonomy.choices import Country

AREA = "initiatives"
# The emails of the register: another organisation asks yours to confirm a partnership.
TOPIC_PARTNERS = "initiatives.partners"

# What a file with an initiative may be: judged by its content (uploads.validate).
RESOURCE_KINDS = ("pdf", "png", "jpg", "docx", "odt", "xlsx", "pptx")
MAX_RESOURCE_BYTES = 10 * 1024 * 1024


def _changed() -> None:
    pagecache.changed(AREA, *links.areas())


def _require_admin(organisation: Organisation, by: Any) -> None:
    # ``by=None`` is the portal acting on the organisation's behalf (an accepted proposal of a
    # call for projects, the demo); a person must administer the organisation.
    if by is not None:
        require_admin(organisation=organisation, user=by)


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    if "title" in values:
        values["title"] = (values["title"] or "").strip()
        if not values["title"]:
            errors["title"] = [_("Give the initiative a title.")]
    if "description" in values:
        values["description"] = (values["description"] or "").strip()
        if not values["description"]:
            errors["description"] = [_("Describe the initiative.")]
    if "results" in values:
        values["results"] = (values["results"] or "").strip()
    if "status" in values and values["status"] not in Status.values:
        errors["status"] = [_("Choose planned, ongoing or completed.")]
    if "countries" in values:
        countries = list(dict.fromkeys(values["countries"] or ()))
        if any(code not in Country.values for code in countries):
            errors["countries"] = [_("Choose countries from the list.")]
        values["countries"] = countries
    starts, ends = values.get("starts_on"), values.get("ends_on")
    if starts and ends and ends < starts:
        errors["ends_on"] = [_("The end cannot come before the start.")]
    if errors:
        raise ValidationError(errors)
    return values


def register_initiative(
    organisation: Organisation,
    *,
    by: Any,
    title: str,
    description: str,
    themes: Iterable[Any] = (),
    status: str = Status.PLANNED,
    iso26000: Iterable[Any] = (),
    countries: Iterable[str] = (),
    starts_on: Any = None,
    ends_on: Any = None,
    results: str = "",
    practices: Iterable[Any] = (),
    publish: bool = False,
) -> Initiative:
    """Register an initiative of ``organisation``, private to it unless ``publish``.

    ``by`` administers the organisation, or is None when the portal registers it on the
    organisation's behalf (an accepted proposal). Raises ValidationError on bad values and
    PermissionDenied for anyone else.
    """
    _require_admin(organisation, by)
    values = _clean(
        {
            "title": title,
            "description": description,
            "status": status,
            "countries": countries,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "results": results,
        }
    )
    with transaction.atomic():
        initiative = Initiative.objects.create(organisation=organisation, created_by=by, **values)
        initiative.themes.set(themes)
        initiative.iso26000.set(iso26000)
        initiative.practices.set(practices)
        if publish:
            initiative_publish(initiative=initiative, by=by)
    return initiative


EDITABLE = ("title", "description", "status", "countries", "starts_on", "ends_on", "results")
RELATED = ("themes", "iso26000", "practices")


def initiative_update(
    *, initiative: Initiative, by: Any, links_to: dict[str, Iterable[str]] | None = None, **fields
) -> Initiative:
    """Change the given fields (of ``EDITABLE`` and ``RELATED``) and, in ``links_to``, the keys
    of each registered link kind ("coalitions": ["eco-efficiency"])."""
    _require_admin(initiative.organisation, by)
    unknown = set(fields) - set(EDITABLE) - set(RELATED)
    if unknown:
        raise TypeError(f"initiative_update() got unknown fields {sorted(unknown)}")
    plain = _clean({name: value for name, value in fields.items() if name in EDITABLE})
    starts = plain.get("starts_on", initiative.starts_on)
    ends = plain.get("ends_on", initiative.ends_on)
    if starts and ends and ends < starts:
        raise ValidationError({"ends_on": [_("The end cannot come before the start.")]})
    with transaction.atomic():
        for name, value in plain.items():
            setattr(initiative, name, value)
        if plain:
            initiative.save(update_fields=[*plain, "updated_at"])
        for name in RELATED:
            if name in fields:
                getattr(initiative, name).set(fields[name])
        for kind in links.kinds():
            if links_to is not None and kind.name in links_to:
                kind.set(initiative, links_to[kind.name])
        _changed()
    return initiative


def initiative_publish(*, initiative: Initiative, by: Any) -> Initiative:
    _require_admin(initiative.organisation, by)
    if initiative.published_at is None:
        initiative.published_at = timezone.now()
        initiative.save(update_fields=["published_at", "updated_at"])
        _changed()
    return initiative


def initiative_unpublish(*, initiative: Initiative, by: Any) -> Initiative:
    _require_admin(initiative.organisation, by)
    if initiative.published_at is not None:
        initiative.published_at = None
        initiative.save(update_fields=["published_at", "updated_at"])
        _changed()
    return initiative


def initiative_delete(*, initiative: Initiative, by: Any) -> None:
    _require_admin(initiative.organisation, by)
    with transaction.atomic():
        uploads.delete_after_commit(r.file for r in initiative.resources.exclude(file=""))
        initiative.delete()
        _changed()


# --- Partners ---------------------------------------------------------------------------------


def find_partner(text: str) -> Organisation:
    """The organisation a person means by ``text``: its name as registered on the portal, or
    the address of its page (its slug). The portal lists no organisations to choose from."""
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Give the partner organisation's name."))
    slug = text.rstrip("/").rsplit("/", 1)[-1]
    found = Organisation.objects.filter(slug=slug).first()
    if found is not None:
        return found
    named = list(Organisation.objects.filter(name__iexact=text)[:2])
    if len(named) == 1:
        return named[0]
    if named:
        raise ValidationError(
            _(
                "Several organisations have this name. Ask your partner for the address of its "
                "organisation page and give that instead."
            )
        )
    raise ValidationError(
        _(
            "No organisation of that name is registered on the portal. Check the spelling, or "
            "ask your partner to register its organisation first."
        )
    )


def partner_invite(*, initiative: Initiative, by: Any, partner: Organisation) -> InitiativePartner:
    """Ask ``partner`` to confirm that it takes part. It is named nowhere until it confirms."""
    _require_admin(initiative.organisation, by)
    if partner.pk == initiative.organisation_id:
        raise ValidationError(_("An organisation cannot be its own partner."))
    with transaction.atomic():
        existing = (
            InitiativePartner.objects.select_for_update()
            .filter(initiative=initiative, organisation=partner)
            .first()
        )
        if existing is not None:
            if existing.state == PartnerState.CONFIRMED:
                raise ValidationError(_("This organisation is already a partner."))
            if existing.state == PartnerState.INVITED:
                raise ValidationError(_("This organisation has already been asked."))
            # Declined before: ask again.
            existing.state = PartnerState.INVITED
            existing.invited_by = by
            existing.invited_at = timezone.now()
            existing.answered_by = None
            existing.answered_at = None
            existing.save()
            partnership = existing
        else:
            partnership = InitiativePartner.objects.create(
                initiative=initiative, organisation=partner, invited_by=by
            )
        _mail_partner_admins(partnership)
        return partnership


def _mail_partner_admins(partnership: InitiativePartner) -> None:
    """Tell the partner's administrators, who answer, through the outbox (one row each, in the
    transaction that asks). The message names the initiative and the asking organisation
    only."""
    initiative = partnership.initiative
    admins = Membership.objects.filter(
        organisation=partnership.organisation, role=Role.ADMIN
    ).select_related("user")
    answer_path = reverse("initiatives:organisation", args=[partnership.organisation.slug])
    asked = int(partnership.invited_at.timestamp())
    for membership in admins:
        email_to_member(
            user=membership.user,
            topic=TOPIC_PARTNERS,
            kind="initiatives_partner_request",
            key=f"initiatives_partner_request:{partnership.pk}:{membership.user_id}:{asked}",
            context={
                "initiative": initiative,
                "owner": initiative.organisation,
                "partner": partnership.organisation,
                "answer_path": answer_path,
            },
        )


def partner_answer(*, partnership: InitiativePartner, by: Any, confirm: bool) -> InitiativePartner:
    """The partner organisation's administrator confirms or declines (a confirmed partner may
    decline later, which takes its name off the initiative)."""
    require_admin(organisation=partnership.organisation, user=by)
    state = PartnerState.CONFIRMED if confirm else PartnerState.DECLINED
    with transaction.atomic():
        updated = InitiativePartner.objects.filter(pk=partnership.pk).update(
            state=state, answered_by=by, answered_at=timezone.now()
        )
        if not updated:
            raise ValidationError(_("This request is no longer open."))
        partnership.refresh_from_db()
        _changed()
    return partnership


def partner_remove(*, partnership: InitiativePartner, by: Any) -> None:
    _require_admin(partnership.initiative.organisation, by)
    with transaction.atomic():
        InitiativePartner.objects.filter(pk=partnership.pk).delete()
        _changed()


# --- Links and files --------------------------------------------------------------------------


def resource_add_link(*, initiative: Initiative, by: Any, title: str, url: str) -> Resource:
    _require_admin(initiative.organisation, by)
    resource = Resource(initiative=initiative, title=(title or "").strip(), url=(url or "").strip())
    if not resource.title:
        raise ValidationError({"title": [_("Give the link a title.")]})
    resource.full_clean(exclude=["initiative", "file"])
    with transaction.atomic():
        resource.save()
        _changed()
    return resource


def resource_add_file(
    *, initiative: Initiative, by: Any, title: str, upload: UploadedFile
) -> Resource:
    """Store a file under a generated name, if its content is an accepted kind."""
    _require_admin(initiative.organisation, by)
    kind = uploads.validate(
        upload,
        accepted=RESOURCE_KINDS,
        max_bytes=MAX_RESOURCE_BYTES,
        not_accepted=_("This file is not one of the accepted kinds: %(kinds)s."),
    )
    resource = Resource(
        initiative=initiative,
        title=(title or "").strip()[:200] or uploads.safe_name(upload.name, extension=kind.key),
        **uploads.details(upload, kind),
    )
    resource.file.save("upload", upload, save=False)
    try:
        with transaction.atomic():
            resource.save()
            _changed()
    except Exception:
        # No row, no file: a failed write must not leave an orphan upload behind.
        resource.file.storage.delete(resource.file.name)
        raise
    return resource


def resource_remove(*, resource: Resource, by: Any) -> None:
    _require_admin(resource.initiative.organisation, by)
    with transaction.atomic():
        uploads.delete_after_commit([resource.file])
        Resource.objects.filter(pk=resource.pk).delete()
        _changed()


# --- Clean-up and erasure ---------------------------------------------------------------------


def organisation_deleting(organisation: Organisation) -> None:
    """Before an organisation is deleted: its initiatives' files go once the deletion commits
    (the rows go by cascade, its partnerships in other initiatives too)."""
    files = Resource.objects.filter(initiative__organisation=organisation).exclude(file="")
    uploads.delete_after_commit(r.file for r in files)
