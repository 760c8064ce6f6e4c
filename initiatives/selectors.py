"""Reads on initiatives, with their access rules.

An initiative is private to its organisation until it publishes it: its members see it, its
administrators change it. A private initiative and a missing one answer the same 404; a person
who sees an initiative but may not change it gets 403. Partners are named only once confirmed.
Nothing here reads the organisation's support for the Alliance.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import Membership, Organisation, Role
from initiatives.models import Initiative, InitiativePartner, PartnerState, Resource, Status
from taxonomy.choices import Country
from taxonomy.models import Iso26000Subject, Theme


@dataclass(frozen=True)
class Access:
    """An initiative with what its viewer may do with it, read once per request."""

    initiative: Initiative
    is_member: bool
    is_admin: bool


def _role(user: Any, organisation_id: int) -> str | None:
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.filter(organisation_id=organisation_id, user=user)
        .values_list("role", flat=True)
        .first()
    )


def confirmed_partners() -> Prefetch:
    return Prefetch(
        "partners",
        queryset=InitiativePartner.objects.confirmed().select_related("organisation"),
        to_attr="confirmed_partners",
    )


def get_initiative(user: Any, uid: str, *, admin: bool = False) -> Access:
    initiative = (
        Initiative.objects.select_related("organisation")
        .prefetch_related("themes", "iso26000", confirmed_partners())
        .filter(uid=uid)
        .first()
    )
    if initiative is None:
        raise Http404
    role = _role(user, initiative.organisation_id)
    if role is None and not initiative.is_published:
        raise Http404
    access = Access(initiative, is_member=role is not None, is_admin=role == Role.ADMIN)
    if admin and not access.is_admin:
        raise PermissionDenied(_("Only an administrator of this organisation can do that."))
    return access


def get_resource(user: Any, uid: str, *, admin: bool = False) -> tuple[Resource, Access]:
    resource = Resource.objects.filter(uid=uid).values_list("initiative__uid", flat=True).first()
    if resource is None:
        raise Http404
    access = get_initiative(user, resource, admin=admin)
    return access.initiative.resources.get(uid=uid), access


def get_partnership_as_partner(user: Any, uid: str) -> InitiativePartner:
    """A partnership request seen by the partner organisation: its administrators answer it;
    its other members get 403; everyone else 404."""
    partnership = (
        InitiativePartner.objects.select_related("initiative__organisation", "organisation")
        .filter(uid=uid)
        .first()
    )
    if partnership is None:
        raise Http404
    role = _role(user, partnership.organisation_id)
    if role is None:
        raise Http404
    if role != Role.ADMIN:
        raise PermissionDenied(_("Only an administrator of this organisation can do that."))
    return partnership


def get_partnership_as_owner(user: Any, uid: str) -> InitiativePartner:
    """A partnership seen by the initiative's organisation, whose administrators may remove
    it."""
    partnership = (
        InitiativePartner.objects.select_related("initiative__organisation", "organisation")
        .filter(uid=uid)
        .first()
    )
    if partnership is None:
        raise Http404
    role = _role(user, partnership.initiative.organisation_id)
    if role is None:
        raise Http404
    if role != Role.ADMIN:
        raise PermissionDenied(_("Only an administrator of this organisation can do that."))
    return partnership


def initiative_partners(initiative: Initiative) -> QuerySet[InitiativePartner]:
    """Every partner, asked, confirmed or declined: for the organisation's own members."""
    return initiative.partners.select_related("organisation").order_by("organisation__name")


def organisation_initiatives(organisation: Organisation) -> QuerySet[Initiative]:
    return (
        organisation.initiatives.prefetch_related("themes")
        .annotate(
            asked=Count("partners", filter=Q(partners__state=PartnerState.INVITED), distinct=True)
        )
        .order_by("-created_at", "pk")
    )


def partnership_requests(organisation: Organisation) -> QuerySet[InitiativePartner]:
    """What other organisations asked ``organisation`` to confirm, and what it confirmed."""
    return (
        organisation.initiative_partnerships.exclude(state=PartnerState.DECLINED)
        .select_related("initiative__organisation")
        .order_by("-state", "-invited_at")  # asked ("invited") before confirmed
    )


# --- The public register ----------------------------------------------------------------------


