"""Writes on initiatives: registering, editing, publishing, partners, links and files.

Views, the admin, the demo and the calls for projects call these. None of them reads or writes
anything about the organisation's support for the Alliance.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

import pagecache
from accounts.models import Organisation
from accounts.services import require_admin
from initiatives.models import Initiative, Status
from taxonomy.choices import Country

AREA = "initiatives"

# The fields ``register_initiative`` and ``initiative_update`` take besides the title and text.
_PLAIN_FIELDS = ("status", "starts_on", "ends_on", "results")
_M2M_FIELDS = ("themes", "iso26000", "practices")


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
        }
    )
    with transaction.atomic():
        initiative = Initiative.objects.create(
            organisation=organisation,
            created_by=by,
            results=(results or "").strip(),
            **values,
        )
        initiative.themes.set(themes)
        initiative.iso26000.set(iso26000)
        initiative.practices.set(practices)
        if publish:
            initiative_publish(initiative=initiative, by=by)
    return initiative


def initiative_publish(*, initiative: Initiative, by: Any) -> Initiative:
    from django.utils import timezone

    _require_admin(initiative.organisation, by)
    if initiative.published_at is None:
        initiative.published_at = timezone.now()
        initiative.save(update_fields=["published_at", "updated_at"])
        pagecache.changed(AREA)
    return initiative
