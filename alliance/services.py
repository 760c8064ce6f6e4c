"""Writes for the Alliance. Views, admin and commands call these."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from accounts.services import require_admin
from alliance import statistics
from alliance.data import ACTIVITY_AREAS, COALITION_PURPOSES, TRANSLATIONS
from alliance.models import (
    WHO_DECLARES,
    ActivityArea,
    Coalition,
    CoalitionMember,
    Dimension,
    Profile,
    SupportCounter,
    SupportDeclaration,
    may_declare_support,
)
from pagecache import changed, invalidates
from stats import privacy
from stats.suppression import suppress
from taxonomy.choices import Country, SizeClass
from taxonomy.models import Sector, Theme
from taxonomy.services import localized_values

TREND_MONTHS = 24


@invalidates("alliance")
def activity_areas_load() -> None:
    """Create or refresh the three areas of activity. Idempotent."""
    for position, (slug, title, summary) in enumerate(ACTIVITY_AREAS, start=1):
        ActivityArea.objects.update_or_create(
            slug=slug,
            defaults={
                **localized_values(ActivityArea, "title", title, TRANSLATIONS),
                **localized_values(ActivityArea, "summary", summary, TRANSLATIONS),
                "position": position,
            },
        )


@invalidates("alliance")
def coalitions_load() -> None:
    """One open coalition per priority area, its purpose in the four languages. Idempotent;
    keeps purposes edited in the admin."""
    for theme in Theme.objects.all():
        purpose = COALITION_PURPOSES.get(theme.slug, "")
        defaults = localized_values(Coalition, "purpose", purpose, TRANSLATIONS)
        Coalition.objects.get_or_create(theme=theme, defaults=defaults)


# --- Anonymous counters --------------------------------------------------------------------


def _month(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment, dt.UTC).date().replace(day=1)


def _attributes(organisation: Organisation, themes: Iterable[Theme]) -> list[tuple[str, str]]:
    return [
        (Dimension.TOTAL, ""),
        (Dimension.COUNTRY, organisation.country),
        (Dimension.SIZE_CLASS, organisation.size_class),
        (Dimension.SECTOR, organisation.sector.code if organisation.sector_id else ""),
        *((Dimension.PRIORITY_AREA, theme.slug) for theme in themes),
    ]


def _count(field: str, *, month: dt.date, attributes: list[tuple[str, str]]) -> None:
    """Add one to ``field`` of each counter; rows are created on first use without a race."""
    SupportCounter.objects.bulk_create(
        [SupportCounter(month=month, dimension=d, value=v) for d, v in attributes],
        ignore_conflicts=True,
    )
    for dimension, value in attributes:
        SupportCounter.objects.filter(month=month, dimension=dimension, value=value).update(
            **{field: F(field) + 1}
        )


# --- Declaring, changing, withdrawing --------------------------------------------------------
# Private events: they renew no public page (pagecache/), so no page and no cache
# tells when someone declared. The public figures change with the next release only.


class DeclaringNotOpen(PermissionDenied):
    """The organisation is not of a kind that declares support (``MAY_DECLARE_SUPPORT``)."""

    def __init__(self) -> None:
        super().__init__(str(WHO_DECLARES))


def _require_may_declare(organisation: Organisation) -> None:
    if not may_declare_support(organisation):
        raise DeclaringNotOpen


def support_declare(
    *,
    organisation: Organisation,
    by: User,
    statement: str = "",
    priority_areas: Iterable[Theme] = (),
    at: dt.datetime | None = None,
) -> SupportDeclaration:
    """Declare the organisation's support: one step, no conditions."""
    require_admin(organisation=organisation, user=by)
    return support_record(
        organisation=organisation, statement=statement, priority_areas=priority_areas, at=at
    )