def published_initiatives() -> QuerySet[Initiative]:
    return (
        Initiative.objects.published()
        .select_related("organisation")
        .prefetch_related("themes", confirmed_partners())
        .order_by("-published_at", "pk")
    )


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    options: list[tuple[str, str, int]]  # value, label, count
    chosen: str


@dataclass
class Search:
    query: str = ""
    theme: str = ""
    iso26000: str = ""
    country: str = ""
    status: str = ""
    results: QuerySet[Initiative] | None = None
    facets: list[Facet] = field(default_factory=list)

    @property
    def filtered(self) -> bool:
        return any((self.query, self.theme, self.iso26000, self.country, self.status))


def search(params: Any) -> Search:
    """Published initiatives matching ``params`` (a QueryDict: q, theme, iso26000, country,
    status), with the facets' counts among them. A fixed number of queries whatever the rows:
    one per facet, and the page of results with its prefetches."""

    def param(key: str) -> str:
        # PostgreSQL's text cannot hold NUL: a value with one matches nothing it could hold.
        return (params.get(key) or "").replace("\x00", "")

    found = Search(
        query=param("q").strip()[:200],
        theme=param("theme"),
        iso26000=param("iso26000"),
        country=param("country"),
        status=param("status"),
    )
    base = Initiative.objects.published()
    if found.query:
        for word in found.query.split()[:8]:
            base = base.filter(
                Q(title__icontains=word)
                | Q(description__icontains=word)
                | Q(results__icontains=word)
                | Q(organisation__name__icontains=word)
            )
    if found.theme:
        base = base.filter(themes__slug=found.theme)
    if found.iso26000:
        base = base.filter(iso26000__slug=found.iso26000)
    if found.country in Country.values:
        # Country codes are stored as a JSON list; its text holds "BE" with the quotes, on
        # PostgreSQL and SQLite alike.
        base = base.filter(countries__icontains=f'"{found.country}"')
    elif found.country:
        base = base.none()
    if found.status in Status.values:
        base = base.filter(status=found.status)
    elif found.status:
        base = base.none()
    ids = base.values("pk")
    found.results = published_initiatives().filter(pk__in=ids).order_by("-published_at", "pk")
    themes = Theme.objects.annotate(n=Count("initiatives", filter=Q(initiatives__in=ids)))
    subjects = Iso26000Subject.objects.annotate(
        n=Count("initiatives", filter=Q(initiatives__in=ids))
    )
    statuses = dict(
        Initiative.objects.filter(pk__in=ids).values_list("status").annotate(n=Count("pk"))
    )
    countries: Counter[str] = Counter()
    for codes in Initiative.objects.filter(pk__in=ids).values_list("countries", flat=True):
        countries.update(set(codes or ()))
    country_labels = dict(Country.choices)
    found.facets = [
        Facet("theme", _("Priority area"), [(t.slug, t.name, t.n) for t in themes], found.theme),
        Facet(
            "iso26000",
            _("ISO 26000 core subject"),
            [(s.slug, s.name, s.n) for s in subjects],
            found.iso26000,
        ),
        Facet(
            "country",
            _("Country"),
            sorted(
                (
                    (code, str(country_labels[code]), n)
                    for code, n in countries.items()
                    if code in country_labels
                ),
                key=lambda option: option[1],
            ),
            found.country,
        ),
        Facet(
            "status",
            _("Status"),
            [(value, str(label), statuses.get(value, 0)) for value, label in Status.choices],
            found.status,
        ),
    ]
    return found


# --- What other apps show ---------------------------------------------------------------------


def published_for_practice(practice: Any) -> list[Initiative]:
    """Published initiatives that produced ``practice``, for the knowledge centre's page."""
    return list(
        Initiative.objects.published()
        .filter(practices=practice)
        .select_related("organisation")
        .order_by("-published_at", "pk")[:10]
    )


def published_on_themes(practice: Any, *, exclude: list[Initiative]) -> list[Initiative]:
    """Published initiatives on the practice's priority areas, newest first."""
    return list(
        Initiative.objects.published()
        .filter(themes__in=practice.themes.all())
        .exclude(pk__in=[i.pk for i in exclude])
        .select_related("organisation")
        .distinct()
        .order_by("-published_at", "pk")[:5]
    )


def published_linked(queryset: QuerySet[Initiative]) -> list[Initiative]:
    """The published ones among initiatives linked to a coalition or an action."""
    return list(queryset.published().select_related("organisation").order_by("-published_at", "pk"))