def support_record(
    *,
    organisation: Organisation,
    statement: str = "",
    priority_areas: Iterable[Theme] = (),
    at: dt.datetime | None = None,
) -> SupportDeclaration:
    """Record a declaration without checking who asks: for demo content and imports. Only an
    organisation of a kind that declares support may (``MAY_DECLARE_SUPPORT``)."""
    themes = list(priority_areas)
    at = at or timezone.now()
    with transaction.atomic():
        # The kind as it is now, under the lock: a kind changed in another request counts.
        _require_may_declare(Organisation.objects.select_for_update().get(pk=organisation.pk))
        if SupportDeclaration.objects.filter(organisation=organisation).exists():
            raise ValidationError(_("This organisation already supports the Alliance."))
        declaration = SupportDeclaration.objects.create(
            organisation=organisation, statement=statement.strip(), declared_at=at
        )
        declaration.priority_areas.set(themes)
        _count("declared", month=_month(at), attributes=_attributes(organisation, themes))
    return declaration


def support_change_priority_areas(
    *,
    declaration: SupportDeclaration,
    by: User,
    priority_areas: Iterable[Theme],
    statement: str | None = None,
) -> SupportDeclaration:
    """Change the statement and priority areas. A declaration an organisation made before its
    kind stopped declaring support is kept as it is until withdrawn: it cannot be changed."""
    require_admin(organisation=declaration.organisation, user=by)
    _require_may_declare(declaration.organisation)
    wanted = {theme.pk: theme for theme in priority_areas}
    with transaction.atomic():
        current = {theme.pk: theme for theme in declaration.priority_areas.all()}
        added = [wanted[pk] for pk in wanted.keys() - current.keys()]
        removed = [current[pk] for pk in current.keys() - wanted.keys()]
        declaration.priority_areas.set(wanted.values())
        if statement is not None:
            declaration.statement = statement.strip()
            declaration.save(update_fields=["statement"])
        month = _month(timezone.now())
        if added:
            _count(
                "declared",
                month=month,
                attributes=[(Dimension.PRIORITY_AREA, t.slug) for t in added],
            )
        if removed:
            _count(
                "withdrawn",
                month=month,
                attributes=[(Dimension.PRIORITY_AREA, t.slug) for t in removed],
            )
    return declaration


def support_withdraw(*, declaration: SupportDeclaration, by: User) -> None:
    """Delete the declaration and every link to it; only anonymous counters remain. Any
    declaration can be withdrawn, whatever the organisation's kind now."""
    require_admin(organisation=declaration.organisation, user=by)
    _withdraw(declaration)


def _withdraw(declaration: SupportDeclaration) -> None:
    organisation = declaration.organisation
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=organisation.pk)
        themes = list(declaration.priority_areas.all())
        deleted, _rows = SupportDeclaration.objects.filter(pk=declaration.pk).delete()
        if not deleted:
            return  # withdrawn already, in another tab
        # The profile's statement of support was the organisation's own words about a
        # declaration that no longer exists. Only a published profile that said so changes
        # in public: the organisation's own statement, not a list kept by the portal.
        stated = Profile.objects.filter(
            organisation=organisation, states_support=True, published=True
        ).exists()
        Profile.objects.filter(organisation=organisation).update(states_support=False)
        if stated:
            changed("alliance")
        _count(
            "withdrawn", month=_month(timezone.now()), attributes=_attributes(organisation, themes)
        )


@invalidates("alliance")
def organisation_deleting(organisation: Organisation) -> None:
    """An organisation that is deleted withdraws first, so the counters stay right."""
    declaration = SupportDeclaration.objects.filter(organisation=organisation).first()
    if declaration is not None:
        _withdraw(declaration)


# --- Profiles --------------------------------------------------------------------------------


def profile_save(
    *, organisation: Organisation, by: User, publish: bool = False, **fields: Any
) -> Profile:
    """Save the profile's sections; with ``publish``, make it public in the same step, so a
    first save need not be followed by a second request to publish."""
    require_admin(organisation=organisation, user=by)
    if publish and not Profile(organisation=organisation, **fields).has_content():
        raise ValidationError(_("Write at least one section before you publish the profile."))
    if (
        fields.get("states_support")
        and not SupportDeclaration.objects.filter(organisation=organisation).exists()
    ):
        raise ValidationError(
            _(
                "Your profile can say that you support the Alliance once your organisation has "
                "declared its support."
            )
        )
    if publish:
        fields = {**fields, "published": True}
    profile, _created = Profile.objects.update_or_create(organisation=organisation, defaults=fields)
    if profile.published:
        # A private profile's edits (its statement of support among them) renew nothing public.
        changed("alliance")
    return profile


@invalidates("alliance")
def profile_publish(*, organisation: Organisation, by: User, published: bool) -> Profile:
    require_admin(organisation=organisation, user=by)
    profile, _created = Profile.objects.get_or_create(organisation=organisation)
    if published and not profile.has_content():
        raise ValidationError(_("Write at least one section before you publish the profile."))
    Profile.objects.filter(pk=profile.pk).update(published=published)
    profile.published = published
    return profile


# --- Coalitions ------------------------------------------------------------------------------


def coalition_join(*, coalition: Coalition, organisation: Organisation, by: User) -> None:
    require_admin(organisation=organisation, user=by)
    CoalitionMember.objects.get_or_create(coalition=coalition, organisation=organisation)


def coalition_leave(*, coalition: Coalition, organisation: Organisation, by: User) -> None:
    require_admin(organisation=organisation, user=by)
    CoalitionMember.objects.filter(coalition=coalition, organisation=organisation).delete()


# --- Released figures (releases/ publishes them; docs/alliance.md) ---------------------------


def _months_back(today: dt.date, count: int) -> list[dt.date]:
    months = []
    year, month = today.year, today.month
    for _i in range(count):
        months.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(months))


def statistics_keys(*, now: dt.datetime) -> statistics.Keys:
    return statistics.Keys(
        countries=list(Country.values),
        sizes=list(SizeClass.values),
        # Sections only: an organisation that names its division is counted in its section,
        # so the release keeps 22 readable cells rather than a hundred noisy ones.
        sectors=[*Sector.objects.sections().order_by("code").values_list("code", flat=True), ""],
        priority_areas=list(Theme.objects.values_list("slug", flat=True)),
        months=[m.strftime("%Y-%m") for m in _months_back(_month(now), TREND_MONTHS)],
    )


def _section_code(sector: Sector | None) -> str:
    if sector is None:
        return ""
    return sector.parent.code if sector.parent_id else sector.code


def statistics_supporters() -> list[statistics.Supporter]:
    declarations = SupportDeclaration.objects.select_related(
        "organisation", "organisation__sector__parent"
    ).prefetch_related("priority_areas")
    return [
        statistics.Supporter(
            country=d.organisation.country,
            size_class=d.organisation.size_class,
            sector=_section_code(d.organisation.sector),
            priority_areas=frozenset(t.slug for t in d.priority_areas.all()),
            month=_month(d.declared_at).strftime("%Y-%m"),
        )
        for d in declarations
    ]


def statistics_compute(*, scope: str, epsilon: float, now: dt.datetime) -> dict[str, Any]:
    """The Alliance's figures for a release: counts by one attribute at a time, with noise."""
    return statistics.statistics_release(
        statistics_supporters(), keys=statistics_keys(now=now), epsilon=epsilon
    )


def coalitions_compute(*, scope: str, epsilon: float, now: dt.datetime) -> dict[str, Any]:
    """Member counts of every coalition, with noise. One organisation may join every
    coalition, so the sensitivity is their number."""
    counts = dict(
        Coalition.objects.annotate(n=Count("members"))
        .order_by("theme__position")
        .values_list("theme__slug", "n")
    )
    sensitivity = max(1, len(counts))
    scale = privacy.scale_for(epsilon=epsilon, sensitivity=sensitivity)
    released = privacy.non_negative(privacy.noisy(counts, scale=scale))
    return {
        "members": suppress(released, additive=False).as_dict(),
        "sensitivity": sensitivity,
        "noise_scale": scale,
    }
